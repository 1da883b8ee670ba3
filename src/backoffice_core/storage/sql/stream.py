"""Reading the journal back as plain values for verification, one page at a time.

:func:`stream_page` turns one page of ``entries`` rows and the ``lines`` rows of the
same posting sequences into :class:`~backoffice_core.ledger.ports.StoredEntry` values,
exactly as stored: nothing is validated or corrected here, because verification
re-derives every fingerprint from these values and must see what the database holds.
Lines whose entry row is missing come out as entries with ``exists`` False.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from backoffice_core.ledger.ports import StoredEntry, StoredLine
from backoffice_core.storage.sql.dialect import Dialect

__all__ = ["STREAM_ENTRY_COLUMNS", "STREAM_LINE_COLUMNS", "stream_page"]

STREAM_ENTRY_COLUMNS = (
    *("seq", "id", "entry_date", "description", "source", "memo", "kind", "reverses"),
    *("posted_at", "posted_by", "fingerprint"),
)
STREAM_LINE_COLUMNS = (
    *("entry_seq", "entry_id", "entry_date", "closing", "side", "account", "currency"),
    *("amount", "base", "rate", "memo", "dimensions", "tags"),
)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _lines(dialect: Dialect, rows: Sequence[Sequence[Any]]) -> Iterator[tuple[int, StoredLine]]:
    # A page of lines shares a handful of dates: convert each raw value once.
    dates: dict[Any, Any] = {}
    for seq, eid, day, closing, side, account, cur, amount, base, rate, memo, dims, tags in rows:
        on = dates.get(day)
        if on is None:
            on = dates[day] = dialect.date_out(day)
        yield int(seq), StoredLine(
            eid, on, bool(closing), side, account, cur, int(amount), int(base), rate, memo,
            () if dims == "{}" else tuple(sorted(json.loads(dims).items())),
            () if tags == "[]" else tuple(json.loads(tags)),
        )  # fmt: skip


def stream_page(
    dialect: Dialect, heads: Sequence[Sequence[Any]], line_rows: Sequence[Sequence[Any]]
) -> Iterator[StoredEntry]:
    """Yield the entries of one page, and orphan lines, in posting sequence order.

    Args:
        dialect: How to read dates and timestamps.
        heads: ``entries`` rows of :data:`STREAM_ENTRY_COLUMNS`, ordered by ``seq``.
        line_rows: ``lines`` rows of :data:`STREAM_LINE_COLUMNS`, ordered by
            ``entry_seq`` and ``line_no``, covering the page's sequences.
    """
    grouped: dict[int, list[StoredLine]] = {}
    for seq, line in _lines(dialect, line_rows):
        grouped.setdefault(seq, []).append(line)
    entries = {int(h[0]): h for h in heads}
    for seq in sorted(entries.keys() | grouped.keys()):
        lines = tuple(grouped.get(seq, ()))
        head = entries.get(seq)
        if head is None:
            orphan = lines[0]
            yield StoredEntry(
                seq, orphan.entry_id, orphan.entry_date, "", None, "", "", None, _EPOCH, "",
                "", lines, exists=False,
            )  # fmt: skip
            continue
        _, eid, day, description, source, memo, kind, reverses, at, by, fp = head
        yield StoredEntry(
            seq, eid, dialect.date_out(day), description, source, memo, kind, reverses,
            dialect.ts_out(at), by, fp, lines,
        )  # fmt: skip
