"""Assets and inventory benchmark: the monthly run, bulk stock movements, on hand.

Measures, in one run on one backend, each figure next to a raw baseline measured in
the same run on the same database (printed with its ratio), with the process's CPU
time and the machine's load average (the machine may be shared):

1. ``office.assets.books.depreciate(month)`` over ``--assets`` straight-line assets
   (ten cost centres, registered with ``register_many``): loading the register, the
   posted months per asset (one aggregate query), each asset's forecast, one
   append-only posted-month record per asset (one ``add``), one balanced journal entry
   by cost centre, in one transaction; it checks the entry and that a second run posts
   nothing. Raw baseline: select ``(id, cost, life, cost centre)`` from a plain table,
   compute each amount with integer arithmetic, ``executemany`` one row per asset and
   one sum per cost centre, in one transaction.
2. ``office.inventory.record(chunk)`` for ``--movements`` stock movements in chunks of
   10,000 (the stream of ``benchmarks/inventory.py``: receipts, issues and transfers of
   ``--items`` items at ``--locations`` locations, half FIFO, half moving average).
   Raw baseline: the same movement rows written into the same table with the raw
   driver (sqlite3 ``executemany``, psycopg ``COPY``), chunk for chunk.
3. ``office.inventory.on_hand(as_of)`` for every item and location over those
   movements (median of 3), next to the raw ``SUM ... GROUP BY`` on the same rows, with
   the database's plan of that query (``EXPLAIN QUERY PLAN`` / ``EXPLAIN``).

4. With ``--raw-movements N``: on hand over ``N`` movement rows written straight into
   the kind's table by the raw driver (the stream's items, locations, dates, types,
   quantities and values; a 380-character body standing in for the JSON), so the
   aggregate is measured at sizes the API takes too long to build on a shared
   machine: ``Records.totals`` as ``on_hand`` calls it, with the kind's rollup index
   and again after dropping it (the layout before rollups), next to the raw
   ``GROUP BY``, with each plan. PostgreSQL's table is vacuumed first (as autovacuum
   does after a bulk insert), so that an index-only scan can skip the heap.

Run: ``.venv/bin/python benchmarks/assets.py`` (SQLite in a temporary folder), or
``--url postgresql://…`` for PostgreSQL; ``--assets 100000 --movements 1000000`` for
the issue's sizes (``--movements 0`` skips 2 and 3; ``--assets 0 --movements 0
--raw-movements 1000000`` runs 4 alone). It prints its figures; nothing is timed in
the test suite.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import statistics
import tempfile
import time
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import inventory as stock  # benchmarks/inventory.py: the movement stream and raw writers
from backoffice_core import BackOffice, Money
from backoffice_core.assets import Asset, DepreciationPolicy, Method
from backoffice_core.inventory import MOVEMENT
from backoffice_core.jurisdictions import indonesia
from backoffice_core.records import Range
from backoffice_core.storage import open_backend
from backoffice_core.storage.sql.rollup_index import rollup_index

CHUNK = 10_000
LIFE = 48
# The statement Records.totals sends for on hand (ORDER BY … NULLS FIRST included).
STATEMENT = (
    "SELECT f_item, f_location, SUM(f_quantity), SUM(f_value), f_value__ccy, COUNT(*) "
    f"FROM {MOVEMENT.table} WHERE entity = {{m}} AND f_on IS NOT NULL AND f_on <= {{m}} "
    "GROUP BY f_item, f_location, f_value__ccy ORDER BY f_item ASC NULLS FIRST, "
    "f_location ASC NULLS FIRST, f_value__ccy ASC NULLS FIRST"
)


def assets(count: int) -> list[Asset]:
    """``count`` laptops in service since January 2026, over ten cost centres."""
    policy = DepreciationPolicy(
        method=Method.STRAIGHT_LINE, useful_life_months=LIFE, salvage=Money(0, "IDR")
    )
    return [
        Asset(
            id=f"a{n:07d}",
            tag=f"T{n:07d}",
            name="Laptop",
            category="peralatan_kantor",
            cost_centre=f"cc{n % 10}",
            acquired=date(2026, 1, 5),
            in_service=date(2026, 1, 5),
            cost=Money(24_000_000 + n, "IDR"),
            policy=policy,
        )
        for n in range(count)
    ]


def raw_rows(count: int) -> list[tuple[str, int, int, str]]:
    """The same assets as plain rows."""
    return [(f"a{n:07d}", 24_000_000 + n, LIFE, f"cc{n % 10}") for n in range(count)]


def raw_run(conn: Any, mark: str) -> float:
    """Time the raw floor of a monthly run on an open DB-API connection."""
    began = time.perf_counter()
    cur = conn.cursor()
    cur.execute("SELECT id, cost, life, centre FROM raw_assets")
    rows = cur.fetchall()
    postings = []
    sums: dict[str, int] = defaultdict(int)
    for asset_id, cost, life, centre in rows:
        amount = (cost + life // 2) // life  # half-up, as the library rounds
        postings.append((asset_id, "2026-01", amount, centre))
        sums[centre] += amount
    cur.executemany(f"INSERT INTO raw_postings VALUES ({mark}, {mark}, {mark}, {mark})", postings)
    cur.executemany(f"INSERT INTO raw_entry VALUES ({mark}, {mark})", list(sums.items()))
    conn.commit()
    return time.perf_counter() - began


def raw_floor(url: str, count: int) -> float:
    """Create the plain tables, fill the assets, and time the raw run."""
    ddl = [
        "DROP TABLE IF EXISTS raw_assets",
        "DROP TABLE IF EXISTS raw_postings",
        "DROP TABLE IF EXISTS raw_entry",
        "CREATE TABLE raw_assets (id TEXT PRIMARY KEY, cost BIGINT, life INT, centre TEXT)",
        "CREATE TABLE raw_postings (asset TEXT, month TEXT, amount BIGINT, centre TEXT, "
        "PRIMARY KEY (asset, month))",
        "CREATE TABLE raw_entry (centre TEXT, amount BIGINT)",
    ]
    if url.startswith("sqlite"):
        conn: Any = sqlite3.connect(url.removeprefix("sqlite:///"))
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        mark = "?"
    else:
        import psycopg

        conn = psycopg.connect(url)
        mark = "%s"
    for statement in ddl:
        conn.execute(statement)
    conn.cursor().executemany(
        f"INSERT INTO raw_assets VALUES ({mark}, {mark}, {mark}, {mark})", raw_rows(count)
    )
    conn.commit()
    try:
        return raw_run(conn, mark)
    finally:
        conn.close()


def load() -> str:
    """The 1, 5 and 15 minute load averages (the 2 cores are shared)."""
    return "load average " + " / ".join(f"{x:.2f}" for x in os.getloadavg())


def depreciation(url: str, count: int) -> None:
    """Register ``count`` assets, time one monthly run and its raw floor, print them."""
    entity = f"PT Bench {int(time.time())}"
    with BackOffice.open(url, entity=entity, actor="bench") as office:
        office.ledger.load_chart(indonesia.chart_of_accounts())
        office.assets.add_categories(indonesia.asset_categories())
        register = assets(count)
        began = time.perf_counter()
        for start in range(0, len(register), CHUNK):
            office.assets.register_many(register[start : start + CHUNK])
        registering = time.perf_counter() - began
        del register
        rate = count / registering
        print(f"register        public API {rate:>10,.0f} assets/s ({registering:.2f} s)")
        print(f"  before the run: {load()}")
        began, cpu_began = time.perf_counter(), time.process_time()
        run = office.assets.books.depreciate("2026-01")
        api, cpu = time.perf_counter() - began, time.process_time() - cpu_began
        assert run is not None
        assert run.months == count
        entry = office.ledger.entry(run.entry or "")
        assert len(entry.lines) == 20  # a debit and a credit per cost centre
        again = office.assets.books.depreciate("2026-01")
        assert again is None  # idempotent
    raw = raw_floor(url, count)
    print(f"monthly run     raw driver {raw:8.2f} s  ({count / raw:>10,.0f} assets/s)")
    print(
        f"                public API {api:8.2f} s  ({count / api:>10,.0f} assets/s)"
        f"  CPU {cpu:.2f} s  = {api / raw:5.1f}x raw   (target < 5 s at 100,000)"
    )


def plan(url: str, entity: str) -> list[str]:
    """The database's plan of the on-hand aggregate, as the store runs it."""
    sql = STATEMENT
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            rows = conn.execute(
                "EXPLAIN QUERY PLAN " + sql.format(m="?"), (entity, stock.AS_OF.isoformat())
            ).fetchall()
        finally:
            conn.close()
        return [str(row[-1]) for row in rows]
    import psycopg

    with psycopg.connect(url) as pg:
        rows = pg.execute("EXPLAIN " + sql.format(m="%s"), (entity, stock.AS_OF)).fetchall()
    return [str(row[0]) for row in rows]


