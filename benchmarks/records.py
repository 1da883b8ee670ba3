"""Record-store benchmark: bulk add, grouped totals and a filtered page, against raw SQL.

Measures, in one run on one backend, with a sample kind of ten fields (six indexed,
a Money and a Decimal total):

1. adding ``--records`` records through ``Records.add`` in chunks of 10,000 (models
   built beforehand, validation, canonical JSON, typed columns, audit digest), next to
   the same rows inserted with the raw driver (sqlite3 ``executemany`` or psycopg
   ``COPY``) into an identical table, chunk for chunk;
2. ``totals(by=("group",))`` over every record next to the raw ``SUM … GROUP BY``;
3. a filtered, ordered page of 100 through ``find`` next to the raw ``SELECT``
   (median of 20 each), then the process's peak memory.

Run: ``.venv/bin/python benchmarks/records.py`` (SQLite in a temporary folder), or
``--url postgresql://…``. It prints its figures; nothing is timed in the test suite.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from backoffice_core.records import Range, body_json
from backoffice_core.storage import open_backend
from backoffice_core.storage.sql import SQLBackend
from backoffice_core.storage.sql.record_schema import column_names, kind_statements
from backoffice_core.testing.records_contract import SAMPLE, Sample, sample_records

CHUNK = 10_000


def median_ms(run: Callable[[], Any], times: int = 20) -> float:
    """Return the median wall time of ``run`` in milliseconds."""
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def raw_rows(samples: list[Sample], entity: str, sqlite: bool) -> list[tuple[Any, ...]]:
    """The rows a raw driver inserts: the same columns and values the library writes."""
    rows = []
    for s in samples:
        at = None
        if s.at is not None:
            at = s.at.strftime("%Y-%m-%dT%H:%M:%S.%f+00:00") if sqlite else s.at
        rows.append(
            (entity, s.id, 1, 1, body_json(s), s.group, s.day.isoformat() if sqlite else s.day,
             at, s.flag, s.rank, s.status.value, s.amount.to_minor(), s.amount.currency,
             int(s.qty.scaleb(3)))
        )  # fmt: skip
    return rows


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="backend URL (default: SQLite in a temporary folder)")
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bo-bench-records-")
    url = args.url or f"sqlite:///{Path(folder) / 'records.db'}"
    backend = open_backend(url)
    assert isinstance(backend, SQLBackend)
    sqlite = backend.dialect.name == "sqlite"
    store = backend.records(SAMPLE, "PT Bench")
    raw_table = "raw_contract_sample"
    with backend.transaction(), backend.session("PT Bench", write=True) as session:
        for statement in kind_statements(SAMPLE, backend.dialect):
            session.execute(statement.replace(SAMPLE.table, raw_table))
    samples = sample_records(args.records)
    columns = ["entity", "record_key", "version", "model_version", "body", *column_names(SAMPLE)]

    api_s = raw_s = 0.0
    for start in range(0, len(samples), CHUNK):
        chunk = samples[start : start + CHUNK]
        began = time.perf_counter()
        with backend.transaction():
            store.add(chunk)
        api_s += time.perf_counter() - began
        began = time.perf_counter()
        rows = raw_rows(chunk, "PT Bench", sqlite)
        with backend.transaction(), backend.session("PT Bench", write=True) as session:
            session.bulk_insert(raw_table, columns, rows)
        raw_s += time.perf_counter() - began

    totals_api = median_ms(lambda: store.totals(by=("group",)))

    def raw_totals() -> None:
        with backend.session("PT Bench") as session:
            session.query(
                f"SELECT f_group, SUM(f_amount), f_amount__ccy, SUM(f_qty), COUNT(*) "
                f"FROM {raw_table} WHERE entity = ? GROUP BY f_group, f_amount__ccy",
                ("PT Bench",),
            )

    totals_raw = median_ms(raw_totals)
    where = {"group": "hr", "rank": Range(-10, 10)}
    find_api = median_ms(lambda: store.find(where, order_by=("-day",), limit=100))

    def raw_find() -> None:
        with backend.session("PT Bench") as session:
            session.query(
                f"SELECT record_key, version, model_version, body FROM {raw_table} "
                "WHERE entity = ? AND f_group = ? AND f_rank >= ? AND f_rank <= ? "
                "ORDER BY f_day DESC, record_key LIMIT 101",
                ("PT Bench", "hr", -10, 10),
            )

    find_raw = median_ms(raw_find)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(samples)
    print(f"backend: {backend.dialect.name}; records: {n:,}")
    print(f"add, raw driver:      {n / raw_s:12,.0f} records/s")
    print(f"add, Records.add:     {n / api_s:12,.0f} records/s ({raw_s / api_s:.1%} of raw)")
    print(f"totals by group, raw: {totals_raw:9.1f} ms")
    print(f"totals by group, API: {totals_api:9.1f} ms ({totals_api / totals_raw:.2f}x raw)")
    print(f"filtered page, raw:   {find_raw:9.2f} ms")
    print(f"filtered page, API:   {find_api:9.2f} ms ({find_api / find_raw:.2f}x raw)")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")
    backend.close()


if __name__ == "__main__":
    main()
