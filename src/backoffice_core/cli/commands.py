"""The subcommands of the ``backoffice`` command line, one handler each.

:func:`add_commands` declares each subcommand's arguments; :data:`COMMANDS` maps its
name to a handler that takes the open office and the parsed arguments and returns the
exit status. The shell itself (opening the office, refusing unknown entities, exit
codes, closed pipes) is :mod:`backoffice_core.cli`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import Any

from backoffice_core.cli.transfers import add_transfer_commands, export_books, import_file
from backoffice_core.errors import InvalidInputError
from backoffice_core.ledger import Compare, generic_chart
from backoffice_core.ledger.comparison import PointComparison, SpanComparison
from backoffice_core.office import BackOffice
from backoffice_core.reporting import Report

__all__ = ["COMMANDS", "FORMATS", "REPORTS", "add_commands", "build_report", "emit"]

REPORTS = (
    "trial-balance",
    "balance-sheet",
    "income-statement",
    "cash-flow",
    "budget-vs-actual",
    "general-ledger",
)
FORMATS = ("text", "csv", "json", "html")

Handler = Callable[[BackOffice, argparse.Namespace], int]


def _pair(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"{text!r} is not NAME=VALUE (department=sales)")
    return name, value


def add_commands(
    commands: Any,
    common: Callable[..., None],
    iso: Callable[[str], date],
) -> None:
    """Declare every subcommand on ``commands`` (an argparse subparsers object)."""
    report = commands.add_parser("report", help="print a ledger report")
    report.add_argument("name", choices=REPORTS)
    common(report)
    report.add_argument("--as-of", type=iso, help="last date (balance reports)")
    report.add_argument("--from", dest="start", type=iso, help="first date")
    report.add_argument("--to", dest="end", type=iso, help="last date")
    report.add_argument("--account", help="the account (general-ledger)")
    report.add_argument(
        "--compare",
        action="append",
        default=[],
        help="previous-period, previous-year or a date; repeat for several columns",
    )
    report.add_argument("--by", help="group by this dimension (trial balance, income statement)")
    report.add_argument(
        "--where",
        action="append",
        type=_pair,
        default=[],
        help="only lines with NAME=VALUE (repeatable)",
    )
    report.add_argument("--format", choices=FORMATS, default="text")
    report.add_argument("--parentheses", action="store_true", help="negatives as (1.000)")
    report.add_argument("--symbol", action="store_true", help="currency symbol on amounts")

    audit = commands.add_parser("audit", help="verify the audit chain or print its head")
    audit.add_argument("action", choices=("verify", "head"))
    common(audit)
    audit.add_argument("--expect-head", help="a head hash kept earlier, to detect rewrites")
    audit.add_argument("--anchor", help="an anchor file: the chain must hold its head")
    audit.add_argument(
        "--update-anchor", action="store_true", help="write the verified head to --anchor"
    )

    chart = commands.add_parser("chart", help="load a chart-of-accounts template")
    chart.add_argument("action", choices=("load",))
    common(chart)
    chart.add_argument("--template", choices=("generic", "indonesia"), default="generic")

    add_transfer_commands(commands, common)

    close = commands.add_parser("close-period", help="close a month (YYYY-MM) to postings")
    close.add_argument("month", help="the month, e.g. 2026-01")
    common(close)
    close.add_argument("--lock", action="store_true", help="lock it for good after closing")


def _compare(items: list[str]) -> list[PointComparison]:
    out: list[PointComparison] = []
    for item in items:
        policy = item.replace("-", "_")
        if policy in {c.value for c in Compare}:
            out.append(Compare(policy))
        else:
            try:
                out.append(date.fromisoformat(item))
            except ValueError:
                raise InvalidInputError(
                    f"--compare {item!r} is not previous-period, previous-year or a date"
                ) from None
    return out


def _span_compare(items: list[PointComparison], start: date, end: date) -> list[SpanComparison]:
    """Turn explicit dates into spans of the same length ending on them."""
    out: list[SpanComparison] = []
    for item in items:
        if isinstance(item, Compare):
            out.append(item)
        elif isinstance(item, date):
            out.append((item - (end - start), item))
    return out


def build_report(office: BackOffice, args: argparse.Namespace) -> Report:
    """Build the report ``args.name`` names, from the command's date options."""
    ledger = office.ledger
    end = args.end or args.as_of or date.today()
    start = args.start or date(end.year, 1, 1)
    where = dict(args.where) or None
    compare = _compare(args.compare)
    if args.name == "trial-balance":
        return ledger.trial_balance(args.as_of or end, where=where, by=args.by)
    if args.name == "balance-sheet":
        return ledger.balance_sheet(args.as_of or end, compare=compare or None)
    spans = _span_compare(compare, start, end) or None
    if args.name == "income-statement":
        return ledger.income_statement(start, end, compare=spans, where=where, by=args.by)
    if args.name == "cash-flow":
        return ledger.cash_flow(start, end, compare=spans)
    if args.name == "general-ledger":
        if not args.account:
            raise InvalidInputError("report general-ledger needs --account CODE")
        return ledger.general_ledger(args.account, args.start, end)
    return ledger.budget_vs_actual(start, end)


def emit(report: Report, args: argparse.Namespace) -> None:
    """Print ``report`` in ``args.format`` and ``args.locale``."""
    options = {"parentheses": args.parentheses, "symbol": args.symbol}
    if args.format == "csv":
        print(report.to_csv(args.locale), end="")
    elif args.format == "json":
        print(report.to_json(locale=args.locale))
    elif args.format == "html":
        print(report.to_html(args.locale, **options))
    else:
        print(report.render(args.locale, **options))


def _report(office: BackOffice, args: argparse.Namespace) -> int:
    emit(build_report(office, args), args)
    return 0


def _audit(office: BackOffice, args: argparse.Namespace) -> int:
    if args.action == "head":
        print(office.audit.head())
        return 0
    result = office.audit.verify(
        expected_head=args.expect_head,
        anchor=args.anchor,
        update_anchor=args.update_anchor,
    )
    print(result)
    return 0 if result.ok else 1


def _chart(office: BackOffice, args: argparse.Namespace) -> int:
    if args.template == "indonesia":
        from backoffice_core.jurisdictions.indonesia import chart_of_accounts

        added = office.ledger.load_chart(chart_of_accounts())
    else:
        added = office.ledger.load_chart(generic_chart())
    print(f"{added} accounts added")
    return 0


def _close_period(office: BackOffice, args: argparse.Namespace) -> int:
    status = office.ledger.close_period(args.month)
    if args.lock:
        status = office.ledger.lock_period(args.month)
    print(f"{status.month} {status.state}")
    return 0


COMMANDS: dict[str, Handler] = {
    "report": _report,
    "audit": _audit,
    "chart": _chart,
    "close-period": _close_period,
    "import": import_file,
    "export": export_books,
}
"""Each subcommand's handler: (office, arguments) to exit status."""
