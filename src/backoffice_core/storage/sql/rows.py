"""Translation between ledger models and SQL rows, both ways, for every dialect.

Lines are stored signed (debit positive) in integer minor units of their currency and
of the base currency; the side is stored too, so the positive amounts of the model are
rebuilt exactly. Rates are Decimal text, dimensions and tags JSON text, dates and
timestamps whatever the dialect's driver takes. Reading a row back rebuilds a model
equal to the one that was written.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from backoffice_core.ledger.journal import PostedEntry, is_closing
from backoffice_core.ledger.models import (
    Account,
    AccountType,
    Activity,
    EntryKind,
    JournalEntry,
    Line,
    Side,
)
from backoffice_core.money import Money
from backoffice_core.storage.sql.dialect import Dialect

__all__ = [
    "ACCOUNT_COLUMNS",
    "ENTRY_COLUMNS",
    "LINE_COLUMNS",
    "LINE_READ_COLUMNS",
    "account_from_row",
    "account_values",
    "entry_from_row",
    "entry_rows",
    "line_from_row",
]

ACCOUNT_COLUMNS = (
    *("code", "name", "type", "parent", "currency", "active", "cash", "activity"),
    *("section", "postable", "names"),
)
ENTRY_COLUMNS = (
    *("entity", "id", "seq", "entry_date", "description", "source", "memo", "kind"),
    *("reverses", "posted_at", "posted_by", "fingerprint"),
)
LINE_COLUMNS = (
    *("entity", "entry_id", "line_no", "entry_seq", "entry_date", "closing", "account"),
    *("currency", "amount", "base_currency", "base", "side", "rate", "memo", "dimensions", "tags"),
)
LINE_READ_COLUMNS = (
    *("entry_seq", "account", "currency", "amount", "base_currency", "base", "side", "rate"),
    *("memo", "dimensions", "tags"),
)


_DEBIT = Side.DEBIT.value
_CREDIT = Side.CREDIT.value


def _json(value: object, empty: str) -> str:
    return json.dumps(value, ensure_ascii=False) if value else empty


def account_values(account: Account) -> tuple[Any, ...]:
    """Return the values of :data:`ACCOUNT_COLUMNS` after ``code``, then the version."""
    a = account
    activity = a.activity.value if a.activity else None
    section = str(a.section) if a.section else None
    names = _json(dict(sorted(a.names.items())), "{}")
    return (
        *(a.name, a.type.value, a.parent, a.currency, a.active, a.cash, activity),
        *(section, a.postable, names, a.version),
    )


def account_from_row(row: Sequence[Any]) -> Account:
    """Rebuild an account from :data:`ACCOUNT_COLUMNS` and the version."""
    code, name, type_, parent, currency, active, cash, activity, section, postable = row[:10]
    names, version = row[10:]
    return Account(
        code=code,
        name=name,
        type=AccountType(type_),
        parent=parent,
        currency=currency,
        active=bool(active),
        cash=bool(cash),
        activity=Activity(activity) if activity else None,
        section=section,
        postable=bool(postable),
        names=json.loads(names),
        version=version,
    )


def entry_rows(
    dialect: Dialect, entity: str, first_seq: int, entries: Sequence[PostedEntry]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Return the entries rows and the lines rows of ``entries``, posted from ``first_seq``.

    The bulk-posting hot loop: one tuple per line, from values validation settled; a
    posting's entries share one timestamp, formatted once.
    """
    heads: list[tuple[Any, ...]] = []
    lines: list[tuple[Any, ...]] = []
    add_head, add_lines = heads.append, lines.extend
    stamps: dict[datetime, Any] = {}
    date_in = dialect.date_in
    for seq, entry in enumerate(entries, start=first_seq):
        (entry_id, day, description, source, memo, kind, reverses, posted_at, posted_by,
         fingerprint, base_currency, values) = entry  # fmt: skip
        stamp = stamps.get(posted_at)
        if stamp is None:
            stamp = stamps[posted_at] = dialect.ts_in(posted_at)
        day = date_in(day)
        closing = is_closing(kind)
        add_head((
            entity, entry_id, seq, day, description, source, memo, kind._value_, reverses,
            stamp, posted_by, fingerprint,
        ))  # fmt: skip
        add_lines([
            (
                entity, entry_id, no, seq, day, closing, account, currency, units,
                base_currency, base_units, _DEBIT if units > 0 else _CREDIT, rate, line_memo,
                _json(dict(dims), "{}") if dims else "{}", _json(tags, "[]") if tags else "[]",
            )
            for no, (account, currency, units, base_units, rate, line_memo, dims, tags)
            in enumerate(values, start=1)
        ])  # fmt: skip
    return heads, lines


def line_from_row(row: Sequence[Any]) -> Line:
    """Rebuild a line from :data:`LINE_READ_COLUMNS` (the first, ``entry_seq``, unused)."""
    _, account, currency, amount, base_currency, base, side, rate, memo, dims, tags = row
    sign = 1 if side == Side.DEBIT.value else -1
    return Line(
        account=account,
        side=Side(side),
        amount=Money.from_minor(sign * int(amount), currency),
        rate=Decimal(rate) if rate is not None else None,
        # A line in the base currency is posted with no separate base amount.
        base_amount=None
        if currency == base_currency
        else Money.from_minor(sign * int(base), base_currency),
        memo=memo,
        dimensions=json.loads(dims),
        tags=tuple(json.loads(tags)),
    )


def entry_from_row(dialect: Dialect, row: Sequence[Any], lines: Sequence[Line]) -> JournalEntry:
    """Rebuild an entry from :data:`ENTRY_COLUMNS` (after ``entity``) and its lines."""
    eid, _, day, description, source, memo, kind, reverses, posted_at, posted_by, fp = row
    return JournalEntry(
        id=eid,
        date=dialect.date_out(day),
        description=description,
        lines=tuple(lines),
        source=source,
        memo=memo,
        kind=EntryKind(kind),
        reverses=reverses,
        posted_at=dialect.ts_out(posted_at),
        posted_by=posted_by,
        fingerprint=fp,
    )
