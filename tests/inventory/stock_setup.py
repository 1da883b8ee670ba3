"""A ready stock catalog on the Indonesian chart, shared by the inventory tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from backoffice_core import BackOffice, Money
from backoffice_core.jurisdictions import indonesia

JAN = date(2026, 1, 1)


def day(n: int) -> date:
    """Return the ``n``-th of January 2026."""
    return date(2026, 1, n)


def idr(amount: int | str) -> Money:
    """Return an amount of rupiah."""
    return Money(amount, "IDR")


def ready(office: BackOffice) -> BackOffice:
    """Load the chart and stock accounts, units, two locations and three items."""
    office.ledger.load_chart(indonesia.chart_of_accounts())
    catalog = office.inventory.catalog
    catalog.set_accounts(indonesia.stock_accounts())
    catalog.add_unit("kg", "Kilogram")
    catalog.add_unit("g", "Gram", base="kg", factor="0.001")
    catalog.add_unit("pcs", "Pieces")
    catalog.add_location("JKT", "Gudang Jakarta")
    catalog.add_location("SBY", "Gudang Surabaya")
    catalog.add_item("BERAS", "Beras", unit="kg", valuation="fifo", reorder_point=Decimal(50))
    catalog.add_item("GULA", "Gula", unit="kg", valuation="average")
    catalog.add_item(
        "SABUN", "Sabun", unit="pcs", conversions={"box": Decimal(12)}, allow_negative=True
    )
    return office


def quantity(office: BackOffice, item: str, location: str) -> Decimal:
    """Return the quantity on hand of ``item`` at ``location`` (zero when none)."""
    levels = office.inventory.on_hand(item=item, location=location)
    return levels[0].quantity if levels else Decimal(0)
