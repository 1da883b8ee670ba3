"""The PostgreSQL backend (``postgresql://…``): psycopg 3, a connection pool, COPY.

A transaction borrows one connection from a :class:`psycopg_pool.ConnectionPool` from
begin to commit; reads outside a transaction borrow one per query. Transactions run at
READ COMMITTED, and the first time a transaction touches an entity (read or write) it
takes a transaction-scoped advisory lock on that entity (``pg_advisory_xact_lock``).

Why that lock: the audit chain and the posting sequence are commit-ordered (each
record follows the head that the previous commit left), which a bare SEQUENCE cannot
give (it is neither gapless nor commit-ordered). Holding the entity's lock from the
first read to commit makes two writers of one entity take turns, as SQLite's ``BEGIN
IMMEDIATE`` does, so everything a transaction read about its entity is still true when
it commits. What it does not block: readers (MVCC gives them the last committed state
without waiting), and writers of other entities, which run in parallel. A transaction
that touches two entities in opposite orders to another can deadlock; PostgreSQL
detects that and aborts one of them, which surfaces as a StorageError.

Round trips: the lock (or, outside a transaction, the entity setting) is not sent on
its own but as a prelude of the session's first statement, and the posting lookup
(periods, accounts, ids already posted, the posting sequence and the audit head) goes
in the same pipeline. While the lock is held those values cannot change, so the store
keeps the sequence and the audit head for the rest of the transaction
(:attr:`~backoffice_core.storage.base.Backend.tx_cache`). Small loads go as pipelined
INSERTs. A single ``post`` costs 6 round trips (a test counts them in libpq's trace).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from backoffice_core.errors import StorageError
from backoffice_core.storage.sql.backend import Session, SQLBackend, migrate
from backoffice_core.storage.sql.dialect import PostgresDialect
from backoffice_core.storage.sql.schema import MIGRATIONS, Migration

__all__ = ["PostgresBackend"]

# Two-key advisory locks: the first key names the purpose, so these never collide
# with an application's own single-key advisory locks.
_ENTITY_LOCK = 0x424F0001
_MIGRATION_LOCK = 0x424F0002
# The entity the row-level security policies let this transaction see (schema v2).
_SET_ENTITY = "SELECT set_config('backoffice.entity', ?, true)"
_LOCK_AND_SET_ENTITY = (
    f"SELECT pg_advisory_xact_lock({_ENTITY_LOCK}, hashtext(?)), "
    "set_config('backoffice.entity', ?, true)"
)


class _ThreadState(threading.local):
    conn: Any = None
    locked: set[str]
    current: str | None
    saved: dict[str, tuple[set[str], str | None]]

    def __init__(self) -> None:
        self.conn = None
        self.locked = set()
        self.current = None
        self.saved = {}


class PostgresBackend(SQLBackend):
    """Every port in one PostgreSQL database.

    Args:
        url: A libpq URL such as ``postgresql://app@db.internal/books`` (any libpq
            connection string works, including ``host=/run/postgresql dbname=books``).
        min_size: Connections the pool keeps open.
        max_size: The most connections the pool opens (one per concurrent transaction).
        migrations: The schema migrations to apply at open (tests add their own).

    Raises:
        MigrationError: If the database's schema is newer than this library.
        StorageError: If the server cannot be reached.
    """

    def __init__(
        self,
        url: str,
        *,
        min_size: int = 1,
        max_size: int = 10,
        migrations: Sequence[Migration] = MIGRATIONS,
    ) -> None:
        super().__init__(url)
        self.dialect = PostgresDialect(psycopg.Error)
        self._state = _ThreadState()
        try:
            # No automatic server-side prepared statements: a generic plan cached
            # while a table was small (a new book) kept scanning it after a bulk load
            # grew it (measured 270 ms instead of 5 ms for an id lookup). Each query
            # is planned with its own parameters and the table's current size.
            self._pool = ConnectionPool(
                url,
                min_size=min_size,
                max_size=max_size,
                open=True,
                name="backoffice",
                kwargs={"prepare_threshold": None},
            )
            self._pool.wait(timeout=30)
        except Exception as exc:
            raise StorageError(f"cannot connect to PostgreSQL at {url!r}: {exc}") from exc
        self.migration_lock = f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK}, 0)"
        try:
            with self._pool.connection() as conn:
                session = Session(conn, self.dialect)
                # Two processes opening one new database must not both create tables.
                session.execute(self.migration_lock)
                self.schema_version = migrate(session, migrations)
                # Row-level security (schema version 2) binds every role but superusers
                # and BYPASSRLS ones, and COPY FROM is refused where it binds.
                ((exempt,),) = session.query(
                    "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"
                )
                self.dialect.copy = bool(exempt)
                # Full-text indexes stem Indonesian where the server has the
                # configuration (PostgreSQL 13 and later ship it), else fold words only.
                ((config,),) = session.query(
                    "SELECT COALESCE((SELECT cfgname FROM pg_catalog.pg_ts_config "
                    "WHERE cfgname = 'indonesian' LIMIT 1), 'simple')"
                )
                self.dialect.text_config = str(config)
        except BaseException:
            self._pool.close()
            raise

    @contextmanager
    def _session(self, entity: str) -> Iterator[Session]:
        # The lock and the entity setting go as a prelude, in the same round trip as
        # the session's first statement (flushed on exit if it ran none).
        state = self._state
        if state.conn is None:
            with self._pool.connection() as conn:
                session = Session(conn, self.dialect, [(_SET_ENTITY, (entity,))])
                yield session
                session.flush()
            return
        prelude: list[tuple[str, Sequence[Any]]] = []
        if entity not in state.locked:
            # See the module docstring: serialises this entity's writers until commit.
            prelude.append((_LOCK_AND_SET_ENTITY, (entity, entity)))
            state.locked.add(entity)
            state.current = entity
        elif state.current != entity:
            prelude.append((_SET_ENTITY, (entity,)))
            state.current = entity
        session = Session(state.conn, self.dialect, prelude)
        yield session
        session.flush()

    def _begin(self) -> None:
        try:
            conn = self._pool.getconn()
        except Exception as exc:
            raise StorageError(f"no PostgreSQL connection for a transaction: {exc}") from exc
        self._state.conn = conn
        self._state.locked = set()
        self._state.current = None
        self._state.saved = {}

    def _end(self, commit: bool) -> None:
        state = self._state
        conn, state.conn, state.locked, state.current = state.conn, None, set(), None
        try:
            if commit:
                conn.commit()
            else:
                conn.rollback()
        except psycopg.Error as exc:
            raise StorageError(f"{'commit' if commit else 'rollback'} failed: {exc}") from exc
        finally:
            # The pool rolls back a connection returned mid-transaction (after a failed
            # commit) and discards a broken one.
            self._pool.putconn(conn)

    def _savepoint(self, name: str) -> None:
        state = self._state
        self._step(f"SAVEPOINT {name}")
        state.saved[name] = (set(state.locked), state.current)

    def _rollback_to(self, name: str) -> None:
        # Advisory locks taken and the entity set after the savepoint are undone with
        # it: forget them, so that the next statement takes the lock and sets it again.
        state = self._state
        self._step(f"ROLLBACK TO SAVEPOINT {name}")
        self._step(f"RELEASE SAVEPOINT {name}")
        state.locked, state.current = state.saved.pop(name)

    def _release(self, name: str) -> None:
        self._step(f"RELEASE SAVEPOINT {name}")
        self._state.saved.pop(name)

    def _step(self, statement: str) -> None:
        conn = self._state.conn
        assert conn is not None  # savepoints exist only inside a transaction
        try:
            conn.execute(statement)
        except psycopg.Error as exc:
            raise StorageError(f"{statement} failed: {exc}") from exc

    def _commit(self) -> None:
        self._end(commit=True)

    def _rollback(self) -> None:
        self._end(commit=False)

    def close(self) -> None:
        """Close the pool and every connection in it."""
        self._pool.close()
