"""PostgreSQL: how many round trips a single post costs, counted in the libpq trace."""

from __future__ import annotations

import os
import tempfile
import uuid
from datetime import date

import pytest

from backend_urls import POSTGRES_URL
from backoffice_core import BackOffice, Money
from backoffice_core.context import Context
from backoffice_core.ledger import Line, generic_chart
from backoffice_core.storage.sql.postgres import PostgresBackend

pytestmark = pytest.mark.skipif(
    POSTGRES_URL is None,
    reason="BACKOFFICE_TEST_POSTGRES_URL is not set (use scripts/with-postgres)",
)


def round_trips(trace: str) -> int:
    """Count the times the client sent messages and then waited for the server's."""
    count, last = 0, ""
    for line in trace.splitlines():
        direction = line.split("\t", 1)[0]
        if direction == "B" and last == "F":
            count += 1
        if direction in ("B", "F"):
            last = direction
    return count


class TestPostRoundTrips:
    def test_single_post_takes_at_most_six_round_trips(self) -> None:
        """One post(), transaction and audit record included, costs at most 6 round trips."""
        import psycopg

        assert POSTGRES_URL is not None
        backend = PostgresBackend(POSTGRES_URL, min_size=1, max_size=1)
        office = BackOffice(backend, _context(f"PT Trips {uuid.uuid4().hex[:8]}"))
        office.ledger.load_chart(generic_chart())
        lines = [Line.debit("6110", Money(5, "IDR")), Line.credit("1110", Money(5, "IDR"))]
        office.ledger.post(date(2026, 1, 5), "warm-up", lines)
        with tempfile.TemporaryFile("w+") as out:
            conn = backend._pool.getconn()  # the pool's only connection
            conn.pgconn.trace(out.fileno())
            conn.pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS)
            backend._pool.putconn(conn)
            office.ledger.post(date(2026, 1, 6), "counted", lines, id="counted-1")
            conn = backend._pool.getconn()
            conn.pgconn.untrace()
            backend._pool.putconn(conn)
            out.flush()
            os.fsync(out.fileno())
            out.seek(0)
            trace = out.read()
        backend.close()
        assert "counted-1" in trace  # the trace saw the posting
        assert round_trips(trace) <= 6, trace


def _context(entity: str) -> Context:
    """Return a context for ``entity`` acting as rina."""
    return Context(entity, "rina")
