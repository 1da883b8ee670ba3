"""The rollup part of the record-store contract: totals of a kind that declares rollups.

:class:`RollupContract` is mixed into
:class:`~backoffice_core.testing.records_contract.RecordsContract`, so every backend
that runs the record-store suite runs these tests too. They store the same records
under :data:`ROLLED` (which declares a rollup) and :data:`UNROLLED` (the same layout
without it) and check, through the public port only, that a rollup changes no total:
grouped by the rollup's fields in either order, by a part of them, filtered on its
fields and on others, as of a date.
"""

from __future__ import annotations

import abc
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from backoffice_core.money import Money
from backoffice_core.records import Kind, OneOf, Range, Records, Rollup, TotalsRow, Where
from backoffice_core.storage import Backend

__all__ = ["LEAN", "ROLLED", "UNROLLED", "Direction", "Move", "RollupContract", "moves"]


class Direction(StrEnum):
    """Which way a sample move goes."""

    IN = "in"
    OUT = "out"


class Move(BaseModel):
    """A sample stock move: an item at a place on a day, a quantity and a value."""

    model_config = ConfigDict(frozen=True)

    id: str
    item: str | None
    place: str
    on: date
    direction: Direction
    quantity: Decimal
    value: Money


_LAYOUT: dict[str, Any] = {
    "key": lambda m: m.id,
    "indexed": ("item", "place", "on", "direction"),
    "totals": ("quantity", "value"),
    "scales": {"quantity": 3},
    "append_only": True,
}

ROLLED: Kind[Move] = Kind(
    "contract.rolled", Move, rollups=(Rollup(by=("item", "place"), where=("on",)),), **_LAYOUT
)
"""A kind whose totals by item and place, as of a day, come from a covering index."""

UNROLLED: Kind[Move] = Kind("contract.unrolled", Move, **_LAYOUT)
"""The same layout without a rollup: the reference the rolled totals must equal."""

LEAN: Kind[Move] = Kind(
    "contract.lean",
    Move,
    rollups=ROLLED.rollups,
    unindexed=("item", "place", "direction"),
    **_LAYOUT,
)
"""The rolled layout with only ``on`` indexed on its own: the other fields are filtered
through the rollup's covering index or a scan, and must answer alike."""


def moves(n: int) -> list[Move]:
    """Return ``n`` deterministic moves over items (one missing), places, days, currencies."""
    return [
        Move(
            id=f"m{i:05d}",
            item=(None, "beras", "gula", "kopi", "teh")[i % 5],
            place=("gudang", "toko", "pabrik")[i % 3],
            on=date(2026, 1 + i % 12, 1 + (i * 7) % 28),
            direction=Direction.OUT if i % 4 == 0 else Direction.IN,
            quantity=Decimal(i % 17) / 4 - 1,
            value=Money((i * 1_357) % 90_000 - 10_000, "USD" if i % 11 == 0 else "IDR"),
        )
        for i in range(n)
    ]


def _rows(rows: list[TotalsRow]) -> list[tuple[Any, ...]]:
    return [(dict(r.group), dict(r.sums), r.count) for r in rows]


