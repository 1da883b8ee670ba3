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
    AccountType,
    Activity,
    BalanceRow,
    BudgetLine,
    LineRow,
    Side,
)
from backoffice_core.money import Money
from backoffice_core.periods import Month
from backoffice_core.reporting import Column, ColumnKind, Label, Report, Row

__all__ = [
    "BalanceSheet",
    "BudgetVsActual",
    "CashFlowStatement",
    "GeneralLedger",
    "IncomeStatement",
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


def _base_by_account(rows: Sequence[BalanceRow] | None) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in rows or ():
        out[row.account] = out.get(row.account, 0) + row.base
    return out


def _name(chart: Mapping[str, Account], code: str) -> str:
    account = chart.get(code)
    return account.name if account else code


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


def trial_balance(inp: ReportInput, balances: Sequence[BalanceRow], as_of: date) -> TrialBalance:
    """Build the trial balance from per-account aggregates."""
    rows: list[Row] = []
    debit = credit = 0
    for code, units in sorted(_base_by_account(balances).items()):
        if units == 0:
            continue
        account = inp.chart.get(code)
        rows.append(
            {
                "account": code,
                "name": _name(inp.chart, code),
                "type": account.type if account else None,
                "debit": inp.money(units) if units > 0 else None,
                "credit": inp.money(-units) if units < 0 else None,
            }
        )
        debit += max(units, 0)
        credit += max(-units, 0)
    total_debit, total_credit = inp.money(debit), inp.money(credit)
    return TrialBalance(
        title="trial_balance",
        subtitle=f"{inp.entity} · {as_of.isoformat()} · {inp.base_currency}",
        columns=[
            Column("account", "account"),
            Column("name", "account_name"),
            Column("type", "type"),
            Column("debit", "debit", ColumnKind.MONEY),
            Column("credit", "credit", ColumnKind.MONEY),
        ],
        rows=rows,
        totals=[{"account": Label("total"), "debit": total_debit, "credit": total_credit}],
        as_of=as_of,
        total_debit=total_debit,
        total_credit=total_credit,
    )


def _section_rows(
    inp: ReportInput,
    types: set[AccountType],
    current: Mapping[str, int],
    prior: Mapping[str, int] | None,
) -> tuple[list[Row], int, int]:
    rows: list[Row] = []
    total = total_prior = 0
    codes = sorted(
        c for c in set(current) | set(prior or {}) if c in inp.chart and inp.chart[c].type in types
    )
    for code in codes:
        sign = _sign(inp.chart[code])
        now, before = sign * current.get(code, 0), sign * (prior or {}).get(code, 0)
        if now == 0 and before == 0:
            continue
        row: dict[str, object] = {
            "account": code,
            "name": inp.chart[code].name,
            "amount": inp.money(now),
        }
        if prior is not None:
            row["comparative"] = inp.money(before)
        rows.append(row)
        total += now
        total_prior += before
    return rows, total, total_prior


def _columns(compare: bool) -> list[Column]:
    cols = [
        Column("account", "account"),
        Column("name", "account_name"),
        Column("amount", "amount", ColumnKind.MONEY),
    ]
    if compare:
        cols.append(Column("comparative", "comparative", ColumnKind.MONEY))
    return cols


def _total_row(inp: ReportInput, key: str, now: int, before: int | None) -> Row:
    row: dict[str, object] = {"account": Label(key), "amount": inp.money(now)}
    if before is not None:
        row["comparative"] = inp.money(before)
    return row


@attrs.frozen(kw_only=True)
class BalanceSheet(Report):
    """Assets, liabilities and equity on a date (laporan posisi keuangan).

    Attributes:
        as_of: The balance-sheet date.
        total_assets: Sum of asset balances.
        total_liabilities_equity: Liabilities plus equity plus unclosed earnings.
    """

    as_of: date
    total_assets: Money
    total_liabilities_equity: Money

    @property
    def is_balanced(self) -> bool:
        """True when assets equal liabilities plus equity."""
        return self.total_assets == self.total_liabilities_equity


def balance_sheet(
    inp: ReportInput,
    current: Sequence[BalanceRow],
    as_of: date,
    prior: Sequence[BalanceRow] | None,
    prior_date: date | None,
) -> BalanceSheet:
    """Build the balance sheet; unclosed income and expense show as current earnings."""
    now, before = (
        _base_by_account(current),
        (_base_by_account(prior) if prior is not None else None),
    )
    compare = before is not None
    asset_rows, assets, assets_prior = _section_rows(inp, {AccountType.ASSET}, now, before)
    le_rows, le, le_prior = _section_rows(
        inp, {AccountType.LIABILITY, AccountType.EQUITY}, now, before
    )

    def earnings(balances: Mapping[str, int]) -> int:
        return -sum(
            v for c, v in balances.items() if c in inp.chart and inp.chart[c].type.is_temporary
        )

    earned, earned_prior = earnings(now), earnings(before or {})
    if earned or earned_prior:
        row: dict[str, object] = {
            "account": "",
            "name": Label("retained_earnings_current"),
            "amount": inp.money(earned),
        }
        if compare:
            row["comparative"] = inp.money(earned_prior)
        le_rows.append(row)
    rows = [
        *asset_rows,
        _total_row(inp, "total_assets", assets, assets_prior if compare else None),
        *le_rows,
    ]
    total_le = le + earned
    subtitle = f"{inp.entity} · {as_of.isoformat()}"
    if prior_date:
        # The subtitle is built once for every locale, so it carries no words: the
        # comparative column's heading names the second date's column.
        subtitle += f" ({prior_date.isoformat()})"
    return BalanceSheet(
        title="balance_sheet",
        subtitle=subtitle,
        columns=_columns(compare),
        rows=rows,
        totals=[
            _total_row(
                inp,
                "total_liabilities_equity",
                total_le,
                le_prior + earned_prior if compare else None,
            )
        ],
        as_of=as_of,
        total_assets=inp.money(assets),
        total_liabilities_equity=inp.money(total_le),
    )


@attrs.frozen(kw_only=True)
class IncomeStatement(Report):
    """Income and expenses of a period and the net income (laporan laba rugi).

    Attributes:
        start: First day.
        end: Last day.
        total_income: Sum of income.
        total_expense: Sum of expenses.
        net_income: Income less expenses.
    """

    start: date
    end: date
    total_income: Money
    total_expense: Money
    net_income: Money


def income_statement(
    inp: ReportInput,
    current: Sequence[BalanceRow],
    period: tuple[date, date],
    prior: Sequence[BalanceRow] | None,
    prior_period: tuple[date, date] | None,
) -> IncomeStatement:
    """Build the income statement from the period's movements."""
    now, before = (
        _base_by_account(current),
        (_base_by_account(prior) if prior is not None else None),
    )
    compare = before is not None
    inc_rows, inc, inc_prior = _section_rows(inp, {AccountType.INCOME}, now, before)
    exp_rows, exp, exp_prior = _section_rows(inp, {AccountType.EXPENSE}, now, before)
    rows = [
        *inc_rows,
        _total_row(inp, "income", inc, inc_prior if compare else None),
        *exp_rows,
        _total_row(inp, "expenses", exp, exp_prior if compare else None),
    ]
    return IncomeStatement(
        title="income_statement",
        subtitle=f"{inp.entity} · {period[0].isoformat()} – {period[1].isoformat()}",
        columns=_columns(compare),
        rows=rows,
        totals=[
            _total_row(inp, "net_income", inc - exp, inc_prior - exp_prior if compare else None)
        ],
        start=period[0],
        end=period[1],
        total_income=inp.money(inc),
        total_expense=inp.money(exp),
        net_income=inp.money(inc - exp),
    )


@attrs.frozen(kw_only=True)
class CashFlowStatement(Report):
    """Cash received and paid by activity, direct method (laporan arus kas).

    Attributes:
        opening_cash: Cash at the start of the period.
        closing_cash: Cash at the end of the period.
        net_change: Cash received less cash paid.
        by_activity: Net cash flow per activity.
    """

    opening_cash: Money
    closing_cash: Money
    net_change: Money
    by_activity: Mapping[Activity, Money]

    @property
    def reconciles(self) -> bool:
        """True when opening cash plus the net change equals closing cash."""
        return self.opening_cash + self.net_change == self.closing_cash


def cash_flow(
    inp: ReportInput,
    flows: Sequence[BalanceRow],
    opening: int,
    closing: int,
    period: tuple[date, date],
) -> CashFlowStatement:
    """Build the direct-method cash-flow statement from counter-account flows."""
    rows: list[Row] = []
    per_activity: dict[Activity, int] = dict.fromkeys(Activity, 0)

    def activity_of(code: str) -> Activity:
        account = inp.chart.get(code)
        return account.cash_flow_activity if account else Activity.OPERATING

    # Operating, investing, financing: the order of the totals and of PSAK 2 / IAS 7.
    for row in sorted(flows, key=lambda r: (_ACTIVITY_ORDER[activity_of(r.account)], r.account)):
        if row.base == 0:
            continue
        activity = activity_of(row.account)
        cash = -row.base  # a credit to the counter-account is cash received
        per_activity[activity] += cash
        rows.append(
            {
                "activity": activity,
                "account": row.account,
                "name": _name(inp.chart, row.account),
                "cash_in": inp.money(cash) if cash > 0 else None,
                "cash_out": inp.money(-cash) if cash < 0 else None,
            }
        )
    net = sum(per_activity.values())
    totals: list[Row] = [
        {"activity": a, "name": Label("total"), "cash_in": inp.money(v)}
        for a, v in per_activity.items()
        if v
    ]
    totals += [
        {"name": Label("net_change"), "cash_in": inp.money(net)},
        {"name": Label("opening_cash"), "cash_in": inp.money(opening)},
        {"name": Label("closing_cash"), "cash_in": inp.money(closing)},
    ]
    return CashFlowStatement(
        title="cash_flow",
        subtitle=f"{inp.entity} · {period[0].isoformat()} – {period[1].isoformat()}",
        columns=[
            Column("activity", "type"),
            Column("account", "account"),
            Column("name", "account_name"),
            Column("cash_in", "cash_in", ColumnKind.MONEY),
            Column("cash_out", "cash_out", ColumnKind.MONEY),
        ],
        rows=rows,
        totals=totals,
        opening_cash=inp.money(opening),
        closing_cash=inp.money(closing),
        net_change=inp.money(net),
        by_activity={a: inp.money(v) for a, v in per_activity.items()},
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
    span = f"{start.isoformat() if start else '…'} – {end.isoformat()}"
    return GeneralLedger(
        title="general_ledger",
        subtitle=f"{inp.entity} · {account.code} {account.name} · {span}",
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


@attrs.frozen(kw_only=True)
class BudgetVsActual(Report):
    """Budgeted against actual amounts per account (anggaran vs realisasi).

    Attributes:
        total_budget: Sum of budgets.
        total_actual: Sum of actual amounts of budgeted accounts.
    """

    total_budget: Money
    total_actual: Money


def budget_vs_actual(
    inp: ReportInput,
    budgets: Sequence[BudgetLine],
    actual: Sequence[BalanceRow],
    months: tuple[Month, Month],
) -> BudgetVsActual:
    """Build budget vs actual for the budgeted accounts of a month range.

    A budget on a parent account is compared with the movements of the parent and
    every account below it, as :meth:`Ledger.balance` reports them.
    """
    moved = _base_by_account(actual)
    planned: dict[str, int] = {}
    for line in budgets:
        planned[line.account] = planned.get(line.account, 0) + line.amount.to_minor()
    rows: list[Row] = []
    total_b = total_a = 0
    for code, budget in sorted(planned.items()):
        account = inp.chart.get(code)
        real = _sign(account) * sum(moved.get(c, 0) for c in descendants(inp.chart, code))
        rows.append(
            {
                "account": code,
                "name": _name(inp.chart, code),
                "budget": inp.money(budget),
                "actual": inp.money(real),
                "variance": inp.money(budget - real),
            }
        )
        total_b += budget
        total_a += real
    return BudgetVsActual(
        title="budget_vs_actual",
        subtitle=f"{inp.entity} · {months[0]} – {months[1]}",
        columns=[
            Column("account", "account"),
            Column("name", "account_name"),
            Column("budget", "budget", ColumnKind.MONEY),
            Column("actual", "actual", ColumnKind.MONEY),
            Column("variance", "variance", ColumnKind.MONEY),
        ],
        rows=rows,
        totals=[
            {
                "account": Label("total"),
                "budget": inp.money(total_b),
                "actual": inp.money(total_a),
                "variance": inp.money(total_b - total_a),
            }
        ],
        total_budget=inp.money(total_b),
        total_actual=inp.money(total_a),
    )
