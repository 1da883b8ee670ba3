"""Builders for the audit-proof tests: a full book, and raw SQL behind the library's back."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from backoffice_core import BackOffice, Money
from backoffice_core.ledger import Account, AccountType, EntryDraft, Line, generic_chart


def fresh_entity(name: str) -> str:
    """Return an entity name no other test uses (PostgreSQL tests share one database)."""
    return f"PT {name} {uuid.uuid4().hex[:10]}"


def full_book(office: BackOffice) -> None:
    """Write every kind of ledger record: each write path, audited, on ``office``."""
    ledger = office.ledger
    ledger.load_chart(generic_chart())
    ledger.add_account(Account(code="1130", name="Bank EUR", type=AccountType.ASSET, cash=True))
    ledger.update_account("1130", name="Bank EUR (Mandiri)")
    rent = Money("15000000", "IDR")
    ledger.post(
        date(2026, 1, 5),
        "Sewa kantor",
        [
            Line.debit("6110", rent, memo="Januari", tags=("sewa",), department="umum"),
            Line.credit("1120", rent),
        ],
        id="rent-01",
        source="INV-7",
    )
    ledger.post(
        date(2026, 1, 9),
        "Jasa konsultan",
        [
            Line.debit("6110", Money("100.00", "USD"), rate=Decimal("16250.5")),
            Line.credit("1120", Money("100.00", "USD"), rate=Decimal("16250.5")),
        ],
        id="usd-01",
    )
    drafts = [
        EntryDraft(
            date=date(2026, 1, 10 + n % 5),
            description=f"Penjualan {n}",
            id=f"pos-{n}",
            lines=(Line.debit("1120", Money(1000 + n, "IDR")),
                   Line.credit("4100", Money(1000 + n, "IDR"))),
        )
        for n in range(12)
    ]  # fmt: skip
    ledger.post_many(drafts)
    ledger.post(
        date(2026, 1, 20),
        "Salah catat",
        [Line.debit("6110", Money(700, "IDR")), Line.credit("1120", Money(700, "IDR"))],
        id="wrong-01",
    )
    ledger.reverse("wrong-01")
    ledger.set_budget("6110", "2026-01", Money("20000000", "IDR"))
    ledger.set_budget("6110", "2026-01", Money("18000000", "IDR"))
    ledger.close_period("2026-01")
    ledger.reopen_period("2026-01")
    ledger.close_period("2026-02")


def raw_sql(url: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Run ``sql`` (``?`` placeholders) on the database of ``url``, committed, as a superuser."""
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            with conn:
                rows = conn.execute(sql, params).fetchall()
        finally:
            conn.close()
        return rows
    import psycopg

    with psycopg.connect(url, autocommit=True) as pg:
        cursor = pg.execute(sql.replace("?", "%s"), params)
        return cursor.fetchall() if cursor.description else []
