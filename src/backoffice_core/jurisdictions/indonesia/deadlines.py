"""The statutory calendar: withholding payment and return dates, annual returns, THR.

Monthly PPh 21/26 is paid by the 15th (the 10th before 2025) and reported by the 20th of
the following month; annual returns are due 31 March (individuals) and 30 April
(companies) after the tax year; THR is paid at least 7 days before the religious
holiday. A due date on a Saturday, Sunday, national holiday or collective leave day
(cuti bersama) moves to the next working day (PMK 81/2024 Pasal 100), using the
``holidays`` package's Indonesian calendar. The THR date can instead move back to the
previous working day, which keeps it "at the latest" H-7 (see :func:`thr_payment_due`).
"""

from __future__ import annotations

import enum
from datetime import date, timedelta
from functools import lru_cache

import holidays

from backoffice_core.jurisdictions.indonesia._inputs import month, option
from backoffice_core.jurisdictions.indonesia.parameters import TAX_DEADLINES

__all__ = [
    "Shift",
    "TaxpayerKind",
    "annual_return_due",
    "is_working_day",
    "next_working_day",
    "previous_working_day",
    "thr_payment_due",
    "withholding_payment_due",
    "withholding_return_due",
]

_THR_DAYS_BEFORE = 7
_ONE_DAY = timedelta(days=1)


class TaxpayerKind(enum.Enum):
    """Who files the annual return."""

    INDIVIDUAL = "individual"
    COMPANY = "company"


class Shift(enum.Enum):
    """Where a due date on a non-working day moves."""

    NEXT_WORKING_DAY = "next"
    PREVIOUS_WORKING_DAY = "previous"


@lru_cache(maxsize=64)
def _holidays(year: int, collective_leave: bool) -> frozenset[date]:
    categories = ("public", "government") if collective_leave else ("public",)
    return frozenset(holidays.country_holidays("ID", years=year, categories=categories))


def is_working_day(day: date, *, collective_leave: bool = True) -> bool:
    """Return True if ``day`` is neither a weekend, a holiday nor (by default) cuti bersama."""
    return day.weekday() < 5 and day not in _holidays(day.year, collective_leave)


def next_working_day(day: date, *, collective_leave: bool = True) -> date:
    """Return ``day`` if it is a working day, else the next working day."""
    while not is_working_day(day, collective_leave=collective_leave):
        day += _ONE_DAY
    return day


def previous_working_day(day: date, *, collective_leave: bool = True) -> date:
    """Return ``day`` if it is a working day, else the previous working day."""
    while not is_working_day(day, collective_leave=collective_leave):
        day -= _ONE_DAY
    return day


def _following_month(year: int, tax_month: int) -> date:
    month(tax_month, "tax period month")
    return date(year + tax_month // 12, tax_month % 12 + 1, 1)


def withholding_payment_due(year: int, tax_month: int, *, collective_leave: bool = True) -> date:
    """Return the payment deadline of PPh 21/26 withheld in a tax period.

    The day of the following month comes from the rules in force in that month (15th
    from January 2025, 10th before), moved to the next working day.

    Raises:
        InvalidMonthError: If ``tax_month`` is outside 1-12.
        RuleParameterError: If no deadline table covers the following month.
    """
    first = _following_month(year, tax_month)
    day = first.replace(day=TAX_DEADLINES.at(first).payment_day)
    return next_working_day(day, collective_leave=collective_leave)


def withholding_return_due(year: int, tax_month: int, *, collective_leave: bool = True) -> date:
    """Return the filing deadline of the SPT Masa PPh 21/26: the 20th of the next month.

    Raises:
        InvalidMonthError: If ``tax_month`` is outside 1-12.
        RuleParameterError: If no deadline table covers the following month.
    """
    first = _following_month(year, tax_month)
    day = first.replace(day=TAX_DEADLINES.at(first).return_day)
    return next_working_day(day, collective_leave=collective_leave)


def annual_return_due(
    tax_year: int,
    kind: TaxpayerKind | str = TaxpayerKind.INDIVIDUAL,
    *,
    collective_leave: bool = True,
) -> date:
    """Return the annual return deadline: 31 March (individual) or 30 April (company).

    Raises:
        InvalidOptionError: If ``kind`` is not a :class:`TaxpayerKind` nor a string
            naming one (``"company"``).
        RuleParameterError: If no deadline table covers the year after ``tax_year``.
    """
    kind = option(kind, TaxpayerKind, "taxpayer kind")
    params = TAX_DEADLINES.at(date(tax_year + 1, 1, 1))
    month_, day = (
        params.individual_annual if kind is TaxpayerKind.INDIVIDUAL else params.company_annual
    )
    return next_working_day(date(tax_year + 1, month_, day), collective_leave=collective_leave)


def thr_payment_due(
    holiday: date,
    *,
    shift: Shift | str = Shift.PREVIOUS_WORKING_DAY,
    collective_leave: bool = True,
) -> date:
    """Return the THR payment deadline: 7 days before the religious holiday (H-7).

    Args:
        holiday: The religious holiday (e.g. Idul Fitri).
        shift: Where H-7 moves when it is not a working day. Permenaker 6/2016 says
            "at the latest" H-7, so the default moves it to the previous working day (a
            later date would be late); ``Shift.NEXT_WORKING_DAY`` moves it like a tax
            deadline instead.
        collective_leave: Treat cuti bersama as non-working days.

    Raises:
        InvalidOptionError: If ``shift`` is not a :class:`Shift` nor a string naming one.
    """
    shift = option(shift, Shift, "shift")
    day = holiday - timedelta(days=_THR_DAYS_BEFORE)
    if shift is Shift.PREVIOUS_WORKING_DAY:
        return previous_working_day(day, collective_leave=collective_leave)
    return next_working_day(day, collective_leave=collective_leave)
