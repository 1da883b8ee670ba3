"""Disposal in two steps by two people: the eligible list, a request, the disposal."""

from __future__ import annotations

from datetime import date

import pytest
from document_helpers import archived, disposed, letter

from backoffice_core import BackOffice
from backoffice_core.documents import (
    DisposalRefusedError,
    Document,
    DocumentStatus,
    InvalidTransitionError,
    SelfApprovalError,
)
from backoffice_core.documents.ports import VERSIONS
from backoffice_core.errors import InvalidInputError, NotFoundError, StateError

S = DocumentStatus
JUNE = date(2025, 6, 1)


def invoice(office: BackOffice, day: date = date(2012, 5, 1), content: bytes = b"inv") -> Document:
    """Register an invoice dated ``day``."""
    return office.documents.register(
        "invoice", "Faktur sewa", content, "application/pdf", effective=day
    )


class TestEligible:
    def test_eligible_lists_archived_documents_past_retention(self, office: BackOffice) -> None:
        """Only archived documents whose retention ended, and not held, are eligible."""
        old = archived(office, invoice(office, date(2012, 5, 1), b"a"))
        recent = archived(office, invoice(office, date(2020, 5, 1), b"b"))
        held = archived(office, invoice(office, date(2012, 5, 1), b"c"))
        office.documents.retention.hold(held.id, "sengketa")
        invoice(office, date(2012, 5, 1), b"d")  # a draft
        eligible = office.documents.retention.eligible(as_of=JUNE)
        assert [d.id for d in eligible] == [old.id]
        assert recent.id not in {d.id for d in eligible}


class TestRequest:
    def test_request_records_who_asked_and_why(self, office: BackOffice) -> None:
        """A request keeps the document archived and names the requester and the reason."""
        doc = archived(office, invoice(office))
        [requested] = office.documents.retention.request_disposal(
            [doc.id], reason="jadwal retensi", as_of=JUNE
        )
        assert requested.status is S.ARCHIVED
        assert (requested.disposal_requested_by, requested.disposal_reason) == (
            office.actor,
            "jadwal retensi",
        )
        assert office.documents.retention.disposal_requests() == [requested]

    def test_request_inside_retention_is_refused(self, office: BackOffice) -> None:
        """Requesting before the retention ends raises and writes nothing."""
        doc = archived(office, invoice(office, date(2020, 5, 1)))
        with pytest.raises(DisposalRefusedError, match="kept until 2030-12-31"):
            office.documents.retention.request_disposal([doc.id], reason="x", as_of=JUNE)
        assert office.documents.get(doc.id).disposal_requested_by is None

    def test_request_under_hold_is_refused(self, office: BackOffice) -> None:
        """A held document cannot be requested for disposal even past its retention."""
        doc = archived(office, invoice(office))
        office.documents.retention.hold(doc.id, "sengketa")
        with pytest.raises(DisposalRefusedError, match="legal hold"):
            office.documents.retention.request_disposal([doc.id], reason="x", as_of=JUNE)

    def test_request_without_policy_is_refused(self, office: BackOffice) -> None:
        """A kind without a retention policy is never disposed by default."""
        doc = archived(office, letter(office, effective=date(2001, 1, 1)))
        with pytest.raises(DisposalRefusedError, match="no retention policy"):
            office.documents.retention.request_disposal([doc.id], reason="x", as_of=JUNE)

    def test_request_needs_a_reason(self, office: BackOffice) -> None:
        """An empty reason is refused."""
        doc = archived(office, invoice(office))
        with pytest.raises(InvalidInputError, match="reason"):
            office.documents.retention.request_disposal([doc.id], reason=" ", as_of=JUNE)

    def test_cancelled_request_cannot_be_disposed(self, office: BackOffice) -> None:
        """After a cancellation the other person has nothing to dispose of."""
        doc = archived(office, invoice(office))
        office.documents.retention.request_disposal([doc.id], reason="x", as_of=JUNE)
        office.documents.retention.cancel_disposal([doc.id], reason="masih diperlukan")
        with pytest.raises(InvalidTransitionError, match="no disposal request"):
            office.as_actor("sari").documents.retention.dispose([doc.id], as_of=JUNE)
        assert office.documents.retention.disposal_requests() == []


