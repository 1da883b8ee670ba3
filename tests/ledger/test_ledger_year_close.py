"""Year-end close: checked before anything is written, and closable again after an adjustment."""

from __future__ import annotations

from datetime import date

import pytest

from backoffice_core import BackOffice, Money
from backoffice_core.errors import ConflictError
from backoffice_core.ledger import EntryKind, Line, generic_chart
from backoffice_core.periods import PeriodState

DEC31 = date(2026, 12, 31)


def idr(units: int) -> Money:
    """Return rupiah."""
    return Money(units, "IDR")


@pytest.fixture
def books(office: BackOffice) -> BackOffice:
    """The generic chart with one sale of IDR 1,000 in 2026."""
    office.ledger.load_chart(generic_chart())
    office.ledger.post(
        date(2026, 3, 1), "sale", [Line.debit("1120", idr(1000)), Line.credit("4100", idr(1000))]
    )
    return office


def adjust(books: BackOffice, amount: int) -> None:
    """Reopen December, post an expense of ``amount`` in it."""
    books.ledger.reopen_period("2026-12")
    books.ledger.post(
        date(2026, 12, 20),
        "adjustment",
        [Line.debit("6900", idr(amount)), Line.credit("1120", idr(amount))],
    )


class TestCloseYear:
    def test_empty_year_writes_nothing(self, books: BackOffice) -> None:
        """A year with no income or expense is refused before any month is closed."""
        head = books.audit.head()
        with pytest.raises(ConflictError, match="2030"):
            books.ledger.close_year(2030, "3200")
        assert books.ledger.periods() == []
        assert books.audit.head() == head

    def test_reclose_after_adjustment(self, books: BackOffice) -> None:
        """Closing again reverses the earlier closing entry and posts a new one."""
        first = books.ledger.close_year(2026, "3200")
        adjust(books, 300)
        second = books.ledger.close_year(2026, "3200")
        assert (first.id, second.id) == ("year-end-2026", "year-end-2026-2")
        reversal = books.ledger.entry("reversal-of-year-end-2026")
        assert (reversal.kind, reversal.reverses) == (EntryKind.CLOSING, "year-end-2026")
        assert books.ledger.entry("year-end-2026") == first  # the first one is kept
        assert books.ledger.balance("3200", DEC31) == idr(700)
        assert books.ledger.balance("4100", DEC31).is_zero
        assert books.ledger.balance("6900", DEC31).is_zero
        assert books.ledger.period("2026-12").state is PeriodState.CLOSED

    def test_reclose_is_audited(self, books: BackOffice) -> None:
        """The reversal and the new closing entry each leave an audit record."""
        books.ledger.close_year(2026, "3200")
        adjust(books, 300)
        books.ledger.close_year(2026, "3200")
        actions = [r.action for r in books.backend.audit_store(books.entity).iter_records()]
        assert actions[-3:-1] == ["ledger.year.close_reversed", "ledger.year.closed"]
        assert books.audit.verify().ok

    def test_income_statement_ignores_closing_reversals(self, books: BackOffice) -> None:
        """After a re-close the year's income statement shows the adjusted figures."""
        books.ledger.close_year(2026, "3200")
        adjust(books, 300)
        books.ledger.close_year(2026, "3200")
        statement = books.ledger.income_statement(date(2026, 1, 1), DEC31)
        assert statement.net_income == idr(700)

    def test_reclose_without_change_keeps_the_entry(self, books: BackOffice) -> None:
        """Reopening December and closing again with no change posts nothing new."""
        first = books.ledger.close_year(2026, "3200")
        books.ledger.reopen_period("2026-12")
        count = len(books.ledger.entries())
        assert books.ledger.close_year(2026, "3200") == first
        assert len(books.ledger.entries()) == count

    def test_third_close(self, books: BackOffice) -> None:
        """A third close reverses the second closing entry, not the first."""
        books.ledger.close_year(2026, "3200")
        adjust(books, 100)
        books.ledger.close_year(2026, "3200")
        adjust(books, 100)
        third = books.ledger.close_year(2026, "3200")
        assert third.id == "year-end-2026-3"
        assert books.ledger.entry("reversal-of-year-end-2026-2").reverses == "year-end-2026-2"
        assert books.ledger.balance("3200", DEC31) == idr(800)
