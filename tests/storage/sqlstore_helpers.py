"""Builders shared by the SQL storage tests: entries, accounts, and backend URLs."""

from __future__ import annotations

import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal

from backoffice_core.ledger.journal import PostedEntry, posted_entry
from backoffice_core.ledger.models import (
    Account,
    AccountType,
    EntryKind,
    JournalEntry,
    Line,
    Side,
)
from backoffice_core.money import Money, Rounding

SQL_STRINGS = (
    "'; DROP TABLE lines; --",
    "Robert'); DELETE FROM entries WHERE ('1'='1",
    '" OR 1=1 --',
    "%s %(x)s ? :name $1",
    "\\'; SELECT pg_sleep(10); --",
    "ünïcødé ✓ 中文 ' \" ` ;",
    "line\nbreak\ttab",
)

CHART = (
    Account(code="1110", name="Kas", type=AccountType.ASSET, cash=True),
    Account(code="1120", name="Bank USD", type=AccountType.ASSET, cash=True, currency="USD"),
    Account(code="1200", name="Piutang", type=AccountType.ASSET),
    Account(code="3100", name="Modal", type=AccountType.EQUITY),
    Account(code="4100", name="Pendapatan", type=AccountType.INCOME),
    Account(code="6100", name="Beban", type=AccountType.EXPENSE),
)

POSTED_AT = datetime(2026, 11, 27, 8, 30, 15, 123456, tzinfo=UTC)


def line(
    account: str,
    side: Side,
    amount: str,
    currency: str = "IDR",
    *,
    rate: str | None = None,
    memo: str = "",
    dimensions: dict[str, str] | None = None,
    tags: tuple[str, ...] = (),
) -> Line:
    """Build a posted line, its base amount filled in from the rate (IDR base)."""
    money = Money(amount, currency)
    base = (
        None
        if rate is None
        else Money(money.amount * Decimal(rate), "IDR").round(Rounding.HALF_EVEN)
    )
    return Line(
        account=account,
        side=side,
        amount=money,
        rate=Decimal(rate) if rate else None,
        base_amount=base,
        memo=memo,
        dimensions=dimensions or {},
        tags=tags,
    )


def entry(
    entry_id: str,
    day: date,
    lines: list[Line] | None = None,
    *,
    amount: str = "1000",
    description: str = "entry",
    kind: EntryKind = EntryKind.REGULAR,
    reverses: str | None = None,
    source: str | None = None,
    memo: str = "",
    posted_by: str = "rina",
    posted_at: datetime = POSTED_AT,
) -> JournalEntry:
    """Build a posted journal entry (a cash sale of ``amount`` unless lines are given)."""
    if lines is None:
        lines = [line("1110", Side.DEBIT, amount), line("4100", Side.CREDIT, amount)]
    return JournalEntry(
        id=entry_id,
        date=day,
        description=description,
        lines=tuple(lines),
        source=source,
        memo=memo,
        kind=kind,
        reverses=reverses,
        posted_at=posted_at,
        posted_by=posted_by,
        fingerprint=f"fp-{entry_id}",
    )


def with_database(base_url: str, name: str) -> str:
    """Return ``base_url`` pointing at database ``name`` instead."""
    parts = urllib.parse.urlsplit(base_url)
    return parts._replace(path="/" + name).geturl()


def unique(prefix: str) -> str:
    """Return a fresh lowercase name such as ``bo_1a2b3c…``."""
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def as_posted(entries: list[JournalEntry]) -> list[PostedEntry]:
    """Return entries of IDR books in the storage form that stores take."""
    return [posted_entry(e, "IDR") for e in entries]


@contextmanager
def application_role(url: str, grants: Callable[[str], list[str]] | None = None) -> Iterator[str]:
    """Create a login role that is no superuser, yield ``url`` reached as it, drop it after.

    Args:
        url: The PostgreSQL database, migrated by its owner.
        grants: The statements giving the role its rights (default: every DML right on
            every table of the public schema).
    """
    import psycopg

    role = unique("bo_app")
    statements = (grants or _all_dml)(role)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN")
        for statement in statements:
            conn.execute(statement)
    parts = urllib.parse.urlsplit(url)
    host = parts.netloc.split("@", 1)[-1]
    try:
        yield parts._replace(netloc=f"{role}@{host}").geturl()
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {role}")
            conn.execute(f"DROP ROLE {role}")


def _all_dml(role: str) -> list[str]:
    return [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
    ]
