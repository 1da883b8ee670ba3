"""The inventory's data: units, locations, items, account mappings, movements, cost state.

Everything here is a frozen pydantic model. Catalog records (:class:`Unit`,
:class:`Location`, :class:`Item`, :class:`StockAccounts`) change by new versions;
:class:`Movement` is append-only; :class:`StockState` and :class:`CostLayer` are the
versioned valuation state of one stock pool (one item at one location), replaced with
an expected version so that two writers can never both apply a change to stale state.
Quantities are exact Decimals in the item's base unit with at most
:data:`QUANTITY_PLACES` decimals; values are :class:`~backoffice_core.money.Money`
rounded to the currency's minor unit.
"""

from __future__ import annotations

import enum
import re
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from backoffice_core.errors import InvalidInputError
from backoffice_core.money import Money, Rounding

__all__ = [
    "QUANTITY_PLACES",
    "QUANTITY_ROUNDING",
    "VALUE_ROUNDING",
    "CostLayer",
    "Item",
    "Location",
    "Movement",
    "MovementType",
    "ReorderLine",
    "StockAccounts",
    "StockLevel",
    "StockMove",
    "StockState",
    "Unit",
    "ValuationMethod",
    "layer_id",
    "pool_key",
    "trim",
]

QUANTITY_PLACES = 6
"""Decimals a stored quantity keeps (in the item's base unit)."""
QUANTITY_ROUNDING = Rounding.HALF_EVEN
"""How a quantity converted from another unit is rounded to :data:`QUANTITY_PLACES`."""
VALUE_ROUNDING = Rounding.HALF_UP
"""How a computed value (part of a layer, quantity times average cost) is rounded to
the currency's minor unit."""


_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$")
_FROZEN = ConfigDict(frozen=True, extra="forbid")


def _code(value: str) -> str:
    if not isinstance(value, str) or not _CODE.match(value):
        raise InvalidInputError(
            f"code {value!r} must be 1-64 letters, digits, '.', '_', '-' or '/', "
            "starting with a letter or digit"
        )
    return value


Code = Annotated[str, AfterValidator(_code)]
"""An identifier of a unit, location, item or account category."""


def _quantity(value: Decimal) -> Decimal:
    if not value.is_finite() or value != value.quantize(Decimal(1).scaleb(-QUANTITY_PLACES)):
        raise InvalidInputError(
            f"quantity {value} must be finite with at most {QUANTITY_PLACES} decimals"
        )
    return value


Quantity = Annotated[Decimal, AfterValidator(_quantity)]
"""An exact quantity with at most :data:`QUANTITY_PLACES` decimals."""


def trim(quantity: Decimal) -> Decimal:
    """Return ``quantity`` without trailing decimal zeros (``50.000000`` is ``50``)."""
    if quantity == quantity.to_integral_value():
        return quantity.quantize(Decimal(1))
    return quantity.normalize()


def layer_id(pool: str, seq: int) -> str:
    """Return the key of cost layer ``seq`` of ``pool`` (keys sort in received order)."""
    return f"{pool}#{seq:012d}"


def pool_key(item: str, location: str) -> str:
    """Return the key of the stock pool of ``item`` at ``location`` (``item@location``)."""
    return f"{item}@{location}"


class ValuationMethod(enum.StrEnum):
    """How the issues of an item are valued (chosen per item)."""

    FIFO = "fifo"
    """First in, first out: issues consume the oldest cost layers first."""
    AVERAGE = "average"
    """Moving weighted average: issues at the pool's value divided by its quantity."""


class MovementType(enum.StrEnum):
    """What a stock movement records."""

    RECEIPT = "receipt"
    """Goods received (purchase); adds quantity and value."""
    ISSUE = "issue"
    """Goods issued (sale, consumption); its value is the cost of goods issued."""
    TRANSFER = "transfer"
    """One leg of a move between two locations (out negative, in positive)."""
    ADJUSTMENT = "adjustment"
    """A correction of quantity (breakage, found goods)."""
    COUNT = "count"
    """The difference a stock count found between counted and recorded quantity."""


