"""SAK statements in sections, comparatives, header accounts, budgets, dimensions, cash flow.

The books use the Indonesian chart (rupiah, in millions): capital 500 into the bank;
sales 120 (service 20 of it, department "jasa"); cost of goods 50; rent 15 paid with
1.5 of PPh 4 ayat (2) withheld (13.5 from the bank); salaries 20 (department "jasa"
for 5 of it); interest income 2; bank charges 0.5; income tax 6. All in January 2026,
with December 2025 rent 10 for the comparatives.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice_core import BackOffice, Money
from backoffice_core.errors import InvalidInputError
from backoffice_core.jurisdictions.indonesia import chart_of_accounts
from backoffice_core.ledger import (
    Account,
    AccountType,
    Activity,
    Compare,
    HeaderAccountError,
    Line,
    Section,
    SectionBlock,
    Side,
    StatementLayout,
    Subtotal,
    generic_chart,
)
from backoffice_core.ledger.cash_allocation import allocate
from backoffice_core.ledger.comparison import as_date, as_month, compare_points, compare_spans
from backoffice_core.periods import Month
from backoffice_core.reporting import Label, Report

JAN_START, JAN_END, DEC_END = date(2026, 1, 1), date(2026, 1, 31), date(2025, 12, 31)


def m(millions: str) -> Money:
    """Return an amount of rupiah given in millions."""
    return Money(millions, "IDR") * 1_000_000


@pytest.fixture
def books(office: BackOffice) -> BackOffice:
    """The office with the books of the module docstring."""
    ledger = office.ledger
    ledger.load_chart(chart_of_accounts())

    def post(on: date, entry_id: str, *lines: Line) -> None:
        ledger.post(on, entry_id, list(lines), id=entry_id)

    post(date(2025, 12, 1), "capital", Line.debit("1121", m("500")), Line.credit("3100", m("500")))
    post(date(2025, 12, 20), "rent-dec", Line.debit("6110", m("10")), Line.credit("1121", m("10")))
    post(
        date(2026, 1, 5),
        "sales",
        Line.debit("1121", m("120")),
        Line.credit("4100", m("100")),
        Line.credit("4200", m("20"), department="jasa"),
    )
    post(date(2026, 1, 6), "cogs", Line.debit("5100", m("50")), Line.credit("1140", m("50")))
    post(
        date(2026, 1, 7),
        "rent",
        Line.debit("6110", m("15")),
        Line.credit("2143", m("1.5")),
        Line.credit("1121", m("13.5")),
    )
    post(
        date(2026, 1, 25),
        "salaries",
        Line.debit("6210", m("15"), department="dagang"),
        Line.debit("6210", m("5"), department="jasa"),
        Line.credit("1121", m("20")),
    )
    post(date(2026, 1, 28), "interest", Line.debit("1121", m("2")), Line.credit("7100", m("2")))
    post(date(2026, 1, 29), "fees", Line.debit("8100", m("0.5")), Line.credit("1121", m("0.5")))
    post(date(2026, 1, 31), "tax", Line.debit("9000", m("6")), Line.credit("2144", m("6")))
    return office


def amounts(report: Report, key: str = "amount") -> dict[str, Money]:
    """Map account code to the ``key`` column of a report's account rows."""
    return {
        r["account"]: r[key] for r in report.rows if r.get("account") and r.get(key) is not None
    }


def labelled(report: Report, key: str = "amount") -> dict[str, Money]:
    """Map each labelled line (section totals, subtotals, totals) to its ``key`` column."""
    return {
        str(r["name"]): r[key]
        for r in [*report.rows, *report.totals]
        if isinstance(r.get("name"), Label) and r.get(key) is not None
    }


