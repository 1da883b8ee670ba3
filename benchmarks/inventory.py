"""Inventory benchmark: bulk stock movements and on hand by item and location.

Generates a deterministic stream of stock movements over 2026 (receipts, issues and
transfers of ``--items`` items at ``--locations`` locations, half of the items valued
FIFO and half at moving average; issues never exceed stock) and measures, in one run
on one backend:

1. recording ``--movements`` movements through the public API
   (``StockMove`` models and ``inventory.record`` in chunks of 10,000: validation,
   valuation, FIFO layers, pool states, one ledger entry per date, audit), next to the
   same movement rows written with the raw driver into the same table (sqlite3
   ``executemany``, or psycopg ``COPY``), chunk for chunk;
2. ``inventory.on_hand(as_of)`` for every item and location (median of 5), next to
   the raw ``SUM ... GROUP BY item, location`` on the same table and rows;
3. the process's peak memory (maximum resident set size).

Run: ``.venv/bin/python benchmarks/inventory.py`` (SQLite in a temporary folder), or
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
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from backoffice_core import BackOffice, Money
from backoffice_core.inventory import MOVEMENT, MovementType, StockMove
from backoffice_core.jurisdictions import indonesia

CHUNK = 10_000
START = date(2026, 1, 1)
AS_OF = date(2026, 9, 30)
RAW_COLUMNS = (
    "entity, record_key, version, model_version, body, f_operation, f_item, f_location, "
    "f_on, f_type, f_quantity, f_value, f_value__ccy"
)


def stream(count: int, items: int, locations: int, seed: int = 2026) -> Iterator[StockMove]:
    """Yield ``count`` valid moves in date order (issues and transfers within stock)."""
    rng = random.Random(seed)
    on_hand: dict[tuple[int, int], int] = {}
    per_day = max(1, count // 365)
    for n in range(count):
        day = START + timedelta(days=min(n // per_day, 364))
        item, location = rng.randrange(items), rng.randrange(locations)
        have = on_hand.get((item, location), 0)
        roll = rng.random()
        sku, code = f"SKU{item:05d}", f"LOC{location:02d}"
        if have >= 2 and roll < 0.40:
            quantity = rng.randrange(1, have // 2 + 1)
            on_hand[item, location] = have - quantity
            yield StockMove(type=MovementType.ISSUE, item=sku, location=code,
                            quantity=Decimal(quantity), on=day)  # fmt: skip
        elif have >= 2 and roll < 0.50 and locations > 1:
            to = (location + 1 + rng.randrange(locations - 1)) % locations
            quantity = rng.randrange(1, have // 2 + 1)
            on_hand[item, location] = have - quantity
            on_hand[item, to] = on_hand.get((item, to), 0) + quantity
            yield StockMove(
                type=MovementType.TRANSFER, item=sku, location=code,
                to_location=f"LOC{to:02d}", quantity=Decimal(quantity), on=day,
            )  # fmt: skip
        else:
            quantity = rng.randrange(5, 50)
            on_hand[item, location] = have + quantity
            cost = Money(quantity * rng.randrange(1_000, 90_000), "IDR")
            yield StockMove(type=MovementType.RECEIPT, item=sku, location=code,
                            quantity=Decimal(quantity), on=day, value=cost)  # fmt: skip


def setup(url: str, items: int, locations: int) -> BackOffice:
    """Open a fresh entity with the Indonesian chart, stock accounts, locations, items."""
    office = BackOffice.open(url, entity=f"PT Bench {uuid.uuid4().hex[:8]}", actor="bench")
    office.ledger.load_chart(indonesia.chart_of_accounts())
    catalog = office.inventory.catalog
    catalog.set_accounts(indonesia.stock_accounts())
    catalog.add_unit("pcs")
    for n in range(locations):
        catalog.add_location(f"LOC{n:02d}")
    for n in range(items):
        catalog.add_item(f"SKU{n:05d}", unit="pcs", valuation="fifo" if n % 2 else "average")
    return office


def record_api(office: BackOffice, count: int, items: int, locations: int) -> tuple[float, int]:
    """Record the stream in chunks; return seconds and movement rows written."""
    elapsed, written, chunk = 0.0, 0, []
    for move in stream(count, items, locations):
        chunk.append(move)
        if len(chunk) == CHUNK:
            began = time.perf_counter()
            written += len(office.inventory.record(chunk))
            elapsed += time.perf_counter() - began
            chunk = []
    if chunk:
        began = time.perf_counter()
        written += len(office.inventory.record(chunk))
        elapsed += time.perf_counter() - began
    return elapsed, written


def movement_rows(office: BackOffice) -> list[tuple[Any, ...]]:
    """Read back every movement row of the office (to re-insert them raw)."""
    query = f"SELECT {RAW_COLUMNS} FROM {MOVEMENT.table} WHERE entity = ? ORDER BY record_key"
    backend: Any = office.backend
    with backend.session(office.entity) as session:
        return list(session.query(query, (office.entity,)))


def raw_sqlite(
    path: Path, rows: list[tuple[Any, ...]], entity: str, as_of: date
) -> tuple[float, float, list[Any]]:
    """Insert the rows raw under another entity; time it and the raw GROUP BY."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA cache_size=-65536")  # the library's connection settings
    marks = ", ".join("?" * 13)
    insert = f"INSERT INTO {MOVEMENT.table} ({RAW_COLUMNS}) VALUES ({marks})"
    elapsed = 0.0
    for start in range(0, len(rows), CHUNK):
        batch = [("RAW", *row[1:]) for row in rows[start : start + CHUNK]]
        began = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(insert, batch)
        conn.execute("COMMIT")
        elapsed += time.perf_counter() - began
    group = (
        f"SELECT f_item, f_location, SUM(f_quantity), SUM(f_value), f_value__ccy, COUNT(*) "
        f"FROM {MOVEMENT.table} WHERE entity = ? AND f_on IS NOT NULL AND f_on <= ? "
        "GROUP BY f_item, f_location, f_value__ccy ORDER BY f_item, f_location"
    )
    times, result = [], []
    for _ in range(5):
        began = time.perf_counter()
        result = conn.execute(group, (entity, as_of.isoformat())).fetchall()
        times.append(time.perf_counter() - began)
    conn.close()
    return elapsed, statistics.median(times), result


