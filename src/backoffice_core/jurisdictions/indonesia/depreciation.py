"""Fiscal depreciation schedules under UU PPh Pasal 11 (a memo for the tax return).

Kelompok 1 to 4 and permanent / non-permanent buildings; straight line for all, and
declining balance for non-buildings only. The acquisition month counts in full and the
first year is pro-rated by whole months (no half-year convention); there is no salvage
value. Straight line gives the year in which the useful life ends the remaining months;
declining balance expenses the whole remaining book value in that year. Amounts are
whole rupiah (rounding is an option, down by default) and the final period absorbs any
remainder, so the schedule always adds up to the cost. The monthly view spreads each
year's fiscal amount evenly over that year's months in service.
"""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal

import attrs

from backoffice_core.errors import InvalidInputError
from backoffice_core.jurisdictions.indonesia._inputs import (
    ONE,
    TWELVE,
    ZERO,
    idr,
    option,
    rupiah,
)
from backoffice_core.jurisdictions.indonesia.errors import DepreciationMethodError
from backoffice_core.jurisdictions.indonesia.parameters import DEPRECIATION_GROUPS, AssetGroup
from backoffice_core.money import Money, Rounding

__all__ = [
    "DepreciationMethod",
    "DepreciationPeriod",
    "DepreciationSchedule",
    "depreciation_schedule",
]


class DepreciationMethod(enum.Enum):
    """The fiscal depreciation methods of Pasal 11."""

    STRAIGHT_LINE = "garis lurus"
    DECLINING_BALANCE = "saldo menurun"


@attrs.frozen(slots=True)
class DepreciationPeriod:
    """One year or month of a schedule.

    Attributes:
        year: The fiscal year.
        month: The month, or None in the yearly view.
        depreciation: The depreciation of the period.
        accumulated: Depreciation to the end of the period.
        book_value: The fiscal book value at the end of the period.
    """

    year: int
    month: int | None
    depreciation: Money
    accumulated: Money
    book_value: Money


@attrs.frozen(slots=True)
class DepreciationSchedule:
    """A fiscal depreciation schedule by year and by month.

    Attributes:
        cost: The acquisition cost.
        group: The asset group.
        method: The method.
        acquired: A date in the month the expenditure was made.
        useful_life_years: The useful life.
        rate: The yearly rate as a fraction.
        years: The yearly view, first year first.
        months: The monthly view, first month first.
    """

    cost: Money
    group: AssetGroup
    method: DepreciationMethod
    acquired: date
    useful_life_years: int
    rate: Decimal
    years: tuple[DepreciationPeriod, ...]
    months: tuple[DepreciationPeriod, ...]

    def for_year(self, year: int) -> Money:
        """Return the depreciation of ``year`` (zero outside the schedule)."""
        for period in self.years:
            if period.year == year:
                return period.depreciation
        return idr(ZERO)


def _months_by_year(acquired: date, life_years: int) -> list[tuple[int, list[int]]]:
    result: list[tuple[int, list[int]]] = []
    index = acquired.year * 12 + acquired.month - 1
    for offset in range(life_years * 12):
        year, month0 = divmod(index + offset, 12)
        if not result or result[-1][0] != year:
            result.append((year, []))
        result[-1][1].append(month0 + 1)
    return result


def _rows(
    amounts: list[tuple[int, int | None, Decimal]], cost: Decimal
) -> tuple[DepreciationPeriod, ...]:
    rows = []
    accumulated = ZERO
    for year, month, amount in amounts:
        accumulated += amount
        rows.append(
            DepreciationPeriod(year, month, idr(amount), idr(accumulated), idr(cost - accumulated))
        )
    return tuple(rows)


def depreciation_schedule(
    cost: Money,
    group: AssetGroup | str,
    method: DepreciationMethod | str,
    acquired: date,
    *,
    useful_life_years: int | None = None,
    rounding: Rounding | str = Rounding.DOWN,
) -> DepreciationSchedule:
    """Build the fiscal depreciation schedule of one asset.

    Args:
        cost: The acquisition cost in whole rupiah.
        group: The fiscal group (unlisted asset types use Kelompok 3), or its name or
            value as a string (case-insensitive).
        method: Straight line, or declining balance (not for buildings), or its name or
            value as a string, e.g. ``"straight_line"``.
        acquired: A date in the month the expenditure was made (or construction ended).
        useful_life_years: Only for a permanent building: an actual life longer than 20
            years, elected under UU HPP / PMK 72/2023.
        rounding: Rounding of each period to the rupiah; the final period absorbs the rest.

    Raises:
        InvalidArgumentTypeError: If ``cost`` is not Money or is out of range.
        InvalidOptionError: If ``group``, ``method`` or ``rounding`` is not one of its
            members (nor a string naming one).
        NegativeAmountError: If ``cost`` is negative.
        DepreciationMethodError: If declining balance is asked for a building.
        InvalidInputError: If ``useful_life_years`` is given for another group or is
            shorter than the statutory life.
        RuleParameterError: If no depreciation table covers ``acquired``.
    """
    amount = rupiah(cost, "cost")
    group = option(group, AssetGroup, "asset group")
    method = option(method, DepreciationMethod, "depreciation method")
    rounding = option(rounding, Rounding, "rounding")
    params = DEPRECIATION_GROUPS.at(acquired)[group]
    life = params.useful_life_years
    rate = params.straight_line_rate
    if useful_life_years is not None:
        if group is not AssetGroup.PERMANENT_BUILDING or useful_life_years < life:
            raise InvalidInputError(
                f"useful life {useful_life_years!r} years is not allowed for {group.value}: "
                f"only a permanent building may elect an actual life of {life} years or more"
            )
        life, rate = useful_life_years, ONE / useful_life_years
    if method is DepreciationMethod.DECLINING_BALANCE:
        if params.declining_balance_rate is None:
            raise DepreciationMethodError(
                f"declining balance is not allowed for {group.value}: buildings use straight line"
            )
        rate = params.declining_balance_rate
    mode = rounding.value
    calendar = _months_by_year(acquired, life)
    yearly: list[tuple[int, int | None, Decimal]] = []
    book = amount
    for index, (year, months) in enumerate(calendar):
        if index == len(calendar) - 1:
            value = book
        elif method is DepreciationMethod.STRAIGHT_LINE:
            value = (amount * rate * len(months) / TWELVE).quantize(ONE, mode)
        else:
            value = (book * rate * len(months) / TWELVE).quantize(ONE, mode)
        value = min(value, book)
        yearly.append((year, None, value))
        book -= value
    monthly: list[tuple[int, int | None, Decimal]] = []
    for (year, months), (_, _, value) in zip(calendar, yearly, strict=True):
        each = (value / len(months)).quantize(ONE, mode)
        monthly += [(year, m, each) for m in months[:-1]]
        monthly.append((year, months[-1], value - each * (len(months) - 1)))
    return DepreciationSchedule(
        cost=idr(amount),
        group=group,
        method=method,
        acquired=acquired,
        useful_life_years=life,
        rate=rate,
        years=_rows(yearly, amount),
        months=_rows(monthly, amount),
    )
