"""Importing a journal from a CSV or XLSX file: one row per line, grouped by entry id.

:func:`import_journal` reads a file whose columns a :class:`JournalColumns` names,
parses local number and date formats, and posts one entry per distinct value of the
id column (the idempotency key: importing the same file again posts nothing new).
Every problem names its row (as a spreadsheet numbers it, the heading being row 1)
and column. In :attr:`ImportMode.ALL_OR_NOTHING` any problem refuses the whole file
and nothing is written; in :attr:`ImportMode.SKIP_BAD_ROWS` the entries with a
problem are left out and the rest are posted.
"""

from __future__ import annotations

import enum
import io
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path

import attrs

from backoffice_core.errors import BackofficeError, InvalidInputError
from backoffice_core.ledger.models import EntryDraft, Line, Side
from backoffice_core.ledger.service import Ledger
from backoffice_core.ledger.tabular import parse_date, parse_number, read_rows
from backoffice_core.money import Money

__all__ = [
    "ImportMode",
    "ImportResult",
    "JournalColumns",
    "JournalImportError",
    "RowProblem",
    "import_journal",
]


@attrs.frozen
class JournalColumns:
    """Which column of the file holds each field, by its heading.

    Args:
        id: The entry id; rows with the same id are the lines of one entry.
        date: The entry date.
        description: The entry description (taken from the entry's first row).
        account: The account code of the line.
        debit: The debit amount column (with ``credit``), or None with ``amount``.
        credit: The credit amount column.
        amount: A signed amount column (debit positive) instead of debit and credit.
        currency: The line currency; the books' base currency when None or empty.
        rate: The exchange rate of a foreign-currency line.
        memo: The line memo.
        source: The entry's source document reference.
        dimensions: Dimension name to the column holding its value.
    """

    id: str = "id"
    date: str = "date"
    description: str = "description"
    account: str = "account"
    debit: str | None = "debit"
    credit: str | None = "credit"
    amount: str | None = None
    currency: str | None = None
    rate: str | None = None
    memo: str | None = None
    source: str | None = None
    dimensions: Mapping[str, str] = attrs.field(factory=dict)

    def required(self) -> list[str]:
        """Return the headings the file must have."""
        names = [self.id, self.date, self.description, self.account]
        if self.amount:
            names.append(self.amount)
        else:
            names += [c for c in (self.debit, self.credit) if c]
        optional = [self.currency, self.rate, self.memo, self.source, *self.dimensions.values()]
        return names + [c for c in optional if c]


class ImportMode(enum.StrEnum):
    """What to do when some rows are bad."""

    ALL_OR_NOTHING = "all_or_nothing"
    """Refuse the whole file; nothing is written."""
    SKIP_BAD_ROWS = "skip_bad_rows"
    """Leave out the entries that have a bad row; post the rest."""


@attrs.frozen
class RowProblem:
    """One problem in the file: its row, its column (None for the whole entry), what."""

    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column!r}" if self.column else "")
        return f"{where}: {self.message}"


@attrs.frozen
class ImportResult:
    """What an import did.

    Args:
        posted: Entries written now.
        already_posted: Entries whose id was posted before with the same content.
        skipped: Ids of the entries left out for a problem (skip mode).
        problems: Every problem found.
    """

    posted: int
    already_posted: int
    skipped: tuple[str, ...]
    problems: tuple[RowProblem, ...]


