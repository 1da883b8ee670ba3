"""Indonesian identifiers: NIK, NPWP (15 and 16 digits) and NITKU.

The checks are those of python-stdnum's ``stdnum.id.nik`` and ``stdnum.id.npwp`` (its
place-of-registration database is what knows a NIK's region), done on the number
cleaned once: a compliance run validates every employee's numbers, and stdnum cleans
the same number again in each helper (the tests check the results agree with stdnum's
own functions on generated numbers). A malformed number (length, characters, NIK birth date or
region) raises :class:`~.errors.InvalidIdentifierError`; a failed check digit of a
legacy NPWP (Luhn over the first 9 digits, reverse-engineered and never published by
DJP) is only a warning on the result, in its ``warnings`` tuple. A NITKU is a 16-digit
NPWP followed by a 6-digit place-of-business number (000000 for the head office).
"""

from __future__ import annotations

import functools
from datetime import date

import attrs
from stdnum import numdb
from stdnum.exceptions import (
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)
from stdnum.util import clean

from backoffice_core.jurisdictions.indonesia.errors import InvalidIdentifierError

__all__ = [
    "Nik",
    "Nitku",
    "Npwp",
    "format_npwp",
    "nitku",
    "validate_nik",
    "validate_nitku",
    "validate_npwp",
]

_SEPARATORS = " -./"


def _compact(value: str, what: str) -> str:
    if not isinstance(value, str):
        raise InvalidIdentifierError(f"{what} {value!r} must be a str of digits")
    if value.isascii() and value.isdigit():
        return value  # already compact: what ``clean`` would return, without its loops
    number = clean(value, _SEPARATORS).strip()
    if not number.isdigit() or not number.isascii():
        raise InvalidIdentifierError(
            f"{what} {value!r} has characters other than digits and separators"
        )
    return number


@attrs.frozen(slots=True)
class Nik:
    """A valid NIK (Nomor Induk Kependudukan).

    Attributes:
        number: The 16 digits.
        birth_date: The birth date encoded in it.
        female: True when 40 was added to the day of birth.
        region: The 6-digit province, regency and district code.
    """

    number: str
    birth_date: date
    female: bool
    region: str


def validate_nik(value: str) -> Nik:
    """Validate a NIK: 16 digits, a known province/regency code and a birth date.

    Raises:
        InvalidIdentifierError: If the NIK is malformed; the message says why.
    """
    number = _compact(value, "NIK")
    try:
        born = _nik_checked(number)
    except ValidationError as error:
        raise InvalidIdentifierError(f"NIK {value!r} is not valid: {error}") from None
    return Nik(number, born, int(number[6:8]) > 40, number[:6])


def _nik_checked(number: str) -> date:
    """Check a compact NIK as ``stdnum.id.nik.validate`` does; return its birth date.

    The same checks in the same order (digits, 16 of them, a birth date, a known
    place of registration) raising the same exceptions, but the number is cleaned
    once rather than three times, and the place lookup is cached per 4-digit prefix.
    """
    if not number.isdigit():
        raise InvalidFormat()
    if len(number) != 16:
        raise InvalidLength()
    born = _birth_date(number)
    if not _registration_place_known(number[:4]):
        raise InvalidComponent()
    return born


def _birth_date(number: str) -> date:
    """The birth date of a compact NIK as ``stdnum.id.nik.get_birth_date`` reads it.

    DDMMYY with 40 added to a woman's day; the 1900s first, then the 2000s.
    """
    day, month, year = int(number[6:8]) % 40, int(number[8:10]), int(number[10:12])
    for century in (1900, 2000):
        try:
            return date(century + year, month, day)
        except ValueError:
            continue
    raise InvalidComponent()


def _luhn_ok(digits: str) -> bool:
    """True when ASCII ``digits`` pass the Luhn check (as ``stdnum.luhn.validate``)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        total += sum(divmod(value * 2, 10)) if position % 2 else value
    return total % 10 == 0


@functools.lru_cache(maxsize=4096)
def _registration_place_known(prefix: str) -> bool:
    """True when stdnum's place database knows the province and regency ``prefix``."""
    return bool(numdb.get("id/loc").info(prefix)[0][1])


