"""The memory backend's transactions, isolation and audit chain.

Writers take turns: a transaction holds one re-entrant lock from begin to commit, as
SQLite's ``BEGIN IMMEDIATE`` does, so what it read is still true when it commits.
Readers take no lock at all. Each entity has a committed
:class:`~backoffice_core.storage.memory.state.State` that is never changed in place;
the writer changes its own copy, and the commit publishes that copy with one reference
swap. A thread therefore reads the last committed state (its own uncommitted writes
too, while it is the writer), as on the SQL backends, and is never blocked for the
length of another thread's transaction. Each write also logs how to undo itself, so a
savepoint rolls back exactly its own writes. The record store
(:mod:`~backoffice_core.storage.memory.records`) follows the same rules: its
uncommitted writes are the writer's alone, and the commit publishes them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence

from backoffice_core.audit.models import AuditRecord
from backoffice_core.errors import StateError
from backoffice_core.records import Kind
from backoffice_core.storage.base import Backend, Clock, M
from backoffice_core.storage.memory.ledger import MemoryLedgerStore
from backoffice_core.storage.memory.records import MemoryBlobs, MemoryRecords, RecordTables
from backoffice_core.storage.memory.state import Books, State

__all__ = ["MemoryAuditStore", "MemoryBackend"]


class MemoryBackend(Backend):
    """Keeps every entity's records in process memory.

    Args:
        url: ``memory://`` (any path is ignored).
    """

    def __init__(self, url: str = "memory://") -> None:
        super().__init__(url)
        # Held by the writing thread from begin to commit; readers never take it.
        self.lock = threading.RLock()
        # Guards only the creation of an entity's books (a dict insert).
        self._guard = threading.Lock()
        self._books: dict[str, Books] = {}
        self._undo: list[Callable[[], None]] = []
        self._savepoints: dict[str, int] = {}
        self._touched: list[Books] = []
        self.record_tables = RecordTables()

    def books(self, entity: str) -> Books:
        """Return the records of ``entity``, creating empty books on first use."""
        books = self._books.get(entity)
        if books is None:
            with self._guard:
                books = self._books.setdefault(entity, Books())
        return books

    def entities(self) -> list[str]:
        """Return the entities whose books have been opened (settings committed), sorted."""
        with self._guard:
            books = list(self._books.items())
        return sorted(e for e, b in books if b.committed.settings is not None)

    def view(self, books: Books) -> State:
        """Return the state this thread sees: its own writes while it is the writer."""
        working = books.working
        if working is not None and self.in_transaction:
            # Only the lock holder creates a working copy, and it is this thread when
            # it has a transaction open.
            return working
        return books.committed

    def writable(self, books: Books) -> State:
        """Return the open transaction's working copy of ``books``.

        Raises:
            StateError: If this thread has no transaction open.
        """
        if not self.in_transaction:
            raise StateError("memory store written outside a transaction: use transaction()")
        if books.working is None:
            books.working = books.committed.copy()
            self._touched.append(books)
        return books.working

    def log_undo(self, undo: Callable[[], None]) -> None:
        """Remember how to undo one write of the open transaction (for savepoints)."""
        self._undo.append(undo)

    def ledger_store(self, entity: str) -> MemoryLedgerStore:
        """Return the ledger store bound to ``entity``."""
        return MemoryLedgerStore(self, self.books(entity))

    def audit_store(self, entity: str) -> MemoryAuditStore:
        """Return the audit store bound to ``entity``."""
        return MemoryAuditStore(self, self.books(entity))

    def records(
        self, kind: Kind[M], entity: str, *, actor: str = "system", clock: Clock | None = None
    ) -> MemoryRecords[M]:
        """Return the store of ``kind`` records bound to ``entity``."""
        return MemoryRecords(self, kind, entity, actor, clock)

    def blobs(
        self, entity: str, *, actor: str = "system", clock: Clock | None = None
    ) -> MemoryBlobs:
        """Return the file-content store bound to ``entity``."""
        return MemoryBlobs(self, entity, actor, clock)

    def _begin(self) -> None:
        self.lock.acquire()
        self._undo = []
        self._touched = []

    def _commit(self) -> None:
        try:
            self.record_tables.publish()
            for books in self._touched:
                assert books.working is not None  # every touched book has a copy
                books.committed = books.working.freeze()  # the publishing swap
                books.working = None
        finally:
            self._undo = []
            self._savepoints = {}
            self._touched = []
            self.lock.release()

    def _savepoint(self, name: str) -> None:
        self._savepoints[name] = len(self._undo)

    def _rollback_to(self, name: str) -> None:
        mark = self._savepoints.pop(name)
        for undo in reversed(self._undo[mark:]):
            undo()
        del self._undo[mark:]

    def _release(self, name: str) -> None:
        del self._savepoints[name]

    def _rollback(self) -> None:
        try:
            self.record_tables.discard()
            for books in self._touched:
                committed = books.committed
                books.journal.truncate(committed.entries, committed.lines)
                del books.audit[committed.audit :]
                books.working = None
        finally:
            self._undo = []
            self._savepoints = {}
            self._touched = []
            self.lock.release()


class MemoryAuditStore:
    """An entity's audit chain in memory."""

    def __init__(self, backend: MemoryBackend, books: Books) -> None:
        self._backend = backend
        self._books = books

    def head(self) -> AuditRecord | None:
        """Return the latest record this thread may see, or None."""
        count = self._backend.view(self._books).audit
        return self._books.audit[count - 1] if count else None

    def append(self, records: Sequence[AuditRecord]) -> None:
        """Append records to the chain."""
        books = self._books
        state = self._backend.writable(books)
        size = state.audit

        def undo() -> None:
            del books.audit[size:]
            state.audit = size

        self._backend.log_undo(undo)
        del books.audit[size:]  # nothing beyond the state's count is anyone's
        books.audit.extend(records)
        state.audit = len(books.audit)

    def iter_records(self, after_seq: int = 0, action_prefix: str = "") -> Iterator[AuditRecord]:
        """Yield the records after ``after_seq`` that this thread may see.

        Only those whose action starts with ``action_prefix`` when one is given.
        """
        count = self._backend.view(self._books).audit
        snapshot = self._books.audit[:count]
        return (r for r in snapshot if r.seq > after_seq and r.action.startswith(action_prefix))
