"""Registering documents and their immutable versions, on every backend."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date

import pytest
from document_helpers import approved, corrupt_blob, letter

from backoffice_core import BackOffice
from backoffice_core.documents import (
    DocumentContentError,
    DocumentDraft,
    DocumentStatus,
    DuplicateNumberError,
    InvalidTransitionError,
    UnknownDocumentError,
    UnknownDocumentKindError,
)
from backoffice_core.errors import DuplicateIdError, IntegrityError, InvalidInputError


def state(office: BackOffice) -> tuple[int, int]:
    """Return the number of documents and of audit records (to show nothing changed)."""
    return len(office.documents.search.find(limit=1000)), len(list(office.audit.records()))


class TestRegister:
    def test_register_keeps_metadata_and_first_version(self, office: BackOffice) -> None:
        """A registered document is a draft with version 1 carrying digest, size and author."""
        doc = letter(office, parties=("Budi Santoso",), effective=date(2025, 5, 2))
        stored = office.documents.get(doc.id)
        assert stored == doc
        assert (stored.status, stored.current_version) == (DocumentStatus.DRAFT, 1)
        [version] = office.documents.versions(doc.id)
        content = b"%PDF-1.7 letter"
        assert version.sha256 == hashlib.sha256(content).hexdigest()
        assert (version.size, version.author, version.media_type) == (
            len(content),
            "rina",
            "application/pdf",
        )
        assert office.documents.content(doc.id) == content

    def test_register_many_is_all_or_nothing(self, office: BackOffice) -> None:
        """One bad draft in a bulk registration leaves the store unchanged."""
        good = DocumentDraft(kind="invoice", title="F1", content=b"a", media_type="text/plain")
        bad = DocumentDraft(kind="invoice", title="F2", content=b"", media_type="text/plain")
        before = state(office)
        with pytest.raises(DocumentContentError, match="empty"):
            office.documents.register_many([good, bad])
        assert state(office) == before

    def test_bulk_refusal_names_the_bad_draft(self, office: BackOffice) -> None:
        """The error names the refused draft's place in the batch, id and title."""
        drafts = [
            DocumentDraft(kind="invoice", title=f"F{n}", content=b"a", media_type="text/plain")
            for n in range(3)
        ]
        drafts.append(
            DocumentDraft(
                kind="invoice",
                title="Rusak",
                id="inv-bad",
                content=b"b",
                media_type="text/plain",
                effective=date(2025, 2, 1),
                expires=date(2025, 1, 1),
            )
        )
        before = state(office)
        with pytest.raises(InvalidInputError, match=r"draft 3 of the batch \(id 'inv-bad'"):
            office.documents.register_many(drafts)
        assert state(office) == before

    def test_bulk_duplicate_stored_number_is_refused(self, office: BackOffice) -> None:
        """A bulk draft carrying a number stored already is refused, naming the holder."""
        held = office.documents.register("invoice", "F", b"a", "text/plain", number="INV-9")
        drafts = [
            DocumentDraft(kind="invoice", title="G", content=b"g", media_type="text/plain"),
            DocumentDraft(
                kind="invoice", title="H", content=b"h", media_type="text/plain", number="INV-9"
            ),
        ]
        before = state(office)
        with pytest.raises(
            DuplicateNumberError, match=f"'INV-9' is carried by invoice document '{held.id}'"
        ):
            office.documents.register_many(drafts)
        assert state(office) == before

    def test_bulk_refuses_what_is_not_a_draft(self, office: BackOffice) -> None:
        """A batch item that is not a DocumentDraft is named."""
        with pytest.raises(InvalidInputError, match="draft 0 of the batch is a dict"):
            office.documents.register_many([{"kind": "invoice"}])  # type: ignore[list-item]

    def test_unknown_kind_is_refused(self, office: BackOffice) -> None:
        """A kind that is neither built in nor registered raises before writing."""
        before = state(office)
        with pytest.raises(UnknownDocumentKindError, match="'memo'"):
            office.documents.register("memo", "Memo", b"x", "text/plain")
        assert state(office) == before

    def test_registered_kind_is_accepted(self, office: BackOffice) -> None:
        """A user-registered kind can be used and is listed with the built-in ones."""
        office.documents.register_kind("memo", "Internal memo")
        doc = office.documents.register("memo", "Memo", b"x", "text/plain")
        assert doc.kind == "memo"
        assert "memo" in office.documents.kinds()
        assert "contract" in office.documents.kinds()

    def test_oversized_content_is_refused(self, url: str) -> None:
        """Content above the configured limit raises DocumentContentError."""
        from backoffice_core.documents import DocumentRules

        rules = DocumentRules(max_content_size=4)
        entity = f"PT Limit {uuid.uuid4().hex}"
        with BackOffice.open(url, entity=entity, actor="rina", document_rules=rules) as office:
            with pytest.raises(DocumentContentError, match="5 bytes, more than the limit of 4"):
                office.documents.register("form", "Form", b"12345", "text/plain")
            assert office.documents.register("form", "Form", b"1234", "text/plain").title

    def test_duplicate_id_is_refused(self, office: BackOffice) -> None:
        """Registering an id twice raises DuplicateIdError and keeps the first."""
        first = letter(office, id="surat-1")
        with pytest.raises(DuplicateIdError, match="surat-1"):
            letter(office, id="surat-1", text="other")
        assert office.documents.get("surat-1") == first

    def test_duplicate_external_number_is_refused(self, office: BackOffice) -> None:
        """Two invoices of the same kind cannot carry the same number."""
        office.documents.register("invoice", "Faktur", b"a", "text/plain", number="INV-7")
        with pytest.raises(DuplicateNumberError, match="INV-7"):
            office.documents.register("invoice", "Faktur", b"b", "text/plain", number="INV-7")

    def test_bad_metadata_is_refused(self, office: BackOffice) -> None:
        """An expiry before the effective date raises InvalidInputError."""
        with pytest.raises(InvalidInputError, match="expires on 2025-01-01 before"):
            office.documents.register(
                "contract",
                "Sewa",
                b"x",
                "application/pdf",
                effective=date(2025, 2, 1),
                expires=date(2025, 1, 1),
            )

    def test_unknown_document_is_named(self, office: BackOffice) -> None:
        """Reading a missing document raises UnknownDocumentError naming the id."""
        with pytest.raises(UnknownDocumentError, match="'nope'"):
            office.documents.get("nope")


