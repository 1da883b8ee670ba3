"""The part of a SQL backend that does not depend on the database: sessions and migrations.

:class:`SQLBackend` hands out the shared SQL stores and gives them a :class:`Session`
(one DB-API connection, wrapped so that driver errors become library errors) through
:meth:`SQLBackend.session`. Concrete backends decide where that connection comes from
and which locks a transaction takes; :func:`migrate` brings a fresh or older database
to the current schema.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from backoffice_core.errors import ConcurrencyError, StateError, StorageError
from backoffice_core.records import Kind
from backoffice_core.storage.base import Backend, Clock, M
from backoffice_core.storage.sql.audit import SQLAuditStore
from backoffice_core.storage.sql.dialect import Dialect, Load
from backoffice_core.storage.sql.ledger import SQLLedgerStore
from backoffice_core.storage.sql.record_schema import ensure_kind, kind_digest, stored_digest
from backoffice_core.storage.sql.records import SQLBlobs, SQLRecords
from backoffice_core.storage.sql.schema import MIGRATIONS, VERSION_TABLE, Migration, pending

__all__ = ["SQLBackend", "Session", "current_version", "migrate"]


class Session:
    """One DB-API connection seen through a dialect; driver errors become library errors.

    Args:
        connection: An open DB-API connection.
        dialect: How to speak to it.
    """

    def __init__(
        self,
        connection: Any,
        dialect: Dialect,
        prelude: Sequence[tuple[str, Sequence[Any]]] = (),
    ) -> None:
        self.connection = connection
        self.dialect = dialect
        self.prelude = list(prelude)

    def flush(self) -> None:
        """Run the statements the backend asked to send before this session's first one.

        A PostgreSQL session's first statement carries the entity's lock and row-security
        setting in the same round trip; when a session runs nothing, they run here.
        """
        if self.prelude:
            statements, self.prelude = self.prelude, []
            with self._errors(None):
                self.dialect.query_many(self.connection, statements)

    def _take_prelude(self) -> list[tuple[str, Sequence[Any]]]:
        statements, self.prelude = self.prelude, []
        return statements

    @contextmanager
    def _errors(self, conflict: str | None) -> Iterator[None]:
        try:
            yield
        except self.dialect.db_error as exc:
            if conflict is not None and self.dialect.is_unique_violation(exc):
                raise ConcurrencyError(conflict) from exc
            raise StorageError(f"{self.dialect.name} failed: {exc}") from exc

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a query and return every row."""
        if self.prelude:
            return self.query_many([(sql, params)])[0]
        with self._errors(None):
            cursor = self.connection.cursor()
            try:
                cursor.execute(self.dialect.sql(sql), params)
                return list(cursor.fetchall())
            finally:
                cursor.close()

    def query_many(
        self, statements: Sequence[tuple[str, Sequence[Any]]]
    ) -> list[list[tuple[Any, ...]]]:
        """Run several queries and return each one's rows, in order.

        The dialect may send them together (PostgreSQL pipelines them: one round trip).
        """
        prelude = self._take_prelude()
        with self._errors(None):
            rows = self.dialect.query_many(self.connection, [*prelude, *statements])
        return rows[len(prelude) :]

    def execute(self, sql: str, params: Sequence[Any] = (), *, conflict: str | None = None) -> int:
        """Run one statement and return how many rows it changed.

        Args:
            sql: The statement, with ``?`` placeholders.
            params: Its parameters.
            conflict: When given, a duplicate key raises ConcurrencyError with this message.
        """
        self.flush()
        with self._errors(conflict):
            cursor = self.connection.cursor()
            try:
                cursor.execute(self.dialect.sql(sql), params)
                return int(cursor.rowcount)
            finally:
                cursor.close()

    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement once per parameter row (pipelined on PostgreSQL)."""
        self.flush()
        with self._errors(None):
            cursor = self.connection.cursor()
            try:
                cursor.executemany(self.dialect.sql(sql), rows)
            finally:
                cursor.close()

    def bulk_insert(
        self,
        table: str,
        columns: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        conflict: str | None = None,
    ) -> None:
        """Insert many rows with the dialect's bulk load."""
        listed = rows if isinstance(rows, list) else list(rows)
        self.insert_many([(table, columns, listed)], conflict=conflict)

    def insert_many(self, loads: Sequence[Load], *, conflict: str | None = None) -> None:
        """Insert the rows of several tables in order, in as few round trips as the size allows.

        Args:
            loads: (table, columns, rows) for each table.
            conflict: When given, a duplicate key raises ConcurrencyError with this message.
        """
        self.flush()
        with self._errors(conflict):
            self.dialect.insert_many(self.connection, loads)


