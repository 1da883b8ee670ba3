"""Statements: balances and every ledger report, each from store aggregates.

:class:`Statements` is the part of the ledger service that reads: an account's
balance, the trial balance, general ledger, balance sheet, income statement, direct
cash-flow statement and budget vs actual. The report objects themselves are built by
:mod:`~backoffice_core.ledger.reports`, :mod:`~backoffice_core.ledger.financial_statements`
and :mod:`~backoffice_core.ledger.budgets`. Every date argument takes a ``date`` or an
ISO string, every month a ``Month``, a ``date`` or ``"YYYY-MM"``, and every statement
takes its comparative columns through the same ``compare`` argument.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TypeVar

import attrs

from backoffice_core.errors import InvalidInputError
from backoffice_core.ledger import budgets, cash_allocation, reports
from backoffice_core.ledger.arguments import day_before
from backoffice_core.ledger.books import Books
from backoffice_core.ledger.comparison import (
    DateLike,
    MonthLike,
    PointComparisons,
    SpanComparisons,
    as_date,
    as_month,
    compare_points,
    compare_spans,
)
from backoffice_core.ledger.financial_statements import (
    AmountColumn,
    BalanceSheet,
    IncomeStatement,
    balance_sheet,
    income_statement,
)
from backoffice_core.ledger.layouts import (
    StatementLayout,
    balance_sheet_layout,
    income_statement_layout,
)
from backoffice_core.ledger.models import Side
from backoffice_core.money import Money
from backoffice_core.reporting import Report

__all__ = ["Statements"]

_NO_VALUE = ""
_R = TypeVar("_R", bound=Report)


def _matches(dimensions: Mapping[str, str], where: Mapping[str, str]) -> bool:
    return all(dimensions.get(k) == v for k, v in where.items())


class Statements(Books):
    """Balances and reports (part of :class:`~backoffice_core.ledger.Ledger`)."""

    @property
    def entity(self) -> str:
        """The legal entity whose books these are."""
        return self._context.entity

    def balance(self, account: str, as_of: DateLike, *, currency: str | None = None) -> Money:
        """Return an account's balance on ``as_of``, sub-accounts included.

        The balance is signed by the account's normal balance: a liability with more
        credits than debits has a positive balance.

        Args:
            account: The account code.
            as_of: The last date included (a date or an ISO string).
            currency: A transaction currency to report in; the base currency (with
                every line converted at its posting rate) when omitted.

        Raises:
            InvalidInputError: If ``as_of`` is not a date.
        """
        day = as_date(as_of, "as_of")
        top = self.account(account)
        chart = self._store.get_accounts()
        codes = reports.descendants(chart, account)
        cur = currency or self.base_currency
        total = 0
        for row in self._store.balances(None, day):
            if row.account in codes and (currency is None or row.currency == currency):
                total += row.amount if currency else row.base
        sign = 1 if top.normal_balance is Side.DEBIT else -1
        return Money.from_minor(sign * total, cur)

    def _sums(
        self,
        start: date | None,
        end: date,
        *,
        exclude_closing: bool = False,
        where: Mapping[str, str] | None = None,
    ) -> dict[str, int]:
        """Debit-signed base units by account, optionally only lines matching ``where``."""
        out: dict[str, int] = {}
        if not where:
            for row in self._store.balances(start, end, exclude_closing=exclude_closing):
                out[row.account] = out.get(row.account, 0) + row.base
            return out
        for drow in self._store.dimension_balances(start, end, exclude_closing=exclude_closing):
            if _matches(drow.dimensions, where):
                out[drow.account] = out.get(drow.account, 0) + drow.base
        return out

    def _sums_by(
        self, start: date | None, end: date, by: str, where: Mapping[str, str] | None, **kw: bool
    ) -> dict[str, dict[str, int]]:
        """Debit-signed base units by dimension value (``""`` for none), then by account."""
        out: dict[str, dict[str, int]] = {}
        for row in self._store.dimension_balances(start, end, **kw):
            if where and not _matches(row.dimensions, where):
                continue
            group = out.setdefault(row.dimensions.get(by, _NO_VALUE), {})
            group[row.account] = group.get(row.account, 0) + row.base
        return out

    def trial_balance(
        self,
        as_of: DateLike,
        *,
        where: Mapping[str, str] | None = None,
        by: str | None = None,
    ) -> reports.TrialBalance:
        """Return the trial balance on ``as_of`` in base currency.

        Args:
            as_of: The last date included (a date or an ISO string).
            where: Only lines whose dimensions have these values
                (``{"department": "sales"}``). A filtered trial balance need not
                balance: an entry's lines may belong to different departments.
            by: A dimension name: one row per account and value of that dimension.

        Raises:
            InvalidInputError: If ``as_of`` is not a date.
        """
        day = as_date(as_of, "as_of")
        groups: dict[str | None, dict[str, int]] = {}
        if by is None:
            groups[None] = self._sums(None, day, where=where)
        else:
            groups.update(self._sums_by(None, day, by, where))
        return self._local(reports.trial_balance(self._report_input(), groups, day, by))

    def general_ledger(
        self, account: str, start: DateLike | None, end: DateLike
    ) -> reports.GeneralLedger:
        """Return an account's lines from ``start`` to ``end`` with running balance.

        Raises:
            InvalidInputError: If a date is not a date.
        """
        first = None if start is None else as_date(start, "start")
        last = as_date(end, "end")
        acct = self.account(account)
        before = None if first is None else day_before(first)
        opening = 0
        if before is not None:
            for row in self._store.balances(None, before):
                if row.account == account:
                    opening += row.base
        report = reports.general_ledger(
            self._report_input(),
            acct,
            opening,
            self._store.account_lines(account, first, last),
            first,
            last,
        )
        return self._local(report)

    def balance_sheet(
        self,
        as_of: DateLike,
        *,
        compare: PointComparisons = None,
        layout: StatementLayout | None = None,
    ) -> BalanceSheet:
        """Return the balance sheet (laporan posisi keuangan) on ``as_of``, in sections.

        Args:
            as_of: The balance-sheet date (a date or an ISO string).
            compare: Comparative columns: ``Compare.PREVIOUS_PERIOD`` (the previous
                month end), ``Compare.PREVIOUS_YEAR``, a date, or a list of these.
            layout: The sections and subtotals; the SAK EMKM / ETAP layout of
                :func:`~backoffice_core.ledger.balance_sheet_layout` by default.

        Raises:
            InvalidInputError: If a date is not a date.
        """
        day = as_date(as_of, "as_of")
        columns = [AmountColumn("amount", "", (day,), self._sums(None, day))]
        for n, other in enumerate(compare_points(day, compare), start=1):
            columns.append(AmountColumn(f"compare_{n}", "", (other,), self._sums(None, other)))
        report = balance_sheet(
            self._context.entity,
            self.base_currency,
            self._store.get_accounts(),
            layout or balance_sheet_layout(),
            columns,
        )
        return self._local(report)

    def income_statement(
        self,
        start: DateLike,
        end: DateLike,
        *,
        compare: SpanComparisons = None,
        layout: StatementLayout | None = None,
        where: Mapping[str, str] | None = None,
        by: str | None = None,
    ) -> IncomeStatement:
        """Return the income statement (laporan laba rugi) for ``start``..``end``.

        Args:
            start: First day (a date or an ISO string).
            end: Last day.
            compare: Comparative columns: ``Compare.PREVIOUS_PERIOD`` (as many months
                or days just before), ``Compare.PREVIOUS_YEAR``, a ``(start, end)``
                pair, or a list of these.
            layout: The sections and subtotals; the SAK EMKM / ETAP layout of
                :func:`~backoffice_core.ledger.income_statement_layout` by default.
            where: Only lines whose dimensions have these values.
            by: A dimension name: one column per value of that dimension (lines
                without it under an empty heading) and a total column.

        Raises:
            InvalidInputError: If both ``compare`` and ``by`` are given, or a date is
                not a date.
        """
        first, last = as_date(start, "start"), as_date(end, "end")
        if compare is not None and by is not None:
            raise InvalidInputError(
                "income_statement() takes compare= or by=, not both: one sets the "
                "columns to periods, the other to dimension values"
            )
        span = (first, last)
        columns = []
        if by is not None:
            groups = self._sums_by(first, last, by, where, exclude_closing=True)
            for n, value in enumerate(sorted(groups), start=1):
                columns.append(AmountColumn(f"{by}_{n}", value or "—", (), groups[value]))
            total: dict[str, int] = {}
            for group in groups.values():
                for code, units in group.items():
                    total[code] = total.get(code, 0) + units
            columns.append(AmountColumn("amount", "total", (), total))
        else:
            current = self._sums(first, last, exclude_closing=True, where=where)
            columns.append(AmountColumn("amount", "", span, current))
            for n, (a, b) in enumerate(compare_spans(first, last, compare), start=1):
                sums = self._sums(a, b, exclude_closing=True, where=where)
                columns.append(AmountColumn(f"compare_{n}", "", (a, b), sums))
        report = income_statement(
            self._context.entity,
            self.base_currency,
            self._store.get_accounts(),
            layout or income_statement_layout(),
            columns,
            span,
        )
        return self._local(report)

    def cash_flow(
        self, start: DateLike, end: DateLike, *, compare: SpanComparisons = None
    ) -> reports.CashFlowStatement:
        """Return the cash-flow statement for ``start``..``end`` by the direct method.

        Cash is every account flagged ``cash=True``. The cash an entry moves is
        allocated to its counter-lines on the other side in proportion to their
        amounts, so that a counter-line on the same side as the cash (a tax withheld
        from a payment, a fee deducted from a receipt) moves no cash.

        Args:
            start: First day (a date or an ISO string).
            end: Last day.
            compare: Comparative net-cash columns, as for :meth:`income_statement`.

        Raises:
            InvalidInputError: If a date is not a date.
        """
        first, last = as_date(start, "start"), as_date(end, "end")
        chart = self._store.get_accounts()
        cash = [c for c, a in chart.items() if a.cash]

        def flows(a: date, b: date) -> dict[str, int]:
            rows = self._store.cash_entry_lines(cash, a, b) if cash else []
            return cash_allocation.cash_by_counter_account(rows, set(cash))

        def cash_on(day: date | None) -> int:
            if day is None:  # the day before date.min: nothing was posted yet
                return 0
            return sum(r.base for r in self._store.balances(None, day) if r.account in cash)

        others = [(span, flows(*span)) for span in compare_spans(first, last, compare)]
        report = reports.cash_flow(
            self._report_input(),
            flows(first, last),
            cash_on(day_before(first)),
            cash_on(last),
            (first, last),
            others,
        )
        return self._local(report)

    def budget_vs_actual(self, start: MonthLike, end: MonthLike) -> budgets.BudgetVsActual:
        """Compare budgets with actual movements for the months ``start``..``end``.

        Income and expense accounts show in their own sections with totals and the
        net; variance is favourable when income beats or expense stays under budget.
        A budget on a parent covers the parent and those accounts below it that have
        no budget of their own, so no movement counts twice.

        Raises:
            InvalidInputError: If a month is not a month.
        """
        first, last = as_month(start, "start"), as_month(end, "end")
        lines = self._store.get_budgets(str(first), str(last))
        actual = self._sums(first.first_day, last.last_day, exclude_closing=True)
        report = budgets.budget_vs_actual(self._report_input(), lines, actual, (first, last))
        return self._local(report)

    def _local(self, report: _R) -> _R:
        """Return ``report`` rendering in the office's locale by default."""
        return attrs.evolve(report, locale=self._context.locale)

    def _report_input(self) -> reports.ReportInput:
        return reports.ReportInput(
            self._context.entity, self.base_currency, self._store.get_accounts()
        )
