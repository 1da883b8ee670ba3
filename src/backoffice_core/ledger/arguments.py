"""Checks of the arguments the ledger's public methods take, run before any store call.

Pydantic validates the models a user builds; these helpers validate the plain
arguments (dates, months, codes, ids, amounts) so that a wrong type or an impossible
value raises an :class:`~backoffice_core.errors.InvalidInputError` naming the value and
what to pass instead, never a ``TypeError`` or ``OverflowError`` from deeper down.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from backoffice_core.errors import InvalidInputError
from backoffice_core.money import Money
from backoffice_core.periods import Month

__all__ = [
    "as_code",
    "as_date",
    "as_entry_id",
    "as_money",
    "as_month",
    "as_year",
    "check_text",
    "day_before",
]

_MAX_ID = 128


def as_date(value: object, what: str = "date") -> date:
    """Return ``value`` as a date: a ``datetime.date`` or ISO text such as ``"2026-01-31"``.

    Raises:
        InvalidInputError: If it is a datetime, another type, or not a real date.
    """
    if isinstance(value, datetime):
        raise InvalidInputError(
            f"{what} {value!r} is a datetime: pass its calendar day, value.date()"
        )
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            if len(value.strip()) == 10:
                return date.fromisoformat(value.strip())
        except ValueError:
            pass
        raise InvalidInputError(f"{what} {value!r} is not a date: write it as '2026-01-31'")
    raise InvalidInputError(
        f"{what} {value!r} is not a date: pass a datetime.date such as date(2026, 1, 31)"
    )


def day_before(day: date) -> date | None:
    """Return the day before ``day``, or None when ``day`` is the first date there is."""
    return None if day == date.min else day - timedelta(days=1)


def as_month(value: object, what: str = "month") -> Month:
    """Return ``value`` as a Month: a :class:`Month`, the month of a ``date``, or ``"YYYY-MM"``.

    Raises:
        InvalidInputError: If it is none of these, or not a real month.
    """
    if isinstance(value, Month):
        return value
    if isinstance(value, date):
        return Month.of(value)
    if isinstance(value, str):
        try:
            return Month.parse(value.strip())
        except InvalidInputError:
            pass
    raise InvalidInputError(
        f"{what} {value!r} is not a month: give a Month, a datetime.date inside it, or "
        "'YYYY-MM' such as '2026-01'"
    )


def as_year(value: object) -> int:
    """Return ``value`` as a fiscal-year label (an int from 1 to 9999).

    Raises:
        InvalidInputError: If it is not an int or is out of range.
    """
    if type(value) is not int or not 1 <= value <= 9999:
        raise InvalidInputError(
            f"fiscal year {value!r} is not a year: pass the year it ends in, such as 2026"
        )
    return value


def check_text(value: str | None, what: str) -> None:
    """Refuse text with a NUL character, which PostgreSQL cannot store in a text column.

    Checked for every backend alike, so that memory and SQLite refuse what PostgreSQL
    would.

    Raises:
        InvalidInputError: If ``value`` contains a NUL character (code point 0).
    """
    if value is not None and "\x00" in value:
        raise InvalidInputError(
            f"{what} {value!r:.80} contains a NUL character (\\x00), which no backend may "
            "store: remove it"
        )


def as_code(value: object, what: str = "account code") -> str:
    """Return ``value`` if it is a non-blank string (an account code to look up).

    Raises:
        InvalidInputError: If it is not a string or is blank.
    """
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(f"{what} {value!r} is not a code: pass a string such as '1110'")
    check_text(value, what)
    return value


def as_entry_id(value: object, what: str = "entry id") -> str | None:
    """Return an explicit entry id, or None when none was given.

    An explicit id is an idempotency key, so it must be usable as one: ``""``, ``"  "``
    or ``0`` are refused rather than replaced by a fresh id (which would post twice).

    Raises:
        InvalidInputError: If the id is not a string, is blank, or is too long.
    """
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > _MAX_ID:
        raise InvalidInputError(
            f"{what} {value!r} is not usable: give a non-blank string of at most {_MAX_ID} "
            "characters, or None for a new id"
        )
    check_text(value, what)
    return value


def as_money(value: object, what: str) -> Money:
    """Return ``value`` if it is :class:`Money`.

    Raises:
        InvalidInputError: If it is anything else (a number has no currency).
    """
    if not isinstance(value, Money):
        raise InvalidInputError(f"{what} {value!r} is not Money: pass Money('15000000', 'IDR')")
    return value
