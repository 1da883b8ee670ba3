"""The backend contract suite on SQLite (a file per test) and PostgreSQL (a database per test)."""

from __future__ import annotations

import shutil
import tempfile

import psycopg
import pytest
from sqlstore_helpers import unique, with_database

from backend_urls import POSTGRES_URL
from backoffice_core import BackOffice
from backoffice_core.context import Context
from backoffice_core.storage import SQLiteBackend
from backoffice_core.storage.sql import SQLBackend
from backoffice_core.testing import BackendContract


class TestSQLiteContract(BackendContract):
    """Every contract test, on one SQLite file per test."""

    backend: SQLBackend

    def setup_method(self) -> None:
        """Create the test's database file."""
        super().setup_method()
        self.tmp = tempfile.mkdtemp(prefix="bo-contract-")
        self.backend = SQLiteBackend(f"sqlite:///{self.tmp}/books.db")

    def teardown_method(self) -> None:
        """Close the offices, the backend, and remove the file."""
        super().teardown_method()
        self.backend.close()
        shutil.rmtree(self.tmp)

    def open_office(self, entity: str, actor: str = "rina") -> BackOffice:
        """Open an office on the test's shared backend."""
        return BackOffice(self.backend, Context(entity, actor))


@pytest.mark.postgres
class TestPostgresContract(BackendContract):
    """Every contract test, on one fresh PostgreSQL database per test."""

    backend: SQLBackend

    def setup_method(self) -> None:
        """Create the test's database."""
        if not POSTGRES_URL:
            pytest.skip("BACKOFFICE_TEST_POSTGRES_URL is not set (use scripts/with-postgres)")
        from backoffice_core.storage.sql.postgres import PostgresBackend

        super().setup_method()
        self.name = unique("bo_contract")
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {self.name}")
        self.backend = PostgresBackend(with_database(POSTGRES_URL, self.name), max_size=4)

    def teardown_method(self) -> None:
        """Close the offices and the backend, and drop the database."""
        if not POSTGRES_URL:
            return
        super().teardown_method()
        self.backend.close()
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {self.name} WITH (FORCE)")

    def open_office(self, entity: str, actor: str = "rina") -> BackOffice:
        """Open an office on the test's shared backend."""
        return BackOffice(self.backend, Context(entity, actor))
