"""The ledger's reports, built from store aggregates.

Each report is a :class:`~backoffice_core.reporting.Report` (rows that render as text,
HTML, CSV, JSON or a DataFrame) with typed totals of its own. The builders here are
pure: the service fetches the aggregates (one store query each) and hands them in.
Amounts are in base currency and carry each account's normal-balance sign, except in
the trial balance, which shows debit and credit columns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import attrs

from backoffice_core.ledger.models import (
    Account,
    Activity,
    LineRow,
    Side,
)
from backoffice_core.money import Money
from backoffice_core.reporting import Column, ColumnKind, Label, Report, Row, Translated

__all__ = [
    "CashFlowStatement",
    "GeneralLedger",
    "ReportInput",
    "TrialBalance",
    "descendants",
]


_ACTIVITY_ORDER = {activity: position for position, activity in enumerate(Activity)}


@attrs.frozen
class ReportInput:
    """What every report builder needs besides the aggregates.

    Args:
        entity: The legal entity (shown in the subtitle).
        base_currency: The currency of every amount.
        chart: The chart of accounts by code.
    """

    entity: str
    base_currency: str
    chart: Mapping[str, Account]

    def money(self, units: int) -> Money:
        """Return ``units`` minor units of the base currency."""
        return Money.from_minor(units, self.base_currency)


def descendants(chart: Mapping[str, Account], code: str) -> set[str]:
    """Return ``code`` and the codes of every account below it in the hierarchy."""
    children: dict[str, list[str]] = {}
    for account in chart.values():
        if account.parent:
            children.setdefault(account.parent, []).append(account.code)
    found, todo = set(), [code]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(children.get(current, ()))
    return found


def _sign(account: Account | None) -> int:
    return 1 if account is None or account.normal_balance is Side.DEBIT else -1


def _name(chart: Mapping[str, Account], code: str) -> str:
    account = chart.get(code)
    return Translated(account.name, account.names) if account else code


@attrs.frozen(kw_only=True)
class TrialBalance(Report):
    """Every account's balance on a date, in debit and credit columns.

    Attributes:
        as_of: The last date included.
        total_debit: Sum of the debit column.
        total_credit: Sum of the credit column.
    """

    as_of: date
    total_debit: Money
    total_credit: Money

    @property
    def is_balanced(self) -> bool:
        """True when total debits equal total credits (always, for a sound ledger)."""
        return self.total_debit == self.total_credit


def trial_balance(
    inp: ReportInput,
    groups: Mapping[str | None, Mapping[str, int]],
    as_of: date,
    by: str | None,
) -> TrialBalance:
    """Build the trial balance from debit-signed base units by account.

    ``groups`` holds one mapping per value of the dimension ``by`` (the key None
    when the report is not grouped); a grouped report has a column for the value.
    """
    rows: list[Row] = []
    debit = credit = 0
    keyed = sorted(
        (code, value, units)
        for value, sums in groups.items()
        for code, units in sums.items()
        if units != 0
    )
    for code, value, units in keyed:
        account = inp.chart.get(code)
        row: dict[str, object] = {
            "account": code,
            "name": _name(inp.chart, code),
            "type": account.type if account else None,
            "debit": inp.money(units) if units > 0 else None,
            "credit": inp.money(-units) if units < 0 else None,
        }
        if by is not None:
            row["dimension"] = value
        rows.append(row)
        debit += max(units, 0)
        credit += max(-units, 0)
    total_debit, total_credit = inp.money(debit), inp.money(credit)
    columns = [Column("account", "account"), Column("name", "account_name")]
    if by is not None:
        columns.append(Column("dimension", by))
    columns += [
        Column("type", "type"),
        Column("debit", "debit", ColumnKind.MONEY),
        Column("credit", "credit", ColumnKind.MONEY),
    ]
    return TrialBalance(
        title="trial_balance",
        subtitle=inp.entity,
        currency=inp.base_currency,
        period=(as_of,),
        columns=columns,
        rows=rows,
        totals=[{"account": Label("total"), "debit": total_debit, "credit": total_credit}],
        as_of=as_of,
        total_debit=total_debit,
        total_credit=total_credit,
    )


@attrs.frozen(kw_only=True)
class CashFlowStatement(Report):
    """Cash received and paid by activity, direct method (laporan arus kas).

    Attributes:
        opening_cash: Cash at the start of the period.
        closing_cash: Cash at the end of the period.
        net_change: Cash received less cash paid.
        by_activity: Net cash flow per activity.
        comparatives: The (start, end) spans of the comparative net columns.
    """

    opening_cash: Money
    closing_cash: Money
    net_change: Money
    by_activity: Mapping[Activity, Money]
    comparatives: tuple[tuple[date, date], ...] = ()

    @property
    def reconciles(self) -> bool:
        """True when opening cash plus the net change equals closing cash."""
        return self.opening_cash + self.net_change == self.closing_cash


def cash_flow(
    inp: ReportInput,
    flows: Mapping[str, int],
    opening: int,
    closing: int,
    period: tuple[date, date],
    others: Sequence[tuple[tuple[date, date], Mapping[str, int]]] = (),
) -> CashFlowStatement:
    """Build the direct-method cash-flow statement from cash per counter-account.

    ``flows`` maps each counter-account to the cash received (positive) or paid
    (negative) against it; ``others`` are the comparative periods' flows, shown as
    net columns.
    """
    rows: list[Row] = []
    per_activity: dict[Activity, int] = dict.fromkeys(Activity, 0)
    per_other: list[dict[Activity, int]] = [dict.fromkeys(Activity, 0) for _ in others]

    def activity_of(code: str) -> Activity:
        account = inp.chart.get(code)
        return account.cash_flow_activity if account else Activity.OPERATING

    codes = {c for c, v in flows.items() if v} | {
        c for _, other in others for c, v in other.items() if v
    }
    # Operating, investing, financing: the order of the totals and of PSAK 2 / IAS 7.
    for code in sorted(codes, key=lambda c: (_ACTIVITY_ORDER[activity_of(c)], c)):
        activity = activity_of(code)
        cash = flows.get(code, 0)
        per_activity[activity] += cash
        row: dict[str, object] = {
            "activity": activity,
            "account": code,
            "name": _name(inp.chart, code),
            "cash_in": inp.money(cash) if cash > 0 else None,
            "cash_out": inp.money(-cash) if cash < 0 else None,
        }
        for n, (_, other) in enumerate(others, start=1):
            per_other[n - 1][activity] += other.get(code, 0)
            row[f"compare_{n}"] = inp.money(other.get(code, 0))
        rows.append(row)
    net = sum(per_activity.values())

    def total(name: str, value: int, compared: Sequence[int], **extra: object) -> Row:
        row: dict[str, object] = {"name": Label(name), "cash_in": inp.money(value), **extra}
        for n, other_value in enumerate(compared, start=1):
            row[f"compare_{n}"] = inp.money(other_value)
        return row

    totals: list[Row] = [
        total("total", v, [o[a] for o in per_other], activity=a)
        for a, v in per_activity.items()
        if v or any(o[a] for o in per_other)
    ]
    totals.append(total("net_change", net, [sum(o.values()) for o in per_other]))
    totals += [
        {"name": Label("opening_cash"), "cash_in": inp.money(opening)},
        {"name": Label("closing_cash"), "cash_in": inp.money(closing)},
    ]
    return CashFlowStatement(
        title="cash_flow",
        subtitle=inp.entity,
        currency=inp.base_currency,
        period=period,
        columns=[
            Column("activity", "type"),
            Column("account", "account"),
            Column("name", "account_name"),
            Column("cash_in", "cash_in", ColumnKind.MONEY),
            Column("cash_out", "cash_out", ColumnKind.MONEY),
            *(
                Column(f"compare_{n}", "", ColumnKind.MONEY, span)
                for n, (span, _) in enumerate(others, start=1)
            ),
        ],
        rows=rows,
        totals=totals,
        opening_cash=inp.money(opening),
        closing_cash=inp.money(closing),
        net_change=inp.money(net),
        by_activity={a: inp.money(v) for a, v in per_activity.items()},
        comparatives=tuple(span for span, _ in others),
    )


@attrs.frozen(kw_only=True)
class GeneralLedger(Report):
    """One account's lines with a running balance (buku besar).

    Attributes:
        account: The account.
        opening: Balance before the first line (normal-balance sign).
        closing: Balance after the last line.
    """

    account: Account
    opening: Money
    closing: Money


def general_ledger(
    inp: ReportInput,
    account: Account,
    opening: int,
    lines: Sequence[LineRow],
    start: date | None,
    end: date,
) -> GeneralLedger:
    """Build the general-ledger detail of one account."""
    sign = _sign(account)
    running = sign * opening
    rows: list[Row] = []
    for line in lines:
        units = line.base_amount.to_minor()
        running += sign * (units if line.side is Side.DEBIT else -units)
        rows.append(
            {
                "date": line.date,
                "entry": line.entry_id,
                "description": line.description,
                "debit": line.base_amount if line.side is Side.DEBIT else None,
                "credit": line.base_amount if line.side is Side.CREDIT else None,
                "balance": inp.money(running),
            }
        )
    return GeneralLedger(
        title="general_ledger",
        subtitle=f"{inp.entity} · {account.code} {account.name}",
        currency=inp.base_currency,
        period=(start, end) if start else (end,),
        columns=[
            Column("date", "date"),
            Column("entry", "entry"),
            Column("description", "description"),
            Column("debit", "debit", ColumnKind.MONEY),
            Column("credit", "credit", ColumnKind.MONEY),
            Column("balance", "balance", ColumnKind.MONEY),
        ],
        rows=rows,
        totals=[{"description": Label("balance"), "balance": inp.money(running)}],
        account=account,
        opening=inp.money(sign * opening),
        closing=inp.money(running),
    )
