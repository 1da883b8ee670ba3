"""The one-clean NIK and NPWP checks give exactly python-stdnum's results."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.id import nik as stdnum_nik
from stdnum.id import npwp as stdnum_npwp

from backoffice_core.jurisdictions.indonesia import (
    InvalidIdentifierError,
    validate_nik,
    validate_npwp,
)

DIGITS = "0123456789"
# Real province/regency prefixes and unknown ones, real and impossible dates.
PREFIXES = st.sampled_from(["3171", "3273", "1101", "9471", "9971", "0000", "3199", "5108"])
DAYS = st.integers(min_value=0, max_value=79).map(lambda d: f"{d:02d}")
MONTHS = st.integers(min_value=0, max_value=13).map(lambda m: f"{m:02d}")
NIKS = st.builds(
    lambda p, district, day, month, year, tail: p + district + day + month + year + tail,
    PREFIXES,
    st.text(DIGITS, min_size=2, max_size=2),
    DAYS,
    MONTHS,
    st.text(DIGITS, min_size=2, max_size=2),
    st.text(DIGITS, min_size=4, max_size=4),
)


def stdnum_nik_result(number: str) -> object:
    """What stdnum says of a NIK: its birth date, or the exception class it raises."""
    try:
        stdnum_nik.validate(number)
        return stdnum_nik.get_birth_date(number)
    except ValidationError as error:
        return type(error)


class TestNikAgreesWithStdnum:
    @settings(max_examples=500)
    @given(NIKS | st.text(DIGITS + "-. ", max_size=18))
    @example("3171012902001234")  # 29 February: no 1900 leap day, so 2000
    @example("3171015708450001")  # a woman's day (plus 40)
    @example("3171-0130-0200-1234")  # month 02, day 30: no such day in either century
    def test_same_verdict_and_birth_date(self, number: str) -> None:
        """Valid for stdnum means valid here with the same birth date; invalid means refused."""
        expected = stdnum_nik_result(number)
        try:
            got: object = validate_nik(number).birth_date
        except InvalidIdentifierError:
            got = None
        if isinstance(expected, type):
            assert got is None
        else:
            assert got == expected


class TestNpwpAgreesWithStdnum:
    @settings(max_examples=300)
    @given(st.text(DIGITS, min_size=15, max_size=15))
    def test_layout_and_check_digit_warning(self, number: str) -> None:
        """A legacy NPWP's layout is stdnum's, and it warns exactly when stdnum's Luhn fails."""
        result = validate_npwp(number)
        assert result.formatted == stdnum_npwp.format(number)
        assert bool(result.warnings) is not luhn.is_valid(number[:9])
