"""Fields without an index of their own on SQL: the layout, its digest, refusing a change."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest

from backoffice_core.errors import MigrationError
from backoffice_core.records import Kind
from backoffice_core.storage.sql import SQLBackend
from backoffice_core.storage.sql.dialect import PostgresDialect, SQLiteDialect
from backoffice_core.storage.sql.record_schema import kind_digest, kind_statements
from backoffice_core.storage.sql.rollup_index import rollup_index
from backoffice_core.testing.rollup_contract import LEAN, ROLLED, moves

FULL = Kind(
    "contract.lean",
    LEAN.model,
    key=LEAN.key,
    indexed=LEAN.indexed,
    totals=LEAN.totals,
    scales=LEAN.scales,
    append_only=True,
    rollups=ROLLED.rollups,
)
"""The lean kind as it would be with an index per indexed field."""


def dialects() -> list[SQLiteDialect | PostgresDialect]:
    """One dialect object of each SQL database."""
    return [SQLiteDialect(), PostgresDialect(psycopg.Error)]


def index_names(backend: SQLBackend, table: str) -> set[str]:
    """Return the names of the indexes on ``table``."""
    with backend.session("-") as session:
        if backend.dialect.name == "postgresql":
            rows = session.query("SELECT indexname FROM pg_indexes WHERE tablename = ?", (table,))
        else:
            rows = session.query(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                "AND name NOT LIKE 'sqlite_autoindex%'",
                (table,),
            )
    return {str(row[0]) for row in rows if not str(row[0]).endswith("_pkey")}


class TestUnindexedLayout:
    def test_unindexed_fields_get_no_index_statement(self) -> None:
        """The table's statements index only the fields not declared unindexed, by place."""
        for dialect in dialects():
            indexes = [s for s in kind_statements(LEAN, dialect) if s.startswith("CREATE INDEX")]
            assert indexes == [
                f"CREATE INDEX {LEAN.table}_i3 ON {LEAN.table} (entity, f_on, record_key)"
            ]

    def test_declaring_unindexed_fields_changes_the_digest(self) -> None:
        """The same fields with fewer indexes are another layout, three statements shorter."""
        for dialect in dialects():
            assert kind_digest(LEAN, dialect) != kind_digest(FULL, dialect)
            assert len(kind_statements(LEAN, dialect)) == len(kind_statements(FULL, dialect)) - 3

    def test_the_database_has_exactly_the_declared_indexes(
        self, open_sql: Callable[..., SQLBackend]
    ) -> None:
        """The table holds the index of each indexed field and rollup, none for the others."""
        backend = open_sql()
        with backend.transaction():
            backend.records(LEAN, "PT Lean").add(moves(20))
        assert index_names(backend, LEAN.table) == {
            f"{LEAN.table}_i3",
            rollup_index(LEAN, LEAN.rollups[0]),
        }

    def test_a_stored_layout_with_more_indexes_is_refused(
        self, open_sql: Callable[..., SQLBackend]
    ) -> None:
        """A database that holds the kind with an index per field refuses the lean layout."""
        open_sql().ensure_kind(FULL)
        with pytest.raises(MigrationError, match="another layout"):
            open_sql().ensure_kind(LEAN)