class TestIncomeStatementSections:
    def test_sak_subtotals(self, books: BackOffice) -> None:
        """Gross profit, operating profit, profit before tax and net income follow SAK."""
        report = books.ledger.income_statement(JAN_START, JAN_END)
        lines = labelled(report)
        assert lines["total_revenue"] == m("120")
        assert lines["gross_profit"] == m("70")
        assert lines["operating_profit"] == m("35")
        assert lines["profit_before_tax"] == m("36.5")
        assert lines["net_income"] == m("30.5") == report.net_income

    def test_sections_in_order(self, books: BackOffice) -> None:
        """Section headings appear in the SAK order: revenue, cost, expenses, other, tax."""
        report = books.ledger.income_statement(JAN_START, JAN_END)
        headings = [str(r["name"]) for r in report.rows if r.get("_style") == "heading"]
        assert headings == [
            "revenue",
            "cost_of_revenue",
            "operating_expenses",
            "other_income",
            "other_expenses",
            "income_tax",
        ]

    def test_indonesian_headings(self, books: BackOffice) -> None:
        """The id_ID rendering uses the Indonesian headings and subtotal names."""
        text = books.ledger.income_statement(JAN_START, JAN_END).render("id_ID")
        for words in ("Pendapatan usaha", "Laba kotor", "Laba usaha", "Laba sebelum pajak"):
            assert words in text

    def test_section_from_the_chart(self, books: BackOffice) -> None:
        """A new account takes its parent's section; changing its section moves it."""
        books.ledger.add_account(
            Account(code="6160", name="Beban asuransi", type=AccountType.EXPENSE, parent="6100")
        )
        books.ledger.post(JAN_END, "ins", [Line.debit("6160", m("1")), Line.credit("1110", m("1"))])
        report = books.ledger.income_statement(JAN_START, JAN_END)
        assert labelled(report)["total_operating_expenses"] == m("36")
        books.ledger.update_account("6160", section=Section.OTHER_EXPENSES)
        report = books.ledger.income_statement(JAN_START, JAN_END)
        assert labelled(report)["total_other_expenses"] == m("1.5")

    def test_bad_section_refused(self, books: BackOffice) -> None:
        """A section that is not a lower-case key is refused by name; nothing changes."""
        with pytest.raises(InvalidInputError, match="account '6110' cannot take"):
            books.ledger.update_account("6110", section="Beban Sewa!")
        assert books.ledger.account("6110").section is None

    def test_custom_layout(self, books: BackOffice) -> None:
        """A layout of one's own decides the sections and subtotals."""
        layout = StatementLayout(
            (
                SectionBlock("revenue", Side.CREDIT),
                SectionBlock("other_income", Side.CREDIT),
                Subtotal("income", ("revenue", "other_income"), Side.CREDIT),
                SectionBlock("cost_of_revenue", Side.DEBIT),
                SectionBlock("operating_expenses", Side.DEBIT),
                SectionBlock("other_expenses", Side.DEBIT),
                SectionBlock("income_tax", Side.DEBIT),
                Subtotal(
                    "net_income",
                    (
                        "revenue",
                        "other_income",
                        "cost_of_revenue",
                        "operating_expenses",
                        "other_expenses",
                        "income_tax",
                    ),
                    Side.CREDIT,
                ),
            )
        )
        report = books.ledger.income_statement(JAN_START, JAN_END, layout=layout)
        assert labelled(report)["income"] == m("122")
        assert report.sections["net_income"] == m("30.5")

    def test_section_missing_from_layout(self, books: BackOffice) -> None:
        """An account whose section the layout does not show is named in the error."""
        layout = StatementLayout(
            (
                SectionBlock("revenue", Side.CREDIT),
                Subtotal("net_income", ("revenue",), Side.CREDIT),
            )
        )
        with pytest.raises(InvalidInputError, match="'5100'"):
            books.ledger.income_statement(JAN_START, JAN_END, layout=layout)

    def test_english_names(self, books: BackOffice) -> None:
        """In en_US the Indonesian chart's accounts show their English names."""
        text = books.ledger.income_statement(JAN_START, JAN_END).render("en_US")
        assert "Rent expense" in text
        assert "Beban sewa" not in text


