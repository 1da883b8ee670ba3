"""Records built without validation on the hot path equal the validated ones, body for body."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel
from stock_setup import day, idr, ready

from backoffice_core import BackOffice, Money
from backoffice_core.errors import InvalidInputError
from backoffice_core.inventory import (
    LAYER,
    MOVEMENT,
    STOCK,
    Movement,
    MovementType,
    StockMove,
)
from backoffice_core.records import Kind, body_json


@pytest.fixture
def stock(office: BackOffice) -> BackOffice:
    """An office with the shared stock catalog and one of every movement type."""
    ready(office)
    inv = office.inventory
    inv.receive("BERAS", "JKT", 10, day(2), value=idr(10_000), reference="PO-1", memo="awal")
    inv.receive("BERAS", "JKT", "2.5", day(2), unit_cost=idr(1_100))
    inv.receive("GULA", "JKT", 4000, day(2), unit="g", value=idr(52_000))
    inv.issue("BERAS", "JKT", 11, day(3), reference="SO-9")
    inv.transfer("GULA", "JKT", "SBY", 1, day(4))
    inv.adjust("GULA", "SBY", "-0.25", day(5))
    inv.adjust("BERAS", "JKT", 2, day(5), value=idr(2_500))
    inv.receive("SABUN", "JKT", 30, day(6), value=idr(60_000))
    inv.issue("SABUN", "JKT", 3, day(6), unit="box")  # six beyond stock, at the last cost
    inv.count("JKT", day(7), {"BERAS": 4, "GULA": 5, "SABUN": 6})
    inv.count("SBY", day(7), {"GULA": 0, "BERAS": 3}, unit_costs={"BERAS": idr(900)})
    return office


def validated(record: BaseModel) -> BaseModel:
    """Return the record rebuilt through validation from its own field values."""
    return type(record).model_validate(dict(record))


def types(record: BaseModel) -> dict[str, type]:
    """Return the type of each field value of ``record``."""
    return {name: type(value) for name, value in dict(record).items()}


class TestBuiltRecords:
    def test_every_movement_type_was_recorded(self, stock: BackOffice) -> None:
        """The fixture covers receipts, issues, transfers, adjustments and counts."""
        recorded = {m.type for m in stock.inventory.movements()}
        assert recorded == set(MovementType)

    def test_movements_equal_their_validated_twin(self, stock: BackOffice) -> None:
        """Every movement returned equals, field type for field type, its validated twin."""
        for movement in stock.inventory.movements():
            twin = validated(movement)
            assert movement == twin
            assert types(movement) == types(twin)
            assert body_json(movement) == body_json(twin)

    def test_returned_movements_equal_their_validated_twin(self, stock: BackOffice) -> None:
        """The movements a bulk call returns (built, never read back) equal validated ones."""
        moves = [
            StockMove(type=MovementType.RECEIPT, item="GULA", location="SBY",
                      quantity=Decimal("1.5"), on=day(9), value=idr(20_001), memo="bulk"),
            StockMove(type=MovementType.ISSUE, item="GULA", location="SBY",
                      quantity=Decimal(1), on=day(9)),
            StockMove(type=MovementType.TRANSFER, item="BERAS", location="JKT",
                      to_location="SBY", quantity=Decimal(1), on=day(9)),
            StockMove(type=MovementType.ADJUSTMENT, item="SABUN", location="JKT",
                      quantity=Decimal(-1), on=day(9)),
        ]  # fmt: skip
        for movement in stock.inventory.record(moves):
            assert isinstance(movement, Movement)
            twin = validated(movement)
            assert movement == twin
            assert types(movement) == types(twin)
            assert body_json(movement) == body_json(twin)

    @pytest.mark.parametrize("kind", [MOVEMENT, LAYER, STOCK], ids=lambda k: k.name)
    def test_stored_bodies_are_what_validation_gives(
        self, stock: BackOffice, kind: Kind[Any]
    ) -> None:
        """Each stored body of movements, layers and pool states is its validated record's body."""
        bodies = list(stock.backend.records(kind, stock.entity).scan())
        assert bodies
        for _key, _version, body in bodies:
            assert body_json(kind.model.model_validate_json(body)) == body

    def test_pool_values_are_in_minor_units_of_the_currency(self, stock: BackOffice) -> None:
        """A pool state holds Money of the base currency equal to its movements' sum."""
        state = stock.inventory.state("BERAS", "JKT")
        assert state is not None
        movements = stock.inventory.movements(item="BERAS", location="JKT")
        total = Money.sum((m.value for m in movements), "IDR")
        assert state.value == total

    def test_a_call_id_that_is_not_a_string_is_refused(self, stock: BackOffice) -> None:
        """A non-string call id is refused before anything is written."""
        move = StockMove(type=MovementType.RECEIPT, item="GULA", location="SBY",
                         quantity=Decimal(1), on=day(9), value=idr(5))  # fmt: skip
        with pytest.raises(InvalidInputError, match="call id 12 must be a string"):
            stock.inventory.record([move], id=12)  # type: ignore[arg-type]

    def test_a_move_that_is_not_a_stock_move_is_refused(self, stock: BackOffice) -> None:
        """A dict instead of a StockMove is refused with what to build instead."""
        with pytest.raises(InvalidInputError, match="is not a StockMove"):
            stock.inventory.record([{"type": "receipt"}])  # type: ignore[list-item]


class TestCentCurrency:
    def test_values_in_a_currency_with_cents_are_built_like_validated_ones(self, url: str) -> None:
        """Books in USD record values in cents, equal to validated records, in minor-unit form."""
        entity = f"PT USD {uuid.uuid4().hex}"
        with BackOffice.open(url, entity=entity, actor="rina", base_currency="USD") as office:
            ready(office)
            inv = office.inventory
            receipt = inv.receive("GULA", "JKT", 3, day(2), value=Money("10.5", "USD"))
            issue = inv.issue("GULA", "JKT", 1, day(3))
            assert (receipt.value, issue.value) == (Money("10.50", "USD"), Money("-3.50", "USD"))
            assert str(receipt.value.amount) == "10.50"
            for movement in inv.movements():
                twin = validated(movement)
                assert movement == twin
                assert body_json(movement) == body_json(twin)
            state = inv.state("GULA", "JKT")
            assert state is not None
            assert state.value == Money("7.00", "USD")
