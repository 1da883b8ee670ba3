"""Units of measure: turn a quantity entered in any unit into an item's base unit.

An item stores every quantity in its base unit. Another unit converts through the
item's own conversions first (``{"box": 12}``), then through the global unit table,
where each unit is a multiple of another (``g`` = 0.001 ``kg``): two units convert when
their chains reach the same root. A converted quantity is rounded to
:data:`~backoffice_core.inventory.models.QUANTITY_PLACES` decimals with
:data:`~backoffice_core.inventory.models.QUANTITY_ROUNDING`; a unit with no path to the
base unit raises :class:`~backoffice_core.inventory.errors.UnitConversionError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, localcontext

from backoffice_core.inventory.errors import UnitConversionError
from backoffice_core.inventory.models import (
    QUANTITY_PLACES,
    QUANTITY_ROUNDING,
    Item,
    Unit,
    trim,
)

__all__ = ["root_of", "to_base"]

_STEP = Decimal(1).scaleb(-QUANTITY_PLACES)


def root_of(unit: str, units: Mapping[str, Unit]) -> tuple[str, Decimal]:
    """Return the root unit of ``unit`` and how many root units one ``unit`` is.

    Raises:
        UnitConversionError: If the chain names a unit that is not defined, or loops.
    """
    factor = Decimal(1)
    seen = [unit]
    current = units.get(unit)
    while current is not None and current.base is not None:
        factor *= current.factor
        if current.base in seen:
            raise UnitConversionError(
                f"units {' -> '.join([*seen, current.base])} form a loop: "
                "define each unit as a multiple of a root unit"
            )
        seen.append(current.base)
        nxt = units.get(current.base)
        if nxt is None:
            return current.base, factor
        current = nxt
    return seen[-1], factor


def to_base(item: Item, quantity: Decimal, unit: str | None, units: Mapping[str, Unit]) -> Decimal:
    """Return ``quantity`` of ``unit`` in ``item``'s base unit, rounded to 6 decimals.

    Args:
        item: The item whose base unit and own conversions apply.
        quantity: The quantity as entered.
        unit: The unit it was entered in (None: the base unit).
        units: The global unit table by code.

    Raises:
        UnitConversionError: If neither the item nor the unit table converts ``unit``
            to the item's base unit.
    """
    if unit is None or unit == item.unit:
        return quantity
    factor = item.conversions.get(unit)
    if factor is None:
        root, from_factor = root_of(unit, units)
        base_root, to_factor = root_of(item.unit, units)
        if root != base_root or (unit not in units and item.unit not in units):
            raise UnitConversionError(
                f"item {item.sku!r} is stocked in {item.unit!r} and unit {unit!r} has no "
                f"conversion to it: add {unit!r} to the item's conversions or define it in "
                "the unit table (catalog.add_unit)"
            )
        with localcontext() as ctx:
            # 60 significant digits, far beyond the 6 decimals kept by the rounding below.
            ctx.prec = 60
            factor = from_factor / to_factor
    with localcontext() as ctx:
        ctx.prec = 60
        return trim((quantity * factor).quantize(_STEP, rounding=QUANTITY_ROUNDING.value))
