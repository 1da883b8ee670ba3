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
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Self

import attrs

from backoffice_core.audit.chain import extend
from backoffice_core.audit.ports import AuditStore
from backoffice_core.context import Change, Context, utc_now
from backoffice_core.errors import StateError
from backoffice_core.ledger.ports import LedgerStore

__all__ = ["Backend", "BoundUnitOfWork"]


class _TxState(threading.local):
    depth: int = 0
    changes: list[tuple[str, str, Change]]

    def __init__(self) -> None:
        self.depth = 0
        self.changes = []


class Backend(abc.ABC):
    """A storage backend: stores for every port, one transaction spanning them all."""

    url: str

    def __init__(self, url: str) -> None:
        self.url = url
        self._tx = _TxState()

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
                self._rollback_to(name)
                raise
            tx.depth -= 1
            self._release(name)
            return
        self._begin()
        tx.depth = 1
        tx.changes = []
        try:
            yield
            if tx.changes:
                self._append_audit(tx.changes)
        except BaseException:
            tx.depth = 0
            tx.changes = []
            self._rollback()
            raise
        tx.depth = 0
        tx.changes = []
        self._commit()

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

    def _append_audit(self, changes: list[tuple[str, str, Change]]) -> None:
        at = utc_now()
        by_entity: dict[str, list[tuple[str, Change]]] = {}
        for entity, actor, change in changes:
            by_entity.setdefault(entity, []).append((actor, change))
        for entity, items in by_entity.items():
            store = self.audit_store(entity)
            store.append(extend(store.head(), entity, items, at))

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
        """Queue ``change`` for the audit trail, as this context's entity and actor."""
        self.backend.record(self.context.entity, self.context.actor, change)
