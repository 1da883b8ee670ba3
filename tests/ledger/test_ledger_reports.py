"""Ledger reports computed on small books whose figures are worked out by hand.

The books (generic chart, rupiah, in millions):

- 2025-12-20 share capital 100 paid into the bank; 2025-12-28 December rent 5 from the bank.
- 2026-01-03 bank loan 50 (financing); 2026-01-05 equipment 30 (investing).
- 2026-01-10 credit sale 20 plus 2.2 tax; 2026-01-15 the customer pays 22.2.
- 2026-01-20 cash sale 8 into cash on hand; 2026-01-25 salaries 12 from the bank.
- 2026-01-31 January rent 5 from cash on hand; 2026-02-02 February rent 5 from the bank.

January: income 28, expenses 17, net income 11. Cash: 95 on 31 December, then
operating +13.2, investing -30, financing +50, so 128.2 on 31 January.
"""

from __future__ import annotations

from datetime import date

import pytest

from backoffice_core import BackOffice, Money
from backoffice_core.ledger import Activity, Line, generic_chart
from backoffice_core.reporting import Label, Report


def m(millions: str) -> Money:
    """Return an amount of rupiah given in millions."""
    return Money(millions, "IDR") * 1_000_000


def pay(office: BackOffice, on: date, entry_id: str, debit: str, credit: str, amount: str) -> None:
    """Post a two-line entry."""
    office.ledger.post(
        on,
        entry_id,
        [Line.debit(debit, m(amount)), Line.credit(credit, m(amount))],
        id=entry_id,
    )


@pytest.fixture
def books(office: BackOffice) -> BackOffice:
    """The office with the hand-computed books of the module docstring."""
    office.ledger.load_chart(generic_chart())
    pay(office, date(2025, 12, 20), "capital", "1120", "3100", "100")
    pay(office, date(2025, 12, 28), "rent-dec", "6110", "1120", "5")
    pay(office, date(2026, 1, 3), "loan", "1120", "2500", "50")
    pay(office, date(2026, 1, 5), "equipment", "1500", "1120", "30")
    office.ledger.post(
        date(2026, 1, 10),
        "credit sale",
        [
            Line.debit("1200", m("22.2")),
            Line.credit("4100", m("20")),
            Line.credit("2200", m("2.2")),
        ],
        id="credit-sale",
    )
    pay(office, date(2026, 1, 15), "receipt", "1120", "1200", "22.2")
    pay(office, date(2026, 1, 20), "cash-sale", "1110", "4100", "8")
    pay(office, date(2026, 1, 25), "salaries", "6100", "1120", "12")
    pay(office, date(2026, 1, 31), "rent-jan", "6110", "1110", "5")
    pay(office, date(2026, 2, 2), "rent-feb", "6110", "1120", "5")
    return office


JAN_START, JAN_END, DEC_END = date(2026, 1, 1), date(2026, 1, 31), date(2025, 12, 31)


def amounts(report: Report, key: str = "amount") -> dict[str, Money]:
    """Map account code to the ``key`` column of a report's account rows (no subtotals)."""
    return {
        r["account"]: r[key]
        for r in report.rows
        if r.get("account") and not isinstance(r["account"], Label) and r.get(key) is not None
    }


class TestTrialBalance:
    def test_columns(self, books: BackOffice) -> None:
        """Each account with a balance shows it on its normal side."""
        tb = books.ledger.trial_balance(as_of=JAN_END)
        assert amounts(tb, "debit") == {
            "1110": m("3"),
            "1120": m("125.2"),
            "1500": m("30"),
            "6100": m("12"),
            "6110": m("10"),
        }
        assert amounts(tb, "credit") == {
            "2200": m("2.2"),
            "2500": m("50"),
            "3100": m("100"),
            "4100": m("28"),
        }

    def test_totals(self, books: BackOffice) -> None:
        """Total debits equal total credits and equal the hand-computed sum."""
        tb = books.ledger.trial_balance(as_of=JAN_END)
        assert (tb.total_debit, tb.total_credit) == (m("180.2"), m("180.2"))
        assert tb.is_balanced

    def test_zero_balances_left_out(self, books: BackOffice) -> None:
        """An account whose movements net to zero (the paid receivable) has no row."""
        tb = books.ledger.trial_balance(as_of=JAN_END)
        assert "1200" not in {r["account"] for r in tb.rows}

    def test_as_of_cuts_off_later_entries(self, books: BackOffice) -> None:
        """Entries dated after ``as_of`` are not counted."""
        tb = books.ledger.trial_balance(as_of=DEC_END)
        assert amounts(tb, "debit") == {"1120": m("95"), "6110": m("5")}

    def test_reversed_entry_nets_out(self, books: BackOffice) -> None:
        """A reversed entry leaves no balance behind."""
        pay(books, date(2026, 1, 30), "mistake", "6100", "1110", "1")
        books.ledger.reverse("mistake")
        tb = books.ledger.trial_balance(as_of=JAN_END)
        assert amounts(tb, "debit")["6100"] == m("12")
        assert amounts(tb, "debit")["1110"] == m("3")


