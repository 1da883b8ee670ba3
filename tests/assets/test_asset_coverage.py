"""The posting counts the compliance rules read: per month, per asset, no asset loaded."""

from __future__ import annotations

from datetime import date

import pytest
from asset_fixtures import laptop, prepare

from backoffice_core import BackOffice
from backoffice_core.errors import InvalidInputError


class TestDepreciatingCount:
    def test_counts_assets_the_run_depreciates(self, office: BackOffice) -> None:
        """Assets in service and idle count; planned ones do not."""
        prepare(office).assets.register_many(
            [laptop("lt-1"), laptop("lt-2", status="idle"),
             laptop("lt-3", status="planned", in_service=None)]
        )  # fmt: skip
        assert office.assets.books.depreciating_count() == 2


class TestPostedCounts:
    def test_counts_posted_assets_per_month(self, office: BackOffice) -> None:
        """Each month given gets the number of assets posted for it, 0 when none."""
        prepare(office).assets.register_many([laptop("lt-1"), laptop("lt-2")])
        office.assets.books.depreciate("2026-01")
        office.assets.books.depreciate("2026-02", assets=["lt-1"])
        counts = office.assets.books.posted_counts(["2026-02", "2026-01", "2026-03"])
        assert counts == {"2026-01": 2, "2026-02": 1, "2026-03": 0}

    def test_disposed_assets_do_not_count(self, office: BackOffice) -> None:
        """A disposed asset's postings are left out, as it no longer depreciates."""
        prepare(office).assets.register_many([laptop("lt-1"), laptop("lt-2")])
        office.assets.books.depreciate("2026-01")
        disposal = office.assets.disposals.propose("lt-2", date(2026, 2, 3), "scrap")
        office.as_actor("budi").assets.disposals.approve(disposal.id)
        assert office.assets.books.posted_counts(["2026-01"]) == {"2026-01": 1}
        assert office.assets.books.depreciating_count() == 1

    def test_malformed_month_is_refused(self, office: BackOffice) -> None:
        """A month that is not YYYY-MM raises InvalidInputError naming it."""
        with pytest.raises(InvalidInputError, match="month 13"):
            prepare(office).assets.books.posted_counts(["2026-13"])


class TestPostedAssets:
    def test_names_the_assets_posted_for_a_month(self, office: BackOffice) -> None:
        """Only the assets with a posting for the month are named."""
        prepare(office).assets.register_many([laptop("lt-1"), laptop("lt-2")])
        office.assets.books.depreciate("2026-01", assets=["lt-2"])
        assert office.assets.books.posted_assets("2026-01") == {"lt-2"}
        assert office.assets.books.posted_assets("2026-02") == set()
