"""Reading the journal back as plain values for verification, one page at a time.

:func:`stream_page` turns one page of ``entries`` rows and the ``lines`` rows of the
same posting sequences into :class:`~backoffice_core.ledger.ports.StoredEntry` values,
exactly as stored: nothing is validated or corrected here, because verification
re-derives every fingerprint from these values and must see what the database holds.
Lines whose entry row is missing come out as entries with ``exists`` False; a stored
value that cannot even be read (a date that is no date) raises ``IntegrityError``
naming its entry.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from backoffice_core.errors import IntegrityError
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


def _read(convert: Callable[[Any], Any], value: Any, what: str, eid: str, seq: int) -> Any:
    """Convert a stored value, or say which row holds a value that cannot be read."""
    try:
        return convert(value)
    except (ValueError, TypeError, AttributeError) as exc:
        raise IntegrityError(
            f"entry {eid!r} (posting {seq}): its stored {what} {value!r} cannot be read "
            f"({exc}); the row was changed outside the library: restore it from a backup"
        ) from None


def _dimensions(text: str) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(json.loads(text).items()))


def _tags(text: str) -> tuple[str, ...]:
    value = json.loads(text)
    if not isinstance(value, list):
        raise TypeError("not a JSON array")
    return tuple(value)


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
    # The hot loop of verification, once per line of the journal: a page shares a
    # handful of dates and (per bulk posting) one timestamp, so each raw value is
    # converted once, and tuples are built without the named tuples' constructors.
    make = tuple.__new__
    dates: dict[Any, Any] = {}
    grouped: dict[int, list[StoredLine]] = {}
    for (
        seq,
        eid,
        day,
        closing,
        side,
        account,
        cur,
        amount,
        base,
        rate,
        memo,
        dims,
        tags,
    ) in line_rows:
        on = dates.get(day)
        if on is None:
            on = dates[day] = _read(dialect.date_out, day, "line date", eid, seq)
        line = make(StoredLine, (
            eid, on, bool(closing), side, account, cur, amount, base, rate, memo,
            () if dims == "{}" else _read(_dimensions, dims, "dimensions", eid, seq),
            () if tags == "[]" else _read(_tags, tags, "tags", eid, seq),
        ))  # fmt: skip
        group = grouped.get(seq)
        if group is None:
            grouped[seq] = [line]
        else:
            group.append(line)
    entries = {int(h[0]): h for h in heads}
    order: Iterable[int] = entries
    if not grouped.keys() <= entries.keys():
        order = sorted(entries.keys() | grouped.keys())
    stamps: dict[Any, datetime] = {}
    for seq in order:
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
        stamp = stamps.get(at)
        if stamp is None:
            stamp = stamps[at] = _read(dialect.ts_out, at, "posted_at", eid, seq)
        on = dates.get(day)
        if on is None:
            on = dates[day] = _read(dialect.date_out, day, "date", eid, seq)
        yield make(StoredEntry, (
            seq, eid, on, description, source, memo, kind, reverses, stamp, by, fp, lines, True
        ))  # fmt: skip
