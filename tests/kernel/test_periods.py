from __future__ import annotations

import os
import uuid
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

    def test_ids_are_canonical_uuid7_text(self) -> None:
        """Each id is the canonical lower-case text of a version 7, RFC 9562 variant UUID."""
        for text in [new_id() for _ in range(600)]:
            parsed = uuid.UUID(text)
            assert str(parsed) == text
            assert (parsed.version, parsed.variant) == (7, uuid.RFC_4122)

    def test_ids_differ_across_a_page_of_random_bytes(self) -> None:
        """Ids past one page of random bytes keep differing in their random part."""
        tails = {new_id()[19:] for _ in range(2000)}
        assert len(tails) == 2000

    def test_a_forked_child_draws_its_own_random_bytes(self) -> None:
        """A child process does not reuse the random bytes its parent read ahead."""
        new_id()
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            os.close(reader)
            os.write(writer, new_id()[19:].encode())
            os._exit(0)
        os.close(writer)
        child = os.read(reader, 64).decode()
        os.waitpid(pid, 0)
        os.close(reader)
        assert child != new_id()[19:]
