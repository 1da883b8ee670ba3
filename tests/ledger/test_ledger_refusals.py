"""Bad input is refused with the same named error on every backend, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from backoffice_core import BackOffice, Money
from backoffice_core.errors import (
    BackofficeError,
    CurrencyMismatchError,
    InvalidInputError,
    MoneyError,
)
from backoffice_core.ledger import (
    MAX_LINE_UNITS,
    Account,
    AccountHierarchyError,
    AccountType,
    AmountTooLargeError,
    EntryDraft,
    Line,
    ReversalDate,
    UnknownAccountError,
    generic_chart,
)

D = date(2026, 1, 5)


def idr(units: int | str) -> Money:
    """Return rupiah."""
    return Money(units, "IDR")


def pair(amount: Money, debit: str = "1120", credit: str = "4100") -> list[Line]:
    """A balanced two-line entry of ``amount``."""
    return [Line.debit(debit, amount), Line.credit(credit, amount)]


def snapshot(office: BackOffice) -> tuple[Any, ...]:
    """Everything a refused call must leave as it was."""
    ledger = office.ledger
    return (
        [e.model_dump() for e in ledger.entries()],
        [a.model_dump() for a in ledger.accounts()],
        ledger.periods(),
        office.audit.head(),
    )


def refused(office: BackOffice, error: type[BackofficeError], call: Callable[[], object]) -> str:
    """Check that ``call`` raises ``error`` and writes nothing; return the message."""
    before = snapshot(office)
    with pytest.raises(error) as caught:
        call()
    assert snapshot(office) == before
    return str(caught.value)


@pytest.fixture
def books(office: BackOffice) -> BackOffice:
    """An office with the generic chart loaded."""
    office.ledger.load_chart(generic_chart())
    return office


class TestAmountCap:
    def test_line_at_the_cap_posts(self, books: BackOffice) -> None:
        """A line of exactly MAX_LINE_UNITS minor units is accepted."""
        books.ledger.post(D, "cap", pair(Money.from_minor(MAX_LINE_UNITS, "IDR")), id="cap")
        assert books.ledger.balance("1120", D) == Money.from_minor(MAX_LINE_UNITS, "IDR")

    def test_line_above_the_cap_is_refused(self, books: BackOffice) -> None:
        """One minor unit above the cap is refused by name before anything is written."""
        big = Money.from_minor(MAX_LINE_UNITS + 1, "IDR")
        message = refused(books, AmountTooLargeError, lambda: books.ledger.post(D, "x", pair(big)))
        assert str(MAX_LINE_UNITS + 1) in message

    def test_huge_unbalanced_entry_is_refused(self, books: BackOffice) -> None:
        """A 10**30 entry that is off by one is refused, not rounded into balance."""
        lines = [Line.debit("1120", idr(10**29 + 1)), Line.credit("4100", idr(10**29))]
        refused(books, MoneyError, lambda: books.ledger.post(D, "x", lines))

    def test_ten_to_the_nineteen_is_refused(self, books: BackOffice) -> None:
        """10**19 (above a 64-bit integer) is a named error, not an OverflowError."""
        refused(books, AmountTooLargeError, lambda: books.ledger.post(D, "x", pair(idr(10**19))))

    def test_base_amount_above_the_cap_is_refused(self, books: BackOffice) -> None:
        """A foreign line whose base amount is above the cap is refused."""
        lines = [
            Line.debit("1120", Money(10**13, "USD"), rate=Decimal(16000)),
            Line.credit("4100", Money(10**13, "USD"), rate=Decimal(16000)),
        ]
        refused(books, AmountTooLargeError, lambda: books.ledger.post(D, "x", lines))

    def test_exponent_amount_is_refused_where_built(self) -> None:
        """Money('1e5000') is a MoneyError, not a ValueError from deep inside."""
        with pytest.raises(MoneyError, match="1e5000"):
            Money("1e5000", "IDR")

    def test_reports_stay_exact_beyond_64_bits(self, books: BackOffice) -> None:
        """A hundred lines at the cap on one account (over 2**63) still report exactly."""
        cap = Money.from_minor(MAX_LINE_UNITS, "IDR")
        drafts = [
            EntryDraft(date=D, description="big", lines=tuple(pair(cap)), id=f"big-{i}")
            for i in range(100)
        ]
        books.ledger.post_many(drafts)
        expected = Money.from_minor(100 * MAX_LINE_UNITS, "IDR")  # 10**19 > 2**63
        tb = books.ledger.trial_balance(D)
        assert (tb.total_debit, tb.total_credit) == (expected, expected)
        assert books.ledger.balance_sheet(D).total_assets == expected
        assert books.ledger.income_statement(D, D).total_income == expected
        assert books.ledger.cash_flow(D, D).closing_cash == expected

    def test_year_end_close_beyond_the_cap(self, books: BackOffice) -> None:
        """A year whose income exceeds the cap closes, over several lines each within it."""
        cap = Money.from_minor(MAX_LINE_UNITS, "IDR")
        books.ledger.post_many(
            EntryDraft(date=D, description="big", lines=tuple(pair(cap)), id=f"big-{i}")
            for i in range(3)
        )
        entry = books.ledger.close_year(2026, "3200")
        assert all(line.amount <= cap for line in entry.lines)
        assert books.ledger.balance("4100", date(2026, 12, 31)).is_zero
        assert books.ledger.balance("3200", date(2026, 12, 31)) == cap * 3


class TestExplicitIds:
    @pytest.mark.parametrize("bad", ["", "   ", 0, 12, b"id"])
    def test_unusable_id_is_refused(self, books: BackOffice, bad: object) -> None:
        """An explicit id that is empty, blank or not a string is refused, not replaced."""
        call = lambda: books.ledger.post(D, "x", pair(idr(1)), id=bad)  # type: ignore[arg-type]  # noqa: E731
        refused(books, InvalidInputError, call)

    def test_blank_draft_id_is_refused(self, books: BackOffice) -> None:
        """post_many refuses a draft whose id is blank."""
        with pytest.raises(InvalidInputError, match="blank"):
            EntryDraft(date=D, description="x", lines=tuple(pair(idr(1))), id="  ")

    def test_blank_reversal_id_is_refused(self, books: BackOffice) -> None:
        """reverse() refuses an explicit empty id for the reversal."""
        books.ledger.post(D, "x", pair(idr(1)), id="e1")
        refused(books, InvalidInputError, lambda: books.ledger.reverse("e1", id=""))


class TestBaseAmounts:
    @pytest.mark.parametrize("base", ["-16000", "0"])
    def test_base_amount_must_be_positive(self, books: BackOffice, base: str) -> None:
        """A base amount of the opposite sign, or zero, is refused even when it balances."""
        lines = [
            Line(account="1120", side="debit", amount=Money(1, "USD"), base_amount=idr(base)),
            Line(account="4100", side="credit", amount=Money(1, "USD"), base_amount=idr(base)),
        ]
        refused(books, InvalidInputError, lambda: books.ledger.post(D, "x", lines))

    def test_rate_that_rounds_to_zero_is_refused(self, books: BackOffice) -> None:
        """A foreign line worth zero in base currency once rounded is refused."""
        lines = [
            Line.debit("1120", Money("0.01", "USD"), rate=Decimal("0.001")),
            Line.credit("4100", Money("0.01", "USD"), rate=Decimal("0.001")),
        ]
        refused(books, InvalidInputError, lambda: books.ledger.post(D, "x", lines))

    def test_float_rate_is_refused(self) -> None:
        """A float exchange rate is refused when the line is built."""
        with pytest.raises(MoneyError, match="float"):
            Line.debit("1120", Money(1, "USD"), rate=16000.5)  # type: ignore[arg-type]


def account(code: str, parent: str | None = None) -> Account:
    """An asset account."""
    return Account(code=code, name=f"Account {code}", type=AccountType.ASSET, parent=parent)


class TestHierarchy:
    def test_self_parent_is_refused(self, books: BackOffice) -> None:
        """add_account refuses an account that is its own parent."""
        refused(books, AccountHierarchyError, lambda: books.ledger.add_account(account("9", "9")))

    def test_dangling_parent_is_refused(self, books: BackOffice) -> None:
        """add_account refuses a parent that is not in the chart."""
        refused(books, UnknownAccountError, lambda: books.ledger.add_account(account("9", "8")))

    def test_cycle_in_a_loaded_chart_is_refused(self, books: BackOffice) -> None:
        """load_chart refuses accounts whose parents form a cycle."""
        chart = [account("7", "9"), account("8", "7"), account("9", "8")]
        refused(books, AccountHierarchyError, lambda: books.ledger.load_chart(chart))

    def test_update_to_a_descendant_is_refused(self, books: BackOffice) -> None:
        """update_account refuses a parent that lies below the account."""
        refused(
            books, AccountHierarchyError, lambda: books.ledger.update_account("1100", parent="1110")
        )

    def test_update_to_itself_is_refused(self, books: BackOffice) -> None:
        """update_account refuses making an account its own parent."""
        refused(
            books, AccountHierarchyError, lambda: books.ledger.update_account("1100", parent="1100")
        )

    def test_update_to_a_missing_parent_is_refused(self, books: BackOffice) -> None:
        """update_account refuses a parent that is not in the chart."""
        refused(
            books, UnknownAccountError, lambda: books.ledger.update_account("1100", parent="nope")
        )

    def test_valid_move_is_accepted(self, books: BackOffice) -> None:
        """Moving an account under another branch still works."""
        assert books.ledger.update_account("1400", parent="1200").parent == "1200"


class TestCurrencyChange:
    def test_restricting_an_account_that_holds_another_currency(self, books: BackOffice) -> None:
        """An account with IDR lines cannot be restricted to USD."""
        books.ledger.post(D, "x", pair(idr(5)), id="e1")
        call = lambda: books.ledger.update_account("1120", currency="USD")  # noqa: E731
        refused(books, CurrencyMismatchError, call)
        assert books.ledger.reverse("e1").kind == "reversal"

    def test_restricting_to_the_currency_it_holds(self, books: BackOffice) -> None:
        """An account with IDR lines only may be restricted to IDR."""
        books.ledger.post(D, "x", pair(idr(5)))
        assert books.ledger.update_account("1120", currency="IDR").currency == "IDR"


class TestBudgets:
    def test_budget_finer_than_the_minor_unit_is_refused(self, books: BackOffice) -> None:
        """Money('1.5', 'IDR') is refused as a budget, whatever the backend."""
        refused(
            books,
            InvalidInputError,
            lambda: books.ledger.set_budget("6110", "2026-01", Money("1.5", "IDR")),
        )
        assert books.ledger.budget_vs_actual("2026-01", "2026-01").expense_budget.is_zero

    def test_budget_above_the_cap_is_refused(self, books: BackOffice) -> None:
        """A budget above MAX_LINE_UNITS is refused."""
        big = Money.from_minor(MAX_LINE_UNITS + 1, "IDR")
        refused(books, AmountTooLargeError, lambda: books.ledger.set_budget("6110", "2026-01", big))

    def test_budget_that_is_not_money_is_refused(self, books: BackOffice) -> None:
        """A bare number has no currency and is refused."""
        call = lambda: books.ledger.set_budget("6110", "2026-01", 100)  # type: ignore[arg-type]  # noqa: E731
        refused(books, InvalidInputError, call)


class TestNoPlainExceptions:
    def test_next_period_reversal_after_9999(self, books: BackOffice) -> None:
        """Reversing into the month after 9999-12 is a named error."""
        books.ledger.post(date(9999, 12, 5), "late", pair(idr(1)), id="late")
        refused(
            books,
            InvalidInputError,
            lambda: books.ledger.reverse("late", ReversalDate.NEXT_PERIOD),
        )

    def test_reports_from_the_first_date(self, books: BackOffice) -> None:
        """Reports that start on date.min work (there is nothing before them)."""
        books.ledger.post(D, "x", pair(idr(7), "1110"))
        assert books.ledger.general_ledger("1110", date.min, D).closing == idr(7)
        assert books.ledger.cash_flow(date.min, D).closing_cash == idr(7)

    @pytest.mark.parametrize("bad", ["2026-02-30", "yesterday", 20260105, None])
    def test_impossible_dates(self, books: BackOffice, bad: object) -> None:
        """A date that does not exist or is not a date is a named error everywhere."""
        ledger = books.ledger
        calls: list[Callable[[], object]] = [
            lambda: ledger.post(bad, "x", pair(idr(1))),  # type: ignore[arg-type]
            lambda: ledger.trial_balance(bad),  # type: ignore[arg-type]
            lambda: ledger.balance_sheet(bad),  # type: ignore[arg-type]
            lambda: ledger.income_statement(bad, D),  # type: ignore[arg-type]
            lambda: ledger.cash_flow(bad, D),  # type: ignore[arg-type]
            lambda: ledger.general_ledger("1110", D, bad),  # type: ignore[arg-type]
            lambda: ledger.balance("1110", bad),  # type: ignore[arg-type]
        ]
        for call in calls:
            refused(books, InvalidInputError, call)

    @pytest.mark.parametrize("bad", ["2026-13", "2026-1", 202601, None])
    def test_impossible_months(self, books: BackOffice, bad: object) -> None:
        """A month that does not exist or is not a month is a named error."""
        ledger = books.ledger
        calls: list[Callable[[], object]] = [
            lambda: ledger.close_period(bad),  # type: ignore[arg-type]
            lambda: ledger.period(bad),  # type: ignore[arg-type]
            lambda: ledger.set_budget("6110", bad, idr(1)),  # type: ignore[arg-type]
            lambda: ledger.budget_vs_actual(bad, "2026-01"),  # type: ignore[arg-type]
        ]
        for call in calls:
            refused(books, InvalidInputError, call)

    def test_account_code_with_a_quote(self, books: BackOffice) -> None:
        """An account code with a quote is a named error, not pydantic's ValidationError."""
        refused(books, InvalidInputError, lambda: books.ledger.add_account(account("1'1")))
        refused(books, UnknownAccountError, lambda: books.ledger.account("1'1"))
        refused(books, InvalidInputError, lambda: books.ledger.post(D, "x", pair(idr(1), "1'1")))

    @pytest.mark.parametrize(
        "call",
        [
            lambda ledger: ledger.close_year("2026", "3200"),
            lambda ledger: ledger.close_year(2026, 3200),
            lambda ledger: ledger.update_account("1110", name=""),
            lambda ledger: ledger.update_account("1110", expected_version="1"),
            lambda ledger: ledger.update_account(1110, name="x"),
            lambda ledger: ledger.load_chart([{"code": "9"}]),
            lambda ledger: ledger.load_chart(5),
            lambda ledger: ledger.post_many(["draft"]),
            lambda ledger: ledger.post(D, "x", 5),
            lambda ledger: ledger.post(D, "x", ["line", "line"]),
            lambda ledger: ledger.post(D, 5, pair(idr(1))),
            lambda ledger: ledger.entry(5),
            lambda ledger: ledger.reverse(None),
            lambda ledger: ledger.income_statement(D, D, compare=(D,)),
            lambda ledger: ledger.balance("1110", D, currency="XXX1"),
            lambda ledger: ledger.entries(text=5),
            lambda ledger: ledger.entries(source=["s"]),
            lambda ledger: ledger.entries(dimensions={"dept": 1}),
            lambda ledger: ledger.entries(dimensions="dept=sales"),
            lambda ledger: ledger.entries(limit=True),
            lambda ledger: ledger.update_account("1110", section="Not A Key"),
        ],
    )
    def test_wrong_types_are_named_errors(
        self, books: BackOffice, call: Callable[[Any], object]
    ) -> None:
        """A wrong type or value for a public argument raises a BackofficeError."""
        refused(books, InvalidInputError, lambda: call(books.ledger))

    def test_float_and_exponent_amounts(self) -> None:
        """Money refuses floats and absurd exponents with MoneyError."""
        for bad in (1.5, "1e5000", "NaN", "Infinity"):
            with pytest.raises(MoneyError):
                Money(bad, "IDR")  # type: ignore[arg-type]


