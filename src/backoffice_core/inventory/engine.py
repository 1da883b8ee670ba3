"""Recording stock movements: validate a whole call, value it, post it, then write it.

:func:`record_moves` is the one path every movement takes, from a single receipt to a
bulk load of many thousands. It reads the catalog and the valuation state of the pools
the call touches (never their movements), applies the moves in date order in memory
(:class:`~backoffice_core.inventory.valuation.Pool`), refuses the whole call on the
first bad move, asks the authorizer about every movement, and only then writes: the
ledger entries (through the ledger's public API), the movements, the FIFO layers and
the pool states, the last two replaced with the versions they were read at. All of it
happens in one unit of work, so a refusal anywhere leaves the store unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from backoffice_core.collector import paused_gc
from backoffice_core.context import Context, UnitOfWork
from backoffice_core.errors import CurrencyMismatchError, DuplicateIdError, InvalidInputError
from backoffice_core.ids import new_id
from backoffice_core.inventory.errors import (
    BackdatedMovementError,
    MissingAccountsError,
    UnknownItemError,
    UnknownLocationError,
)
from backoffice_core.inventory.models import (
    QUANTITY_PLACES,
    VALUE_ROUNDING,
    CostLayer,
    Item,
    Movement,
    MovementType,
    StockAccounts,
    StockMove,
    Unit,
    layer_id,
    pool_key,
    trim,
)
from backoffice_core.inventory.ports import ACCOUNTS, ITEM, LAYER, LOCATION, MOVEMENT, STOCK, UNIT
from backoffice_core.inventory.units import to_base
from backoffice_core.inventory.valuation import Pool, money
from backoffice_core.ledger import EntryDraft, Ledger, Line
from backoffice_core.money import Money, minor_unit
from backoffice_core.prebuilt import assemble
from backoffice_core.records import Range, Records

__all__ = ["VERBS", "record_moves"]

VERBS = {
    MovementType.RECEIPT: "receive",
    MovementType.ISSUE: "issue",
    MovementType.TRANSFER: "transfer",
    MovementType.ADJUSTMENT: "adjust",
    MovementType.COUNT: "count",
}
"""The permission verb of each movement type (``inventory.stock.<verb>``)."""

_LAYER_PAGE = 200
_PREFETCH = 20_000
_LAST_LAYER = 10**12 - 1  # the largest sequence a 12-digit layer id holds
_STEP = Decimal(1).scaleb(-QUANTITY_PLACES)


@attrs.define
class _Posting:
    """Ledger lines of one entry, summed per account and side."""

    on: date
    amounts: dict[tuple[str, bool], int] = attrs.field(factory=dict)  # minor units

    def add(self, debit: str, credit: str, units: int) -> None:
        if not units:
            return
        if units < 0:
            debit, credit, units = credit, debit, -units
        amounts = self.amounts
        amounts[debit, True] = amounts.get((debit, True), 0) + units
        amounts[credit, False] = amounts.get((credit, False), 0) + units

    def lines(self, currency: str, places: int) -> list[Line]:
        out = []
        for (code, is_debit), units in sorted(self.amounts.items(), key=lambda kv: kv[0]):
            amount = money(units, currency, places)
            out.append(Line.debit(code, amount) if is_debit else Line.credit(code, amount))
        return out


def _keys(move: StockMove, move_id: str) -> list[str]:
    if move.type is MovementType.TRANSFER:
        return [f"{move_id}/out", f"{move_id}/in"]
    return [move_id]


def _same(stored: Movement, move: StockMove, item: str, location: str) -> bool:
    # A count records a difference, not what was counted: its quantity cannot be compared.
    counted = move.type is MovementType.COUNT
    return (
        stored.item == item
        and stored.location == location
        and stored.on == move.on
        and stored.type is move.type
        and (counted or stored.entered == abs(move.quantity))
    )


@attrs.define
class _Call:
    context: Context
    uow: UnitOfWork
    ledger: Ledger
    operation: str
    entry_per_date: bool
    description: str
    currency: str = attrs.field(init=False)
    places: int = attrs.field(init=False)
    items: dict[str, Item] = attrs.field(factory=dict)
    accounts: dict[str, StockAccounts] = attrs.field(factory=dict)
    units: dict[str, Unit] | None = None
    pools: dict[str, Pool] = attrs.field(factory=dict)
    postings: dict[str, _Posting] = attrs.field(factory=dict)

    layer_store: Records[CostLayer] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.currency = self.ledger.base_currency
        self.places = minor_unit(self.currency)
        self.layer_store = self.uow.records(LAYER)

    # --- reading ----------------------------------------------------------------------
    def load(self, moves: Sequence[StockMove]) -> None:
        skus = sorted({m.item for m in moves})
        found = self.uow.records(ITEM).get_many(skus)
        for sku in skus:
            stored = found.get(sku)
            if stored is None:
                raise UnknownItemError(f"no item {sku!r} in the catalog: add it with add_item")
            if not stored.record.active:
                raise InvalidInputError(
                    f"item {sku!r} is inactive and takes no movements: reactivate it first"
                )
            self.items[sku] = stored.record
        codes = sorted(
            {m.location for m in moves} | {m.to_location for m in moves if m.to_location}
        )
        locations = self.uow.records(LOCATION).get_many(codes)
        for code in codes:
            if code not in locations:
                raise UnknownLocationError(f"no stock location {code!r}: add it with add_location")
            if not locations[code].record.active:
                raise InvalidInputError(f"location {code!r} is inactive and takes no movements")
        categories = sorted({i.category for i in self.items.values()})
        mapped = self.uow.records(ACCOUNTS).get_many(categories)
        for category in categories:
            if category not in mapped:
                raise MissingAccountsError(
                    f"item category {category!r} has no ledger accounts: map them with "
                    "inventory.catalog.set_accounts(...) before recording stock"
                )
            self.accounts[category] = mapped[category].record
        pools = sorted(
            {pool_key(m.item, m.location) for m in moves}
            | {pool_key(m.item, m.to_location) for m in moves if m.to_location}
        )
        states = self.uow.records(STOCK).get_many(pools)
        for key in pools:
            sku, _, location = key.partition("@")
            stored_state = states.get(key)
            self.pools[key] = Pool(
                self.items[sku],
                location,
                None if stored_state is None else stored_state.record,
                None if stored_state is None else stored_state.version,
                self.currency,
                self._pages(key),
            )
        self._prefetch([p for p in self.pools.values() if p.fifo and p.version is not None])

    def _prefetch(self, pools: list[Pool]) -> None:
        # The open layers of all the pools of one item (at every location the call
        # touches) in one read of the open_at index: a pool's layer ids start with its
        # key, so they are one range, and those of one item's pools are adjacent. Only
        # open layers are read, however many closed ones the pools have. A capped read
        # leaves its last pool (and any not reached) to paging.
        runs: dict[str, list[Pool]] = {}
        for pool in sorted(pools, key=lambda p: p.key):
            runs.setdefault(pool.item.sku, []).append(pool)
        for run in runs.values():
            found = self.layer_store.find(
                {"open_at": Range(layer_id(run[0].key, 0), layer_id(run[-1].key, _LAST_LAYER))},
                order_by=("open_at",),
                limit=_PREFETCH,
            ).items
            by_pool: dict[str, list[tuple[CostLayer, int | None]]] = {}
            for stored in found:
                by_pool.setdefault(stored.record.pool, []).append((stored.record, stored.version))
            capped = len(found) == _PREFETCH
            last = found[-1].record.pool if found else None
            for pool in run:
                key = pool.key
                if capped and (last is None or key >= last):
                    if key == last:
                        pool.preload(by_pool[key], complete=False)
                    continue
                pool.preload(by_pool.get(key, []), complete=True)

    def _pages(self, key: str) -> Callable[[int], list[tuple[CostLayer, int]]]:
        def page(after: int) -> list[tuple[CostLayer, int]]:
            found = self.layer_store.find(
                {"open_at": Range(layer_id(key, after + 1), layer_id(key, _LAST_LAYER))},
                order_by=("open_at",),
                limit=_LAYER_PAGE,
            )
            return [(s.record, s.version) for s in found.items]

        return page

    def _unit_table(self) -> dict[str, Unit]:
        if self.units is None:
            self.units = {s.key: s.record for s in self.uow.records(UNIT).find()}
        return self.units

    # --- validating -------------------------------------------------------------------
    def quantity(self, move: StockMove, item: Item) -> Decimal:
        entered = move.quantity
        if not isinstance(entered, Decimal) or not entered.is_finite():
            raise InvalidInputError(f"quantity {entered!r} of item {item.sku!r} must be a number")
        signed = move.type is MovementType.ADJUSTMENT
        counted = move.type is MovementType.COUNT
        if (
            (signed and entered == 0)
            or (counted and entered < 0)
            or (not signed and not counted and entered <= 0)
        ):
            rule = {True: "not zero", False: "above zero"}[signed]
            rule = "zero or more" if counted else rule
            raise InvalidInputError(
                f"{move.type} of item {item.sku!r} at {move.location!r}: quantity {entered} "
                f"must be {rule}"
            )
        needs_table = move.unit not in (None, item.unit) and move.unit not in item.conversions
        base = to_base(item, entered, move.unit, self._unit_table() if needs_table else {})
        if base != base.quantize(_STEP):
            raise InvalidInputError(
                f"quantity {entered} of item {item.sku!r} has more than {QUANTITY_PLACES} "
                "decimals: round it first"
            )
        if base == 0 and entered != 0:
            raise InvalidInputError(
                f"quantity {entered} {move.unit} of item {item.sku!r} is below 0.000001 "
                f"{item.unit}: enter a larger quantity"
            )
        return base

    def value(self, move: StockMove, item: Item) -> int | None:
        """Return the cost the move gives (value or unit cost), in minor units."""
        if move.value is not None and move.unit_cost is not None:
            raise InvalidInputError(
                f"{move.type} of item {item.sku!r}: give value or unit_cost, not both"
            )
        if move.unit_cost is not None:
            cost = move.unit_cost
            self._money(cost, item, "unit cost")
            return (cost * abs(move.quantity)).round(VALUE_ROUNDING).to_minor()
        if move.value is not None:
            self._money(move.value, item, "value")
            if not move.value.is_rounded():
                raise InvalidInputError(
                    f"value {move.value} of item {item.sku!r} has more decimals than "
                    f"{move.value.currency} allows: round it first"
                )
            return move.value.to_minor()
        return None

    def _money(self, amount: Money, item: Item, what: str) -> None:
        if not isinstance(amount, Money):
            raise InvalidInputError(f"{what} {amount!r} of item {item.sku!r} must be Money")
        if amount.currency != self.currency:
            raise CurrencyMismatchError(
                f"{what} {amount} of item {item.sku!r} is not in the base currency "
                f"{self.currency}: convert it first"
            )
        if amount.is_negative:
            raise InvalidInputError(f"{what} {amount} of item {item.sku!r} must not be negative")

    # --- applying ---------------------------------------------------------------------
    def entry_id(self, on: date) -> str:
        if self.entry_per_date:
            return f"inventory-{self.operation}-{on.isoformat()}"
        return f"inventory-{self.operation}"

    def apply(self, move: StockMove, move_id: str) -> list[Movement]:
        item = self.items[move.item]
        quantity = self.quantity(move, item)
        kind = move.type
        counting = kind is MovementType.COUNT
        value = None if counting else self.value(move, item)
        if counting and move.value is not None:
            raise InvalidInputError(
                f"count of item {item.sku!r}: give a unit_cost for found stock, not a value"
            )
        pool = self.pools[pool_key(item.sku, move.location)]
        targets = [pool]
        if kind is MovementType.TRANSFER:
            if move.to_location is None or move.to_location == move.location:
                raise InvalidInputError(
                    f"transfer of item {item.sku!r} from {move.location!r} needs a "
                    "to_location other than the source"
                )
            targets.append(self.pools[pool_key(item.sku, move.to_location)])
        elif move.to_location is not None:
            raise InvalidInputError(f"only a transfer has a to_location, not a {kind}")
        for target in targets:
            last = target.last_on
            if last is not None and move.on < last:
                raise BackdatedMovementError(
                    f"{kind} of item {item.sku!r} at {target.location!r} is dated "
                    f"{move.on}, before its latest movement on {last}: date it {last} or later"
                )
        accounts = self.accounts[item.category]
        entry_id = self.entry_id(move.on)
        posting = self.postings.get(entry_id)
        if posting is None:
            posting = self.postings[entry_id] = _Posting(move.on)
        unit = move.unit or item.unit
        entered = abs(move.quantity)
        signed = quantity
        if kind is MovementType.RECEIPT:
            if value is None:
                raise InvalidInputError(
                    f"receipt of item {item.sku!r} at {move.location!r} needs its cost: "
                    "give value or unit_cost"
                )
            pool.receive(quantity, value, move.on)
            posting.add(accounts.inventory, move.account or accounts.payable, value)
        elif kind is MovementType.ISSUE:
            self._no_cost(move, value, item)
            value = -pool.issue(quantity, move.on)
            signed = -quantity
            posting.add(move.account or accounts.cost_of_goods, accounts.inventory, -value)
        elif kind is MovementType.TRANSFER:
            self._no_cost(move, value, item)
            cost = pool.issue(quantity, move.on)
            targets[1].receive(quantity, cost, move.on)
            out_id, in_id = _keys(move, move_id)
            to = move.to_location
            assert to is not None  # checked above
            return [
                self.movement(out_id, move, move.location, -quantity, -cost, unit, entered, to),
                self.movement(in_id, move, to, quantity, cost, unit, entered, move.location),
            ]
        else:
            if counting:
                signed = trim(quantity - pool.quantity)
                if signed == 0:
                    return []
                entered = signed.copy_abs()
                unit = item.unit
            if signed > 0:
                if counting and move.unit_cost is not None:
                    self._money(move.unit_cost, item, "unit cost")
                    value = (move.unit_cost * signed).round(VALUE_ROUNDING).to_minor()
                value = value if value is not None else pool.cost_of(signed)
                pool.receive(signed, value, move.on)
            else:
                if move.value is not None or move.unit_cost is not None:
                    raise InvalidInputError(
                        f"{kind} of item {item.sku!r} removes stock, which is valued "
                        "by the item's method: give no value or unit_cost"
                    )
                value = -pool.issue(-signed, move.on)
            gain_or_loss = accounts.adjustment_gain if signed > 0 else accounts.adjustment_loss
            if signed > 0:
                posting.add(accounts.inventory, gain_or_loss, value)
            else:
                posting.add(gain_or_loss, accounts.inventory, -value)
        entry = entry_id if value else None
        return [
            self.movement(move_id, move, move.location, signed, value, unit, entered, None, entry)
        ]

    def movement(
        self,
        key: str,
        move: StockMove,
        location: str,
        quantity: Decimal,
        units: int,
        unit: str,
        entered: Decimal,
        counter_location: str | None,
        entry: str | None = None,
    ) -> Movement:
        """Build one movement record from values already checked (see ``assemble``)."""
        return assemble(
            Movement,
            {
                "id": key,
                "operation": self.operation,
                "item": move.item,
                "location": location,
                "on": move.on,
                "type": move.type,
                "quantity": quantity,
                "value": money(units, self.currency, self.places),
                "unit": unit,
                "entered": entered,
                "counter_location": counter_location,
                "reference": move.reference,
                "memo": move.memo,
                "entry": entry,
            },
        )

    @staticmethod
    def _no_cost(move: StockMove, value: int | None, item: Item) -> None:
        if value is not None:
            raise InvalidInputError(
                f"{move.type} of item {item.sku!r} is valued by the item's method "
                f"({item.valuation}): give no value or unit_cost"
            )
        if move.account is not None and move.type is not MovementType.ISSUE:
            raise InvalidInputError(f"a {move.type} posts to no counter-account: give none")

    # --- writing ----------------------------------------------------------------------
    def drafts(self) -> list[EntryDraft]:
        out = []
        for entry_id, posting in self.postings.items():
            lines = posting.lines(self.currency, self.places)
            if lines:
                out.append(
                    EntryDraft(
                        date=posting.on,
                        description=self.description,
                        lines=tuple(lines),
                        id=entry_id,
                        source=f"inventory:{self.operation}",
                    )
                )
        return out

    def write(self, movements: list[Movement]) -> None:
        for movement in movements:
            self.context.authorize(f"inventory.stock.{VERBS[movement.type]}", movement.id)
        drafts = self.drafts()
        if drafts:
            self.ledger.post_many(drafts)
        self.uow.records(MOVEMENT).add(movements)
        # One add() and one replace_many() per kind: a statement batch and one audit
        # record each, however many layers and pools the call touched.
        new_layers: list[CostLayer] = []
        consumed: list[tuple[CostLayer, int]] = []
        for pool in self.pools.values():
            for layer, version in pool.changed_layers():
                if version is None:
                    new_layers.append(layer)
                else:
                    consumed.append((layer, version))
        if consumed:
            self.layer_store.replace_many(consumed, action="consumed")
        if new_layers:
            self.layer_store.add(new_layers)
        fresh = [p.state for p in self.pools.values() if p.version is None]
        valued = [(p.state, p.version) for p in self.pools.values() if p.version is not None]
        states = self.uow.records(STOCK)
        if valued:
            states.replace_many(valued, action="valued")
        if fresh:
            states.add(fresh)


def record_moves(
    context: Context,
    uow: UnitOfWork,
    ledger: Ledger,
    moves: Sequence[StockMove],
    *,
    operation: str | None,
    entry_per_date: bool,
    description: str,
) -> list[Movement]:
    """Validate, value, post and write ``moves`` as one call (all or nothing).

    Args:
        context: Entity, actor and authorizer.
        uow: The unit of work.
        ledger: The ledger the postings go to.
        moves: The moves, in any order (applied by date, stable within a date).
        operation: The call's id (idempotency key); a new one when None. A single
            move without an id of its own takes it as its id.
        entry_per_date: Post one entry per date (bulk) instead of one per call.
        description: The ledger entries' description.

    Returns:
        The movements written (or found, when the call replays one already recorded).

    Raises:
        DuplicateIdError: If an id is given twice, or is recorded with other content.
        InvalidInputError: If a move is malformed (its subclasses say why:
            UnknownItemError, UnitConversionError, InsufficientStockError, ...).
        PermissionDeniedError: If the authorizer refuses a movement.
    """
    if operation is not None and not isinstance(operation, str):
        raise InvalidInputError(f"call id {operation!r} must be a string")
    for move in moves:
        if not isinstance(move, StockMove):
            raise InvalidInputError(
                f"{move!r} is not a StockMove: build each movement with StockMove(...)"
            )
    replayable = operation is not None  # a fresh operation id cannot have been recorded
    operation = operation or new_id()
    ids: list[str] = []
    known: list[str] = []  # the keys a replay could have recorded: given or derived ids
    for move in moves:
        if move.id is not None:
            ids.append(move.id)
            known += _keys(move, move.id)
        elif len(moves) == 1 and move.type is not MovementType.COUNT:
            ids.append(operation)
            known += _keys(move, operation) if replayable else []
        elif move.type is MovementType.COUNT:
            ids.append(f"{operation}/{move.item}")
            known += [ids[-1]] if replayable else []
        else:
            ids.append(new_id())
    keys = [key for move, move_id in zip(moves, ids, strict=True) for key in _keys(move, move_id)]
    if len(set(keys)) != len(keys):
        seen: set[str] = set()
        twice = next(k for k in keys if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise DuplicateIdError(f"movement id {twice!r} is given twice in one call")
    # No cycle collection while the call builds its records: it allocates many
    # short-lived objects (no cycles) that every automatic pass would scan again.
    with paused_gc(), uow.transaction():
        store = uow.records(MOVEMENT)
        recorded = store.get_many(known) if known else {}
        if recorded and all(m.type is MovementType.COUNT for m in moves):
            # A replayed count: its zero differences wrote nothing, so compare the operation.
            return list(_replayed(store.find({"operation": operation}).items, moves))
        if recorded:
            return _replay(recorded, moves, ids)
        call = _Call(context, uow, ledger, operation, entry_per_date, description)
        call.load(moves)
        order = sorted(range(len(moves)), key=lambda i: moves[i].on)
        movements: list[Movement] = []
        for i in order:
            movements += call.apply(moves[i], ids[i])
        if movements:
            call.write(movements)
        return movements


def _replayed(stored: Sequence[Any], moves: Sequence[StockMove]) -> list[Movement]:
    out = [s.record for s in stored]
    for movement in out:
        if not any(_same(movement, m, m.item, m.location) for m in moves):
            raise DuplicateIdError(
                f"operation {movement.operation!r} is recorded with other content: use a new id"
            )
    return out


def _replay(recorded: dict[str, Any], moves: Sequence[StockMove], ids: list[str]) -> list[Movement]:
    out: list[Movement] = []
    for move, move_id in zip(moves, ids, strict=True):
        locations = [move.location] + ([move.to_location or ""] if move.to_location else [])
        for key, location in zip(_keys(move, move_id), locations, strict=True):
            stored = recorded.get(key)
            if stored is None or not _same(stored.record, move, move.item, location):
                raise DuplicateIdError(
                    f"movement id {key!r} is recorded with other content (or the call "
                    "differs from the one recorded): use a new id"
                )
            out.append(stored.record)
    return out