def movements(url: str, path: Path | None, count: int, items: int, locations: int) -> None:
    """Record ``count`` movements, time them, on hand and their raw floors, print them."""
    office = stock.setup(url, items, locations)
    print(f"  before the movements: {load()}")
    cpu_began = time.process_time()
    api, written = stock.record_api(office, count, items, locations)
    cpu = time.process_time() - cpu_began  # the generator of the stream included
    rows = stock.movement_rows(office)
    if path is None:
        raw, raw_query, raw_result = stock.raw_postgres(url, rows, office.entity, stock.AS_OF)
    else:
        raw, raw_query, raw_result = stock.raw_sqlite(path, rows, office.entity, stock.AS_OF)
    print(
        f"movements       raw driver {len(rows) / raw:>10,.0f} rows/s ({len(rows):,} rows"
        f" in {raw:.2f} s)"
    )
    print(
        f"                public API {count / api:>10,.0f} moves/s ({count:,} moves, "
        f"{written:,} rows, in {api:.2f} s)  CPU {cpu:.2f} s  = {api / raw:5.1f}x raw"
        "   (target >= 50,000 moves/s)"
    )
    print(f"  after the movements: {load()}")
    times, levels = [], []
    for _ in range(3):
        began = time.perf_counter()
        levels = office.inventory.on_hand(stock.AS_OF)
        times.append(time.perf_counter() - began)
    query = statistics.median(times)
    same = [(lv.item, lv.location, lv.quantity) for lv in levels] == [
        (r[0], r[1], Decimal(r[2]).scaleb(-6)) for r in raw_result
    ]
    print(
        f"on hand         raw GROUP BY {raw_query:6.3f} s; public API {query:6.3f} s"
        f" = {query / raw_query:4.2f}x raw  ({len(levels):,} item/location rows over "
        f"{len(rows):,} movement rows as of {stock.AS_OF}; same result: {same})"
        "   (target < 1 s)"
    )
    for line in plan(url, office.entity):
        print(f"  plan: {line}")
    office.close()


