"""Stock valuation and movement history reports, in every format and both languages."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from stock_setup import day, idr, ready

from backoffice_core import BackOffice
from backoffice_core.errors import InvalidInputError
from backoffice_core.inventory import UnknownItemError


@pytest.fixture
def stock(office: BackOffice) -> BackOffice:
    """An office with some stock moved in January."""
    ready(office)
    inv = office.inventory
    inv.receive("BERAS", "JKT", "12.5", day(2), value=idr(125_000), reference="SJ-001")
    inv.receive("GULA", "SBY", 4, day(3), value=idr(60_000))
    inv.issue("BERAS", "JKT", 2, day(10), reference="SO-7")
    inv.transfer("BERAS", "JKT", "SBY", "0.5", day(11))
    return office


class TestValuationReport:
    def test_rows_and_total(self, stock: BackOffice) -> None:
        """One row per item and location with stock, and the total value."""
        report = stock.inventory.valuation_report(day(31))
        assert [(r["item"], r["location"], r["quantity"]) for r in report.rows] == [
            ("BERAS", "JKT", 10),
            ("BERAS", "SBY", Decimal("0.5")),
            ("GULA", "SBY", 4),
        ]
        assert report.total_value == idr(165_000)

    def test_renders_in_indonesian(self, stock: BackOffice) -> None:
        """The text table has Indonesian headings and the fractional quantity."""
        text = stock.inventory.valuation_report(day(31)).render("id_ID")
        assert "Persediaan dan nilainya" in text
        assert "Kuantitas" in text
        assert "0,5" in text
        assert "165.000" in text

    def test_csv_json_and_html(self, stock: BackOffice) -> None:
        """CSV keeps plain decimals, JSON keeps currency, HTML is a table."""
        report = stock.inventory.valuation_report(day(31))
        csv_text = report.to_csv()
        assert "BERAS,Beras,JKT,FIFO,10,kg,10000.00,100000" in csv_text  # labels translated
        document = json.loads(report.to_json())
        assert document["totals"][0]["value"] == {"amount": "165000", "currency": "IDR"}
        assert report.to_html().startswith("<h4>Stock on hand and valuation</h4>")

    def test_as_of_an_earlier_date(self, stock: BackOffice) -> None:
        """As of 5 January the issue and transfer are not included."""
        report = stock.inventory.valuation_report(day(5))
        assert report.total_value == idr(185_000)


class TestMovementReport:
    def test_opening_balance_then_running_balances(self, stock: BackOffice) -> None:
        """From 10 January: the opening balances, then each movement with its balance."""
        report = stock.inventory.movement_report(day(10), day(31), item="BERAS")
        rows = [(str(r["type"]), r.get("quantity"), r["quantity_balance"]) for r in report.rows]
        assert rows == [
            ("inventory.opening_balance", None, Decimal("12.5")),
            ("issue", -2, Decimal("10.5")),
            ("transfer", Decimal("0.5"), Decimal("0.5")),  # the in leg sorts first by key
            ("transfer", Decimal("-0.5"), 10),
        ]

    def test_renders_in_english(self, stock: BackOffice) -> None:
        """The English text names the movement types."""
        text = stock.inventory.movement_report(day(1), day(31)).render("en_US")
        assert "Stock movement history" in text
        assert "Receipt" in text
        assert "SJ-001" in text

    def test_start_after_end_is_refused(self, stock: BackOffice) -> None:
        """A period that ends before it starts is refused."""
        with pytest.raises(InvalidInputError, match="start is after end"):
            stock.inventory.movement_report(day(20), day(10))

    def test_unknown_item_is_refused(self, stock: BackOffice) -> None:
        """A report of an item not in the catalog names it."""
        with pytest.raises(UnknownItemError, match="'KOPI'"):
            stock.inventory.movement_report(day(1), day(31), item="KOPI")
