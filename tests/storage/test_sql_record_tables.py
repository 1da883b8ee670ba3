"""Record kinds on SQL: their own tables and migrations, tampering, row security, readers."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg
import pytest
from sqlstore_helpers import application_role, unique, with_database

from backoffice_core.errors import IntegrityError, MigrationError
from backoffice_core.storage.sql import SQLBackend
from backoffice_core.testing.records_contract import EVENT, SAMPLE, Event, Sample


def schema(backend: SQLBackend) -> list[tuple[str, ...]]:
    """Every table and index of the database with its definition, sorted."""
    with backend.session("-") as session:
        if backend.dialect.name == "sqlite":
            rows = session.query(
                "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            )
        else:
            rows = session.query(
                "SELECT 'column', table_name || '.' || column_name, data_type || "
                "coalesce(collation_name, '') FROM information_schema.columns "
                "WHERE table_schema = 'public' UNION ALL "
                "SELECT 'index', indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
                "UNION ALL SELECT 'policy', tablename || '.' || policyname, qual FROM pg_policies"
            )
    return sorted(tuple(str(v) for v in row) for row in rows)


class TestKindTables:
    def test_kind_table_arrives_by_its_own_migration(
        self, open_sql: Callable[..., SQLBackend]
    ) -> None:
        """A database that met a kind before or after other kinds ends with one schema."""
        early = open_sql()
        early.records(SAMPLE, "PT A")
        early.records(EVENT, "PT A")
        early_schema = schema(early)
        early.close()
        assert any("rec_contract_sample" in row[1] for row in early_schema)
        fresh = open_sql()
        assert schema(fresh) == early_schema  # reopening changes nothing

    def test_a_kind_added_later_matches_a_fresh_database(
        self, open_sql: Callable[..., SQLBackend], sql_url: str
    ) -> None:
        """A database created before a kind existed gets exactly the fresh kind's table."""
        old = open_sql()
        old.records(EVENT, "PT A")
        with old.transaction():
            old.records(EVENT, "PT A").add([Event(id="e1", what="kept")])
        old.records(SAMPLE, "PT A")  # the kind arrives later
        later = schema(old)
        assert old.records(EVENT, "PT A").get("e1") is not None
        old.close()
        # the same kinds met in the other order, on a second database of the same server
        with _other_database(sql_url) as other:
            other.records(SAMPLE, "PT A")
            other.records(EVENT, "PT A")
            assert schema(other) == later

    def test_tampered_blob_is_detected(self, open_sql: Callable[..., SQLBackend]) -> None:
        """Bytes changed behind the library's back raise IntegrityError on read."""
        backend = open_sql()
        blobs = backend.blobs("PT A")
        with backend.transaction():
            ref = blobs.put(b"original contract")
        with backend.transaction(), backend.session("PT A", write=True) as session:
            session.execute(
                "UPDATE blobs SET content = ? WHERE sha256 = ?", (b"forged", ref.sha256)
            )
        with pytest.raises(IntegrityError, match="no longer matches"):
            blobs.get(ref.sha256)

    def test_changed_layout_in_the_database_is_refused(
        self, open_sql: Callable[..., SQLBackend]
    ) -> None:
        """A recorded layout digest that disagrees with the code raises MigrationError."""
        backend = open_sql()
        backend.records(SAMPLE, "PT A")
        with backend.transaction(), backend.session("PT A", write=True) as session:
            session.execute("UPDATE record_kinds SET digest = 'x' WHERE name = 'contract.sample'")
        backend.close()
        with pytest.raises(MigrationError, match="another layout"):
            open_sql().records(SAMPLE, "PT A")


@contextmanager
def _other_database(sql_url: str) -> Iterator[SQLBackend]:
    from backoffice_core.storage import SQLiteBackend

    if sql_url.startswith("sqlite"):
        with SQLiteBackend(sql_url.replace("books.db", "other.db")) as backend:
            yield backend
        return
    from backoffice_core.storage.sql.postgres import PostgresBackend

    name = unique("bo_other")
    with psycopg.connect(sql_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        with PostgresBackend(with_database(sql_url, name), max_size=2) as backend:
            yield backend
    finally:
        with psycopg.connect(sql_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def app_url(postgres_url: str) -> Iterator[str]:
    """The test database with the sample kinds' tables, reached as a non-superuser role."""
    from backoffice_core.storage.sql.postgres import PostgresBackend

    admin = PostgresBackend(postgres_url, max_size=2)
    admin.ensure_kind(SAMPLE)
    admin.close()
    with application_role(postgres_url) as url:
        yield url


@pytest.mark.postgres
class TestKindRowSecurity:
    def test_kind_tables_are_confined_to_the_session_entity(self, app_url: str) -> None:
        """A least-privilege role uses kind tables; raw SQL sees only its entity's rows."""
        from backoffice_core.storage.sql.postgres import PostgresBackend

        backend = PostgresBackend(app_url, max_size=2)
        try:
            for entity in ("PT Satu", "PT Dua"):
                with backend.transaction():
                    backend.records(SAMPLE, entity).add([Sample(id="s1"), Sample(id="s2")])
                    backend.blobs(entity).put(entity.encode())
            assert backend.records(SAMPLE, "PT Satu").count() == 2
        finally:
            backend.close()
        with psycopg.connect(app_url) as conn:
            seen = conn.execute("SELECT count(*) FROM rec_contract_sample").fetchone()
            assert seen == (0,)
            conn.execute("SELECT set_config('backoffice.entity', 'PT Dua', false)")
            assert conn.execute("SELECT count(*) FROM rec_contract_sample").fetchone() == (2,)
            assert conn.execute("SELECT count(*) FROM blobs").fetchone() == (1,)
            assert conn.execute("SELECT count(*) FROM record_numbers").fetchone() == (0,)


WRITER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO record_kinds (name, digest) VALUES ('held.lock', 'x')")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
"""


class TestSQLiteReaders:
    def test_opening_a_current_database_does_not_wait_for_a_writer(self, sqlite_url: str) -> None:
        """A reader opens and reads a current database while another process holds the lock."""
        from backoffice_core.storage import SQLiteBackend

        SQLiteBackend(sqlite_url).records(SAMPLE, "PT A")  # migrated, kind table made
        path = sqlite_url.removeprefix("sqlite:///")
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, path, "20"], stdout=subprocess.PIPE, text=True
        )
        try:
            assert writer.stdout is not None
            assert writer.stdout.readline().strip() == "locked"
            started = time.monotonic()
            reader = SQLiteBackend(sqlite_url)
            assert reader.records(SAMPLE, "PT A").count() == 0
            reader.close()
            assert time.monotonic() - started < 10, "the reader waited for the writer's lock"
        finally:
            writer.kill()
            writer.communicate()
        with sqlite3.connect(path) as conn:
            assert conn.execute("SELECT count(*) FROM record_kinds").fetchone() == (1,)
