"""What differs between SQL databases, gathered in one small :class:`Dialect` object.

The SQL stores are written once, with ``?`` placeholders and portable SQL; a dialect
turns that into what one database speaks: its placeholder style, its column types, how
dates and timestamps cross the driver, how a unique violation is recognised, and how
many rows are loaded at once (``executemany`` on SQLite, ``COPY`` on PostgreSQL). The
upsert (``INSERT … ON CONFLICT … DO UPDATE``) happens to be spelled the same by both.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, ClassVar

__all__ = ["Dialect", "Load", "PostgresDialect", "SQLiteDialect"]

Load = tuple[str, Sequence[str], Sequence[Sequence[Any]]]
"""Rows to insert into one table: the table, its columns, the rows."""

SQLITE_PARAMETERS = 999
"""Parameters per SQLite statement in a bulk insert (the lowest limit of any build)."""

SMALL_LOAD = 200
"""Up to this many rows in all, PostgreSQL gets pipelined INSERTs instead of COPY: one
round trip for every table together, where each COPY costs two."""


def _insert(table: str, columns: Sequence[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


@lru_cache(maxsize=256)
def _insert_rows(table: str, columns: tuple[str, ...], count: int) -> str:
    row = f"({', '.join('?' * len(columns))})"
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([row] * count)}"


def _utc(value: datetime) -> datetime:
    # Naive datetimes are taken as UTC: the library's clock is UTC and a store keeps
    # one instant, not a wall-clock reading in an unknown zone.
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


class Dialect:
    """The portable SQL dialect; subclasses say what their database does differently.

    Args:
        db_error: The driver's base exception class (PEP 249 ``Error``).
    """

    name: ClassVar[str] = "sql"
    types: ClassVar[Mapping[str, str]] = {}
    text_config: str = "simple"
    """The text search configuration full-text indexes use (PostgreSQL only)."""
    joins_as_written: ClassVar[bool] = False
    """Whether a ``CROSS JOIN`` is executed in the order written (SQLite), so that the
    shape of a query is its plan; other databases plan the join themselves."""

    def __init__(self, db_error: type[Exception]) -> None:
        self.db_error = db_error

    # --- SQL text ---------------------------------------------------------------------
    def sql(self, text: str) -> str:
        """Return ``text`` (written with ``?`` placeholders) in this dialect's style."""
        return text

    def column_type(self, token: str) -> str:
        """Return the column type that the portable type ``token`` maps to here."""
        return self.types[token]

    def upsert(
        self, table: str, columns: Sequence[str], key: Sequence[str], where: str | None = None
    ) -> str:
        """Return a portable ``INSERT`` that updates the row whose ``key`` already exists.

        Args:
            table: The table name.
            columns: Every column inserted, key columns included.
            key: The columns of the unique key that decides a conflict.
            where: A condition on the existing row (``table.column``) that must hold
                for the update to happen; when it fails nothing is written.
        """
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
        text = (
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)}) "
            f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
        )
        if where:
            text += f" WHERE {where}"
        return text

    # --- values -----------------------------------------------------------------------
    def date_in(self, value: date) -> Any:
        """Return the driver parameter for a date."""
        return value

    def date_out(self, value: Any) -> date:
        """Return the date read from a date column."""
        assert isinstance(value, date)
        return value

    def ts_in(self, value: datetime) -> Any:
        """Return the driver parameter for a timestamp (stored as a UTC instant)."""
        return _utc(value)

    def ts_out(self, value: Any) -> datetime:
        """Return the timezone-aware UTC datetime read from a timestamp column."""
        assert isinstance(value, datetime)
        return _utc(value)

    def is_unique_violation(self, error: Exception) -> bool:
        """Return True if ``error`` reports a duplicate primary or unique key."""
        return False

    # --- batches and bulk load ---------------------------------------------------------
    def query_many(
        self, connection: Any, statements: Sequence[tuple[str, Sequence[Any]]]
    ) -> list[list[tuple[Any, ...]]]:
        """Run ``statements`` (queries) on ``connection`` and return each one's rows."""
        out = []
        for text, params in statements:
            cursor = connection.cursor()
            try:
                cursor.execute(self.sql(text), params)
                out.append(list(cursor.fetchall()))
            finally:
                cursor.close()
        return out

    def table_exists(self, table: str) -> str:
        """Return a query whose single row says whether ``table`` exists (1) or not (0)."""
        return f"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"

    def row_security(self, tables: Sequence[str]) -> list[str]:
        """Return the DDL that confines each table's rows to the session's entity.

        Only databases with row-level security return statements; the stores filter
        every query by entity either way, so this is a second wall, not the first.
        """
        return []

    def bulk_insert(
        self, cursor: Any, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> None:
        """Insert many rows through ``cursor`` the fastest way this database offers."""
        cursor.executemany(self.sql(_insert(table, columns)), rows)

    def insert_many(self, connection: Any, loads: Sequence[Load]) -> None:
        """Insert the rows of several tables, in order, the fastest way for their size."""
        for table, columns, rows in loads:
            cursor = connection.cursor()
            try:
                self.bulk_insert(cursor, table, columns, rows)
            finally:
                cursor.close()


class SQLiteDialect(Dialect):
    """SQLite through the standard library's :mod:`sqlite3` (``qmark`` placeholders).

    Dates and timestamps are ISO 8601 text: they sort and compare correctly as text,
    and nothing depends on sqlite3's default adapters (deprecated in Python 3.12).
    """

    name = "sqlite"
    joins_as_written = True
    types: ClassVar[Mapping[str, str]] = {
        "int": "INTEGER",
        "bigint": "INTEGER",
        "text": "TEXT",
        "bool": "INTEGER",
        "date": "TEXT",
        "timestamp": "TEXT",
        "blob": "BLOB",
    }

    def __init__(self) -> None:
        super().__init__(sqlite3.Error)

    def date_in(self, value: date) -> Any:
        """Return a date as ``YYYY-MM-DD`` text."""
        return value.isoformat()

    def date_out(self, value: Any) -> date:
        """Parse a ``YYYY-MM-DD`` text column."""
        return date.fromisoformat(value)

    def ts_in(self, value: datetime) -> Any:
        """Return a timestamp as ISO 8601 text in UTC."""
        return _utc(value).isoformat()

    def ts_out(self, value: Any) -> datetime:
        """Parse an ISO 8601 text column into an aware UTC datetime."""
        return _utc(datetime.fromisoformat(value))

    def is_unique_violation(self, error: Exception) -> bool:
        """Recognise SQLite's primary-key and unique constraint failures."""
        name = getattr(error, "sqlite_errorname", "")
        return name in ("SQLITE_CONSTRAINT_PRIMARYKEY", "SQLITE_CONSTRAINT_UNIQUE")

    def bulk_insert(
        self, cursor: Any, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> None:
        """Insert many rows, as many per ``INSERT`` as 999 parameters allow.

        A full-text index (an FTS5 table that triggers fill) writes its pending words
        out at the end of every statement, so one statement per row would write one
        index segment per row (measured 4 to 6 times slower); several rows per
        statement also parse and step less for every other table. 999 is the lowest
        parameter limit of any SQLite build.
        """
        per = max(1, SQLITE_PARAMETERS // len(columns))
        batch: list[Any] = []
        count = 0
        for row in rows:
            batch += row
            count += 1
            if count == per:
                cursor.execute(_insert_rows(table, tuple(columns), count), batch)
                batch, count = [], 0
        if count:
            cursor.execute(_insert_rows(table, tuple(columns), count), batch)


@lru_cache(maxsize=512)
def _format_paramstyle(text: str) -> str:
    # psycopg reads '%' as the start of a placeholder; the portable SQL never uses a
    # literal one, and checking here keeps a future query from failing obscurely.
    if "%" in text:
        raise ValueError(f"portable SQL must not contain '%': {text}")
    return text.replace("?", "%s")


class PostgresDialect(Dialect):
    """PostgreSQL through psycopg 3 (``format`` placeholders, ``COPY`` bulk load).

    Args:
        db_error: ``psycopg.Error``, passed in so that this module imports no driver.
        copy: Bulk-load with ``COPY``. PostgreSQL refuses ``COPY FROM`` into tables
            whose row-level security applies to the connected role, so the backend
            turns it off for such roles and bulk loads go as pipelined INSERTs.
    """

    name = "postgresql"

    def __init__(self, db_error: type[Exception], *, copy: bool = True) -> None:
        super().__init__(db_error)
        self.copy = copy

    types: ClassVar[Mapping[str, str]] = {
        "int": "INTEGER",
        "bigint": "BIGINT",
        "text": "TEXT",
        "bool": "BOOLEAN",
        "date": "DATE",
        "timestamp": "TIMESTAMPTZ",
        "blob": "BYTEA",
    }

    def sql(self, text: str) -> str:
        """Return ``text`` with ``%s`` placeholders."""
        return _format_paramstyle(text)

    def is_unique_violation(self, error: Exception) -> bool:
        """Recognise SQLSTATE 23505 (unique_violation)."""
        return getattr(error, "sqlstate", None) == "23505"

    def table_exists(self, table: str) -> str:
        """Return a query whose single row says whether ``table`` exists (1) or not (0)."""
        return f"SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE tablename = '{table}'"

    def row_security(self, tables: Sequence[str]) -> list[str]:
        """Return policies that show a row only to a session whose entity is the row's.

        The backend sets ``backoffice.entity`` (transaction-local) before a store of
        an entity touches the database; with no entity set, no row is visible and no
        row can be written. ``FORCE`` subjects the tables' owner too; superusers and
        roles with BYPASSRLS are not subject to policies (connect as neither).
        """
        rule = "entity = current_setting('backoffice.entity', true)"
        out = []
        for table in tables:
            out += [
                f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
                f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
                f"CREATE POLICY entity_isolation ON {table} USING ({rule}) WITH CHECK ({rule})",
            ]
        return out

    def bulk_insert(
        self, cursor: Any, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> None:
        """Stream the rows with ``COPY … FROM STDIN`` (one round trip, no per-row parse).

        Where row-level security binds the role, COPY is refused: the rows go as
        INSERTs, which psycopg's ``executemany`` pipelines.
        """
        if not self.copy:
            super().bulk_insert(cursor, table, columns, rows)
            return
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def query_many(
        self, connection: Any, statements: Sequence[tuple[str, Sequence[Any]]]
    ) -> list[list[tuple[Any, ...]]]:
        """Send every query at once in a pipeline and read the results: one round trip."""
        cursors = []
        try:
            with connection.pipeline() as pipeline:
                for text, params in statements:
                    cursor = connection.cursor()
                    cursors.append(cursor)
                    cursor.execute(self.sql(text), params)
                # One Sync for all, then the results: a fetch alone would flush and
                # leave the Sync (another wait) for the end of the block.
                pipeline.sync()
                return [list(cursor.fetchall()) for cursor in cursors]
        finally:
            for cursor in cursors:
                cursor.close()

    def insert_many(self, connection: Any, loads: Sequence[Load]) -> None:
        """Insert small loads as pipelined INSERTs (one round trip), large ones with COPY."""
        if not self.copy or sum(len(rows) for _, _, rows in loads) > SMALL_LOAD:
            super().insert_many(connection, loads)
            return
        cursors = []
        try:
            with connection.pipeline():
                for table, columns, rows in loads:
                    cursor = connection.cursor()
                    cursors.append(cursor)
                    cursor.executemany(self.sql(_insert(table, columns)), rows)
        finally:
            for cursor in cursors:
                cursor.close()
