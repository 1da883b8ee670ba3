"""Documents benchmark: bulk registration and mixed queries, against a raw driver baseline.

Generates a deterministic set of documents (kind, title, department, a party, one or
two tags, an effective date, an extracted text of ten words from a 3,000-word
vocabulary, and a small unique content of about 200 bytes) and measures, in one run
on one backend:

1. registering ``--documents`` documents through the public API
   (``DocumentDraft`` models and ``documents.register_many`` in chunks), next to the
   equivalent rows (document with its title and text, version, content, one term row
   per tag and party, and the full-text index: an FTS5 table on SQLite, a generated
   ``tsvector`` column with a GIN index on PostgreSQL) inserted with the raw driver
   into tables with the same indexes, chunk for chunk;
2. ``--queries`` mixed queries through ``documents.search.find`` (a quarter each:
   kind and status; tag and kind; one word; two words; the first 20 results, ranked
   when there is text, without counting every match), next to the equivalent SQL on
   the raw tables (``MATCH`` ranked by ``bm25``; ``@@`` ranked by ``ts_rank``);
3. the same queries again after ``ANALYZE`` (planner statistics, which PostgreSQL's
   autovacuum gathers by itself within a minute or so of a bulk load; SQLite only
   when asked), since both databases plan differently without them;
4. the process's peak memory.

Run: ``.venv/bin/python benchmarks/documents.py`` (SQLite in a temporary folder), or
``--url postgresql://…``. It prints its figures; nothing is timed in the test suite.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from backoffice_core import BackOffice
from backoffice_core.documents import DocumentDraft, DocumentStatus

KINDS = ["contract", "invoice", "letter", "receipt", "report"]
DEPARTMENTS = ["HRD", "FIN", "OPS", "LEGAL", "IT"]
CHUNK = 1_000
START = date(2024, 1, 1)
VOCABULARY = [f"kata{n:04d}" for n in range(3_000)]
TAGS = [f"tag{n:02d}" for n in range(50)]
PARTIES = [f"PT Mitra {n:03d}" for n in range(500)]


def corpus(count: int, seed: int = 2026) -> Iterator[dict[str, Any]]:
    """Yield ``count`` documents as plain dicts (deterministic for a seed)."""
    rng = random.Random(seed)
    for n in range(count):
        words = rng.choices(VOCABULARY, k=10)
        yield {
            "id": f"doc-{n:07d}",
            "kind": rng.choice(KINDS),
            "title": f"Dokumen {' '.join(rng.choices(VOCABULARY, k=2))}",
            "department": rng.choice(DEPARTMENTS),
            "parties": (rng.choice(PARTIES),),
            "tags": tuple(sorted(set(rng.choices(TAGS, k=rng.randint(1, 2))))),
            "effective": START + timedelta(days=rng.randrange(700)),
            "text": " ".join(words),
            "content": f"%PDF-1.7 {n} {' '.join(words)}".encode().ljust(200, b"."),
        }


def chunks(count: int) -> Iterator[list[dict[str, Any]]]:
    """Yield the corpus in lists of CHUNK documents."""
    batch = []
    for item in corpus(count):
        batch.append(item)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def register_api(office: BackOffice, count: int) -> float:
    """Register the corpus through the public API; return the seconds taken."""
    elapsed = 0.0
    for batch in chunks(count):
        began = time.perf_counter()
        drafts = [DocumentDraft(media_type="application/pdf", **item) for item in batch]
        office.documents.register_many(drafts)
        elapsed += time.perf_counter() - began
    return elapsed


SCHEMA = [
    "CREATE TABLE raw_docs (id TEXT PRIMARY KEY, kind TEXT, status TEXT, number TEXT, "
    "department TEXT, confidentiality TEXT, effective DATE, expires DATE, legal_hold "
    "BOOLEAN, title TEXT, body TEXT{text_column})",
    *(
        f"CREATE INDEX raw_docs_{c} ON raw_docs ({c}, id)"
        for c in (
            "kind",
            "status",
            "number",
            "department",
            "confidentiality",
            "effective",
            "expires",
            "legal_hold",
        )
    ),
    "CREATE TABLE raw_versions (key TEXT PRIMARY KEY, document TEXT, sha256 TEXT, "
    "size BIGINT, body TEXT)",
    "CREATE INDEX raw_versions_document ON raw_versions (document)",
    "CREATE INDEX raw_versions_sha256 ON raw_versions (sha256)",
    "CREATE TABLE raw_blobs (sha256 TEXT PRIMARY KEY, content {blob})",
    "CREATE TABLE raw_terms (key TEXT PRIMARY KEY, term TEXT, document TEXT, weight INTEGER)",
    "CREATE INDEX raw_terms_term ON raw_terms (term, document)",
    "CREATE INDEX raw_terms_document ON raw_terms (document)",
]
"""The raw tables: the same rows and indexes as the library's, full text included."""
SQLITE_TEXT = [
    "CREATE VIRTUAL TABLE raw_fts USING fts5(id UNINDEXED, doc, "
    "tokenize='unicode61 remove_diacritics 2')",
]
PG_TEXT_COLUMN = (
    ", text_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(body::json ->> 'text', '')))"
    " STORED"
)
PG_TEXT = ["CREATE INDEX raw_docs_fts ON raw_docs USING GIN (text_vector)"]


