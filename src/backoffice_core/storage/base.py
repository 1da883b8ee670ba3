"""The backend seam: :class:`Backend`, its unit of work, and the audit hook at commit.

A backend hands out entity-bound stores (one per domain port) and owns the transaction.
Transactions nest per thread: the outermost ``with backend.transaction():`` begins,
inner ones run in savepoints of it, and the outermost commits on normal exit or rolls
back on any exception; an inner block that fails undoes only its own writes. Before
committing, the backend appends the changes that services recorded to each entity's
audit chain in the same transaction, after the write lock is held, so the chain has no
gap, duplicate or fork.
"""

from __future__ import annotations

import abc
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from typing import Self, TypeVar

import attrs
from pydantic import BaseModel

from backoffice_core.audit.chain import extend
from backoffice_core.audit.models import AuditRecord
from backoffice_core.audit.ports import AuditStore
from backoffice_core.context import Change, Context, utc_now
from backoffice_core.errors import ConcurrencyError, StateError, StorageError
from backoffice_core.ledger.ports import LedgerStore
from backoffice_core.records import BlobStore, Kind, Records

__all__ = [
    "DEFAULT_BLOB_MAX_SIZE",
    "Backend",
    "BoundUnitOfWork",
    "check_version",
    "stale_version",
]

M = TypeVar("M", bound=BaseModel)
Clock = Callable[[], datetime]

DEFAULT_BLOB_MAX_SIZE = 64 * 1024 * 1024
"""The largest file content a blob store accepts unless ``blob_max_size`` is changed."""


def stale_version(what: str, expected: int) -> ConcurrencyError:
    """Return the error every store raises when a write finds a version other than expected.

    Args:
        what: The record, such as ``"account '1110'"``.
        expected: The version the caller read.
    """
    return ConcurrencyError(f"{what} changed since version {expected}: read it again and retry")


def check_version(what: str, stored: int | None, expected: int) -> None:
    """Raise :func:`stale_version` unless the ``stored`` version is ``expected``.

    A record that is not stored has version 0 where it may be created by a versioned
    write (periods, budgets) and None where it must exist (accounts).

    Raises:
        ConcurrencyError: If the versions differ.
    """
    if stored != expected:
        raise stale_version(what, expected)


class _TxState(threading.local):
    depth: int = 0
    changes: list[tuple[str, str, Change]]
    cache: dict[object, object]
    after: list[Callable[[], None]]

    def __init__(self) -> None:
        self.depth = 0
        self.changes = []
        self.cache = {}
        self.after = []