CREDIT = Line.credit("4100", idr(1))


class TestNulCharacters:
    @pytest.mark.parametrize(
        "call",
        [
            lambda ledger: ledger.post(D, "a\x00b", pair(idr(1))),
            lambda ledger: ledger.post(D, "x", pair(idr(1)), id="e\x00"),
            lambda ledger: ledger.post(D, "x", pair(idr(1)), memo="\x00"),
            lambda ledger: ledger.post(D, "x", [Line.debit("1120", idr(1), memo="\x00"), CREDIT]),
            lambda ledger: ledger.post(D, "x", [Line.debit("1120", idr(1), dept="\x00"), CREDIT]),
            lambda ledger: ledger.add_account(Account(code="9", name="\x00", type="asset")),
            lambda ledger: ledger.update_account("1110", name="a\x00"),
            lambda ledger: ledger.update_account("1110", names={"en": "a\x00"}),
            lambda ledger: ledger.add_account(
                Account(code="9", name="x", type="asset", names={"en": "\x00"})
            ),
            lambda ledger: ledger.entry("e\x00"),
            lambda ledger: ledger.account("1\x00"),
        ],
    )
    def test_nul_is_refused_everywhere(
        self, books: BackOffice, call: Callable[[Any], object]
    ) -> None:
        """Text with a NUL character is refused alike (PostgreSQL cannot store it)."""
        refused(books, InvalidInputError, lambda: call(books.ledger))

    def test_unknown_account_currency_is_refused(self, books: BackOffice) -> None:
        """An account restricted to an unknown currency code is refused."""
        bad = Account(code="9", name="x", type=AccountType.ASSET, currency="usd")
        refused(books, MoneyError, lambda: books.ledger.add_account(bad))


class TestOpening:
    def test_unknown_base_currency_is_refused(self, url: str) -> None:
        """Books cannot be opened in a currency that does not exist."""
        with pytest.raises(MoneyError, match="XXX1"):
            BackOffice.open(url, entity="PT Currency", actor="rina", base_currency="XXX1")

    def test_url_that_is_not_text_is_refused(self) -> None:
        """A storage URL that is not a string is a named error."""
        with pytest.raises(InvalidInputError, match="not text"):
            BackOffice.open(5, entity="PT Url", actor="rina")  # type: ignore[arg-type]
