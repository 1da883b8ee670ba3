"""Schema versions and forward migrations on both SQL backends."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from backoffice_core.errors import MigrationError, StorageError
from backoffice_core.ledger.models import LedgerSettings
from backoffice_core.storage.sql import SQLBackend
from backoffice_core.storage.sql.schema import MIGRATIONS, Migration, latest_version, pending

NEXT = latest_version() + 1
ADD_NOTE = Migration(NEXT, "accounts get a note", lambda d: ["ALTER TABLE accounts ADD note TEXT"])
ALL_VERSIONS = list(range(1, NEXT + 1))


def _versions(backend: SQLBackend) -> list[int]:
    with backend.session("-") as session:
        return [r[0] for r in session.query("SELECT version FROM schema_version ORDER BY 1")]


class TestMigrations:
    def test_new_database_is_at_the_latest_version(
        self, open_sql: Callable[..., SQLBackend]
    ) -> None:
        """Opening an empty database applies every migration and records each one."""
        backend = open_sql()
        assert _versions(backend) == [m.version for m in MIGRATIONS]
        assert open_sql().schema_version == latest_version()

    def test_forward_migration_keeps_the_data(self, open_sql: Callable[..., SQLBackend]) -> None:
        """A new migration is applied at the next open, and the rows written before remain."""
        first = open_sql()
        with first.transaction():
            first.ledger_store("PT A").put_settings(LedgerSettings(base_currency="USD"))
        first.close()
        second = open_sql(migrations=(*MIGRATIONS, ADD_NOTE))
        assert second.schema_version == NEXT
        assert _versions(second) == ALL_VERSIONS
        assert second.ledger_store("PT A").get_settings() == LedgerSettings(base_currency="USD")

    def test_newer_database_is_refused(self, open_sql: Callable[..., SQLBackend]) -> None:
        """A database migrated by a newer library raises MigrationError naming both versions."""
        open_sql(migrations=(*MIGRATIONS, ADD_NOTE)).close()
        with pytest.raises(
            MigrationError, match=rf"version {NEXT} .* only up to version {NEXT - 1}"
        ):
            open_sql()

    def test_failed_migration_changes_nothing(self, open_sql: Callable[..., SQLBackend]) -> None:
        """A migration that fails midway is rolled back whole: version and tables unchanged."""
        open_sql().close()
        broken = Migration(NEXT, "broken", lambda d: ["CREATE TABLE half (a INTEGER)", "NOT SQL"])
        with pytest.raises(StorageError):
            open_sql(migrations=(*MIGRATIONS, broken))
        backend = open_sql(migrations=(*MIGRATIONS, ADD_NOTE))
        assert _versions(backend) == ALL_VERSIONS
        with backend.session("-") as session:
            session.execute("CREATE TABLE half (a INTEGER)")  # 'half' was never created

    def test_gapped_migrations_are_rejected(self) -> None:
        """Migrations must be numbered 1, 2, 3… without gaps."""
        gapped = (*MIGRATIONS, Migration(NEXT + 1, "skips one", lambda d: []))
        with pytest.raises(MigrationError, match="numbered without gaps"):
            pending(0, gapped)
        assert pending(latest_version()) == []
        assert pending(0) == list(MIGRATIONS)


class TestAccountsMigration:
    def test_accounts_of_version_2_read_as_postable(
        self, open_sql: Callable[..., SQLBackend]
    ) -> None:
        """Migration 3 keeps accounts written before it: postable, no section, no names."""
        old = open_sql(migrations=MIGRATIONS[:2])
        with old.transaction(), old.session("PT A", write=True) as session:
            session.execute(
                "INSERT INTO accounts (entity, code, name, type, parent, currency, active, "
                "cash, activity, version) VALUES (?, '1110', 'Kas', 'asset', NULL, NULL, "
                "TRUE, TRUE, NULL, 1)",
                ["PT A"],
            )
        old.close()
        account = open_sql().ledger_store("PT A").get_accounts()["1110"]
        assert (account.postable, account.section, account.names) == (True, None, {})