class TestBalanceSheetSections:
    def test_current_and_non_current(self, books: BackOffice) -> None:
        """Assets and liabilities split into current and non-current with totals."""
        bs = books.ledger.balance_sheet(JAN_END)
        lines = labelled(bs)
        assert lines["total_current_assets"] == m("528")
        assert lines["total_current_liabilities"] == m("7.5")
        assert lines["total_equity"] == m("520.5")
        assert bs.is_balanced
        assert bs.total_assets == m("528")

    def test_earnings_in_equity(self, books: BackOffice) -> None:
        """Unclosed earnings show as one line inside the equity section."""
        bs = books.ledger.balance_sheet(JAN_END)
        names = [str(r["name"]) for r in bs.rows]
        assert names.index("retained_earnings_current") < names.index("total_equity")
        assert labelled(bs)["retained_earnings_current"] == m("20.5")

    def test_contra_asset_negative(self, books: BackOffice) -> None:
        """Accumulated depreciation reduces the non-current assets section."""
        books.ledger.post(
            JAN_END,
            "asset",
            [Line.debit("1240", m("12")), Line.credit("1121", m("12"))],
        )
        books.ledger.post(
            JAN_END,
            "depr",
            [Line.debit("6130", m("1")), Line.credit("1294", m("1"))],
        )
        bs = books.ledger.balance_sheet(JAN_END)
        assert amounts(bs)["1294"] == m("-1")
        assert labelled(bs)["total_non_current_assets"] == m("11")
        assert bs.is_balanced


class TestComparatives:
    def test_same_argument_on_every_statement(self, books: BackOffice) -> None:
        """``compare=Compare.PREVIOUS_PERIOD`` adds a column to all three statements."""
        ledger = books.ledger
        bs = ledger.balance_sheet(JAN_END, compare=Compare.PREVIOUS_PERIOD)
        pl = ledger.income_statement(JAN_START, JAN_END, compare=Compare.PREVIOUS_PERIOD)
        cf = ledger.cash_flow(JAN_START, JAN_END, compare=Compare.PREVIOUS_PERIOD)
        assert bs.comparatives == (DEC_END,)
        assert pl.comparatives == cf.comparatives == ((date(2025, 12, 1), DEC_END),)
        assert amounts(bs, "compare_1")["1121"] == m("490")
        assert labelled(pl, "compare_1")["net_income"] == m("-10")
        assert amounts(cf, "compare_1")["6110"] == m("-10")

    def test_previous_year_and_several(self, books: BackOffice) -> None:
        """A list of comparisons adds one column each, in order."""
        bs = books.ledger.balance_sheet(
            JAN_END, compare=[Compare.PREVIOUS_PERIOD, Compare.PREVIOUS_YEAR]
        )
        assert bs.comparatives == (DEC_END, date(2025, 1, 31))
        assert [c.key for c in bs.columns][-3:] == ["amount", "compare_1", "compare_2"]
        assert labelled(bs, "compare_2")["total_assets"] == m("0")

    def test_dates_as_strings(self, books: BackOffice) -> None:
        """Dates may be ISO strings wherever a report takes a date."""
        bs = books.ledger.balance_sheet("2026-01-31", compare="2025-12-31")
        assert bs.comparatives == (DEC_END,)
        assert books.ledger.trial_balance("2026-01-31").as_of == JAN_END

    def test_wrong_type_is_named(self, books: BackOffice) -> None:
        """A date of the wrong type raises InvalidInputError naming the argument."""
        with pytest.raises(InvalidInputError, match="as_of 20260131 is not a date"):
            books.ledger.balance_sheet(20260131)  # type: ignore[arg-type]

    def test_whole_months_compare_with_whole_months(self) -> None:
        """A quarter compares with the quarter before; odd spans with as many days."""
        spans = compare_spans(date(2026, 4, 1), date(2026, 6, 30), Compare.PREVIOUS_PERIOD)
        assert spans == [(date(2026, 1, 1), date(2026, 3, 31))]
        odd = compare_spans(date(2026, 1, 11), date(2026, 1, 20), Compare.PREVIOUS_PERIOD)
        assert odd == [(date(2026, 1, 1), date(2026, 1, 10))]

    def test_month_ends_stay_month_ends(self) -> None:
        """A year before the end of February 2025 is the end of February 2024."""
        assert compare_points(date(2025, 2, 28), Compare.PREVIOUS_YEAR) == [date(2024, 2, 29)]
        assert compare_points(date(2026, 3, 31), "previous_period") == [date(2026, 2, 28)]


