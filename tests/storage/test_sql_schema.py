"""Schema versions and forward migrations on both SQL backends."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from backoffice_core.errors import MigrationError, StorageError
from backoffice_core.ledger.models import LedgerSettings
from backoffice_core.storage.sql import SQLBackend
from backoffice_core.storage.sql.schema import MIGRATIONS, Migration, latest_version, pending

NEXT = latest_version() + 1
_NOTE = ("ALTER TABLE accounts ADD note TEXT",)
ADD_NOTE = Migration(NEXT, "accounts get a note", {"sqlite": _NOTE, "postgresql": _NOTE})
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
        steps = ("CREATE TABLE half (a INTEGER)", "NOT SQL")
        broken = Migration(NEXT, "broken", {"sqlite": steps, "postgresql": steps})
        with pytest.raises(StorageError):
            open_sql(migrations=(*MIGRATIONS, broken))
        backend = open_sql(migrations=(*MIGRATIONS, ADD_NOTE))
        assert _versions(backend) == ALL_VERSIONS
        with backend.session("-") as session:
            session.execute("CREATE TABLE half (a INTEGER)")  # 'half' was never created

    def test_gapped_migrations_are_rejected(self) -> None:
        """Migrations must be numbered 1, 2, 3… without gaps."""
        gapped = (*MIGRATIONS, Migration(NEXT + 1, "skips one", {}))
        with pytest.raises(MigrationError, match="numbered without gaps"):
            pending(0, gapped)
        assert pending(latest_version()) == []
        assert pending(0) == list(MIGRATIONS)


class TestAccountsMigration:
    def test_accounts_of_version_3_read_as_postable(
        self, open_sql: Callable[..., SQLBackend]
    ) -> None:
        """Migration 4 keeps accounts written before it: postable, no section, no names."""
        old = open_sql(migrations=MIGRATIONS[:3])
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


RELEASED = {
    1: "e41d7e223076b9f47267a1f8873bc31d16f415aa7fdab99a8ce62b88fdd0ae8e",
    2: "8083ef1896d61e68c62ff512dcb78eacff39a8a1f36a5f01557ece386ca2febd",
    3: "b24587575d07024db63debafc443887c90922eb866140c8a578c80397fb326ea",
    4: "5693dc31fcb7b63339d16c43c7711539c5bcd8b5fc69dc550ea05d5abd396c5c",
}


class TestFrozenMigrations:
    @pytest.mark.parametrize(("version", "digest"), sorted(RELEASED.items()))
    def test_released_migration_never_changes(self, version: int, digest: str) -> None:
        """A released migration's statements are pinned: a schema change is a new migration."""
        assert MIGRATIONS[version - 1].digest() == digest

    def test_every_migration_is_pinned(self) -> None:
        """A new migration gets its digest pinned here when it is released."""
        assert sorted(RELEASED) == [m.version for m in MIGRATIONS]

    def test_migrations_are_literal_statements(self) -> None:
        """Each migration holds literal text per dialect, not a function of mutable tables."""
        for migration in MIGRATIONS:
            for statements in migration.statements.values():
                assert isinstance(statements, tuple)
                assert all(isinstance(s, str) and s.strip() for s in statements)
