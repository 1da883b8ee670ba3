"""Importing a bank statement: rows matched by rules into draft entries a person confirms.

:func:`match_statement` reads a bank's CSV export (date, description, amount or
debit/credit columns, a reference), and turns each row into an
:class:`~backoffice_core.ledger.EntryDraft` against the bank account, with the
counter-account of the first :class:`BankRule` whose pattern matches the
description. Nothing is posted: the person reviews :attr:`StatementMatch.drafts`
(and the rows no rule matched) and posts the ones confirmed with
``ledger.post_many``. Each draft's id comes from the bank account and the row's
reference (or its content), so confirming the same statement twice posts nothing new.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path

import attrs

from backoffice_core.errors import InvalidInputError
from backoffice_core.ledger.journal_import import RowProblem
from backoffice_core.ledger.models import EntryDraft, Line, Side
from backoffice_core.ledger.service import Ledger
from backoffice_core.ledger.tabular import parse_date, parse_number, read_rows
from backoffice_core.money import Money

__all__ = ["BankColumns", "BankRule", "StatementMatch", "match_statement"]


@attrs.frozen
class BankRule:
    """Map descriptions matching ``pattern`` to a counter-account.

    Args:
        pattern: A regular expression searched in the description, ignoring case
            (``"BIAYA ADM"``, ``"PLN|listrik"``).
        account: The counter-account of matching rows.
        description: The entry description; the row's description when empty.
        dimensions: Dimensions put on the counter-line.
    """

    pattern: str
    account: str
    description: str = ""
    dimensions: Mapping[str, str] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        try:
            re.compile(self.pattern)
        except re.error as exc:
            raise InvalidInputError(
                f"rule pattern {self.pattern!r} is not a regular expression: {exc}"
            ) from None

    def matches(self, text: str) -> bool:
        """Return True if the pattern occurs in ``text`` (ignoring case)."""
        return re.search(self.pattern, text, re.IGNORECASE) is not None


@attrs.frozen
class BankColumns:
    """Which column of the statement holds each field, by its heading.

    Args:
        date: The transaction date.
        description: The bank's description.
        amount: A signed amount (money in positive), or None with debit / credit.
        debit: Money out of the account (the bank's "debet"/"DB" column).
        credit: Money into the account (the bank's "kredit"/"CR" column).
        reference: A unique reference per row, used for the draft id; the row's
            content when None.
    """

    date: str = "date"
    description: str = "description"
    amount: str | None = "amount"
    debit: str | None = None
    credit: str | None = None
    reference: str | None = None


@attrs.frozen
class StatementMatch:
    """Draft entries from a statement, for a person to review and post.

    Args:
        drafts: One draft per matched row, in the statement's order.
        rows: The statement row number of each draft.
        unmatched: Rows no rule matched (row number and description).
        problems: Rows that could not be read.
    """

    drafts: tuple[EntryDraft, ...]
    rows: tuple[int, ...]
    unmatched: tuple[tuple[int, str], ...]
    problems: tuple[RowProblem, ...]


def _signed(row: Mapping[str, str], cols: BankColumns, number_format: str) -> Decimal:
    if cols.amount:
        return parse_number(row[cols.amount], number_format)
    money_in = row.get(cols.credit or "", "")
    money_out = row.get(cols.debit or "", "")
    value = parse_number(money_in, number_format) if money_in else Decimal(0)
    if money_out:
        value -= parse_number(money_out, number_format)
    return value


def match_statement(
    ledger: Ledger,
    source: str | Path | io.TextIOBase,
    bank_account: str,
    rules: Sequence[BankRule],
    *,
    columns: BankColumns | None = None,
    number_format: str = "id",
    date_format: str = "%d/%m/%Y",
) -> StatementMatch:
    """Read a bank statement and draft one entry per row a rule matches.

    Args:
        ledger: The ledger whose chart the accounts must be in.
        source: A CSV or XLSX path, or an open CSV text stream.
        bank_account: The bank's account code (a cash account).
        rules: Tried in order; the first whose pattern matches decides.
        columns: Which column holds each field.
        number_format: ``"id"`` (``1.500.000,00``) or ``"en"``.
        date_format: A ``strptime`` format (Indonesian banks write ``31/01/2026``).

    Raises:
        UnknownAccountError: If the bank account or a rule's account is not in the chart.
    """
    cols = columns or BankColumns()
    bank = ledger.account(bank_account)
    for rule in rules:
        ledger.account(rule.account)
    currency = bank.currency or ledger.base_currency
    drafts: list[EntryDraft] = []
    numbers: list[int] = []
    unmatched: list[tuple[int, str]] = []
    problems: list[RowProblem] = []
    for number, row in read_rows(source, number_format=number_format):
        description = row.get(cols.description, "")
        try:
            day = parse_date(row.get(cols.date, ""), date_format)
        except InvalidInputError as exc:
            problems.append(RowProblem(number, cols.date, str(exc)))
            continue
        try:
            signed = _signed(row, cols, number_format)
        except InvalidInputError as exc:
            problems.append(RowProblem(number, cols.amount or cols.debit, str(exc)))
            continue
        except KeyError as exc:
            raise InvalidInputError(
                f"the statement has no column {exc.args[0]!r}; name it with BankColumns(...)"
            ) from None
        matched = next((r for r in rules if r.matches(description)), None)
        if matched is None or not signed:
            unmatched.append((number, description))
            continue
        amount = Money(abs(signed), currency)
        money_in = signed > 0
        own_side, other_side = (Side.DEBIT, Side.CREDIT) if money_in else (Side.CREDIT, Side.DEBIT)
        reference = row.get(cols.reference, "") if cols.reference else ""
        if not reference:
            content = f"{day}|{description}|{signed}|{number}"
            reference = hashlib.sha256(content.encode()).hexdigest()[:16]
        drafts.append(
            EntryDraft(
                date=day,
                description=matched.description or description or matched.account,
                lines=(
                    Line(account=bank_account, side=own_side, amount=amount, memo=description),
                    Line(
                        account=matched.account,
                        side=other_side,
                        amount=amount,
                        dimensions=dict(matched.dimensions),
                    ),
                ),
                id=f"bank-{bank_account}-{reference}",
                source=reference,
            )
        )
        numbers.append(number)
    return StatementMatch(tuple(drafts), tuple(numbers), tuple(unmatched), tuple(problems))
