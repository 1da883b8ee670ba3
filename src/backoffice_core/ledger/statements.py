"""Statements: balances and every ledger report, each from one store aggregate.

:class:`Statements` is the part of the ledger service that reads: an account's
balance, the trial balance, general ledger, balance sheet, income statement, direct
cash-flow statement and budget vs actual. The report objects themselves are built by
:mod:`~backoffice_core.ledger.reports`.
"""

from __future__ import annotations

from datetime import date

from backoffice_core.errors import InvalidInputError
from backoffice_core.ledger import reports
from backoffice_core.ledger.arguments import as_date, as_month, day_before
from backoffice_core.ledger.books import Books
from backoffice_core.ledger.models import Side
from backoffice_core.money import Money
from backoffice_core.periods import Month

__all__ = ["Statements"]


class Statements(Books):
    """Balances and reports (part of :class:`~backoffice_core.ledger.Ledger`)."""

    def balance(self, account: str, as_of: date, *, currency: str | None = None) -> Money:
        """Return an account's balance on ``as_of``, sub-accounts included.

        The balance is signed by the account's normal balance: a liability with more
        credits than debits has a positive balance.

        Args:
            account: The account code.
            as_of: The last date included.
            currency: A transaction currency to report in; the base currency (with
                every line converted at its posting rate) when omitted.
        """
        top = self.account(account)
        as_of = as_date(as_of, "balance date")
        chart = self._store.get_accounts()
        codes = reports.descendants(chart, account)
        cur = currency or self.base_currency
        total = 0
        for row in self._store.balances(None, as_of):
            if row.account in codes and (currency is None or row.currency == currency):
                total += row.amount if currency else row.base
        sign = 1 if top.normal_balance is Side.DEBIT else -1
        return Money.from_minor(sign * total, cur)

    def trial_balance(self, as_of: date) -> reports.TrialBalance:
        """Return the trial balance on ``as_of`` in base currency.

        Raises:
            InvalidInputError: If ``as_of`` is not a date.
        """
        as_of = as_date(as_of, "trial balance date")
        return reports.trial_balance(self._report_input(), self._store.balances(None, as_of), as_of)

    def general_ledger(self, account: str, start: date | None, end: date) -> reports.GeneralLedger:
        """Return an account's lines from ``start`` to ``end`` with running balance."""
        acct = self.account(account)
        start = None if start is None else as_date(start, "general ledger start")
        end = as_date(end, "general ledger end")
        before = None if start is None else day_before(start)
        opening = 0
        if before is not None:
            for row in self._store.balances(None, before):
                if row.account == account:
                    opening += row.base
        return reports.general_ledger(
            self._report_input(),
            acct,
            opening,
            self._store.account_lines(account, start, end),
            start,
            end,
        )

    def balance_sheet(self, as_of: date, *, compare_to: date | None = None) -> reports.BalanceSheet:
        """Return the balance sheet on ``as_of``, optionally beside ``compare_to``.

        Raises:
            InvalidInputError: If a date is not a date.
        """
        as_of = as_date(as_of, "balance sheet date")
        compare_to = None if compare_to is None else as_date(compare_to, "comparative date")
        current = self._store.balances(None, as_of)
        prior = self._store.balances(None, compare_to) if compare_to else None
        return reports.balance_sheet(self._report_input(), current, as_of, prior, compare_to)

    def income_statement(
        self, start: date, end: date, *, compare: tuple[date, date] | None = None
    ) -> reports.IncomeStatement:
        """Return the income statement (laba rugi) for ``start``..``end``.

        Args:
            start: First day.
            end: Last day.
            compare: Another period (start, end) shown beside it.

        Raises:
            InvalidInputError: If a date is not a date, or ``compare`` not a pair of them.
        """
        start, end = as_date(start, "period start"), as_date(end, "period end")
        if compare is not None:
            if not isinstance(compare, tuple) or len(compare) != 2:
                raise InvalidInputError(
                    f"comparative period {compare!r} is not a (start, end) pair of dates"
                )
            compare = (as_date(compare[0], "period start"), as_date(compare[1], "period end"))
        current = self._store.balances(start, end, exclude_closing=True)
        prior = self._store.balances(*compare, exclude_closing=True) if compare else None
        return reports.income_statement(self._report_input(), current, (start, end), prior, compare)

    def cash_flow(self, start: date, end: date) -> reports.CashFlowStatement:
        """Return the cash-flow statement for ``start``..``end`` by the direct method.

        Cash is every account flagged ``cash=True``; each movement of cash is shown
        under the activity of the counter-account it was posted against.

        Raises:
            InvalidInputError: If a date is not a date.
        """
        start, end = as_date(start, "period start"), as_date(end, "period end")
        before = day_before(start)
        chart = self._store.get_accounts()
        cash = [c for c, a in chart.items() if a.cash]
        flows = self._store.cash_flows(cash, start, end) if cash else []
        opening = (
            0
            if before is None
            else sum(r.base for r in self._store.balances(None, before) if r.account in cash)
        )
        closing = sum(r.base for r in self._store.balances(None, end) if r.account in cash)
        return reports.cash_flow(self._report_input(), flows, opening, closing, (start, end))

    def budget_vs_actual(self, start: str | Month, end: str | Month) -> reports.BudgetVsActual:
        """Compare budgets with actual movements for the months ``start``..``end``.

        Raises:
            InvalidInputError: If a month is not a month.
        """
        first, last = as_month(start), as_month(end)
        budgets = self._store.get_budgets(str(first), str(last))
        actual = self._store.balances(first.first_day, last.last_day, exclude_closing=True)
        return reports.budget_vs_actual(self._report_input(), budgets, actual, (first, last))

    def _report_input(self) -> reports.ReportInput:
        return reports.ReportInput(
            self._context.entity, self.base_currency, self._store.get_accounts()
        )
