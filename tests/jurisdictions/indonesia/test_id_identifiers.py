from datetime import date

import pytest

from backoffice_core.jurisdictions.indonesia import (
    InvalidIdentifierError,
    format_npwp,
    nitku,
    validate_nik,
    validate_nitku,
    validate_npwp,
)


class TestNpwp:
    @pytest.mark.parametrize(
        "number",
        [
            "01.312.166.0-091.000",
            "01.609.052.4-017.000",
            "02.183.241.5-000.000",
            "01.300.066.6-091.000",
        ],
    )
    def test_reference_numbers_pass_without_warning(self, number):
        """Reference 1.13: the four verified legacy NPWPs pass the Luhn check."""
        assert validate_npwp(number).warnings == ()

    def test_format_legacy(self):
        """A compact legacy NPWP is formatted XX.XXX.XXX.X-XXX.XXX."""
        assert format_npwp("013000666091000") == "01.300.066.6-091.000"

    def test_failed_check_digit_is_a_warning(self):
        """A wrong legacy check digit gives a warning, not an error."""
        result = validate_npwp("01.312.166.1-091.000")
        assert not result.checksum_ok
        assert "check digit" in result.warnings[0]

    def test_sixteen_digits_with_zero(self):
        """A 16-digit NPWP starting with 0 is the legacy number with a 0 in front."""
        result = validate_npwp("0013121660091000")
        assert (result.npwp16, result.formatted, result.is_nik) == (
            "0013121660091000",
            "01.312.166.0-091.000",
            False,
        )

    def test_legacy_converts_to_sixteen_digits(self):
        """A 15-digit NPWP converts to 16 digits by a leading 0."""
        assert validate_npwp("01.312.166.0-091.000").npwp16 == "0013121660091000"

    def test_sixteen_digits_as_nik(self):
        """A 16-digit NPWP not starting with 0 is a NIK."""
        assert validate_npwp("3171011708450001").is_nik

    def test_invalid_nik_npwp_is_an_error(self):
        """A NIK-based NPWP with an unknown province is an error."""
        with pytest.raises(InvalidIdentifierError, match="9971011708450001"):
            validate_npwp("9971011708450001")

    def test_wrong_length_is_an_error(self):
        """Nine digits is not an NPWP."""
        with pytest.raises(InvalidIdentifierError, match="9 digits"):
            validate_npwp("123456789")

    def test_letters_are_an_error(self):
        """Letters in an NPWP are an error naming the value."""
        with pytest.raises(InvalidIdentifierError, match=r"01\.312\.166\.X"):
            validate_npwp("01.312.166.X-091.000")


class TestNik:
    def test_valid_nik_with_birth_date(self):
        """A NIK carries the birth date (17 August 1945)."""
        assert validate_nik("3171011708450001").birth_date == date(1945, 8, 17)

    def test_female_day_plus_forty(self):
        """A day of birth above 40 marks a woman."""
        result = validate_nik("3171015708450001")
        assert (result.female, result.birth_date) == (True, date(1945, 8, 17))

    def test_bad_date_is_an_error(self):
        """Day 30 of month 20 is not a birth date."""
        with pytest.raises(InvalidIdentifierError, match="3171013020001234"):
            validate_nik("3171013020001234")


class TestNitku:
    def test_head_office(self):
        """A NITKU ending in 000000 is the head office."""
        result = validate_nitku("0013121660091000000000")
        assert result.is_head_office
        assert result.npwp.npwp16 == "0013121660091000"

    def test_branch(self):
        """A NITKU ending in 000002 is the second place of business."""
        assert validate_nitku("3171011708450001000002").place_of_business == 2

    def test_build_from_legacy_npwp(self):
        """A NITKU is built from a 15-digit NPWP and a branch number."""
        assert nitku("01.312.166.0-091.000", 1) == "0013121660091000000001"

    def test_wrong_length_is_an_error(self):
        """A 21-digit NITKU is an error."""
        with pytest.raises(InvalidIdentifierError, match="21 digits"):
            validate_nitku("0" * 21)

    def test_warning_passes_through(self):
        """A NITKU whose NPWP fails the check digit carries the warning."""
        assert validate_nitku("0013121661091000000000").warnings
