"""Backend-level behaviour: URLs, SQLite settings and threads, rollback leaving no trace."""

from __future__ import annotations

import sqlite3
import subprocess
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlstore_helpers import CHART, as_posted, entry

import backoffice_core.storage as storage
from backoffice_core.context import Change
from backoffice_core.errors import InvalidInputError, StorageError
from backoffice_core.ledger.models import BudgetLine, LedgerSettings, PeriodStatus
from backoffice_core.money import Money
from backoffice_core.storage import MemoryBackend, SQLiteBackend, open_backend
from backoffice_core.storage.sql import SQLBackend

PG_DUMP = Path("/usr/lib/postgresql/15/bin/pg_dump")


def _dump(backend: SQLBackend) -> str:
    """Return a full textual dump of the database behind ``backend``."""
    if isinstance(backend, SQLiteBackend):
        conn = sqlite3.connect(backend.path)
        try:
            return "\n".join(conn.iterdump())
        finally:
            conn.close()
    return subprocess.run(
        [str(PG_DUMP), "--no-owner", "--restrict-key=backofficetest", "--dbname", backend.url],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


class TestOpenBackend:
    def test_urls_pick_the_backend(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """memory://, relative and absolute sqlite:/// URLs and :memory: open their backend."""
        monkeypatch.chdir(tmp_path)
        with open_backend("memory://") as memory:
            assert isinstance(memory, MemoryBackend)
        with open_backend("sqlite:///rel/books.db") as rel:
            assert isinstance(rel, SQLiteBackend)
        assert (tmp_path / "rel" / "books.db").exists()
        with open_backend(f"sqlite:///{tmp_path}/abs.db") as absolute:
            assert isinstance(absolute, SQLiteBackend)
            assert absolute.path == f"{tmp_path}/abs.db"

    @pytest.mark.parametrize("url", ["mysql://db/books", "books.db", "sqlite://", "sqlite:///"])
    def test_unknown_url_is_refused(self, url: str) -> None:
        """A URL that names no backend raises InvalidInputError quoting it."""
        with pytest.raises(InvalidInputError, match=url.replace("/", ".")):
            open_backend(url)

    def test_public_names(self) -> None:
        """__all__ is sorted and PostgresBackend is reachable lazily."""
        assert storage.__all__ == sorted(storage.__all__)
        assert storage.PostgresBackend.__name__ == "PostgresBackend"

    def test_sqlite_memory_url_shares_one_database(self) -> None:
        """sqlite:///:memory: keeps one private database, seen from every thread."""
        with open_backend("sqlite:///:memory:") as backend:
            store = backend.ledger_store("PT A")
            with backend.transaction():
                store.put_settings(LedgerSettings(base_currency="USD"))
            seen: list[object] = []
            thread = threading.Thread(target=lambda: seen.append(store.get_settings()))
            thread.start()
            thread.join()
            assert seen == [LedgerSettings(base_currency="USD")]


class TestSQLiteBackend:
    def test_connection_settings(self, sqlite_url: str) -> None:
        """WAL journal, synchronous=NORMAL, foreign keys on and a busy timeout."""
        with SQLiteBackend(sqlite_url) as backend, backend.session("-") as session:
            assert session.query("PRAGMA journal_mode") == [("wal",)]
            assert session.query("PRAGMA synchronous") == [(1,)]
            assert session.query("PRAGMA foreign_keys") == [(1,)]
            assert session.query("PRAGMA busy_timeout")[0][0] >= 1000

    def test_each_thread_has_its_own_connection(self, sqlite_url: str) -> None:
        """Threads read through their own connections, all closed by close()."""
        backend = SQLiteBackend(sqlite_url)
        conns: list[object] = []

        def read() -> None:
            with backend.session("PT A") as session:
                conns.append(session.connection)

        threads = [threading.Thread(target=read) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len({id(c) for c in conns}) == 3
        backend.close()
        with pytest.raises(StorageError, match="closed"), backend.session("PT A"):
            pass

    def test_writer_waits_for_the_write_lock(self, sqlite_url: str) -> None:
        """A second writer blocks at BEGIN IMMEDIATE until the first commits."""
        backend = SQLiteBackend(sqlite_url)
        other = SQLiteBackend(sqlite_url)
        order: list[str] = []

        def second_writer() -> None:
            other._begin()
            order.append("second")
            other._commit()

        with backend.transaction():
            thread = threading.Thread(target=second_writer)
            thread.start()
            thread.join(0.3)
            order.append("first")
        thread.join()
        assert order == ["first", "second"]
        backend.close()
        other.close()


class TestRollback:
    def test_rollback_leaves_the_database_unchanged(self, sql_backend: SQLBackend) -> None:
        """A failed unit of work over every store leaves an identical database dump."""
        store = sql_backend.ledger_store("PT A")
        with sql_backend.transaction():
            store.put_settings(LedgerSettings())
            store.add_accounts(CHART)
            store.add_entries(as_posted([entry("kept", date(2026, 1, 2))]))
            sql_backend.record("PT A", "rina", Change("kept", "kept", {}))
        before = _dump(sql_backend)
        with pytest.raises(RuntimeError, match="boom"):
            self._fail_after_writing_everywhere(sql_backend)
        assert _dump(sql_backend) == before
        assert store.get_entry("gone-0") is None

    @staticmethod
    def _fail_after_writing_everywhere(sql_backend: SQLBackend) -> None:
        store = sql_backend.ledger_store("PT A")
        with sql_backend.transaction():
            store.put_settings(LedgerSettings(base_currency="USD"))
            store.add_accounts([CHART[0].model_copy(update={"code": "9999"})])
            store.update_account(CHART[0].model_copy(update={"name": "x", "version": 1}), 0)
            store.add_entries(as_posted([entry(f"gone-{n}", date(2026, 1, 3)) for n in range(50)]))
            store.save_period(PeriodStatus(month="2026-01", version=1), 0)
            store.save_budget(BudgetLine(account="6100", month="2026-01",
                                         amount=Money(1, "IDR"), version=1), 0)  # fmt: skip
            sql_backend.record("PT A", "rina", Change("gone", "gone", {}))
            raise RuntimeError("boom")