class TestIncomeStatement:
    def test_lines(self, books: BackOffice) -> None:
        """Income and expense accounts show the period's movement with a positive sign."""
        report = books.ledger.income_statement(JAN_START, JAN_END)
        assert amounts(report) == {"4100": m("28"), "6100": m("12"), "6110": m("5")}

    def test_totals(self, books: BackOffice) -> None:
        """Net income is income less expenses of the period only."""
        report = books.ledger.income_statement(JAN_START, JAN_END)
        assert (report.total_income, report.total_expense) == (m("28"), m("17"))
        assert report.net_income == m("11")

    def test_comparative_column(self, books: BackOffice) -> None:
        """A comparative period fills a second column with its own movements."""
        report = books.ledger.income_statement(
            JAN_START, JAN_END, compare=(date(2025, 12, 1), DEC_END)
        )
        assert amounts(report, "compare_1") == {
            "4100": m("0"),
            "6100": m("0"),
            "6110": m("5"),
        }
        assert report.totals[-1]["compare_1"] == m("-5")

    def test_ignores_year_end_close(self, books: BackOffice) -> None:
        """Closing the year does not erase the year's income statement."""
        books.ledger.close_year(2025, "3200")
        report = books.ledger.income_statement(date(2025, 1, 1), DEC_END)
        assert report.net_income == m("-5")


class TestBalanceSheet:
    def test_balances_with_current_earnings(self, books: BackOffice) -> None:
        """Assets equal liabilities, equity and the unclosed earnings."""
        bs = books.ledger.balance_sheet(JAN_END)
        assert bs.total_assets == m("158.2")
        assert bs.total_liabilities_equity == m("158.2")
        assert bs.is_balanced

    def test_current_earnings_row(self, books: BackOffice) -> None:
        """Unclosed income less expenses since the start of the books shows as one row."""
        bs = books.ledger.balance_sheet(JAN_END)
        earnings = [r for r in bs.rows if r.get("name") == "retained_earnings_current"]
        assert [r["amount"] for r in earnings] == [m("6")]

    def test_after_year_end_close(self, books: BackOffice) -> None:
        """After closing 2025, its loss sits in retained earnings and only 2026 is current."""
        books.ledger.close_year(2025, "3200")
        bs = books.ledger.balance_sheet(JAN_END)
        earnings = [r["amount"] for r in bs.rows if r.get("name") == "retained_earnings_current"]
        assert amounts(bs)["3200"] == m("-5")
        assert earnings == [m("11")]
        assert bs.is_balanced

    def test_comparative_column(self, books: BackOffice) -> None:
        """The comparative column holds the balances on the earlier date."""
        bs = books.ledger.balance_sheet(JAN_END, compare=DEC_END)
        assert amounts(bs, "compare_1")["1120"] == m("95")
        assert amounts(bs, "compare_1")["2500"] == m("0")
        assert bs.totals[-1]["compare_1"] == m("95")

    def test_sections(self, books: BackOffice) -> None:
        """Asset rows come before the total assets row, liabilities and equity after it."""
        bs = books.ledger.balance_sheet(JAN_END)
        keys = [r.get("account") or r["name"] for r in bs.rows if r.get("_style") != "heading"]
        split = keys.index("total_assets")
        assert keys[:split] == [
            "1110",
            "1120",
            "total_current_assets",
            "1500",
            "total_non_current_assets",
        ]
        assert keys[split + 1 :] == [
            "2200",
            "total_current_liabilities",
            "2500",
            "total_non_current_liabilities",
            "total_liabilities",
            "3100",
            "retained_earnings_current",
            "total_equity",
        ]


