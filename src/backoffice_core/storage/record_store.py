"""The behaviour of every record and blob store, written once over a few primitives.

:class:`RecordStore` implements :class:`~backoffice_core.records.Records`: it validates
records, keys, filters and versions, decides idempotent replays and conflicts, builds
pages and cursors, and queues the audit change of each write, before and around a
handful of storage primitives (fetch, insert, update, select, totals, next number) that
the memory and SQL backends implement. :class:`BlobStoreBase` does the same for file
contents. So the two backends cannot disagree on a rule: they share its code.
"""

from __future__ import annotations

import abc
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from backoffice_core.collector import paused_gc
from backoffice_core.context import Change
from backoffice_core.errors import (
    ConcurrencyError,
    DuplicateIdError,
    IntegrityError,
    InvalidInputError,
    NotFoundError,
    StateError,
)
from backoffice_core.record_views import check_view, load_view
from backoffice_core.records import (
    BlobRef,
    Field,
    Kind,
    Page,
    Stored,
    TotalsRow,
    Where,
    batch_state,
    body_json,
)
from backoffice_core.storage.base import Backend, Clock
from backoffice_core.storage.record_text import (
    Term,
    decode_search_cursor,
    encode_search_cursor,
    fingerprint,
    parse_query,
    search_limit,
)
from backoffice_core.storage.record_values import (
    Condition,
    column_values,
    conditions,
    decode_cursor,
    encode_cursor,
    order_fields,
)

__all__ = ["BlobStoreBase", "RecordStore", "Row"]

M = TypeVar("M", bound=BaseModel)
R = TypeVar("R", bound=BaseModel)
V = TypeVar("V", bound=BaseModel)
Row = tuple[str, int, int, str]
"""A stored row: key, version, model version, body (canonical JSON)."""

