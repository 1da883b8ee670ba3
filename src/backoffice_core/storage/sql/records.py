"""The record and blob stores over SQL, shared by SQLite and PostgreSQL.

:class:`SQLRecords` implements the storage primitives of
:class:`~backoffice_core.storage.record_store.RecordStore` on a kind's own table (see
:mod:`~backoffice_core.storage.sql.record_schema`): filters, keyset pages and totals
are single SQL statements over the typed columns, bulk adds use the dialect's bulk load
(``COPY`` on PostgreSQL), and numbering is one upsert on ``record_numbers`` under the
entity's write lock. :class:`SQLBlobs` keeps file contents in ``blobs``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from backoffice_core.errors import ConcurrencyError, StorageError
from backoffice_core.records import Field, Kind, TotalsRow
from backoffice_core.storage.base import Clock
from backoffice_core.storage.record_store import BlobStoreBase, RecordStore, Row
from backoffice_core.storage.record_text import Term, fts5_query, fts_table, tsquery
from backoffice_core.storage.record_values import KEY, Condition, total_overflow, totals_row
from backoffice_core.storage.sql.record_schema import column_names, column_types

if TYPE_CHECKING:
    from backoffice_core.storage.sql.backend import SQLBackend

__all__ = ["SQLBlobs", "SQLRecords"]

M = TypeVar("M", bound=BaseModel)
_JOINED_PARAMS = 4_000  # parameters per UPDATE … FROM (VALUES …)
_CHUNK = 500  # keys per IN (...) list: well under every driver's parameter limit
_BASE = "record_key, version, model_version, body"


def _column(field: Field) -> str:
    return "record_key" if field is KEY else f"f_{field.name}"


def _direction(field: Field, descending: bool) -> str:
    """Return ``field``'s ORDER BY term: missing values first ascending, last descending."""
    if field is KEY:
        # Never NULL: a plain direction lets PostgreSQL read the key in index order
        # instead of sorting every match before the LIMIT.
        return f"{_column(field)} {'DESC' if descending else 'ASC'}"
    return f"{_column(field)} {'DESC NULLS LAST' if descending else 'ASC NULLS FIRST'}"


