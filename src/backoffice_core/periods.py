"""Fiscal calendar: months, fiscal years that need not start in January, period states.

A :class:`Month` is one calendar month (``Month.parse("2026-01")``); a
:class:`FiscalCalendar` says in which month the fiscal year starts and maps any date to
its fiscal year and period. :class:`PeriodState` names the three states an accounting
period moves through: open, closed (can be reopened) and locked (final). Date
arithmetic is plain month counting, refused outside years 1 to 9999.
"""

from __future__ import annotations

import calendar
import enum
import re
from collections.abc import Iterator
from datetime import date

import attrs

from backoffice_core.errors import InvalidInputError

__all__ = ["FiscalCalendar", "FiscalYear", "Month", "PeriodState"]

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


class PeriodState(enum.StrEnum):
    """The state of an accounting period."""

    OPEN = "open"
    """Postings are accepted."""
    CLOSED = "closed"
    """Postings are refused; the period can be reopened."""
    LOCKED = "locked"
    """Postings are refused for good; the period cannot be reopened."""


@attrs.frozen(order=True)
class Month:
    """One calendar month, such as January 2026.

    Args:
        year: The calendar year (1 to 9999).
        month: The month number, 1 to 12.

    Raises:
        InvalidInputError: If the month is outside 1 to 12.
    """

    year: int
    month: int

    def __attrs_post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise InvalidInputError(f"month {self.month!r} is outside 1 to 12")
        if not 1 <= self.year <= 9999:
            raise InvalidInputError(f"year {self.year!r} is outside 1 to 9999")

    @classmethod
    def parse(cls, text: str) -> Month:
        """Parse ``"YYYY-MM"``.

        Raises:
            InvalidInputError: If ``text`` is not in the form ``2026-01``.
        """
        match = _MONTH_RE.match(text) if isinstance(text, str) else None
        if not match:
            raise InvalidInputError(f"period {text!r} is not a month: write it as '2026-01'")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> Month:
        """Return the month that contains ``day``."""
        return cls(day.year, day.month)

    @property
    def first_day(self) -> date:
        """The first day of the month."""
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        """The last day of the month."""
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def __add__(self, months: int) -> Month:
        if type(months) is not int:
            raise InvalidInputError(f"cannot add {months!r} months to {self}: pass an int")
        # Plain month counting; Month() refuses a result outside years 1 to 9999.
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def __sub__(self, months: int) -> Month:
        return self + (-months)

    def months_until(self, other: Month) -> int:
        """Return how many months ``other`` lies after this month (negative if before)."""
        return (other.year - self.year) * 12 + other.month - self.month

    def contains(self, day: date) -> bool:
        """Return True if ``day`` falls in this month."""
        return day.year == self.year and day.month == self.month

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@attrs.frozen
class FiscalYear:
    """A fiscal year: twelve months from ``start``, labelled by the year it ends in.

    Args:
        start: The first month of the fiscal year.
    """

    start: Month

    @property
    def label(self) -> int:
        """The calendar year in which this fiscal year ends (the usual label)."""
        return self.end.year

    @property
    def end(self) -> Month:
        """The last month of the fiscal year."""
        return self.start + 11

    @property
    def first_day(self) -> date:
        """The first day of the fiscal year."""
        return self.start.first_day

    @property
    def last_day(self) -> date:
        """The last day of the fiscal year."""
        return self.end.last_day

    def months(self) -> Iterator[Month]:
        """Yield the twelve months in order."""
        for offset in range(12):
            yield self.start + offset

    def contains(self, day: date) -> bool:
        """Return True if ``day`` falls in this fiscal year."""
        return self.first_day <= day <= self.last_day


@attrs.frozen
class FiscalCalendar:
    """Maps dates to fiscal years and monthly periods.

    Args:
        first_month: The calendar month (1 to 12) in which every fiscal year starts;
            1 for a calendar-year company, 4 for an April-to-March one.

    Raises:
        InvalidInputError: If ``first_month`` is outside 1 to 12.
    """

    first_month: int = 1

    def __attrs_post_init__(self) -> None:
        if not 1 <= self.first_month <= 12:
            raise InvalidInputError(
                f"fiscal year first month {self.first_month!r} is outside 1 to 12"
            )

    def fiscal_year_of(self, day: date) -> FiscalYear:
        """Return the fiscal year that contains ``day``."""
        year = day.year if day.month >= self.first_month else day.year - 1
        return FiscalYear(Month(year, self.first_month))

    def fiscal_year(self, label: int) -> FiscalYear:
        """Return the fiscal year labelled ``label`` (the calendar year it ends in)."""
        start_year = label if self.first_month == 1 else label - 1
        return FiscalYear(Month(start_year, self.first_month))

    def period_of(self, day: date) -> Month:
        """Return the monthly period that contains ``day``."""
        return Month.of(day)
