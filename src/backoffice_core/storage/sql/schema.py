"""The SQL schema: frozen, literal migrations that bring a database up to date.

Each :class:`Migration` is a literal list of statements per dialect. Once released it
never changes (``tests/storage/test_sql_schema.py`` pins the SHA-256 of every released
migration): a schema change is a new migration appended to :data:`MIGRATIONS`. Every
table has an ``entity`` column first in its key, so every query is filtered by entity
and served by an index. Amounts are BIGINT minor units.

A database records the migrations applied to it in ``schema_version``. At open, a
backend applies the missing ones in order, in one transaction under the backend's
migration lock; a database whose version is newer than this library knows raises
:class:`~backoffice_core.errors.MigrationError` instead of being misread. The tables of
record kinds (:class:`~backoffice_core.records.Kind`) are not here: each kind's table is
derived from the kind and arrives by a migration of its own (see ``record_schema``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import attrs

from backoffice_core.errors import MigrationError

__all__ = ["MIGRATIONS", "Migration", "latest_version", "pending"]


@attrs.frozen
class Migration:
    """One forward step of the schema.

    Args:
        version: The schema version after this step (1, 2, 3… without gaps).
        description: What the step changes.
        statements: The DDL statements of the step, per dialect name (``"sqlite"``,
            ``"postgresql"``); a dialect not named runs none.
    """

    version: int
    description: str
    statements: Mapping[str, tuple[str, ...]]

    def for_dialect(self, name: str) -> tuple[str, ...]:
        """Return the statements this step runs on dialect ``name``."""
        return self.statements.get(name, ())

    def digest(self) -> str:
        """Return the SHA-256 that pins this step's text on every dialect."""
        text = "\n".join(
            f"{name}:{statement}"
            for name in sorted(self.statements)
            for statement in self.statements[name]
        )
        return hashlib.sha256(f"{self.version}\n{self.description}\n{text}".encode()).hexdigest()


def _isolated(tables: Sequence[str]) -> tuple[str, ...]:
    # PostgreSQL row-level security: a row is visible only to a session whose
    # backoffice.entity setting is the row's entity (set transaction-locally by the
    # backend). FORCE subjects the tables' owner too.
    rule = "entity = current_setting('backoffice.entity', true)"
    out: list[str] = []
    for table in tables:
        out += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
            f"CREATE POLICY entity_isolation ON {table} USING ({rule}) WITH CHECK ({rule})",
        ]
    return tuple(out)


