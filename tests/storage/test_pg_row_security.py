"""PostgreSQL row-level security: a second wall between entities, under the stores' filters."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import psycopg
import pytest
from sqlstore_helpers import application_role

from backoffice_core import BackOffice, Money
from backoffice_core.ledger import EntryDraft, Line, generic_chart

pytestmark = pytest.mark.postgres


@pytest.fixture
def app_url(postgres_url: str) -> Iterator[str]:
    """The test database, migrated, reached as a fresh role that is not a superuser."""
    BackOffice.open(postgres_url, entity="PT Setup", actor="dba").close()  # migrates
    with application_role(postgres_url) as url:
        yield url


def post_rent(url: str, entity: str) -> None:
    """Open ``entity``'s books on ``url`` and post one rent payment."""
    with BackOffice.open(url, entity=entity, actor="rina") as office:
        office.ledger.load_chart(generic_chart())
        office.ledger.post(
            date(2026, 1, 5),
            "Sewa",
            [Line.debit("6110", Money(5, "IDR")), Line.credit("1120", Money(5, "IDR"))],
            id="rent",
        )


def count_entries(url: str, entity: str | None) -> int:
    """Count the entries a raw connection sees with ``entity`` set (or none)."""
    with psycopg.connect(url) as conn:
        if entity is not None:
            conn.execute("SELECT set_config('backoffice.entity', %s, false)", (entity,))
        row = conn.execute("SELECT count(*) FROM entries").fetchone()
        assert row is not None
        return int(row[0])


class TestRowSecurity:
    def test_the_library_works_under_the_policies(self, app_url: str) -> None:
        """An application role that is subject to the policies can post and read."""
        post_rent(app_url, "PT Satu")
        post_rent(app_url, "PT Dua")
        with BackOffice.open(app_url, entity="PT Satu", actor="rina") as office:
            drafts = [
                EntryDraft(date=date(2026, 1, 6), description="bulk", id=f"bulk-{n}",
                           lines=(Line.debit("6200", Money(n + 1, "IDR")),
                                  Line.credit("1120", Money(n + 1, "IDR"))))
                for n in range(200)
            ]  # fmt: skip
            assert office.ledger.post_many(drafts).posted == 200  # INSERTs, not COPY
            assert len(office.ledger.entries()) == 201
            assert office.ledger.trial_balance(date(2026, 1, 31)).is_balanced
            assert office.audit.verify().ok

    def test_raw_sql_sees_only_the_session_entity(self, app_url: str) -> None:
        """A raw query sees no row without an entity, and only that entity's rows with one."""
        post_rent(app_url, "PT Satu")
        post_rent(app_url, "PT Dua")
        assert count_entries(app_url, None) == 0
        assert count_entries(app_url, "PT Satu") == 1
        assert count_entries(app_url, "PT Tiga") == 0

    def test_raw_sql_cannot_write_another_entity(self, app_url: str) -> None:
        """Writing a row of another entity than the session's is refused by the server."""
        post_rent(app_url, "PT Satu")
        with psycopg.connect(app_url) as conn:
            conn.execute("SELECT set_config('backoffice.entity', 'PT Dua', false)")
            hidden = conn.execute("UPDATE accounts SET name = 'x' WHERE entity = 'PT Satu'")
            assert hidden.rowcount == 0  # PT Satu's rows are invisible, so none change
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(
                    "INSERT INTO ledger_settings (entity, base_currency, fiscal_year_start) "
                    "VALUES ('PT Satu', 'USD', 1)"
                )
