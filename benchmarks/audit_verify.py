"""Audit benchmark: ``verify()`` over 1,000,000 lines, against a raw streaming SELECT.

Builds a deterministic SQLite book through the public API (three lines an entry,
``post_many`` in chunks of 10,000, plus single postings, period closes and budgets so
that every kind of audit record is present), then, in one run:

1. times ``office.audit.verify()`` (chain links, every entry's fingerprint re-derived
   from its stored lines, every bulk digest recomputed, every state covered), next
   to the raw floor: a plain ``SELECT`` of the same entry and line rows, streamed
   with the driver and discarded (median of ``--repeat``);
2. measures the peak memory of ``verify()`` in a fresh process: its resident set
   (next to a process that only opened the book), and the Python heap's peak during
   ``verify()`` at a tenth of the book and at the whole book, to show that it does not
   grow with the journal.

Run: ``.venv/bin/python benchmarks/audit_verify.py`` (``--lines`` to change the size).
It prints its figures; nothing is timed in the test suite.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

from backoffice_core import BackOffice, Money
from backoffice_core.ledger import EntryDraft, Line, generic_chart

ENTITY = "PT Audit Bench"
DEBITS = ["1200", "1300", "1400", "5000", "6100", "6110", "6200", "6300", "6900"]
CREDITS = ["1110", "1120", "2100", "2300", "4100", "4900"]
CHUNK = 10_000
START = date(2026, 1, 1)


def drafts(first: int, count: int, rng: random.Random) -> list[EntryDraft]:
    """Return ``count`` three-line drafts numbered from ``first``."""
    out = []
    for n in range(first, first + count):
        a, b = rng.randrange(1, 5_000_000), rng.randrange(1, 5_000_000)
        out.append(
            EntryDraft(
                date=START + timedelta(days=rng.randrange(365)),
                description=f"Bench {n}",
                id=f"bench-{n:07d}",
                lines=(
                    Line.debit(rng.choice(DEBITS), Money(a, "IDR")),
                    Line.debit(rng.choice(DEBITS), Money(b, "IDR")),
                    Line.credit(rng.choice(CREDITS), Money(a + b, "IDR")),
                ),
            )
        )
    return out


def grow(office: BackOffice, entries: int, done: int, rng: random.Random) -> int:
    """Post entries ``done``..``entries`` (bulk, with a few single postings); return the count."""
    while done < entries:
        count = min(CHUNK, entries - done)
        office.ledger.post_many(drafts(done, count, rng))
        done += count
        for extra in drafts(done, 10, rng):  # single postings: one audit record each
            office.ledger.post(extra.date, extra.description, extra.lines, id=extra.id)
        done += 10
    return done


def raw_stream(path: Path) -> tuple[float, float]:
    """Stream every entry and line row of the book with sqlite3; return wall and CPU seconds."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA cache_size=-65536")  # the library's setting
    began, cpu = time.perf_counter(), time.process_time()
    for _ in conn.execute(
        "SELECT seq, id, entry_date, description, source, memo, kind, reverses, posted_at, "
        "posted_by, fingerprint FROM entries WHERE entity = ? ORDER BY seq",
        (ENTITY,),
    ):
        pass
    for _ in conn.execute(
        "SELECT entry_seq, entry_id, entry_date, closing, side, account, currency, amount, "
        "base, rate, memo, dimensions, tags FROM lines WHERE entity = ? "
        "ORDER BY entry_seq, line_no",
        (ENTITY,),
    ):
        pass
    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
    conn.close()
    return elapsed, cpu


