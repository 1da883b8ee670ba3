from datetime import date
from decimal import Decimal

import pytest

from backoffice_core.errors import InvalidInputError
from backoffice_core.jurisdictions.indonesia import (
    EmploymentPeriodError,
    ServiceCounting,
    average_monthly_wage,
    thr_entitlement,
    thr_late_fine,
)
from backoffice_core.money import Money


def idr(amount: int | str) -> Money:
    return Money(amount, "IDR")


class TestThr:
    def test_three_months_is_proportional(self):
        """Reference 4.2: 3 months on 3.500.000 is 875.000."""
        result = thr_entitlement(idr(3500000), date(2025, 1, 1), date(2025, 4, 1))
        assert result.amount == idr(875000)

    def test_twelve_months_is_full(self):
        """Reference 4.2: 12 months or more is one month's wage, 3.500.000."""
        result = thr_entitlement(idr(3500000), date(2020, 1, 1), date(2025, 4, 1))
        assert result.amount == idr(3500000)

    def test_partial_month_is_ignored_by_default(self):
        """Three months and twenty days count as three whole months."""
        result = thr_entitlement(idr(3500000), date(2025, 1, 1), date(2025, 4, 21))
        assert result.months_of_service == 3

    def test_days_counting_is_configurable(self):
        """With day counting, three months and 15 days count 3,5 months."""
        result = thr_entitlement(
            idr(1200000), date(2025, 1, 1), date(2025, 4, 16), counting=ServiceCounting.DAYS
        )
        assert result.months_of_service == Decimal("3.5")
        assert result.amount == idr(350000)

    def test_under_one_month_is_not_eligible(self):
        """Less than one month of service gives no THR."""
        result = thr_entitlement(idr(3500000), date(2025, 3, 10), date(2025, 4, 1))
        assert (result.eligible, result.amount) == (False, idr(0))

    def test_holiday_before_start_is_refused(self):
        """Counting service to a date before the start is refused."""
        with pytest.raises(EmploymentPeriodError, match="2025-05-01"):
            thr_entitlement(idr(1), date(2025, 5, 1), date(2025, 4, 1))

    def test_average_wage_of_last_twelve_months(self):
        """A daily worker's THR wage averages only the last 12 months."""
        wages = [idr(1000000)] * 2 + [idr(3000000)] * 12
        assert average_monthly_wage(wages) == idr(3000000)

    def test_average_of_nothing_is_refused(self):
        """An empty wage history is refused."""
        with pytest.raises(InvalidInputError):
            average_monthly_wage([])

    def test_late_fine_is_five_percent(self):
        """Late payment costs 5% of the THR payable."""
        assert thr_late_fine(idr(3500000)) == idr(175000)