class TestCashFlow:
    def test_reconciles(self, books: BackOffice) -> None:
        """Opening cash plus the net change equals closing cash."""
        cf = books.ledger.cash_flow(JAN_START, JAN_END)
        assert (cf.opening_cash, cf.net_change, cf.closing_cash) == (
            m("95"),
            m("33.2"),
            m("128.2"),
        )
        assert cf.reconciles

    def test_by_activity(self, books: BackOffice) -> None:
        """Each cash movement counts under its counter-account's activity."""
        cf = books.ledger.cash_flow(JAN_START, JAN_END)
        assert cf.by_activity == {
            Activity.OPERATING: m("13.2"),
            Activity.INVESTING: m("-30"),
            Activity.FINANCING: m("50"),
        }

    def test_rows_by_counter_account(self, books: BackOffice) -> None:
        """Cash received and paid show per counter-account in their own columns."""
        cf = books.ledger.cash_flow(JAN_START, JAN_END)
        assert amounts(cf, "cash_in") == {"1200": m("22.2"), "2500": m("50"), "4100": m("8")}
        assert amounts(cf, "cash_out") == {"1500": m("30"), "6100": m("12"), "6110": m("5")}

    def test_activity_order(self, books: BackOffice) -> None:
        """Operating rows come first, then investing, then financing."""
        cf = books.ledger.cash_flow(JAN_START, JAN_END)
        order = [r["activity"] for r in cf.rows]
        assert order == sorted(order, key=list(Activity).index)
        assert order[0] is Activity.OPERATING

    def test_transfer_between_cash_accounts(self, books: BackOffice) -> None:
        """Moving money from the bank to cash on hand is not a cash flow."""
        pay(books, date(2026, 1, 30), "petty-cash", "1110", "1120", "2")
        cf = books.ledger.cash_flow(JAN_START, JAN_END)
        assert cf.net_change == m("33.2")
        assert "1120" not in amounts(cf, "cash_out")

    def test_ignores_closing_entry(self, books: BackOffice) -> None:
        """The year-end closing entry moves no cash."""
        books.ledger.close_year(2025, "3200")
        cf = books.ledger.cash_flow(date(2025, 12, 1), DEC_END)
        assert cf.by_activity[Activity.OPERATING] == m("-5")
        assert cf.by_activity[Activity.FINANCING] == m("100")


class TestBudgetVsActual:
    def test_variance(self, books: BackOffice) -> None:
        """Expense variance is budget less actual; a parent covers its unbudgeted children."""
        books.ledger.set_budget("6110", "2026-01", m("6"))
        books.ledger.set_budget("6100", "2026-01", m("10"))
        report = books.ledger.budget_vs_actual("2026-01", "2026-01")
        assert amounts(report, "actual") == {"6100": m("12"), "6110": m("5")}
        assert amounts(report, "variance") == {"6100": m("-2"), "6110": m("1")}
        assert (report.expense_budget, report.expense_actual) == (m("16"), m("17"))

    def test_income_sign(self, books: BackOffice) -> None:
        """Income actuals carry their normal (credit) sign, so they compare with budgets."""
        books.ledger.set_budget("4100", "2026-01", m("25"))
        report = books.ledger.budget_vs_actual("2026-01", "2026-01")
        assert amounts(report, "actual") == {"4100": m("28")}

    def test_month_range(self, books: BackOffice) -> None:
        """A range of months adds up the budgets and the actuals of every month in it."""
        books.ledger.set_budget("6110", "2026-01", m("6"))
        books.ledger.set_budget("6110", "2026-02", m("6"))
        report = books.ledger.budget_vs_actual("2026-01", "2026-02")
        assert amounts(report, "budget") == {"6110": m("12")}
        assert amounts(report, "actual") == {"6110": m("10")}

    def test_parent_account_rolls_up(self, books: BackOffice) -> None:
        """A budget on a parent account compares with the movements of its sub-accounts."""
        books.ledger.set_budget("6000", "2026-01", m("20"))
        report = books.ledger.budget_vs_actual("2026-01", "2026-01")
        assert amounts(report, "actual") == {"6000": m("17")}

    def test_only_budgeted_accounts(self, books: BackOffice) -> None:
        """Accounts without a budget in the range have no row."""
        books.ledger.set_budget("6110", "2026-02", m("6"))
        report = books.ledger.budget_vs_actual("2026-01", "2026-01")
        assert report.rows == []


class TestGeneralLedger:
    def test_running_balance(self, books: BackOffice) -> None:
        """Each line carries the balance after it, starting from the opening balance."""
        gl = books.ledger.general_ledger("1120", JAN_START, JAN_END)
        assert [r["entry"] for r in gl.rows] == ["loan", "equipment", "receipt", "salaries"]
        assert [r["balance"] for r in gl.rows] == [m("145"), m("115"), m("137.2"), m("125.2")]

    def test_opening_and_closing(self, books: BackOffice) -> None:
        """Opening is the balance the day before ``start``; closing the last running balance."""
        gl = books.ledger.general_ledger("1120", JAN_START, JAN_END)
        assert (gl.opening, gl.closing) == (m("95"), m("125.2"))
        assert gl.closing == books.ledger.balance("1120", JAN_END)

    def test_debit_and_credit_columns(self, books: BackOffice) -> None:
        """Debits and credits are shown as positive amounts in their own columns."""
        gl = books.ledger.general_ledger("1120", JAN_START, JAN_END)
        assert [r["debit"] for r in gl.rows] == [m("50"), None, m("22.2"), None]
        assert [r["credit"] for r in gl.rows] == [None, m("30"), None, m("12")]

    def test_credit_normal_account(self, books: BackOffice) -> None:
        """An income account's running balance grows with credits."""
        gl = books.ledger.general_ledger("4100", None, JAN_END)
        assert [r["balance"] for r in gl.rows] == [m("20"), m("28")]
        assert gl.opening == m("0")
