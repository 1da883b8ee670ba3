"""The lifecycle, maker-checker approval, authorization and numbering of documents."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from document_helpers import approved, letter

from backoffice_core import BackOffice
from backoffice_core.context import RoleAuthorizer
from backoffice_core.documents import (
    DocumentRules,
    DocumentStatus,
    DuplicateNumberError,
    InvalidTransitionError,
    NumberReset,
    SelfApprovalError,
    TemplateNumbering,
)
from backoffice_core.errors import PermissionDeniedError

S = DocumentStatus


class RecordingAuthorizer:
    """Allows everything and remembers every question (a real authorizer, not a mock)."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str, str]] = []

    def check(self, actor: str, action: str, subject: str) -> None:
        """Record the question and allow it."""
        self.asked.append((actor, action, subject))


class TestLifecycle:
    def test_full_path_to_archive(self, office: BackOffice) -> None:
        """A document goes draft, in review, approved, active, expired, archived."""
        doc = letter(office)
        seen = [office.documents.submit(doc.id).status]
        seen.append(office.as_actor("budi").documents.approve(doc.id).status)
        seen.append(office.documents.activate(doc.id).status)
        seen.append(office.documents.expire(doc.id).status)
        seen.append(office.documents.archive(doc.id).status)
        assert seen == [S.IN_REVIEW, S.APPROVED, S.ACTIVE, S.EXPIRED, S.ARCHIVED]
        assert office.documents.get(doc.id).status is S.ARCHIVED

    def test_return_to_draft_allows_a_new_version(self, office: BackOffice) -> None:
        """A reviewer can send a document back; its author can then revise it."""
        doc = letter(office)
        office.documents.submit(doc.id)
        assert office.as_actor("budi").documents.return_to_draft(doc.id).status is S.DRAFT
        office.documents.add_version(doc.id, b"v2", "text/plain")
        assert office.documents.get(doc.id).current_version == 2

    def test_supersede_names_the_replacement(self, office: BackOffice) -> None:
        """Superseding records which document replaced the old one."""
        old = approved(office, letter(office))
        new = letter(office, text="rapat baru")
        assert office.documents.supersede(old.id, by=new.id).superseded_by == new.id

    def test_invalid_transition_is_named(self, office: BackOffice) -> None:
        """Activating a draft raises InvalidTransitionError and changes nothing."""
        doc = letter(office)
        with pytest.raises(InvalidTransitionError, match="is draft; activation needs it approved"):
            office.documents.activate(doc.id)
        assert office.documents.get(doc.id).status is S.DRAFT

    def test_archive_of_a_draft_is_refused(self, office: BackOffice) -> None:
        """A draft cannot skip to the archive."""
        doc = letter(office)
        with pytest.raises(InvalidTransitionError):
            office.documents.archive(doc.id)


class TestApproval:
    def test_author_cannot_approve(self, office: BackOffice) -> None:
        """The author of the current version approving it raises SelfApprovalError."""
        doc = letter(office)
        office.documents.submit(doc.id)
        with pytest.raises(SelfApprovalError, match="'rina' wrote version 1"):
            office.documents.approve(doc.id)
        assert office.documents.get(doc.id).status is S.IN_REVIEW

    def test_author_of_latest_version_counts(self, office: BackOffice) -> None:
        """After budi adds a version, budi can no longer approve but rina can."""
        doc = letter(office)
        office.as_actor("budi").documents.add_version(doc.id, b"v2", "text/plain")
        office.documents.submit(doc.id)
        with pytest.raises(SelfApprovalError):
            office.as_actor("budi").documents.approve(doc.id)
        assert office.documents.approve(doc.id).approved_by == "rina"

    def test_authorizer_refusal_writes_nothing(self, url: str) -> None:
        """An actor without the approve grant is refused and the document stays in review."""
        auth = RoleAuthorizer(
            {"rina": {"clerk"}, "budi": {"clerk"}},
            # Opening a new entity's books is a ledger action of its own.
            {"clerk": {"documents.document.register", "documents.document.submit",
                       "ledger.books.open"}},
        )  # fmt: skip
        entity = f"PT Auth {uuid.uuid4().hex}"
        with BackOffice.open(url, entity=entity, actor="rina", authorizer=auth) as office:
            doc = letter(office)
            office.documents.submit(doc.id)
            with pytest.raises(PermissionDeniedError, match=r"documents\.document\.approve"):
                office.as_actor("budi").documents.approve(doc.id)
            assert office.documents.get(doc.id).status is S.IN_REVIEW

    def test_authorizer_is_asked_for_every_document_of_a_bulk(self, url: str) -> None:
        """Bulk registration asks the authorizer once per document."""
        from backoffice_core.documents import DocumentDraft

        auth = RecordingAuthorizer()
        entity = f"PT Bulk {uuid.uuid4().hex}"
        with BackOffice.open(url, entity=entity, actor="rina", authorizer=auth) as office:
            drafts = [
                DocumentDraft(kind="receipt", title=f"K{i}", content=b"k", media_type="text/plain")
                for i in range(3)
            ]
            docs = office.documents.register_many(drafts)
        asked = [(a, s) for _, a, s in auth.asked if a == "documents.document.register"]
        assert asked == [("documents.document.register", d.id) for d in docs]


