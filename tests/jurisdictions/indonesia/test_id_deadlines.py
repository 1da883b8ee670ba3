from datetime import date

import pytest

from backoffice_core.errors import RuleParameterError
from backoffice_core.jurisdictions.indonesia import (
    InvalidMonthError,
    Shift,
    TaxpayerKind,
    annual_return_due,
    is_working_day,
    thr_payment_due,
    withholding_payment_due,
    withholding_return_due,
)


class TestWithholdingDeadlines:
    def test_payment_on_the_15th(self):
        """October 2026 withholding is paid by 16 November 2026 (the 15th is a Sunday)."""
        assert withholding_payment_due(2026, 10) == date(2026, 11, 16)

    def test_payment_skips_weekend_leave_and_holiday(self):
        """January 2026: the 15th is a Sunday, the 16th cuti bersama, the 17th Imlek: the 18th."""
        assert withholding_payment_due(2026, 1) == date(2026, 2, 18)

    def test_payment_before_2025_was_the_10th(self):
        """Withholding of May 2024 was due on Monday 10 June 2024."""
        assert withholding_payment_due(2024, 5) == date(2024, 6, 10)

    def test_december_rolls_into_next_year(self):
        """December 2025 withholding is filed by 20 January 2026 (a Tuesday)."""
        assert withholding_return_due(2025, 12) == date(2026, 1, 20)

    def test_month_13_is_refused(self):
        """Tax period month 13 is refused, naming it."""
        with pytest.raises(InvalidMonthError, match="13"):
            withholding_payment_due(2026, 13)

    def test_uncovered_date_raises(self):
        """A tax period of 2022 is not covered and raises, naming the date."""
        with pytest.raises(RuleParameterError, match="2023-01-01"):
            withholding_payment_due(2022, 12)


class TestAnnualDeadlines:
    def test_individual(self):
        """The 2025 individual return is due 31 March 2026 (a Tuesday)."""
        assert annual_return_due(2025) == date(2026, 3, 31)

    def test_company_moves_off_the_weekend(self):
        """The 2024 company return fell on Wednesday 30 April 2025."""
        assert annual_return_due(2024, TaxpayerKind.COMPANY) == date(2025, 4, 30)

    def test_individual_on_a_sunday_moves(self):
        """31 March 2024 was a Sunday, so the 2023 individual return moved to 1 April."""
        assert annual_return_due(2023) == date(2024, 4, 1)


class TestThrDeadline:
    def test_h_minus_7_on_a_saturday_moves_back_by_default(self):
        """Idul Fitri 21 March 2026: H-7 is Saturday 14 March; "at the latest" means Friday 13."""
        assert thr_payment_due(date(2026, 3, 21)) == date(2026, 3, 13)

    def test_next_working_day_option(self):
        """Shifted like a tax deadline, H-7 on a Saturday moves to Monday 16 March."""
        due = thr_payment_due(date(2026, 3, 21), shift=Shift.NEXT_WORKING_DAY)
        assert due == date(2026, 3, 16)


class TestWorkingDays:
    def test_independence_day_is_not_a_working_day(self):
        """17 August is a national holiday."""
        assert not is_working_day(date(2026, 8, 17))

    def test_collective_leave_is_optional(self):
        """24 December 2026 is cuti bersama, a working day only if that is ignored."""
        assert not is_working_day(date(2026, 12, 24))
        assert is_working_day(date(2026, 12, 24), collective_leave=False)