def migrate(session: Session, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Apply the missing ``migrations`` in the session's open transaction.

    The caller holds the backend's migration lock, so two processes opening one new
    database at once do not both create its tables.

    Returns:
        The schema version the database is at afterwards.

    Raises:
        MigrationError: If the database is newer than this library.
    """
    # Create nothing when the schema is current: an application role with no right to
    # create tables can open a database that an administrator migrated.
    current = current_version(session)
    if current == 0:
        session.execute(VERSION_TABLE)
    steps = pending(current, migrations)
    for migration in steps:
        for statement in migration.for_dialect(session.dialect.name):
            session.execute(statement)
        session.execute(
            "INSERT INTO schema_version (version, description) VALUES (?, ?)",
            (migration.version, migration.description),
        )
    return steps[-1].version if steps else current


def current_version(session: Session) -> int:
    """Return the schema version of the database, 0 for a new one (a read, no lock)."""
    ((exists,),) = session.query(session.dialect.table_exists("schema_version"))
    if not int(exists):
        return 0
    (current,) = session.query("SELECT COALESCE(MAX(version), 0) FROM schema_version")[0]
    return int(current)


class SQLBackend(Backend):
    """A backend over a SQL database; subclasses supply connections and locks."""

    dialect: Dialect
    schema_version: int
    """The schema version the database was brought to when the backend opened."""
    migration_lock: str | None = None
    """A statement taking the lock that serialises schema changes (None: the write
    transaction's own lock does)."""
    _kinds: dict[str, object]

    def ledger_store(self, entity: str) -> SQLLedgerStore:
        """Return the ledger store bound to ``entity``."""
        return SQLLedgerStore(self, entity)

    def audit_store(self, entity: str) -> SQLAuditStore:
        """Return the audit store bound to ``entity``."""
        return SQLAuditStore(self, entity)

    def entities(self) -> list[str]:
        """Return the entities with ledger settings (under row-level security, those visible)."""
        with self.session("") as session:
            return [r[0] for r in session.query("SELECT entity FROM ledger_settings ORDER BY 1")]

    def records(
        self, kind: Kind[M], entity: str, *, actor: str = "system", clock: Clock | None = None
    ) -> SQLRecords[M]:
        """Return the store of ``kind`` records bound to ``entity``.

        The first time a database meets the kind, its table is created (in the open
        transaction if there is one, else in a transaction of its own).

        Raises:
            MigrationError: If the database holds the kind with another layout.
        """
        self.ensure_kind(kind, entity)
        return SQLRecords(self, kind, entity, actor, clock)

    def blobs(self, entity: str, *, actor: str = "system", clock: Clock | None = None) -> SQLBlobs:
        """Return the file-content store bound to ``entity``."""
        return SQLBlobs(self, entity, actor, clock)

    def ensure_kind(self, kind: Kind[M], entity: str = "") -> None:
        """Create the table of ``kind`` unless the database already has it.

        An administrator can call this for every kind an application uses, so that
        an application role without the right to create tables can open the database.

        Raises:
            MigrationError: If the database holds the kind with another layout.
        """
        layout = (kind.fields, kind.text, kind.rollups)
        if not hasattr(self, "_kinds"):
            self._kinds = {}
        if self._kinds.get(kind.name) == layout:
            return
        if self.in_transaction:
            # Created inside the caller's unit of work: not remembered, because a
            # rollback takes the table away with it.
            with self.session(entity, write=True) as session:
                ensure_kind(session, kind, self.migration_lock)
            return
        # A plain read first: a process that only reads never waits for the write lock.
        with self.session(entity) as session:
            known = stored_digest(session, kind) == kind_digest(kind, self.dialect)
        if not known:
            with self.transaction(), self.session(entity, write=True) as session:
                ensure_kind(session, kind, self.migration_lock)
        self._kinds[kind.name] = layout

    @abc.abstractmethod
    def _session(self, entity: str) -> AbstractContextManager[Session]:
        """Return the session for a store of ``entity`` (the transaction's, if open)."""

    @contextmanager
    def session(self, entity: str, *, write: bool = False) -> Iterator[Session]:
        """Lend the session a store of ``entity`` reads or writes through.

        Inside a transaction this is the transaction's connection; outside, reads run
        in autocommit and writes are refused.

        Raises:
            StateError: If ``write`` is set and this thread has no transaction open.
        """
        if write and not self.in_transaction:
            raise StateError(
                f"{self.dialect.name} store of {entity!r} written outside a transaction: "
                "wrap the write in 'with backend.transaction():'"
            )
        with self._session(entity) as session:
            yield session
