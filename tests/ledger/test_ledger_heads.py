"""Line-free journal reads: entry heads with their totals, and an account's days."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from backoffice_core import BackOffice, Money
from backoffice_core.errors import InvalidInputError
from backoffice_core.ledger import (
    MAX_LINE_UNITS,
    EntryKind,
    Line,
    UnknownAccountError,
    generic_chart,
)
from backoffice_core.periods import Month

AT = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def rp(amount: int) -> Money:
    return Money(amount, "IDR")


def books(office: BackOffice) -> BackOffice:
    """Post three entries: a sourced split in January, a USD one and a small one in February."""
    office.ledger.load_chart(generic_chart())
    office.ledger.post(
        date(2026, 1, 5), "Sewa", [Line.debit("6110", rp(700)), Line.debit("6200", rp(300)),
                                   Line.credit("1110", rp(1_000))],
        id="a", source="inv-1",
    )  # fmt: skip
    rate = Decimal("16000")
    office.ledger.post(
        date(2026, 2, 3), "Lisensi", [Line.debit("6110", Money("2.50", "USD"), rate=rate),
                                      Line.credit("1120", Money("2.50", "USD"), rate=rate)],
        id="b",
    )  # fmt: skip
    office.ledger.post(
        date(2026, 2, 9), "Kopi", [Line.debit("6200", rp(40)), Line.credit("1110", rp(40))], id="c"
    )
    return office


class TestEntryHeads:
    def test_totals_equal_the_debits_of_the_entries(self, office: BackOffice) -> None:
        """Each head's total is the sum of its entry's debits in base currency."""
        books(office)
        expected = {
            e.id: sum((ln.base_equivalent for ln in e.lines if ln.side.value == "debit"), rp(0))
            for e in office.ledger.entries()
        }
        heads = office.ledger.entry_heads()
        assert {h.id: h.total for h in heads} == expected
        assert [h.id for h in heads] == ["a", "b", "c"]
        assert [h.lines for h in heads] == [3, 2, 2]

    def test_head_carries_the_entrys_facts(self, office: BackOffice) -> None:
        """A head names the period, source, kind and who posted the entry."""
        head = books(office).ledger.entry_heads()[0]
        assert (head.seq, head.period, head.source, head.kind) == (1, "2026-01", "inv-1", "regular")
        assert head.posted_by == "rina"
        assert head.posted_at == office.ledger.entry("a").posted_at

    def test_above_keeps_entries_over_the_amount(self, office: BackOffice) -> None:
        """Only entries whose debit total is strictly above the amount are returned."""
        books(office)
        assert [h.id for h in office.ledger.entry_heads(above=rp(1_000))] == ["b"]
        assert [h.id for h in office.ledger.entry_heads(above=rp(999))] == ["a", "b"]

    def test_above_holds_together_with_the_entry_filters(self, office: BackOffice) -> None:
        """An amount filter given with date, kind, source or instant filters keeps only both."""
        books(office)
        ledger = office.ledger
        first = ledger.entry("a").posted_at
        assert [h.id for h in ledger.entry_heads(above=rp(39), start="2026-02-01")] == ["b", "c"]
        assert [h.id for h in ledger.entry_heads(above=rp(39), end="2026-02-03")] == ["a", "b"]
        assert [h.id for h in ledger.entry_heads(above=rp(39), sourced=True)] == ["a"]
        assert [h.id for h in ledger.entry_heads(above=rp(999), sources=["inv-1"])] == ["a"]
        assert ledger.entry_heads(above=rp(1_000), sources=["inv-1"]) == []
        assert [h.id for h in ledger.entry_heads(above=rp(39), posted_after=first)] == ["b", "c"]
        assert ledger.entry_heads(above=rp(39), kinds=["reversal"]) == []
        heads = ledger.entry_heads(above=rp(39), kinds=["regular"])
        assert [(h.id, h.total, h.lines) for h in heads] == [
            ("a", rp(1_000), 3), ("b", rp(40_000), 2), ("c", rp(40), 2)
        ]  # fmt: skip

    def test_a_total_beyond_64_bits_is_exact(self, office: BackOffice) -> None:
        """An entry whose debits pass 2**63 minor units has its exact total, compared exactly."""
        office.ledger.load_chart(generic_chart())
        cap = Money.from_minor(MAX_LINE_UNITS, "IDR")
        lines = [Line.debit("6110", cap)] * 100 + [Line.credit("1110", cap)] * 100
        office.ledger.post(date(2026, 3, 1), "Besar", lines, id="big")
        total = Money.from_minor(100 * MAX_LINE_UNITS, "IDR")  # 10**19 > 2**63
        assert [(h.total, h.lines) for h in office.ledger.entry_heads()] == [(total, 200)]
        assert [h.id for h in office.ledger.entry_heads(above=cap)] == ["big"]
        below = Money.from_minor(100 * MAX_LINE_UNITS - 1, "IDR")
        assert [h.id for h in office.ledger.entry_heads(above=below, end="2026-03-31")] == ["big"]
        assert office.ledger.entry_heads(above=total) == []

    def test_dates_and_sources_filter(self, office: BackOffice) -> None:
        """Date range, sourced and sources filters all hold together."""
        books(office)
        ledger = office.ledger
        assert [h.id for h in ledger.entry_heads(start="2026-02-01")] == ["b", "c"]
        assert [h.id for h in ledger.entry_heads(end=date(2026, 2, 3))] == ["a", "b"]
        assert [h.id for h in ledger.entry_heads(sourced=False)] == ["b", "c"]
        assert [h.id for h in ledger.entry_heads(sources=["inv-1", "x"])] == ["a"]
        assert ledger.entry_heads(sources=[]) == []

    def test_kinds_filter(self, office: BackOffice) -> None:
        """A reversal is found by its kind and left out of regular entries."""
        books(office).ledger.reverse("c", id="c-rev")
        reversals = office.ledger.entry_heads(kinds=[EntryKind.REVERSAL])
        assert [(h.id, h.reverses) for h in reversals] == [("c-rev", "c")]
        assert "c-rev" not in [h.id for h in office.ledger.entry_heads(kinds="regular")]

    def test_posted_after_filters_by_instant(self, office: BackOffice) -> None:
        """Only entries posted strictly after the instant are returned."""
        books(office)
        first = office.ledger.entry("a").posted_at
        later = [h.id for h in office.ledger.entry_heads(posted_after=first)]
        assert "a" not in later
        future = datetime(2999, 1, 1, tzinfo=UTC)
        assert office.ledger.entry_heads(posted_after=future) == []

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"above": Money(5, "USD")},
            {"above": 5},
            {"kinds": ["odd"]},
            {"sourced": "yes"},
            {"sources": "inv-1"},
            {"posted_after": datetime(2026, 1, 1)},
            {"posted_after_by_month": [("2026-01", datetime(2026, 1, 1, tzinfo=UTC))]},
            {"posted_after_by_month": {"2026-01": datetime(2026, 1, 1)}},
            {"posted_after_by_month": {"2026-13": datetime(2026, 1, 1, tzinfo=UTC)}},
            {"posted_after_by_month": {"2026-01": AT, Month(2026, 1): AT}},
            {"start": "not a date"},
        ],
    )
    def test_bad_filters_are_refused(self, office: BackOffice, kwargs: dict[str, object]) -> None:
        """A filter of the wrong type or currency raises InvalidInputError naming it."""
        books(office)
        with pytest.raises(InvalidInputError):
            office.ledger.entry_heads(**kwargs)  # type: ignore[arg-type]


def clocked(url: str) -> tuple[BackOffice, list[datetime]]:
    """Open a fresh entity whose clock reads the last instant of the returned list."""
    now = [AT]
    office = BackOffice.open(
        url, entity=f"PT Jam {uuid.uuid4().hex[:10]}", actor="rina", clock=lambda: now[-1]
    )
    office.ledger.load_chart(generic_chart())
    return office, now


def post(office: BackOffice, on: date, entry_id: str, amount: int = 100) -> None:
    lines = [Line.debit("6110", rp(amount)), Line.credit("1110", rp(amount))]
    office.ledger.post(on, entry_id, lines, id=entry_id)


class TestPostedAfterByMonth:
    def test_keeps_the_entries_posted_after_their_months_instant(self, url: str) -> None:
        """An entry is kept when its month is named and it was posted after that instant."""
        office, now = clocked(url)
        post(office, date(2026, 1, 10), "jan-early")
        post(office, date(2026, 2, 10), "feb-early")
        now.append(AT + timedelta(days=1))
        post(office, date(2026, 1, 20), "jan-late")
        post(office, date(2026, 2, 20), "feb-late")
        post(office, date(2026, 3, 5), "mar")
        now.append(AT + timedelta(days=2))
        post(office, date(2026, 2, 25), "feb-later")
        cutoffs: dict[str | Month, datetime] = {
            "2026-01": AT,
            Month(2026, 2): AT + timedelta(days=1),
        }
        heads = office.ledger.entry_heads(posted_after_by_month=cutoffs)
        assert [h.id for h in heads] == ["jan-late", "feb-later"]
        office.close()

    def test_equals_filtering_every_head_by_its_months_instant(self, url: str) -> None:
        """The result is every head whose month is named and posted after it, in order."""
        office, now = clocked(url)
        for day in range(1, 13):
            now.append(AT + timedelta(hours=day))
            post(office, date(2026, day % 4 + 1, day), f"e{day}", amount=day * 100)
        every = office.ledger.entry_heads()
        for cutoffs in (
            {"2026-01": AT + timedelta(hours=3), "2026-03": AT},
            {"2026-02": AT + timedelta(hours=6), "2026-04": AT + timedelta(hours=12)},
            {"2026-05": AT},
        ):
            expected = [h for h in every if h.period in cutoffs and h.posted_at > cutoffs[h.period]]
            assert office.ledger.entry_heads(posted_after_by_month=cutoffs) == expected
            big = [h for h in expected if h.total > rp(500)]
            assert office.ledger.entry_heads(posted_after_by_month=cutoffs, above=rp(500)) == big
        office.close()

    def test_many_months_are_read_whole(self, url: str) -> None:
        """Cutoffs for more months than one query holds still return every late entry."""
        office, now = clocked(url)
        months = [Month(2015, 1) + n for n in range(150)]
        post(office, months[0].first_day, "first")
        now.append(AT + timedelta(days=1))
        post(office, months[0].last_day, "first-late")
        post(office, months[149].first_day, "last-late")
        post(office, (months[149] + 1).first_day, "after")
        heads = office.ledger.entry_heads(posted_after_by_month=dict.fromkeys(months, AT))
        assert [h.id for h in heads] == ["first-late", "last-late"]
        office.close()

    def test_an_empty_mapping_matches_nothing(self, office: BackOffice) -> None:
        """No month named means no entry is returned."""
        books(office)
        assert office.ledger.entry_heads(posted_after_by_month={}) == []


class TestDailyActivity:
    def test_days_sum_debits_and_credits(self, office: BackOffice) -> None:
        """Each day holds the account's debits and credits in base currency."""
        books(office)
        days = office.ledger.daily_activity("1110", None, date(2026, 12, 31))
        assert [(d.date, d.debit, d.credit) for d in days] == [
            (date(2026, 1, 5), rp(0), rp(1_000)),
            (date(2026, 2, 9), rp(0), rp(40)),
        ]

    def test_parent_account_includes_children(self, office: BackOffice) -> None:
        """A header account's days add up the lines of the accounts below it."""
        books(office)
        parent = office.ledger.account("6110").parent
        assert parent is not None
        days = office.ledger.daily_activity(parent, "2026-02-01", date(2026, 2, 28))
        assert sum((d.debit for d in days), rp(0)) == rp(40_040)

    def test_unknown_account_is_refused(self, office: BackOffice) -> None:
        """An account outside the chart raises UnknownAccountError."""
        books(office)
        with pytest.raises(UnknownAccountError):
            office.ledger.daily_activity("9999", None, date(2026, 1, 31))
