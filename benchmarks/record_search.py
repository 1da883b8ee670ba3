"""Full-text search benchmark: the cost of the index on add, and searches against raw SQL.

Measures, in one run on one backend, with records of a title (4 words) and a text
(16 words) drawn from a vocabulary of 3,000 made-up words with a Zipf-like frequency:

1. adding ``--records`` records through ``Records.add`` in chunks of 10,000 to a kind
   without ``text``, then to the same kind declaring ``text=("title", "text")`` (so
   the index is maintained by the database on every insert);
2. ``--searches`` searches through ``Records.search`` (one or two words, a quarter of
   them with a prefix word, first page of 20), each timed, next to the same searches
   run as raw SQL on their own driver connection (the FTS5 ``MATCH … ORDER BY bm25``
   query on SQLite, the ``tsvector @@ to_tsquery … ORDER BY ts_rank`` query on
   PostgreSQL), returning the same rows without building models.

Run: ``.venv/bin/python benchmarks/record_search.py`` (SQLite in a temporary folder), or
``--url postgresql://…``. It prints its figures; nothing is timed in the test suite.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg
from pydantic import BaseModel, ConfigDict

from backoffice_core.records import Kind, Records
from backoffice_core.storage import open_backend
from backoffice_core.storage.record_text import Term, fts5_query, fts_table, parse_query, tsquery
from backoffice_core.storage.sql import SQLBackend

CHUNK = 10_000
ENTITY = "PT Bench"


class Doc(BaseModel):
    """A benchmark record: a short title and a text of about twenty words in all."""

    model_config = ConfigDict(frozen=True)

    id: str
    topic: str
    title: str
    text: str


PLAIN = Kind("bench.plain", Doc, key=lambda d: d.id, indexed=("topic",))
TEXT = Kind("bench.text", Doc, key=lambda d: d.id, indexed=("topic",), text=("title", "text"))


def vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    """Return ``size`` distinct made-up words of two to four syllables."""
    syllables = [c + v for c in "bcdgjklmnprstw" for v in "aiueo"]
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def documents(n: int, words: list[str], rng: random.Random) -> list[Doc]:
    """Return ``n`` records whose words follow a Zipf-like distribution."""
    weights = [1 / (rank + 1) for rank in range(len(words))]
    out = []
    for i in range(n):
        chosen = rng.choices(words, weights=weights, k=20)
        out.append(
            Doc(
                id=f"d{i:07d}",
                topic=("hr", "tax", "ops", "legal")[i % 4],
                title=" ".join(chosen[:4]).capitalize(),
                text=" ".join(chosen[4:]),
            )
        )
    return out


def queries(count: int, words: list[str], rng: random.Random) -> list[str]:
    """Return ``count`` queries of one or two words; a quarter end with a prefix word."""
    out = []
    for i in range(count):
        # Words of middling frequency: neither in every record nor in none.
        picked = rng.sample(words[20:400], k=1 + i % 2)
        if i % 4 == 0:
            picked[-1] = picked[-1][:4] + "*"
        out.append(" ".join(picked))
    return out


def add_rate(backend: SQLBackend, store: Records[Doc], docs: list[Doc]) -> float:
    """Add ``docs`` in chunks through ``Records.add`` and return records per second."""
    began = time.perf_counter()
    for start in range(0, len(docs), CHUNK):
        with backend.transaction():
            store.add(docs[start : start + CHUNK])
    return len(docs) / (time.perf_counter() - began)


def percentile(samples: list[float], share: float) -> float:
    """Return the ``share`` quantile of ``samples`` (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class RawSearch:
    """The same search as raw SQL on a driver connection of its own."""

    def __init__(self, backend: SQLBackend, url: str) -> None:
        self.sqlite = backend.dialect.name == "sqlite"
        if self.sqlite:
            import sqlite3

            self.conn: Any = sqlite3.connect(url.removeprefix("sqlite:///"))
            self.conn.execute("PRAGMA cache_size=-65536")  # as the backend's connections
            fts = fts_table(TEXT)
            self.sql = (
                f"SELECT record_key, version, model_version, body FROM {fts} "
                f"JOIN {TEXT.table} ON {TEXT.table}.rowid = {fts}.rowid "
                f"WHERE {fts} MATCH ? AND entity = ? ORDER BY bm25({fts}), record_key LIMIT 21"
            )
        else:
            self.conn = psycopg.connect(url, autocommit=True, prepare_threshold=None)
            self.conn.execute("SELECT set_config('backoffice.entity', %s, false)", (ENTITY,))
            config = backend.dialect.text_config
            self.sql = (
                f"SELECT record_key, version, model_version, body FROM {TEXT.table}, "
                f"to_tsquery('{config}', %s) AS q WHERE entity = %s AND text_vector @@ q "
                "ORDER BY ts_rank(text_vector, q) DESC, record_key LIMIT 21"
            )

    def run(self, terms: list[Term]) -> list[Any]:
        """Run one search and return its rows."""
        match = fts5_query(terms) if self.sqlite else tsquery(terms)
        return list(self.conn.execute(self.sql, (match, ENTITY)).fetchall())


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="backend URL (default: SQLite in a temporary folder)")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=1000)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bo-bench-search-")
    url = args.url or f"sqlite:///{Path(folder) / 'search.db'}"
    backend = open_backend(url)
    assert isinstance(backend, SQLBackend)
    rng = random.Random(20261130)
    words = vocabulary(rng)
    docs = documents(args.records, words, rng)
    plain_rate = add_rate(backend, backend.records(PLAIN, ENTITY), docs)
    store = backend.records(TEXT, ENTITY)
    text_rate = add_rate(backend, store, docs)

    raw = RawSearch(backend, url)
    api_ms: list[float] = []
    raw_ms: list[float] = []
    hits = 0
    for query in queries(args.searches, words, rng):
        terms = parse_query(TEXT, query)
        began = time.perf_counter()
        page = store.search(query, limit=20)
        api_ms.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        rows = raw.run(terms)
        raw_ms.append((time.perf_counter() - began) * 1000)
        assert [s.key for s in page] == [row[0] for row in rows[:20]], query
        hits += len(page)
    raw.conn.close()

    n = len(docs)
    api_median, raw_median = statistics.median(api_ms), statistics.median(raw_ms)
    sqlite = backend.dialect.name == "sqlite"
    config = "FTS5" if sqlite else f"text search configuration {backend.dialect.text_config}"
    print(f"backend: {backend.dialect.name} ({config})")
    print(
        f"records: {n:,}; searches: {len(api_ms):,}; mean hits per page: {hits / len(api_ms):.1f}"
    )
    print(f"add without text:  {plain_rate:10,.0f} records/s")
    print(f"add with text:     {text_rate:10,.0f} records/s ({text_rate / plain_rate:.1%})")
    print(f"search, raw SQL:   median {raw_median:7.2f} ms, p99 {percentile(raw_ms, 0.99):7.2f} ms")
    print(
        f"search, Records:   median {api_median:7.2f} ms, p99 {percentile(api_ms, 0.99):7.2f} ms"
        f" ({api_median / raw_median:.2f}x raw)"
    )
    backend.close()


if __name__ == "__main__":
    main()