class Unit(BaseModel):
    """A unit of measure, optionally defined as a multiple of another unit.

    Args:
        code: The unit's code, such as ``"kg"`` or ``"pcs"``.
        name: A readable name.
        base: The unit it is a multiple of (None for a root unit such as ``"kg"``).
        factor: How many ``base`` units one of this unit is (``"g"``: 0.001 of ``"kg"``).
    """

    model_config = _FROZEN

    code: Code
    name: str = ""
    base: Code | None = None
    factor: Decimal = Decimal(1)

    @field_validator("factor")
    @classmethod
    def _positive(cls, value: Decimal) -> Decimal:
        if not value.is_finite() or value <= 0:
            raise InvalidInputError(f"unit factor {value} must be a finite number above zero")
        return value


class Location(BaseModel):
    """A place stock is kept (warehouse, shop, van).

    Args:
        code: The location's code, such as ``"JKT"``.
        name: A readable name.
        active: Inactive locations take no new movements.
    """

    model_config = _FROZEN

    code: Code
    name: str = ""
    active: bool = True


class Item(BaseModel):
    """A stocked item.

    Args:
        sku: The item's code (stock-keeping unit).
        name: A readable name.
        unit: The base unit every quantity of the item is stored in.
        valuation: FIFO or moving weighted average.
        allow_negative: Allow issues beyond the quantity on hand.
        reorder_point: Reorder when the quantity on hand (all locations) falls below it.
        reorder_quantity: How much to order then (informative).
        category: The account category its postings use (see :class:`StockAccounts`).
        conversions: Item-specific units: unit code to how many base units one is
            (``{"box": 12}``); they win over the global unit table.
        active: Inactive items take no new movements.
    """

    model_config = _FROZEN

    sku: Code
    name: str = ""
    unit: Code
    valuation: ValuationMethod = ValuationMethod.FIFO
    allow_negative: bool = False
    reorder_point: Quantity | None = None
    reorder_quantity: Quantity | None = None
    category: Code = "default"
    conversions: dict[str, Decimal] = Field(default_factory=dict)
    active: bool = True

    @field_validator("conversions")
    @classmethod
    def _factors(cls, value: dict[str, Decimal]) -> dict[str, Decimal]:
        for unit, factor in value.items():
            _code(unit)
            if not factor.is_finite() or factor <= 0:
                raise InvalidInputError(
                    f"conversion of unit {unit!r} is {factor}: give how many base units "
                    "one of it holds, above zero"
                )
        return value

    @field_validator("reorder_point", "reorder_quantity")
    @classmethod
    def _not_negative(cls, value: Decimal | None) -> Decimal | None:
        if value is not None and value < 0:
            raise InvalidInputError(f"reorder quantity {value} must not be negative")
        return value


class StockAccounts(BaseModel):
    """Where the stock of one account category posts in the ledger (data, per category).

    Args:
        category: The item category these accounts serve (``"default"`` for items
            without one of their own).
        inventory: The asset account holding stock value (Persediaan).
        cost_of_goods: Debited with the cost of goods issued (HPP).
        payable: Credited for receipts unless the call names another account
            (accounts payable or a goods-received clearing account).
        adjustment_gain: Credited with stock found by adjustments and counts.
        adjustment_loss: Debited with stock lost by adjustments and counts.
    """

    model_config = _FROZEN

    category: Code = "default"
    inventory: str
    cost_of_goods: str
    payable: str
    adjustment_gain: str
    adjustment_loss: str


class Movement(BaseModel):
    """One stock movement at one location (append-only; totalled by the store).

    Args:
        id: The movement's key.
        operation: The id of the call that recorded it (both legs of a transfer, every
            line of a count, share it); also the ledger entry's id.
        item: The item's SKU.
        location: Where the stock moved.
        on: The movement's date.
        type: Receipt, issue, transfer, adjustment or count.
        quantity: Signed quantity in the item's base unit (issues negative).
        value: Signed value in the ledger's base currency; for issues the computed
            cost of goods issued (negative), so that totals give the value on hand.
        unit: The unit the quantity was entered in.
        entered: The quantity as entered, in ``unit`` (unsigned).
        counter_location: The other location of a transfer.
        reference: A source document reference.
        memo: A note.
        entry: The ledger entry that posted it (None when nothing was posted).
    """

    model_config = _FROZEN

    id: str
    operation: str
    item: str
    location: str
    on: date
    type: MovementType
    quantity: Quantity
    value: Money
    unit: str
    entered: Decimal
    counter_location: str | None = None
    reference: str = ""
    memo: str = ""
    entry: str | None = None


