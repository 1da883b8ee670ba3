"""The memory backend's record and blob stores.

Committed rows live in dictionaries of the backend's :class:`RecordTables`, which
every thread reads. The open transaction's writes wait beside them, in ``pending``
dictionaries that only the writing thread reads (over the committed rows), until the
commit publishes them all at once; a rollback drops them. Every write also logs its
undo with the backend, so that a failed savepoint restores the exact previous state.
So, as for the ledger (see :mod:`~backoffice_core.storage.memory.backend`), a reader
never sees another thread's uncommitted writes and never waits for the length of a
writer's transaction: it holds the tables' short ``guard`` only while it copies
committed rows. Filters, ordering (NULLs first ascending, last descending, as the SQL
backends order) and totals are evaluated here with the rules of
:mod:`~backoffice_core.storage.record_values`.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
from pydantic import BaseModel

from backoffice_core.errors import MigrationError, StateError
from backoffice_core.records import Field, Kind, TotalsRow
from backoffice_core.storage.base import Clock
from backoffice_core.storage.record_store import BlobStoreBase, RecordStore, Row
from backoffice_core.storage.record_text import Term, document_words, term_score
from backoffice_core.storage.record_values import KEY, Condition, totals_row

if TYPE_CHECKING:
    from backoffice_core.storage.memory.backend import MemoryBackend

__all__ = ["MemoryBlobs", "MemoryRecords", "RecordTables"]

M = TypeVar("M", bound=BaseModel)

_MISSING: Any = object()

Slot = tuple[str, str]
"""A table: kind name and entity."""


@attrs.define
class _Row:
    version: int
    model_version: int
    body: str
    columns: dict[str, Any]


@attrs.define
class RecordTables:
    """Every entity's records, numbering series and blobs of one memory backend.

    ``rows``, ``numbers`` and ``blobs`` are committed: changed only by :meth:`publish`,
    under ``guard``. ``pending_*`` hold the open transaction's writes (a blob set to
    None is discarded), read and written by the writing thread only.
    """

    layouts: dict[str, tuple[Any, ...]] = attrs.field(factory=dict)
    rows: dict[Slot, dict[str, _Row]] = attrs.field(factory=dict)
    numbers: dict[tuple[str, str, str], int] = attrs.field(factory=dict)
    blobs: dict[tuple[str, str], bytes] = attrs.field(factory=dict)
    pending_rows: dict[Slot, dict[str, _Row]] = attrs.field(factory=dict)
    pending_numbers: dict[tuple[str, str, str], int] = attrs.field(factory=dict)
    pending_blobs: dict[tuple[str, str], bytes | None] = attrs.field(factory=dict)
    guard: threading.Lock = attrs.field(factory=threading.Lock)

    def table(self, kind: Kind[Any], entity: str) -> Slot:
        """Return the table of ``kind`` for ``entity``, checking the kind's layout.

        Raises:
            MigrationError: If a kind of the same name with another layout was stored.
        """
        layout = kind.fields
        with self.guard:
            known = self.layouts.setdefault(kind.name, layout)
        if known != layout:
            # As a SQL database refuses a kind whose table has another layout.
            raise MigrationError(
                f"this backend stores kind {kind.name!r} with another layout: the kind's "
                "fields changed; give it a new name or migrate its records"
            )
        return (kind.name, entity)

    def publish(self) -> None:
        """Make the open transaction's writes the committed rows, all at once."""
        if not (self.pending_rows or self.pending_numbers or self.pending_blobs):
            return
        with self.guard:
            for slot, rows in self.pending_rows.items():
                self.rows.setdefault(slot, {}).update(rows)
            self.numbers.update(self.pending_numbers)
            for key, content in self.pending_blobs.items():
                if content is None:
                    self.blobs.pop(key, None)
                else:
                    self.blobs[key] = content
        self.discard()

    def discard(self) -> None:
        """Drop the open transaction's writes (a rollback)."""
        self.pending_rows = {}
        self.pending_numbers = {}
        self.pending_blobs = {}


def _pending(backend: MemoryBackend, what: str) -> RecordTables:
    """Return the backend's tables for a write, refusing one outside a transaction."""
    if not backend.in_transaction:
        raise StateError(f"{what} written outside a transaction: use transaction()")
    return backend.record_tables


