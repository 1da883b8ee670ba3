"""Valuation: FIFO layers and moving average, exact to the rupiah, conserving value."""

from __future__ import annotations

import contextlib
import uuid
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stock_setup import day, idr, ready

from backoffice_core import BackOffice, Money
from backoffice_core.inventory import (
    LAYER,
    InsufficientStockError,
    Item,
    MovementType,
    StockMove,
    ValuationMethod,
    engine,
)
from backoffice_core.inventory.valuation import Pool, share_units
from backoffice_core.records import Range


@pytest.fixture
def stock(office: BackOffice) -> BackOffice:
    """An office with the shared stock catalog."""
    return ready(office)


class TestShare:
    def test_share_rounds_half_up_once(self) -> None:
        """A share is the exact quotient rounded half up to the rupiah."""
        assert share_units(100, Decimal(1), Decimal(3)) == 33
        assert share_units(67, Decimal(1), Decimal(2)) == 34
        assert share_units(-67, Decimal(1), Decimal(2)) == -34

    @given(
        st.integers(0, 10**12),
        st.decimals(min_value=Decimal("0.000001"), max_value=Decimal(10**6), places=6),
        st.decimals(min_value=Decimal("0.000001"), max_value=Decimal(10**6), places=6),
    )
    def test_share_is_within_half_a_rupiah(self, units: int, part: Decimal, whole: Decimal) -> None:
        """The rounded share is never more than half a minor unit from the exact one."""
        exact = Decimal(units) * part / whole
        assert abs(share_units(units, part, whole) - exact) <= Decimal("0.5")


