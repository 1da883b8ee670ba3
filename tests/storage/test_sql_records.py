"""The record-store contract suite on SQLite (a file per test) and PostgreSQL (a fresh database)."""

from __future__ import annotations

import shutil
import tempfile

import psycopg
import pytest
from sqlstore_helpers import unique, with_database

from backend_urls import POSTGRES_URL
from backoffice_core.storage import Backend, SQLiteBackend
from backoffice_core.testing import RecordsContract


class TestSQLiteRecords(RecordsContract):
    """Every record-store contract test, on one SQLite file per test."""

    def make_backend(self) -> Backend:
        """Create the test's database file."""
        self.tmp = tempfile.mkdtemp(prefix="bo-records-")
        self.url = f"sqlite:///{self.tmp}/books.db"
        return SQLiteBackend(self.url)

    def shared_url(self) -> str | None:
        """The file's URL: worker processes open it too."""
        return self.url

    def teardown_method(self) -> None:
        """Close the backend and remove the file."""
        super().teardown_method()
        shutil.rmtree(self.tmp)


@pytest.mark.postgres
class TestPostgresRecords(RecordsContract):
    """Every record-store contract test, on one fresh PostgreSQL database per test."""

    def make_backend(self) -> Backend:
        """Create the test's database."""
        if not POSTGRES_URL:
            pytest.skip("BACKOFFICE_TEST_POSTGRES_URL is not set (use scripts/with-postgres)")
        from backoffice_core.storage.sql.postgres import PostgresBackend

        self.name = unique("bo_records")
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {self.name}")
        self.url = with_database(POSTGRES_URL, self.name)
        return PostgresBackend(self.url, max_size=6)

    def shared_url(self) -> str | None:
        """The database's URL: worker processes open it too."""
        return self.url

    def teardown_method(self) -> None:
        """Close the backend and drop the database."""
        super().teardown_method()
        with psycopg.connect(str(POSTGRES_URL), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {self.name} WITH (FORCE)")