class TestPeriodNames:
    @pytest.mark.parametrize("value", [Month(2026, 1), date(2026, 1, 15), "2026-01"])
    def test_month_forms(self, value: object) -> None:
        """A Month, a date inside it and 'YYYY-MM' name the same month."""
        assert as_month(value) == Month(2026, 1)

    def test_month_wrong_type(self) -> None:
        """Anything else is an InvalidInputError that shows the value."""
        with pytest.raises(InvalidInputError, match="month 202601 is not a month"):
            as_month(202601)

    def test_date_bad_string(self) -> None:
        """A string that is not an ISO date is refused by name."""
        with pytest.raises(InvalidInputError, match="'31/01/2026' is not a date"):
            as_date("31/01/2026")

    def test_budget_takes_a_date(self, books: BackOffice) -> None:
        """set_budget and budget_vs_actual take a date for a month."""
        books.ledger.set_budget("6110", JAN_END, m("15"))
        report = books.ledger.budget_vs_actual(JAN_START, Month(2026, 1))
        assert report.expense_budget == m("15")


class TestHeaderAccounts:
    def test_posting_to_header_refused(self, books: BackOffice) -> None:
        """A header account refuses postings with a message naming it and the way out."""
        before = books.ledger.trial_balance(JAN_END).rows
        with pytest.raises(HeaderAccountError, match=r"'6000' \(Beban usaha\) is a header"):
            books.ledger.post(
                JAN_END, "wrong", [Line.debit("6000", m("1")), Line.credit("1110", m("1"))]
            )
        assert books.ledger.trial_balance(JAN_END).rows == before

    def test_postability_is_stored(self, books: BackOffice) -> None:
        """The postable flag, section and names read back from the store as written."""
        account = books.ledger.account("1100")
        assert (account.postable, account.section) == (False, Section.CURRENT_ASSETS)
        assert account.names == {"en": "Current assets"}
        assert books.ledger.account("1110").postable

    def test_header_made_postable(self, books: BackOffice) -> None:
        """update_account(postable=True) lets a header take postings."""
        books.ledger.update_account("6000", postable=True)
        entry = books.ledger.post(
            JAN_END, "ok", [Line.debit("6000", m("1")), Line.credit("1110", m("1"))]
        )
        assert entry.lines[0].account == "6000"

    def test_templates_mark_headers(self) -> None:
        """In both templates exactly the accounts that group others are headers, or contras."""
        for chart in (chart_of_accounts(), generic_chart()):
            parents = {a.parent for a in chart if a.parent}
            headers = {a.code for a in chart if not a.postable}
            assert headers <= parents
            assert all(a.names for a in chart)


class TestBudgetVsActual:
    def test_parent_and_child_not_double_counted(self, books: BackOffice) -> None:
        """Budgets on a parent and its child count the child's actuals once."""
        books.ledger.set_budget("6100", "2026-01", m("20"))
        books.ledger.set_budget("6110", "2026-01", m("16"))
        report = books.ledger.budget_vs_actual("2026-01", "2026-01")
        assert amounts(report, "actual") == {"6100": m("0"), "6110": m("15")}
        assert report.expense_actual == m("15")

    def test_income_and_expense_sections(self, books: BackOffice) -> None:
        """Income and expenses have their own totals and the net closes the report."""
        books.ledger.set_budget("4000", "2026-01", m("100"))
        books.ledger.set_budget("6000", "2026-01", m("40"))
        report = books.ledger.budget_vs_actual("2026-01", "2026-01")
        assert (report.income_budget, report.income_actual) == (m("100"), m("120"))
        assert (report.expense_budget, report.expense_actual) == (m("40"), m("35"))
        assert (report.net_budget, report.net_actual) == (m("60"), m("85"))
        assert labelled(report, "budget")["total_income"] == m("100")

    def test_variance_and_status(self, books: BackOffice) -> None:
        """Income above budget and expense under it are favourable, with variance %."""
        books.ledger.set_budget("4100", "2026-01", m("80"))
        books.ledger.set_budget("6210", "2026-01", m("16"))
        report = books.ledger.budget_vs_actual("2026-01", "2026-01")
        rows = {r["account"]: r for r in report.rows if r.get("account")}
        assert rows["4100"]["variance"] == m("20")
        assert rows["4100"]["variance_pct"] == Decimal("25.0")
        assert rows["4100"]["status"] == "favourable"
        assert rows["6210"]["variance"] == m("-4")
        assert rows["6210"]["variance_pct"] == Decimal("-25.0")
        assert rows["6210"]["status"] == "unfavourable"

    def test_balance_sheet_account_refused(self, books: BackOffice) -> None:
        """A budget on an asset account is refused: budgets are for income and expense."""
        with pytest.raises(InvalidInputError, match="'1110' is of type asset"):
            books.ledger.set_budget("1110", "2026-01", m("1"))


