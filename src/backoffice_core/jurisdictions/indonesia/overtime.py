"""Overtime pay under PP 35/2021: the hourly wage and the multipliers by day.

The hourly wage is ``monthly wage / 173`` (PP 35/2021 Pasal 32). Overtime on a workday
pays 1,5x for the first hour and 2x after; on a rest day or public holiday the schedule
depends on a 5-day or 6-day week, and a 6-day-week public holiday that falls on the
shortest workday has its own schedule (Pasal 31). Hours beyond a schedule are refused,
since the regulation sets no multiplier for them. Hours may be fractional.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal

import attrs

from backoffice_core.jurisdictions.indonesia._inputs import ONE, ZERO, idr, option, rupiah
from backoffice_core.jurisdictions.indonesia.errors import OvertimeHoursError
from backoffice_core.jurisdictions.indonesia.explanation import Explanation, ExplanationLine
from backoffice_core.money import Money, Rounding, to_decimal

__all__ = [
    "HOURLY_DIVISOR",
    "OVERTIME_SCHEDULES",
    "OvertimeDay",
    "OvertimePay",
    "WorkWeek",
    "hourly_wage",
    "overtime_pay",
]

HOURLY_DIVISOR = Decimal(173)
"""The monthly wage divided by this gives the hourly wage."""


class WorkWeek(enum.Enum):
    """The working-time arrangement: 5 days of 8 hours or 6 days of 7 hours."""

    FIVE_DAY = 5
    SIX_DAY = 6


class OvertimeDay(enum.Enum):
    """The kind of day overtime is worked on."""

    WORKDAY = "workday"
    REST_DAY = "rest day"
    PUBLIC_HOLIDAY = "public holiday"
    SHORTEST_WORKDAY_HOLIDAY = "public holiday on the shortest workday"


Schedule = tuple[tuple[Decimal | None, Decimal], ...]
"""``(hours in this tier or None for the rest, multiplier)``, first tier first."""


def _tiers(*pairs: tuple[int | None, str]) -> Schedule:
    return tuple((None if h is None else Decimal(h), Decimal(m)) for h, m in pairs)


_REST_6 = _tiers((7, "2"), (1, "3"), (3, "4"))
_REST_5 = _tiers((8, "2"), (1, "3"), (3, "4"))

OVERTIME_SCHEDULES: Mapping[tuple[WorkWeek, OvertimeDay], Schedule] = {
    (WorkWeek.FIVE_DAY, OvertimeDay.WORKDAY): _tiers((1, "1.5"), (None, "2")),
    (WorkWeek.SIX_DAY, OvertimeDay.WORKDAY): _tiers((1, "1.5"), (None, "2")),
    (WorkWeek.SIX_DAY, OvertimeDay.REST_DAY): _REST_6,
    (WorkWeek.SIX_DAY, OvertimeDay.PUBLIC_HOLIDAY): _REST_6,
    (WorkWeek.SIX_DAY, OvertimeDay.SHORTEST_WORKDAY_HOLIDAY): _tiers((5, "2"), (1, "3"), (3, "4")),
    (WorkWeek.FIVE_DAY, OvertimeDay.REST_DAY): _REST_5,
    (WorkWeek.FIVE_DAY, OvertimeDay.PUBLIC_HOLIDAY): _REST_5,
}
"""PP 35/2021 Pasal 31 multipliers by work week and kind of day."""


def hourly_wage(monthly_wage: Money) -> Money:
    """Return the exact (unrounded) hourly wage: monthly wage / 173.

    Raises:
        NegativeAmountError: If ``monthly_wage`` is negative.
    """
    return idr(rupiah(monthly_wage, "monthly wage") / HOURLY_DIVISOR)


@attrs.frozen(slots=True)
class OvertimePay:
    """Overtime pay for one day.

    Attributes:
        monthly_wage: The monthly wage the hourly wage comes from.
        hours: The overtime hours worked.
        day: The kind of day.
        work_week: The working-time arrangement.
        tiers: ``(hours, multiplier)`` actually paid, tier by tier.
        amount: The pay, rounded to the rupiah once at the end.
    """

    monthly_wage: Money
    hours: Decimal
    day: OvertimeDay
    work_week: WorkWeek
    tiers: tuple[tuple[Decimal, Decimal], ...]
    amount: Money

    def explain(self) -> Explanation:
        """Return the hourly wage, each tier's hours and multiplier, and the pay."""
        hourly = hourly_wage(self.monthly_wage)
        lines = [
            ExplanationLine("wage", self.monthly_wage),
            ExplanationLine("hourly", hourly.round(Rounding.HALF_UP, places=2)),
        ]
        for hours, multiplier in self.tiers:
            pay = (hourly * hours * multiplier).round(Rounding.HALF_UP, places=2)
            lines.append(ExplanationLine("overtime_hours", pay, (hours, multiplier)))
        lines.append(ExplanationLine("overtime_total", self.amount))
        return Explanation("title.overtime", (), tuple(lines))


