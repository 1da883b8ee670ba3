"""Store-level SQL benchmark: bulk ``add_entries`` and the balances aggregate, per backend.

Run: ``scripts/with-postgres .venv/bin/python benchmarks/storage_sql.py [entries]``.
It posts a deterministic journal (3 lines per entry) through ``SQLLedgerStore.add_entries``
in batches of 10,000 entries, then times ``balances`` (the trial balance's one query)
over every line. SQLite uses a temporary file; PostgreSQL runs when
BACKOFFICE_TEST_POSTGRES_URL is set.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta

from backoffice_core.ledger.models import JournalEntry, Line, Side
from backoffice_core.money import Money
from backoffice_core.storage import SQLiteBackend
from backoffice_core.storage.sql import SQLBackend

AT = datetime(2026, 11, 27, tzinfo=UTC)


def journal(n: int) -> list[JournalEntry]:
    out = []
    for i in range(n):
        a, b = Money(1000 + i % 977, "IDR"), Money(500 + i % 313, "IDR")
        lines = (
            Line(account=f"6{i % 40:03d}", side=Side.DEBIT, amount=a + b, base_amount=a + b),
            Line(account="1110", side=Side.CREDIT, amount=a, base_amount=a),
            Line(account=f"2{i % 7:03d}", side=Side.CREDIT, amount=b, base_amount=b),
        )
        out.append(JournalEntry(id=f"e{i}", date=date(2026, 1, 1) + timedelta(days=i % 365),
                                description="bench", lines=lines, posted_at=AT,
                                posted_by="bench", fingerprint="x"))  # fmt: skip
    return out


def run(name: str, backend: SQLBackend, entries: list[JournalEntry]) -> None:
    store = backend.ledger_store("PT Bench")
    start = time.perf_counter()
    for i in range(0, len(entries), 10_000):
        with backend.transaction():
            store.add_entries(entries[i : i + 10_000])
    posting = time.perf_counter() - start
    lines = 3 * len(entries)
    start = time.perf_counter()
    rows = store.balances(None, date(2026, 12, 31))
    tb = time.perf_counter() - start
    print(f"{name:10} add_entries {lines / posting:>10,.0f} lines/s "
          f"({len(entries):,} entries in {posting:.2f}s); balances over {lines:,} lines "
          f"{tb * 1000:.0f} ms ({len(rows)} rows)")  # fmt: skip
    backend.close()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    entries = journal(n)
    with tempfile.TemporaryDirectory() as tmp:
        run("sqlite", SQLiteBackend(f"sqlite:///{tmp}/bench.db"), entries)
    url = os.environ.get("BACKOFFICE_TEST_POSTGRES_URL")
    if url:
        from backoffice_core.storage.sql.postgres import PostgresBackend

        run("postgresql", PostgresBackend(url), entries)


if __name__ == "__main__":
    main()
