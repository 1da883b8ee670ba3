"""Ledger benchmark: bulk posting and the trial balance, against the raw driver floor.

Generates a deterministic journal (three lines an entry, dates across 2026) and
measures, in one run on one backend:

1. bulk posting of ``--entries`` entries through the public API, twice:
   ``EntryDraft`` + ``Line`` models and ``ledger.post_many``, and ``EntryBatch`` +
   ``ledger.import_entries``, in chunks of 10,000, next to the same rows inserted with
   the raw driver (sqlite3 ``executemany``, or psycopg ``COPY``) into the same schema,
   chunk for chunk; ``--runs`` interleaved runs, each ratio as median and range, in
   wall-clock and in CPU time of this process;
2. the trial balance over ``--tb-lines`` lines through ``ledger.trial_balance``,
   next to the raw ``SUM ... GROUP BY`` on the same database;
3. the process's peak memory (maximum resident set size).

Run: ``.venv/bin/python benchmarks/ledger.py`` (SQLite in a temporary folder), or
``--url postgresql://…`` for PostgreSQL. It prints its figures; nothing is timed in
the test suite.
"""

from __future__ import annotations

import argparse
import random
import resource
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from backoffice_core import BackOffice, Money
from backoffice_core.ledger import EntryBatch, EntryDraft, Line, generic_chart
from backoffice_core.storage import open_backend
from backoffice_core.storage.sql.rows import ENTRY_COLUMNS, LINE_COLUMNS

DEBITS = ["1200", "1300", "1400", "5000", "6100", "6110", "6200", "6300", "6900"]
CREDITS = ["1110", "1120", "2100", "2300", "4100", "4900"]
CHUNK = 10_000
START = date(2026, 1, 1)


def journal(count: int, seed: int = 2026) -> Iterator[tuple[str, date, str, list[tuple[str, int]]]]:
    """Yield ``count`` entries as (id, date, account/amount debits, credit account)."""
    rng = random.Random(seed)
    for n in range(count):
        first, second = rng.randrange(1, 5_000_000), rng.randrange(1, 5_000_000)
        yield (
            f"bench-{n:07d}",
            START + timedelta(days=rng.randrange(365)),
            rng.choice(CREDITS),
            [(rng.choice(DEBITS), first), (rng.choice(DEBITS), second)],
        )


def chunks(
    count: int, start: int = 0
) -> Iterator[list[tuple[str, date, str, list[tuple[str, int]]]]]:
    """Yield the journal in lists of CHUNK entries, skipping the first ``start``."""
    batch = []
    for n, item in enumerate(journal(start + count)):
        if n < start:
            continue
        batch.append(item)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


class Stopwatch:
    """Adds up wall-clock and CPU seconds (this process) of the blocks it times.

    On a shared machine the CPU time is the steadier measure of in-process work
    (Python and SQLite); PostgreSQL's work is in the server, so only wall time counts
    there.
    """

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0
        self._wall = self._cpu = 0.0

    def __enter__(self) -> Stopwatch:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall += time.perf_counter() - self._wall
        self.cpu += time.process_time() - self._cpu


def post_api(office: BackOffice, count: int, start: int = 0) -> tuple[Stopwatch, Stopwatch]:
    """Post entries with EntryDraft models and post_many; return the time and the building."""
    elapsed, building = Stopwatch(), Stopwatch()
    for batch in chunks(count, start):
        elapsed.__enter__()
        building.__enter__()
        drafts = [
            EntryDraft(
                date=day,
                description="Generated entry",
                id=entry_id,
                lines=(
                    *(Line.debit(acct, Money(units, "IDR")) for acct, units in debits),
                    Line.credit(credit, Money(sum(u for _, u in debits), "IDR")),
                ),
            )
            for entry_id, day, credit, debits in batch
        ]
        building.__exit__()
        office.ledger.post_many(drafts)
        elapsed.__exit__()
    return elapsed, building