class SQLRecords(RecordStore[M]):
    """One entity's records of one kind in a SQL database (see ``Records``)."""

    def __init__(
        self,
        backend: SQLBackend,
        kind: Kind[M],
        entity: str,
        actor: str = "system",
        clock: Clock | None = None,
    ) -> None:
        super().__init__(backend, kind, entity, actor, clock)
        self._sql = backend
        self.dialect = backend.dialect
        self._table = kind.table
        self._columns = column_names(kind)
        # Per field: its column value's name, the field when it needs a dialect
        # conversion on the way in (dates, SQLite timestamps), its currency column.
        self._params = [
            (
                f.name,
                f if f.type in ("date", "timestamp") else None,
                f.name + "__ccy" if f.type == "money" else None,
            )
            for f in kind.fields
        ]

    # --- values -----------------------------------------------------------------------
    def _param(self, field: Field, value: Any) -> Any:
        if value is None:
            return None
        if field.type == "date":
            return self.dialect.date_in(value)
        if field.type == "timestamp" and self.dialect.name == "sqlite":
            # Fixed width, so that text order is time order.
            return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
        return value

    def _out(self, field: Field, value: Any) -> Any:
        if value is None:
            return None
        if field.type == "date" and not isinstance(value, date):
            return self.dialect.date_out(value)
        if field.type == "timestamp":
            if isinstance(value, str):
                value = datetime.fromisoformat(value)
            return value.astimezone(UTC)
        if field.type == "bool":
            return bool(value)
        return value

    def _row_params(self, columns: dict[str, Any]) -> list[Any]:
        out = []
        for name, converts, currency in self._params:
            value = columns[name]
            out.append(value if converts is None or value is None else self._param(converts, value))
            if currency is not None:
                out.append(columns[currency])
        return out

    def _where(self, where: list[Condition]) -> tuple[str, list[Any]]:
        parts = ["entity = ?"]
        params: list[Any] = [self.entity]
        for cond in where:
            col = _column(cond.field)
            values = [self._param(cond.field, v) for v in cond.values]
            if cond.op == "eq":
                parts.append(f"{col} = ?")
                params.append(values[0])
            elif cond.op == "null":
                parts.append(f"{col} IS NULL")
            elif cond.op == "in":
                parts.append(f"{col} IN ({', '.join('?' * len(values))})")
                params += values
            elif cond.op == "prefix":
                parts.append(f"substr({col}, 1, {len(cond.values[0])}) = ?")
                params.append(values[0])
            else:
                low, high = values
                parts.append(f"{col} IS NOT NULL")
                if low is not None:
                    parts.append(f"{col} >= ?")
                    params.append(low)
                if high is not None:
                    parts.append(f"{col} <= ?")
                    params.append(high)
        return " AND ".join(parts), params

    def _after(self, order: list[tuple[Field, bool]], after: list[Any]) -> tuple[str, list[Any]]:
        # Rows strictly after the cursor in ORDER BY order (ascending NULLS FIRST,
        # descending NULLS LAST): the first column that differs decides.
        alternatives = []
        params: list[Any] = []
        for i, (field, descending) in enumerate(order):
            terms: list[str] = []
            these: list[Any] = []
            for earlier, value in zip(order[:i], after[:i], strict=True):
                col = _column(earlier[0])
                if value is None:
                    terms.append(f"{col} IS NULL")
                else:
                    terms.append(f"{col} = ?")
                    these.append(self._param(earlier[0], value))
            col, value = _column(field), after[i]
            if value is None:
                if descending:
                    continue
                terms.append(f"{col} IS NOT NULL")
            elif descending:
                terms.append(f"({col} < ? OR {col} IS NULL)")
                these.append(self._param(field, value))
            else:
                terms.append(f"{col} > ?")
                these.append(self._param(field, value))
            alternatives.append("(" + " AND ".join(terms) + ")")
            params += these
        return "(" + (" OR ".join(alternatives) or "1 = 0") + ")", params

    # --- primitives -------------------------------------------------------------------
    def _by_keys(
        self, columns: str, keys: Sequence[str], *, write: bool = False
    ) -> Iterator[tuple[Any, ...]]:
        """Yield ``columns`` of the stored rows among ``keys``, one IN list per chunk."""
        with self._sql.session(self.entity, write=write) as session:
            for start in range(0, len(keys), _CHUNK):
                chunk = list(keys[start : start + _CHUNK])
                yield from session.query(
                    f"SELECT {columns} FROM {self._table} WHERE entity = ? AND record_key IN "
                    f"({', '.join('?' * len(chunk))})",
                    (self.entity, *chunk),
                )

    def _fetch(self, keys: Sequence[str]) -> dict[str, Row]:
        return {
            key: (key, int(version), int(model_version), body)
            for key, version, model_version, body in self._by_keys(_BASE, keys)
        }

    def _insert(self, rows: Sequence[tuple[str, str, dict[str, Any]]]) -> None:
        columns = ["entity", "record_key", "version", "model_version", "body", *self._columns]
        version = self.kind.version
        values = (
            (self.entity, key, 1, version, body, *self._row_params(cols))
            for key, body, cols in rows
        )
        with self._sql.session(self.entity, write=True) as session:
            session.bulk_insert(
                self._table,
                columns,
                values,
                conflict=f"a {self.kind.name} record was added concurrently: retry",
            )

    def _versions(self, keys: Sequence[str]) -> dict[str, int]:
        # Read in a write session: the versions then hold under the entity's write lock.
        rows = self._by_keys("record_key, version", keys, write=True)
        return {key: int(version) for key, version in rows}

    def _update_many(self, rows: Sequence[tuple[str, int, str, dict[str, Any]]]) -> None:
        # The versions were read in a write session: the entity's write lock (SQLite's
        # immediate transaction, PostgreSQL's advisory lock) keeps them until commit.
        # One UPDATE … FROM a VALUES list per chunk: PostgreSQL plans every statement it
        # is sent (the pool prepares none) and SQLite's full-text index flushes after
        # every statement, so a statement per row costs both dearly.
        version = self.kind.version
        params = [
            (expected + 1, version, body, *self._row_params(columns), self.entity, key, expected)
            for key, expected, body, columns in rows
        ]
        typed = [("nv", "integer"), ("mv", "integer"), ("body", "text")]
        typed += column_types(self.kind, self.dialect)
        typed += [("entity", "text"), ("k", "text"), ("ev", "integer")]
        if self.dialect.name == "postgresql":
            # Typed placeholders, so that NULLs and dates type-check in the VALUES list.
            marks = [f"CAST(? AS {sql_type.split(' COLLATE ')[0]})" for _, sql_type in typed]
            alias = f"v({', '.join(name for name, _ in typed)})"
            col = {name: f"v.{name}" for name, _ in typed}
        else:
            # SQLite names a VALUES list's columns column1, column2, …
            marks = ["?"] * len(typed)
            alias = "v"
            col = {name: f"v.column{i}" for i, (name, _) in enumerate(typed, start=1)}
        row = "(" + ", ".join(marks) + ")"
        table = self._table
        sets = "".join(f", {c} = {col[c]}" for c in self._columns)
        per_chunk = max(1, _JOINED_PARAMS // len(typed))
        with self._sql.session(self.entity, write=True) as session:
            for start in range(0, len(params), per_chunk):
                chunk = params[start : start + per_chunk]
                changed = session.execute(
                    f"UPDATE {table} SET version = {col['nv']}, model_version = {col['mv']}, "
                    f"body = {col['body']}{sets} FROM (VALUES {', '.join([row] * len(chunk))}) "
                    f"AS {alias} WHERE {table}.entity = {col['entity']} AND "
                    f"{table}.record_key = {col['k']} AND {table}.version = {col['ev']}",
                    [value for one in chunk for value in one],
                )
                if changed != len(chunk):
                    raise ConcurrencyError(
                        f"{self.kind.name} records changed while they were replaced: retry"
                    )

    def _update(self, key: str, expected: int, body: str, columns: dict[str, Any]) -> bool:
        sets = ", ".join(f"{c} = ?" for c in self._columns)
        with self._sql.session(self.entity, write=True) as session:
            changed = session.execute(
                f"UPDATE {self._table} SET version = ?, model_version = ?, body = ?"
                f"{', ' + sets if sets else ''} "
                "WHERE entity = ? AND record_key = ? AND version = ?",
                (
                    expected + 1,
                    self.kind.version,
                    body,
                    *self._row_params(columns),
                    self.entity,
                    key,
                    expected,
                ),
            )
        return changed == 1

    def _select(
        self,
        where: list[Condition],
        order: list[tuple[Field, bool]],
        limit: int | None,
        after: list[Any] | None,
    ) -> list[tuple[Row, list[Any]]]:
        clause, params = self._where(where)
        if after is not None:
            extra, more = self._after(order, after)
            clause += " AND " + extra
            params += more
        order_cols = [_column(field) for field, _ in order]
        ordering = ", ".join(_direction(f, d) for f, d in order)
        sql = (
            f"SELECT {_BASE}, {', '.join(order_cols)} FROM {self._table} "
            f"WHERE {clause} ORDER BY {ordering}"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._sql.session(self.entity) as session:
            rows = session.query(sql, params)
        return [
            (
                (row[0], int(row[1]), int(row[2]), row[3]),
                [self._out(field, v) for (field, _), v in zip(order, row[4:], strict=True)],
            )
            for row in rows
        ]

    def _count(self, where: list[Condition]) -> int:
        clause, params = self._where(where)
        with self._sql.session(self.entity) as session:
            ((count,),) = session.query(
                f"SELECT COUNT(*) FROM {self._table} WHERE {clause}", params
            )
        return int(count)

    def _totals(self, by: list[Field], where: list[Condition]) -> list[TotalsRow]:
        clause, params = self._where(where)
        groups = [_column(f) for f in by]
        select = list(groups)
        currencies = []
        for field in self.kind.fields:
            if field.name in self.kind.totals:
                select.append(f"SUM(f_{field.name})")
                if field.type == "money":
                    select.append(f"f_{field.name}__ccy")
                    currencies.append(f"f_{field.name}__ccy")
        select.append("COUNT(*)")
        sql = f"SELECT {', '.join(select)} FROM {self._table} WHERE {clause}"
        if groups or currencies:
            keys = groups + currencies
            sql += f" GROUP BY {', '.join(keys)} ORDER BY "
            sql += ", ".join(f"{k} ASC NULLS FIRST" for k in keys)
        try:
            with self._sql.session(self.entity) as session:
                rows = session.query(sql, params)
        except StorageError as exc:
            if "overflow" not in str(exc):
                raise
            raise total_overflow(self.kind) from exc
        out = []
        for row in rows:
            values = [self._out(f, v) for f, v in zip(by, row, strict=False)]
            out.append(totals_row(self.kind, by, [*values, *row[len(by) :]]))
        return [r for r in out if r.count]

    def _search(
        self, terms: list[Term], where: list[Condition], limit: int, offset: int
    ) -> list[Row]:
        clause, params = self._where(where)
        if self.dialect.name == "postgresql":
            # The text filter and the typed filters in one statement; the GIN index
            # finds the matches, the primary key keeps them to the entity.
            config = self.dialect.text_config
            sql = (
                f"SELECT {_BASE} FROM {self._table}, to_tsquery('{config}', ?) AS q "
                f"WHERE {clause} AND text_vector @@ q "
                "ORDER BY ts_rank(text_vector, q) DESC, record_key"
            )
            params = [tsquery(terms), *params]
        else:
            fts = fts_table(self.kind)
            sql = (
                f"SELECT {_BASE} FROM {fts} JOIN {self._table} ON {self._table}.rowid = "
                f"{fts}.rowid WHERE {fts} MATCH ? AND {clause} "
                f"ORDER BY bm25({fts}), record_key"
            )
            params = [fts5_query(terms), *params]
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        with self._sql.session(self.entity) as session:
            rows = session.query(sql, params)
        return [(row[0], int(row[1]), int(row[2]), row[3]) for row in rows]

    def _next(self, series: str) -> int:
        with self._sql.session(self.entity, write=True) as session:
            ((number,),) = session.query(
                "INSERT INTO record_numbers (entity, kind, series, last) VALUES (?, ?, ?, 1) "
                "ON CONFLICT (entity, kind, series) "
                "DO UPDATE SET last = record_numbers.last + 1 RETURNING last",
                (self.entity, self.kind.name, series),
            )
        return int(number)

    def scan(self) -> Iterator[tuple[str, int, str]]:
        """Yield ``(key, version, body)`` of every record, by key, a page at a time."""
        last: str | None = None
        while True:
            sql = f"SELECT record_key, version, body FROM {self._table} WHERE entity = ?"
            params: list[Any] = [self.entity]
            if last is not None:
                sql += " AND record_key > ?"
                params.append(last)
            with self._sql.session(self.entity) as session:
                rows = session.query(sql + " ORDER BY record_key LIMIT 1000", params)
            for key, version, body in rows:
                yield key, int(version), body
            if len(rows) < 1000:
                return
            last = rows[-1][0]


class SQLBlobs(BlobStoreBase):
    """One entity's file contents in the ``blobs`` table (see ``BlobStore``)."""

    def __init__(
        self, backend: SQLBackend, entity: str, actor: str = "system", clock: Clock | None = None
    ) -> None:
        super().__init__(backend, entity, actor, clock)
        self._sql = backend

    def _load(self, sha256: str) -> bytes | None:
        with self._sql.session(self.entity) as session:
            rows = session.query(
                "SELECT content FROM blobs WHERE entity = ? AND sha256 = ?", (self.entity, sha256)
            )
        return bytes(rows[0][0]) if rows else None

    def _has(self, sha256: str) -> bool:
        with self._sql.session(self.entity) as session:
            rows = session.query(
                "SELECT 1 FROM blobs WHERE entity = ? AND sha256 = ?", (self.entity, sha256)
            )
        return bool(rows)

    def _store(self, sha256: str, content: bytes) -> None:
        with self._sql.session(self.entity, write=True) as session:
            session.execute(
                "INSERT INTO blobs (entity, sha256, size, content) VALUES (?, ?, ?, ?)",
                (self.entity, sha256, len(content), content),
                conflict=f"file content {sha256} was stored concurrently: retry",
            )

    def _missing(self, digests: Sequence[str]) -> list[str]:
        with self._sql.session(self.entity) as session:
            rows = session.query(
                f"SELECT sha256 FROM blobs WHERE entity = ? AND sha256 IN "
                f"({', '.join('?' * len(digests))})",
                (self.entity, *digests),
            )
        stored = {row[0] for row in rows}
        return [sha256 for sha256 in digests if sha256 not in stored]

    def _store_many(self, contents: Sequence[tuple[str, bytes]]) -> None:
        with self._sql.session(self.entity, write=True) as session:
            session.bulk_insert(
                "blobs",
                ["entity", "sha256", "size", "content"],
                [(self.entity, sha256, len(data), data) for sha256, data in contents],
                conflict="file contents were stored concurrently: retry",
            )

    def _delete(self, sha256: str) -> bool:
        with self._sql.session(self.entity, write=True) as session:
            changed = session.execute(
                "DELETE FROM blobs WHERE entity = ? AND sha256 = ?", (self.entity, sha256)
            )
        return changed == 1
