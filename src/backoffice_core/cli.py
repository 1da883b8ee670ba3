"""The ``backoffice`` command: reports, audit verification and chart loading.

A thin shell over the Python API for operators and scripts::

    backoffice report trial-balance --url sqlite:///pt.db --entity "PT Maju Jaya" --as-of 2026-01-31
    backoffice report income-statement --url ... --entity ... --from 2026-01-01 --to 2026-01-31
    backoffice audit verify --url ... --entity ... [--anchor heads.json [--update-anchor]]
    backoffice chart load --template indonesia --url ... --entity ...

Reports print as text (default), CSV or JSON. The exit status is 0 on success, 1 when
an audit chain is broken, and 2 on bad input (with the library's error message).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date

from backoffice_core.errors import BackofficeError
from backoffice_core.ledger import generic_chart
from backoffice_core.office import DEFAULT_URL, BackOffice
from backoffice_core.reporting import Report

__all__ = ["main"]

REPORTS = ("trial-balance", "balance-sheet", "income-statement", "cash-flow", "budget-vs-actual")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="backoffice", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--url", default=DEFAULT_URL, help="storage URL (default: %(default)s)")
        sub.add_argument("--entity", required=True, help="legal entity, e.g. 'PT Maju Jaya'")
        sub.add_argument("--actor", default="cli", help="who acts (recorded in the audit trail)")

    report = commands.add_parser("report", help="print a ledger report")
    report.add_argument("name", choices=REPORTS)
    common(report)
    report.add_argument("--as-of", type=date.fromisoformat, help="last date (balance reports)")
    report.add_argument("--from", dest="start", type=date.fromisoformat, help="first date")
    report.add_argument("--to", dest="end", type=date.fromisoformat, help="last date")
    report.add_argument("--locale", default="en_US", help="e.g. id_ID or en_US")
    report.add_argument("--format", choices=("text", "csv", "json"), default="text")

    audit = commands.add_parser("audit", help="verify the audit chain")
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
    return parser


def _report(office: BackOffice, args: argparse.Namespace) -> Report:
    ledger = office.ledger
    today = date.today()
    end = args.end or args.as_of or today
    start = args.start or date(end.year, 1, 1)
    if args.name == "trial-balance":
        return ledger.trial_balance(args.as_of or end)
    if args.name == "balance-sheet":
        return ledger.balance_sheet(args.as_of or end)
    if args.name == "income-statement":
        return ledger.income_statement(start, end)
    if args.name == "cash-flow":
        return ledger.cash_flow(start, end)
    return ledger.budget_vs_actual(f"{start:%Y-%m}", f"{end:%Y-%m}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Args:
        argv: The arguments after the program name; ``sys.argv[1:]`` when None.
    """
    args = _parser().parse_args(argv)
    try:
        with BackOffice.open(args.url, entity=args.entity, actor=args.actor) as office:
            if args.command == "report":
                report = _report(office, args)
                if args.format == "csv":
                    print(report.to_csv(args.locale), end="")
                elif args.format == "json":
                    print(report.to_json())
                else:
                    print(report.render(args.locale))
                return 0
            if args.command == "audit":
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
            if args.template == "indonesia":
                from backoffice_core.jurisdictions.indonesia import chart_of_accounts

                added = office.ledger.load_chart(chart_of_accounts())
            else:
                added = office.ledger.load_chart(generic_chart())
            print(f"{added} accounts added")
            return 0
    except BackofficeError as exc:
        print(f"backoffice: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
