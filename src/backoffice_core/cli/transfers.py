"""The ``import`` and ``export`` subcommands of the command line.

``import journal FILE`` posts a journal CSV or XLSX (all or nothing, or
``--skip-bad-rows``), showing progress on standard error; ``import bank FILE``
matches a bank statement with ``--rule PATTERN=ACCOUNT`` rules and prints the draft
entries, which ``--post`` confirms. ``export beancount|journal-csv|journal-json``
writes the books to standard output or ``--output``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from backoffice_core.errors import InvalidInputError
from backoffice_core.ledger import (
    BankColumns,
    BankRule,
    ImportMode,
    JournalColumns,
    import_journal,
    journal_csv,
    journal_json,
    match_statement,
    to_beancount,
)
from backoffice_core.office import BackOffice

__all__ = ["add_transfer_commands", "export_books", "import_file"]

_JOURNAL_FIELDS: tuple[str, ...] = (
    *("id", "date", "description", "account", "debit", "credit", "amount"),
    *("currency", "rate", "memo", "source"),
)
_BANK_FIELDS = ("date", "description", "amount", "debit", "credit", "reference")


def _mapping(items: list[str], fields: tuple[str, ...], what: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    dimensions: dict[str, str] = {}
    for item in items:
        field, sep, column = item.partition("=")
        if not sep:
            raise InvalidInputError(f"--column {item!r} is not FIELD=HEADING (date=tanggal)")
        if field.startswith("dimension."):
            dimensions[field.removeprefix("dimension.")] = column
        elif field in fields:
            out[field] = column or None
        else:
            raise InvalidInputError(
                f"--column {item!r}: {what} has no field {field!r}; use one of "
                f"{', '.join(fields)} or dimension.NAME"
            )
    if dimensions:
        out["dimensions"] = dimensions
    return out


def add_transfer_commands(commands: Any, common: Any) -> None:
    """Declare ``import`` and ``export`` on ``commands`` (argparse subparsers)."""
    imp = commands.add_parser("import", help="import a journal or a bank statement")
    imp.add_argument("kind", choices=("journal", "bank"))
    imp.add_argument("file", type=Path, help="a CSV or XLSX file")
    common(imp)
    imp.add_argument(
        "--column",
        action="append",
        default=[],
        help="FIELD=HEADING, e.g. date=tanggal or dimension.department=dept (repeatable)",
    )
    imp.add_argument("--number-format", choices=("id", "en"), default="id")
    imp.add_argument("--date-format", help="strptime format, e.g. %%d/%%m/%%Y")
    imp.add_argument("--skip-bad-rows", action="store_true", help="post the good entries")
    imp.add_argument("--id-prefix", default="", help="put before every entry id (journal)")
    imp.add_argument("--bank-account", help="the bank's account code (bank)")
    imp.add_argument(
        "--rule", action="append", default=[], help="PATTERN=ACCOUNT (bank, repeatable)"
    )
    imp.add_argument("--post", action="store_true", help="post the matched drafts (bank)")

    exp = commands.add_parser("export", help="export the books")
    exp.add_argument("kind", choices=("beancount", "journal-csv", "journal-json"))
    common(exp)
    exp.add_argument("--output", type=Path, help="write to this file instead of stdout")


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        width = 30
        filled = width * done // max(total, 1)
        print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr)
        if done >= total:
            print(file=sys.stderr)


def import_file(office: BackOffice, args: argparse.Namespace) -> int:
    """Run ``import journal`` or ``import bank``."""
    if args.kind == "journal":
        columns = JournalColumns(**_mapping(args.column, _JOURNAL_FIELDS, "a journal"))
        result = import_journal(
            office.ledger,
            args.file,
            columns=columns,
            number_format=args.number_format,
            date_format=args.date_format or "%Y-%m-%d",
            mode=ImportMode.SKIP_BAD_ROWS if args.skip_bad_rows else ImportMode.ALL_OR_NOTHING,
            id_prefix=args.id_prefix,
            progress=_progress,
        )
        for problem in result.problems:
            print(f"skipped: {problem}", file=sys.stderr)
        print(f"{result.posted} entries posted, {result.already_posted} already posted, "
              f"{len(result.skipped)} skipped")  # fmt: skip
        return 0
    if not args.bank_account:
        raise InvalidInputError("import bank needs --bank-account CODE")
    rules = []
    for item in args.rule:
        pattern, sep, account = item.rpartition("=")
        if not sep or not pattern:
            raise InvalidInputError(f"--rule {item!r} is not PATTERN=ACCOUNT (PLN=6120)")
        rules.append(BankRule(pattern, account))
    match = match_statement(
        office.ledger,
        args.file,
        args.bank_account,
        rules,
        columns=BankColumns(**_mapping(args.column, _BANK_FIELDS, "a bank statement")),
        number_format=args.number_format,
        date_format=args.date_format or "%d/%m/%Y",
    )
    for row, draft in zip(match.rows, match.drafts, strict=True):
        counter = draft.lines[1]
        print(f"row {row}: {draft.date} {draft.description} -> {counter.account} "
              f"{counter.side} {counter.amount}")  # fmt: skip
    for row, description in match.unmatched:
        print(f"row {row}: no rule matches {description!r}")
    for problem in match.problems:
        print(f"row {problem.row}: {problem.message}", file=sys.stderr)
    if args.post:
        summary = office.ledger.post_many(match.drafts)
        print(f"{summary.posted} entries posted, {summary.already_posted} already posted")
    return 0


def export_books(office: BackOffice, args: argparse.Namespace) -> int:
    """Run ``export``."""
    if args.kind == "beancount":
        text = to_beancount(office.ledger)
    elif args.kind == "journal-csv":
        text = journal_csv(office.ledger)
    else:
        text = journal_json(office.ledger) + "\n"
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 0