def raw_rows(batch: list[dict[str, Any]]) -> tuple[list[tuple[Any, ...]], ...]:
    """Return the rows the raw baseline inserts for one chunk (hashing included)."""
    docs, versions, blobs, terms, texts = [], [], [], [], []
    for item in batch:
        body = json.dumps(
            {k: v for k, v in item.items() if k != "content"}, default=str, sort_keys=True
        )
        docs.append(
            (
                item["id"],
                item["kind"],
                "draft",
                None,
                item["department"],
                "internal",
                item["effective"].isoformat(),
                None,
                False,
                item["title"],
                body,
            )
        )
        digest = hashlib.sha256(item["content"]).hexdigest()
        versions.append(
            (
                f"{item['id']}|000001",
                item["id"],
                digest,
                len(item["content"]),
                json.dumps({"text": item["text"]}),
            )
        )
        blobs.append((digest, item["content"]))
        for term in [f"tag:{t}" for t in item["tags"]] + [
            f"party:{p.casefold()}" for p in item["parties"]
        ]:
            terms.append((f"{term}|{item['id']}|0", term, item["id"], 1))
        texts.append((item["id"], f"{item['title']} {item['text']}"))
    return docs, versions, blobs, terms, texts


class Raw:
    """The raw driver baseline: the same rows and queries without the library."""

    def __init__(self, url: str, tmp: Path) -> None:
        self.sqlite = url.startswith("sqlite")
        if self.sqlite:
            self.conn: Any = sqlite3.connect(tmp / "raw.db")
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA cache_size=-65536")
            self.mark = "?"
            blob, text_column, text = "BLOB", "", SQLITE_TEXT
        else:
            import psycopg

            self.conn = psycopg.connect(url)
            self.mark = "%s"
            blob, text_column, text = "BYTEA", PG_TEXT_COLUMN, PG_TEXT
            for table in ("raw_docs", "raw_versions", "raw_blobs", "raw_terms"):
                self.conn.execute(f"DROP TABLE IF EXISTS {table}")
        for statement in SCHEMA:
            self.conn.execute(statement.format(blob=blob, text_column=text_column))
        for statement in text:
            self.conn.execute(statement)
        self.conn.commit()

    def sql(self, text: str) -> str:
        """Return ``text`` with the driver's parameter marks."""
        return text.replace("?", self.mark)

    def insert(self, count: int) -> float:
        """Insert the corpus chunk by chunk; return the seconds taken."""
        elapsed = 0.0
        for batch in chunks(count):
            began = time.perf_counter()
            docs, versions, blobs, terms, texts = raw_rows(batch)
            cur = self.conn.cursor()
            tables = [
                ("raw_docs", docs),
                ("raw_versions", versions),
                ("raw_blobs", blobs),
                ("raw_terms", terms),
            ]
            if self.sqlite:  # PostgreSQL computes its text column itself
                tables.append(("raw_fts", texts))
            for table, rows in tables:
                marks = ", ".join("?" * len(rows[0]))
                cur.executemany(self.sql(f"INSERT INTO {table} VALUES ({marks})"), rows)
            self.conn.commit()
            elapsed += time.perf_counter() - began
        return elapsed

    def analyze(self, library_db: Path) -> None:
        """Gather planner statistics, as autovacuum does after a bulk load on PostgreSQL.

        On PostgreSQL one ANALYZE covers the library's tables too (same database); on
        SQLite the library's file is analyzed through a connection of its own.
        """
        if self.sqlite:
            self.conn.execute("ANALYZE")
            self.conn.commit()
            library = sqlite3.connect(library_db)
            library.execute("ANALYZE")
            library.commit()
            library.close()
        else:
            self.conn.commit()
            self.conn.autocommit = True
            self.conn.execute("ANALYZE")
            self.conn.autocommit = False

    def query(self, kind: str, arg: Any, second: Any) -> None:
        """Run the raw equivalent of one benchmark query (the first page of 20)."""
        run = self.conn.execute
        if kind == "metadata":
            where = "FROM raw_docs WHERE kind = ? AND status = ?"
            run(self.sql(f"SELECT body {where} ORDER BY id LIMIT 20"), (arg, "draft")).fetchall()
        elif kind == "tag":
            where = (
                "FROM raw_terms t JOIN raw_docs d ON d.id = t.document "
                "WHERE t.term = ? AND d.kind = ?"
            )
            run(self.sql(f"SELECT d.body {where} ORDER BY d.id LIMIT 20"), (arg, second)).fetchall()
        elif self.sqlite:
            match = " ".join(f'"{w}"' for w in arg)
            run(
                "SELECT d.body FROM raw_fts f JOIN raw_docs d ON d.id = f.id "
                "WHERE raw_fts MATCH ? ORDER BY bm25(raw_fts), d.id LIMIT 20",
                (match,),
            ).fetchall()
        else:
            run(
                "SELECT body FROM raw_docs, plainto_tsquery('simple', %s) q "
                "WHERE text_vector @@ q ORDER BY ts_rank(text_vector, q) DESC, id LIMIT 20",
                (" ".join(arg),),
            ).fetchall()