class TestFifo:
    def test_issue_consumes_the_oldest_layers(self, stock: BackOffice) -> None:
        """Fifteen kilos out of 10 at 1,000 and 10 at 1,200 cost 10,000 + 6,000."""
        inv = stock.inventory
        inv.receive("BERAS", "JKT", 10, day(2), value=idr(10_000))
        inv.receive("BERAS", "JKT", 10, day(3), value=idr(12_000))
        movement = inv.issue("BERAS", "JKT", 15, day(4))
        assert movement.value == idr(-16_000)
        state = inv.state("BERAS", "JKT")
        assert state is not None
        assert (state.quantity, state.value) == (Decimal(5), idr(6_000))

    def test_layers_keep_what_is_left(self, stock: BackOffice) -> None:
        """The used-up layer closes; the next keeps its remaining quantity and value."""
        inv = stock.inventory
        inv.receive("BERAS", "JKT", 10, day(2), value=idr(10_000))
        inv.receive("BERAS", "JKT", 10, day(3), value=idr(12_000))
        inv.issue("BERAS", "JKT", 15, day(4))
        layers = stock.backend.records(LAYER, stock.entity).find().items
        assert [(s.record.open, s.record.remaining, s.record.remaining_value) for s in layers] == [
            (False, Decimal(0), idr(0)),
            (True, Decimal(5), idr(6_000)),
        ]
        assert [s.version for s in layers] == [2, 2]

    def test_rounding_never_loses_a_rupiah(self, stock: BackOffice) -> None:
        """Three issues of a third each cost 33, 34 and 33: the whole 100."""
        inv = stock.inventory
        inv.receive("BERAS", "JKT", 3, day(2), value=idr(100))
        values = [inv.issue("BERAS", "JKT", 1, day(3)).value for _ in range(3)]
        assert values == [idr(-33), idr(-34), idr(-33)]

    def test_issue_reads_layers_page_by_page(self, stock: BackOffice) -> None:
        """An issue across more open layers than one page values every one of them."""
        moves = [
            StockMove(type=MovementType.RECEIPT, item="BERAS", location="JKT",
                      quantity=Decimal(1), on=day(2), value=idr(n))
            for n in range(1, 451)
        ]  # fmt: skip
        stock.inventory.record(moves)
        movement = stock.inventory.issue("BERAS", "JKT", 440, day(3))
        assert movement.value == idr(-sum(range(1, 441)))
        state = stock.inventory.state("BERAS", "JKT")
        assert state is not None
        assert state.value == idr(sum(range(441, 451)))

    def test_bulk_read_of_layers_capped_then_paged(
        self, stock: BackOffice, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """When the bulk read of open layers is capped, the rest is paged in order."""
        moves = [
            StockMove(type=MovementType.RECEIPT, item="BERAS", location=location,
                      quantity=Decimal(1), on=day(2), value=idr(n))
            for location in ("JKT", "SBY")
            for n in range(1, 151)
        ]  # fmt: skip
        stock.inventory.record(moves)
        monkeypatch.setattr(engine, "_PREFETCH", 100)
        issues = [
            StockMove(type=MovementType.ISSUE, item="BERAS", location=location,
                      quantity=Decimal(140), on=day(3))
            for location in ("JKT", "SBY")
        ]  # fmt: skip
        written = stock.inventory.record(issues)
        assert [m.value for m in written] == [idr(-sum(range(1, 141)))] * 2


class TestAverage:
    def test_issue_at_the_moving_average(self, stock: BackOffice) -> None:
        """Three for 100 and one for 50 average 37.5: one issued costs 38 (half up)."""
        inv = stock.inventory
        inv.receive("GULA", "JKT", 3, day(2), value=idr(100))
        inv.receive("GULA", "JKT", 1, day(3), value=idr(50))
        assert inv.issue("GULA", "JKT", 1, day(4)).value == idr(-38)
        inv.receive("GULA", "JKT", 1, day(5), value=idr(40))
        # 3 on hand worth 112 plus 1 for 40: 152 / 4 = 38 per kilo.
        assert inv.issue("GULA", "JKT", 2, day(6)).value == idr(-76)

    def test_emptying_the_pool_takes_its_whole_value(self, stock: BackOffice) -> None:
        """The last issue carries whatever value is left, so zero quantity is zero value."""
        inv = stock.inventory
        inv.receive("GULA", "JKT", 3, day(2), value=idr(100))
        inv.issue("GULA", "JKT", 1, day(3))
        assert inv.issue("GULA", "JKT", 2, day(4)).value == idr(-67)
        (level,) = inv.on_hand()
        assert (level.quantity, level.value) == (Decimal(0), idr(0))


OPS = st.lists(
    st.one_of(
        st.tuples(st.just("in"), st.integers(1, 40), st.integers(0, 1_000_000)),
        st.tuples(st.just("out"), st.integers(1, 50), st.just(0)),
    ),
    min_size=1,
    max_size=12,
)


class TestConservation:
    @pytest.mark.parametrize("method", list(ValuationMethod))
    @given(ops=OPS)
    @settings(max_examples=300)
    def test_pool_conserves_quantity_and_value(
        self, method: ValuationMethod, ops: list[tuple[str, int, int]]
    ) -> None:
        """Value in minus value out equals the value left, and no value without quantity."""
        item = Item(sku="X", unit="kg", valuation=method)
        pool = Pool(item, "L", None, None, "IDR", lambda after: [])
        value_in = value_out = 0
        quantity = Decimal(0)
        for kind, qty, amount in ops:
            if kind == "in":
                pool.receive(Decimal(qty), amount, day(2))
                value_in += amount
                quantity += qty
            elif qty <= quantity:
                out = pool.issue(Decimal(qty), day(2))
                assert out >= 0
                value_out += out
                quantity -= qty
            else:
                with pytest.raises(InsufficientStockError):
                    pool.issue(Decimal(qty), day(2))
        assert pool.state.quantity == quantity
        assert pool.state.value == idr(value_in - value_out)
        assert pool.state.value >= Money.zero("IDR")
        if quantity == 0:
            assert pool.state.value.is_zero
        if method is ValuationMethod.FIFO:
            layers = pool.layers()
            assert sum((layer.remaining for layer in layers), Decimal(0)) == quantity
            assert Money.sum((layer.remaining_value for layer in layers), "IDR") == pool.state.value

    @given(ops=OPS, method=st.sampled_from(list(ValuationMethod)))
    @settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
    def test_stored_stock_ties_out_to_the_ledger(
        self, url: str, ops: list[tuple[str, int, int]], method: ValuationMethod
    ) -> None:
        """On every backend: on-hand value equals the state, the layers and account 1140."""
        entity = f"PT Prop {uuid.uuid4().hex}"
        with BackOffice.open(url, entity=entity, actor="rina") as office:
            ready(office)
            office.inventory.catalog.add_item("X", unit="kg", valuation=method.value)
            for n, (kind, qty, amount) in enumerate(ops, start=1):
                on = date(2026, 1, min(n, 28))
                if kind == "in":
                    office.inventory.receive("X", "JKT", qty, on, value=idr(amount))
                else:
                    with contextlib.suppress(InsufficientStockError):
                        office.inventory.issue("X", "JKT", qty, on)
            levels = office.inventory.on_hand(item="X")
            state = office.inventory.state("X", "JKT")
            value = levels[0].value if levels else idr(0)
            if state is None:  # every issue was refused: nothing was written
                assert levels == []
            else:
                assert levels[0].quantity == state.quantity
                assert value == state.value
            assert office.ledger.balance("1140", date(2026, 12, 31)) == value
            if method is ValuationMethod.FIFO:
                open_layers = (
                    office.backend.records(LAYER, entity)
                    .find({"pool": "X@JKT", "open_at": Range()})
                    .items
                )
                remaining = Money.sum((s.record.remaining_value for s in open_layers), "IDR")
                assert remaining == value


class TestBulkWrites:
    def test_consumed_layers_and_pool_states_are_one_audited_write_each(
        self, stock: BackOffice
    ) -> None:
        """An issue call consuming layers of several pools audits one layer and one state write."""
        inv = stock.inventory
        receipts = [
            StockMove(
                type=MovementType.RECEIPT,
                item="BERAS",
                location=where,
                quantity=Decimal(2),
                on=day(n),
                value=idr(1_000 * n),
            )
            for where in ("JKT", "SBY")
            for n in (2, 3, 4)
        ]
        inv.record(receipts)
        before = max(r.seq for r in stock.audit.records())
        issues = [
            StockMove(
                type=MovementType.ISSUE,
                item="BERAS",
                location=where,
                quantity=Decimal(5),
                on=day(9),
            )
            for where in ("JKT", "SBY")
        ]
        inv.record(issues)
        actions = [r.action for r in stock.audit.records(after_seq=before)]
        assert actions.count("inventory.layer.consumed") == 1
        assert actions.count("inventory.stock.valued") == 1
        left = stock.backend.records(LAYER, stock.entity).find({"open_at": Range()})
        assert [(s.record.pool, s.record.remaining) for s in left] == [
            ("BERAS@JKT", Decimal(1)),
            ("BERAS@SBY", Decimal(1)),
        ]
