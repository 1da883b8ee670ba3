"""The SQLite backend (``sqlite:///path.db``), the embedded default.

One :mod:`sqlite3` connection per thread, in autocommit mode (``isolation_level=None``)
so that the backend, not the driver, decides where transactions begin. A transaction
starts with ``BEGIN IMMEDIATE``, which takes the database's write lock before the first
read: two writers (threads or processes) never interleave, so reading the audit head
and appending after it, or reading ``MAX(seq)`` and posting after it, cannot fork.
It does not block readers: in WAL mode they keep reading the last committed state.

Durability: WAL with ``synchronous=NORMAL``. A committed transaction survives a crash
of the process; a power loss or OS crash may lose the last transactions before the
WAL is checkpointed, but never corrupts the database or splits a transaction.
``sqlite:///:memory:`` keeps one private database per backend; its single connection
is shared by the threads, and a lock serialises them instead of ``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from backoffice_core.errors import InvalidInputError, StorageError
from backoffice_core.storage.sql.backend import Session, SQLBackend, current_version, migrate
from backoffice_core.storage.sql.dialect import SQLiteDialect
from backoffice_core.storage.sql.schema import MIGRATIONS, Migration, pending

__all__ = ["SQLiteBackend"]

BUSY_TIMEOUT_MS = 30_000
"""How long a writer waits for another's write lock before failing (milliseconds)."""


def sqlite_path(url: str) -> str:
    """Return the file path of a ``sqlite:///`` URL (``:memory:`` stays as is).

    ``sqlite:///books.db`` is relative to the working directory and
    ``sqlite:////srv/books.db`` is absolute.

    Raises:
        InvalidInputError: If the URL is not ``sqlite:///`` followed by a path.
    """
    prefix = "sqlite:///"
    if not url.startswith(prefix) or len(url) == len(prefix):
        raise InvalidInputError(
            f"SQLite URL {url!r} must be 'sqlite:///relative/path.db', "
            "'sqlite:////absolute/path.db' or 'sqlite:///:memory:'"
        )
    return url[len(prefix) :]


class SQLiteBackend(SQLBackend):
    """Every port in one SQLite database file.

    Args:
        url: ``sqlite:///path.db`` (relative), ``sqlite:////abs/path.db`` or
            ``sqlite:///:memory:``.
        migrations: The schema migrations to apply at open (tests add their own).

    Raises:
        MigrationError: If the database's schema is newer than this library.
        StorageError: If the file cannot be opened as a database.
    """

    def __init__(self, url: str, *, migrations: Sequence[Migration] = MIGRATIONS) -> None:
        super().__init__(url)
        self.dialect = SQLiteDialect()
        self.path = sqlite_path(url)
        self._memory = self.path == ":memory:"
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        # Only the shared in-memory connection needs a Python lock; files use SQLite's.
        self._mem_lock = threading.RLock()
        self._closed = False
        if not self._memory:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = self._connection()
            # WAL must be switched on outside a transaction; it is stored in the file.
            conn.execute("PRAGMA journal_mode=WAL")
            # A current schema is only read: a reader opening the file while a writer
            # holds the write lock does not wait for it. Only a migration takes it.
            current = current_version(Session(conn, self.dialect))
            if pending(current, migrations):
                with self.transaction():
                    current = migrate(Session(conn, self.dialect), migrations)
            self.schema_version = current
        except BaseException:
            self.close()
            raise

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        with self._guard:
            if self._closed:
                raise StorageError(f"backend {self.url!r} is closed")
            if self._memory and self._all:
                conn = self._all[0]
            else:
                try:
                    # check_same_thread=False only so that close() may close every
                    # thread's connection; each connection is still used by one thread
                    # (or, in memory, under _mem_lock).
                    conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
                    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
                    conn.execute("PRAGMA synchronous=NORMAL")
                    conn.execute("PRAGMA foreign_keys=ON")
                    conn.execute("PRAGMA cache_size=-65536")
                except sqlite3.Error as exc:
                    raise StorageError(f"cannot open SQLite database {self.path!r}: {exc}") from exc
                self._all.append(conn)
        self._local.conn = conn
        return conn

    @contextmanager
    def _session(self, entity: str) -> Iterator[Session]:
        if self._memory:
            with self._mem_lock:
                yield Session(self._connection(), self.dialect)
        else:
            yield Session(self._connection(), self.dialect)

    def _begin(self) -> None:
        if self._memory:
            self._mem_lock.acquire()
        try:
            self._connection().execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            if self._memory:
                self._mem_lock.release()
            raise StorageError(f"cannot begin a transaction on {self.path!r}: {exc}") from exc

    def _end(self, statement: str) -> None:
        conn = self._connection()
        try:
            conn.execute(statement)
        except sqlite3.Error as exc:
            if conn.in_transaction:
                # A failed COMMIT leaves the transaction open; end it so that the
                # connection can begin the next one.
                conn.execute("ROLLBACK")
            raise StorageError(f"{statement} failed on {self.path!r}: {exc}") from exc
        finally:
            if self._memory:
                self._mem_lock.release()

    def _savepoint(self, name: str) -> None:
        self._step(f"SAVEPOINT {name}")

    def _rollback_to(self, name: str) -> None:
        # ROLLBACK TO keeps the savepoint on the stack; RELEASE then removes it.
        self._step(f"ROLLBACK TO {name}")
        self._step(f"RELEASE {name}")

    def _release(self, name: str) -> None:
        self._step(f"RELEASE {name}")

    def _step(self, statement: str) -> None:
        try:
            self._connection().execute(statement)
        except sqlite3.Error as exc:
            raise StorageError(f"{statement} failed on {self.path!r}: {exc}") from exc

    def _commit(self) -> None:
        self._end("COMMIT")

    def _rollback(self) -> None:
        self._end("ROLLBACK")

    def close(self) -> None:
        """Close every thread's connection; the backend cannot be used afterwards."""
        with self._guard:
            self._closed = True
            conns, self._all = self._all, []
        for conn in conns:
            conn.close()
        self._local = threading.local()
