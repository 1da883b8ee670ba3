"""Fixtures for the storage tests: SQLite files in tmp_path and a real PostgreSQL server.

PostgreSQL tests run against the server named by BACKOFFICE_TEST_POSTGRES_URL
(``scripts/with-postgres`` starts one for ``make test``) and are skipped only when that
variable is unset. Each test that needs a pristine database gets its own, dropped after.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from sqlstore_helpers import unique, with_database

from backoffice_core.storage import SQLiteBackend
from backoffice_core.storage.sql import SQLBackend

POSTGRES_URL = os.environ.get("BACKOFFICE_TEST_POSTGRES_URL")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL to a fresh, empty PostgreSQL database, dropped after the test."""
    if not POSTGRES_URL:
        pytest.skip("BACKOFFICE_TEST_POSTGRES_URL is not set (use scripts/with-postgres)")
    name = unique("bo_test")
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield with_database(POSTGRES_URL, name)
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A URL to a new SQLite file in the test's temporary directory."""
    return f"sqlite:///{tmp_path}/books.db"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def sql_url(request: pytest.FixtureRequest) -> str:
    """A URL to a fresh database of each SQL backend."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(fixture))


@pytest.fixture
def open_sql(sql_url: str) -> Iterator[Callable[..., SQLBackend]]:
    """Open backends on ``sql_url`` (extra keyword arguments go to the backend) and close them."""
    opened: list[SQLBackend] = []

    def open_(**kwargs: object) -> SQLBackend:
        backend: SQLBackend
        if sql_url.startswith("sqlite"):
            backend = SQLiteBackend(sql_url, **kwargs)  # type: ignore[arg-type]
        else:
            from backoffice_core.storage.sql.postgres import PostgresBackend

            backend = PostgresBackend(sql_url, **kwargs)  # type: ignore[arg-type]
        opened.append(backend)
        return backend

    yield open_
    for backend in opened:
        backend.close()


@pytest.fixture
def sql_backend(open_sql: Callable[..., SQLBackend]) -> SQLBackend:
    """A freshly migrated backend of each SQL kind."""
    return open_sql()
