import pytest

from backoffice_core.jurisdictions.indonesia import (
    InvalidLetterNumberError,
    LetterNumber,
    parse_letter_number,
)


class TestLetterNumber:
    def test_format(self):
        """Sequence 12 of SK-DIR at ABC in May 2025 is 012/SK-DIR/ABC/V/2025."""
        assert LetterNumber(12, "SK-DIR", "ABC", 5, 2025).format() == "012/SK-DIR/ABC/V/2025"

    def test_parse(self):
        """Parsing gives back every segment."""
        assert parse_letter_number("012/SK-DIR/ABC/V/2025") == LetterNumber(
            12, "SK-DIR", "ABC", 5, 2025
        )

    def test_parse_without_company(self):
        """The reference's 001/HRD/V/2025 has no company segment."""
        parsed = parse_letter_number("001/HRD/V/2025")
        assert (parsed.company, str(parsed)) == (None, "001/HRD/V/2025")

    def test_december_is_xii(self):
        """December is XII."""
        assert str(LetterNumber(1, "SK", "PTM", 12, 2026)) == "001/SK/PTM/XII/2026"

    def test_bad_roman_month_is_named(self):
        """A month XIII is refused, naming it."""
        with pytest.raises(InvalidLetterNumberError, match="XIII"):
            parse_letter_number("001/SK/ABC/XIII/2025")

    def test_wrong_segment_count(self):
        """Three segments are not a letter number."""
        with pytest.raises(InvalidLetterNumberError, match="001/SK/2025"):
            parse_letter_number("001/SK/2025")

    def test_slash_in_unit_is_refused(self):
        """A unit code may not contain a slash."""
        with pytest.raises(InvalidLetterNumberError, match="SK/DIR"):
            LetterNumber(1, "SK/DIR", "ABC", 1, 2025)