_SQLITE_V1 = (
    (
        "CREATE TABLE ledger_settings (entity TEXT NOT NULL, "
        "base_currency TEXT NOT NULL, fiscal_year_start INTEGER NOT NULL, "
        "PRIMARY KEY (entity))"
    ),
    (
        "CREATE TABLE accounts (entity TEXT NOT NULL, code TEXT NOT NULL, "
        "name TEXT NOT NULL, type TEXT NOT NULL, parent TEXT, currency TEXT, "
        "active INTEGER NOT NULL, cash INTEGER NOT NULL, activity TEXT, "
        "version INTEGER NOT NULL, PRIMARY KEY (entity, code))"
    ),
    (
        "CREATE TABLE entries (entity TEXT NOT NULL, id TEXT NOT NULL, "
        "seq INTEGER NOT NULL, entry_date TEXT NOT NULL, description TEXT NOT NULL, "
        "source TEXT, memo TEXT NOT NULL, kind TEXT NOT NULL, reverses TEXT, "
        "posted_at TEXT NOT NULL, posted_by TEXT NOT NULL, fingerprint TEXT NOT NULL, "
        "PRIMARY KEY (entity, id))"
    ),
    (
        "CREATE TABLE lines (entity TEXT NOT NULL, entry_id TEXT NOT NULL, "
        "line_no INTEGER NOT NULL, entry_seq INTEGER NOT NULL, "
        "entry_date TEXT NOT NULL, closing INTEGER NOT NULL, account TEXT NOT NULL, "
        "currency TEXT NOT NULL, amount INTEGER NOT NULL, base_currency TEXT NOT NULL, "
        "base INTEGER NOT NULL, side TEXT NOT NULL, rate TEXT, memo TEXT NOT NULL, "
        "dimensions TEXT NOT NULL, tags TEXT NOT NULL, PRIMARY KEY (entity, entry_seq, "
        "line_no))"
    ),
    (
        "CREATE TABLE periods (entity TEXT NOT NULL, month TEXT NOT NULL, "
        "state TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (entity, month))"
    ),
    (
        "CREATE TABLE budgets (entity TEXT NOT NULL, account TEXT NOT NULL, "
        "month TEXT NOT NULL, currency TEXT NOT NULL, amount INTEGER NOT NULL, "
        "version INTEGER NOT NULL, PRIMARY KEY (entity, account, month))"
    ),
    (
        "CREATE TABLE audit_records (entity TEXT NOT NULL, seq INTEGER NOT NULL, "
        "actor TEXT NOT NULL, at TEXT NOT NULL, action TEXT NOT NULL, "
        "subject TEXT NOT NULL, digest TEXT NOT NULL, prev_hash TEXT NOT NULL, "
        "hash TEXT NOT NULL, PRIMARY KEY (entity, seq))"
    ),
    "CREATE UNIQUE INDEX entries_seq ON entries (entity, seq)",
    ("CREATE INDEX entries_reverses ON entries (entity, reverses) WHERE reverses IS NOT NULL"),
    (
        "CREATE INDEX lines_account_currency ON lines (entity, account, currency, "
        "entry_date, closing, amount, base)"
    ),
)
_POSTGRES_V1 = (
    (
        "CREATE TABLE ledger_settings (entity TEXT NOT NULL, "
        "base_currency TEXT NOT NULL, fiscal_year_start INTEGER NOT NULL, "
        "PRIMARY KEY (entity))"
    ),
    (
        "CREATE TABLE accounts (entity TEXT NOT NULL, code TEXT NOT NULL, "
        "name TEXT NOT NULL, type TEXT NOT NULL, parent TEXT, currency TEXT, "
        "active BOOLEAN NOT NULL, cash BOOLEAN NOT NULL, activity TEXT, "
        "version INTEGER NOT NULL, PRIMARY KEY (entity, code))"
    ),
    (
        "CREATE TABLE entries (entity TEXT NOT NULL, id TEXT NOT NULL, "
        "seq BIGINT NOT NULL, entry_date DATE NOT NULL, description TEXT NOT NULL, "
        "source TEXT, memo TEXT NOT NULL, kind TEXT NOT NULL, reverses TEXT, "
        "posted_at TIMESTAMPTZ NOT NULL, posted_by TEXT NOT NULL, "
        "fingerprint TEXT NOT NULL, PRIMARY KEY (entity, id))"
    ),
    (
        "CREATE TABLE lines (entity TEXT NOT NULL, entry_id TEXT NOT NULL, "
        "line_no INTEGER NOT NULL, entry_seq BIGINT NOT NULL, "
        "entry_date DATE NOT NULL, closing BOOLEAN NOT NULL, account TEXT NOT NULL, "
        "currency TEXT NOT NULL, amount BIGINT NOT NULL, base_currency TEXT NOT NULL, "
        "base BIGINT NOT NULL, side TEXT NOT NULL, rate TEXT, memo TEXT NOT NULL, "
        "dimensions TEXT NOT NULL, tags TEXT NOT NULL, PRIMARY KEY (entity, entry_seq, "
        "line_no))"
    ),
    (
        "CREATE TABLE periods (entity TEXT NOT NULL, month TEXT NOT NULL, "
        "state TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (entity, month))"
    ),
    (
        "CREATE TABLE budgets (entity TEXT NOT NULL, account TEXT NOT NULL, "
        "month TEXT NOT NULL, currency TEXT NOT NULL, amount BIGINT NOT NULL, "
        "version INTEGER NOT NULL, PRIMARY KEY (entity, account, month))"
    ),
    (
        "CREATE TABLE audit_records (entity TEXT NOT NULL, seq BIGINT NOT NULL, "
        "actor TEXT NOT NULL, at TIMESTAMPTZ NOT NULL, action TEXT NOT NULL, "
        "subject TEXT NOT NULL, digest TEXT NOT NULL, prev_hash TEXT NOT NULL, "
        "hash TEXT NOT NULL, PRIMARY KEY (entity, seq))"
    ),
    "CREATE UNIQUE INDEX entries_seq ON entries (entity, seq)",
    ("CREATE INDEX entries_reverses ON entries (entity, reverses) WHERE reverses IS NOT NULL"),
    (
        "CREATE INDEX lines_account_currency ON lines (entity, account, currency, "
        "entry_date, closing, amount, base)"
    ),
)