class TestVersions:
    def test_new_version_keeps_earlier_ones(self, office: BackOffice) -> None:
        """A second version becomes current; the first stays readable unchanged."""
        doc = letter(office)
        office.as_actor("sari").documents.add_version(doc.id, b"v2", "text/plain", text="baru")
        assert office.documents.get(doc.id).current_version == 2
        assert office.documents.content(doc.id) == b"v2"
        assert office.documents.content(doc.id, 1) == b"%PDF-1.7 letter"
        assert [v.author for v in office.documents.versions(doc.id)] == ["rina", "sari"]

    def test_version_after_approval_is_refused(self, office: BackOffice) -> None:
        """An approved document's content cannot change; every version stays readable."""
        doc = approved(office, letter(office))
        with pytest.raises(InvalidTransitionError, match="approved"):
            office.documents.add_version(doc.id, b"v2", "text/plain")
        assert office.documents.content(doc.id) == b"%PDF-1.7 letter"

    def test_empty_version_is_refused(self, office: BackOffice) -> None:
        """Empty content for a new version raises and leaves version 1 current."""
        doc = letter(office)
        with pytest.raises(DocumentContentError):
            office.documents.add_version(doc.id, b"", "text/plain")
        assert office.documents.get(doc.id).current_version == 1

    def test_tampered_content_raises_on_read(self, office: BackOffice) -> None:
        """Content changed behind the library's back fails its digest check."""
        doc = letter(office)
        [version] = office.documents.versions(doc.id)
        corrupt_blob(office, version.sha256)
        with pytest.raises(IntegrityError, match="no longer matches"):
            office.documents.content(doc.id)

    def test_missing_version_is_named(self, office: BackOffice) -> None:
        """Asking for a version that does not exist names the versions there are."""
        from backoffice_core.errors import NotFoundError

        doc = letter(office)
        with pytest.raises(NotFoundError, match="versions 1 to 1"):
            office.documents.content(doc.id, 3)
