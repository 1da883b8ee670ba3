"""Declaring rollups on a kind: what ``Kind(rollups=...)`` accepts and refuses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict

from backoffice_core.errors import RecordKindError
from backoffice_core.records import Kind, Rollup


class Line(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    item: str
    place: str
    on: date
    note: str = ""
    quantity: Decimal = Decimal(0)


def line(rollups: Any, totals: tuple[str, ...] = ("quantity",)) -> Kind[Line]:
    """Declare the line kind with ``rollups``."""
    return Kind(
        "test.line",
        Line,
        key=lambda x: x.id,
        indexed=("item", "place", "on"),
        totals=totals,
        rollups=rollups,
    )


class TestKindRollups:
    def test_a_rollup_and_the_shorthand_are_accepted(self) -> None:
        """A Rollup is kept as given; a tuple of field names becomes a Rollup grouping by them."""
        kind = line((Rollup(by=("item", "place"), where=("on",)), ("place",)))
        assert kind.rollups == (Rollup(by=("item", "place"), where=("on",)), Rollup(by=("place",)))

    def test_a_kind_declares_no_rollup_by_default(self) -> None:
        """Without rollups=, a kind has none."""
        assert line(()).rollups == ()

    @pytest.mark.parametrize("field", ["note", "quantity", "nothing"])
    def test_a_field_that_is_not_indexed_is_refused(self, field: str) -> None:
        """A rollup field that is not indexed (unindexed, totalled, unknown) is refused by name."""
        for rollup in (Rollup(by=(field,)), Rollup(by=("item",), where=(field,))):
            with pytest.raises(RecordKindError, match=f"rollup field '{field}' is not an indexed"):
                line((rollup,))

    def test_a_field_named_twice_is_refused(self) -> None:
        """A field both grouped by and filtered on, or twice in by, is refused."""
        for rollup in (Rollup(by=("item", "item")), Rollup(by=("item",), where=("item",))):
            with pytest.raises(RecordKindError, match="named twice"):
                line((rollup,))

    def test_an_empty_grouping_is_refused(self) -> None:
        """A rollup must group by at least one field."""
        with pytest.raises(RecordKindError, match="groups by no field"):
            line((Rollup(by=(), where=("on",)),))

    def test_a_kind_without_totals_cannot_roll_up(self) -> None:
        """A rollup on a kind that totals nothing is refused: there is nothing to cover."""
        with pytest.raises(RecordKindError, match="needs totalled fields"):
            line((("item",),), totals=())

    def test_malformed_declarations_are_refused(self) -> None:
        """A bare Rollup, a string, or a rollup of strings instead of tuples is refused."""
        for rollups in (Rollup(by=("item",)), "item", (Rollup(by="item"),), (42,)):  # type: ignore[arg-type]
            with pytest.raises(RecordKindError, match=r"kind 'test\.line'"):
                line(rollups)

    def test_a_rollup_declared_twice_is_refused(self) -> None:
        """The same rollup twice (once as shorthand) is refused."""
        with pytest.raises(RecordKindError, match="declared twice"):
            line((("item",), Rollup(by=("item",))))