class TestDispose:
    def test_dispose_keeps_metadata_and_digests_but_drops_content(self, office: BackOffice) -> None:
        """After disposal the record and digests remain and the content is gone."""
        doc = archived(office, invoice(office))
        [version] = office.documents.versions(doc.id)
        [disposal] = disposed(office, [doc.id], reason="jadwal retensi 2025")
        assert disposal.digests == ((1, version.sha256, version.size),)
        assert (disposal.requested_by, disposal.disposed_by) == (office.actor, "sari")
        assert disposal.reason == "jadwal retensi 2025"
        assert office.documents.get(doc.id).status is S.DISPOSED
        assert office.documents.retention.disposal(doc.id) == disposal
        with pytest.raises(StateError, match="disposed"):
            office.documents.content(doc.id)
        with pytest.raises(NotFoundError):
            office.backend.blobs(office.entity).get(version.sha256)

    def test_dispose_drops_the_extracted_text_of_every_version(self, office: BackOffice) -> None:
        """The caller's extracted text goes with the content: not kept, not searchable."""
        doc = office.documents.register(
            "invoice",
            "Faktur sewa",
            b"inv",
            "application/pdf",
            effective=date(2012, 5, 1),
            text="sewa gudang rahasia",
        )
        assert [d.id for d in office.documents.search.find("rahasia").documents] == [doc.id]
        archived(office, doc)
        disposed(office, [doc.id])
        assert [v.text for v in office.documents.versions(doc.id)] == [None]
        assert office.documents.search.find("rahasia").documents == []
        versions = office.backend.records(VERSIONS, office.entity)
        assert all("rahasia" not in body for _, _, body in versions.scan())

    def test_requester_cannot_dispose(self, office: BackOffice) -> None:
        """The person who requested a disposal cannot carry it out (maker-checker)."""
        doc = archived(office, invoice(office))
        office.documents.retention.request_disposal([doc.id], reason="x", as_of=JUNE)
        with pytest.raises(SelfApprovalError, match="maker-checker"):
            office.documents.retention.dispose([doc.id], as_of=JUNE)
        assert office.documents.get(doc.id).status is S.ARCHIVED
        assert office.documents.content(doc.id) == b"inv"

    def test_dispose_without_request_is_refused(self, office: BackOffice) -> None:
        """A disposal needs a request by someone first."""
        doc = archived(office, invoice(office))
        with pytest.raises(InvalidTransitionError, match="no disposal request"):
            office.as_actor("sari").documents.retention.dispose([doc.id], as_of=JUNE)
        assert office.documents.content(doc.id) == b"inv"

    def test_hold_after_request_stops_disposal(self, office: BackOffice) -> None:
        """The disposal checks again: a hold placed after the request refuses it."""
        doc = archived(office, invoice(office))
        office.documents.retention.request_disposal([doc.id], reason="x", as_of=JUNE)
        office.documents.retention.hold(doc.id, "sengketa")
        with pytest.raises(DisposalRefusedError, match="legal hold"):
            office.as_actor("sari").documents.retention.dispose([doc.id], as_of=JUNE)
        assert office.documents.get(doc.id).status is S.ARCHIVED

    def test_one_refusal_refuses_the_whole_batch(self, office: BackOffice) -> None:
        """A batch with one document the requester itself asked for disposes of none."""
        old = archived(office, invoice(office, content=b"a"))
        mine = archived(office, invoice(office, content=b"b"))
        office.documents.retention.request_disposal([old.id], reason="x", as_of=JUNE)
        sari = office.as_actor("sari")
        sari.documents.retention.request_disposal([mine.id], reason="x", as_of=JUNE)
        with pytest.raises(SelfApprovalError):
            sari.documents.retention.dispose([old.id, mine.id], as_of=JUNE)
        assert office.documents.get(old.id).status is S.ARCHIVED
        assert office.documents.content(old.id) == b"a"

    def test_shared_content_stays_for_a_live_document(self, office: BackOffice) -> None:
        """Content shared with a document that is not disposed is not discarded."""
        old = archived(office, invoice(office, content=b"same"))
        live = invoice(office, date(2024, 5, 1), b"same")
        disposed(office, [old.id])
        assert office.documents.content(live.id) == b"same"

    def test_disposal_is_audited(self, office: BackOffice) -> None:
        """Both steps are audited: the request, the disposal record, the discard."""
        doc = archived(office, invoice(office))
        disposed(office, [doc.id])
        actions = {r.action for r in office.audit.records()}
        assert {
            "documents.document.disposal_requested",
            "documents.disposal.added",
            "documents.document.disposed",
            "blob.discarded",
        } <= actions
        assert office.audit.verify().ok