def raw_fill(url: str, entity: str, count: int, items: int, locations: int) -> float:
    """Write ``count`` movement rows of the stream into the kind's table; return seconds."""
    body = "x" * 380
    columns = stock.RAW_COLUMNS
    sqlite = url.startswith("sqlite")

    def make_row(n: int, move: Any) -> tuple[Any, ...]:
        # One row per move; what leaves stock (issues, transfers out) is negative and
        # valued at 1,000 rupiah a unit, so every row is in rupiah, as the API's are.
        sign = 1 if move.type.value == "receipt" else -1
        minor = move.value.to_minor() if move.value is not None else -1_000 * int(move.quantity)
        on = move.on.isoformat() if sqlite else move.on
        return (entity, f"m{n:09d}", 1, 1, body, f"op{n // 10:08d}", move.item,
                move.location, on, move.type.value, sign * int(move.quantity) * 1_000_000,
                minor, "IDR")  # fmt: skip

    began = time.perf_counter()
    rows = (make_row(n, move) for n, move in enumerate(stock.stream(count, items, locations)))
    if sqlite:
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        marks = ", ".join("?" * 13)
        conn.executemany(f"INSERT INTO {MOVEMENT.table} ({columns}) VALUES ({marks})", rows)
        conn.execute("COMMIT")
        conn.close()
    else:
        import psycopg

        with psycopg.connect(url) as pg:
            with (
                pg.cursor() as cur,
                cur.copy(f"COPY {MOVEMENT.table} ({columns}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            pg.commit()
        with psycopg.connect(url, autocommit=True) as pg:
            pg.execute(f"VACUUM ANALYZE {MOVEMENT.table}")
    return time.perf_counter() - began


def raw_group(url: str, entity: str) -> float:
    """Time (median of 3) the store's on-hand statement run by the raw driver."""
    times = []
    as_of: Any
    for _ in range(3):
        if url.startswith("sqlite"):
            conn: Any = sqlite3.connect(url.removeprefix("sqlite:///"))
            conn.execute("PRAGMA cache_size=-65536")  # the library's connection setting
            statement, as_of = STATEMENT.format(m="?"), stock.AS_OF.isoformat()
        else:
            import psycopg

            conn = psycopg.connect(url)
            statement, as_of = STATEMENT.format(m="%s"), stock.AS_OF
        began = time.perf_counter()
        conn.execute(statement, (entity, as_of)).fetchall()
        times.append(time.perf_counter() - began)
        conn.close()
    return statistics.median(times)


def on_hand_over_raw(url: str, count: int, items: int, locations: int) -> None:
    """Time on hand over ``count`` raw-written movement rows, with and without the rollup."""
    entity = f"PT Raw {int(time.time())}"
    backend: Any = open_backend(url)  # a SQL backend: ensure_kind, session
    backend.ensure_kind(MOVEMENT)
    print(f"  before the raw fill: {load()}")
    filled = raw_fill(url, entity, count, items, locations)
    print(f"raw fill        {count:,} movement rows in {filled:.1f} s (raw driver)")
    store = backend.records(MOVEMENT, entity)
    where = {"on": Range(None, stock.AS_OF)}
    for label in ("with the rollup index", "without it (dropped)"):
        print(f"  {label}: {load()}")
        times, rows = [], []
        for _ in range(3):
            began = time.perf_counter()
            rows = store.totals(by=("item", "location"), where=where)
            times.append(time.perf_counter() - began)
        api = statistics.median(times)
        raw = raw_group(url, entity)
        print(
            f"on hand {label:<22} raw GROUP BY {raw:6.3f} s; Records.totals {api:6.3f} s"
            f" = {api / raw:4.2f}x raw  ({len(rows):,} item/location rows over {count:,}"
            f" movement rows as of {stock.AS_OF})   (target < 1 s)"
        )
        for line in plan(url, entity):
            print(f"  plan: {line}")
        if label == "with the rollup index":
            (rollup,) = MOVEMENT.rollups
            with backend.transaction(), backend.session(entity, write=True) as session:
                session.execute(f"DROP INDEX {rollup_index(MOVEMENT, rollup)}")
    backend.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="storage URL (default: SQLite in a temporary folder)")
    parser.add_argument("--assets", type=int, default=10_000)
    parser.add_argument("--movements", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--locations", type=int, default=5)
    parser.add_argument("--raw-movements", type=int, default=0)
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory(prefix="bench-assets-")
    path = None if args.url else Path(folder.name) / "books.db"
    url = args.url or f"sqlite:///{path}"
    print(f"backend: {url.split(':')[0]}   assets: {args.assets:,}   movements: {args.movements:,}")
    print(f"  at the start: {load()}")
    if args.assets:
        depreciation(url, args.assets)
    if args.movements:
        movements(url, path, args.movements, args.items, args.locations)
    if args.raw_movements:
        on_hand_over_raw(url, args.raw_movements, args.items, args.locations)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of the whole run): {peak:,.0f} MB;  at the end: {load()}")
    folder.cleanup()


if __name__ == "__main__":
    main()
