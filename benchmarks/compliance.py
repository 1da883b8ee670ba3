"""Compliance benchmark: every built-in rule over one book, against a raw read of its rows.

Builds one book (the Indonesian chart, ``--lines`` ledger lines: three lines an entry
across 2026, with PPh 21 withheld and paid every month, and closed months), then times,
in one run on one backend:

1. ``office.compliance.run(indonesia.compliance_rules())`` (every built-in rule: the
   audit chain, the trial balance, postings after close, suspense accounts, entries
   without evidence, PPh 21 paid on time), median of 3;
2. the raw baseline: reading every row the rules must see once with the raw driver
   (``SELECT`` of every entry, line and audit record of the entity), median of 3;

and prints both, their ratio and the peak memory. The documents, payroll and assets
rules join as those domains do.

Run: ``.venv/bin/python benchmarks/compliance.py`` (SQLite in a temporary folder), or
``--url postgresql://…``. It prints its figures; nothing is timed in the test suite.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from backoffice_core import BackOffice, Money
from backoffice_core.jurisdictions import indonesia
from backoffice_core.ledger import EntryDraft, Line
from backoffice_core.storage.sql import SQLBackend

EXPENSES = ["6110", "6120", "6130", "6140", "6150"]
CHUNK = 10_000


def rp(amount: int) -> Money:
    return Money(amount, "IDR")


def build(office: BackOffice, lines: int) -> None:
    """Post ``lines`` lines (three an entry) and a PPh 21 cycle per month; close months."""
    rng = random.Random(2026)
    entries = lines // 3
    drafts: list[EntryDraft] = []
    for n in range(entries):
        day = date(2026, 1, 1) + timedelta(days=rng.randrange(365))
        gross = rng.randrange(100_000, 5_000_000)
        tax = gross // 20
        drafts.append(
            EntryDraft(
                date=day, description="Beban", id=f"e{n:07d}",
                source=None if n % 10 else f"doc-{n}",
                lines=(Line.debit(rng.choice(EXPENSES), rp(gross)), Line.credit("2141", rp(tax)),
                       Line.credit("1110", rp(gross - tax))),
            )
        )  # fmt: skip
        if len(drafts) == CHUNK:
            office.ledger.post_many(drafts)
            drafts = []
    if drafts:
        office.ledger.post_many(drafts)
    for month in range(1, 12):
        owed = office.ledger.balance("2141", date(2026, month, 28) + timedelta(days=5))
        office.ledger.post(
            indonesia.withholding_payment_due(2026, month) - timedelta(days=1),
            f"Setor PPh 21 {month}",
            [Line.debit("2141", owed), Line.credit("1110", owed)],
            id=f"pph21-{month}",
            source=f"pph21-payment-2026-{month:02d}",
        )
    for month in range(1, 10):
        office.ledger.close_period(f"2026-{month:02d}")


def median_s(run: Callable[[], Any], times: int = 3) -> float:
    """Return the median wall time of ``run`` in seconds."""
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    """Build the book, run the rules and the raw read, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="backend URL (default: SQLite in a temporary folder)")
    parser.add_argument("--lines", type=int, default=300_000)
    args = parser.parse_args()
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp(prefix='bo-bench-comp-')) / 'b.db'}"
    with BackOffice.open(url, entity="PT Bench", actor="bench") as office:
        office.ledger.load_chart(indonesia.chart_of_accounts())
        began = time.perf_counter()
        build(office, args.lines)
        built = time.perf_counter() - began
        rules = indonesia.compliance_rules()
        params = {"evidence_threshold": rp(4_000_000), "suspense_accounts": ["1150"]}
        report = office.compliance.run(rules, as_of=date(2026, 12, 31), params=params, save=False)

        def run_rules() -> None:
            office.compliance.run(rules, as_of=date(2026, 12, 31), params=params, save=False)

        backend = office.backend
        assert isinstance(backend, SQLBackend)

        def raw_read() -> None:
            with backend.session("PT Bench") as session:
                for table in ("entries", "lines", "audit_records"):
                    session.query(f"SELECT * FROM {table} WHERE entity = ?", ("PT Bench",))

        api = median_s(run_rules)
        raw = median_s(raw_read)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"backend: {backend.dialect.name}; lines: {args.lines:,} (built in {built:.1f} s)")
    print(f"findings: {report.counts()}")
    print(f"raw read of every row:   {raw:8.2f} s")
    print(f"every built-in rule:     {api:8.2f} s ({api / raw:.1f}x the raw read)")
    print(f"peak memory (max RSS):   {peak:8.0f} MB")


if __name__ == "__main__":
    main()
