"""The inventory's reports: stock valuation and movement history.

Both are :class:`~backoffice_core.reporting.Report` objects, so they render as text,
HTML, CSV, JSON or a DataFrame, in Bahasa Indonesia or English. The builders are pure:
the service reads the aggregates and movements and hands them in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

import attrs

from backoffice_core.i18n import format_date, label, register_messages
from backoffice_core.inventory.models import Item, Movement, StockLevel
from backoffice_core.money import Money, Rounding
from backoffice_core.reporting import Column, ColumnKind, Label, Report, Row

__all__ = ["MovementHistory", "StockValuation", "movement_history", "stock_valuation"]

_COST_ROUNDING = Rounding.HALF_UP
"""How the unit cost column (value over quantity, shown only) is rounded to 2 decimals."""

register_messages(
    {
        "inventory.stock_valuation": {
            "en": "Stock on hand and valuation",
            "id": "Persediaan dan nilainya",
        },
        "inventory.movement_history": {
            "en": "Stock movement history",
            "id": "Riwayat mutasi persediaan",
        },
        "inventory.item": {"en": "Item", "id": "Barang"},
        "inventory.item_name": {"en": "Item name", "id": "Nama barang"},
        "inventory.location": {"en": "Location", "id": "Lokasi"},
        "inventory.quantity": {"en": "Quantity", "id": "Kuantitas"},
        "inventory.unit": {"en": "Unit", "id": "Satuan"},
        "inventory.value": {"en": "Value", "id": "Nilai"},
        "inventory.unit_cost": {"en": "Unit cost", "id": "Harga pokok satuan"},
        "inventory.valuation_method": {"en": "Method", "id": "Metode"},
        "inventory.movement": {"en": "Movement", "id": "Mutasi"},
        "inventory.reference": {"en": "Reference", "id": "Referensi"},
        "inventory.quantity_balance": {"en": "Quantity after", "id": "Saldo kuantitas"},
        "inventory.value_balance": {"en": "Value after", "id": "Saldo nilai"},
        "inventory.opening_balance": {"en": "Opening balance", "id": "Saldo awal"},
        "fifo": {"en": "FIFO", "id": "FIFO (MPKP)"},
        "average": {"en": "Moving average", "id": "Rata-rata bergerak"},
        "receipt": {"en": "Receipt", "id": "Penerimaan"},
        "issue": {"en": "Issue", "id": "Pengeluaran"},
        "transfer": {"en": "Transfer", "id": "Pemindahan"},
        "adjustment": {"en": "Adjustment", "id": "Penyesuaian"},
        "count": {"en": "Stock count", "id": "Stok opname"},
    }
)


@attrs.frozen(kw_only=True)
class StockValuation(Report):
    """Stock on hand and its value per item and location on a date.

    Attributes:
        as_of: The last date included.
        total_value: The value of everything on hand.
    """

    as_of: date
    total_value: Money


@attrs.frozen(kw_only=True)
class MovementHistory(Report):
    """Movements between two dates, each with its pool's balance after it.

    Attributes:
        start: The first date included.
        end: The last date included.
    """

    start: date
    end: date


def stock_valuation(
    entity: str,
    currency: str,
    items: Mapping[str, Item],
    levels: Sequence[StockLevel],
    as_of: date,
    locale: str,
) -> StockValuation:
    """Build the stock valuation report from on-hand levels (zero rows left out)."""
    rows: list[Row] = []
    total = Money.zero(currency)
    for level in levels:
        if level.quantity == 0 and level.value.is_zero:
            continue
        item = items.get(level.item)
        unit_cost = (
            Money(level.value.amount / level.quantity, currency).round(_COST_ROUNDING, places=2)
            if level.quantity > 0
            else None
        )
        rows.append(
            {
                "item": level.item,
                "name": item.name if item else "",
                "location": level.location,
                "method": Label(item.valuation.value) if item else None,
                "quantity": level.quantity,
                "unit": item.unit if item else "",
                "unit_cost": unit_cost,
                "value": level.value,
            }
        )
        total += level.value
    columns = [
        Column("item", "inventory.item"),
        Column("name", "inventory.item_name"),
        Column("location", "inventory.location"),
        Column("method", "inventory.valuation_method"),
        Column("quantity", "inventory.quantity", ColumnKind.NUMBER),
        Column("unit", "inventory.unit"),
        Column("unit_cost", "inventory.unit_cost", ColumnKind.MONEY),
        Column("value", "inventory.value", ColumnKind.MONEY),
    ]
    subtitle = f"{entity} - {label('as_of', locale)} {format_date(as_of, locale)} ({currency})"
    return StockValuation(
        title="inventory.stock_valuation",
        columns=columns,
        rows=rows,
        totals=[{"item": Label("total"), "value": total}],
        subtitle=subtitle,
        as_of=as_of,
        total_value=total,
    )


def movement_history(
    entity: str,
    currency: str,
    opening: Sequence[StockLevel],
    movements: Sequence[Movement],
    start: date,
    end: date,
    locale: str,
) -> MovementHistory:
    """Build the movement history: opening balances, then each movement with balances."""
    balances: dict[tuple[str, str | None], tuple[Decimal, Money]] = {}
    rows: list[Row] = []
    for level in opening:
        balances[(level.item, level.location)] = (level.quantity, level.value)
        if level.quantity or not level.value.is_zero:
            rows.append(
                {
                    "type": Label("inventory.opening_balance"),
                    "item": level.item,
                    "location": level.location,
                    "quantity_balance": level.quantity,
                    "value_balance": level.value,
                }
            )
    for movement in movements:
        key = (movement.item, movement.location)
        quantity, value = balances.get(key, (Decimal(0), Money.zero(currency)))
        quantity, value = quantity + movement.quantity, value + movement.value
        balances[key] = (quantity, value)
        rows.append(
            {
                "date": movement.on,
                "type": movement.type,
                "item": movement.item,
                "location": movement.location,
                "reference": movement.reference or movement.operation,
                "quantity": movement.quantity,
                "value": movement.value,
                "quantity_balance": quantity,
                "value_balance": value,
            }
        )
    columns = [
        Column("date", "date", ColumnKind.DATE),
        Column("type", "inventory.movement"),
        Column("item", "inventory.item"),
        Column("location", "inventory.location"),
        Column("reference", "inventory.reference"),
        Column("quantity", "inventory.quantity", ColumnKind.NUMBER),
        Column("value", "inventory.value", ColumnKind.MONEY),
        Column("quantity_balance", "inventory.quantity_balance", ColumnKind.NUMBER),
        Column("value_balance", "inventory.value_balance", ColumnKind.MONEY),
    ]
    period = label(
        "from_to", locale, start=format_date(start, locale), end=format_date(end, locale)
    )
    return MovementHistory(
        title="inventory.movement_history",
        columns=columns,
        rows=rows,
        subtitle=f"{entity} - {period} ({currency})",
        start=start,
        end=end,
    )
