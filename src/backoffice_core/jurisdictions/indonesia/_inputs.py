"""Checks shared by the Indonesian calculations: rupiah amounts, months and statuses.

Private helpers; each raises the narrow error of :mod:`.errors` naming the bad value.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from backoffice_core.errors import CurrencyMismatchError
from backoffice_core.jurisdictions.indonesia.errors import (
    InvalidMonthError,
    NegativeAmountError,
    UnknownPtkpStatusError,
)
from backoffice_core.jurisdictions.indonesia.parameters import PtkpStatus
from backoffice_core.money import Money

IDR = "IDR"
ZERO = Decimal(0)
ONE = Decimal(1)
THOUSAND = Decimal(1000)
TWELVE = Decimal(12)

_STATUSES = {s.value: s for s in PtkpStatus} | {s.name: s for s in PtkpStatus}


def idr(amount: Decimal) -> Money:
    """Wrap a Decimal computed by the rule pack as rupiah."""
    return Money(amount, IDR)


def rupiah(value: Money, what: str, *, allow_negative: bool = False) -> Decimal:
    """Return the Decimal amount of a rupiah value after checking it.

    Raises:
        CurrencyMismatchError: If ``value`` is not in IDR.
        NegativeAmountError: If it is negative and that is not allowed.
    """
    if value.currency != IDR:
        raise CurrencyMismatchError(
            f"{what} {value} is not in IDR: Indonesian rules compute in rupiah; convert it first"
        )
    amount = value.amount
    if amount < 0 and not allow_negative:
        raise NegativeAmountError(f"{what} {value} is negative: pass zero or more")
    return amount


def ptkp_status(value: PtkpStatus | str) -> PtkpStatus:
    """Return ``value`` as a :class:`PtkpStatus`, accepting "K/1" or "K1".

    Raises:
        UnknownPtkpStatusError: If ``value`` is not TK/0-TK/3 or K/0-K/3.
    """
    if isinstance(value, PtkpStatus):
        return value
    status = _STATUSES.get(str(value).strip().upper().replace(" ", ""))
    if status is None:
        raise UnknownPtkpStatusError(
            f"PTKP status {value!r} is unknown: use one of "
            f"{', '.join(s.value for s in PtkpStatus)} (K/I/x is for annual returns only)"
        )
    return status


def month(value: int, what: str = "month") -> int:
    """Return ``value`` if it is a month number 1-12.

    Raises:
        InvalidMonthError: Otherwise.
    """
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
        raise InvalidMonthError(f"{what} {value!r} is not a month: use 1 (January) to 12")
    return value


def month_start(on: date) -> date:
    """Return the first day of the month of ``on``."""
    return on.replace(day=1)
