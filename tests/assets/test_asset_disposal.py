"""Disposal by sale or scrap: maker-checker, gain or loss posted, no depreciation after."""

from __future__ import annotations

from datetime import date

import pytest
from asset_fixtures import idr, laptop, prepare

from backoffice_core import BackOffice
from backoffice_core.assets import AssetStateError, AssetStatus, DisposalStatus
from backoffice_core.errors import InvalidInputError, PermissionDeniedError
from backoffice_core.ledger import Line


def balance(office: BackOffice, account: str) -> int:
    """The balance of ``account`` at the end of 2030 in rupiah, signed by its normal side."""
    return int(office.ledger.balance(account, date(2030, 12, 31)).amount)


class TestDisposal:
    def test_the_preparer_cannot_approve(self, office: BackOffice) -> None:
        """Whoever proposed a disposal cannot approve it, and nothing is posted."""
        prepare(office).assets.register(laptop())
        disposal = office.assets.disposals.propose("lt-1", date(2026, 1, 20), "scrap")
        with pytest.raises(PermissionDeniedError, match="rina"):
            office.assets.disposals.approve(disposal.id)
        assert office.assets.get("lt-1").status is AssetStatus.IN_SERVICE
        assert office.ledger.entries() == []

    def test_a_sale_posts_the_gain(self, office: BackOffice) -> None:
        """Selling above the carrying amount removes cost and depreciation, posts a gain."""
        prepare(office).assets.register(laptop())
        purchase = [Line.debit("1240", idr(24_000_000)), Line.credit("2110", idr(24_000_000))]
        office.ledger.post(date(2026, 1, 10), "Laptop (INV-001)", purchase)
        office.assets.books.depreciate("2026-03")
        disposal = office.assets.disposals.propose(
            "lt-1", date(2026, 4, 10), "sale", proceeds=idr(23_000_000), proceeds_account="1121"
        )
        approved = office.as_actor("budi").assets.disposals.approve(disposal.id)
        assert approved.status is DisposalStatus.APPROVED
        assert approved.approved_by == "budi"
        assert approved.gain == idr(500_000)
        assert balance(office, "7900") == 500_000
        assert balance(office, "1240") == 0
        assert balance(office, "1294") == 0
        assert office.assets.get("lt-1").status is AssetStatus.DISPOSED

    def test_a_scrap_posts_the_loss(self, office: BackOffice) -> None:
        """Scrapping posts the carrying amount as a loss."""
        prepare(office).assets.register(laptop())
        office.assets.books.depreciate("2026-01")
        disposal = office.assets.disposals.propose("lt-1", date(2026, 2, 3), "scrap")
        office.as_actor("budi").assets.disposals.approve(disposal.id)
        assert balance(office, "8900") == 23_500_000

    def test_a_disposed_asset_is_not_depreciated(self, office: BackOffice) -> None:
        """After disposal the run skips the asset, and naming it raises AssetStateError."""
        prepare(office).assets.register(laptop())
        disposal = office.assets.disposals.propose("lt-1", date(2026, 1, 3), "scrap")
        office.as_actor("budi").assets.disposals.approve(disposal.id)
        assert office.assets.books.depreciate("2026-02") is None
        with pytest.raises(AssetStateError, match="disposed"):
            office.assets.books.depreciate("2026-02", assets=["lt-1"])

    def test_depreciation_must_be_posted_before_approval(self, office: BackOffice) -> None:
        """A disposal in April of an asset depreciated only through January is refused."""
        prepare(office).assets.register(laptop())
        office.assets.books.depreciate("2026-01")
        disposal = office.assets.disposals.propose("lt-1", date(2026, 4, 1), "scrap")
        with pytest.raises(AssetStateError, match="2026-03"):
            office.as_actor("budi").assets.disposals.approve(disposal.id)
        assert office.assets.get("lt-1").status is AssetStatus.IN_SERVICE

    def test_proceeds_need_an_account(self, office: BackOffice) -> None:
        """A sale with proceeds but no account to debit is refused by name."""
        prepare(office).assets.register(laptop())
        with pytest.raises(InvalidInputError, match="proceeds_account"):
            office.assets.disposals.propose("lt-1", date(2026, 1, 3), "sale", proceeds=idr(1))

    def test_an_unknown_kind_is_refused(self, office: BackOffice) -> None:
        """A disposal kind other than sale or scrap is refused."""
        prepare(office).assets.register(laptop())
        with pytest.raises(InvalidInputError, match="donation"):
            office.assets.disposals.propose("lt-1", date(2026, 1, 3), "donation")


class TestDisposalReads:
    def test_pending_lists_proposals_until_approved(self, office: BackOffice) -> None:
        """A proposed disposal is pending; once approved it is not."""
        prepare(office).assets.register(laptop())
        disposal = office.assets.disposals.propose("lt-1", date(2026, 1, 3), "scrap")
        assert [d.id for d in office.assets.disposals.pending()] == [disposal.id]
        office.as_actor("budi").assets.disposals.approve(disposal.id)
        assert office.assets.disposals.pending() == []
        assert office.assets.disposals.get(disposal.id).status is DisposalStatus.APPROVED

    def test_a_second_proposal_for_the_same_asset_is_refused(self, office: BackOffice) -> None:
        """An asset has at most one pending disposal."""
        prepare(office).assets.register(laptop())
        office.assets.disposals.propose("lt-1", date(2026, 1, 3), "scrap")
        with pytest.raises(AssetStateError, match="already proposed"):
            office.assets.disposals.propose("lt-1", date(2026, 1, 4), "scrap")
