"""Compliance benchmark: every built-in rule over one full book, against a raw read of its rows.

Builds one book through the public APIs (building is not the measured figure):

- the Indonesian chart and ``--lines`` ledger lines imported with ``import_entries``
  (three lines an entry across 2026, PPh 21 withheld on each; one in ten names a
  source), PPh 21 paid every month, January to September closed;
- ``--employees`` employees with a payroll run calculated and approved (posted) for
  every month of 2026 (``--months``);
- ``--documents`` documents registered with ``register_many``;
- ``--assets`` assets registered with ``register_many`` and depreciated for every
  closed month.

Then times, in one run on one backend:

1. ``office.compliance.run(indonesia.compliance_rules())`` (every built-in rule), median
   of 3, and each rule on its own (one run each);
2. the raw baseline: reading every row of the entity with the raw driver (``SELECT *``
   of every table that has an ``entity`` column: entries, lines, audit records and every
   record kind), median of 3;

and prints both, their ratio, the per-rule times and the peak memory.

On SQLite the built book is cached under ``/tmp`` (``bo-bench-compliance-<parameters>.db``)
and copied for each run, since building a full book takes minutes; ``--rebuild`` builds
it again. ``--url postgresql://…`` builds on that server each time (the entity is named by
the parameters, so a second run on the same server reuses it).

Run: ``.venv/bin/python benchmarks/compliance.py`` (the issue's size: 1,000,000 lines,
10,000 employees, 100,000 documents, 100,000 assets), or smaller with the options.
It prints its figures; nothing is timed in the test suite.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from assets import assets as asset_list
from backoffice_core import BackOffice, Money
from backoffice_core.compliance import RuleRegistry
from backoffice_core.documents import DocumentDraft
from backoffice_core.jurisdictions import indonesia
from backoffice_core.ledger import EntryBatch, Line
from backoffice_core.storage.sql import SQLBackend
from documents import corpus
from payroll import components, employees

EXPENSES = ["6110", "6120", "6130", "6140", "6150"]
ENTRIES_PER_IMPORT = 50_000
CLOSED = 9  # January to September
AS_OF = date(2026, 12, 31)


def rp(amount: int) -> Money:
    return Money(amount, "IDR")


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def build_ledger(office: BackOffice, lines: int) -> None:
    """Import ``lines`` lines (three an entry) across 2026 with ``import_entries``."""
    rng = random.Random(2026)
    batch = EntryBatch()
    for n in range(lines // 3):
        day = date(2026, 1, 1) + timedelta(days=rng.randrange(365))
        gross = rng.randrange(100_000, 5_000_000)
        tax = gross // 20
        batch.entry(day, "Beban", id=f"e{n:07d}", source=None if n % 10 else f"doc-{n}")
        batch.debit(rng.choice(EXPENSES), gross)
        batch.credit("2141", tax)
        batch.credit("1110", gross - tax)
        if (n + 1) % ENTRIES_PER_IMPORT == 0:
            office.ledger.import_entries(batch)
            batch = EntryBatch()
            say(f"  ledger: {3 * (n + 1):,} lines")
    office.ledger.import_entries(batch)


def build_payroll(office: BackOffice, count: int, months: int) -> None:
    """Hire ``count`` employees; calculate and approve a run for each month."""
    office.payroll.define_components(components())
    people = employees(count)
    for i in range(0, count, 5_000):
        office.payroll.employees.hire(people[i : i + 5_000])
    rules = indonesia.payroll_rules()
    checker = office.as_actor("hr.manager")
    for month in range(1, months + 1):
        run = office.payroll.calculate(f"2026-{month:02d}", rules)
        checker.payroll.approve(run.id, accounts=indonesia.payroll_accounts())
        say(f"  payroll: 2026-{month:02d} posted")


def build_documents(office: BackOffice, count: int) -> None:
    """Register ``count`` documents (the documents benchmark's corpus)."""
    drafts: list[DocumentDraft] = []
    for item in corpus(count):
        drafts.append(DocumentDraft(media_type="application/pdf", **item))
        if len(drafts) == 1_000:
            office.documents.register_many(drafts)
            drafts = []
    if drafts:
        office.documents.register_many(drafts)
    say(f"  documents: {count:,}")


def build_assets(office: BackOffice, count: int) -> None:
    """Register ``count`` assets in service since January; depreciate the closed months."""
    office.assets.add_categories(indonesia.asset_categories())
    register = asset_list(count)
    for start in range(0, count, 10_000):
        office.assets.register_many(register[start : start + 10_000])
    for month in range(1, CLOSED + 1):
        office.assets.books.depreciate(f"2026-{month:02d}")
        say(f"  assets: 2026-{month:02d} depreciated")


def build(office: BackOffice, args: argparse.Namespace) -> None:
    """Build the whole book, then pay PPh 21 and close January to September."""
    office.ledger.load_chart(indonesia.chart_of_accounts())
    build_ledger(office, args.lines)
    if args.employees:
        build_payroll(office, args.employees, args.months)
    if args.documents:
        build_documents(office, args.documents)
    if args.assets:
        build_assets(office, args.assets)
    for month in range(1, 12):
        owed = office.ledger.balance("2141", date(2026, month, 28) + timedelta(days=5))
        office.ledger.post(
            indonesia.withholding_payment_due(2026, month) - timedelta(days=1),
            f"Setor PPh 21 {month}",
            [Line.debit("2141", owed), Line.credit("1110", owed)],
            id=f"pph21-{month}",
            source=f"pph21-payment-2026-{month:02d}",
        )
    for month in range(1, CLOSED + 1):
        office.ledger.close_period(f"2026-{month:02d}")


def median_s(run: Callable[[], Any], times: int = 3) -> float:
    """Return the median wall time of ``run`` in seconds."""
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def entity_tables(backend: SQLBackend, entity: str) -> list[str]:
    """Return every table with an ``entity`` column."""
    with backend.session(entity) as session:
        if backend.dialect.name == "sqlite":
            names = [r[0] for r in session.query("SELECT name FROM sqlite_master "
                                                 "WHERE type = 'table'", ())]  # fmt: skip
            return [
                n for n in names
                if any(c[1] == "entity" for c in session.query(f'PRAGMA table_info("{n}")', ()))
            ]  # fmt: skip
        rows = session.query(
            "SELECT table_name FROM information_schema.columns WHERE column_name = 'entity' "
            "AND table_schema = current_schema()",
            (),
        )
        return sorted(r[0] for r in rows)


def main() -> None:
    """Build (or reuse) the book, run the rules and the raw read, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="backend URL (default: SQLite, cached under /tmp)")
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=12, help="payroll months of 2026")
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--assets", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true", help="build the cached book again")
    args = parser.parse_args()
    label = f"{args.lines}-{args.employees}x{args.months}-{args.documents}-{args.assets}"
    entity = f"PT Bench {label}"
    built = 0.0
    if args.url:
        url = args.url
    else:
        cache = Path(tempfile.gettempdir()) / f"bo-bench-compliance-{label}.db"
        if args.rebuild or not cache.exists():
            partial = cache.with_suffix(".building")
            partial.unlink(missing_ok=True)
            began = time.perf_counter()
            with BackOffice.open(f"sqlite:///{partial}", entity=entity, actor="bench") as office:
                build(office, args)
            built = time.perf_counter() - began
            partial.rename(cache)
        work = Path(tempfile.mkdtemp(prefix="bo-bench-comp-")) / "b.db"
        shutil.copyfile(cache, work)
        url = f"sqlite:///{work}"
    with BackOffice.open(url, entity=entity, actor="bench") as office:
        if args.url and not office.ledger.accounts():
            began = time.perf_counter()
            build(office, args)
            built = time.perf_counter() - began
        rules = indonesia.compliance_rules()
        params = {"evidence_threshold": rp(4_000_000), "suspense_accounts": ["1150"]}

        def run_rules() -> Any:
            return office.compliance.run(rules, as_of=AS_OF, params=params, save=False)

        backend = office.backend
        assert isinstance(backend, SQLBackend)
        tables = entity_tables(backend, entity)

        def raw_read() -> None:
            with backend.session(entity) as session:
                for table in tables:
                    session.query(f'SELECT * FROM "{table}" WHERE entity = ?', (entity,))

        report = run_rules()
        api = median_s(run_rules)
        raw = median_s(raw_read)
        per_rule = {}
        for rule in rules:
            began = time.perf_counter()
            office.compliance.run(RuleRegistry([rule]), as_of=AS_OF, params=params, save=False)
            per_rule[rule.id] = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"backend: {backend.dialect.name}; lines: {args.lines:,}; employees: "
        f"{args.employees:,} x {args.months} months; documents: {args.documents:,}; "
        f"assets: {args.assets:,}" + (f" (built in {built:.0f} s)" if built else " (cached)")
    )
    print(f"findings: {report.counts()}")
    print(f"raw read of every row ({len(tables)} tables): {raw:8.2f} s")
    ratio = api / raw
    print(f"every built-in rule ({len(rules)}):         {api:8.2f} s ({ratio:.1f}x the raw read)")
    for rule_id, seconds in sorted(per_rule.items(), key=lambda item: -item[1]):
        print(f"  {rule_id:38s} {seconds:8.3f} s")
    print(f"peak memory (max RSS):          {peak:8.0f} MB")


if __name__ == "__main__":
    main()