_ACTION = re.compile(r"^[a-z][a-z0-9_]*$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _need_transaction(backend: Backend, what: str) -> None:
    if not backend.in_transaction:
        raise StateError(
            f"{what} outside a transaction: wrap it in 'with office.transaction():' "
            "(services open one for you)"
        )


class RecordStore(abc.ABC, Generic[M]):
    """One entity's records of one kind; subclasses supply the storage primitives.

    Args:
        backend: The backend whose transaction and audit hook the writes join.
        kind: What is stored.
        entity: Whose records these are.
        actor: Who the audit trail names for writes.
    """

    def __init__(
        self, backend: Backend, kind: Kind[M], entity: str, actor: str, clock: Clock | None = None
    ) -> None:
        self.backend = backend
        self.kind = kind
        self.entity = entity
        self.actor = actor
        self.clock = clock

    def _audit(self, action: str, subject: str, state: dict[str, Any]) -> None:
        at = self.clock() if self.clock is not None else None
        self.backend.record(self.entity, self.actor, Change(action, subject, state, at=at))

    # --- primitives -------------------------------------------------------------------
    @abc.abstractmethod
    def _fetch(self, keys: Sequence[str]) -> dict[str, Row]:
        """Return the stored rows among ``keys``."""

    @abc.abstractmethod
    def _insert(self, rows: Sequence[tuple[str, str, dict[str, Any]]]) -> None:
        """Insert new rows ``(key, body, columns)`` at version 1."""

    @abc.abstractmethod
    def _update(self, key: str, expected: int, body: str, columns: dict[str, Any]) -> bool:
        """Write version ``expected + 1`` if the row is at ``expected``; say if it was."""

    def _versions(self, keys: Sequence[str]) -> dict[str, int]:
        """Return the stored version of each key among ``keys`` (bodies not read)."""
        return {key: row[1] for key, row in self._fetch(keys).items()}

    def _update_many(self, rows: Sequence[tuple[str, int, str, dict[str, Any]]]) -> None:
        """Write version ``expected + 1`` of each ``(key, expected, body, columns)``.

        The caller checked every version under the entity's write lock, so each row is
        at its expected version; a backend overrides this with one statement batch.
        """
        for key, expected, body, columns in rows:
            if not self._update(key, expected, body, columns):
                raise ConcurrencyError(
                    f"{self.kind.name} record {key!r} changed while it was replaced: retry"
                )

    @abc.abstractmethod
    def _select(
        self,
        where: list[Condition],
        order: list[tuple[Field, bool]],
        limit: int | None,
        after: list[Any] | None,
    ) -> list[tuple[Row, list[Any]]]:
        """Return matching rows in order, each with its order values."""

    @abc.abstractmethod
    def _count(self, where: list[Condition]) -> int:
        """Count matching rows."""

    @abc.abstractmethod
    def _totals(self, by: list[Field], where: list[Condition]) -> list[TotalsRow]:
        """Sum the totalled fields per group."""

    @abc.abstractmethod
    def _search(
        self, terms: list[Term], where: list[Condition], limit: int, offset: int
    ) -> list[Row]:
        """Return rows holding every term that match ``where``, best first, ties by key."""

    @abc.abstractmethod
    def _next(self, series: str) -> int:
        """Advance ``series`` in the open transaction and return its new value."""

    @abc.abstractmethod
    def scan(self) -> Iterator[tuple[str, int, str]]:
        """Yield ``(key, version, body)`` of every record, by key (for verification)."""

    # --- reads ------------------------------------------------------------------------
    def _stored(self, row: Row) -> Stored[M]:
        key, version, model_version, body = row
        return Stored(key, version, self.kind.load(model_version, body))

    def get(self, key: str) -> Stored[M] | None:
        """Return the record stored under ``key``, or None."""
        if not isinstance(key, str):
            raise InvalidInputError(f"key {key!r} of kind {self.kind.name!r} must be a string")
        row = self._fetch([key]).get(key)
        return None if row is None else self._stored(row)

    def get_many(self, keys: Sequence[str]) -> dict[str, Stored[M]]:
        """Return the stored records among ``keys``, by key (missing ones left out)."""
        keys = list(dict.fromkeys(keys))
        if not all(isinstance(k, str) for k in keys):
            raise InvalidInputError(f"keys of kind {self.kind.name!r} must be strings")
        with paused_gc():
            return {key: self._stored(row) for key, row in self._fetch(keys).items()}

    def find(
        self,
        where: Where | None = None,
        *,
        order_by: Sequence[str] = (),
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[M]:
        """Return records matching ``where``, ordered, one page at a time (see Records)."""
        return self._page(where, order_by, limit, cursor, self._stored)

    def find_view(
        self,
        view: type[V],
        where: Where | None = None,
        *,
        order_by: Sequence[str] = (),
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[V]:
        """Return :meth:`find`'s page with each record read as ``view`` (see Records)."""
        kind, view = self.kind, check_view(self.kind, view)

        def read(row: Row) -> Stored[V]:
            return Stored(row[0], row[1], load_view(kind, view, row[2], row[3]))

        return self._page(where, order_by, limit, cursor, read)

    def _page(
        self,
        where: Where | None,
        order_by: Sequence[str],
        limit: int | None,
        cursor: str | None,
        read: Callable[[Row], Stored[R]],
    ) -> Page[R]:
        conds = conditions(self.kind, where)
        order = order_fields(self.kind, order_by)
        if limit is not None and (
            not isinstance(limit, int) or isinstance(limit, bool) or limit < 1
        ):
            raise InvalidInputError(f"limit {limit!r} must be a positive integer or None")
        after = None if cursor is None else decode_cursor(cursor, order)
        with paused_gc():
            rows = self._select(conds, order, None if limit is None else limit + 1, after)
            more = limit is not None and len(rows) > limit
            rows = rows[:limit] if more else rows
            items = tuple(read(row) for row, _ in rows)
        return Page(items, encode_cursor(rows[-1][1]) if more else None)

    def count(self, where: Where | None = None) -> int:
        """Return how many records match ``where``."""
        return self._count(conditions(self.kind, where))

    def totals(self, by: Sequence[str] = (), where: Where | None = None) -> list[TotalsRow]:
        """Sum the kind's totalled fields per group of ``by`` (one query on SQL)."""
        if not self.kind.totals:
            raise InvalidInputError(
                f"kind {self.kind.name!r} totals no field: declare totals=(...) on the kind"
            )
        if isinstance(by, str):
            by = (by,)
        fields = [field for field, _ in order_fields(self.kind, by)[: len(by)]]
        return self._totals(fields, conditions(self.kind, where))

    def search(
        self,
        query: str,
        where: Where | None = None,
        *,
        limit: int = 20,
        cursor: str | None = None,
    ) -> Page[M]:
        """Return the records whose text fields hold every word of ``query`` (see Records)."""
        terms = parse_query(self.kind, query)
        conds = conditions(self.kind, where)
        limit = search_limit(limit)
        search = fingerprint(terms, conds)
        offset = 0 if cursor is None else decode_search_cursor(cursor, search)
        rows = self._search(terms, conds, limit + 1, offset)
        more = len(rows) > limit
        items = tuple(self._stored(row) for row in rows[:limit])
        return Page(items, encode_search_cursor(offset + limit, search) if more else None)

    # --- writes -----------------------------------------------------------------------
    def _record(self, action: str, subject: str, written: list[tuple[str, int, str]]) -> None:
        self._audit(f"{self.kind.name}.{action}", subject, batch_state(self.kind, written))

    def add(self, records: Iterable[M]) -> list[Stored[M]]:
        """Store new records (version 1) as one audited write (see Records.add)."""
        with paused_gc():
            return self._add(records)

    def _add(self, records: Iterable[M]) -> list[Stored[M]]:
        _need_transaction(self.backend, f"adding {self.kind.name} records")
        if isinstance(records, BaseModel):
            raise InvalidInputError("add() takes an iterable of records: wrap one in a list")
        prepared: list[tuple[str, str, dict[str, Any]]] = []
        models: dict[str, M] = {}
        for record in records:
            key = self.kind.key_of(record)
            if key in models:
                raise DuplicateIdError(
                    f"kind {self.kind.name!r}: key {key!r} is given twice in one add(): "
                    "give each record its own key"
                )
            models[key] = record
            prepared.append((key, body_json(record), column_values(self.kind, record)))
        existing = self._fetch([key for key, _, _ in prepared])
        new = []
        for key, body, columns in prepared:
            row = existing.get(key)
            if row is None:
                new.append((key, body, columns))
            elif row[1] != 1 or row[3] != body:
                raise DuplicateIdError(
                    f"kind {self.kind.name!r}: key {key!r} is already stored with other "
                    "content: use replace() to change it, or another key"
                )
        if new:
            self._insert(new)
            subject = new[0][0] if len(new) == 1 else f"{len(new)} records"
            self._record("added", subject, [(key, 1, body) for key, body, _ in new])
        return [Stored(key, 1, models[key]) for key, _, _ in prepared]

    def _may_replace(self, what: str, action: str) -> None:
        """Refuse a replace outside a transaction, of an append-only kind, or badly named."""
        _need_transaction(self.backend, what)
        if self.kind.append_only:
            raise StateError(
                f"kind {self.kind.name!r} is append-only: add new records instead of replacing them"
            )
        if not isinstance(action, str) or not _ACTION.match(action):
            raise InvalidInputError(f"action {action!r} must be one lower-case word")

    def replace(self, record: M, *, expected_version: int, action: str = "replaced") -> Stored[M]:
        """Store a new version of a record (see Records.replace)."""
        self._may_replace(f"replacing a {self.kind.name} record", action)
        if not isinstance(expected_version, int) or isinstance(expected_version, bool):
            raise InvalidInputError(f"expected_version {expected_version!r} must be an integer")
        key = self.kind.key_of(record)
        body = body_json(record)
        columns = column_values(self.kind, record)
        if not self._update(key, expected_version, body, columns):
            row = self._fetch([key]).get(key)
            if row is None:
                raise NotFoundError(f"no {self.kind.name} record {key!r} to replace: add it")
            raise ConcurrencyError(
                f"{self.kind.name} record {key!r} is at version {row[1]}, not "
                f"{expected_version}: read it again and reapply the change"
            )
        version = expected_version + 1
        self._record(action, key, [(key, version, body)])
        return Stored(key, version, record)

    def replace_many(
        self, changes: Iterable[tuple[M, int]], *, action: str = "replaced"
    ) -> list[Stored[M]]:
        """Store new versions of many records as one audited write (see Records.replace_many)."""
        with paused_gc():
            return self._replace_many(changes, action)

    def _replace_many(self, changes: Iterable[tuple[M, int]], action: str) -> list[Stored[M]]:
        self._may_replace(f"replacing {self.kind.name} records", action)
        if isinstance(changes, tuple) and len(changes) == 2 and isinstance(changes[0], BaseModel):
            raise InvalidInputError(
                "replace_many() takes an iterable of (record, expected_version) pairs: "
                "wrap one pair in a list"
            )
        prepared: list[tuple[str, int, str, dict[str, Any]]] = []
        models: dict[str, M] = {}
        for change in changes:
            if not isinstance(change, tuple) or len(change) != 2:
                raise InvalidInputError(
                    f"replace_many() got {change!r}: give (record, expected_version) pairs"
                )
            record, expected = change
            if not isinstance(expected, int) or isinstance(expected, bool):
                raise InvalidInputError(f"expected_version {expected!r} must be an integer")
            key = self.kind.key_of(record)
            if key in models:
                raise InvalidInputError(
                    f"kind {self.kind.name!r}: key {key!r} is given twice in one replace_many(): "
                    "give each record once"
                )
            models[key] = record
            prepared.append((key, expected, body_json(record), column_values(self.kind, record)))
        if not prepared:
            return []
        stored = self._versions([key for key, *_ in prepared])
        for key, expected, _, _ in prepared:
            if key not in stored:
                raise NotFoundError(f"no {self.kind.name} record {key!r} to replace: add it")
            if stored[key] != expected:
                raise ConcurrencyError(
                    f"{self.kind.name} record {key!r} is at version {stored[key]}, not "
                    f"{expected}: read it again and reapply the change"
                )
        self._update_many(prepared)
        written = [(key, expected + 1, body) for key, expected, body, _ in prepared]
        subject = prepared[0][0] if len(prepared) == 1 else f"{len(prepared)} records"
        self._record(action, subject, written)
        return [Stored(key, expected + 1, models[key]) for key, expected, _, _ in prepared]

    def next_number(self, series: str) -> int:
        """Return the next number of ``series`` (see Records.next_number)."""
        _need_transaction(self.backend, f"numbering {self.kind.name} series {series!r}")
        if not isinstance(series, str) or not series.strip() or len(series) > 200:
            raise InvalidInputError(f"series {series!r} must be a non-empty name")
        number = self._next(series)
        self._audit(f"{self.kind.name}.numbered", series, {"series": series, "number": number})
        return number


class BlobStoreBase(abc.ABC):
    """One entity's file contents; subclasses supply load, store and delete.

    Args:
        backend: The backend whose transaction and audit hook the writes join.
        entity: Whose contents these are.
        actor: Who the audit trail names for writes.
    """

    def __init__(
        self, backend: Backend, entity: str, actor: str, clock: Clock | None = None
    ) -> None:
        self.backend = backend
        self.entity = entity
        self.actor = actor
        self.clock = clock
        self.max_size = backend.blob_max_size

    def _audit(self, action: str, subject: str, state: dict[str, Any]) -> None:
        at = self.clock() if self.clock is not None else None
        self.backend.record(self.entity, self.actor, Change(action, subject, state, at=at))

    @abc.abstractmethod
    def _load(self, sha256: str) -> bytes | None:
        """Return the stored bytes, or None."""

    @abc.abstractmethod
    def _store(self, sha256: str, content: bytes) -> None:
        """Store new content."""

    @abc.abstractmethod
    def _delete(self, sha256: str) -> bool:
        """Delete content; say if it was stored."""

    @abc.abstractmethod
    def _has(self, sha256: str) -> bool:
        """Say if content is stored, without reading it."""

    def _missing(self, digests: Sequence[str]) -> list[str]:
        """Return the digests among ``digests`` that are not stored (a backend batches it)."""
        return [sha256 for sha256 in digests if not self._has(sha256)]

    def _store_many(self, contents: Sequence[tuple[str, bytes]]) -> None:
        """Store new contents ``(sha256, bytes)`` (a backend writes them in one batch)."""
        for sha256, data in contents:
            self._store(sha256, data)

    @staticmethod
    def _digest(sha256: str) -> str:
        if not isinstance(sha256, str) or not _SHA256.match(sha256):
            raise InvalidInputError(f"{sha256!r} is not a SHA-256 hex digest (64 lower-case hex)")
        return sha256

    def _checked(self, content: object, what: str = "file content") -> bytes:
        if not isinstance(content, bytes | bytearray | memoryview):
            raise InvalidInputError(
                f"{what} must be bytes, not {type(content).__name__}: encode text first"
            )
        data = bytes(content)
        if len(data) > self.max_size:
            raise InvalidInputError(
                f"{what} of {len(data)} bytes exceeds the limit of {self.max_size}: "
                "raise backend.blob_max_size or store a smaller file"
            )
        return data

    def put(self, content: bytes) -> BlobRef:
        """Store ``content`` once per digest in the open transaction (see BlobStore)."""
        _need_transaction(self.backend, "storing file content")
        data = self._checked(content)
        ref = BlobRef(hashlib.sha256(data).hexdigest(), len(data))
        if not self._has(ref.sha256):
            self._store(ref.sha256, data)
            self._audit("blob.stored", ref.sha256, {"sha256": ref.sha256, "size": ref.size})
        return ref

    def put_many(self, contents: Iterable[bytes]) -> list[BlobRef]:
        """Store many contents, once per digest, as one audited write (see BlobStore)."""
        _need_transaction(self.backend, "storing file contents")
        if isinstance(contents, bytes | bytearray | memoryview):
            raise InvalidInputError("put_many() takes an iterable of contents: wrap one in a list")
        refs: list[BlobRef] = []
        new: dict[str, bytes] = {}
        for n, content in enumerate(contents):
            data = self._checked(content, f"file content {n} of the batch")
            ref = BlobRef(hashlib.sha256(data).hexdigest(), len(data))
            refs.append(ref)
            new.setdefault(ref.sha256, data)
        digests = list(new)
        missing: list[str] = []
        for start in range(0, len(digests), 500):
            missing += self._missing(digests[start : start + 500])
        if missing:
            self._store_many([(sha256, new[sha256]) for sha256 in missing])
            listed = hashlib.sha256("".join(missing).encode()).hexdigest()
            state = {
                "count": len(missing),
                "size": sum(len(new[sha256]) for sha256 in missing),
                "digest": listed,
            }
            subject = missing[0] if len(missing) == 1 else f"{len(missing)} contents"
            self._audit("blob.stored", subject, state)
        return refs

    def get(self, sha256: str) -> bytes:
        """Return the content with digest ``sha256``, checked (see BlobStore)."""
        data = self._load(self._digest(sha256))
        if data is None:
            raise NotFoundError(
                f"no file content with SHA-256 {sha256} (never stored or discarded)"
            )
        if hashlib.sha256(data).hexdigest() != sha256:
            raise IntegrityError(
                f"file content {sha256} no longer matches its digest: the stored bytes "
                "were altered; restore them from a backup"
            )
        return data

    def exists(self, sha256: str) -> bool:
        """Return True if content with digest ``sha256`` is stored."""
        return self._has(self._digest(sha256))

    def discard(self, sha256: str) -> bool:
        """Drop the content with digest ``sha256`` (see BlobStore)."""
        _need_transaction(self.backend, "discarding file content")
        if not self._delete(self._digest(sha256)):
            return False
        self._audit("blob.discarded", sha256, {"sha256": sha256})
        return True
