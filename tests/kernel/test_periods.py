from __future__ import annotations

from datetime import date

import pytest

from backoffice_core import FiscalCalendar, Month
from backoffice_core.errors import InvalidInputError
from backoffice_core.ids import new_id


class TestMonth:
    def test_parse_and_arithmetic(self) -> None:
        """Months parse from YYYY-MM and add across year ends."""
        assert Month.parse("2026-11") + 3 == Month(2027, 2)
        assert Month(2026, 3).last_day == date(2026, 3, 31)
        assert Month(2024, 2).last_day == date(2024, 2, 29)

    @pytest.mark.parametrize("text", ["2026-13", "2026-1", "Jan 2026"])
    def test_bad_month_is_refused(self, text: str) -> None:
        """A month outside 1-12 or in another form raises InvalidInputError naming it."""
        with pytest.raises(InvalidInputError):
            Month.parse(text)


class TestFiscalCalendar:
    def test_april_fiscal_year(self) -> None:
        """An April-to-March year is labelled by the year it ends in."""
        cal = FiscalCalendar(first_month=4)
        year = cal.fiscal_year_of(date(2026, 2, 10))
        assert (year.first_day, year.last_day, year.label) == (
            date(2025, 4, 1),
            date(2026, 3, 31),
            2026,
        )
        assert cal.fiscal_year(2026) == year

    def test_bad_first_month_is_refused(self) -> None:
        """A first month outside 1-12 raises InvalidInputError."""
        with pytest.raises(InvalidInputError, match="13"):
            FiscalCalendar(first_month=13)


class TestIds:
    def test_ids_are_time_ordered(self) -> None:
        """Ids created later sort later, even within one millisecond."""
        ids = [new_id() for _ in range(2000)]
        assert ids == sorted(ids)
        assert len(set(ids)) == len(ids)
        assert ids[0][14] == "7"  # UUID version 7
