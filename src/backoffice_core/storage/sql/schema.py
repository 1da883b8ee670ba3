"""The SQL schema as data, and the forward migrations that bring a database up to date.

Tables and indexes are declared once with portable type tokens (``bigint``, ``date``,
``timestamp``…) that each :class:`~backoffice_core.storage.sql.dialect.Dialect` maps to
its own column types. Every table has an ``entity`` column first in its key, so every
query is filtered by entity and served by an index. Amounts are BIGINT minor units.

A database records the migrations applied to it in ``schema_version``. At open, a
backend applies the missing ones in order, in one transaction under the backend's
migration lock; a database whose version is newer than this library knows raises
:class:`~backoffice_core.errors.MigrationError` instead of being misread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from backoffice_core.errors import MigrationError
from backoffice_core.storage.sql.dialect import Dialect

__all__ = ["MIGRATIONS", "Index", "Migration", "Table", "create_sql", "latest_version", "pending"]


@attrs.frozen
class Table:
    """A table: columns as (name, type token, nullable) and the primary key."""

    name: str
    columns: tuple[tuple[str, str, bool], ...]
    primary_key: tuple[str, ...]


@attrs.frozen
class Index:
    """An index on ``table`` over ``columns``, partial when ``where`` is given."""

    name: str
    table: str
    columns: tuple[str, ...]
    unique: bool = False
    where: str | None = None


@attrs.frozen
class Migration:
    """One forward step of the schema.

    Args:
        version: The schema version after this step (1, 2, 3… without gaps).
        description: What the step changes.
        statements: Returns the DDL statements of the step for a dialect.
    """

    version: int
    description: str
    statements: Callable[[Dialect], Sequence[str]]


T, F = True, False

TABLES: tuple[Table, ...] = (
    Table(
        "ledger_settings",
        (("entity", "text", F), ("base_currency", "text", F), ("fiscal_year_start", "int", F)),
        ("entity",),
    ),
    Table(
        "accounts",
        (
            ("entity", "text", F),
            ("code", "text", F),
            ("name", "text", F),
            ("type", "text", F),
            ("parent", "text", T),
            ("currency", "text", T),
            ("active", "bool", F),
            ("cash", "bool", F),
            ("activity", "text", T),
            ("version", "int", F),
        ),
        ("entity", "code"),
    ),
    Table(
        "entries",
        (
            ("entity", "text", F),
            ("id", "text", F),
            ("seq", "bigint", F),  # posting order within the entity
            ("entry_date", "date", F),
            ("description", "text", F),
            ("source", "text", T),
            ("memo", "text", F),
            ("kind", "text", F),
            ("reverses", "text", T),
            ("posted_at", "timestamp", F),
            ("posted_by", "text", F),
            ("fingerprint", "text", F),
        ),
        ("entity", "id"),
    ),
    Table(
        "lines",
        (
            ("entity", "text", F),
            ("entry_id", "text", F),
            ("line_no", "int", F),
            # Denormalised from the entry so that balances, cash flows and the general
            # ledger are one scan of this table, with no join.
            ("entry_seq", "bigint", F),
            ("entry_date", "date", F),
            ("closing", "bool", F),
            ("account", "text", F),
            ("currency", "text", F),
            ("amount", "bigint", F),  # signed minor units, debit positive
            ("base_currency", "text", F),
            ("base", "bigint", F),  # signed minor units of the base currency
            ("side", "text", F),
            ("rate", "text", T),  # Decimal as text: exact, any precision
            ("memo", "text", F),
            ("dimensions", "text", F),  # JSON object
            ("tags", "text", F),  # JSON array
        ),
        # Keyed by posting sequence: reading entries back is a range scan in order.
        ("entity", "entry_seq", "line_no"),
    ),
    Table(
        "periods",
        (("entity", "text", F), ("month", "text", F), ("state", "text", F), ("version", "int", F)),
        ("entity", "month"),
    ),
    Table(
        "budgets",
        (
            ("entity", "text", F),
            ("account", "text", F),
            ("month", "text", F),
            ("currency", "text", F),
            ("amount", "bigint", F),
            ("version", "int", F),
        ),
        ("entity", "account", "month"),
    ),
    Table(
        "audit_records",
        (
            ("entity", "text", F),
            ("seq", "bigint", F),
            ("actor", "text", F),
            ("at", "timestamp", F),
            ("action", "text", F),
            ("subject", "text", F),
            ("digest", "text", F),
            ("prev_hash", "text", F),
            ("hash", "text", F),
        ),
        ("entity", "seq"),
    ),
)

INDEXES: tuple[Index, ...] = (
    Index("entries_seq", "entries", ("entity", "seq"), unique=True),
    Index("entries_reverses", "entries", ("entity", "reverses"), where="reverses IS NOT NULL"),
    # Covering, in GROUP BY order: balances and the trial balance read only this index.
    Index(
        "lines_account_currency",
        "lines",
        ("entity", "account", "currency", "entry_date", "closing", "amount", "base"),
    ),
)


def create_sql(dialect: Dialect, tables: Sequence[Table], indexes: Sequence[Index]) -> list[str]:
    """Return the ``CREATE`` statements of ``tables`` and ``indexes`` for ``dialect``."""
    out = []
    for table in tables:
        cols = [
            f"{name} {dialect.column_type(token)}{'' if nullable else ' NOT NULL'}"
            for name, token, nullable in table.columns
        ]
        cols.append(f"PRIMARY KEY ({', '.join(table.primary_key)})")
        out.append(f"CREATE TABLE {table.name} ({', '.join(cols)})")
    for index in indexes:
        unique = "UNIQUE " if index.unique else ""
        text = f"CREATE {unique}INDEX {index.name} ON {index.table} ({', '.join(index.columns)})"
        out.append(text + (f" WHERE {index.where}" if index.where else ""))
    return out


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "ledger (settings, accounts, entries, lines, periods, budgets) and audit chain",
        lambda dialect: create_sql(dialect, TABLES, INDEXES),
    ),
    Migration(
        2,
        "row-level security: a row is visible only to its entity (where supported)",
        lambda dialect: dialect.row_security([table.name for table in TABLES]),
    ),
    Migration(
        3,
        "accounts: statement section, postable flag (header accounts) and names by language",
        lambda dialect: [
            f"ALTER TABLE accounts ADD COLUMN section {dialect.column_type('text')}",
            f"ALTER TABLE accounts ADD COLUMN postable {dialect.column_type('bool')} "
            "NOT NULL DEFAULT TRUE",
            f"ALTER TABLE accounts ADD COLUMN names {dialect.column_type('text')} "
            "NOT NULL DEFAULT '{}'",
        ],
    ),
)
"""Every migration, in order; a new schema change is appended here, never edited in."""

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
