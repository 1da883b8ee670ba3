"""Amending a document's metadata: audited, versioned, refused where it makes no sense."""

from __future__ import annotations

from datetime import date

import pytest
from document_helpers import approved, archived, disposed, letter

from backoffice_core import BackOffice
from backoffice_core.documents import Confidentiality, InvalidTransitionError
from backoffice_core.errors import ConcurrencyError, InvalidInputError


class TestAmend:
    def test_amend_changes_metadata_and_keeps_the_rest(self, office: BackOffice) -> None:
        """Title, department, parties, tags, dates and level change; number and versions stay."""
        doc = approved(office, letter(office))
        amended = office.documents.amend(
            doc.id,
            expected_version=office.documents.revision(doc.id),
            title="Undangan rapat umum",
            department="GA",
            parties=("PT Mitra",),
            tags=("rapat", "umum"),
            effective=date(2025, 5, 2),
            expires=date(2025, 12, 31),
            confidentiality=Confidentiality.CONFIDENTIAL,
        )
        assert office.documents.get(doc.id) == amended
        assert (amended.number, amended.kind, amended.current_version) == (
            doc.number,
            doc.kind,
            doc.current_version,
        )
        assert (amended.title, amended.department, amended.tags) == (
            "Undangan rapat umum",
            "GA",
            ("rapat", "umum"),
        )

    def test_amendment_is_audited_and_bumps_the_revision(self, office: BackOffice) -> None:
        """The change is one audited write and the revision goes up by one."""
        doc = letter(office)
        office.documents.amend(doc.id, expected_version=1, department="FIN")
        assert office.documents.revision(doc.id) == 2
        actions = [r.action for r in office.audit.records() if r.subject == doc.id]
        assert actions[-1] == "documents.document.amended"
        assert office.audit.verify().ok

    def test_stale_revision_is_refused(self, office: BackOffice) -> None:
        """An amendment based on an old revision raises ConcurrencyError and writes nothing."""
        doc = letter(office)
        office.documents.submit(doc.id)
        with pytest.raises(ConcurrencyError, match="revision 2, not 1"):
            office.documents.amend(doc.id, expected_version=1, title="Lain")
        assert office.documents.get(doc.id).title == "Undangan rapat"

    @pytest.mark.parametrize("field", ["kind", "number", "current_version", "status"])
    def test_fixed_fields_cannot_be_amended(self, office: BackOffice, field: str) -> None:
        """Kind, number, versions and status are not metadata to amend."""
        doc = letter(office)
        with pytest.raises(InvalidInputError, match="cannot be amended"):
            office.documents.amend(doc.id, expected_version=1, **{field: "x"})

    def test_malformed_value_is_refused(self, office: BackOffice) -> None:
        """An empty title or an expiry before the effective date is refused."""
        doc = letter(office, effective=date(2025, 5, 1))
        with pytest.raises(InvalidInputError, match="title"):
            office.documents.amend(doc.id, expected_version=1, title=" ")
        with pytest.raises(InvalidInputError, match="before it takes effect"):
            office.documents.amend(doc.id, expected_version=1, expires=date(2025, 1, 1))
        assert office.documents.revision(doc.id) == 1

    def test_archived_document_cannot_be_amended(self, office: BackOffice) -> None:
        """An archived document is kept as filed."""
        doc = archived(office, letter(office))
        revision = office.documents.revision(doc.id)
        with pytest.raises(InvalidTransitionError, match="archived"):
            office.documents.amend(doc.id, expected_version=revision, title="Lain")

    def test_disposed_document_cannot_be_amended(self, office: BackOffice) -> None:
        """A disposed document is gone; its metadata stays as disposed."""
        doc = office.documents.register(
            "invoice", "Faktur", b"inv", "application/pdf", effective=date(2012, 5, 1)
        )
        archived(office, doc)
        disposed(office, [doc.id])
        revision = office.documents.revision(doc.id)
        with pytest.raises(InvalidTransitionError, match="disposed"):
            office.documents.amend(doc.id, expected_version=revision, title="Lain")


class TestAmendedSearch:
    def test_search_follows_a_new_title_and_tags(self, office: BackOffice) -> None:
        """Old title words and tags stop matching; new ones match at once."""
        doc = letter(office, text="Agenda direksi")
        office.documents.amend(doc.id, expected_version=1, title="Memo anggaran", tags=("biaya",))
        search = office.documents.search
        assert [d.id for d in search.find("anggaran")] == [doc.id]
        assert [d.id for d in search.find(tag="biaya")] == [doc.id]
        assert list(search.find("undangan")) == []
        assert list(search.find(tag="rapat")) == []
        assert [d.id for d in search.find("direksi")] == [doc.id]  # the text is unchanged

    def test_a_removed_tag_can_come_back(self, office: BackOffice) -> None:
        """A tag removed and given again is found again."""
        doc = letter(office)
        office.documents.amend(doc.id, expected_version=1, tags=())
        office.documents.amend(doc.id, expected_version=2, tags=("rapat",))
        assert [d.id for d in office.documents.search.find(tag="rapat")] == [doc.id]
