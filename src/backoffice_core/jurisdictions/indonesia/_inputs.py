"""Checks shared by the Indonesian calculations: rupiah amounts, months and statuses.

Private helpers; each raises the narrow error of :mod:`.errors` naming the bad value.
"""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from backoffice_core.errors import CurrencyMismatchError
from backoffice_core.jurisdictions.indonesia.errors import (
    InvalidArgumentTypeError,
    InvalidMonthError,
    InvalidOptionError,
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

E = TypeVar("E", bound=enum.Enum)

MAX_RUPIAH = Decimal(10) ** 18
"""Amounts at or above this (a quintillion rupiah) are refused: the rates would lose digits."""

_STATUSES = {s.value: s for s in PtkpStatus} | {s.name: s for s in PtkpStatus}


def idr(amount: Decimal) -> Money:
    """Wrap a Decimal computed by the rule pack as rupiah."""
    return Money(amount, IDR)


def rupiah(value: Money, what: str, *, allow_negative: bool = False) -> Decimal:
    """Return the Decimal amount of a rupiah value after checking it.

    Raises:
        InvalidArgumentTypeError: If ``value`` is not Money, or is 10**18 rupiah or more.
        CurrencyMismatchError: If ``value`` is not in IDR.
        NegativeAmountError: If it is negative and that is not allowed.
    """
    if not isinstance(value, Money):
        raise InvalidArgumentTypeError(
            f"{what} {value!r} is a {type(value).__name__}, not Money: "
            f"pass Money(amount, 'IDR'), e.g. Money('{value}', 'IDR')"
        )
    if abs(value.amount) >= MAX_RUPIAH:
        raise InvalidArgumentTypeError(
            f"{what} {value} is too large: Indonesian rules take amounts below 10**18 rupiah; "
            "check the figure"
        )
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


def option(value: Any, kind: type[E], what: str) -> E:
    """Return ``value`` as a member of ``kind``, parsing a string by value or name.

    The string match ignores case and surrounding spaces, so ``"straight_line"``,
    ``"STRAIGHT_LINE"`` and ``"Straight_Line"`` all give the same member.

    Raises:
        InvalidOptionError: If ``value`` is neither a member nor a string naming one.
    """
    if isinstance(value, kind):
        return value
    if isinstance(value, str):
        wanted = value.strip().casefold()
        for member in kind:
            if wanted in (member.name.casefold(), str(member.value).casefold()):
                return member
    choices = ", ".join(f"{m.name} ({m.value!r})" for m in kind)
    raise InvalidOptionError(f"{what} {value!r} is not a {kind.__name__}: use one of {choices}")


def flag(value: object, what: str) -> bool:
    """Return ``value`` if it is a bool.

    Raises:
        InvalidOptionError: If it is anything else (None, 0, "yes"...): a truthiness
            guess would silently pick a rate.
    """
    if not isinstance(value, bool):
        raise InvalidOptionError(
            f"{what} {value!r} is a {type(value).__name__}, not a bool: pass True or False"
        )
    return value
