"""PostgreSQL least privilege: an application role appends to the journal but cannot rewrite it."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from datetime import date

import psycopg
import pytest
from sqlstore_helpers import unique

from backoffice_core import BackOffice, Money
from backoffice_core.errors import InvalidInputError
from backoffice_core.ledger import Line, generic_chart
from backoffice_core.storage.sql.grants import (
    APPEND_ONLY_TABLES,
    DISPOSABLE_TABLES,
    READ_ONLY_TABLES,
    UPDATABLE_TABLES,
    application_grants,
)

pytestmark = pytest.mark.postgres

ENTITY = "PT Hemat"


@pytest.fixture
def app_url(postgres_url: str) -> Iterator[str]:
    """The test database, migrated by its owner, reached as a role with only the grants."""
    BackOffice.open(postgres_url, entity="PT Setup", actor="dba").close()  # migrates
    role = unique("bo_least")
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN")
        # Broader rights first: the grants must take them back.
        conn.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}")
        for statement in application_grants(role):
            conn.execute(statement)
    parts = urllib.parse.urlsplit(postgres_url)
    host = parts.netloc.split("@", 1)[-1]
    try:
        yield parts._replace(netloc=f"{role}@{host}").geturl()
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {role}")
            conn.execute(f"DROP ROLE {role}")


@pytest.fixture
def books(app_url: str) -> str:
    """Books written through the library as the application role; returns its URL."""
    with BackOffice.open(app_url, entity=ENTITY, actor="rina") as office:
        office.ledger.load_chart(generic_chart())
        office.ledger.update_account("6110", name="Sewa gedung")
        office.ledger.post(
            date(2026, 1, 5),
            "Sewa",
            [Line.debit("6110", Money(5, "IDR")), Line.credit("1120", Money(5, "IDR"))],
            id="rent",
        )
        office.ledger.set_budget("6110", "2026-01", Money(9, "IDR"))
        office.ledger.set_budget("6110", "2026-01", Money(8, "IDR"))
        office.ledger.close_period("2026-01")
        office.ledger.reopen_period("2026-01")
    return app_url


def raw(url: str, sql: str) -> None:
    """Run ``sql`` as the application role, with its entity set so its rows are visible."""
    with psycopg.connect(url) as conn:
        conn.execute("SELECT set_config('backoffice.entity', %s, false)", (ENTITY,))
        conn.execute(sql)


class TestApplicationGrants:
    def test_the_library_works_with_the_grants(self, books: str) -> None:
        """Posting, changing accounts, budgets and periods, and verifying all work."""
        with BackOffice.open(books, entity=ENTITY, actor="rina") as office:
            assert office.ledger.entry("rent").posted_by == "rina"
            assert office.ledger.account("6110").name == "Sewa gedung"
            assert office.audit.verify().ok

    @pytest.mark.parametrize("table", APPEND_ONLY_TABLES)
    def test_update_of_the_journal_is_refused(self, books: str, table: str) -> None:
        """An UPDATE of entries, lines or audit records by the application role is refused."""
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw(books, f"UPDATE {table} SET entity = entity")

    @pytest.mark.parametrize("table", APPEND_ONLY_TABLES + UPDATABLE_TABLES)
    def test_delete_is_refused(self, books: str, table: str) -> None:
        """A DELETE from any of the library's tables by the application role is refused."""
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw(books, f"DELETE FROM {table}")

    def test_schema_version_is_read_only(self, books: str) -> None:
        """The application role cannot move the schema version."""
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw(books, "UPDATE schema_version SET version = version")

    def test_every_table_is_classified(self, postgres_url: str) -> None:
        """Each table the migrations create has its grants decided."""
        BackOffice.open(postgres_url, entity="PT Setup", actor="dba").close()
        with psycopg.connect(postgres_url) as conn:
            rows = conn.execute(
                "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        classified = {*READ_ONLY_TABLES, *APPEND_ONLY_TABLES, *UPDATABLE_TABLES, *DISPOSABLE_TABLES}
        assert {name for (name,) in rows} == classified

    def test_a_role_name_that_is_no_identifier_is_refused(self) -> None:
        """A role name that would need quoting is refused with a named error."""
        with pytest.raises(InvalidInputError, match="bo app; DROP"):
            application_grants("bo app; DROP")