class JournalImportError(InvalidInputError):
    """The file has bad rows and the import was refused whole (nothing was written)."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = tuple(problems)
        shown = "; ".join(str(p) for p in problems[:10])
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        super().__init__(
            f"the journal file has {len(problems)} problem(s), nothing was imported: "
            f"{shown}{more}; correct them, or import with mode=skip_bad_rows"
        )


@attrs.define
class _Entry:
    first_row: int
    draft_fields: dict[str, object]
    lines: list[Line] = attrs.field(factory=list)
    rows: list[int] = attrs.field(factory=list)
    bad: bool = False


def _line(
    row: Mapping[str, str],
    number: int,
    cols: JournalColumns,
    base: str,
    number_format: str,
    problems: list[RowProblem],
) -> Line | None:
    def value(column: str) -> Decimal | None:
        text = row.get(column, "")
        if not text:
            return None
        try:
            return parse_number(text, number_format)
        except InvalidInputError as exc:
            problems.append(RowProblem(number, column, str(exc)))
            return None

    before = len(problems)
    if cols.amount:
        signed = value(cols.amount)
    else:
        debit = value(cols.debit) if cols.debit else None
        credit = value(cols.credit) if cols.credit else None
        if debit and credit:
            problems.append(RowProblem(number, cols.debit, "both debit and credit are filled"))
            return None
        signed = debit if debit else (-credit if credit else None)
    rate = value(cols.rate) if cols.rate else None
    if len(problems) > before:
        return None
    if not signed:
        column = cols.amount or cols.debit
        problems.append(RowProblem(number, column, "no amount: fill the debit or the credit"))
        return None
    currency = (row.get(cols.currency, "") if cols.currency else "") or base
    fields: dict[str, object] = {
        "account": row[cols.account],
        "side": Side.DEBIT if signed > 0 else Side.CREDIT,
        "amount": Money(abs(signed), currency.upper()),
        "memo": row.get(cols.memo, "") if cols.memo else "",
        "dimensions": {k: row[c] for k, c in cols.dimensions.items() if row.get(c)},
    }
    if rate is not None:
        fields["rate"] = rate
    try:
        return Line.model_validate(fields)
    except (ValueError, BackofficeError) as exc:
        problems.append(RowProblem(number, cols.amount or cols.debit, str(exc).splitlines()[0]))
        return None


def import_journal(
    ledger: Ledger,
    source: str | Path | io.TextIOBase,
    *,
    columns: JournalColumns | None = None,
    number_format: str = "id",
    date_format: str = "%Y-%m-%d",
    mode: ImportMode = ImportMode.ALL_OR_NOTHING,
    id_prefix: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import a journal file into ``ledger``.

    Args:
        ledger: The ledger to post to.
        source: A CSV or XLSX path, or an open CSV text stream.
        columns: Which column holds each field; the defaults are ``id, date,
            description, account, debit, credit``.
        number_format: ``"id"`` (``1.500.000,00``) or ``"en"`` (``1,500,000.00``).
        date_format: A ``strptime`` format, such as ``"%d/%m/%Y"``.
        mode: All or nothing (default), or skip the entries with bad rows.
        id_prefix: Put before every id (``"jurnal-2026-"``), to keep files apart.
        progress: Called with (entries checked, entries in the file) as it goes.

    Returns:
        What was posted and every problem found.

    Raises:
        JournalImportError: In all-or-nothing mode, if any row is bad; it lists
            every problem by row and column, and nothing is written.
        InvalidInputError: If the file lacks a column the mapping names.
    """
    cols = columns or JournalColumns()
    base = ledger.base_currency
    chart = {a.code: a for a in ledger.accounts()}
    problems: list[RowProblem] = []
    entries: dict[str, _Entry] = {}
    rows_date: dict[str, str] = {}
    for number, row in read_rows(source, number_format=number_format):
        missing = [c for c in cols.required() if c not in row]
        if missing:
            raise InvalidInputError(
                f"the journal file has no column {missing[0]!r} (it has {sorted(row)}); "
                "name the columns with JournalColumns(...)"
            )
        key = row[cols.id]
        if not key:
            problems.append(RowProblem(number, cols.id, "the entry id is empty"))
            continue
        entry = entries.get(key)
        if entry is None:
            entry = entries[key] = _Entry(number, {"id": id_prefix + key})
            try:
                entry.draft_fields["date"] = parse_date(row[cols.date], date_format)
            except InvalidInputError as exc:
                problems.append(RowProblem(number, cols.date, str(exc)))
                entry.bad = True
            entry.draft_fields["description"] = row[cols.description] or key
            if cols.source and row.get(cols.source):
                entry.draft_fields["source"] = row[cols.source]
        elif not entry.bad and row[cols.date] != rows_date.get(key):
            message = f"entry {key!r} is dated {rows_date.get(key)!r} on row {entry.first_row}"
            problems.append(RowProblem(number, cols.date, message + ": one entry, one date"))
            entry.bad = True
        rows_date.setdefault(key, row[cols.date])
        entry.rows.append(number)
        code = row[cols.account]
        if code not in chart:
            problems.append(
                RowProblem(number, cols.account, f"account {code!r} is not in the chart")
            )
            entry.bad = True
            continue
        if not chart[code].postable:
            message = f"account {code!r} ({chart[code].name}) is a header account"
            problems.append(RowProblem(number, cols.account, message))
            entry.bad = True
            continue
        line = _line(row, number, cols, base, number_format, problems)
        if line is None:
            entry.bad = True
        else:
            entry.lines.append(line)
    good = [e for e in entries.values() if not e.bad]
    drafts = [EntryDraft.model_validate({**e.draft_fields, "lines": e.lines}) for e in good]
    verdicts: list[BackofficeError | None] = []
    for start in range(0, len(drafts), 500):
        verdicts += ledger.check(drafts[start : start + 500])
        if progress:
            progress(min(start + 500, len(drafts)), len(entries))
    for entry, verdict in zip(good, verdicts, strict=True):
        if verdict is not None:
            problems.append(RowProblem(entry.first_row, None, str(verdict)))
            entry.bad = True
    if problems and mode is ImportMode.ALL_OR_NOTHING:
        raise JournalImportError(sorted(problems, key=lambda p: p.row))
    postable = [d for d, e in zip(drafts, good, strict=True) if not e.bad]
    summary = ledger.post_many(postable)
    skipped = tuple(str(e.draft_fields["id"]) for e in entries.values() if e.bad)
    return ImportResult(
        summary.posted,
        summary.already_posted,
        skipped,
        tuple(sorted(problems, key=lambda p: p.row)),
    )
