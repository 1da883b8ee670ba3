"""Ledger postings of stock: receipts, cost of goods issued, adjustments and counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from stock_setup import day, idr, quantity, ready

from backoffice_core import BackOffice, Money
from backoffice_core.errors import PeriodClosedError
from backoffice_core.inventory import MovementType, StockMove
from backoffice_core.ledger import Side


@pytest.fixture
def stock(office: BackOffice) -> BackOffice:
    """An office with the shared stock catalog."""
    return ready(office)


def lines(office: BackOffice, entry_id: str) -> list[tuple[str, Side, object]]:
    """Return an entry's lines as (account, side, amount)."""
    return [(ln.account, ln.side, ln.amount) for ln in office.ledger.entry(entry_id).lines]


class TestPostings:
    def test_receipt_debits_inventory_against_payable(self, stock: BackOffice) -> None:
        """A receipt posts Persediaan against Utang usaha for its value."""
        movement = stock.inventory.receive("BERAS", "JKT", 10, day(2), value=idr(100_000))
        assert movement.entry is not None
        assert lines(stock, movement.entry) == [
            ("1140", Side.DEBIT, idr(100_000)),
            ("2110", Side.CREDIT, idr(100_000)),
        ]

    def test_receipt_against_another_account(self, stock: BackOffice) -> None:
        """A cash purchase credits the account the call names."""
        movement = stock.inventory.receive(
            "BERAS", "JKT", 1, day(2), value=idr(9_000), account="1110"
        )
        assert movement.entry is not None
        assert ("1110", Side.CREDIT, idr(9_000)) in lines(stock, movement.entry)

    def test_issue_posts_cost_of_goods(self, stock: BackOffice) -> None:
        """An issue posts HPP against Persediaan for the FIFO cost."""
        stock.inventory.receive("BERAS", "JKT", 10, day(2), value=idr(10_000))
        stock.inventory.receive("BERAS", "JKT", 10, day(3), value=idr(12_000))
        movement = stock.inventory.issue("BERAS", "JKT", 15, day(4), id="so-1")
        assert movement.entry == "inventory-so-1"
        assert lines(stock, "inventory-so-1") == [
            ("1140", Side.CREDIT, idr(16_000)),
            ("5100", Side.DEBIT, idr(16_000)),
        ]

    def test_transfer_posts_nothing(self, stock: BackOffice) -> None:
        """A transfer between locations leaves the ledger alone."""
        stock.inventory.receive("BERAS", "JKT", 10, day(2), value=idr(10_000))
        entries = len(stock.ledger.entries())
        stock.inventory.transfer("BERAS", "JKT", "SBY", 3, day(3))
        assert len(stock.ledger.entries()) == entries

    def test_closed_period_refuses_the_movement(self, stock: BackOffice) -> None:
        """A movement in a closed period is refused with nothing written."""
        stock.inventory.receive("BERAS", "JKT", 10, day(2), value=idr(10_000))
        stock.ledger.close_period("2026-01")
        with pytest.raises(PeriodClosedError):
            stock.inventory.issue("BERAS", "JKT", 1, day(20))
        assert quantity(stock, "BERAS", "JKT") == 10
        state = stock.inventory.state("BERAS", "JKT")
        assert state is not None
        assert state.quantity == 10

    def test_inventory_account_ties_out(self, stock: BackOffice) -> None:
        """After receipts, issues, transfers and adjustments, 1140 equals the stock value."""
        inv = stock.inventory
        inv.receive("BERAS", "JKT", 10, day(2), value=idr(10_001))
        inv.receive("GULA", "SBY", 7, day(2), value=idr(70_003))
        inv.issue("BERAS", "JKT", 3, day(3))
        inv.issue("GULA", "SBY", 2, day(3))
        inv.transfer("BERAS", "JKT", "SBY", 2, day(4))
        inv.adjust("GULA", "SBY", -1, day(5))
        inv.adjust("BERAS", "SBY", "0.5", day(5))
        total = sum((lv.value.amount for lv in inv.on_hand()), Decimal(0))
        assert stock.ledger.balance("1140", day(31)) == Money(total, "IDR")

    def test_bulk_posts_one_entry_per_date(self, stock: BackOffice) -> None:
        """A bulk call posts one entry per date, summed per account and side."""
        moves = [
            StockMove(type=MovementType.RECEIPT, item="BERAS", location="JKT",
                      quantity=Decimal(5), on=day(2), value=idr(5_000)),
            StockMove(type=MovementType.RECEIPT, item="GULA", location="JKT",
                      quantity=Decimal(5), on=day(2), value=idr(7_000)),
            StockMove(type=MovementType.ISSUE, item="BERAS", location="JKT",
                      quantity=Decimal(2), on=day(3)),
        ]  # fmt: skip
        stock.inventory.record(moves, id="load")
        assert lines(stock, "inventory-load-2026-01-02") == [
            ("1140", Side.DEBIT, idr(12_000)),
            ("2110", Side.CREDIT, idr(12_000)),
        ]
        assert lines(stock, "inventory-load-2026-01-03") == [
            ("1140", Side.CREDIT, idr(2_000)),
            ("5100", Side.DEBIT, idr(2_000)),
        ]