class StockState(BaseModel):
    """The valuation state of one stock pool (one item at one location), versioned.

    Args:
        pool: ``item@location``.
        item: The item's SKU.
        location: The location's code.
        quantity: Quantity on hand now (base unit).
        value: Value on hand now; equals the sum of the pool's movement values.
        last_cost: The last known cost (of ``last_cost_quantity`` base units): it values
            issues beyond the quantity on hand and adjustments given no cost.
        last_cost_quantity: The quantity ``last_cost`` is the cost of.
        last_on: The date of the latest movement (later movements may not go before it).
        next_layer: The sequence number of the next FIFO cost layer.
    """

    model_config = _FROZEN

    pool: str
    item: str
    location: str
    quantity: Decimal
    value: Money
    last_cost: Money | None = None
    last_cost_quantity: Decimal | None = None
    last_on: date | None = None
    next_layer: int = 1


class CostLayer(BaseModel):
    """One FIFO cost layer: what one receipt left in a pool, consumed oldest first.

    Args:
        id: ``pool#sequence``.
        pool: ``item@location``.
        seq: The layer's position in the pool (received order).
        received: The date the goods came in.
        quantity: Quantity the layer started with.
        value: Value the layer started with.
        remaining: Quantity not issued yet.
        remaining_value: Value not issued yet (exactly ``value`` minus what was issued).
        open_at: The layer's id while ``remaining`` is above zero, None once used up:
            the open layers of a pool are one range of this indexed field, in order.
    """

    model_config = _FROZEN

    id: str
    pool: str
    seq: int
    received: date
    quantity: Decimal
    value: Money
    remaining: Decimal
    remaining_value: Money
    open_at: str | None

    @property
    def open(self) -> bool:
        """True while the layer has quantity left."""
        return self.open_at is not None


class StockLevel(BaseModel):
    """Quantity and value on hand of one item (and location) as of a date.

    Args:
        item: The item's SKU.
        location: The location (None when summed over every location).
        quantity: Quantity in the item's base unit.
        value: Value in the base currency.
        movements: How many movements make it up.
    """

    model_config = _FROZEN

    item: str
    location: str | None
    quantity: Decimal
    value: Money
    movements: int


class StockMove(BaseModel):
    """One movement to record, as given to :meth:`Inventory.record` (the bulk path).

    Args:
        type: Receipt, issue, transfer, adjustment or count.
        item: The item's SKU.
        location: Where (the source location of a transfer).
        quantity: Above zero for receipts, issues and transfers; signed (not zero) for
            adjustments (negative: stock lost); for a count, the quantity counted (zero
            or more), whose difference from the quantity on hand is recorded.
        on: The movement's date.
        unit: The unit ``quantity`` is in (None: the item's base unit).
        value: The total cost of a receipt, or of stock an adjustment adds.
        unit_cost: Instead of ``value``: the cost of one ``unit``; the value is the
            quantity times it, rounded half up to the minor unit.
        to_location: The destination of a transfer.
        account: Ledger account that replaces the default counter-account: credited
            for a receipt (instead of the payable account), debited for an issue
            (instead of cost of goods).
        id: The movement's id (idempotency key); a new one when omitted.
        reference: A source document reference.
        memo: A note.
    """

    model_config = _FROZEN

    type: MovementType
    item: str
    location: str
    quantity: Decimal
    on: date
    unit: str | None = None
    value: Money | None = None
    unit_cost: Money | None = None
    to_location: str | None = None
    account: str | None = None
    id: str | None = None
    reference: str = ""
    memo: str = ""


class ReorderLine(BaseModel):
    """An item whose quantity on hand (every location) is below its reorder point.

    Args:
        item: The item's SKU.
        name: Its name.
        unit: Its base unit.
        on_hand: Quantity on hand.
        reorder_point: The level it fell below.
        reorder_quantity: How much to order (None when the item names none).
        shortfall: ``reorder_point - on_hand``.
    """

    model_config = _FROZEN

    item: str
    name: str
    unit: str
    on_hand: Decimal
    reorder_point: Decimal
    reorder_quantity: Decimal | None
    shortfall: Decimal
