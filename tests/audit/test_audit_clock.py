"""Audit records carry the time of the acting context's clock."""

from __future__ import annotations

from datetime import UTC, date, datetime

from proof_helpers import fresh_entity

from backoffice_core import BackOffice, Money
from backoffice_core.context import Context
from backoffice_core.ledger import EntryDraft, Line, generic_chart

FIXED = datetime(2031, 7, 4, 9, 30, 15, 250000, tzinfo=UTC)


def lines(amount: int) -> tuple[Line, Line]:
    """A balanced pair of IDR lines."""
    return Line.debit("6110", Money(amount, "IDR")), Line.credit("1120", Money(amount, "IDR"))


class TestAuditClock:
    def test_every_record_has_the_fixed_time(self, url: str) -> None:
        """With a fixed clock, every audit record (chart, post, bulk, period) has that time."""
        with BackOffice.open(
            url, entity=fresh_entity("Clock"), actor="rina", clock=lambda: FIXED
        ) as office:
            office.ledger.load_chart(generic_chart())
            office.ledger.post(date(2026, 1, 5), "Sewa", lines(5), id="rent")
            drafts = [
                EntryDraft(date=date(2026, 1, 6), description="b", id=f"b-{n}", lines=lines(n + 1))
                for n in range(3)
            ]
            office.ledger.post_many(drafts)
            office.ledger.close_period("2026-01")
            records = list(office.audit.records())
            assert len(records) > 4
            assert {r.at for r in records} == {FIXED}
            assert office.ledger.entry("rent").posted_at == FIXED
            assert office.audit.verify().ok

    def test_each_actor_stamps_with_its_own_clock(self, url: str) -> None:
        """Records made through another context carry that context's clock reading."""
        with BackOffice.open(
            url, entity=fresh_entity("Clock2"), actor="rina", clock=lambda: FIXED
        ) as office:
            later = datetime(2031, 7, 5, tzinfo=UTC)
            other = BackOffice(office.backend, Context(office.entity, "budi", clock=lambda: later))
            other.ledger.close_period("2026-02")
            last = list(office.audit.records())[-1]
            assert (last.actor, last.at) == ("budi", later)
