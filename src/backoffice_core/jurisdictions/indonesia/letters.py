"""Letter numbers (nomor surat) in the ``{seq:03}/{unit}/{company}/{month}/{year}`` form.

There is no statutory format for private companies; this is the common convention:
a sequence zero-padded to three digits, the letter type or unit code, the company code,
the month in Roman numerals I-XII and the four-digit year, e.g. ``012/SK-DIR/ABC/V/2025``.
The company segment may be left out (``001/HRD/V/2025``). :class:`LetterNumber` formats
and :func:`parse_letter_number` parses.
"""

from __future__ import annotations

import re

import attrs

from backoffice_core.jurisdictions.indonesia._inputs import month
from backoffice_core.jurisdictions.indonesia.errors import InvalidLetterNumberError

__all__ = ["ROMAN_MONTHS", "LetterNumber", "parse_letter_number"]

ROMAN_MONTHS: tuple[str, ...] = (
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
)
"""The months January to December in Roman numerals."""

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-_&]*$")


def _code(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _CODE.match(value):
        raise InvalidLetterNumberError(
            f"{attribute.name} code {value!r} is not usable in a letter number: use letters, "
            "digits, '.', '-', '_' or '&', and no '/'"
        )


def _sequence(_instance: object, _attribute: object, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidLetterNumberError(f"sequence {value!r} must be a whole number from 1")


def _month(_instance: object, _attribute: object, value: int) -> None:
    month(value)


def _year(_instance: object, _attribute: object, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1000 <= value <= 9999:
        raise InvalidLetterNumberError(f"year {value!r} must have four digits")


@attrs.frozen(slots=True)
class LetterNumber:
    """A letter number.

    Attributes:
        sequence: The running number (usually reset each year).
        unit: The letter-type or unit code (SK, HRD, SK-DIR, ...).
        company: The company code, or None when the convention leaves it out.
        month: The month of issue, 1-12.
        year: The year of issue.
    """

    sequence: int = attrs.field(validator=_sequence)
    unit: str = attrs.field(validator=_code)
    company: str | None = attrs.field(validator=attrs.validators.optional(_code))
    month: int = attrs.field(validator=_month)
    year: int = attrs.field(validator=_year)

    def format(self) -> str:
        """Return the number as text, e.g. ``012/SK-DIR/ABC/V/2025``."""
        parts = [f"{self.sequence:03d}", self.unit]
        if self.company is not None:
            parts.append(self.company)
        parts += [ROMAN_MONTHS[self.month - 1], str(self.year)]
        return "/".join(parts)

    def __str__(self) -> str:
        return self.format()


def parse_letter_number(text: str) -> LetterNumber:
    """Parse ``{seq}/{unit}/{company}/{month_roman}/{year}`` (company optional).

    Raises:
        InvalidLetterNumberError: If ``text`` does not have that shape; the message
            names the text and the segment that is wrong.
    """
    parts = text.strip().split("/") if isinstance(text, str) else []
    if len(parts) not in (4, 5):
        raise InvalidLetterNumberError(
            f"letter number {text!r} must have 4 or 5 segments separated by '/': "
            "sequence/unit/company/month/year, e.g. 012/SK-DIR/ABC/V/2025"
        )
    seq, unit, *company, roman, year = parts
    if not seq.isdigit():
        raise InvalidLetterNumberError(f"letter number {text!r}: sequence {seq!r} is not a number")
    if roman.upper() not in ROMAN_MONTHS:
        raise InvalidLetterNumberError(
            f"letter number {text!r}: month {roman!r} is not a Roman numeral I-XII"
        )
    if not (year.isdigit() and len(year) == 4):
        raise InvalidLetterNumberError(f"letter number {text!r}: year {year!r} is not four digits")
    return LetterNumber(
        int(seq),
        unit,
        company[0] if company else None,
        ROMAN_MONTHS.index(roman.upper()) + 1,
        int(year),
    )