def child(path: Path, verify: bool, trace: bool) -> None:
    """In a fresh process: open the book, verify it if asked; print seconds and peaks.

    With ``trace``, the Python heap's peak during ``verify()`` is measured with
    tracemalloc (which slows it down: its time is not reported then).
    """
    with BackOffice.open(f"sqlite:///{path}", entity=ENTITY, actor="auditor") as office:
        if trace:
            tracemalloc.start()
        began, cpu = time.perf_counter(), time.process_time()
        result = office.audit.verify() if verify else None
        elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
        heap = tracemalloc.get_traced_memory()[1] if trace else 0
        assert result is None or result.ok, str(result)
    figures = {
        "seconds": elapsed,
        "cpu": cpu,
        "rss_mb": peak_rss_kb() / 1024,
        "heap_mb": heap / 2**20,
    }
    print(json.dumps(figures))


def peak_rss_kb() -> int:
    """Return this process's peak resident set size in KiB.

    Linux's ``VmHWM`` is this process's own high-water mark; ``ru_maxrss`` may keep the
    parent's across fork and exec, so it is only the fallback.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def in_child(path: Path, verify: bool, trace: bool = False) -> dict[str, float]:
    """Run :func:`child` in a fresh interpreter and return what it printed."""
    flags = [*(["--verify"] if verify else []), *(["--trace"] if trace else [])]
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(path), *flags],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return figures


def count_lines(path: Path) -> int:
    """Return how many line rows the book holds."""
    conn = sqlite3.connect(path)
    ((lines,),) = conn.execute("SELECT COUNT(*) FROM lines").fetchall()
    conn.close()
    return int(lines)


def main() -> None:
    """Build the book, then print the verify and baseline figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", type=Path)
    parser.add_argument("--verify", action="store_true")
    parser.add_argument("--trace", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.verify, args.trace)
        return
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "audit.db"
        office = BackOffice.open(f"sqlite:///{path}", entity=ENTITY, actor="rina")
        office.ledger.load_chart(generic_chart())
        for month in ("2026-01", "2026-02", "2026-03"):
            office.ledger.set_budget("6110", month, Money(1_000_000, "IDR"))
        began = time.perf_counter()
        entries = args.lines // 3
        done = grow(office, entries // 10, 0, rng)
        small = {"lines": count_lines(path), **in_child(path, True, trace=True)}
        done = grow(office, entries, done, rng)
        office.ledger.close_period("2025-12")
        office.close()
        built = time.perf_counter() - began
        lines = count_lines(path)
        baseline = in_child(path, False)
        heap = in_child(path, True, trace=True)["heap_mb"]
        verify_runs = [in_child(path, True) for _ in range(args.repeat)]
        raw_runs = [raw_stream(path) for _ in range(args.repeat)]
        api = statistics.median(r["seconds"] for r in verify_runs)
        api_cpu = statistics.median(r["cpu"] for r in verify_runs)
        raw = statistics.median(wall for wall, _ in raw_runs)
        raw_cpu = statistics.median(cpu for _, cpu in raw_runs)
        peak = max(r["rss_mb"] for r in verify_runs)
        print(f"book: {lines:,} lines in {done:,} entries, built in {built:.1f} s")
        print(
            f"raw streaming SELECT of entries and lines: {raw:.2f} s wall, {raw_cpu:.2f} s CPU "
            f"(median of {args.repeat})"
        )
        print(
            f"verify(): {api:.2f} s wall, {api_cpu:.2f} s CPU (median of {args.repeat}); "
            f"{api / raw:.1f}x the raw SELECT's wall time, {api_cpu / raw_cpu:.1f}x its CPU time"
        )
        print(f"verify() lines per second: {lines / api:,.0f}")
        print(
            f"peak RSS (VmHWM) of a fresh process: open only {baseline['rss_mb']:.0f} MB; "
            f"verify at {lines:,} lines {peak:.0f} MB (SQLite's page cache is capped at 64 MiB)"
        )
        print(
            f"peak Python heap during verify() (tracemalloc): {small['heap_mb']:.1f} MB at "
            f"{small['lines']:,.0f} lines, {heap:.1f} MB at {lines:,} lines"
        )


if __name__ == "__main__":
    main()