class Backend(abc.ABC):
    """A storage backend: stores for every port, one transaction spanning them all."""

    url: str
    blob_max_size: int = DEFAULT_BLOB_MAX_SIZE
    """The largest file content (bytes) that its blob stores accept; a setting."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._tx = _TxState()
        self._commit_hooks: list[Callable[[AuditRecord], None]] = []

    # --- stores -----------------------------------------------------------------------
    @abc.abstractmethod
    def ledger_store(self, entity: str) -> LedgerStore:
        """Return the ledger store bound to ``entity``."""

    @abc.abstractmethod
    def audit_store(self, entity: str) -> AuditStore:
        """Return the audit store bound to ``entity``."""

    @abc.abstractmethod
    def entities(self) -> list[str]:
        """Return the entities whose books exist here (that the connection may see)."""

    @abc.abstractmethod
    def records(
        self, kind: Kind[M], entity: str, *, actor: str = "system", clock: Clock | None = None
    ) -> Records[M]:
        """Return the store of ``kind`` records bound to ``entity``.

        Args:
            kind: What is stored (its table is created on first use on SQL).
            entity: Whose records these are.
            actor: Who the audit trail names for writes through this store.
            clock: The acting context's clock, which times the audit records (the
                commit time when None).

        Raises:
            MigrationError: If the database holds the kind with another layout.
        """

    @abc.abstractmethod
    def blobs(self, entity: str, *, actor: str = "system", clock: Clock | None = None) -> BlobStore:
        """Return the file-content store bound to ``entity`` (writes audited as ``actor``)."""

    # --- transaction hooks ------------------------------------------------------------
    @abc.abstractmethod
    def _begin(self) -> None:
        """Begin a write transaction, taking the write lock."""

    @abc.abstractmethod
    def _commit(self) -> None:
        """Commit the open transaction."""

    @abc.abstractmethod
    def _rollback(self) -> None:
        """Roll back the open transaction."""

    @abc.abstractmethod
    def _savepoint(self, name: str) -> None:
        """Mark a savepoint ``name`` inside the open transaction."""

    @abc.abstractmethod
    def _rollback_to(self, name: str) -> None:
        """Undo everything since savepoint ``name`` and forget the savepoint."""

    @abc.abstractmethod
    def _release(self, name: str) -> None:
        """Keep everything since savepoint ``name`` and forget the savepoint."""

    def close(self) -> None:  # noqa: B027 - optional hook: backends without resources keep it
        """Release the backend's resources (connections, files)."""

    # --- unit of work -----------------------------------------------------------------
    @property
    def in_transaction(self) -> bool:
        """True while this thread has a transaction open."""
        return self._tx.depth > 0

    @property
    def tx_cache(self) -> dict[object, object]:
        """Values a store may keep for the rest of this thread's open transaction.

        Only what the transaction's write lock keeps true belongs here (the next
        posting sequence of an entity, say). It is emptied when the transaction ends
        and when a savepoint rolls back.
        """
        return self._tx.cache

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Open a transaction, or join the one this thread already has open."""
        tx = self._tx
        if tx.depth:
            # A nested block runs in a savepoint: when it fails, its writes and the
            # audit changes it recorded are undone, and the outer unit of work may go
            # on (or fail) as a whole. A refused operation never leaves half its rows.
            name = f"backoffice_{tx.depth}"
            mark = len(tx.changes)
            self._savepoint(name)
            tx.depth += 1
            try:
                yield
            except BaseException:
                tx.depth -= 1
                del tx.changes[mark:]
                tx.cache.clear()
                self._rollback_to(name)
                raise
            tx.depth -= 1
            self._release(name)
            return
        self._begin()
        tx.depth = 1
        tx.changes = []
        tx.cache = {}
        tx.after = []
        heads: list[AuditRecord] = []
        try:
            yield
            if tx.changes:
                heads = self._append_audit(tx.changes)
        except BaseException:
            tx.depth = 0
            tx.changes = []
            tx.cache = {}
            try:
                self._rollback()
            finally:
                self._run_after()
            raise
        tx.depth = 0
        tx.changes = []
        tx.cache = {}
        try:
            self._commit()
        finally:
            self._run_after()
        self._after_commit(heads)

    def after_transaction(self, action: Callable[[], None]) -> None:
        """Run ``action`` once this thread's outermost transaction has ended.

        It runs whether the transaction commits or rolls back (now, if none is open):
        for writes that must outlive a refused operation, such as the record of an
        access refusal. A failing action is reported as a RuntimeWarning, never in
        place of the transaction's own outcome.
        """
        if not self._tx.depth:
            action()
            return
        self._tx.after.append(action)

    def _run_after(self) -> None:
        actions, self._tx.after = self._tx.after, []
        for action in actions:
            try:
                action()
            except Exception as exc:  # the transaction's own outcome must stand
                warnings.warn(
                    f"an action after the transaction failed: {exc!r}", RuntimeWarning, stacklevel=2
                )

    def on_commit(self, hook: Callable[[AuditRecord], None]) -> None:
        """Call ``hook`` with each entity's new head after every commit that audited.

        This is how the head leaves the database as it grows: give it an
        :class:`~backoffice_core.audit.AnchorFile`, or a function that sends the head
        to a place the database's users cannot write. The hook runs after the commit,
        on the committing thread.
        """
        self._commit_hooks.append(hook)

    def _after_commit(self, heads: list[AuditRecord]) -> None:
        for hook in self._commit_hooks:
            for head in heads:
                try:
                    hook(head)
                except Exception as exc:
                    raise StorageError(
                        f"the transaction committed, but the commit hook {hook!r} failed on "
                        f"head {head.seq} of {head.entity!r}: {exc}; the anchor lags until "
                        "the next commit or verify(anchor=..., update_anchor=True)"
                    ) from exc

    def record(self, entity: str, actor: str, change: Change) -> None:
        """Queue a change for the audit trail of the open transaction.

        Raises:
            StateError: If no transaction is open on this thread.
        """
        if not self._tx.depth:
            raise StateError(
                f"change {change.action!r} on {change.subject!r} was recorded outside a "
                "transaction: wrap the write in 'with backend.transaction():'"
            )
        self._tx.changes.append((entity, actor, change))

    def _append_audit(self, changes: list[tuple[str, str, Change]]) -> list[AuditRecord]:
        # Changes carry the time of their context's clock; one recorded through
        # ``Backend.record`` without a time gets the commit time.
        at = utc_now()
        by_entity: dict[str, list[tuple[str, Change]]] = {}
        for entity, actor, change in changes:
            by_entity.setdefault(entity, []).append((actor, change))
        heads = []
        for entity, items in by_entity.items():
            store = self.audit_store(entity)
            records = extend(store.head(), entity, items, at)
            store.append(records)
            heads.append(records[-1])
        return heads

    def unit_of_work(self, context: Context) -> BoundUnitOfWork:
        """Return the unit of work that services of ``context`` use."""
        return BoundUnitOfWork(self, context)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@attrs.frozen
class BoundUnitOfWork:
    """A backend's unit of work bound to one context (entity and actor).

    Args:
        backend: The backend whose transaction it uses.
        context: Whose changes it records.
    """

    backend: Backend
    context: Context

    def transaction(self) -> AbstractContextManager[None]:
        """Open or join the backend's transaction."""
        return self.backend.transaction()

    def record(self, change: Change) -> None:
        """Queue ``change`` for the audit trail, as this context's entity and actor.

        A change without a time is stamped with the context's clock, so the audit
        record carries the time the service saw.
        """
        if change.at is None:
            change = attrs.evolve(change, at=self.context.clock())
        self.backend.record(self.context.entity, self.context.actor, change)

    def records(self, kind: Kind[M]) -> Records[M]:
        """Return the store of ``kind`` for this context's entity, audited as its actor."""
        context = self.context
        return self.backend.records(kind, context.entity, actor=context.actor, clock=context.clock)

    def blobs(self) -> BlobStore:
        """Return the file-content store of this context's entity, audited as its actor."""
        context = self.context
        return self.backend.blobs(context.entity, actor=context.actor, clock=context.clock)
