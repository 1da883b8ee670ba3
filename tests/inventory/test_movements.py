"""Stock movements: receipts, issues, transfers, adjustments, on hand as of a date."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from stock_setup import day, idr, quantity, ready

from backoffice_core import BackOffice
from backoffice_core.errors import (
    DuplicateIdError,
    InvalidInputError,
    MoneyError,
    PermissionDeniedError,
    StateError,
)
from backoffice_core.inventory import (
    MOVEMENT,
    BackdatedMovementError,
    InsufficientStockError,
    MovementType,
    StockMove,
    UnknownCostError,
    UnknownItemError,
)


@pytest.fixture
def stock(office: BackOffice) -> BackOffice:
    """An office with the shared stock catalog."""
    return ready(office)


def snapshot(office: BackOffice) -> tuple[object, ...]:
    """Everything a refused call must leave unchanged."""
    inventory = office.inventory
    return (
        inventory.movements(),
        inventory.on_hand(),
        inventory.state("BERAS", "JKT"),
        len(office.ledger.entries()),
        office.audit.head(),
    )


class TestOnHand:
    def test_on_hand_as_of_a_date(self, stock: BackOffice) -> None:
        """On hand as of a date counts only movements up to that date."""
        inv = stock.inventory
        inv.receive("BERAS", "JKT", 10, day(2), value=idr(100_000))
        inv.issue("BERAS", "JKT", 4, day(5))
        inv.receive("BERAS", "SBY", 3, day(6), value=idr(36_000))
        (before,) = inv.on_hand(day(4))
        assert (before.item, before.location, before.quantity) == ("BERAS", "JKT", Decimal(10))
        assert before.value == idr(100_000)
        levels = {(lv.item, lv.location): lv for lv in inv.on_hand(day(31))}
        assert levels["BERAS", "JKT"].quantity == 6
        assert levels["BERAS", "JKT"].value == idr(60_000)
        assert levels["BERAS", "SBY"].quantity == 3

    def test_on_hand_summed_over_locations(self, stock: BackOffice) -> None:
        """by_location=False gives one row per item."""
        inv = stock.inventory
        inv.receive("BERAS", "JKT", 10, day(2), value=idr(100_000))
        inv.receive("BERAS", "SBY", 3, day(2), value=idr(36_000))
        (level,) = inv.on_hand(by_location=False)
        assert (level.location, level.quantity, level.value) == (None, Decimal(13), idr(136_000))

    def test_on_hand_is_one_store_aggregate(self, stock: BackOffice) -> None:
        """On hand equals the store's totals of the movement kind, grouped the same way."""
        inv = stock.inventory
        inv.receive("BERAS", "JKT", 10, day(2), value=idr(100_000))
        inv.transfer("BERAS", "JKT", "SBY", 4, day(3))
        rows = stock.backend.records(MOVEMENT, stock.entity).totals(by=("item", "location"))
        assert [(r.group["location"], r.sums["quantity"]) for r in rows] == [
            (lv.location, lv.quantity) for lv in inv.on_hand()
        ]


