"""Valuation of one stock pool (one item at one location) by FIFO or moving average.

:class:`Pool` holds a pool's :class:`~backoffice_core.inventory.models.StockState` and,
for FIFO items, its open cost layers, loaded a page at a time only when an issue needs
them. It applies receipts and issues in memory and says which records changed; the
service writes them (with the versions they were read at) after the whole call has been
validated. It never reads movements.

While a call runs, values are plain integers of minor units (rupiah, cents) and
quantities Decimals: the records (:class:`~backoffice_core.inventory.models.StockState`,
:class:`~backoffice_core.inventory.models.CostLayer`) are built once, at the end, for
what changed.

The rules, the same for both methods:

- A receipt adds its quantity and value (FIFO: as a new layer, after settling any
  negative quantity at the receipt's own cost).
- An issue is valued by the method: FIFO consumes the oldest layers (a layer used up
  gives its whole remaining value, part of one gives its share rounded with
  :data:`~backoffice_core.inventory.models.VALUE_ROUNDING`); the average method takes the
  pool's value times issued over on-hand quantity, rounded the same way.
- An issue that empties the pool carries the pool's whole value, so quantity zero means
  value zero and the value on hand always equals the sum of the movements' values.
- Quantity beyond what is on hand (only where the item allows negative stock) is valued
  at the last known cost.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from backoffice_core.inventory.errors import InsufficientStockError, UnknownCostError
from backoffice_core.inventory.models import (
    CostLayer,
    Item,
    StockState,
    ValuationMethod,
    layer_id,
    pool_key,
)
from backoffice_core.money import Money, minor_unit
from backoffice_core.prebuilt import assemble

__all__ = ["LayerPage", "Pool", "money", "share_units"]

LayerPage = Callable[[int], list[tuple[CostLayer, int]]]
"""Loads the open layers of a pool with ``seq`` above the given one, in order, each with
its stored version (a page at a time)."""

_SCALE = Decimal(1).scaleb(6)
_ZERO = Decimal(0)


def share_units(units: int, part: Decimal, whole: Decimal) -> int:
    """Return ``units * part / whole`` rounded half up (away from zero), exactly.

    The division is done on integers (``units`` of the minor unit, quantities scaled
    to six decimals), so the result is the exact quotient rounded once.

    Raises:
        ValueError: If ``whole`` is zero.
    """
    num = units * int(part * _SCALE)
    den = int(whole * _SCALE)
    if den == 0:
        raise ValueError("share of a zero quantity")
    if den < 0:
        num, den = -num, -den
    quotient, rest = divmod(abs(num), den)
    if 2 * rest >= den:
        quotient += 1  # VALUE_ROUNDING: half up (away from zero)
    return quotient if num >= 0 else -quotient


def money(units: int, currency: str, places: int) -> Money:
    """Return ``units`` minor units of ``currency`` (which has ``places`` decimals)."""
    if places == 0:
        return Money(Decimal(units), currency)
    return Money.from_minor(units, currency)


class _Layer:
    """One FIFO layer's working figures while a call runs (values in minor units)."""

    __slots__ = (
        "changed",
        "quantity",
        "received",
        "record",
        "remaining",
        "seq",
        "units",
        "value",
        "version",
    )

    def __init__(
        self,
        seq: int,
        received: date,
        quantity: Decimal,
        value: int,
        remaining: Decimal,
        units: int,
        record: CostLayer | None,
        version: int | None,
    ) -> None:
        self.seq = seq
        self.received = received
        self.quantity = quantity
        self.value = value  # the value received (of a layer received in this call)
        self.remaining = remaining
        self.units = units  # the remaining value
        self.record = record  # the stored layer (None: received in this call)
        self.version = version
        self.changed = record is None


