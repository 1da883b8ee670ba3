"""The stock catalog: units and conversions, locations, items, account mappings."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from stock_setup import day, idr, ready

from backoffice_core import BackOffice
from backoffice_core.context import RoleAuthorizer
from backoffice_core.errors import (
    ConcurrencyError,
    DuplicateIdError,
    InvalidInputError,
    PermissionDeniedError,
)
from backoffice_core.inventory import (
    ITEM,
    MissingAccountsError,
    StockAccounts,
    UnitConversionError,
    UnknownItemError,
    UnknownLocationError,
    ValuationMethod,
)
from backoffice_core.inventory.units import to_base
from backoffice_core.ledger import UnknownAccountError


@pytest.fixture
def stock(office: BackOffice) -> BackOffice:
    """An office with the shared stock catalog."""
    return ready(office)


class TestUnits:
    def test_global_units_convert_through_their_root(self, stock: BackOffice) -> None:
        """Grams convert to kilograms through the unit table."""
        item = stock.inventory.catalog.item("BERAS")
        units = stock.inventory.catalog.units()
        assert to_base(item, Decimal(2500), "g", units) == Decimal("2.5")

    def test_item_conversions_win(self, stock: BackOffice) -> None:
        """A box of soap is twelve pieces, from the item's own conversions."""
        movement = stock.inventory.receive("SABUN", "JKT", 2, day(2), unit="box", value=idr(24000))
        assert movement.quantity == 24
        assert movement.entered == 2
        assert movement.unit == "box"

    def test_unit_without_conversion_is_refused(self, stock: BackOffice) -> None:
        """Receiving rice in pieces names the unit and writes nothing."""
        with pytest.raises(UnitConversionError, match=r"'BERAS'.*'pcs'"):
            stock.inventory.receive("BERAS", "JKT", 3, day(2), unit="pcs", value=idr(3))
        assert stock.inventory.movements() == []

    def test_unknown_base_unit_is_refused(self, stock: BackOffice) -> None:
        """A unit defined on a unit that does not exist is refused."""
        with pytest.raises(UnitConversionError, match="'ton'"):
            stock.inventory.catalog.add_unit("kwintal", base="ton", factor=100)
        assert "kwintal" not in stock.inventory.catalog.units()

    def test_non_positive_factor_is_refused(self, stock: BackOffice) -> None:
        """A unit factor of zero is refused."""
        with pytest.raises(InvalidInputError, match="factor"):
            stock.inventory.catalog.add_unit("ons", base="kg", factor=0)

    def test_conversion_rounds_half_even_to_six_places(self, stock: BackOffice) -> None:
        """A third of a kilogram converted from grams keeps six decimals."""
        stock.inventory.catalog.add_unit("third", base="kg", factor="0.3333333333")
        units = stock.inventory.catalog.units()
        item = stock.inventory.catalog.item("BERAS")
        assert to_base(item, Decimal(1), "third", units) == Decimal("0.333333")


class TestItems:
    def test_item_keeps_its_method_and_rules(self, stock: BackOffice) -> None:
        """An item is stored with its valuation method, negative-stock rule and reorder point."""
        item = stock.inventory.catalog.item("GULA")
        assert item.valuation is ValuationMethod.AVERAGE
        assert item.allow_negative is False
        assert stock.inventory.catalog.item("BERAS").reorder_point == 50

    def test_unknown_method_is_refused(self, stock: BackOffice) -> None:
        """A valuation method given as an unknown string is refused by name."""
        with pytest.raises(InvalidInputError, match="valuation"):
            stock.inventory.catalog.add_item("KOPI", unit="kg", valuation="lifo")
        with pytest.raises(UnknownItemError):
            stock.inventory.catalog.item("KOPI")

    def test_adding_the_same_item_twice_is_harmless(self, stock: BackOffice) -> None:
        """Adding an identical item again writes nothing new."""
        item = stock.inventory.catalog.item("GULA")
        stock.inventory.catalog.add_items([item])
        assert len(stock.inventory.catalog.items()) == 3

    def test_other_content_under_a_sku_is_refused(self, stock: BackOffice) -> None:
        """A SKU taken by another definition raises DuplicateIdError."""
        with pytest.raises(DuplicateIdError, match="'GULA'"):
            stock.inventory.catalog.add_item("GULA", "Gula pasir", unit="kg")

    def test_update_changes_the_reorder_point(self, stock: BackOffice) -> None:
        """update_item stores a new version with the change."""
        stock.inventory.catalog.update_item("GULA", reorder_point=Decimal(5))
        stored = stock.backend.records(ITEM, stock.entity).get("GULA")
        assert stored is not None
        assert (stored.version, stored.record.reorder_point) == (2, Decimal(5))

    def test_update_on_a_stale_version_is_refused(self, stock: BackOffice) -> None:
        """An update based on a stale version raises ConcurrencyError."""
        stock.inventory.catalog.update_item("GULA", reorder_point=Decimal(5))
        with pytest.raises(ConcurrencyError):
            stock.inventory.catalog.update_item("GULA", expected_version=1, reorder_point=1)

    def test_base_unit_cannot_change(self, stock: BackOffice) -> None:
        """The base unit of an item is fixed."""
        with pytest.raises(InvalidInputError, match="base unit"):
            stock.inventory.catalog.update_item("GULA", unit="g")


class TestLocationsAndAccounts:
    def test_unknown_location_is_refused(self, stock: BackOffice) -> None:
        """A movement at a location not in the catalog is refused."""
        with pytest.raises(UnknownLocationError, match="'MDN'"):
            stock.inventory.receive("BERAS", "MDN", 1, day(2), value=idr(1))

    def test_accounts_must_exist_in_the_chart(self, stock: BackOffice) -> None:
        """A mapping naming an account outside the chart is refused."""
        accounts = StockAccounts(
            category="bahan",
            inventory="9999",
            cost_of_goods="5100",
            payable="2110",
            adjustment_gain="7900",
            adjustment_loss="8900",
        )
        with pytest.raises(UnknownAccountError):
            stock.inventory.catalog.set_accounts(accounts)

    def test_category_without_accounts_is_refused(self, stock: BackOffice) -> None:
        """Stock of a category with no account mapping cannot move."""
        stock.inventory.catalog.add_item("TEH", unit="kg", category="minuman")
        with pytest.raises(MissingAccountsError, match="'minuman'"):
            stock.inventory.receive("TEH", "JKT", 1, day(2), value=idr(1))
        assert stock.inventory.movements() == []


class TestCatalogPermissions:
    def test_authorizer_is_asked_before_adding_an_item(self, url: str) -> None:
        """An actor without inventory rights cannot add an item."""
        auth = RoleAuthorizer({"rina": {"acct"}}, {"acct": {"ledger."}})
        entity = f"PT Izin {uuid.uuid4().hex}"
        with BackOffice.open(url, entity=entity, actor="rina", authorizer=auth) as office:
            with pytest.raises(PermissionDeniedError, match=r"inventory\.item\.add"):
                office.inventory.catalog.add_item("KOPI", unit="kg")
            assert office.inventory.catalog.items() == []