def _restore(mapping: dict[Any, Any], key: Any, old: Any) -> Callable[[], None]:
    def undo() -> None:
        if old is _MISSING:
            mapping.pop(key, None)
        else:
            mapping[key] = old

    return undo


def _matches(row: dict[str, Any], cond: Condition) -> bool:
    value = row[cond.field.name]
    if cond.op == "eq":
        return bool(value == cond.values[0])
    if cond.op == "null":
        return value is None
    if cond.op == "in":
        return value in cond.values
    if cond.op == "prefix":
        return isinstance(value, str) and value.startswith(cond.values[0])
    low, high = cond.values
    if value is None:
        return False
    return (low is None or value >= low) and (high is None or value <= high)


def _compare(a: Sequence[Any], b: Sequence[Any], order: Sequence[tuple[Field, bool]]) -> int:
    # Ascending puts None first, descending puts it last: as the SQL stores order.
    for (_, descending), x, y in zip(order, a, b, strict=True):
        if x == y:
            continue
        if x is None:
            result = -1
        elif y is None:
            result = 1
        else:
            result = -1 if x < y else 1
        return -result if descending else result
    return 0


def _group_order(width: int) -> Callable[[tuple[Any, ...], tuple[Any, ...]], int]:
    order = [(KEY, False)] * width
    return lambda a, b: _compare(a, b, order)


