"""Budget vs actual (anggaran vs realisasi): income and expense, variance, favourable.

Budgeted income and expense accounts show in their own sections with totals, and the
net (income less expense) closes the report. Variance is signed so that positive is
favourable: actual less budget for income, budget less actual for expense. Variance
% is the variance over the budget, rounded half-even to one decimal (none when the
budget is zero).

A budget on a parent account covers the parent and every account below it that has
no budget of its own; an account below a budgeted child counts under that child.
So each movement counts under exactly one budget line, and the totals add up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_EVEN, Decimal

import attrs

from backoffice_core.i18n import register_messages
from backoffice_core.ledger.models import Account, AccountType, BudgetLine
from backoffice_core.ledger.reports import ReportInput
from backoffice_core.money import Money
from backoffice_core.periods import Month
from backoffice_core.reporting import Column, ColumnKind, Label, Report, Row, Translated

__all__ = ["BudgetVsActual", "budget_vs_actual", "owners"]

register_messages(
    {
        "variance_pct": {"en": "Variance %", "id": "Selisih %"},
        "status": {"en": "Status", "id": "Status"},
        "favourable": {"en": "favourable", "id": "menguntungkan"},
        "unfavourable": {"en": "unfavourable", "id": "tidak menguntungkan"},
        "total_income": {"en": "Total income", "id": "Jumlah pendapatan"},
        "total_expense": {"en": "Total expenses", "id": "Jumlah beban"},
        "net_budget": {"en": "Net (income less expenses)", "id": "Bersih (pendapatan - beban)"},
    }
)

_PERCENT = Decimal("0.1")


@attrs.frozen(kw_only=True)
class BudgetVsActual(Report):
    """Budgeted against actual income and expense (anggaran vs realisasi).

    Attributes:
        income_budget: Sum of income budgets.
        income_actual: Actual income of the budgeted income accounts.
        expense_budget: Sum of expense budgets.
        expense_actual: Actual expense of the budgeted expense accounts.
        net_budget: Income budget less expense budget.
        net_actual: Actual income less actual expense of the budgeted accounts.
    """

    income_budget: Money
    income_actual: Money
    expense_budget: Money
    expense_actual: Money
    net_budget: Money
    net_actual: Money


def owners(chart: Mapping[str, Account], budgeted: set[str]) -> dict[str, str]:
    """Return, for every account, the nearest budgeted account at or above it.

    Accounts with no budgeted ancestor are left out.
    """
    out: dict[str, str] = {}
    for code in chart:
        current: str | None = code
        seen: set[str] = set()
        while current is not None and current not in seen:
            if current in budgeted:
                out[code] = current
                break
            seen.add(current)
            account = chart.get(current)
            current = account.parent if account is not None else None
    return out


def _variance_pct(variance: int, budget: int) -> Decimal | None:
    if budget == 0:
        return None
    return (Decimal(variance) * 100 / abs(Decimal(budget))).quantize(_PERCENT, ROUND_HALF_EVEN)


def _line(inp: ReportInput, code: str | Label, name: object, b: int, a: int, sign: int) -> Row:
    variance = sign * (a - b)
    return {
        "account": code,
        "name": name,
        "budget": inp.money(b),
        "actual": inp.money(a),
        "variance": inp.money(variance),
        "variance_pct": _variance_pct(variance, b),
        "status": Label("favourable" if variance >= 0 else "unfavourable"),
    }


def budget_vs_actual(
    inp: ReportInput,
    budgets: Sequence[BudgetLine],
    actual: Mapping[str, int],
    months: tuple[Month, Month],
) -> BudgetVsActual:
    """Build budget vs actual from budget lines and debit-signed actuals by account."""
    planned: dict[str, int] = {}
    for line in budgets:
        planned[line.account] = planned.get(line.account, 0) + line.amount.to_minor()
    owner = owners(inp.chart, set(planned))
    real: dict[str, int] = dict.fromkeys(planned, 0)
    for code, units in actual.items():
        if code in owner:
            real[owner[code]] += units
    rows: list[Row] = []
    sums: dict[AccountType, tuple[int, int]] = {}
    for kind, heading, total in (
        (AccountType.INCOME, "income", "total_income"),
        (AccountType.EXPENSE, "expenses", "total_expense"),
    ):
        sign = -1 if kind is AccountType.INCOME else 1  # actuals to normal-balance sign
        favour = 1 if kind is AccountType.INCOME else -1  # positive variance = favourable
        codes = sorted(c for c in planned if c in inp.chart and inp.chart[c].type is kind)
        b_sum = a_sum = 0
        block: list[Row] = []
        for code in codes:
            account = inp.chart[code]
            b, a = planned[code], sign * real[code]
            block.append(_line(inp, code, Translated(account.name, account.names), b, a, favour))
            b_sum, a_sum = b_sum + b, a_sum + a
        if block:
            rows += [{"name": Label(heading), "_style": "heading"}, *block]
            rows.append({**_line(inp, "", Label(total), b_sum, a_sum, favour), "_style": "total"})
        sums[kind] = (b_sum, a_sum)
    (ib, ia), (eb, ea) = sums[AccountType.INCOME], sums[AccountType.EXPENSE]
    return BudgetVsActual(
        title="budget_vs_actual",
        subtitle=inp.entity,
        currency=inp.base_currency,
        period=(months[0].first_day, months[1].last_day),
        columns=[
            Column("account", "account"),
            Column("name", "account_name"),
            Column("budget", "budget", ColumnKind.MONEY),
            Column("actual", "actual", ColumnKind.MONEY),
            Column("variance", "variance", ColumnKind.MONEY),
            Column("variance_pct", "variance_pct", ColumnKind.PERCENT),
            Column("status", "status"),
        ],
        rows=rows,
        totals=[_line(inp, "", Label("net_budget"), ib - eb, ia - ea, 1)],
        income_budget=inp.money(ib),
        income_actual=inp.money(ia),
        expense_budget=inp.money(eb),
        expense_actual=inp.money(ea),
        net_budget=inp.money(ib - eb),
        net_actual=inp.money(ia - ea),
    )