class TestReceiptsAndIssues:
    def test_receipt_by_unit_cost(self, stock: BackOffice) -> None:
        """A receipt priced per unit is valued quantity times cost, rounded half up."""
        movement = stock.inventory.receive("GULA", "JKT", "2.5", day(2), unit_cost=idr("14999.5"))
        assert movement.value == idr(37499)  # 37498.75 -> 37499

    def test_receipt_needs_a_cost(self, stock: BackOffice) -> None:
        """A receipt with neither value nor unit cost is refused."""
        with pytest.raises(InvalidInputError, match="needs its cost"):
            stock.inventory.receive("GULA", "JKT", 1, day(2))

    def test_negative_cost_is_refused(self, stock: BackOffice) -> None:
        """A negative receipt value is refused and nothing is written."""
        before = snapshot(stock)
        with pytest.raises(InvalidInputError, match="must not be negative"):
            stock.inventory.receive("BERAS", "JKT", 1, day(2), value=idr(-5))
        assert snapshot(stock) == before

    def test_float_quantity_is_refused(self, stock: BackOffice) -> None:
        """A float quantity is refused: quantities are exact."""
        with pytest.raises(InvalidInputError, match="float"):
            stock.inventory.receive("BERAS", "JKT", 1.5, day(2), value=idr(5))  # type: ignore[arg-type]

    def test_quantity_finer_than_six_decimals_is_refused(self, stock: BackOffice) -> None:
        """A quantity with seven decimals is refused with the library's error."""
        with pytest.raises(InvalidInputError, match="more than 6 decimals"):
            stock.inventory.receive("BERAS", "JKT", "0.0000001", day(2), value=idr(1))

    def test_zero_quantity_is_refused(self, stock: BackOffice) -> None:
        """An issue of zero is refused."""
        with pytest.raises(InvalidInputError, match="above zero"):
            stock.inventory.issue("BERAS", "JKT", 0, day(2))

    def test_foreign_currency_cost_is_refused(self, stock: BackOffice) -> None:
        """A cost in another currency than the ledger's is refused."""
        with pytest.raises(MoneyError, match="base currency"):
            stock.inventory.receive("BERAS", "JKT", 1, day(2), value=idr(5).__class__(5, "USD"))

    def test_issuing_more_than_on_hand_is_refused(self, stock: BackOffice) -> None:
        """An issue beyond the quantity on hand raises InsufficientStockError, writing nothing."""
        stock.inventory.receive("BERAS", "JKT", 5, day(2), value=idr(50_000))
        before = snapshot(stock)
        with pytest.raises(InsufficientStockError, match=r"'BERAS'.*only 5 on hand"):
            stock.inventory.issue("BERAS", "JKT", 6, day(3))
        assert snapshot(stock) == before

    def test_negative_stock_when_the_item_allows_it(self, stock: BackOffice) -> None:
        """Soap may go below zero, valued at its last known cost."""
        stock.inventory.receive("SABUN", "JKT", 10, day(2), value=idr(30_000))
        movement = stock.inventory.issue("SABUN", "JKT", 12, day(3))
        assert movement.value == idr(-36_000)
        assert quantity(stock, "SABUN", "JKT") == -2

    def test_negative_stock_without_a_known_cost(self, stock: BackOffice) -> None:
        """Going below zero in a pool that never had a cost is refused."""
        with pytest.raises(UnknownCostError, match="'SABUN'"):
            stock.inventory.issue("SABUN", "JKT", 1, day(3))

    def test_unknown_item_is_refused(self, stock: BackOffice) -> None:
        """An issue of an item not in the catalog names it."""
        with pytest.raises(UnknownItemError, match="'KOPI'"):
            stock.inventory.issue("KOPI", "JKT", 1, day(3))

    def test_backdated_movement_is_refused(self, stock: BackOffice) -> None:
        """A movement dated before the pool's latest one is refused."""
        stock.inventory.receive("BERAS", "JKT", 5, day(10), value=idr(50_000))
        before = snapshot(stock)
        with pytest.raises(BackdatedMovementError, match="2026-01-10"):
            stock.inventory.issue("BERAS", "JKT", 1, day(9))
        assert snapshot(stock) == before

    def test_replay_with_the_same_id_is_a_no_op(self, stock: BackOffice) -> None:
        """Receiving again under the same id returns the movement and writes nothing."""
        first = stock.inventory.receive("BERAS", "JKT", 5, day(2), value=idr(50_000), id="gr-1")
        before = snapshot(stock)
        again = stock.inventory.receive("BERAS", "JKT", 5, day(2), value=idr(50_000), id="gr-1")
        assert again == first
        assert snapshot(stock) == before

    def test_reused_id_with_other_content_is_refused(self, stock: BackOffice) -> None:
        """An id recorded for another movement raises DuplicateIdError."""
        stock.inventory.receive("BERAS", "JKT", 5, day(2), value=idr(50_000), id="gr-1")
        with pytest.raises(DuplicateIdError, match="gr-1"):
            stock.inventory.receive("GULA", "JKT", 5, day(2), value=idr(50_000), id="gr-1")

    def test_replay_with_another_quantity_is_refused(self, stock: BackOffice) -> None:
        """The same id with another quantity is not a replay: DuplicateIdError."""
        stock.inventory.receive("BERAS", "JKT", 5, day(2), value=idr(50_000), id="gr-1")
        with pytest.raises(DuplicateIdError, match="gr-1"):
            stock.inventory.receive("BERAS", "JKT", 6, day(2), value=idr(50_000), id="gr-1")
        assert quantity(stock, "BERAS", "JKT") == 5

    def test_movements_are_append_only(self, stock: BackOffice) -> None:
        """The movement kind refuses replacing a stored movement."""
        movement = stock.inventory.receive("BERAS", "JKT", 5, day(2), value=idr(50_000))
        store = stock.backend.records(MOVEMENT, stock.entity)
        with stock.transaction(), pytest.raises(StateError, match="append-only"):
            store.replace(movement, expected_version=1)


