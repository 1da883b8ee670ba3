"""Valuation of one stock pool (one item at one location) by FIFO or moving average.

:class:`Pool` holds a pool's :class:`~backoffice_core.inventory.models.StockState` and,
for FIFO items, its open cost layers, loaded a page at a time only when an issue needs
them. It applies receipts and issues in memory and says which records changed; the
service writes them (with the versions they were read at) after the whole call has been
validated. It never reads movements.

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

from backoffice_core.inventory.errors import InsufficientStockError, UnknownCostError
from backoffice_core.inventory.models import (
    CostLayer,
    Item,
    StockState,
    ValuationMethod,
    layer_id,
    pool_key,
)
from backoffice_core.money import Money

__all__ = ["LayerPage", "Pool", "share"]

LayerPage = Callable[[int], list[tuple[CostLayer, int]]]
"""Loads the open layers of a pool with ``seq`` above the given one, in order, each with
its stored version (a page at a time)."""

_SCALE = Decimal(1).scaleb(6)


def share(value: Money, part: Decimal, whole: Decimal) -> Money:
    """Return ``value * part / whole`` rounded half up to the minor unit, exactly.

    The division is done on integers (minor units and quantities scaled to six
    decimals), so the result is the exact quotient rounded once.

    Raises:
        ValueError: If ``whole`` is zero.
    """
    units = value.to_minor()
    num = units * int(part * _SCALE)
    den = int(whole * _SCALE)
    if den == 0:
        raise ValueError("share of a zero quantity")
    if den < 0:
        num, den = -num, -den
    quotient, rest = divmod(abs(num), den)
    if 2 * rest >= den:
        quotient += 1  # VALUE_ROUNDING: half up (away from zero)
    return Money.from_minor(quotient if num >= 0 else -quotient, value.currency)


class Pool:
    """The valuation state of one item at one location, changed in memory.

    The working figures are plain attributes while a call runs; :attr:`state` builds
    the record to store once at the end.

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
        self.fifo = item.valuation is ValuationMethod.FIFO
        zero = Money.zero(currency)
        self.quantity: Decimal = state.quantity if state else Decimal(0)
        self.value: Money = state.value if state else zero
        self.last_cost: Money | None = state.last_cost if state else None
        self.last_cost_quantity: Decimal | None = state.last_cost_quantity if state else None
        self.last_on: date | None = state.last_on if state else None
        self.next_layer: int = state.next_layer if state else 1
        self._pages = pages
        self._stored: list[tuple[CostLayer, int | None]] = []
        self._fresh: list[tuple[CostLayer, int | None]] = []
        self._head = 0  # layers before this index are used up
        self._loaded_to = 0
        self._exhausted = version is None
        self.changed_layers: dict[str, tuple[CostLayer, int | None]] = {}

    @property
    def state(self) -> StockState:
        """The pool's state as a record (what is stored after the call)."""
        return StockState(
            pool=self.key,
            item=self.item.sku,
            location=self.location,
            quantity=self.quantity,
            value=self.value,
            last_cost=self.last_cost,
            last_cost_quantity=self.last_cost_quantity,
            last_on=self.last_on,
            next_layer=self.next_layer,
        )

    # --- layers -----------------------------------------------------------------------
    # Stored layers are loaded a page at a time, in received order; layers received in
    # this call come after every stored one, so they live in a list of their own and
    # are reached only once the stored pages are exhausted.
    def _slot(self, index: int) -> tuple[list[tuple[CostLayer, int | None]], int] | None:
        while index >= len(self._stored) and not self._exhausted:
            page = self._pages(self._loaded_to)
            if not page:
                self._exhausted = True
            for layer, version in page:
                self._stored.append((layer, version))
                self._loaded_to = layer.seq
        if index < len(self._stored):
            return self._stored, index
        fresh = index - len(self._stored)
        return (self._fresh, fresh) if fresh < len(self._fresh) else None

    def preload(self, rows: list[tuple[CostLayer, int | None]], *, complete: bool) -> None:
        """Take the first stored open layers, read in bulk (in received order).

        Args:
            rows: Open layers with their stored versions, oldest first.
            complete: True when ``rows`` are all the open layers of the pool.
        """
        self._stored.extend(rows)
        if rows:
            self._loaded_to = rows[-1][0].seq
        self._exhausted = complete

    def layers(self) -> list[CostLayer]:
        """Return the open layers known in memory (stored pages loaded so far, then new)."""
        return [layer for layer, _ in [*self._stored, *self._fresh] if layer.open]

    # --- movements --------------------------------------------------------------------
    def _advance(self, on: date) -> None:
        if self.last_on is None or on > self.last_on:
            self.last_on = on

    def receive(self, quantity: Decimal, value: Money, on: date) -> None:
        """Add ``quantity`` (above zero) worth ``value`` received on ``on``."""
        if self.fifo:
            covered = min(quantity, max(-self.quantity, Decimal(0)))
            rest = quantity - covered
            if rest > 0:
                layer_value = value - share(value, covered, quantity) if covered else value
                seq = self.next_layer
                layer = CostLayer(
                    id=layer_id(self.key, seq),
                    pool=self.key,
                    seq=seq,
                    received=on,
                    quantity=rest,
                    value=layer_value,
                    remaining=rest,
                    remaining_value=layer_value,
                    open_at=layer_id(self.key, seq),
                )
                self._fresh.append((layer, None))
                self.changed_layers[layer.id] = (layer, None)
                self.next_layer = seq + 1
        self.quantity += quantity
        self.value += value
        if self.fifo or self.quantity <= 0:
            self.last_cost, self.last_cost_quantity = value, quantity
        else:
            self.last_cost, self.last_cost_quantity = self.value, self.quantity
        self._advance(on)

    def cost_of(self, quantity: Decimal) -> Money:
        """Return what ``quantity`` more would cost at the pool's current cost.

        The average cost while stock is on hand, else the last known cost.

        Raises:
            UnknownCostError: If the pool has no stock and has never known a cost.
        """
        if self.quantity > 0:
            return share(self.value, quantity, self.quantity)
        return self._last_cost(quantity)

    def issue(self, quantity: Decimal, on: date) -> Money:
        """Take ``quantity`` (above zero) out on ``on`` and return its value (positive).

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
        on_hand = max(self.quantity, Decimal(0))
        from_stock = min(quantity, on_hand)
        beyond = quantity - from_stock
        if from_stock and from_stock == self.quantity:
            value = self.value  # the pool empties: its whole value goes
            if self.fifo:
                self._consume(from_stock)
        elif self.fifo:
            value = self._consume(from_stock)
        elif from_stock:
            value = share(self.value, from_stock, self.quantity)
        else:
            value = Money.zero(self.currency)
        if beyond:
            value += self._last_cost(beyond)
        self.quantity -= quantity
        self.value -= value
        self._advance(on)
        return value

    def _last_cost(self, quantity: Decimal) -> Money:
        if self.last_cost is None or not self.last_cost_quantity:
            raise UnknownCostError(
                f"item {self.item.sku!r} at {self.location!r} has no stock and no known "
                "cost: give the movement a cost (value or unit_cost), or receive it first"
            )
        return share(self.last_cost, quantity, self.last_cost_quantity)

    def _consume(self, quantity: Decimal) -> Money:
        value = Money.zero(self.currency)
        need = quantity
        while need > 0:
            slot = self._slot(self._head)
            if slot is None:
                break
            rows, index = slot
            layer, version = rows[index]
            if not layer.open:
                self._head += 1
                continue
            take = min(need, layer.remaining)
            if take == layer.remaining:
                part = layer.remaining_value
            else:
                part = share(layer.remaining_value, take, layer.remaining)
            remaining = layer.remaining - take
            updated = layer.model_copy(
                update={
                    "remaining": remaining,
                    "remaining_value": layer.remaining_value - part,
                    "open_at": layer.id if remaining > 0 else None,
                }
            )
            rows[index] = (updated, version)
            self.changed_layers[layer.id] = (updated, version)
            value += part
            need -= take
        return value
