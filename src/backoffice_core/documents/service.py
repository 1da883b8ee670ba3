"""The documents service: registration, immutable versions, kinds and the lifecycle.

:class:`Documents` is ``office.documents``. It registers documents with their first
content (metadata, version, content and search terms in one unit of work), adds
versions while a document is a draft, reads contents back with their digest checked,
and moves documents through the lifecycle::

    draft -> in_review -> approved -> active -> expired | superseded -> archived -> disposed
             in_review -> draft (returned);  approved -> superseded;  active -> archived

Approval is maker-checker (the author of the current version cannot approve it) and
assigns the number. Retention, evidence and search are the services
:attr:`Documents.retention`, :attr:`Documents.evidence` and :attr:`Documents.search`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

import attrs

from backoffice_core.documents._store import DocumentBase, build, eq, one_of
from backoffice_core.documents.drafts import DocumentDraft
from backoffice_core.documents.errors import (
    DuplicateNumberError,
    SelfApprovalError,
)
from backoffice_core.documents.evidence import Evidence
from backoffice_core.documents.indexing import facet_terms, reindex
from backoffice_core.documents.models import (
    BUILTIN_KINDS,
    Document,
    DocumentKind,
    DocumentStatus,
    DocumentTerm,
    DocumentVersion,
)
from backoffice_core.documents.ports import DOCUMENTS, KINDS, TERMS, VERSIONS
from backoffice_core.documents.registration import (
    AMENDABLE_IN,
    amended,
    check_amendment,
    check_content,
    check_dates,
    naming,
)
from backoffice_core.documents.search import DocumentSearch
from backoffice_core.documents.stewardship import Retention
from backoffice_core.errors import (
    BackofficeError,
    ConcurrencyError,
    DuplicateIdError,
    IntegrityError,
    InvalidInputError,
    NotFoundError,
    StateError,
)
from backoffice_core.ids import new_id
from backoffice_core.records import Stored

__all__ = ["Documents"]

S = DocumentStatus


@attrs.define
class Documents(DocumentBase):
    """One entity's documents (``office.documents``).

    Args:
        context: Entity, actor, authorizer and clock.
        uow: The unit of work the writes happen in.
        rules: Numbering, retention, content limit and evidence threshold.
        ledger: The entity's ledger (fiscal calendar and evidence); None without one.
    """

    # --- kinds ------------------------------------------------------------------------
    def register_kind(self, name: str, label: str = "") -> DocumentKind:
        """Add a document kind beyond the built-in ones (idempotent for the same label).

        Raises:
            InvalidInputError: If the name is not lower-case letters, digits and ``_``.
            DuplicateIdError: If the kind is built in or registered with another label.
        """
        kind = build(DocumentKind, f"document kind {name!r}", name=name, label=label)
        if kind.name in BUILTIN_KINDS:
            raise DuplicateIdError(f"document kind {name!r} is built in: use it as it is")
        self._context.authorize("documents.kind.register", kind.name)
        with self._uow.transaction():
            self._uow.records(KINDS).add([kind])
        return kind

    def kinds(self) -> list[str]:
        """Return every kind a document may have: built in and registered, sorted."""
        stored = [s.key for s in self._uow.records(KINDS).find()]
        return sorted({*BUILTIN_KINDS, *stored})

    # --- registration -----------------------------------------------------------------
    def register(
        self,
        kind: str,
        title: str,
        content: bytes,
        media_type: str,
        **metadata: Any,
    ) -> Document:
        """Register a document with its first content (version 1), as a draft.

        Args:
            kind: A built-in or registered kind.
            title: What the document is.
            content: The file's bytes.
            media_type: Its media type, such as ``"application/pdf"``.
            **metadata: Any other field of :class:`DocumentDraft` (``id``, ``number``,
                ``department``, ``parties``, ``tags``, ``confidentiality``,
                ``effective``, ``expires``, ``text``, ``filename``).

        Raises:
            UnknownDocumentKindError: If the kind is unknown.
            DocumentContentError: If the content is empty or too large.
            DuplicateIdError: If the id is registered already.
            DuplicateNumberError: If another document of the kind has the number.
            InvalidInputError: If a field is malformed.
        """
        draft = build(
            DocumentDraft,
            f"document {title!r}",
            kind=kind,
            title=title,
            content=content,
            media_type=media_type,
            **metadata,
        )
        return self.register_many([draft])[0]

    def register_many(self, drafts: Iterable[DocumentDraft]) -> list[Document]:
        """Register many documents in one unit of work: all of them or none.

        Every draft is validated and every registration authorized before anything is
        written; the records of each kind are then stored with one bulk write. A
        refusal names the draft (its place in the batch, id and title) and writes
        nothing.

        Raises:
            Same as :meth:`register`, before anything is written.
        """
        drafts = list(drafts)
        for n, draft in enumerate(drafts):
            if not isinstance(draft, DocumentDraft):
                raise InvalidInputError(
                    f"draft {n} of the batch is a {type(draft).__name__}, not a DocumentDraft"
                )
        now = self._context.clock()
        limit = self._content_limit()
        self._check_kinds(d.kind for d in drafts)
        documents: list[Document] = []
        versions: list[DocumentVersion] = []
        terms: list[DocumentTerm] = []
        for n, draft in enumerate(drafts):
            try:
                document, version = self._prepare(draft, now, limit)
            except BackofficeError as exc:
                raise naming(exc, n, draft) from None
            documents.append(document)
            versions.append(version)
            terms += facet_terms(document)
        self._check_new(documents)
        for document in documents:
            self._context.authorize("documents.document.register", document.id)
        with self._uow.transaction():
            self._uow.blobs().put_many([draft.content for draft in drafts])
            self._uow.records(DOCUMENTS).add(documents)
            self._uow.records(VERSIONS).add(versions)
            self._uow.records(TERMS).add(terms)
        return documents

    def _prepare(
        self, draft: DocumentDraft, now: datetime, limit: int
    ) -> tuple[Document, DocumentVersion]:
        """Validate one draft and build its document and first version (no write)."""
        check_content(draft.content, draft.title, limit)
        document = build(
            Document,
            f"document {draft.title!r}",
            id=draft.id or new_id(),
            kind=draft.kind,
            title=draft.title,
            number=draft.number,
            department=draft.department,
            parties=draft.parties,
            tags=draft.tags,
            confidentiality=draft.confidentiality,
            effective=draft.effective,
            expires=draft.expires,
            created_at=now,
            created_by=self._context.actor,
            text=draft.text,
        )
        check_dates(document)
        version = self._version(
            document.id, 1, draft.content, draft.media_type, draft.text, draft.filename, now
        )
        return document, version

    def _content_limit(self) -> int:
        backend_limit = self._uow.blobs().max_size
        own = self._rules.max_content_size
        return backend_limit if own is None else min(own, backend_limit)

    def _version(
        self,
        document_id: str,
        number: int,
        content: bytes,
        media_type: str,
        text: str | None,
        filename: str | None,
        now: datetime | None = None,
    ) -> DocumentVersion:
        return build(
            DocumentVersion,
            f"version {number} of document {document_id!r}",
            document=document_id,
            version=number,
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
            media_type=media_type,
            author=self._context.actor,
            created_at=now or self._context.clock(),
            filename=filename,
            text=text,
        )

    def _check_new(self, documents: Sequence[Document]) -> None:
        ids = [d.id for d in documents]
        if len(set(ids)) != len(ids):
            dup = next(i for i in ids if ids.count(i) > 1)
            raise DuplicateIdError(f"document id {dup!r} is given twice: give each its own id")
        stored = self._uow.records(DOCUMENTS).get_many(ids)
        if stored:
            raise DuplicateIdError(
                f"document {sorted(stored)[0]!r} is registered already: use add_version() "
                "to give it new content, or another id"
            )
        numbered = [(d.kind, d.number) for d in documents if d.number is not None]
        if len(set(numbered)) != len(numbered):
            dup_kind, dup_number = next(n for n in numbered if numbered.count(n) > 1)
            raise DuplicateNumberError(
                f"number {dup_number!r} is given to two {dup_kind} documents: number each once"
            )
        wanted = set(numbered)
        numbers = sorted({number for _, number in numbered})
        store = self._uow.records(DOCUMENTS)
        for start in range(0, len(numbers), 500):
            page = store.find({"number": one_of(numbers[start : start + 500])})
            for found in page:
                taken = (found.record.kind, found.record.number)
                if taken in wanted:
                    raise DuplicateNumberError(
                        f"number {taken[1]!r} is carried by {taken[0]} document "
                        f"{found.key!r}: a number is never given twice; check the number "
                        "or the series"
                    )

    def _check_number_free(self, kind: str, number: str) -> None:
        found = self._uow.records(DOCUMENTS).find({"number": eq(number), "kind": kind}, limit=1)
        if found.items:
            raise DuplicateNumberError(
                f"number {number!r} is carried by {kind} document {found.items[0].key!r}: "
                "a number is never given twice; check the number or the series"
            )

    # --- versions and content ---------------------------------------------------------
    def add_version(
        self,
        document_id: str,
        content: bytes,
        media_type: str,
        *,
        text: str | None = None,
        filename: str | None = None,
    ) -> DocumentVersion:
        """Add new content to a draft document; earlier versions stay readable.

        Raises:
            UnknownDocumentError: If no document has the id.
            InvalidTransitionError: If the document is not a draft.
            DocumentContentError: If the content is empty or too large.
        """
        stored = self._stored(document_id)
        self._require(stored, S.DRAFT, doing="adding a version")
        check_content(content, stored.record.title, self._content_limit())
        number = stored.record.current_version + 1
        version = self._version(document_id, number, content, media_type, text, filename)
        document = stored.record.model_copy(update={"current_version": number, "text": text})
        self._context.authorize("documents.document.revise", document_id)
        with self._uow.transaction():
            self._uow.blobs().put(content)
            self._uow.records(VERSIONS).add([version])
            self._uow.records(DOCUMENTS).replace(
                document, expected_version=stored.version, action="revised"
            )
        return version

    def get(self, document_id: str) -> Document:
        """Return the document ``document_id``.

        Raises:
            UnknownDocumentError: If no document has the id.
        """
        return self._stored(document_id).record

    def revision(self, document_id: str) -> int:
        """Return the revision of a document's metadata record (1 after registration).

        Every stored change (a lifecycle step, a hold, an amendment) adds one. Read it
        when you show a document to a person and pass it to :meth:`amend` as
        ``expected_version``, so that a change made meanwhile is not overwritten.

        Raises:
            UnknownDocumentError: If no document has the id.
        """
        return self._stored(document_id).version

    def amend(self, document_id: str, *, expected_version: int, **changes: Any) -> Document:
        """Correct a document's metadata; its kind, number and versions never change.

        Allowed while the document is in use (draft to superseded); an archived
        document is kept as it was filed and a disposed one is gone, so both refuse.
        The change is audited as ``documents.document.amended``; search follows a new
        title, tags and parties at once.

        Args:
            document_id: The document.
            expected_version: The :meth:`revision` the caller read.
            **changes: New values of ``title``, ``department``, ``parties``, ``tags``,
                ``confidentiality``, ``effective`` or ``expires`` (None clears an
                optional one).

        Raises:
            UnknownDocumentError: If no document has the id.
            InvalidInputError: If a field may not be amended or a value is malformed.
            InvalidTransitionError: If the document is archived or disposed.
            ConcurrencyError: If the document changed since ``expected_version``.
        """
        check_amendment(document_id, expected_version, changes)
        stored = self._stored(document_id)
        self._require(stored, *AMENDABLE_IN, doing="amending metadata")
        if stored.version != expected_version:
            raise ConcurrencyError(
                f"document {document_id!r} is at revision {stored.version}, not "
                f"{expected_version}: read it again and reapply the amendment"
            )
        before = stored.record
        after = amended(before, changes)
        if after == before:
            return before
        self._context.authorize("documents.document.amend", document_id)
        with self._uow.transaction():
            reindex(self._uow, before, after)
            self._uow.records(DOCUMENTS).replace(
                after, expected_version=expected_version, action="amended"
            )
        return after

    def versions(self, document_id: str) -> list[DocumentVersion]:
        """Return every version of a document, oldest first.

        Raises:
            UnknownDocumentError: If no document has the id.
        """
        self._stored(document_id)
        page = self._uow.records(VERSIONS).find({"document": eq(document_id)})
        return [s.record for s in page]

    def content(self, document_id: str, version: int | None = None) -> bytes:
        """Return a version's content (the current one by default), digest checked.

        Raises:
            UnknownDocumentError: If no document has the id.
            NotFoundError: If the version does not exist.
            StateError: If the document was disposed (its contents were dropped).
            IntegrityError: If the stored bytes no longer match the version's digest.
        """
        document = self._stored(document_id).record
        if document.status is S.DISPOSED:
            raise StateError(
                f"document {document_id!r} was disposed on {document.disposed_at}: its "
                "contents were dropped; its digests stay in documents.retention.disposal()"
            )
        number = document.current_version if version is None else version
        key = f"{document_id}|{number:06d}" if isinstance(number, int) else ""
        found = self._uow.records(VERSIONS).get(key) if key else None
        if found is None:
            raise NotFoundError(
                f"document {document_id!r} has no version {version!r}: it has versions 1 to "
                f"{document.current_version}"
            )
        data = self._uow.blobs().get(found.record.sha256)
        if len(data) != found.record.size:
            raise IntegrityError(
                f"version {number} of document {document_id!r} has {len(data)} bytes, its "
                f"record says {found.record.size}: restore the content from a backup"
            )
        return data

    # --- lifecycle --------------------------------------------------------------------
    def _move(
        self,
        stored: Stored[Document],
        status: DocumentStatus,
        action: str,
        **changes: Any,
    ) -> Document:
        document = stored.record.model_copy(update={"status": status, **changes})
        self._context.authorize(f"documents.document.{action}", stored.key)
        with self._uow.transaction():
            self._uow.records(DOCUMENTS).replace(
                document, expected_version=stored.version, action=action.replace(".", "_")
            )
        return document

    def submit(self, document_id: str) -> Document:
        """Send a draft for review (draft -> in_review).

        Raises:
            InvalidTransitionError: If the document is not a draft.
        """
        stored = self._stored(document_id)
        self._require(stored, S.DRAFT, doing="submitting for review")
        return self._move(stored, S.IN_REVIEW, "submit")

    def return_to_draft(self, document_id: str) -> Document:
        """Send a document under review back to its author (in_review -> draft).

        Raises:
            InvalidTransitionError: If the document is not in review.
        """
        stored = self._stored(document_id)
        self._require(stored, S.IN_REVIEW, doing="returning to draft")
        return self._move(stored, S.DRAFT, "return")

    def approve(self, document_id: str, *, on: date | None = None) -> Document:
        """Approve a document under review and number it (in_review -> approved).

        The number comes from the kind's :class:`NumberFormat`: the next gapless number
        of its series, taken in the approval's transaction (a rollback returns it, a
        committed number is never given again). A document registered with an
        external number keeps it.

        Args:
            document_id: The document.
            on: The approval date the number is dated by (today by the clock).

        Raises:
            InvalidTransitionError: If the document is not in review.
            SelfApprovalError: If the actor wrote the current version.
            DuplicateNumberError: If the format writes a number already carried by
                another document of the kind (a template without the series' period).
        """
        stored = self._stored(document_id)
        self._require(stored, S.IN_REVIEW, doing="approval")
        document = stored.record
        current = self._uow.records(VERSIONS).get(f"{document_id}|{document.current_version:06d}")
        author = current.record.author if current is not None else document.created_by
        if author == self._context.actor:
            raise SelfApprovalError(
                f"{self._context.actor!r} wrote version {document.current_version} of "
                f"document {document_id!r} and cannot approve it: ask another person "
                "(maker-checker)"
            )
        day = on or self._today()
        self._context.authorize("documents.document.approve", document_id)
        with self._uow.transaction():
            changes: dict[str, Any] = {
                "approved_by": self._context.actor,
                "approved_at": self._context.clock(),
            }
            if document.number is None:
                numbering = self._rules.numbering_for(document.kind)
                series = numbering.series(document, day)
                sequence = self._uow.records(DOCUMENTS).next_number(series)
                number = numbering.format(sequence, document, day)
                self._check_number_free(document.kind, number)
                changes |= {"number": number, "series": series}
            return self._move(stored, S.APPROVED, "approve", **changes)

    def activate(self, document_id: str) -> Document:
        """Put an approved document in force (approved -> active).

        Raises:
            InvalidTransitionError: If the document is not approved.
        """
        stored = self._stored(document_id)
        self._require(stored, S.APPROVED, doing="activation")
        return self._move(stored, S.ACTIVE, "activate")

    def expire(self, document_id: str) -> Document:
        """Mark an active document as no longer in force (active -> expired).

        Raises:
            InvalidTransitionError: If the document is not active.
        """
        stored = self._stored(document_id)
        self._require(stored, S.ACTIVE, doing="expiry")
        return self._move(stored, S.EXPIRED, "expire")

    def supersede(self, document_id: str, by: str) -> Document:
        """Replace a document by another one (approved or active -> superseded).

        Raises:
            InvalidTransitionError: If the document is neither approved nor active.
            UnknownDocumentError: If ``by`` is not a document.
            InvalidInputError: If ``by`` is the document itself.
        """
        stored = self._stored(document_id)
        self._require(stored, S.APPROVED, S.ACTIVE, doing="superseding")
        self._stored(by)
        if by == document_id:
            raise InvalidInputError(f"document {document_id!r} cannot supersede itself")
        return self._move(stored, S.SUPERSEDED, "supersede", superseded_by=by)

    def archive(self, document_id: str) -> Document:
        """Archive a document out of use (active, expired or superseded -> archived).

        Raises:
            InvalidTransitionError: If the document is in another status.
        """
        stored = self._stored(document_id)
        self._require(stored, S.ACTIVE, S.EXPIRED, S.SUPERSEDED, doing="archiving")
        return self._move(stored, S.ARCHIVED, "archive")

    # --- the other services -----------------------------------------------------------
    @property
    def retention(self) -> Retention:
        """Retention policies, legal holds, disposal and reminders."""
        return Retention(self._context, self._uow, self._rules, self._ledger)

    @property
    def evidence(self) -> Evidence:
        """Links to other records and the evidence behind ledger entries."""
        return Evidence(self._context, self._uow, self._rules, self._ledger)

    @property
    def search(self) -> DocumentSearch:
        """Search by metadata and full text."""
        return DocumentSearch(self._context, self._uow, self._rules, self._ledger)
