"""Posted entries in their storage form: plain values, no per-line models.

Validation (:mod:`~backoffice_core.ledger.posting`) turns what a caller gives into
:class:`PostedEntry` tuples whose lines are :data:`LineValues`: strings, signed integer
minor units and tuples. The same tuples are hashed into the entry's fingerprint,
written by the stores, and rebuilt into :class:`~backoffice_core.ledger.models.JournalEntry`
models only when a caller reads an entry back. A bulk import therefore never builds a
model per line.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from backoffice_core.ledger.models import EntryKind, JournalEntry, Line, Side
from backoffice_core.money import Money
from backoffice_core.prebuilt import assemble

__all__ = [
    "LineValues",
    "PostedEntry",
    "is_closing",
    "journal_entry",
    "line_values",
    "posted_entry",
]

LineValues = tuple[
    str, str, int, int, str | None, str, tuple[tuple[str, str], ...], tuple[str, ...]
]
"""One posted line: account, currency, signed minor units, signed base-currency minor
units, exchange rate as text (or None), memo, dimensions as sorted (name, value)
pairs, and tags. Debits are positive, credits negative; the amount is never zero, so
the sign says the side. The base amount is in the entry's ``base_currency``."""


class PostedEntry(NamedTuple):
    """A validated entry, ready to store (see :data:`LineValues` for its lines)."""

    id: str
    date: date
    description: str
    source: str | None
    memo: str
    kind: EntryKind
    reverses: str | None
    posted_at: datetime
    posted_by: str
    fingerprint: str
    base_currency: str
    lines: tuple[LineValues, ...]


def line_values(line: Line) -> LineValues:
    """Return the storage form of a posted line (its base amount settled).

    Raises:
        MoneyError: If an amount has more decimals than its currency allows.
    """
    units = line.amount.to_minor()
    base_units = units if line.base_amount is None else line.base_amount.to_minor()
    if line.side is Side.CREDIT:
        units, base_units = -units, -base_units
    rate = None if line.rate is None else str(line.rate)
    dims = tuple(sorted(line.dimensions.items()))
    return (line.account, line.amount.currency, units, base_units, rate, line.memo, dims, line.tags)


def posted_entry(entry: JournalEntry, base_currency: str) -> PostedEntry:
    """Return the storage form of a posted :class:`JournalEntry` of books in ``base_currency``."""
    return PostedEntry(
        entry.id, entry.date, entry.description, entry.source, entry.memo, entry.kind,
        entry.reverses, entry.posted_at, entry.posted_by, entry.fingerprint, base_currency,
        tuple(line_values(line) for line in entry.lines),
    )  # fmt: skip


def _line(values: LineValues, base_currency: str) -> Line:
    account, currency, units, base_units, rate, memo, dims, tags = values
    side = Side.DEBIT if units > 0 else Side.CREDIT
    fields: dict[str, object] = {
        "account": account,
        "side": side,
        "amount": Money.from_minor(abs(units), currency),
        "rate": None if rate is None else Decimal(rate),
        # A line in the base currency is posted with no separate base amount.
        "base_amount": None
        if currency == base_currency
        else Money.from_minor(abs(base_units), base_currency),
        "memo": memo,
        "dimensions": dict(dims),
        "tags": tags,
    }
    return assemble(Line, fields)


def journal_entry(posted: PostedEntry) -> JournalEntry:
    """Rebuild the :class:`JournalEntry` model of a stored entry."""
    base_currency = posted.base_currency
    fields: dict[str, object] = {
        "id": posted.id,
        "date": posted.date,
        "description": posted.description,
        "lines": tuple(_line(values, base_currency) for values in posted.lines),
        "source": posted.source,
        "memo": posted.memo,
        "kind": posted.kind,
        "reverses": posted.reverses,
        "posted_at": posted.posted_at,
        "posted_by": posted.posted_by,
        "fingerprint": posted.fingerprint,
    }
    return assemble(JournalEntry, fields)


def is_closing(kind: EntryKind) -> bool:
    """The closing rule: a year-end closing entry's lines are left out of period results.

    Stores keep this flag with every line (the ``closing`` column on SQL), and the
    income statement, budget vs actual and cash flows leave those lines out, so that a
    closed year still shows its profit and its cash movements.
    """
    return kind is EntryKind.CLOSING
