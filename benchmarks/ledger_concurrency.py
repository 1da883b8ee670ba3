"""Concurrent writers: several processes posting into one book at once.

Each worker process opens its own office on the same book and posts ``--entries``
entries of three lines, ``--batch`` entries per transaction (``ledger.post_many``;
with ``--batch 1``, one ``ledger.post`` per entry: the small-transaction path).
The run is done once with one process and once with ``--workers`` processes posting
the same total, so the figures show what concurrency costs or gains on the backend.
Afterwards the book is checked: every entry present once, the trial balance balanced,
and the audit chain intact.

Run: ``.venv/bin/python benchmarks/ledger_concurrency.py`` (SQLite in a temporary
folder) or ``--url postgresql://…``. It prints its figures; nothing is timed in tests.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from backoffice_core import BackOffice, Money
from backoffice_core.ledger import EntryDraft, Line, generic_chart


def worker(url: str, entity: str, name: str, count: int, batch: int) -> None:
    """Post ``count`` entries named after ``name``, ``batch`` per transaction."""
    with BackOffice.open(url, entity=entity, actor=name) as office:
        for start in range(0, count, batch):
            drafts = []
            for n in range(start, min(start + batch, count)):
                amount = Money(1000 + n, "IDR")
                drafts.append(
                    EntryDraft(
                        date=date(2026, 1, 1) + timedelta(days=n % 365),
                        description=f"{name} entry {n}",
                        id=f"{name}-{n:07d}",
                        lines=(
                            Line.debit("6110", amount),
                            Line.debit("6200", Money(500, "IDR")),
                            Line.credit("1120", amount + Money(500, "IDR")),
                        ),
                    )
                )
            if batch == 1:
                # One entry per transaction goes through post(), the small-transaction path.
                draft = drafts[0]
                office.ledger.post(draft.date, draft.description, draft.lines, id=draft.id)
            else:
                office.ledger.post_many(drafts)


def run(url: str, entity: str, workers: int, total: int, batch: int) -> float:
    """Post ``total`` entries split over ``workers`` processes; return the seconds."""
    ctx = mp.get_context("spawn")
    share = total // workers
    procs = [
        ctx.Process(target=worker, args=(url, entity, f"w{i}", share, batch))
        for i in range(workers)
    ]
    began = time.perf_counter()
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join()
    elapsed = time.perf_counter() - began
    if any(proc.exitcode for proc in procs):
        raise SystemExit(f"a worker failed: exit codes {[p.exitcode for p in procs]}")
    return elapsed


def check(url: str, entity: str, expected: int) -> str:
    """Check the book after a run and return a one-line verdict."""
    with BackOffice.open(url, entity=entity, actor="checker") as office:
        entries = office.ledger.entries()
        ids = [e.id for e in entries]
        assert len(ids) == expected == len(set(ids)), (len(ids), expected)
        assert office.ledger.trial_balance(date(2026, 12, 31)).is_balanced
        verdict = office.audit.verify()
        assert verdict.ok, str(verdict)
        return f"{len(ids):,} entries once each, trial balance balanced, {verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="storage URL (default: SQLite in a temporary folder)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--entries", type=int, default=20_000, help="total entries per run")
    parser.add_argument(
        "--batch", type=int, default=10, help="entries per transaction (1: ledger.post)"
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-concurrency-"))
    stamp = int(time.time())
    print(f"entries per run: {args.entries:,}   entries per transaction: {args.batch}")
    for workers in (1, args.workers):
        url = args.url or f"sqlite:///{tmp / f'books-{workers}.db'}"
        entity = f"PT Concurrency {stamp}-{workers}"
        with BackOffice.open(url, entity=entity, actor="setup") as office:
            office.ledger.load_chart(generic_chart())
        seconds = run(url, entity, workers, args.entries, args.batch)
        rate = args.entries / seconds
        print(
            f"{url.split(':')[0]:10}  {workers} process(es): {rate:>9,.0f} entries/s "
            f"({rate * 3:>9,.0f} lines/s, {seconds:6.2f} s)"
        )
        print(f"            check: {check(url, entity, args.entries)}")


if __name__ == "__main__":
    main()