def import_api(office: BackOffice, count: int, start: int = 0) -> Stopwatch:
    """Post entries with EntryBatch + ledger.import_entries; return the time taken."""
    elapsed = Stopwatch()
    for batch_rows in chunks(count, start):
        with elapsed:
            batch = EntryBatch()
            for entry_id, day, credit, debits in batch_rows:
                batch.entry(day, "Generated entry", id=entry_id)
                for acct, units in debits:
                    batch.debit(acct, units)
                batch.credit(credit, sum(u for _, u in debits))
            office.ledger.import_entries(batch)
    return elapsed


def raw_rows(
    entity: str, batch: list[Any], seq0: int
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Build the same entries and lines rows the library writes, with no validation."""
    heads, lines = [], []
    posted_at = "2026-11-27T00:00:00+00:00"
    for seq, (entry_id, day, credit, debits) in enumerate(batch, start=seq0):
        iso = day.isoformat()
        heads.append(
            (
                entity,
                entry_id,
                seq,
                iso,
                "Generated entry",
                None,
                "",
                "regular",
                None,
                posted_at,
                "bench",
                "0" * 64,
            )
        )
        total = 0
        no = 0
        for no, (acct, units) in enumerate(debits, start=1):
            total += units
            lines.append(
                (
                    entity,
                    entry_id,
                    no,
                    seq,
                    iso,
                    False,
                    acct,
                    "IDR",
                    units,
                    "IDR",
                    units,
                    "debit",
                    None,
                    "",
                    "{}",
                    "[]",
                )
            )
        lines.append(
            (
                entity,
                entry_id,
                no + 1,
                seq,
                iso,
                False,
                credit,
                "IDR",
                -total,
                "IDR",
                -total,
                "credit",
                None,
                "",
                "{}",
                "[]",
            )
        )
    return heads, lines


def insert_sql(table: str, columns: tuple[str, ...], mark: str) -> str:
    """Return an INSERT statement for ``columns``."""
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"


def raw_post_sqlite(path: Path, count: int) -> Stopwatch:
    """Insert the journal's rows with raw sqlite3 into a fresh file of the same schema."""
    open_backend(f"sqlite:///{path}").close()  # the library's DDL, nothing else
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA cache_size=-65536")  # the library's connection settings
    entries_sql = insert_sql("entries", ENTRY_COLUMNS, "?")
    lines_sql = insert_sql("lines", LINE_COLUMNS, "?")
    elapsed, seq = Stopwatch(), 1
    for batch in chunks(count):
        with elapsed:
            heads, lines = raw_rows("RAW", batch, seq)
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(entries_sql, heads)
            conn.executemany(lines_sql, lines)
            conn.execute("COMMIT")
        seq += len(batch)
    conn.close()
    return elapsed


def raw_post_postgres(url: str, count: int) -> Stopwatch:
    """Insert the journal's rows with raw psycopg COPY under a separate entity."""
    import psycopg

    open_backend(url).close()  # the library's DDL, nothing else
    elapsed, seq = Stopwatch(), 1
    with psycopg.connect(url) as conn:
        conn.execute("DELETE FROM lines WHERE entity = 'RAW'")
        conn.execute("DELETE FROM entries WHERE entity = 'RAW'")
        conn.commit()
        for batch in chunks(count):
            with elapsed:
                heads, lines = raw_rows("RAW", batch, seq)
                with conn.cursor() as cur:
                    with cur.copy(f"COPY entries ({', '.join(ENTRY_COLUMNS)}) FROM STDIN") as cp:
                        for row in heads:
                            cp.write_row(row)
                    with cur.copy(f"COPY lines ({', '.join(LINE_COLUMNS)}) FROM STDIN") as cp:
                        for row in lines:
                            cp.write_row(row)
                conn.commit()
            seq += len(batch)
    return elapsed


def median_time(fn: Callable[[], object], repeat: int = 5) -> float:
    """Return the median wall time of ``repeat`` calls after one warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def raw_trial_balance(url: str, entity: str, as_of: date) -> Callable[[], object]:
    """Return a callable running the raw GROUP BY on the library's own database."""
    sql = (
        "SELECT account, SUM(base) FROM lines WHERE entity = {p} AND entry_date <= {p} "
        "GROUP BY account ORDER BY account"
    )
    if url.startswith("sqlite:///"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        return lambda: conn.execute(sql.format(p="?"), (entity, as_of.isoformat())).fetchall()
    import psycopg

    pg = psycopg.connect(url, autocommit=True)
    return lambda: pg.execute(sql.format(p="%s"), (entity, as_of)).fetchall()


def spread(values: list[float]) -> str:
    """Median and range of ratios, as percentages."""
    return (
        f"median {statistics.median(values):6.1%}  (min {min(values):6.1%}, "
        f"max {max(values):6.1%}, {len(values)} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="storage URL (default: SQLite in a temporary folder)")
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--tb-lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3, help="interleaved runs of each path")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-ledger-"))
    lines = args.entries * 3
    kind = (args.url or "sqlite").split(":")[0]
    print(f"backend: {kind}   entries: {args.entries:,}   lines: {lines:,}   runs: {args.runs}")
    paths = ("post_many", "import_entries")
    ratios: dict[str, list[float]] = {f"{p} {c}": [] for p in paths for c in ("wall", "cpu")}
    for run in range(args.runs):
        # Interleaved: raw, drafts, import, each into fresh books, then the next run.
        if kind in ("memory", "sqlite"):
            raw = raw_post_sqlite(tmp / f"raw-{run}.db", args.entries)
        else:
            raw = raw_post_postgres(args.url, args.entries)
        report = f"run {run + 1}: raw {lines / raw.wall:>8,.0f} lines/s"
        for path in paths:
            url = args.url or f"sqlite:///{tmp / f'{path}-{run}.db'}"
            entity = f"PT Bench {int(time.time())} {path} {run}"
            with BackOffice.open(url, entity=entity, actor="bench") as office:
                office.ledger.load_chart(generic_chart())
                if path == "post_many":
                    took = post_api(office, args.entries)[0]
                else:
                    took = import_api(office, args.entries)
            ratios[f"{path} wall"].append(raw.wall / took.wall)
            ratios[f"{path} cpu"].append(raw.cpu / took.cpu)
            report += (
                f"   {path} {lines / took.wall:>8,.0f} lines/s"
                f" ({raw.wall / took.wall:5.1%} wall, {raw.cpu / took.cpu:5.1%} cpu)"
            )
        print(report)
    for name, values in ratios.items():
        print(f"{name:20} / raw: {spread(values)}")
    if kind == "postgresql":
        print("(cpu counts this process only: the server's COPY work is not in it)")

    url = args.url or f"sqlite:///{tmp / 'tb.db'}"
    entity = f"PT Bench TB {int(time.time())}"
    with BackOffice.open(url, entity=entity, actor="bench") as office:
        office.ledger.load_chart(generic_chart())
        total_entries = -(-args.tb_lines // 3)
        import_api(office, total_entries)
        as_of = date(2026, 12, 31)
        assert office.ledger.trial_balance(as_of).is_balanced
        api_tb = median_time(lambda: office.ledger.trial_balance(as_of))
        if kind == "memory":
            print(
                f"trial balance over {total_entries * 3:,} lines (memory): {api_tb * 1000:8.1f} ms"
            )
        else:
            raw_tb = median_time(raw_trial_balance(url, entity, as_of))
            print(
                f"trial balance over {total_entries * 3:,} lines: raw GROUP BY "
                f"{raw_tb * 1000:8.1f} ms   public API {api_tb * 1000:8.1f} ms   "
                f"= {api_tb / raw_tb:4.2f}x raw"
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of the whole run): {peak:,.0f} MB")


if __name__ == "__main__":
    main()
