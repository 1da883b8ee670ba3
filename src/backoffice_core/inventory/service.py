"""The inventory service: record stock movements, read stock on hand, count, reorder.

:class:`Inventory` is what ``office.inventory`` returns. Its verbs (receive, issue,
transfer, adjust, count and the bulk :meth:`Inventory.record`) run through
:func:`~backoffice_core.inventory.engine.record_moves`: validated as a whole, valued by
each item's method, posted to the ledger and written in one unit of work. Stock on hand
as of a date is one aggregate of the movements in the store (never a loop over them).
The catalog (units, locations, items, account mappings) is :attr:`Inventory.catalog`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
from pydantic import ValidationError

from backoffice_core.context import Context, UnitOfWork
from backoffice_core.errors import InvalidInputError
from backoffice_core.i18n import DEFAULT_LOCALE
from backoffice_core.inventory.catalog import StockCatalog
from backoffice_core.inventory.engine import record_moves
from backoffice_core.inventory.errors import UnknownItemError
from backoffice_core.inventory.models import (
    Movement,
    MovementType,
    ReorderLine,
    StockLevel,
    StockMove,
    StockState,
    pool_key,
    trim,
)
from backoffice_core.inventory.ports import MOVEMENT, STOCK
from backoffice_core.inventory.reports import (
    MovementHistory,
    StockValuation,
    movement_history,
    stock_valuation,
)
from backoffice_core.ledger import Ledger
from backoffice_core.money import Money
from backoffice_core.records import Range

__all__ = ["Inventory"]


def _move(**fields: Any) -> StockMove:
    try:
        return StockMove.model_validate({k: v for k, v in fields.items() if v is not None})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise InvalidInputError(f"{fields.get('type')} is invalid: {problems}") from None


def _quantity(value: Any, what: str) -> Decimal:
    if isinstance(value, bool | float) or not isinstance(value, Decimal | int | str):
        raise InvalidInputError(
            f"{what} {value!r} must be a Decimal, int or numeric string, never a float"
        )
    try:
        result = Decimal(value)
    except ArithmeticError:
        raise InvalidInputError(f"{what} {value!r} is not a number") from None
    if not result.is_finite():
        raise InvalidInputError(f"{what} {value!r} must be finite")
    return result


@attrs.define
class Inventory:
    """One entity's stock: movements, valuation, counts, reorder points and reports.

    Args:
        context: Entity, actor, authorizer and clock.
        uow: The unit of work the writes happen in (shared with the ledger).
        ledger: The ledger that cost of goods, receipts and differences post to.
    """

    _context: Context
    _uow: UnitOfWork
    _ledger: Ledger
    catalog: StockCatalog = attrs.field(init=False)
    """Units of measure, locations, items and their ledger accounts."""

    def __attrs_post_init__(self) -> None:
        self.catalog = StockCatalog(self._context, self._uow, self._ledger)

    def _one(self, description: str, **fields: Any) -> Movement:
        move = _move(**fields)
        (movement,) = record_moves(
            self._context,
            self._uow,
            self._ledger,
            [move],
            operation=move.id,
            entry_per_date=False,
            description=description,
        )
        return movement

    # --- movements --------------------------------------------------------------------
    def receive(
        self,
        item: str,
        location: str,
        quantity: Decimal | int | str,
        on: date,
        *,
        value: Money | None = None,
        unit_cost: Money | None = None,
        unit: str | None = None,
        account: str | None = None,
        id: str | None = None,
        reference: str = "",
        memo: str = "",
    ) -> Movement:
        """Receive goods: add quantity and value, post inventory against payable.

        Args:
            item: The item's SKU.
            location: Where the goods arrive.
            quantity: How much (above zero), in ``unit``.
            on: The date.
            value: The total cost (give this or ``unit_cost``).
            unit_cost: The cost of one ``unit``; the value is rounded half up.
            unit: The unit of ``quantity`` (None: the item's base unit).
            account: Credit this account instead of the category's payable account
                (cash, a goods-received clearing account).
            id: Idempotency key (also the ledger entry's suffix).
            reference: Source document (delivery note, invoice).
            memo: A note.

        Returns:
            The movement recorded (its ``entry`` is the ledger entry's id).

        Raises:
            UnknownItemError: If the item is not in the catalog.
            UnknownLocationError: If the location is not.
            UnitConversionError: If ``unit`` has no conversion to the base unit.
            BackdatedMovementError: If ``on`` is before the pool's latest movement.
            InvalidInputError: If the quantity or cost is missing, negative or malformed.
            MissingAccountsError: If the item's category has no ledger accounts.
            PeriodClosedError: If the ledger period of ``on`` is closed.
        """
        return self._one(
            f"Stock receipt {item} at {location}",
            type=MovementType.RECEIPT,
            item=item,
            location=location,
            quantity=_quantity(quantity, "quantity"),
            on=on,
            value=value,
            unit_cost=unit_cost,
            unit=unit,
            account=account,
            id=id,
            reference=reference,
            memo=memo,
        )

    def issue(
        self,
        item: str,
        location: str,
        quantity: Decimal | int | str,
        on: date,
        *,
        unit: str | None = None,
        account: str | None = None,
        id: str | None = None,
        reference: str = "",
        memo: str = "",
    ) -> Movement:
        """Issue goods: value them by the item's method and post the cost of goods.

        Args:
            item: The item's SKU.
            location: Where the goods leave from.
            quantity: How much (above zero), in ``unit``.
            on: The date.
            unit: The unit of ``quantity`` (None: the base unit).
            account: Debit this account instead of the category's cost of goods.
            id: Idempotency key.
            reference: Source document.
            memo: A note.

        Returns:
            The movement; its ``value`` is minus the cost of the goods issued.

        Raises:
            InsufficientStockError: If more than is on hand is taken from an item that
                does not allow negative stock (nothing is written).
            InvalidInputError: As :meth:`receive` (unknown item or location, unit
                without conversion, back-dated movement).
            MissingAccountsError: As :meth:`receive`.
            PeriodClosedError: As :meth:`receive`.
        """
        return self._one(
            f"Stock issue {item} at {location}",
            type=MovementType.ISSUE,
            item=item,
            location=location,
            quantity=_quantity(quantity, "quantity"),
            on=on,
            unit=unit,
            account=account,
            id=id,
            reference=reference,
            memo=memo,
        )

    def transfer(
        self,
        item: str,
        from_location: str,
        to_location: str,
        quantity: Decimal | int | str,
        on: date,
        *,
        unit: str | None = None,
        id: str | None = None,
        reference: str = "",
        memo: str = "",
    ) -> tuple[Movement, Movement]:
        """Move goods between locations at their cost (nothing posted to the ledger).

        The source values the quantity by the item's method; the destination receives
        it at that value (FIFO: as one layer).

        Returns:
            The out leg (negative) and the in leg (positive).

        Raises:
            InsufficientStockError: As :meth:`issue`, at the source.
            InvalidInputError: If both locations are the same.
        """
        move = _move(
            type=MovementType.TRANSFER,
            item=item,
            location=from_location,
            to_location=to_location,
            quantity=_quantity(quantity, "quantity"),
            on=on,
            unit=unit,
            id=id,
            reference=reference,
            memo=memo,
        )
        out, into = record_moves(
            self._context,
            self._uow,
            self._ledger,
            [move],
            operation=id,
            entry_per_date=False,
            description=f"Stock transfer {item}",
        )
        return out, into

    def adjust(
        self,
        item: str,
        location: str,
        quantity: Decimal | int | str,
        on: date,
        *,
        value: Money | None = None,
        unit_cost: Money | None = None,
        unit: str | None = None,
        id: str | None = None,
        reference: str = "",
        memo: str = "",
    ) -> Movement:
        """Correct the quantity on hand (breakage, loss, found goods).

        Args:
            item: The item's SKU.
            location: Where.
            quantity: Signed: negative removes stock (valued by the item's method and
                posted as a loss), positive adds it (posted as a gain).
            on: The date.
            value: The value of stock added (default: the pool's current cost).
            unit_cost: Instead of ``value``, the cost of one ``unit``.
            unit: The unit of ``quantity``.
            id: Idempotency key.
            reference: Source document.
            memo: A note (the reason).

        Raises:
            UnknownCostError: If stock is added to a pool that never had a cost and
                no value is given.
            InsufficientStockError: As :meth:`issue`, for a removal.
        """
        return self._one(
            f"Stock adjustment {item} at {location}",
            type=MovementType.ADJUSTMENT,
            item=item,
            location=location,
            quantity=_quantity(quantity, "quantity"),
            on=on,
            value=value,
            unit_cost=unit_cost,
            unit=unit,
            id=id,
            reference=reference,
            memo=memo,
        )

    def record(self, moves: Iterable[StockMove], *, id: str | None = None) -> list[Movement]:
        """Record many movements in one call: all of them or none (the bulk path).

        Moves are applied in date order (stable within a date); each pool's state is
        read once and written once, and the ledger gets one entry per date.

        Args:
            moves: The movements.
            id: The call's id: the ledger entries are ``inventory-<id>-<date>``.

        Returns:
            The movements written, in the order applied.

        Raises:
            InvalidInputError: If any move is refused (see :meth:`receive`,
                :meth:`issue`); nothing is written.
            DuplicateIdError: If a move id is recorded with other content.
        """
        moves = list(moves)
        if not moves:
            return []
        return record_moves(
            self._context,
            self._uow,
            self._ledger,
            moves,
            operation=id,
            entry_per_date=True,
            description="Stock movements",
        )

    def count(
        self,
        location: str,
        on: date,
        counted: Mapping[str, Decimal | int | str],
        *,
        unit_costs: Mapping[str, Money] | None = None,
        id: str | None = None,
        reference: str = "",
    ) -> list[Movement]:
        """Record a stock count: post the difference between counted and on hand.

        Each counted item whose quantity differs from what is on hand at ``location``
        gets a count movement for the difference (a loss is valued by the item's
        method; a surplus at ``unit_costs`` or the pool's current cost), and the
        differences go to the ledger as ONE entry (inventory against the adjustment
        gain and loss accounts).

        Args:
            location: The location counted.
            on: The count's date.
            counted: SKU to the quantity counted, in its base unit.
            unit_costs: SKU to the cost of one base unit, for surpluses of items the
                pool has no cost for.
            id: Idempotency key of the count.
            reference: The count sheet's reference.

        Returns:
            The count movements written (none when everything matched).
        """
        moves = [
            _move(
                type=MovementType.COUNT,
                item=sku,
                location=location,
                quantity=_quantity(quantity, f"counted quantity of {sku!r}"),
                on=on,
                unit_cost=(unit_costs or {}).get(sku),
                reference=reference,
            )
            for sku, quantity in counted.items()
        ]
        if not moves:
            return []
        return record_moves(
            self._context,
            self._uow,
            self._ledger,
            moves,
            operation=id,
            entry_per_date=False,
            description=f"Stock count at {location}",
        )

    # --- reading ----------------------------------------------------------------------
    def on_hand(
        self,
        as_of: date | None = None,
        *,
        item: str | None = None,
        location: str | None = None,
        by_location: bool = True,
    ) -> list[StockLevel]:
        """Return quantity and value on hand as of a date (one aggregate query).

        Args:
            as_of: The last date included (None: everything recorded).
            item: Only this item.
            location: Only this location.
            by_location: One row per item and location; False sums every location.

        Returns:
            One level per item (and location) with movements, by SKU then location.
        """
        where: dict[str, Any] = {"on": Range(None, as_of)}
        if item is not None:
            where["item"] = item
        if location is not None:
            where["location"] = location
        by = ("item", "location") if by_location else ("item",)
        currency = self._ledger.base_currency
        return [
            StockLevel(
                item=row.group["item"],
                location=row.group.get("location"),
                quantity=trim(row.sums["quantity"]),
                value=row.sums["value"] or Money.zero(currency),
                movements=row.count,
            )
            for row in self._uow.records(MOVEMENT).totals(by=by, where=where)
        ]

    def state(self, item: str, location: str) -> StockState | None:
        """Return the current valuation state of ``item`` at ``location`` (None if unused)."""
        stored = self._uow.records(STOCK).get(pool_key(item, location))
        return None if stored is None else stored.record

    def movements(
        self,
        *,
        item: str | None = None,
        location: str | None = None,
        start: date | None = None,
        end: date | None = None,
        limit: int | None = None,
    ) -> list[Movement]:
        """Return movements in date order (ties by id), filtered.

        Args:
            item: Only this item.
            location: Only this location.
            start: First date included.
            end: Last date included.
            limit: At most this many.
        """
        where: dict[str, Any] = {"on": Range(start, end)}
        if item is not None:
            where["item"] = item
        if location is not None:
            where["location"] = location
        page = self._uow.records(MOVEMENT).find(where, order_by=("on",), limit=limit)
        return [s.record for s in page.items]

    def below_reorder_point(self, as_of: date | None = None) -> list[ReorderLine]:
        """Return the items whose quantity on hand (all locations) is below their reorder point.

        Args:
            as_of: The date of the quantity on hand (None: everything recorded).
        """
        items = [i for i in self.catalog.items() if i.reorder_point is not None and i.active]
        if not items:
            return []
        levels = {level.item: level.quantity for level in self.on_hand(as_of, by_location=False)}
        out = []
        for item in items:
            assert item.reorder_point is not None  # filtered above
            on_hand = levels.get(item.sku, Decimal(0))
            if on_hand < item.reorder_point:
                out.append(
                    ReorderLine(
                        item=item.sku,
                        name=item.name,
                        unit=item.unit,
                        on_hand=on_hand,
                        reorder_point=item.reorder_point,
                        reorder_quantity=item.reorder_quantity,
                        shortfall=item.reorder_point - on_hand,
                    )
                )
        return out

    # --- reports ----------------------------------------------------------------------
    def valuation_report(
        self, as_of: date, *, location: str | None = None, locale: str = DEFAULT_LOCALE
    ) -> StockValuation:
        """Return the stock on hand and its value per item and location on ``as_of``.

        Args:
            as_of: The last date included.
            location: Only this location.
            locale: Language of the subtitle (the renderers take their own locale).
        """
        items = {i.sku: i for i in self.catalog.items()}
        levels = self.on_hand(as_of, location=location)
        return stock_valuation(
            self._context.entity, self._ledger.base_currency, items, levels, as_of, locale
        )

    def movement_report(
        self,
        start: date,
        end: date,
        *,
        item: str | None = None,
        location: str | None = None,
        locale: str = DEFAULT_LOCALE,
    ) -> MovementHistory:
        """Return the movements between two dates with running quantity and value.

        Each row shows the balance of its item at its location after the movement;
        the opening balances come from one aggregate as of the day before ``start``.

        Raises:
            InvalidInputError: If ``start`` is after ``end``.
            UnknownItemError: If ``item`` is given and not in the catalog.
        """
        if start > end:
            raise InvalidInputError(f"movement report from {start} to {end}: start is after end")
        if item is not None and item not in {i.sku for i in self.catalog.items()}:
            raise UnknownItemError(f"no item {item!r} in the catalog")
        opening = self.on_hand(
            date.fromordinal(start.toordinal() - 1), item=item, location=location
        )
        rows = self.movements(item=item, location=location, start=start, end=end)
        return movement_history(
            self._context.entity, self._ledger.base_currency, opening, rows, start, end, locale
        )
