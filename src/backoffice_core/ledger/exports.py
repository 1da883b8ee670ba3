"""Exporting the books: the journal as CSV or JSON, and the whole ledger as beancount.

:func:`to_beancount` writes a file that ``bean-check`` accepts and Fava browses:
one ``open`` per account (its hierarchy as beancount's ``:`` path), one transaction
per entry (foreign-currency lines carry their base value as a total price ``@@``, so
every transaction balances in the base currency as it does here), and a ``balance``
assertion per account and currency on the day after the last entry, so that
``bean-check`` itself proves the export equals the ledger's balances.
:func:`journal_csv` and :func:`journal_json` write the posted lines and entries.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from backoffice_core.ledger.models import Account, AccountType, JournalEntry, Side
from backoffice_core.ledger.service import Ledger
from backoffice_core.money import Money

__all__ = ["beancount_name", "journal_csv", "journal_json", "to_beancount"]

_ROOTS = {
    AccountType.ASSET: "Assets",
    AccountType.LIABILITY: "Liabilities",
    AccountType.EQUITY: "Equity",
    AccountType.INCOME: "Income",
    AccountType.EXPENSE: "Expenses",
}


def _component(account: Account) -> str:
    code = re.sub(r"[^A-Za-z0-9]+", "-", account.code).strip("-") or "X"
    name = account.names.get("en", account.name)
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")
    text = f"{code}-{slug}" if slug else code
    return text[0].upper() + text[1:]


def beancount_name(chart: Mapping[str, Account], code: str) -> str:
    """Return the beancount account name of ``code``: its type root and its path.

    ``1110`` below ``1100`` below ``1000`` becomes
    ``Assets:1000-Assets:1100-Current-assets:1110-Cash-on-hand``.
    """
    account = chart[code]
    path = [_component(account)]
    seen = {code}
    parent = account.parent
    while parent is not None and parent in chart and parent not in seen:
        seen.add(parent)
        path.append(_component(chart[parent]))
        parent = chart[parent].parent
    return ":".join([_ROOTS[account.type], *reversed(path)])


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _number(value: Any) -> str:
    return format(value, "f")


def _money(money: Money, sign: int = 1) -> str:
    """The amount with exactly its currency's decimals, whatever the store gave back."""
    return _number(Money.from_minor(sign * money.to_minor(), money.currency).amount)


def to_beancount(ledger: Ledger, *, title: str | None = None) -> str:
    """Return the whole ledger as a beancount file (text).

    Args:
        ledger: The ledger to export.
        title: The ``title`` option (Fava's heading); the entity when None.
    """
    chart = {a.code: a for a in ledger.accounts()}
    entries = ledger.entries()
    base = ledger.base_currency
    first = min((e.date for e in entries), default=date(2000, 1, 1))
    last = max((e.date for e in entries), default=first)
    names = {code: beancount_name(chart, code) for code in chart}
    out = [
        f"option {_quote('title')} {_quote(title or ledger.entity)}",
        f"option {_quote('operating_currency')} {_quote(base)}",
        "",
    ]
    for code in sorted(chart, key=lambda c: names[c]):
        currency = f" {chart[code].currency}" if chart[code].currency else ""
        out.append(f"{first.isoformat()} open {names[code]}{currency}")
    out.append("")
    totals: dict[tuple[str, str], int] = {}
    for entry in sorted(entries, key=lambda e: e.date):
        out += _transaction(entry, names, base)
        for line in entry.lines:
            units = line.amount.to_minor() * (1 if line.side is Side.DEBIT else -1)
            for code in _ancestry(chart, line.account):
                key = (code, line.amount.currency)
                totals[key] = totals.get(key, 0) + units
    check_day = last + timedelta(days=1)
    for (code, currency), units in sorted(totals.items(), key=lambda kv: names[kv[0][0]]):
        amount = _money(Money.from_minor(units, currency))
        out.append(f"{check_day.isoformat()} balance {names[code]}  {amount} {currency}")
    return "\n".join(out) + "\n"


def _ancestry(chart: Mapping[str, Account], code: str) -> list[str]:
    """The account and every account above it (beancount balances include children)."""
    found = [code]
    parent = chart[code].parent
    while parent is not None and parent in chart and parent not in found:
        found.append(parent)
        parent = chart[parent].parent
    return found


def _transaction(entry: JournalEntry, names: Mapping[str, str], base: str) -> list[str]:
    lines = [f"{entry.date.isoformat()} * {_quote(entry.description)}"]
    lines.append(f"  id: {_quote(entry.id)}")
    if entry.source:
        lines.append(f"  source: {_quote(entry.source)}")
    for line in entry.lines:
        sign = 1 if line.side is Side.DEBIT else -1
        posting = f"  {names[line.account]}  {_money(line.amount, sign)} "
        posting += line.amount.currency
        if line.amount.currency != base:
            posting += f" @@ {_money(line.base_equivalent)} {base}"
        lines.append(posting)
    lines.append("")
    return lines


_CSV_COLUMNS = (
    *("entry", "date", "description", "source", "kind", "line", "account", "debit"),
    *("credit", "currency", "base_amount", "base_currency", "rate", "memo", "dimensions"),
)


def journal_csv(ledger: Ledger, **filters: Any) -> str:
    """Return posted lines as CSV, one row per line, amounts as plain decimals.

    Args:
        ledger: The ledger.
        **filters: Passed to :meth:`~backoffice_core.ledger.Ledger.entries` (``start``,
            ``end``, ``account``, ``source``, ``dimensions``, ``text``).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_CSV_COLUMNS)
    base = ledger.base_currency
    for entry in ledger.entries(**filters):
        for number, line in enumerate(entry.lines, start=1):
            debit = line.side is Side.DEBIT
            writer.writerow(
                [
                    entry.id,
                    entry.date.isoformat(),
                    entry.description,
                    entry.source or "",
                    entry.kind.value,
                    number,
                    line.account,
                    _money(line.amount) if debit else "",
                    "" if debit else _money(line.amount),
                    line.amount.currency,
                    _money(line.base_equivalent),
                    base,
                    "" if line.rate is None else str(line.rate),
                    line.memo,
                    json.dumps(line.dimensions, ensure_ascii=False) if line.dimensions else "",
                ]
            )
    return buffer.getvalue()


def journal_json(ledger: Ledger, *, indent: int | None = 2, **filters: Any) -> str:
    """Return posted entries as a JSON list (every field, money as amount and currency).

    Args:
        ledger: The ledger.
        indent: JSON indentation; None for one line.
        **filters: Passed to :meth:`~backoffice_core.ledger.Ledger.entries`.
    """
    documents = [entry.model_dump(mode="json") for entry in ledger.entries(**filters)]
    return json.dumps(documents, indent=indent, ensure_ascii=False)
