import pytest

from backoffice_core.jurisdictions.indonesia import (
    OvertimeDay,
    OvertimeHoursError,
    WorkWeek,
    hourly_wage,
    overtime_pay,
)
from backoffice_core.money import Money

WAGE = Money(3460000, "IDR")  # 20.000 an hour


class TestOvertime:
    def test_hourly_wage_is_one_173rd(self):
        """The hourly wage is the monthly wage / 173."""
        assert hourly_wage(WAGE) == Money(20000, "IDR")

    def test_workday_first_hour_and_after(self):
        """Three workday hours: 1,5 x 1 + 2 x 2 = 5,5 hours' pay = 110.000."""
        assert overtime_pay(WAGE, 3).amount == Money(110000, "IDR")

    def test_fractional_hours(self):
        """Half an hour on a workday is paid at 1,5x: 15.000."""
        assert overtime_pay(WAGE, "0.5").amount == Money(15000, "IDR")

    def test_rest_day_six_day_week(self):
        """Eleven rest-day hours in a 6-day week: 2x7 + 3x1 + 4x3 = 29 hours' pay."""
        result = overtime_pay(WAGE, 11, OvertimeDay.REST_DAY, work_week=WorkWeek.SIX_DAY)
        assert result.amount == Money(580000, "IDR")

    def test_rest_day_five_day_week(self):
        """Twelve rest-day hours in a 5-day week: 2x8 + 3x1 + 4x3 = 31 hours' pay."""
        result = overtime_pay(WAGE, 12, OvertimeDay.REST_DAY, work_week=WorkWeek.FIVE_DAY)
        assert result.amount == Money(620000, "IDR")

    def test_holiday_on_shortest_workday(self):
        """Nine hours on a public holiday on the shortest workday: 2x5 + 3x1 + 4x3 = 25."""
        result = overtime_pay(
            WAGE, 9, OvertimeDay.SHORTEST_WORKDAY_HOLIDAY, work_week=WorkWeek.SIX_DAY
        )
        assert result.amount == Money(500000, "IDR")

    def test_eighth_hour_six_day_week_is_triple(self):
        """The 8th rest-day hour in a 6-day week is paid 3x."""
        seven = overtime_pay(WAGE, 7, OvertimeDay.PUBLIC_HOLIDAY, work_week=WorkWeek.SIX_DAY)
        eight = overtime_pay(WAGE, 8, OvertimeDay.PUBLIC_HOLIDAY, work_week=WorkWeek.SIX_DAY)
        assert eight.amount - seven.amount == Money(60000, "IDR")

    def test_hours_beyond_schedule_are_refused(self):
        """A 12th rest-day hour in a 6-day week has no multiplier and is refused."""
        with pytest.raises(OvertimeHoursError, match="12"):
            overtime_pay(WAGE, 12, OvertimeDay.REST_DAY, work_week=WorkWeek.SIX_DAY)

    def test_shortest_workday_holiday_needs_six_day_week(self):
        """The shortest-workday schedule does not exist in a 5-day week."""
        with pytest.raises(OvertimeHoursError, match="5-day"):
            overtime_pay(WAGE, 1, OvertimeDay.SHORTEST_WORKDAY_HOLIDAY)

    def test_negative_hours_are_refused(self):
        """Negative hours are refused, naming them."""
        with pytest.raises(OvertimeHoursError, match="-1"):
            overtime_pay(WAGE, -1)
