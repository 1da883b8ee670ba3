"""Comparative columns and the ways a report's dates may be given.

Every statement takes the same ``compare`` argument: a :class:`Compare` policy (the
previous period, the same period a year earlier), an explicit date (balance sheet) or
``(start, end)`` span (income and cash-flow statements), or a list of those for
several columns. Dates are :class:`~datetime.date` objects or ISO strings
(``"2026-01-31"``); a month is a :class:`~backoffice_core.periods.Month`, a ``date``
inside it, or ``"YYYY-MM"``. A value of the wrong type is an
:class:`~backoffice_core.errors.InvalidInputError` that names it.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TypeAlias

from dateutil.relativedelta import relativedelta

from backoffice_core.errors import InvalidInputError
from backoffice_core.ledger.arguments import as_date, as_month
from backoffice_core.periods import Month

__all__ = [
    "Compare",
    "DateLike",
    "MonthLike",
    "PointComparison",
    "PointComparisons",
    "SpanComparison",
    "SpanComparisons",
    "as_date",
    "as_month",
    "compare_points",
    "compare_spans",
]

DateLike: TypeAlias = date | str
"""A date, or an ISO 8601 date string (``"2026-01-31"``)."""

MonthLike: TypeAlias = Month | date | str
"""A month: a :class:`~backoffice_core.periods.Month`, a date inside it, or ``"YYYY-MM"``."""


class Compare(enum.StrEnum):
    """Where a comparative column's dates come from."""

    PREVIOUS_PERIOD = "previous_period"
    """The period of the same length just before (a balance sheet: the previous month end)."""
    PREVIOUS_YEAR = "previous_year"
    """The same dates one year earlier (month ends stay month ends)."""


PointComparison: TypeAlias = Compare | DateLike
"""One comparative column of a balance sheet: a policy or a date."""
PointComparisons: TypeAlias = PointComparison | list[PointComparison] | None
"""The ``compare`` argument of a balance sheet: one column, a list of them, or none."""
SpanComparison: TypeAlias = Compare | tuple[DateLike, DateLike]
"""One comparative column of a period statement: a policy or a (start, end) pair."""
SpanComparisons: TypeAlias = SpanComparison | list[SpanComparison] | None
"""The ``compare`` argument of an income or cash-flow statement."""


def _month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def _year_before(day: date) -> date:
    earlier = day - relativedelta(years=1)
    return Month.of(earlier).last_day if _month_end(day) else earlier


def _listed(compare: object) -> list[object]:
    # Typed loosely on purpose: a caller's wrong type must reach the named error below.
    if compare is None:
        return []
    if isinstance(compare, list):
        return list(compare)
    return [compare]


def compare_points(as_of: date, compare: PointComparisons) -> list[date]:
    """Return the dates of a point-in-time report's comparative columns.

    Args:
        as_of: The report's date.
        compare: None, a :class:`Compare`, a date or ISO string, or a list of these.

    Raises:
        InvalidInputError: If an item is none of these.
    """
    out = []
    for item in _listed(compare):
        if item is Compare.PREVIOUS_PERIOD or item == Compare.PREVIOUS_PERIOD.value:
            out.append(
                (Month.of(as_of) - 1).last_day
                if _month_end(as_of)
                else as_of - relativedelta(months=1)
            )
        elif item is Compare.PREVIOUS_YEAR or item == Compare.PREVIOUS_YEAR.value:
            out.append(_year_before(as_of))
        else:
            out.append(as_date(item, "compare"))
    return out


def compare_spans(start: date, end: date, compare: SpanComparisons) -> list[tuple[date, date]]:
    """Return the spans of a period report's comparative columns.

    A span of whole months compares with the same number of whole months before it;
    any other span with as many days before it.

    Args:
        start: The report's first day.
        end: The report's last day.
        compare: None, a :class:`Compare`, a ``(start, end)`` pair, or a list of these.

    Raises:
        InvalidInputError: If an item is none of these.
    """
    out = []
    for item in _listed(compare):
        if item is Compare.PREVIOUS_PERIOD or item == Compare.PREVIOUS_PERIOD.value:
            if start.day == 1 and _month_end(end):
                months = Month.of(start).months_until(Month.of(end)) + 1
                out.append(((Month.of(start) - months).first_day, start - timedelta(days=1)))
            else:
                length = end - start
                out.append((start - length - timedelta(days=1), start - timedelta(days=1)))
        elif item is Compare.PREVIOUS_YEAR or item == Compare.PREVIOUS_YEAR.value:
            out.append((start - relativedelta(years=1), _year_before(end)))
        elif isinstance(item, tuple | Sequence) and not isinstance(item, str) and len(item) == 2:
            first, last = as_date(item[0], "compare start"), as_date(item[1], "compare end")
            if last < first:
                raise InvalidInputError(f"compare span {item!r} ends before it starts")
            out.append((first, last))
        else:
            raise InvalidInputError(
                f"compare {item!r} is not a comparison: give Compare.PREVIOUS_PERIOD, "
                "Compare.PREVIOUS_YEAR or a (start, end) pair of dates"
            )
    return out
