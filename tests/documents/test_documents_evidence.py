"""Links between documents and records, and the evidence behind ledger entries."""

from __future__ import annotations

from datetime import date

import pytest
from document_helpers import letter

from backoffice_core import BackOffice, Money
from backoffice_core.documents import Document
from backoffice_core.errors import DuplicateIdError, InvalidInputError
from backoffice_core.ledger import JournalEntry, Line, UnknownEntryError, generic_chart


def post(office: BackOffice, amount: str, *, source: str | None = None) -> JournalEntry:
    """Post rent paid in cash."""
    if not office.ledger.accounts():
        office.ledger.load_chart(generic_chart())
    return office.ledger.post(
        date(2025, 1, 5),
        "Sewa",
        [Line.debit("6110", Money(amount, "IDR")), Line.credit("1110", Money(amount, "IDR"))],
        source=source,
    )


def receipt(office: BackOffice, **extra: object) -> Document:
    """Register a receipt."""
    return office.documents.register("receipt", "Kuitansi sewa", b"kw", "image/png", **extra)


class TestLinks:
    def test_links_read_in_both_directions(self, office: BackOffice) -> None:
        """A link from A to B shows in A's links and in B's related records."""
        a, b = letter(office), letter(office, text="lampiran")
        office.documents.evidence.link(a.id, f"document:{b.id}", role="amends")
        assert office.documents.evidence.related(a.id) == [f"document:{b.id}"]
        assert office.documents.evidence.related(b.id) == [f"document:{a.id}"]

    def test_link_to_other_record_types(self, office: BackOffice) -> None:
        """A document can point at a payroll run or an asset by a typed target."""
        doc = letter(office)
        office.documents.evidence.link(doc.id, "payroll.run:2026-01")
        assert [d.document for d in office.documents.evidence.linked("payroll.run:2026-01")] == [
            doc.id
        ]

    def test_link_is_idempotent_for_the_same_role(self, office: BackOffice) -> None:
        """Linking twice with the same role returns the first link."""
        doc = letter(office)
        first = office.documents.evidence.link(doc.id, "asset:A-1")
        assert office.documents.evidence.link(doc.id, "asset:A-1") == first
        with pytest.raises(DuplicateIdError, match="'related'"):
            office.documents.evidence.link(doc.id, "asset:A-1", role="evidence")

    def test_malformed_target_is_refused(self, office: BackOffice) -> None:
        """A target without a type raises InvalidInputError."""
        with pytest.raises(InvalidInputError, match="'<type>:<id>'"):
            office.documents.evidence.link(letter(office).id, "no-type")

    def test_link_to_missing_entry_is_refused(self, office: BackOffice) -> None:
        """Attaching a document to an entry that does not exist raises."""
        with pytest.raises(UnknownEntryError):
            office.documents.evidence.attach(letter(office).id, "nope")


class TestEvidence:
    def test_attached_document_supports_entry(self, office: BackOffice) -> None:
        """An attached receipt lists the entry, and the entry lists the receipt."""
        entry = post(office, "500000")
        doc = receipt(office)
        office.documents.evidence.attach(doc.id, entry.id)
        assert [e.id for e in office.documents.evidence.entries_for(doc.id)] == [entry.id]
        assert [d.id for d in office.documents.evidence.documents_for(entry.id)] == [doc.id]

    def test_source_naming_the_document_is_evidence(self, office: BackOffice) -> None:
        """ledger.post(source=document.id) links entry and document without a link row."""
        doc = receipt(office)
        entry = post(office, "500000", source=doc.id)
        assert [e.id for e in office.documents.evidence.entries_for(doc.id)] == [entry.id]
        assert [d.id for d in office.documents.evidence.documents_for(entry.id)] == [doc.id]

    def test_source_naming_the_number_is_evidence(self, office: BackOffice) -> None:
        """An entry whose source is a document's number is supported by it."""
        doc = receipt(office, number="KW-77")
        entry = post(office, "500000", source="KW-77")
        assert [d.id for d in office.documents.evidence.documents_for(entry.id)] == [doc.id]
        assert office.documents.evidence.unsupported_entries(Money("1", "IDR")) == []

    def test_unsupported_entries_above_threshold(self, office: BackOffice) -> None:
        """Entries at or above the threshold without evidence are listed, others not."""
        big = post(office, "5000000")
        small = post(office, "100")
        backed = post(office, "7000000")
        office.documents.evidence.attach(receipt(office).id, backed.id)
        found = office.documents.evidence.unsupported_entries(Money("1000000", "IDR"))
        assert [e.id for e in found] == [big.id]
        assert small.id not in {e.id for e in found}

    def test_threshold_in_another_currency_is_refused(self, office: BackOffice) -> None:
        """A threshold not in the base currency raises InvalidInputError."""
        post(office, "1")
        with pytest.raises(InvalidInputError, match="IDR"):
            office.documents.evidence.unsupported_entries(Money("1", "USD"))

    def test_entry_exactly_at_threshold_counts(self, office: BackOffice) -> None:
        """An entry whose debits equal the threshold is listed; one rupiah less is not."""
        at = post(office, "1000000")
        below = post(office, "999999")
        found = office.documents.evidence.unsupported_entries(Money("1000000", "IDR"))
        assert [e.id for e in found] == [at.id]
        assert below.id not in {e.id for e in found}

    def test_dates_bound_the_unsupported_entries(self, office: BackOffice) -> None:
        """The start and end dates keep only the entries dated inside them, whole."""
        entry = post(office, "5000000")
        evidence = office.documents.evidence
        assert evidence.unsupported_entries(Money("1", "IDR"), start=date(2025, 1, 6)) == []
        assert evidence.unsupported_entries(Money("1", "IDR"), end=date(2025, 1, 4)) == []
        inside = evidence.unsupported_entries(
            Money("1", "IDR"), start=date(2025, 1, 5), end=date(2025, 1, 5)
        )
        assert inside == [entry]
