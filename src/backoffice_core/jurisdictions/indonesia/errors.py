"""Errors raised by the Indonesian rule pack, each naming the value that was wrong.

They all narrow :class:`~backoffice_core.errors.InvalidInputError` (itself a
``ValueError``), so a caller may catch the broad class or the precise one. A date that
no parameter table covers raises :class:`~backoffice_core.errors.RuleParameterError`
from the kernel. The tree::

    InvalidInputError
    ├── InvalidOptionError           an option or flag that is not one of its documented values
    ├── InvalidArgumentTypeError     an argument of the wrong type (a number for Money) or size
    ├── UnknownPtkpStatusError       not one of TK/0-TK/3, K/0-K/3
    ├── NegativeAmountError          an amount below zero where none is allowed
    ├── InvalidMonthError            a month outside 1-12 or a bad month count
    ├── EmploymentPeriodError        leaving before joining, service after the cut-off
    ├── UnknownJkkClassError         not one of the five JKK risk classes
    ├── OvertimeHoursError           hours outside the PP 35/2021 schedule
    ├── DepreciationMethodError      declining balance asked for a building
    ├── InvalidIdentifierError       a malformed NIK, NPWP or NITKU
    ├── InvalidLetterNumberError     a letter number that does not parse
    └── UnsupportedLanguageError     an explanation language other than id or en
"""

from __future__ import annotations

from backoffice_core.errors import InvalidInputError

__all__ = [
    "DepreciationMethodError",
    "EmploymentPeriodError",
    "InvalidArgumentTypeError",
    "InvalidIdentifierError",
    "InvalidLetterNumberError",
    "InvalidMonthError",
    "InvalidOptionError",
    "NegativeAmountError",
    "OvertimeHoursError",
    "UnknownJkkClassError",
    "UnknownPtkpStatusError",
    "UnsupportedLanguageError",
]


class InvalidOptionError(InvalidInputError):
    """An option (an enum choice or a yes/no flag) is not one of its documented values."""


class InvalidArgumentTypeError(InvalidInputError):
    """An argument has the wrong type (a raw number for Money) or is too large to compute."""


class UnknownPtkpStatusError(InvalidInputError):
    """A PTKP status is not one an employer may use (TK/0-TK/3, K/0-K/3)."""


class NegativeAmountError(InvalidInputError):
    """An amount that must be zero or more is negative."""


class InvalidMonthError(InvalidInputError):
    """A month is outside 1-12, or a count of months is outside 1-12."""


class EmploymentPeriodError(InvalidInputError):
    """An employment period is impossible (leaving before joining, months out of order)."""


class UnknownJkkClassError(InvalidInputError):
    """A JKK (work accident) risk class is not one of the five classes of PP 44/2015."""


class OvertimeHoursError(InvalidInputError):
    """Overtime hours are negative or beyond the PP 35/2021 schedule for that day."""


class DepreciationMethodError(InvalidInputError):
    """A depreciation method is not allowed for the asset group (buildings: straight line)."""


class InvalidIdentifierError(InvalidInputError):
    """A NIK, NPWP or NITKU is malformed (length, characters, date or region code)."""


class InvalidLetterNumberError(InvalidInputError):
    """A letter number does not follow ``{seq}/{unit}/{company}/{month}/{year}``."""


class UnsupportedLanguageError(InvalidInputError):
    """An explanation was asked for in a language other than Bahasa Indonesia or English."""
