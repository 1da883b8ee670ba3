"""Fixed-asset benchmark: one monthly depreciation run over a register, against a raw floor.

Registers ``--assets`` straight-line assets (ten cost centres) through the public API,
then measures, in one run on one backend:

1. ``office.assets.books.depreciate(month)``: loading the register, the posted months
   per asset (one aggregate query), the forecast of each asset, one posted-month record
   per asset, one balanced journal entry by cost centre, all in one transaction;
2. the raw floor of the same work with the raw driver on the same database: select
   ``(id, cost, life, cost centre)`` of every asset from a plain table, compute each
   amount with integer arithmetic, insert one row per asset with ``executemany`` and
   one sum per cost centre, in one transaction.

Run: ``.venv/bin/python benchmarks/assets.py`` (SQLite in a temporary folder), or
``--url postgresql://…`` for PostgreSQL; ``--assets 100000`` for the issue's size. It
prints its figures; nothing is timed in the test suite.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from backoffice_core import BackOffice, Money
from backoffice_core.assets import Asset, DepreciationPolicy, Method
from backoffice_core.jurisdictions import indonesia

CHUNK = 10_000
LIFE = 48


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="storage URL (default: SQLite in a temporary folder)")
    parser.add_argument("--assets", type=int, default=10_000)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-assets-"))
    url = args.url or f"sqlite:///{tmp / 'books.db'}"
    entity = f"PT Bench {int(time.time())}"
    print(f"backend: {url.split(':')[0]}   assets: {args.assets:,}")

    with BackOffice.open(url, entity=entity, actor="bench") as office:
        office.ledger.load_chart(indonesia.chart_of_accounts())
        office.assets.add_categories(indonesia.asset_categories())
        register = assets(args.assets)
        began = time.perf_counter()
        for start in range(0, len(register), CHUNK):
            office.assets.register_many(register[start : start + CHUNK])
        registering = time.perf_counter() - began
        print(
            f"register      public API {args.assets / registering:>10,.0f} assets/s"
            f"  ({registering:6.2f} s)"
        )

        began = time.perf_counter()
        run = office.assets.books.depreciate("2026-01")
        api = time.perf_counter() - began
        assert run is not None
        assert run.months == args.assets
        entry = office.ledger.entry(run.entry or "")
        assert len(entry.lines) == 20  # a debit and a credit per cost centre
        again = office.assets.books.depreciate("2026-01")
        assert again is None  # idempotent

    raw = raw_floor(url, args.assets)
    print(f"monthly run   raw driver {raw:8.2f} s   ({args.assets / raw:>10,.0f} assets/s)")
    print(
        f"              public API {api:8.2f} s   ({args.assets / api:>10,.0f} assets/s)"
        f"   = {api / raw:5.1f}x raw"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of the whole run): {peak:,.0f} MB")


if __name__ == "__main__":
    main()