class TestCount:
    def test_count_records_differences_and_one_entry(self, stock: BackOffice) -> None:
        """A count writes a movement per difference and posts them in one entry."""
        inv = stock.inventory
        inv.receive("BERAS", "JKT", 10, day(2), value=idr(10_000))
        inv.receive("GULA", "JKT", 4, day(2), value=idr(8_000))
        moves = inv.count("JKT", day(31), {"BERAS": 8, "GULA": 5}, id="so-jan")
        assert [(m.item, m.type, m.quantity, m.value) for m in moves] == [
            ("BERAS", MovementType.COUNT, Decimal(-2), idr(-2_000)),
            ("GULA", MovementType.COUNT, Decimal(1), idr(2_000)),
        ]
        assert lines(stock, "inventory-so-jan") == [
            ("1140", Side.CREDIT, idr(2_000)),
            ("1140", Side.DEBIT, idr(2_000)),
            ("7900", Side.CREDIT, idr(2_000)),
            ("8900", Side.DEBIT, idr(2_000)),
        ]
        assert quantity(stock, "BERAS", "JKT") == 8

    def test_matching_count_writes_nothing(self, stock: BackOffice) -> None:
        """A count that matches the books writes no movement and no entry."""
        stock.inventory.receive("BERAS", "JKT", 10, day(2), value=idr(10_000))
        entries = len(stock.ledger.entries())
        assert stock.inventory.count("JKT", day(31), {"BERAS": 10}) == []
        assert len(stock.ledger.entries()) == entries

    def test_count_surplus_of_an_uncosted_item_needs_a_cost(self, stock: BackOffice) -> None:
        """Found goods of an item never received take the unit cost given."""
        moves = stock.inventory.count("SBY", day(31), {"GULA": 2}, unit_costs={"GULA": idr(1_500)})
        assert moves[0].value == idr(3_000)

    def test_count_replay_is_a_no_op(self, stock: BackOffice) -> None:
        """Recording the same count id again writes nothing more."""
        stock.inventory.receive("BERAS", "JKT", 10, day(2), value=idr(10_000))
        first = stock.inventory.count("JKT", day(31), {"BERAS": 9}, id="so-1")
        again = stock.inventory.count("JKT", day(31), {"BERAS": 9}, id="so-1")
        assert again == first
        assert quantity(stock, "BERAS", "JKT") == 9


class TestReorder:
    def test_items_below_their_reorder_point(self, stock: BackOffice) -> None:
        """Rice below 50 kg over every location is listed with its shortfall."""
        inv = stock.inventory
        inv.receive("BERAS", "JKT", 30, day(2), value=idr(30_000))
        inv.receive("BERAS", "SBY", 15, day(2), value=idr(15_000))
        (line,) = inv.below_reorder_point()
        assert (line.item, line.on_hand, line.shortfall) == ("BERAS", Decimal(45), Decimal(5))

    def test_items_at_their_reorder_point_are_not_listed(self, stock: BackOffice) -> None:
        """Fifty kilos of rice is not below a reorder point of fifty."""
        stock.inventory.receive("BERAS", "JKT", 50, day(2), value=idr(50_000))
        assert stock.inventory.below_reorder_point() == []

    def test_reorder_as_of_a_date(self, stock: BackOffice) -> None:
        """As of a date before the receipt, rice is below its point."""
        stock.inventory.receive("BERAS", "JKT", 80, day(10), value=idr(80_000))
        assert [r.item for r in stock.inventory.below_reorder_point(day(9))] == ["BERAS"]