def queries(count: int, seed: int = 7) -> list[tuple[str, Any, Any]]:
    """Return ``count`` mixed queries: metadata, tag, one word, two words."""
    rng = random.Random(seed)
    texts = list(corpus(min(count, 2_000), seed=2026))
    out: list[tuple[str, Any, Any]] = []
    for n in range(count):
        shape = n % 4
        if shape == 0:
            out.append(("metadata", rng.choice(KINDS), None))
        elif shape == 1:
            out.append(("tag", f"tag:{rng.choice(TAGS)}", rng.choice(KINDS)))
        else:
            words = rng.choice(texts)["text"].split()
            out.append(("text", rng.sample(words, shape - 1), None))
    return out


def api_query(office: BackOffice) -> Callable[[str, Any, Any], object]:
    """Return a callable running one benchmark query through the public API."""
    search = office.documents.search

    def run(kind: str, arg: Any, second: Any) -> object:
        if kind == "metadata":
            return search.find(kind=arg, status=DocumentStatus.DRAFT)
        if kind == "tag":
            return search.find(tag=arg.removeprefix("tag:"), kind=second)
        return search.find(" ".join(arg))

    return run


def timed(fn: Callable[[str, Any, Any], object], items: list[tuple[str, Any, Any]]) -> list[float]:
    """Return the wall time of each query, in milliseconds."""
    out = []
    for item in items:
        began = time.perf_counter()
        fn(*item)
        out.append((time.perf_counter() - began) * 1000)
    return out


def summary(label: str, times: list[float]) -> str:
    """Return the median and p99 of ``times``."""
    p99 = statistics.quantiles(times, n=100)[98]
    return f"{label:<12} median {statistics.median(times):8.2f} ms   p99 {p99:8.2f} ms"


def report(
    items: list[tuple[str, Any, Any]], api_times: list[float], raw_times: list[float], when: str
) -> None:
    """Print the medians and p99 of one timed round of queries."""
    print(f"{len(items):,} mixed queries (kind+status, tag+kind, one word, two words), {when}:")
    print(summary("  raw SQL", raw_times))
    print(summary("  public API", api_times))
    for shape in ("metadata", "tag", "text"):
        picked = [t for t, item in zip(api_times, items, strict=True) if item[0] == shape]
        picked_raw = [t for t, item in zip(raw_times, items, strict=True) if item[0] == shape]
        print(
            f"  {shape:<10} API median {statistics.median(picked):7.2f} ms"
            f"   raw median {statistics.median(picked_raw):7.2f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="storage URL (default: SQLite in a temporary folder)")
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1_000)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-documents-"))
    url = args.url or f"sqlite:///{tmp / 'books.db'}"
    entity = f"PT Bench {int(time.time())}"
    print(f"backend: {url.split(':')[0]}   documents: {args.documents:,}")

    raw = Raw(url, tmp)
    raw_seconds = raw.insert(args.documents)
    with BackOffice.open(url, entity=entity, actor="bench") as office:
        api_seconds = register_api(office, args.documents)
        n = args.documents
        print(f"registration  raw driver {n / raw_seconds:>9,.0f} docs/s  ({raw_seconds:7.2f} s)")
        print(
            f"              public API {n / api_seconds:>9,.0f} docs/s  ({api_seconds:7.2f} s)"
            f"  = {raw_seconds / api_seconds:5.1%} of raw"
        )
        items = queries(args.queries)
        run = api_query(office)
        for item in items[:20]:  # warm both caches alike
            run(*item)
            raw.query(*item)
        report(items, timed(run, items), timed(raw.query, items), "right after loading")
        raw.analyze(tmp / "books.db")
        report(items, timed(run, items), timed(raw.query, items), "after ANALYZE")
    if not raw.sqlite:
        for table in ("raw_docs", "raw_versions", "raw_blobs", "raw_terms"):
            raw.conn.execute(f"DROP TABLE {table}")
        raw.conn.commit()
    raw.conn.close()
    shutil.rmtree(tmp, ignore_errors=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS of the whole run): {peak:,.0f} MB")


if __name__ == "__main__":
    main()