class TestNumbering:
    def test_indonesian_letter_number_by_default(self, office: BackOffice) -> None:
        """The default number is the Indonesian letter form with the company's code."""
        doc = approved(office, letter(office), on=date(2025, 5, 2))
        assert office.entity.startswith("PT Test")
        assert doc.number is not None
        assert doc.number.startswith("001/HRD/PTT")
        assert doc.number.endswith("/V/2025")

    def test_numbers_are_gapless_per_series(self, office: BackOffice) -> None:
        """Three HRD letters get 001, 002, 003; another department starts at 001."""
        numbers = [approved(office, letter(office)).number for _ in range(3)]
        other = approved(office, letter(office, department="FIN")).number
        assert [n.split("/")[0] for n in numbers if n] == ["001", "002", "003"]
        assert other is not None
        assert other.startswith("001/FIN/")

    def test_yearly_reset_starts_again(self, office: BackOffice) -> None:
        """The first letter of a new year is number 001 again."""
        approved(office, letter(office), on=date(2025, 12, 30))
        doc = approved(office, letter(office), on=date(2026, 1, 2))
        assert doc.number is not None
        assert doc.number.startswith("001/HRD/")

    def test_rollback_returns_the_number_and_never_reuses_committed_ones(
        self, office: BackOffice
    ) -> None:
        """A rolled-back approval frees its number; committed numbers stay unique."""
        first = approved(office, letter(office))
        second = letter(office)
        office.documents.submit(second.id)

        def approve_then_fail() -> None:
            with office.transaction():
                office.as_actor("budi").documents.approve(second.id, on=date(2025, 5, 2))
                raise RuntimeError("the caller's unit of work fails after the approval")

        with pytest.raises(RuntimeError):
            approve_then_fail()
        assert office.documents.get(second.id).number is None
        redone = office.as_actor("budi").documents.approve(second.id, on=date(2025, 5, 3))
        assert first.number is not None
        assert redone.number is not None
        assert [first.number[:3], redone.number[:3]] == ["001", "002"]

    def test_template_numbering_with_monthly_reset(self, url: str) -> None:
        """A template format numbers per kind, department and month."""
        rules = DocumentRules(
            numbering=TemplateNumbering("{code}/{year}-{month:02d}/{seq:03d}", NumberReset.MONTHLY)
        )
        entity = f"PT Template {uuid.uuid4().hex}"
        with BackOffice.open(url, entity=entity, actor="rina", document_rules=rules) as office:
            a = approved(office, letter(office), on=date(2025, 5, 2))
            b = approved(office, letter(office), on=date(2025, 6, 2))
        assert (a.number, b.number) == ("LETTER/2025-05/001", "LETTER/2025-06/001")

    def test_template_that_repeats_a_number_is_refused(self, url: str) -> None:
        """A template without the period repeats numbers across years: DuplicateNumberError."""
        rules = DocumentRules(numbering=TemplateNumbering("{code}-{seq}"))
        entity = f"PT Dup {uuid.uuid4().hex}"
        with BackOffice.open(url, entity=entity, actor="rina", document_rules=rules) as office:
            approved(office, letter(office), on=date(2025, 5, 2))
            doc = letter(office)
            with pytest.raises(DuplicateNumberError, match="LETTER-1"):
                approved(office, doc, on=date(2026, 5, 2))
            assert office.documents.get(doc.id).status is S.IN_REVIEW
