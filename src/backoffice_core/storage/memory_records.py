"""The memory backend's record and blob stores.

Rows live in dictionaries of the :class:`~backoffice_core.storage.memory.MemoryBackend`;
every write logs its undo with the backend so that a rollback or a failed savepoint
restores the exact previous state, and every read holds the backend's lock, so a
reader never sees another thread's uncommitted writes. Filters, ordering (NULLs first
ascending, last descending, as the SQL backends order) and totals are evaluated here
with the rules of :mod:`~backoffice_core.storage.record_values`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
from pydantic import BaseModel

from backoffice_core.errors import MigrationError
from backoffice_core.records import Field, Kind, TotalsRow
from backoffice_core.storage.record_store import BlobStoreBase, RecordStore, Row
from backoffice_core.storage.record_values import KEY, Condition, totals_row

if TYPE_CHECKING:
    from backoffice_core.storage.memory import MemoryBackend

__all__ = ["MemoryBlobs", "MemoryRecords", "RecordTables"]

M = TypeVar("M", bound=BaseModel)


@attrs.define
class _Row:
    version: int
    model_version: int
    body: str
    columns: dict[str, Any]


@attrs.define
class RecordTables:
    """Every entity's records, numbering series and blobs of one memory backend."""

    layouts: dict[str, tuple[Any, ...]] = attrs.field(factory=dict)
    rows: dict[tuple[str, str], dict[str, _Row]] = attrs.field(factory=dict)
    numbers: dict[tuple[str, str, str], int] = attrs.field(factory=dict)
    blobs: dict[tuple[str, str], bytes] = attrs.field(factory=dict)

    def table(self, kind: Kind[Any], entity: str) -> dict[str, _Row]:
        """Return the rows of ``kind`` for ``entity``, checking the kind's layout.

        Raises:
            MigrationError: If a kind of the same name with another layout was stored.
        """
        layout = kind.fields
        known = self.layouts.setdefault(kind.name, layout)
        if known != layout:
            # As a SQL database refuses a kind whose table has another layout.
            raise MigrationError(
                f"this backend stores kind {kind.name!r} with another layout: the kind's "
                "fields changed; give it a new name or migrate its records"
            )
        return self.rows.setdefault((kind.name, entity), {})


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
        self, backend: MemoryBackend, kind: Kind[M], entity: str, actor: str = "system"
    ) -> None:
        super().__init__(backend, kind, entity, actor)
        self._memory = backend
        self._tables = backend.record_tables
        with backend.lock:
            self._rows = self._tables.table(kind, entity)

    def _fetch(self, keys: Sequence[str]) -> dict[str, Row]:
        with self._memory.lock:
            out = {}
            for key in keys:
                row = self._rows.get(key)
                if row is not None:
                    out[key] = (key, row.version, row.model_version, row.body)
            return out

    def _insert(self, rows: Sequence[tuple[str, str, dict[str, Any]]]) -> None:
        table = self._rows
        keys = [key for key, _, _ in rows]

        def undo() -> None:
            for key in keys:
                table.pop(key, None)

        self._memory.log_undo(undo)
        version = self.kind.version
        for key, body, columns in rows:
            table[key] = _Row(1, version, body, {**columns, "key": key})

    def _update(self, key: str, expected: int, body: str, columns: dict[str, Any]) -> bool:
        row = self._rows.get(key)
        if row is None or row.version != expected:
            return False
        table = self._rows
        self._memory.log_undo(lambda: table.__setitem__(key, row))
        table[key] = _Row(expected + 1, self.kind.version, body, {**columns, "key": key})
        return True

    def _select(
        self,
        where: list[Condition],
        order: list[tuple[Field, bool]],
        limit: int | None,
        after: list[Any] | None,
    ) -> list[tuple[Row, list[Any]]]:
        with self._memory.lock:
            found: list[tuple[Row, list[Any]]] = []
            for key, row in self._rows.items():
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
        with self._memory.lock:
            return sum(
                1 for row in self._rows.values() if all(_matches(row.columns, c) for c in where)
            )

    def _totals(self, by: list[Field], where: list[Condition]) -> list[TotalsRow]:
        totalled = [field for field in self.kind.fields if field.name in self.kind.totals]
        groups: dict[tuple[Any, ...], list[Any]] = {}
        with self._memory.lock:
            for row in self._rows.values():
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

    def _next(self, series: str) -> int:
        numbers = self._tables.numbers
        slot = (self.entity, self.kind.name, series)
        previous = numbers.get(slot)

        def undo() -> None:
            if previous is None:
                numbers.pop(slot, None)
            else:
                numbers[slot] = previous

        self._memory.log_undo(undo)
        numbers[slot] = (previous or 0) + 1
        return numbers[slot]

    def scan(self) -> Iterator[tuple[str, int, str]]:
        """Yield ``(key, version, body)`` of every record, by key."""
        with self._memory.lock:
            rows = sorted((key, row.version, row.body) for key, row in self._rows.items())
        return iter(rows)


class MemoryBlobs(BlobStoreBase):
    """One entity's file contents in process memory (see ``BlobStore``)."""

    def __init__(self, backend: MemoryBackend, entity: str, actor: str = "system") -> None:
        super().__init__(backend, entity, actor)
        self._memory = backend
        self._blobs = backend.record_tables.blobs

    def _load(self, sha256: str) -> bytes | None:
        with self._memory.lock:
            return self._blobs.get((self.entity, sha256))

    def _has(self, sha256: str) -> bool:
        with self._memory.lock:
            return (self.entity, sha256) in self._blobs

    def _store(self, sha256: str, content: bytes) -> None:
        slot = (self.entity, sha256)
        blobs = self._blobs
        self._memory.log_undo(lambda: blobs.__delitem__(slot))
        blobs[slot] = content

    def _delete(self, sha256: str) -> bool:
        slot = (self.entity, sha256)
        content = self._blobs.pop(slot, None)
        if content is None:
            return False
        self._memory.log_undo(lambda: self._blobs.__setitem__(slot, content))
        return True