def overtime_pay(
    monthly_wage: Money,
    hours: Decimal | int | str,
    day: OvertimeDay | str = OvertimeDay.WORKDAY,
    *,
    work_week: WorkWeek | str = WorkWeek.FIVE_DAY,
    rounding: Rounding | str = Rounding.HALF_UP,
) -> OvertimePay:
    """Compute one day's overtime pay under PP 35/2021.

    Args:
        monthly_wage: The monthly wage (basic + fixed allowances).
        hours: Overtime hours worked that day (may be fractional, e.g. "1.5").
        day: Workday, rest day, public holiday, or (6-day week) a public holiday on
            the shortest workday.
        work_week: 5-day or 6-day week.
        rounding: Rounding of the pay to the rupiah (not regulated).

    Enum arguments also take a member's name or value as a string (``"rest_day"``).

    Raises:
        InvalidArgumentTypeError: If ``monthly_wage`` is not Money or is out of range.
        InvalidOptionError: If ``day``, ``work_week`` or ``rounding`` is not one of its
            members (nor a string naming one).
        NegativeAmountError: If ``monthly_wage`` is negative.
        OvertimeHoursError: If ``hours`` is negative or beyond the day's schedule, or
            the day kind does not exist for the work week.
    """
    wage = rupiah(monthly_wage, "monthly wage")
    day = option(day, OvertimeDay, "overtime day")
    work_week = option(work_week, WorkWeek, "work week")
    rounding = option(rounding, Rounding, "rounding")
    worked = to_decimal(hours, what="overtime hours")
    if worked < 0:
        raise OvertimeHoursError(f"overtime hours {hours!r} are negative: pass zero or more")
    schedule = OVERTIME_SCHEDULES.get((work_week, day))
    if schedule is None:
        raise OvertimeHoursError(
            f"{day.value!r} does not exist in a {work_week.value}-day week: "
            "that schedule applies to 6-day weeks only"
        )
    limit = sum((h for h, _ in schedule if h is not None), ZERO)
    if all(h is not None for h, _ in schedule) and worked > limit:
        raise OvertimeHoursError(
            f"overtime hours {hours!r} exceed the {limit} hours PP 35/2021 schedules for a "
            f"{day.value} in a {work_week.value}-day week"
        )
    left = worked
    paid: list[tuple[Decimal, Decimal]] = []
    for tier_hours, multiplier in schedule:
        if left <= 0:
            break
        take = left if tier_hours is None else min(left, tier_hours)
        paid.append((take, multiplier))
        left -= take
    weighted = sum((h * m for h, m in paid), ZERO)
    amount = (wage * weighted / HOURLY_DIVISOR).quantize(ONE, rounding.value)
    return OvertimePay(idr(wage), worked, day, work_week, tuple(paid), idr(amount))