class RollupContract(abc.ABC):
    """The rollup contract tests (mixed into ``RecordsContract``)."""

    backend: Backend

    def stores(self, entity: str = "PT Rollup") -> tuple[Records[Move], Records[Move]]:
        """Return the rolled and the unrolled stores of ``entity``."""
        return (
            self.backend.records(ROLLED, entity, actor="rina"),
            self.backend.records(UNROLLED, entity, actor="rina"),
        )

    def seed_moves(self, n: int = 300) -> list[Move]:
        """Add ``n`` moves to both kinds in one transaction and return them."""
        data = moves(n)
        rolled, unrolled = self.stores()
        with self.backend.transaction():
            rolled.add(data)
            unrolled.add(data)
        return data

    def test_rollup_totals_as_of_a_day_equal_python_sums(self) -> None:
        """Totals by the rollup's fields as of a day equal the exact Python sums per group."""
        data = self.seed_moves()
        rolled, _ = self.stores()
        cut = date(2026, 9, 30)
        got = {
            (r.group["item"], r.group["place"], r.group["value.currency"]): (
                r.sums["quantity"],
                r.sums["value"],
                r.count,
            )
            for r in rolled.totals(by=("item", "place"), where={"on": Range(None, cut)})
        }
        expected: dict[tuple[Any, ...], tuple[Decimal, Money, int]] = {}
        for m in data:
            if m.on > cut:
                continue
            slot = (m.item, m.place, m.value.currency)
            quantity, value, count = expected.get(slot, (Decimal(0), Money(0, m.value.currency), 0))
            expected[slot] = (quantity + m.quantity, value + m.value, count + 1)
        assert got == expected

    def test_rollup_changes_no_total(self) -> None:
        """Every grouping and filter gives the same rows in the same order with or without it."""
        self.seed_moves()
        rolled, unrolled = self.stores()
        queries: list[tuple[tuple[str, ...], Where | None]] = [
            (("item", "place"), None),
            (("place", "item"), {"on": Range(date(2026, 3, 1), date(2026, 8, 31))}),
            (
                ("item", "place"),
                {"item": OneOf("gula", "teh"), "on": Range(None, date(2026, 6, 1))},
            ),
            (("item", "place"), {"item": None}),
            (("item",), {"on": Range(None, date(2026, 9, 30))}),
            (("place",), {"direction": Direction.OUT}),
            ((), {"on": Range(date(2026, 2, 1), None)}),
            (("item", "place"), {"on": Range(None, date(2025, 12, 31))}),
        ]
        for by, where in queries:
            expected = _rows(unrolled.totals(by=by, where=where))
            assert _rows(rolled.totals(by=by, where=where)) == expected, (by, where)

    def test_unindexed_fields_answer_like_indexed_ones(self) -> None:
        """Finds, counts and totals on fields without an index of their own match indexed ones."""
        data = moves(300)
        _, unrolled = self.stores()
        lean = self.backend.records(LEAN, "PT Rollup", actor="rina")
        with self.backend.transaction():
            lean.add(data)
            unrolled.add(data)
        wheres: list[Where] = [
            {"item": "gula"},
            {"item": OneOf("kopi", "teh"), "place": "toko"},
            {"item": None, "direction": Direction.OUT},
            {"place": "gudang", "on": Range(date(2026, 3, 1), date(2026, 8, 31))},
        ]
        for where in wheres:
            for order in (("on",), ("-item", "place"), ()):
                expected = [s.key for s in unrolled.find(where, order_by=order)]
                assert [s.key for s in lean.find(where, order_by=order)] == expected
            assert lean.count(where) == unrolled.count(where)
            assert _rows(lean.totals(by=("item", "place"), where=where)) == _rows(
                unrolled.totals(by=("item", "place"), where=where)
            )
        first = lean.find({"place": "toko"}, order_by=("item",), limit=7)
        rest = lean.find({"place": "toko"}, order_by=("item",), cursor=first.next_cursor)
        whole = unrolled.find({"place": "toko"}, order_by=("item",))
        assert [s.key for s in (*first.items, *rest.items)] == [s.key for s in whole.items]

    def test_rollup_totals_follow_writes_and_rollbacks(self) -> None:
        """A rolled-back add leaves the rollup's totals as they were; a committed one counts."""
        self.seed_moves(30)
        rolled, unrolled = self.stores()
        before = _rows(rolled.totals(by=("item", "place")))
        extra = Move(
            id="extra", item="kopi", place="toko", on=date(2026, 5, 5),
            direction=Direction.IN, quantity=Decimal("2.5"), value=Money(7_000, "IDR"),
        )  # fmt: skip
        try:
            with self.backend.transaction():
                rolled.add([extra])
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        assert _rows(rolled.totals(by=("item", "place"))) == before
        with self.backend.transaction():
            rolled.add([extra])
            unrolled.add([extra])
        after = _rows(rolled.totals(by=("item", "place")))
        assert after != before
        assert after == _rows(unrolled.totals(by=("item", "place")))
