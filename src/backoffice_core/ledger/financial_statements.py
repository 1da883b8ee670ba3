"""Sectioned balance sheet and income statement, laid out by a :class:`StatementLayout`.

The builders are pure: the service hands in one mapping of account to debit-signed
base minor units per amount column (the current period, each comparative, or each
value of a dimension), and the layout places every account by its section. A row's
amount carries its section's sign (an asset section shows debit balances positive,
so accumulated depreciation shows negative; a revenue section shows sales returns
negative); a subtotal is the signed sum of its sections. Each statement keeps the
current column's figures as typed attributes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import attrs

from backoffice_core.errors import InvalidInputError
from backoffice_core.ledger.layouts import (
    Heading,
    SectionBlock,
    StatementLayout,
    resolve_sections,
)
from backoffice_core.ledger.models import Account, AccountType, Side
from backoffice_core.money import Money
from backoffice_core.reporting import Column, ColumnKind, Label, Report, Row, Translated

__all__ = ["AmountColumn", "BalanceSheet", "IncomeStatement"]


@attrs.frozen
class AmountColumn:
    """One amount column of a statement and the balances it shows.

    Args:
        key: The row key (``amount`` for the current figures).
        label: A message id or literal heading ("" for a date-only heading).
        dates: The date or the first and last day the column covers.
        balances: Debit-signed base minor units by account code.
    """

    key: str
    label: str
    dates: tuple[date, ...]
    balances: Mapping[str, int]


def _sign(side: Side) -> int:
    return 1 if side is Side.DEBIT else -1


def _cells(values: Sequence[int], columns: Sequence[AmountColumn], currency: str) -> Row:
    return {c.key: Money.from_minor(v, currency) for c, v in zip(columns, values, strict=True)}


@attrs.frozen
class _Laid:
    rows: list[Row]
    totals: list[Row]
    sections: dict[str, list[int]]


def _lay_out(
    accounts: Mapping[str, Account],
    layout: StatementLayout,
    columns: Sequence[AmountColumn],
    currency: str,
) -> _Laid:
    placed = resolve_sections(accounts)
    types = layout.account_types
    shown = set(layout.sections)
    members: dict[str, list[str]] = {s: [] for s in layout.sections}
    codes = sorted({code for col in columns for code, units in col.balances.items() if units})
    temporary: list[str] = []
    for code in codes:
        account = accounts.get(code)
        if account is None:
            continue
        if account.type not in types:
            if layout.earnings_section is not None and account.type.is_temporary:
                temporary.append(code)
            continue
        section = placed[code]
        if section not in shown:
            raise InvalidInputError(
                f"account {code!r} ({account.name}) is in section {section!r}, which the "
                f"layout does not show ({', '.join(layout.sections)}): add a SectionBlock "
                "for it or change the account's section"
            )
        members[section].append(code)
    width = len(columns)
    debit_sums: dict[str, list[int]] = {}
    subtotals: dict[str, list[int]] = {}
    rows: list[Row] = []
    pending: list[Row] = []
    for item in layout.items:
        if isinstance(item, Heading):
            # A heading shows only above a section that has lines.
            pending = [{"name": Label(item.label), "_style": "heading"}]
            continue
        if isinstance(item, SectionBlock):
            sums = [0] * width
            block: list[Row] = []
            sign = _sign(item.side)
            for code in members[item.section]:
                account = accounts[code]
                values = [col.balances.get(code, 0) for col in columns]
                sums = [s + v for s, v in zip(sums, values, strict=True)]
                block.append(
                    {
                        "account": code,
                        "name": Translated(account.name, account.names),
                        **_cells([sign * v for v in values], columns, currency),
                    }
                )
            if item.section == layout.earnings_section and temporary:
                values = [sum(col.balances.get(c, 0) for c in temporary) for col in columns]
                sums = [s + v for s, v in zip(sums, values, strict=True)]
                block.append(
                    {
                        "account": "",
                        "name": Label("retained_earnings_current"),
                        **_cells([sign * v for v in values], columns, currency),
                    }
                )
            debit_sums[item.section] = sums
            if block:
                rows += pending
                pending = []
                rows.append({"name": Label(item.heading), "_style": "heading"})
                rows += block
                rows.append(
                    {
                        "name": Label(item.total),
                        "_style": "total",
                        **_cells([sign * s for s in sums], columns, currency),
                    }
                )
            continue
        total = [
            _sign(item.side) * sum(debit_sums[s][i] for s in item.sections) for i in range(width)
        ]
        rows.append(
            {"name": Label(item.label), "_style": "subtotal", **_cells(total, columns, currency)}
        )
        subtotals[item.label] = total
    totals = [rows.pop()] if rows and rows[-1].get("_style") == "subtotal" else []
    sections = {
        b.section: [_sign(b.side) * v for v in debit_sums[b.section]]
        for b in layout.items
        if isinstance(b, SectionBlock)
    }
    return _Laid(rows, totals, sections | subtotals)


def _columns(columns: Sequence[AmountColumn]) -> list[Column]:
    return [
        Column("account", "account"),
        Column("name", "account_name"),
        *(Column(c.key, c.label, ColumnKind.MONEY, c.dates) for c in columns),
    ]


@attrs.frozen(kw_only=True)
class BalanceSheet(Report):
    """Assets, liabilities and equity on a date, in sections (laporan posisi keuangan).

    Attributes:
        as_of: The balance-sheet date.
        total_assets: Sum of the asset sections.
        total_liabilities_equity: Liabilities plus equity plus unclosed earnings.
        sections: Each section's and subtotal's amount in the current column, by
            section key or subtotal label.
        comparatives: The dates of the comparative columns, in order.
    """

    as_of: date
    total_assets: Money
    total_liabilities_equity: Money
    sections: Mapping[str, Money]
    comparatives: tuple[date, ...] = ()

    @property
    def is_balanced(self) -> bool:
        """True when assets equal liabilities plus equity."""
        return self.total_assets == self.total_liabilities_equity


def balance_sheet(
    entity: str,
    currency: str,
    chart: Mapping[str, Account],
    layout: StatementLayout,
    columns: Sequence[AmountColumn],
) -> BalanceSheet:
    """Build the balance sheet; ``columns[0]`` is the current date, the rest comparatives.

    Income and expense not yet closed show as one line, current-year earnings, in the
    layout's earnings section, so the statement balances on any date.
    """
    laid = _lay_out(chart, layout, columns, currency)
    current = columns[0].dates[0]
    asset_total = 0
    other_total = 0
    for item in layout.items:
        if isinstance(item, SectionBlock):
            value = laid.sections[item.section][0]
            if item.side is Side.DEBIT:
                asset_total += value
            else:
                other_total += value
    money = {k: Money.from_minor(v[0], currency) for k, v in laid.sections.items()}
    return BalanceSheet(
        title="balance_sheet",
        subtitle=entity,
        currency=currency,
        period=(current,),
        columns=_columns(columns),
        rows=laid.rows,
        totals=laid.totals,
        as_of=current,
        total_assets=Money.from_minor(asset_total, currency),
        total_liabilities_equity=Money.from_minor(other_total, currency),
        sections=money,
        comparatives=tuple(c.dates[0] for c in columns[1:]),
    )


@attrs.frozen(kw_only=True)
class IncomeStatement(Report):
    """Income and expenses of a period in sections with subtotals (laporan laba rugi).

    Attributes:
        start: First day.
        end: Last day.
        total_income: Sum of income accounts.
        total_expense: Sum of expense accounts.
        net_income: Income less expenses.
        sections: Each section's and subtotal's amount in the current column
            (``gross_profit``, ``operating_profit``…), by section key or label.
        comparatives: The (start, end) spans of the comparative columns, in order.
    """

    start: date
    end: date
    total_income: Money
    total_expense: Money
    net_income: Money
    sections: Mapping[str, Money]
    comparatives: tuple[tuple[date, date], ...] = ()


def income_statement(
    entity: str,
    currency: str,
    chart: Mapping[str, Account],
    layout: StatementLayout,
    columns: Sequence[AmountColumn],
    period: tuple[date, date],
) -> IncomeStatement:
    """Build the income statement; the ``amount`` column gives the typed totals."""
    laid = _lay_out(chart, layout, columns, currency)
    main = next(i for i, c in enumerate(columns) if c.key == "amount")
    income = expense = 0
    for code, units in columns[main].balances.items():
        account = chart.get(code)
        if account is not None and account.type is AccountType.INCOME:
            income -= units
        elif account is not None and account.type is AccountType.EXPENSE:
            expense += units
    money = {k: Money.from_minor(v[main], currency) for k, v in laid.sections.items()}
    return IncomeStatement(
        title="income_statement",
        subtitle=entity,
        currency=currency,
        period=period,
        columns=_columns(columns),
        rows=laid.rows,
        totals=laid.totals,
        start=period[0],
        end=period[1],
        total_income=Money.from_minor(income, currency),
        total_expense=Money.from_minor(expense, currency),
        net_income=Money.from_minor(income - expense, currency),
        sections=money,
        comparatives=tuple(
            (c.dates[0], c.dates[-1]) for c in columns if c.key.startswith("compare")
        ),
    )