@attrs.frozen(slots=True)
class Npwp:
    """A checked NPWP, with any doubt in ``warnings`` rather than an error.

    Attributes:
        number: The digits as given (15 legacy or 16).
        npwp16: The 16-digit form (``0`` + legacy digits, or the NIK).
        formatted: The legacy layout ``XX.XXX.XXX.X-XXX.XXX`` for legacy numbers; the
            16 plain digits for a NIK-based NPWP.
        is_nik: True when the NPWP is a resident individual's NIK.
        warnings: Doubts that do not make the number unusable (a failed check digit).
    """

    number: str
    npwp16: str
    formatted: str
    is_nik: bool
    warnings: tuple[str, ...] = ()

    @property
    def checksum_ok(self) -> bool:
        """True when no check-digit warning was raised."""
        return not self.warnings


def validate_npwp(value: str) -> Npwp:
    """Validate an NPWP of 15 digits (legacy) or 16 digits (NIK, or ``0`` + legacy).

    Raises:
        InvalidIdentifierError: If the length or characters are wrong, or a NIK-based
            NPWP is not a valid NIK. A failed legacy check digit is a warning instead.
    """
    number = _compact(value, "NPWP")
    if len(number) == 16 and not number.startswith("0"):
        validate_nik(number)
        return Npwp(number, number, number, is_nik=True)
    if len(number) not in (15, 16):
        raise InvalidIdentifierError(
            f"NPWP {value!r} has {len(number)} digits: use 15 (legacy) or 16 digits"
        )
    legacy = number[-15:]
    warnings: tuple[str, ...] = ()
    if not _luhn_ok(legacy[:9]):
        warnings = (
            f"NPWP {value!r}: check digit {legacy[8]} fails the Luhn check over the first "
            "9 digits; the check is undocumented by DJP, so confirm the number with the taxpayer",
        )
    formatted = _format_legacy(legacy)
    return Npwp(number, "0" + legacy, formatted, is_nik=False, warnings=warnings)


def _format_legacy(legacy: str) -> str:
    """Lay out 15 compact digits as ``stdnum.id.npwp.format`` does (without re-cleaning)."""
    return f"{legacy[:2]}.{legacy[2:5]}.{legacy[5:8]}.{legacy[8]}-{legacy[9:12]}.{legacy[12:]}"


def format_npwp(value: str) -> str:
    """Return the NPWP in its usual layout (see :attr:`Npwp.formatted`).

    Raises:
        InvalidIdentifierError: If the NPWP is malformed.
    """
    return validate_npwp(value).formatted


@attrs.frozen(slots=True)
class Nitku:
    """A checked NITKU (Nomor Identitas Tempat Kegiatan Usaha).

    Attributes:
        number: The 22 digits.
        npwp: The 16-digit NPWP it starts with, checked.
        place_of_business: The 6-digit sequence as a number (0 for the head office).
    """

    number: str
    npwp: Npwp
    place_of_business: int

    @property
    def is_head_office(self) -> bool:
        """True for the head office (sequence 000000)."""
        return self.place_of_business == 0

    @property
    def warnings(self) -> tuple[str, ...]:
        """The warnings of the NPWP part."""
        return self.npwp.warnings


def validate_nitku(value: str) -> Nitku:
    """Validate a NITKU: a 16-digit NPWP and a 6-digit place-of-business number.

    Raises:
        InvalidIdentifierError: If it is not 22 digits or its NPWP part is malformed.
    """
    number = _compact(value, "NITKU")
    if len(number) != 22:
        raise InvalidIdentifierError(f"NITKU {value!r} has {len(number)} digits: use 22")
    return Nitku(number, validate_npwp(number[:16]), int(number[16:]))


def nitku(npwp: str, place_of_business: int = 0) -> str:
    """Build a NITKU from an NPWP (15 or 16 digits) and a place-of-business number.

    Raises:
        InvalidIdentifierError: If the NPWP is malformed or the number is outside 0-999999.
    """
    if isinstance(place_of_business, bool) or not 0 <= place_of_business <= 999999:
        raise InvalidIdentifierError(
            f"place of business {place_of_business!r} must be 0 (head office) to 999999"
        )
    return validate_npwp(npwp).npwp16 + f"{place_of_business:06d}"