def raw_postgres(
    url: str, rows: list[tuple[Any, ...]], entity: str, as_of: date
) -> tuple[float, float, list[Any]]:
    """Copy the rows raw under another entity; time it and the raw GROUP BY."""
    import psycopg

    elapsed = 0.0
    with psycopg.connect(url) as conn:
        conn.execute(f"DELETE FROM {MOVEMENT.table} WHERE entity = 'RAW'")
        conn.commit()
        for start in range(0, len(rows), CHUNK):
            began = time.perf_counter()
            with (
                conn.cursor() as cur,
                cur.copy(f"COPY {MOVEMENT.table} ({RAW_COLUMNS}) FROM STDIN") as copy,
            ):
                for row in rows[start : start + CHUNK]:
                    copy.write_row(("RAW", *row[1:]))
            conn.commit()
            elapsed += time.perf_counter() - began
        group = (
            f"SELECT f_item, f_location, SUM(f_quantity), SUM(f_value), f_value__ccy, COUNT(*) "
            f"FROM {MOVEMENT.table} WHERE entity = %s AND f_on IS NOT NULL AND f_on <= %s "
            "GROUP BY f_item, f_location, f_value__ccy ORDER BY f_item, f_location"
        )
        times, result = [], []
        for _ in range(5):
            began = time.perf_counter()
            result = conn.execute(group, (entity, as_of)).fetchall()
            times.append(time.perf_counter() - began)
    return elapsed, statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="backend URL (default: SQLite in a temporary folder)")
    parser.add_argument("--movements", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--locations", type=int, default=5)
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    path = Path(folder.name) / "inventory.db"
    url = args.url or f"sqlite:///{path}"
    office = setup(url, args.items, args.locations)
    cpu_began = time.process_time()
    api_seconds, written = record_api(office, args.movements, args.items, args.locations)
    cpu = time.process_time() - cpu_began  # this process only: the generator included
    print(f"backend: {url.split(':')[0]}; {args.items} items at {args.locations} locations")
    print(
        f"recorded {args.movements:,} moves ({written:,} movement rows, transfers give two) "
        f"in {api_seconds:.2f} s: {args.movements / api_seconds:,.0f} moves/s through the API "
        f"(process CPU {cpu:.2f} s)"
    )
    rows = movement_rows(office)
    if args.url:
        raw_seconds, raw_query, raw_result = raw_postgres(url, rows, office.entity, AS_OF)
    else:
        raw_seconds, raw_query, raw_result = raw_sqlite(path, rows, office.entity, AS_OF)
    print(
        f"raw driver writing the same {len(rows):,} rows: {raw_seconds:.2f} s "
        f"({len(rows) / raw_seconds:,.0f} rows/s); API / raw: "
        f"{raw_seconds / api_seconds:.1%}"
    )
    times = []
    levels: list[Any] = []
    for _ in range(5):
        began = time.perf_counter()
        levels = office.inventory.on_hand(AS_OF)
        times.append(time.perf_counter() - began)
    api_query = statistics.median(times)
    same = [(lv.item, lv.location, lv.quantity) for lv in levels] == [
        (r[0], r[1], Decimal(r[2]).scaleb(-6)) for r in raw_result
    ]
    print(
        f"on hand as of {AS_OF} ({len(levels)} item/location rows over {len(rows):,} rows): "
        f"API {api_query * 1000:.1f} ms, raw GROUP BY {raw_query * 1000:.1f} ms "
        f"({api_query / raw_query:.2f}x); same result: {same}"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:.0f} MB")
    office.close()
    folder.cleanup()


if __name__ == "__main__":
    main()
