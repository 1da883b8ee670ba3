"""Memory backend at scale: resident memory of a large book and its trial balance.

Loads ``--entries`` transactions (three lines each, the journal of
``benchmarks/ledger.py``) into ``memory://`` and, for comparison, into a SQLite file,
both through ``ledger.import_entries`` in batches of 10,000 (``--drafts``: through
``EntryDraft`` models and ``post_many``, which older versions also have). It prints, for each: the
load rate, the process's resident memory after the load (the memory book is measured
in its own process, so the figure is the book plus the interpreter), and the median of
5 trial balances.

Run: ``.venv/bin/python benchmarks/memory_backend.py --entries 1000000``. It prints
its figures; nothing is timed in the test suite.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import tempfile
import time
from datetime import date
from pathlib import Path

from backoffice_core import BackOffice
from backoffice_core.ledger import generic_chart
from ledger import import_api, median_time, post_api


def rss_mb() -> float:
    """Return the current resident set size of this process in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def measure(url: str, entries: int, drafts: bool = False) -> None:
    """Load ``entries`` transactions into ``url`` and print the figures."""
    before = rss_mb()
    with BackOffice.open(url, entity="PT Scale", actor="bench") as office:
        office.ledger.load_chart(generic_chart())
        load = post_api(office, entries)[0] if drafts else import_api(office, entries)
        seconds = load.wall
        loaded = rss_mb()
        as_of = date(2026, 12, 31)
        assert office.ledger.trial_balance(as_of).is_balanced
        tb = median_time(lambda: office.ledger.trial_balance(as_of))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{url.split(':')[0]:7} {entries:,} transactions ({entries * 3:,} lines): "
        f"load {entries * 3 / seconds:>9,.0f} lines/s   RSS after load {loaded:7,.0f} MB "
        f"(interpreter and library before: {before:,.0f} MB; peak {peak:,.0f} MB)   "
        f"trial balance {tb * 1000:8.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument(
        "--drafts", action="store_true", help="load with EntryDraft models and post_many"
    )
    parser.add_argument("--only", choices=("memory", "sqlite"), help="measure one backend")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    ctx = mp.get_context("spawn")
    for url in ("memory://", f"sqlite:///{tmp / 'scale.db'}"):
        if args.only and not url.startswith(args.only):
            continue
        began = time.perf_counter()
        proc = ctx.Process(target=measure, args=(url, args.entries, args.drafts))
        proc.start()
        proc.join()
        if proc.exitcode:
            raise SystemExit(f"{url} failed with exit code {proc.exitcode}")
        print(f"        ({time.perf_counter() - began:.0f} s in all)")


if __name__ == "__main__":
    main()