class Pool:
    """The valuation state of one item at one location, changed in memory.

    The working figures are plain attributes while a call runs (values in minor
    units); :attr:`state` and :meth:`changed_layers` build the records to store once
    at the end.

    Args:
        item: The item (its valuation method and negative-stock rule).
        location: The location's code.
        state: The stored state, or None for a pool never used.
        version: The state's stored version (None when new).
        currency: The currency of values (the ledger's base currency).
        pages: Loads further open FIFO layers (see :data:`LayerPage`).
    """

    def __init__(
        self,
        item: Item,
        location: str,
        state: StockState | None,
        version: int | None,
        currency: str,
        pages: LayerPage,
    ) -> None:
        self.item = item
        self.location = location
        self.key = pool_key(item.sku, location)
        self.version = version
        self.currency = currency
        self.places = minor_unit(currency)
        self.fifo = item.valuation is ValuationMethod.FIFO
        self.quantity: Decimal = state.quantity if state else _ZERO
        self.units: int = state.value.to_minor() if state else 0
        last_cost = state.last_cost if state else None
        self.last_cost: int | None = None if last_cost is None else last_cost.to_minor()
        self.last_cost_quantity: Decimal | None = state.last_cost_quantity if state else None
        self.last_on: date | None = state.last_on if state else None
        self.next_layer: int = state.next_layer if state else 1
        self._pages = pages
        self._stored: list[_Layer] = []
        self._fresh: list[_Layer] = []
        self._head = 0  # layers before this index are used up
        self._loaded_to = 0
        self._exhausted = version is None

    @property
    def value(self) -> Money:
        """The value on hand now."""
        return money(self.units, self.currency, self.places)

    @property
    def state(self) -> StockState:
        """The pool's state as a record (what is stored after the call)."""
        last_cost = self.last_cost
        return assemble(
            StockState,
            {
                "pool": self.key,
                "item": self.item.sku,
                "location": self.location,
                "quantity": self.quantity,
                "value": self.value,
                "last_cost": None
                if last_cost is None
                else money(last_cost, self.currency, self.places),
                "last_cost_quantity": self.last_cost_quantity,
                "last_on": self.last_on,
                "next_layer": self.next_layer,
            },
        )

    # --- layers -----------------------------------------------------------------------
    # Stored layers are loaded a page at a time, in received order; layers received in
    # this call come after every stored one, so they live in a list of their own and
    # are reached only once the stored pages are exhausted.
    @staticmethod
    def _working(layer: CostLayer, version: int | None) -> _Layer:
        return _Layer(
            layer.seq,
            layer.received,
            layer.quantity,
            0,  # not used: the stored record keeps it
            layer.remaining,
            layer.remaining_value.to_minor(),
            layer,
            version,
        )

    def _slot(self, index: int) -> _Layer | None:
        while index >= len(self._stored) and not self._exhausted:
            page = self._pages(self._loaded_to)
            if not page:
                self._exhausted = True
            for layer, version in page:
                self._stored.append(self._working(layer, version))
                self._loaded_to = layer.seq
        if index < len(self._stored):
            return self._stored[index]
        fresh = index - len(self._stored)
        return self._fresh[fresh] if fresh < len(self._fresh) else None

    def preload(self, rows: list[tuple[CostLayer, int | None]], *, complete: bool) -> None:
        """Take the first stored open layers, read in bulk (in received order).

        Args:
            rows: Open layers with their stored versions, oldest first.
            complete: True when ``rows`` are all the open layers of the pool.
        """
        self._stored.extend(self._working(layer, version) for layer, version in rows)
        if rows:
            self._loaded_to = rows[-1][0].seq
        self._exhausted = complete

    def _record(self, layer: _Layer) -> CostLayer:
        remaining_value = money(layer.units, self.currency, self.places)
        open_at = layer_id(self.key, layer.seq) if layer.remaining > 0 else None
        stored = layer.record
        if stored is not None:
            values: dict[str, Any] = dict(stored.__dict__)
            values["remaining"] = layer.remaining
            values["remaining_value"] = remaining_value
            values["open_at"] = open_at
            return assemble(CostLayer, values)
        return assemble(
            CostLayer,
            {
                "id": layer_id(self.key, layer.seq),
                "pool": self.key,
                "seq": layer.seq,
                "received": layer.received,
                "quantity": layer.quantity,
                "value": money(layer.value, self.currency, self.places),
                "remaining": layer.remaining,
                "remaining_value": remaining_value,
                "open_at": open_at,
            },
        )

    def layers(self) -> list[CostLayer]:
        """Return the open layers known in memory (stored pages loaded so far, then new)."""
        known = [*self._stored, *self._fresh]
        return [self._record(layer) for layer in known if layer.remaining > 0]

    def changed_layers(self) -> list[tuple[CostLayer, int | None]]:
        """Return the layers this call changed or added, each with its stored version.

        A layer received in this call has version None (it is added, even if it was
        consumed in the same call).
        """
        return [
            (self._record(layer), layer.version)
            for layer in [*self._stored, *self._fresh]
            if layer.changed
        ]

    # --- movements --------------------------------------------------------------------
    def _advance(self, on: date) -> None:
        if self.last_on is None or on > self.last_on:
            self.last_on = on

    def receive(self, quantity: Decimal, units: int, on: date) -> None:
        """Add ``quantity`` (above zero) worth ``units`` minor units received on ``on``."""
        if self.fifo:
            covered = min(quantity, max(-self.quantity, _ZERO))
            rest = quantity - covered
            if rest > 0:
                layer_units = units - share_units(units, covered, quantity) if covered else units
                seq = self.next_layer
                layer = _Layer(seq, on, rest, layer_units, rest, layer_units, None, None)
                self._fresh.append(layer)
                self.next_layer = seq + 1
        self.quantity += quantity
        self.units += units
        if self.fifo or self.quantity <= 0:
            self.last_cost, self.last_cost_quantity = units, quantity
        else:
            self.last_cost, self.last_cost_quantity = self.units, self.quantity
        self._advance(on)

    def cost_of(self, quantity: Decimal) -> int:
        """Return what ``quantity`` more would cost at the pool's current cost (minor units).

        The average cost while stock is on hand, else the last known cost.

        Raises:
            UnknownCostError: If the pool has no stock and has never known a cost.
        """
        if self.quantity > 0:
            return share_units(self.units, quantity, self.quantity)
        return self._last_cost(quantity)

    def issue(self, quantity: Decimal, on: date) -> int:
        """Take ``quantity`` (above zero) out on ``on``; return its value in minor units.

        The value returned is positive (the cost of what went out).

        Raises:
            InsufficientStockError: If it is more than on hand and the item does not
                allow negative stock.
            UnknownCostError: If stock beyond what is on hand has no known cost.
        """
        if quantity > self.quantity and not self.item.allow_negative:
            raise InsufficientStockError(
                f"cannot take {quantity} {self.item.unit} of item {self.item.sku!r} from "
                f"{self.location!r} on {on}: only {self.quantity} on hand; receive stock "
                "first, or allow negative stock on the item"
            )
        on_hand = max(self.quantity, _ZERO)
        from_stock = min(quantity, on_hand)
        beyond = quantity - from_stock
        if from_stock and from_stock == self.quantity:
            units = self.units  # the pool empties: its whole value goes
            if self.fifo:
                self._consume(from_stock)
        elif self.fifo:
            units = self._consume(from_stock)
        elif from_stock:
            units = share_units(self.units, from_stock, self.quantity)
        else:
            units = 0
        if beyond:
            units += self._last_cost(beyond)
        self.quantity -= quantity
        self.units -= units
        self._advance(on)
        return units

    def _last_cost(self, quantity: Decimal) -> int:
        if self.last_cost is None or not self.last_cost_quantity:
            raise UnknownCostError(
                f"item {self.item.sku!r} at {self.location!r} has no stock and no known "
                "cost: give the movement a cost (value or unit_cost), or receive it first"
            )
        return share_units(self.last_cost, quantity, self.last_cost_quantity)

    def _consume(self, quantity: Decimal) -> int:
        units = 0
        need = quantity
        while need > 0:
            layer = self._slot(self._head)
            if layer is None:
                break
            if layer.remaining <= 0:
                self._head += 1
                continue
            take = min(need, layer.remaining)
            if take == layer.remaining:
                part = layer.units
            else:
                part = share_units(layer.units, take, layer.remaining)
            layer.remaining -= take
            layer.units -= part
            layer.changed = True
            units += part
            need -= take
        return units