class TestDimensions:
    def test_trial_balance_filtered(self, books: BackOffice) -> None:
        """where= keeps only the lines of one department."""
        tb = books.ledger.trial_balance(JAN_END, where={"department": "jasa"})
        assert amounts(tb, "debit") == {"6210": m("5")}
        assert amounts(tb, "credit") == {"4200": m("20")}

    def test_trial_balance_grouped(self, books: BackOffice) -> None:
        """by= gives one row per account and department value."""
        tb = books.ledger.trial_balance(JAN_END, by="department")
        rows = {(r["account"], r["dimension"]): r["debit"] for r in tb.rows if r["debit"]}
        assert rows["6210", "dagang"] == m("15")
        assert rows["6210", "jasa"] == m("5")
        assert tb.is_balanced

    def test_income_statement_filtered(self, books: BackOffice) -> None:
        """An income statement of one department has only its lines."""
        report = books.ledger.income_statement(JAN_START, JAN_END, where={"department": "jasa"})
        assert report.net_income == m("15")

    def test_income_statement_by_department(self, books: BackOffice) -> None:
        """by= gives one column per department and a total column equal to the whole."""
        report = books.ledger.income_statement(JAN_START, JAN_END, by="department")
        headings = [c.label for c in report.columns][2:]
        assert headings == ["—", "dagang", "jasa", "total"]
        net = labelled(report, "department_3")["net_income"]
        assert net == m("15")
        assert report.net_income == m("30.5")

    def test_compare_and_by_refused(self, books: BackOffice) -> None:
        """compare= and by= together are refused: both set the columns."""
        with pytest.raises(InvalidInputError, match="not both"):
            books.ledger.income_statement(
                JAN_START, JAN_END, compare=Compare.PREVIOUS_YEAR, by="department"
            )


class TestCashFlowWithholding:
    def test_withholding_is_not_cash(self, books: BackOffice) -> None:
        """Rent paid net of PPh 4(2) is cash paid for rent; the tax payable moves no cash."""
        cf = books.ledger.cash_flow(JAN_START, JAN_END)
        assert "2143" not in amounts(cf, "cash_in")
        assert amounts(cf, "cash_out")["6110"] == m("13.5")
        assert cf.reconciles

    def test_deduction_from_receipt(self, books: BackOffice) -> None:
        """A customer paying net of PPh 23 is cash received from sales only."""
        books.ledger.post(
            JAN_END,
            "receipt",
            [
                Line.debit("1121", m("9.8")),
                Line.debit("1172", m("0.2")),
                Line.credit("4200", m("10")),
            ],
        )
        cf = books.ledger.cash_flow(JAN_START, JAN_END)
        assert amounts(cf, "cash_in")["4200"] == m("29.8")  # 20 from the January sales
        assert "1172" not in amounts(cf, "cash_out")
        assert cf.by_activity[Activity.OPERATING] == cf.net_change


class TestAllocate:
    @given(
        total=st.integers(-(10**15), 10**15),
        weights=st.lists(st.integers(1, 10**12), min_size=1, max_size=8),
    )
    def test_exact(self, total: int, weights: list[int]) -> None:
        """The parts add up to the total exactly and each is within one unit of its share."""
        parts = allocate(total, weights)
        assert sum(parts) == total
        for part, weight in zip(parts, weights, strict=True):
            share = Decimal(total) * weight / sum(weights)
            assert abs(Decimal(part) - share) < 1