_SQLITE_V3 = (
    "CREATE TABLE record_kinds (name TEXT NOT NULL, digest TEXT NOT NULL, PRIMARY KEY (name))",
    (
        "CREATE TABLE record_numbers (entity TEXT NOT NULL, kind TEXT NOT NULL, "
        "series TEXT NOT NULL, last INTEGER NOT NULL, PRIMARY KEY (entity, kind, series))"
    ),
    (
        "CREATE TABLE blobs (entity TEXT NOT NULL, sha256 TEXT NOT NULL, "
        "size INTEGER NOT NULL, content BLOB NOT NULL, PRIMARY KEY (entity, sha256))"
    ),
)

_POSTGRES_V3 = (
    "CREATE TABLE record_kinds (name TEXT NOT NULL, digest TEXT NOT NULL, PRIMARY KEY (name))",
    (
        "CREATE TABLE record_numbers (entity TEXT NOT NULL, kind TEXT NOT NULL, "
        "series TEXT NOT NULL, last BIGINT NOT NULL, PRIMARY KEY (entity, kind, series))"
    ),
    (
        "CREATE TABLE blobs (entity TEXT NOT NULL, sha256 TEXT NOT NULL, "
        "size BIGINT NOT NULL, content BYTEA NOT NULL, PRIMARY KEY (entity, sha256))"
    ),
    *_isolated(("record_numbers", "blobs")),
)

_SQLITE_V4 = (
    "ALTER TABLE accounts ADD COLUMN section TEXT",
    "ALTER TABLE accounts ADD COLUMN postable INTEGER NOT NULL DEFAULT TRUE",
    "ALTER TABLE accounts ADD COLUMN names TEXT NOT NULL DEFAULT '{}'",
)

_POSTGRES_V4 = (
    "ALTER TABLE accounts ADD COLUMN section TEXT",
    "ALTER TABLE accounts ADD COLUMN postable BOOLEAN NOT NULL DEFAULT TRUE",
    "ALTER TABLE accounts ADD COLUMN names TEXT NOT NULL DEFAULT '{}'",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "ledger (settings, accounts, entries, lines, periods, budgets) and audit chain",
        {"sqlite": _SQLITE_V1, "postgresql": _POSTGRES_V1},
    ),
    Migration(
        2,
        "row-level security: a row is visible only to its entity (where supported)",
        {
            "postgresql": _isolated(
                (
                    "ledger_settings",
                    "accounts",
                    "entries",
                    "lines",
                    "periods",
                    "budgets",
                    "audit_records",
                )
            )
        },
    ),
    Migration(
        3,
        "record store: the kinds registry, gapless numbering series, file contents",
        {"sqlite": _SQLITE_V3, "postgresql": _POSTGRES_V3},
    ),
    Migration(
        4,
        "accounts: statement section, postable flag (header accounts) and names by language",
        {"sqlite": _SQLITE_V4, "postgresql": _POSTGRES_V4},
    ),
)
"""Every migration, in order; a schema change is appended here, never edited in."""

VERSION_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_version "
    "(version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL)"
)


def latest_version(migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Return the schema version that ``migrations`` bring a database to."""
    return migrations[-1].version if migrations else 0


def pending(current: int, migrations: Sequence[Migration] = MIGRATIONS) -> list[Migration]:
    """Return the migrations to apply to a database at version ``current``, in order.

    Raises:
        MigrationError: If the database is newer than ``migrations`` know, or the
            migrations are not numbered 1, 2, 3… without gaps.
    """
    for expected, migration in enumerate(migrations, start=1):
        if migration.version != expected:
            raise MigrationError(
                f"migration {migration.description!r} has version {migration.version}, "
                f"expected {expected}: migrations must be numbered without gaps"
            )
    latest = latest_version(migrations)
    if current > latest:
        raise MigrationError(
            f"the database schema is at version {current} but this backoffice_core knows "
            f"only up to version {latest}: upgrade backoffice-core to open it"
        )
    return list(migrations[current:])
