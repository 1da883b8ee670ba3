"""The register: categories, registering, existing assets, transfers and refusals."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from asset_fixtures import idr, laptop, prepare, straight_line

from backoffice_core import BackOffice, Money
from backoffice_core.assets import AssetStateError, AssetStatus, PolicyError, UnknownAssetError
from backoffice_core.context import RoleAuthorizer
from backoffice_core.errors import (
    CurrencyMismatchError,
    DuplicateIdError,
    InvalidInputError,
    PermissionDeniedError,
)
from backoffice_core.jurisdictions import indonesia
from backoffice_core.ledger import UnknownAccountError


class TestRegister:
    def test_an_asset_with_an_in_service_date_is_in_service(self, office: BackOffice) -> None:
        """Registering with an in-service date puts the asset in service from that month."""
        asset = prepare(office).assets.register(laptop())
        assert asset.status is AssetStatus.IN_SERVICE
        assert asset.depreciation_start == "2026-01"
        assert office.assets.get("lt-1") == asset

    def test_an_asset_without_in_service_date_is_planned(self, office: BackOffice) -> None:
        """An asset with no in-service date is planned and placed in service later."""
        prepare(office).assets.register(laptop(in_service=None))
        placed = office.assets.place_in_service("lt-1", date(2026, 3, 2))
        assert placed.status is AssetStatus.IN_SERVICE
        assert placed.depreciation_start == "2026-03"

    def test_registering_twice_is_idempotent(self, office: BackOffice) -> None:
        """The same asset registered again is skipped, not duplicated."""
        prepare(office)
        assert office.assets.register_many([laptop()]) == 1
        assert office.assets.register_many([laptop()]) == 0
        assert len(office.assets.find()) == 1

    def test_a_taken_tag_is_refused(self, office: BackOffice) -> None:
        """A second asset with another asset's tag is refused and nothing is written."""
        prepare(office).assets.register(laptop())
        with pytest.raises(DuplicateIdError, match="TAG-lt-1"):
            office.assets.register(laptop("lt-2", tag="TAG-lt-1"))
        assert [a.id for a in office.assets.find()] == ["lt-1"]

    def test_existing_assets_keep_their_opening_depreciation(self, office: BackOffice) -> None:
        """An asset taken over with opening depreciation depreciates only what is left."""
        prepare(office).assets.register(
            laptop(
                acquired=date(2024, 1, 5),
                in_service=date(2024, 1, 5),
                opening_accumulated=idr(12_000_000),
                depreciation_start="2026-01",
            )
        )
        schedule = office.assets.books.schedule("lt-1")
        assert schedule.rows[0].month.year == 2026
        assert len(schedule.rows) == 24
        assert schedule.total == idr(12_000_000)
        assert schedule.rows[-1].book_value == idr(0)

    def test_find_filters_on_indexed_fields(self, office: BackOffice) -> None:
        """Assets are found by location, custodian or cost centre."""
        prepare(office).assets.register_many(
            [laptop("a"), laptop("b", location="Surabaya"), laptop("c", cost_centre="sales")]
        )
        assert [a.id for a in office.assets.find({"location": "Surabaya"})] == ["b"]
        assert [a.id for a in office.assets.find({"cost_centre": "sales"})] == ["c"]


class TestRefusals:
    @pytest.mark.parametrize(
        ("changes", "error", "message"),
        [
            ({"cost": idr(-1)}, PolicyError, "cost IDR -1"),
            ({"policy": straight_line(salvage=30_000_000)}, PolicyError, "salvage"),
            ({"policy": straight_line(months=0)}, PolicyError, "at least 1"),
            ({"cost": Money(100, "USD")}, CurrencyMismatchError, "USD"),
            ({"category": "kapal"}, UnknownAssetError, "kapal"),
            ({"in_service": date(2025, 12, 1)}, PolicyError, "before the acquisition"),
            ({"opening_accumulated": idr(1)}, PolicyError, "depreciation_start"),
            ({"status": AssetStatus.DISPOSED}, AssetStateError, "disposed"),
        ],
    )
    def test_bad_assets_write_nothing(
        self, office: BackOffice, changes: dict[str, Any], error: type[Exception], message: str
    ) -> None:
        """Bad input raises a specific error naming the fault, and nothing is written."""
        prepare(office)
        head = office.audit.head()
        with pytest.raises(error, match=message):
            office.assets.register(laptop(**changes))
        assert office.assets.find() == []
        assert office.audit.head() == head

    def test_a_method_the_fiscal_book_forbids_is_refused(self, office: BackOffice) -> None:
        """A building on fiscal declining balance is refused: buildings are straight line."""
        prepare(office)
        building = laptop(category="bangunan", fiscal_method="saldo menurun")
        with pytest.raises(indonesia.DepreciationMethodError, match="straight line"):
            office.assets.register(building)
        assert office.assets.find() == []

    def test_an_unknown_fiscal_method_is_refused(self, office: BackOffice) -> None:
        """A fiscal method the fiscal book does not know is refused by name."""
        prepare(office)
        with pytest.raises(InvalidInputError, match="menurun ganda"):
            office.assets.register(laptop(fiscal_method="menurun ganda"))

    def test_categories_need_accounts_in_the_chart(self, office: BackOffice) -> None:
        """A category mapped to an account missing from the chart is refused."""
        with pytest.raises(UnknownAccountError):
            office.assets.add_categories(indonesia.asset_categories())

    def test_the_authorizer_is_asked_for_every_asset(self, url: str) -> None:
        """An actor without the grant cannot register, and nothing is written."""
        auth = RoleAuthorizer({"rina": {"acc"}}, {"acc": {"ledger.", "assets.category."}})
        with BackOffice.open(url, entity="PT Auth", actor="rina", authorizer=auth) as office:
            prepare(office)
            with pytest.raises(PermissionDeniedError, match=r"assets\.asset\.register"):
                office.assets.register_many([laptop("a"), laptop("b")])
            assert office.assets.find() == []


class TestChanges:
    def test_transfer_moves_location_custodian_and_cost_centre(self, office: BackOffice) -> None:
        """A transfer changes where the asset is, who keeps it and who bears its cost."""
        prepare(office).assets.register(laptop())
        moved = office.assets.transfer(
            "lt-1", location="Bandung", custodian="EMP-002", cost_centre="sales"
        )
        assert (moved.location, moved.custodian, moved.cost_centre) == (
            "Bandung",
            "EMP-002",
            "sales",
        )

    def test_status_changes_between_in_service_idle_and_repair(self, office: BackOffice) -> None:
        """An asset in service can be idle or under repair and back."""
        prepare(office).assets.register(laptop())
        assert office.assets.set_status("lt-1", AssetStatus.UNDER_REPAIR).status == "under_repair"
        with pytest.raises(AssetStateError, match="disposal"):
            office.assets.set_status("lt-1", AssetStatus.DISPOSED)

    def test_unknown_assets_are_named(self, office: BackOffice) -> None:
        """Changing an asset that is not registered raises UnknownAssetError."""
        with pytest.raises(UnknownAssetError, match="nope"):
            office.assets.transfer("nope", location="x")