class TestTransfersAndAdjustments:
    def test_transfer_moves_quantity_and_value(self, stock: BackOffice) -> None:
        """A transfer takes value from the source at its cost and adds it at the destination."""
        inv = stock.inventory
        inv.receive("BERAS", "JKT", 10, day(2), value=idr(100_000))
        out, into = inv.transfer("BERAS", "JKT", "SBY", 4, day(3))
        assert (out.quantity, out.value, into.quantity, into.value) == (
            Decimal(-4),
            idr(-40_000),
            Decimal(4),
            idr(40_000),
        )
        assert quantity(stock, "BERAS", "SBY") == 4
        assert out.entry is None

    def test_transfer_to_the_same_location_is_refused(self, stock: BackOffice) -> None:
        """A transfer needs two different locations."""
        stock.inventory.receive("BERAS", "JKT", 10, day(2), value=idr(100_000))
        with pytest.raises(InvalidInputError, match="to_location"):
            stock.inventory.transfer("BERAS", "JKT", "JKT", 1, day(3))

    def test_positive_adjustment_at_current_cost(self, stock: BackOffice) -> None:
        """Found goods are valued at the pool's average cost when no value is given."""
        stock.inventory.receive("GULA", "JKT", 4, day(2), value=idr(60_000))
        movement = stock.inventory.adjust("GULA", "JKT", 1, day(3), memo="found")
        assert movement.value == idr(15_000)

    def test_removal_with_a_cost_is_refused(self, stock: BackOffice) -> None:
        """Stock removed by an adjustment takes the method's cost, not one given."""
        stock.inventory.receive("GULA", "JKT", 4, day(2), value=idr(60_000))
        with pytest.raises(InvalidInputError, match="removes stock"):
            stock.inventory.adjust("GULA", "JKT", -1, day(3), unit_cost=idr(1))
        assert quantity(stock, "GULA", "JKT") == 4

    def test_negative_adjustment_is_valued_like_an_issue(self, stock: BackOffice) -> None:
        """Broken goods leave at the item's method cost."""
        stock.inventory.receive("GULA", "JKT", 4, day(2), value=idr(60_000))
        movement = stock.inventory.adjust("GULA", "JKT", -1, day(3), memo="broken")
        assert (movement.quantity, movement.value) == (Decimal(-1), idr(-15_000))


class TestBulkRecord:
    def test_bulk_is_all_or_nothing(self, stock: BackOffice) -> None:
        """One bad move in a bulk call leaves the store unchanged."""
        before = snapshot(stock)
        moves = [
            StockMove(type=MovementType.RECEIPT, item="BERAS", location="JKT",
                      quantity=Decimal(5), on=day(2), value=idr(5000)),
            StockMove(type=MovementType.ISSUE, item="BERAS", location="JKT",
                      quantity=Decimal(6), on=day(3)),
        ]  # fmt: skip
        with pytest.raises(InsufficientStockError):
            stock.inventory.record(moves)
        assert snapshot(stock) == before

    def test_bulk_applies_moves_in_date_order(self, stock: BackOffice) -> None:
        """An issue listed before the receipt that precedes it by date is valid."""
        moves = [
            StockMove(type=MovementType.ISSUE, item="BERAS", location="JKT",
                      quantity=Decimal(2), on=day(3)),
            StockMove(type=MovementType.RECEIPT, item="BERAS", location="JKT",
                      quantity=Decimal(5), on=day(2), value=idr(5000)),
        ]  # fmt: skip
        written = stock.inventory.record(moves, id="batch-1")
        assert [m.type for m in written] == [MovementType.RECEIPT, MovementType.ISSUE]
        assert quantity(stock, "BERAS", "JKT") == 3

    def test_bulk_asks_the_authorizer_for_every_movement(self, url: str) -> None:
        """A bulk call asks about each movement; a refusal of one writes nothing."""
        asked: list[tuple[str, str]] = []

        class Recording:
            def check(self, actor: str, action: str, subject: str) -> None:
                asked.append((action, subject))
                if subject == "m-2":
                    raise PermissionDeniedError(f"{actor} may not {action} {subject}")

        entity = f"PT Bulk {uuid.uuid4().hex}"
        with BackOffice.open(url, entity=entity, actor="rina", authorizer=Recording()) as office:
            ready(office)
            moves = [
                StockMove(type=MovementType.RECEIPT, item="BERAS", location="JKT", id=f"m-{n}",
                          quantity=Decimal(1), on=day(2), value=idr(100))
                for n in (1, 2, 3)
            ]  # fmt: skip
            with pytest.raises(PermissionDeniedError):
                office.inventory.record(moves)
            assert ("inventory.stock.receive", "m-1") in asked
            assert ("inventory.stock.receive", "m-2") in asked
            assert office.inventory.movements() == []
