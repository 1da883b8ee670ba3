"""Retention periods, legal holds and reminders (disposal: test_documents_disposal.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from document_helpers import approved, archived, letter
from hypothesis import given
from hypothesis import strategies as st

from backoffice_core import BackOffice
from backoffice_core.documents import (
    Document,
    DocumentStatus,
    InvalidTransitionError,
    RetentionPolicy,
    RetentionStart,
    retain_until,
)
from backoffice_core.errors import InvalidInputError
from backoffice_core.periods import FiscalCalendar

S = DocumentStatus


def invoice(office: BackOffice, day: date = date(2014, 6, 1), content: bytes = b"inv") -> Document:
    """Register an invoice dated ``day``."""
    return office.documents.register(
        "invoice", "Faktur sewa", content, "application/pdf", effective=day
    )


class TestRetainUntil:
    def test_indonesian_default_is_ten_years_after_fiscal_year_end(
        self, office: BackOffice
    ) -> None:
        """An invoice dated June 2014 is kept until 31 December 2024."""
        doc = invoice(office)
        assert office.documents.retention.retain_until(doc.id) == date(2024, 12, 31)

    def test_contract_counts_from_the_year_it_expires(self, office: BackOffice) -> None:
        """A contract expiring in March 2027 is kept until the end of 2037."""
        doc = office.documents.register(
            "contract",
            "Sewa",
            b"c",
            "application/pdf",
            effective=date(2025, 1, 1),
            expires=date(2027, 3, 31),
        )
        assert office.documents.retention.retain_until(doc.id) == date(2037, 12, 31)

    def test_letter_has_no_default_policy(self, office: BackOffice) -> None:
        """Letters are kept as long as useful: no statutory default."""
        assert office.documents.retention.retain_until(letter(office).id) is None

    def test_stored_policy_overrides_default(self, office: BackOffice) -> None:
        """A stored five-year policy for letters applies to letters."""
        office.documents.retention.set_policy(RetentionPolicy(kind="letter", years=5))
        doc = letter(office, effective=date(2020, 2, 1))
        assert office.documents.retention.retain_until(doc.id) == date(2025, 12, 31)

    def test_evidence_link_extends_retention(self, office: BackOffice) -> None:
        """A letter linked as evidence of an entry is kept ten years like books."""
        from backoffice_core import Money
        from backoffice_core.jurisdictions import indonesia
        from backoffice_core.ledger import Line

        office.ledger.load_chart(indonesia.chart_of_accounts())
        code_cash, code_rent = "1110", "6110"
        entry = office.ledger.post(
            date(2025, 1, 5),
            "Sewa",
            [
                Line.debit(code_rent, Money("100", "IDR")),
                Line.credit(code_cash, Money("100", "IDR")),
            ],
        )
        doc = letter(office, effective=date(2025, 1, 5))
        office.documents.evidence.attach(doc.id, entry.id)
        assert office.documents.retention.retain_until(doc.id) == date(2035, 12, 31)

    def test_source_naming_the_document_extends_retention(self, office: BackOffice) -> None:
        """A letter named as the source of an entry is kept ten years like books."""
        from backoffice_core import Money
        from backoffice_core.ledger import Line, generic_chart

        office.ledger.load_chart(generic_chart())
        doc = letter(office, effective=date(2025, 1, 5))
        assert office.documents.retention.retain_until(doc.id) is None
        office.ledger.post(
            date(2025, 1, 5),
            "Sewa",
            [Line.debit("6110", Money("100", "IDR")), Line.credit("1110", Money("100", "IDR"))],
            source=doc.id,
        )
        assert office.documents.retention.retain_until(doc.id) == date(2035, 12, 31)

    @given(
        day=st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31)),
        first_month=st.integers(1, 12),
        years=st.integers(0, 30),
    )
    def test_period_ends_on_a_fiscal_year_end(
        self, day: date, first_month: int, years: int
    ) -> None:
        """The last day kept is the day before a fiscal year starts, ``years`` after."""
        doc = Document(
            id="d",
            kind="invoice",
            title="t",
            effective=day,
            created_at=datetime(2025, 1, 1, tzinfo=UTC),
            created_by="x",
        )
        policy = RetentionPolicy(
            kind="invoice", years=years, start=RetentionStart.FISCAL_YEAR_OF_DATE
        )
        calendar = FiscalCalendar(first_month)
        until = retain_until(doc, policy, calendar)
        after = until + timedelta(days=1)
        assert after.day == 1
        assert after.month == first_month
        assert calendar.fiscal_year_of(until).label - calendar.fiscal_year_of(day).label == years


class TestLegalHold:
    def test_hold_and_release_keep_the_reason(self, office: BackOffice) -> None:
        """A hold is set and lifted with a reason each time."""
        doc = invoice(office)
        held = office.documents.retention.hold(doc.id, "Perkara 12/2025")
        assert (held.legal_hold, held.hold_reason) == (True, "Perkara 12/2025")
        released = office.documents.retention.release(doc.id, "Perkara selesai")
        assert (released.legal_hold, released.hold_reason) == (False, "Perkara selesai")

    def test_hold_needs_a_reason(self, office: BackOffice) -> None:
        """A hold without a reason raises InvalidInputError."""
        with pytest.raises(InvalidInputError, match="reason"):
            office.documents.retention.hold(invoice(office).id, " ")

    def test_release_without_hold_is_refused(self, office: BackOffice) -> None:
        """Lifting a hold that is not there raises InvalidTransitionError."""
        with pytest.raises(InvalidTransitionError, match="not under legal hold"):
            office.documents.retention.release(invoice(office).id, "x")

    def test_hold_and_release_are_audited(self, office: BackOffice) -> None:
        """Both steps append to the audit trail with the document as subject."""
        doc = invoice(office)
        office.documents.retention.hold(doc.id, "audit pajak")
        office.documents.retention.release(doc.id, "selesai")
        actions = [r.action for r in office.audit.records() if r.subject == doc.id]
        assert actions[-2:] == ["documents.document.held", "documents.document.released"]


class TestReminders:
    def test_contracts_expiring_within_days(self, office: BackOffice) -> None:
        """Active contracts expiring within 30 days are listed with the days left."""
        soon = office.documents.register(
            "contract", "Sewa gudang", b"a", "application/pdf", expires=date(2025, 6, 20)
        )
        later = office.documents.register(
            "contract", "Sewa kantor", b"b", "application/pdf", expires=date(2025, 9, 1)
        )
        for doc in (soon, later):
            approved(office, doc)
            office.documents.activate(doc.id)
        items = office.documents.retention.expiring(30, as_of=date(2025, 6, 1))
        assert [(r.document, r.days_left, r.what) for r in items] == [(soon.id, 19, "expires")]

    def test_reminders_include_retention_ends(self, office: BackOffice) -> None:
        """An archived invoice whose retention ends soon is a dated reminder."""
        doc = archived(office, invoice(office, date(2015, 3, 1)))
        items = office.documents.retention.reminders(31, as_of=date(2025, 12, 1))
        assert [(r.document, r.on, r.what) for r in items] == [
            (doc.id, date(2025, 12, 31), "retention_ends")
        ]

    def test_negative_days_are_refused(self, office: BackOffice) -> None:
        """A negative horizon raises InvalidInputError."""
        with pytest.raises(InvalidInputError, match="within_days"):
            office.documents.retention.expiring(-1)
