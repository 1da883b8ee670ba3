"""Helpers of the asset tests: an office with the Indonesian chart and categories."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from backoffice_core import BackOffice, Money
from backoffice_core.assets import Asset, DepreciationPolicy, Method
from backoffice_core.jurisdictions import indonesia


def idr(amount: int | str | Decimal) -> Money:
    """Rupiah."""
    return Money(amount, "IDR")


def prepare(office: BackOffice) -> BackOffice:
    """Load the Indonesian chart and the default asset categories."""
    office.ledger.load_chart(indonesia.chart_of_accounts())
    office.assets.add_categories(indonesia.asset_categories())
    return office


def straight_line(months: int = 48, salvage: int = 0, **options: Any) -> DepreciationPolicy:
    """A straight-line policy."""
    return DepreciationPolicy(
        method=Method.STRAIGHT_LINE, useful_life_months=months, salvage=idr(salvage), **options
    )


def laptop(asset_id: str = "lt-1", **changes: Any) -> Asset:
    """A laptop in service since 10 January 2026: IDR 24,000,000 over 48 months."""
    fields: dict[str, Any] = {
        "id": asset_id,
        "tag": f"TAG-{asset_id}",
        "name": "Laptop",
        "category": "peralatan_kantor",
        "location": "Jakarta",
        "custodian": "EMP-001",
        "cost_centre": "admin",
        "acquired": date(2026, 1, 10),
        "cost": idr(24_000_000),
        "in_service": date(2026, 1, 10),
        "source_document": "INV-001",
        "policy": straight_line(),
        "fiscal_method": "garis lurus",
    }
    fields.update(changes)
    return Asset(**fields)
