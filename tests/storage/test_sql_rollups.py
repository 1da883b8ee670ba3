"""Rollup indexes on SQL: layout digests, the plan of a rolled-up total, upgrading a kind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import psycopg
import pytest

from backoffice_core.errors import MigrationError
from backoffice_core.records import Kind, Range, Rollup, TotalsRow
from backoffice_core.storage.sql import SQLBackend
from backoffice_core.storage.sql.backend import Session
from backoffice_core.storage.sql.dialect import PostgresDialect, SQLiteDialect
from backoffice_core.storage.sql.record_schema import kind_digest, kind_statements, stored_digest
from backoffice_core.storage.sql.rollup_index import rollup_index
from backoffice_core.testing.rollup_contract import ROLLED, Move, moves

LAYOUT: dict[str, Any] = {
    "key": lambda m: m.id,
    "indexed": ("item", "place", "on", "direction"),
    "totals": ("quantity", "value"),
    "scales": {"quantity": 3},
    "append_only": True,
}
PLAIN = Kind("contract.rolled", Move, **LAYOUT)
"""The rolled kind as declared before it had a rollup."""
BY_PLACE = Rollup(by=("place",), where=("on",))
TWO = Kind("contract.rolled", Move, rollups=(*ROLLED.rollups, BY_PLACE), **LAYOUT)
"""The rolled kind with a second rollup."""
AS_OF = {"on": Range(None, date(2026, 9, 30))}


def dialects() -> list[SQLiteDialect | PostgresDialect]:
    """One dialect object of each SQL database."""
    return [SQLiteDialect(), PostgresDialect(psycopg.Error)]


def index_names(backend: SQLBackend) -> set[str]:
    """Return the names of the indexes on the rolled kind's table."""
    with backend.session("-") as session:
        if backend.dialect.name == "postgresql":
            rows = session.query(
                "SELECT indexname FROM pg_indexes WHERE tablename = ?", (ROLLED.table,)
            )
        else:
            rows = session.query(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?",
                (ROLLED.table,),
            )
    return {str(row[0]) for row in rows}


def traced_plan(
    backend: SQLBackend, monkeypatch: pytest.MonkeyPatch, run: Callable[[], list[TotalsRow]]
) -> str:
    """Run ``run`` and return the database's plan of the SELECT it sent."""
    sent: list[tuple[str, list[Any]]] = []
    original = Session.query

    def spy(self: Session, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        sent.append((sql, list(params)))
        return original(self, sql, params)

    monkeypatch.setattr(Session, "query", spy)
    run()
    monkeypatch.undo()
    (sql, params), *_ = [(s, p) for s, p in sent if "SUM(" in s]
    with backend.transaction(), backend.session("PT Rollup") as session:
        if backend.dialect.name == "postgresql":
            # On a table this small the planner prefers a scan of the table (or of the
            # date index) and a hash of the groups; with those off, show that the
            # covering index alone answers, groups streamed in its order.
            for method in ("seqscan", "bitmapscan", "hashagg"):
                session.execute(f"SET LOCAL enable_{method} = off")
            rows = session.query("EXPLAIN " + sql, params)
        else:
            rows = session.query("EXPLAIN QUERY PLAN " + sql, params)
    return "\n".join(str(row[-1]) for row in rows)


def vacuum(backend: SQLBackend, url: str) -> None:
    """Let PostgreSQL see every page as visible, as autovacuum does on a quiet table."""
    if backend.dialect.name == "postgresql":
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"VACUUM ANALYZE {ROLLED.table}")


class TestRollupLayout:
    def test_a_kind_without_rollups_has_the_table_alone(self) -> None:
        """A kind that declares no rollup (nor text) has the digest of its table's statements."""
        import hashlib

        for dialect in dialects():
            table = hashlib.sha256("\n".join(kind_statements(PLAIN, dialect)).encode())
            assert kind_digest(PLAIN, dialect) == table.hexdigest()

    def test_declaring_a_rollup_changes_the_digest(self) -> None:
        """A kind with a rollup has another layout than the same kind without it."""
        for dialect in dialects():
            assert kind_digest(ROLLED, dialect) != kind_digest(PLAIN, dialect)
            assert kind_digest(TWO, dialect) != kind_digest(ROLLED, dialect)

    def test_the_order_of_declaration_is_not_part_of_the_layout(self) -> None:
        """The same rollups declared in another order are the same layout."""
        swapped = Kind("contract.rolled", Move, rollups=(BY_PLACE, *ROLLED.rollups), **LAYOUT)
        for dialect in dialects():
            assert kind_digest(swapped, dialect) == kind_digest(TWO, dialect)


class TestRollupPlan:
    def test_totals_as_of_a_day_read_the_covering_index(
        self, open_sql: Callable[..., SQLBackend], sql_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Totals by the rollup's fields as of a day are answered from its index alone."""
        backend = open_sql()
        store = backend.records(ROLLED, "PT Rollup")
        with backend.transaction():
            store.add(moves(3_000))
        vacuum(backend, sql_url)
        plan = traced_plan(
            backend, monkeypatch, lambda: store.totals(by=("item", "place"), where=AS_OF)
        )
        name = rollup_index(ROLLED, ROLLED.rollups[0])
        if backend.dialect.name == "postgresql":
            assert f"Index Only Scan using {name}" in plan, plan
            assert "Sort" not in plan, plan
        else:
            assert f"USING COVERING INDEX {name}" in plan, plan
            assert "TEMP B-TREE" not in plan, plan


class TestRollupUpgrade:
    def test_a_kind_that_gains_a_rollup_gets_its_index_over_its_rows(
        self, open_sql: Callable[..., SQLBackend]
    ) -> None:
        """Opening a stored kind that now declares a rollup creates its index, rows kept."""
        old = open_sql()
        with old.transaction():
            old.records(PLAIN, "PT Rollup").add(moves(200))
        before = old.records(PLAIN, "PT Rollup").totals(by=("item", "place"), where=AS_OF)
        old.close()
        new = open_sql()
        store = new.records(ROLLED, "PT Rollup")
        assert store.totals(by=("item", "place"), where=AS_OF) == before
        assert rollup_index(ROLLED, ROLLED.rollups[0]) in index_names(new)
        with new.session("PT Rollup") as session:
            assert stored_digest(session, ROLLED) == kind_digest(ROLLED, new.dialect)

    def test_a_second_rollup_joins_the_first_once(
        self, open_sql: Callable[..., SQLBackend]
    ) -> None:
        """A rollup added next to an existing one gets its index; a second open changes nothing."""
        first = open_sql()
        first.ensure_kind(ROLLED)
        with first.transaction():
            first.records(ROLLED, "PT Rollup").add(moves(50))
        first.ensure_kind(TWO)
        second = open_sql()
        second.ensure_kind(TWO)
        names = {rollup_index(TWO, r) for r in TWO.rollups}
        assert names <= index_names(second)
        rows = second.records(TWO, "PT Rollup").totals(by=("place",), where=AS_OF)
        assert sum(r.count for r in rows) == sum(1 for m in moves(50) if m.on <= date(2026, 9, 30))

    def test_dropping_a_rollup_is_refused(self, open_sql: Callable[..., SQLBackend]) -> None:
        """A stored layout with a rollup the code no longer declares raises MigrationError."""
        backend = open_sql()
        backend.ensure_kind(TWO)
        for fewer in (ROLLED, PLAIN):
            with pytest.raises(MigrationError, match="another layout"):
                open_sql().ensure_kind(fewer)