class MemoryRecords(RecordStore[M]):
    """One entity's records of one kind in process memory (see ``Records``)."""

    def __init__(
        self,
        backend: MemoryBackend,
        kind: Kind[M],
        entity: str,
        actor: str = "system",
        clock: Clock | None = None,
    ) -> None:
        super().__init__(backend, kind, entity, actor, clock)
        self._memory = backend
        self._tables = backend.record_tables
        self._slot = self._tables.table(kind, entity)

    def _visible(self) -> dict[str, _Row]:
        """Return a copy of the rows this thread may see (its own writes too)."""
        tables = self._tables
        with tables.guard:
            rows = dict(tables.rows.get(self._slot, {}))
        if self._memory.in_transaction:
            rows.update(tables.pending_rows.get(self._slot, {}))
        return rows

    def _row(self, key: str) -> _Row | None:
        tables = self._tables
        if self._memory.in_transaction:
            row = tables.pending_rows.get(self._slot, {}).get(key)
            if row is not None:
                return row
        with tables.guard:
            return tables.rows.get(self._slot, {}).get(key)

    def _fetch(self, keys: Sequence[str]) -> dict[str, Row]:
        out = {}
        for key in keys:
            row = self._row(key)
            if row is not None:
                out[key] = (key, row.version, row.model_version, row.body)
        return out

    def _put(self, key: str, row: _Row) -> None:
        tables = _pending(self._memory, f"record {key!r} of {self.kind.name!r}")
        table = tables.pending_rows.setdefault(self._slot, {})
        self._memory.log_undo(_restore(table, key, table.get(key, _MISSING)))
        table[key] = row

    def _insert(self, rows: Sequence[tuple[str, str, dict[str, Any]]]) -> None:
        version = self.kind.version
        for key, body, columns in rows:
            self._put(key, _Row(1, version, body, {**columns, "key": key}))

    def _update(self, key: str, expected: int, body: str, columns: dict[str, Any]) -> bool:
        row = self._row(key)
        if row is None or row.version != expected:
            return False
        self._put(key, _Row(expected + 1, self.kind.version, body, {**columns, "key": key}))
        return True

    def _select(
        self,
        where: list[Condition],
        order: list[tuple[Field, bool]],
        limit: int | None,
        after: list[Any] | None,
    ) -> list[tuple[Row, list[Any]]]:
        found: list[tuple[Row, list[Any]]] = []
        for key, row in self._visible().items():
            if all(_matches(row.columns, cond) for cond in where):
                values = [row.columns[field.name] for field, _ in order]
                found.append(((key, row.version, row.model_version, row.body), values))
        if after is not None:
            found = [item for item in found if _compare(item[1], after, order) > 0]

        def by_order(a: tuple[Row, list[Any]], b: tuple[Row, list[Any]]) -> int:
            return _compare(a[1], b[1], order)

        found.sort(key=functools.cmp_to_key(by_order))
        return found if limit is None else found[:limit]

    def _count(self, where: list[Condition]) -> int:
        rows = self._visible().values()
        return sum(1 for row in rows if all(_matches(row.columns, c) for c in where))

    def _totals(self, by: list[Field], where: list[Condition]) -> list[TotalsRow]:
        totalled = [field for field in self.kind.fields if field.name in self.kind.totals]
        groups: dict[tuple[Any, ...], list[Any]] = {}
        for row in self._visible().values():
            cols = row.columns
            if not all(_matches(cols, cond) for cond in where):
                continue
            currencies = tuple(cols[f.name + "__ccy"] for f in totalled if f.type == "money")
            group = (*(cols[f.name] for f in by), *currencies)
            acc = groups.setdefault(group, [0] * len(totalled) + [0])
            for i, field in enumerate(totalled):
                acc[i] += cols[field.name] or 0
            acc[-1] += 1
        out = []
        money = sum(1 for f in totalled if f.type == "money")
        ranked = sorted(groups, key=functools.cmp_to_key(_group_order(len(by) + money)))
        for group in ranked:
            acc = groups[group]
            values: list[Any] = list(group[: len(by)])
            group_currencies = iter(group[len(by) :])
            for i, field in enumerate(totalled):
                values.append(acc[i])
                if field.type == "money":
                    values.append(next(group_currencies))
            values.append(acc[-1])
            out.append(totals_row(self.kind, by, values))
        return out

    def _search(
        self, terms: list[Term], where: list[Condition], limit: int, offset: int
    ) -> list[Row]:
        # A scan of the rows this thread sees (its own open writes too), scored by how
        # often the terms occur; the SQL backends use their engines' indexes instead.
        found: list[tuple[int, str, Row]] = []
        for key, row in self._visible().items():
            if not all(_matches(row.columns, cond) for cond in where):
                continue
            score = term_score(terms, document_words(self.kind, row.body))
            if score:
                found.append((-score, key, (key, row.version, row.model_version, row.body)))
        found.sort(key=lambda item: (item[0], item[1]))
        return [row for _, _, row in found[offset : offset + limit]]

    def _next(self, series: str) -> int:
        tables = _pending(self._memory, f"number series {series!r} of {self.kind.name!r}")
        pending = tables.pending_numbers
        slot = (self.entity, self.kind.name, series)
        previous = pending.get(slot, _MISSING)
        self._memory.log_undo(_restore(pending, slot, previous))
        # Only the writer publishes, so the committed number cannot move under it.
        last = tables.numbers.get(slot, 0) if previous is _MISSING else previous
        pending[slot] = last + 1
        return last + 1

    def scan(self) -> Iterator[tuple[str, int, str]]:
        """Yield ``(key, version, body)`` of every record, by key."""
        rows = sorted((key, row.version, row.body) for key, row in self._visible().items())
        return iter(rows)


class MemoryBlobs(BlobStoreBase):
    """One entity's file contents in process memory (see ``BlobStore``)."""

    def __init__(
        self, backend: MemoryBackend, entity: str, actor: str = "system", clock: Clock | None = None
    ) -> None:
        super().__init__(backend, entity, actor, clock)
        self._memory = backend
        self._tables = backend.record_tables

    def _load(self, sha256: str) -> bytes | None:
        slot = (self.entity, sha256)
        tables = self._tables
        if self._memory.in_transaction:
            pending = tables.pending_blobs.get(slot, _MISSING)
            if pending is not _MISSING:
                content: bytes | None = pending
                return content
        with tables.guard:
            return tables.blobs.get(slot)

    def _has(self, sha256: str) -> bool:
        return self._load(sha256) is not None

    def _set(self, sha256: str, content: bytes | None) -> None:
        pending = _pending(self._memory, f"blob {sha256}").pending_blobs
        slot = (self.entity, sha256)
        self._memory.log_undo(_restore(pending, slot, pending.get(slot, _MISSING)))
        pending[slot] = content

    def _store(self, sha256: str, content: bytes) -> None:
        self._set(sha256, content)

    def _delete(self, sha256: str) -> bool:
        if self._load(sha256) is None:
            return False
        self._set(sha256, None)
        return True
