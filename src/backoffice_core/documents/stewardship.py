"""Retention, legal hold and disposal of documents, and the dated reminders they make.

:class:`Retention` (``office.documents.retention``) keeps the policies per kind (the
office's defaults, overridden by stored ones), sets and lifts legal holds with a
reason, lists the archived documents whose retention has ended, and disposes of them:
a :class:`~backoffice_core.documents.models.Disposal` record keeps the metadata and
the digest of every version, the contents are discarded from the blob store. A
disposal inside retention, under hold or without a policy is refused. Every step
goes through the record store, so it is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import attrs

from backoffice_core.documents._store import DocumentBase, build, eq, one_of
from backoffice_core.documents.errors import (
    DisposalRefusedError,
    InvalidTransitionError,
    SelfApprovalError,
)
from backoffice_core.documents.evidence import ENTRY
from backoffice_core.documents.models import (
    BUILTIN_KINDS,
    Disposal,
    Document,
    DocumentStatus,
    Reminder,
)
from backoffice_core.documents.ports import (
    DISPOSALS,
    DOCUMENTS,
    KINDS,
    LINKS,
    POLICIES,
    VERSIONS,
)
from backoffice_core.documents.retention import RetentionPolicy, retain_until
from backoffice_core.errors import InvalidInputError, NotFoundError
from backoffice_core.records import Prefix, Range, Stored

__all__ = ["EVIDENCE_POLICY", "Retention"]

EVIDENCE_POLICY = "evidence"
"""The policy name that applies to every document linked as evidence of an entry."""

S = DocumentStatus


def _ids(document_ids: Sequence[str]) -> list[str]:
    return [document_ids] if isinstance(document_ids, str) else list(document_ids)


def _reason(reason: object, what: str) -> str:
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidInputError(f"{what} needs a reason: say why, such as a case number")
    return reason.strip()


@attrs.define
class Retention(DocumentBase):
    """Retention policies, legal holds, disposal and reminders of one entity's documents."""

    # --- policies ---------------------------------------------------------------------
    def set_policy(self, policy: RetentionPolicy) -> RetentionPolicy:
        """Store ``policy`` for its kind; it overrides the office's default.

        Raises:
            InvalidInputError: If ``policy`` is not a RetentionPolicy.
        """
        if not isinstance(policy, RetentionPolicy):
            raise InvalidInputError(f"{policy!r} is not a RetentionPolicy")
        self._context.authorize("documents.retention.set", policy.kind)
        store = self._uow.records(POLICIES)
        with self._uow.transaction():
            stored = store.get(policy.kind)
            if stored is None:
                store.add([policy])
            elif stored.record != policy:
                store.replace(policy, expected_version=stored.version, action="changed")
        return policy

    def policy(self, kind: str) -> RetentionPolicy | None:
        """Return the policy in force for ``kind`` (stored, else default), or None."""
        stored = self._uow.records(POLICIES).get(kind)
        return stored.record if stored is not None else self._rules.default_policy(kind)

    def retain_until(self, document_id: str) -> date | None:
        """Return the last day a document must be kept, or None without a policy.

        A document that supports a ledger entry (linked to it, or named by its
        ``source``) is kept at least as long as the ``"evidence"`` policy says; the
        sources the journal names are read once per call (entry heads, not entries).
        """
        return self._retain_until(self._stored(document_id).record, self._sources())

    def _sources(self) -> set[str]:
        """Return every ``source`` the journal names (one read of the sourced heads)."""
        if self._ledger is None or self.policy(EVIDENCE_POLICY) is None:
            return set()
        return {h.source for h in self._ledger.entry_heads(sourced=True) if h.source}

    def _retain_until(self, document: Document, sources: set[str]) -> date | None:
        ends = []
        own = self.policy(document.kind)
        if own is not None:
            ends.append(retain_until(document, own, self._calendar()))
        evidence = self.policy(EVIDENCE_POLICY)
        if evidence is not None and self._is_evidence(document, sources):
            ends.append(retain_until(document, evidence, self._calendar()))
        return max(ends) if ends else None

    def _is_evidence(self, document: Document, sources: set[str]) -> bool:
        if document.id in sources or (document.number is not None and document.number in sources):
            return True
        where = {"document": document.id, "target": Prefix(f"{ENTRY}:")}
        return self._uow.records(LINKS).count(where) > 0

    # --- legal hold -------------------------------------------------------------------
    def hold(self, document_id: str, reason: str) -> Document:
        """Place a legal hold: the document cannot be disposed until it is released.

        Raises:
            InvalidInputError: If the reason is empty.
            InvalidTransitionError: If the document is disposed already or held.
        """
        reason = _reason(reason, "a legal hold")
        stored = self._stored(document_id)
        if stored.record.status is S.DISPOSED or stored.record.legal_hold:
            raise InvalidTransitionError(
                f"document {document_id!r} is {'held' if stored.record.legal_hold else 'disposed'}"
                " already: nothing to hold"
            )
        document = stored.record.model_copy(update={"legal_hold": True, "hold_reason": reason})
        self._context.authorize("documents.document.hold", document_id)
        with self._uow.transaction():
            self._uow.records(DOCUMENTS).replace(
                document, expected_version=stored.version, action="held"
            )
        return document

    def release(self, document_id: str, reason: str) -> Document:
        """Lift a legal hold.

        Raises:
            InvalidInputError: If the reason is empty.
            InvalidTransitionError: If the document is not held.
        """
        reason = _reason(reason, "lifting a legal hold")
        stored = self._stored(document_id)
        if not stored.record.legal_hold:
            raise InvalidTransitionError(f"document {document_id!r} is not under legal hold")
        document = stored.record.model_copy(update={"legal_hold": False, "hold_reason": reason})
        self._context.authorize("documents.document.release", document_id)
        with self._uow.transaction():
            self._uow.records(DOCUMENTS).replace(
                document, expected_version=stored.version, action="released"
            )
        return document

    # --- disposal ---------------------------------------------------------------------
    def _archived(self) -> list[Document]:
        """Return the archived documents not under hold that the actor may read."""
        where = self._visible({"status": eq(S.ARCHIVED), "legal_hold": False})
        return [] if where is None else [s.record for s in self._uow.records(DOCUMENTS).find(where)]

    def eligible(self, as_of: date | None = None) -> list[Document]:
        """Return archived documents, not held, whose retention ended before ``as_of``.

        This is step one of disposal: review the list, :meth:`request_disposal` it,
        and have another person :meth:`dispose` it. Only documents the actor may read
        are listed.
        """
        day = as_of or self._today()
        archived = self._archived()
        if not archived:
            return []  # nothing archived: no need to read the journal for evidence
        sources = self._sources()
        out = []
        for document in archived:
            until = self._retain_until(document, sources)
            if until is not None and until < day:
                out.append(document)
        return out

    def _disposable(self, stored: Stored[Document], day: date, sources: set[str]) -> date:
        """Check that a document may be disposed of on ``day``; return its retention end."""
        document = stored.record
        self._require(stored, S.ARCHIVED, doing="disposal")
        if document.legal_hold:
            raise DisposalRefusedError(
                f"document {document.id!r} is under legal hold ({document.hold_reason}): "
                "release the hold first"
            )
        until = self._retain_until(document, sources)
        if until is None:
            raise DisposalRefusedError(
                f"document {document.id!r} of kind {document.kind!r} has no retention "
                "policy: set one with documents.retention.set_policy() first"
            )
        if until >= day:
            raise DisposalRefusedError(
                f"document {document.id!r} must be kept until {until}: it can be "
                f"disposed from {until + timedelta(days=1)}"
            )
        return until

    def request_disposal(
        self, document_ids: Sequence[str], *, reason: str, as_of: date | None = None
    ) -> list[Document]:
        """Ask for archived documents to be disposed of (the maker's step).

        Another person confirms with :meth:`dispose`; the requester cannot. Every
        document is checked before anything is written; one refusal refuses all.

        Args:
            document_ids: The documents (from :meth:`eligible`).
            reason: Why they are disposed of (a retention schedule, a decision).
            as_of: The day the retention must have ended by (today by the clock).

        Raises:
            InvalidInputError: If the reason is empty.
            InvalidTransitionError: If a document is not archived or already requested.
            DisposalRefusedError: If a document is under legal hold, has no retention
                policy, or is still inside its retention period.
        """
        reason = _reason(reason, "a disposal request")
        day = as_of or self._today()
        sources = self._sources()
        stored_all = [self._stored(i) for i in dict.fromkeys(_ids(document_ids))]
        for stored in stored_all:
            self._disposable(stored, day, sources)
            if stored.record.disposal_requested_by is not None:
                raise InvalidTransitionError(
                    f"document {stored.key!r} was requested for disposal by "
                    f"{stored.record.disposal_requested_by!r} already: have another person "
                    "dispose() it, or cancel_disposal() first"
                )
        for stored in stored_all:
            self._context.authorize("documents.document.request_disposal", stored.key)
        changes = {
            "disposal_requested_by": self._context.actor,
            "disposal_requested_at": self._context.clock(),
            "disposal_reason": reason,
        }
        return self._replace_all(stored_all, changes, "disposal_requested")

    def cancel_disposal(self, document_ids: Sequence[str], *, reason: str) -> list[Document]:
        """Withdraw disposal requests; the documents stay archived.

        Raises:
            InvalidInputError: If the reason is empty.
            InvalidTransitionError: If a document has no pending disposal request.
        """
        reason = _reason(reason, "cancelling a disposal")
        stored_all = [self._stored(i) for i in dict.fromkeys(_ids(document_ids))]
        for stored in stored_all:
            if stored.record.disposal_requested_by is None or stored.record.status is S.DISPOSED:
                raise InvalidTransitionError(
                    f"document {stored.key!r} has no pending disposal request: nothing to cancel"
                )
        for stored in stored_all:
            self._context.authorize("documents.document.cancel_disposal", stored.key)
        changes = {
            "disposal_requested_by": None,
            "disposal_requested_at": None,
            "disposal_reason": f"cancelled: {reason}",
        }
        return self._replace_all(stored_all, changes, "disposal_cancelled")

    def _replace_all(
        self, stored_all: list[Stored[Document]], changes: dict[str, Any], action: str
    ) -> list[Document]:
        out = [s.record.model_copy(update=changes) for s in stored_all]
        store = self._uow.records(DOCUMENTS)
        with self._uow.transaction():
            for stored, document in zip(stored_all, out, strict=True):
                store.replace(document, expected_version=stored.version, action=action)
        return out

    def disposal_requests(self) -> list[Document]:
        """Return the archived documents waiting for a second person to dispose of them."""
        return [d for d in self._archived() if d.disposal_requested_by is not None]

    def dispose(self, document_ids: Sequence[str], *, as_of: date | None = None) -> list[Disposal]:
        """Dispose of requested documents: keep metadata and digests, drop the contents.

        The checker's step of a disposal: each document needs a pending
        :meth:`request_disposal` made by another person (maker-checker), and is
        checked again (archived, not held, retention ended). Every document is
        checked before anything is written; one refusal refuses all.

        Raises:
            InvalidTransitionError: If a document is not archived or was never
                requested for disposal.
            SelfApprovalError: If the actor requested the disposal of a document.
            DisposalRefusedError: If a document is under legal hold, has no retention
                policy, or is still inside its retention period.
        """
        day = as_of or self._today()
        plans = []
        sources = self._sources()
        for document_id in dict.fromkeys(_ids(document_ids)):
            stored = self._stored(document_id)
            until = self._disposable(stored, day, sources)
            requester = stored.record.disposal_requested_by
            if requester is None:
                raise InvalidTransitionError(
                    f"document {document_id!r} has no disposal request: one person requests "
                    "it with request_disposal(), another disposes of it"
                )
            if requester == self._context.actor:
                raise SelfApprovalError(
                    f"{requester!r} requested the disposal of document {document_id!r} and "
                    "cannot dispose of it too: ask another person (maker-checker)"
                )
            page = self._uow.records(VERSIONS).find({"document": eq(document_id)})
            plans.append((stored, until, list(page.items)))
        for stored, _, _ in plans:
            self._context.authorize("documents.document.dispose", stored.key)
        now = self._context.clock()
        disposing = {stored.key for stored, _, _ in plans}
        disposals = [
            build(
                Disposal,
                f"disposal of {stored.key!r}",
                document=stored.record.id,
                kind=stored.record.kind,
                number=stored.record.number,
                title=stored.record.title,
                digests=tuple((v.record.version, v.record.sha256, v.record.size) for v in versions),
                retain_until=until,
                reason=stored.record.disposal_reason or "",
                requested_by=stored.record.disposal_requested_by,
                disposed_at=now,
                disposed_by=self._context.actor,
            )
            for stored, until, versions in plans
        ]
        # The extracted text goes with the contents it came from: from the document and
        # from every version, which keep their digests and sizes.
        documents = [
            (
                stored.record.model_copy(
                    update={"status": S.DISPOSED, "disposed_at": now, "text": None}
                ),
                stored.version,
            )
            for stored, _, _ in plans
        ]
        texts = [
            (v.record.model_copy(update={"text": None}), v.version)
            for _, _, versions in plans
            for v in versions
            if v.record.text is not None
        ]
        digests = {v.record.sha256 for _, _, versions in plans for v in versions}
        with self._uow.transaction():
            self._uow.records(DISPOSALS).add(disposals)
            self._uow.records(DOCUMENTS).replace_many(documents, action="disposed")
            self._uow.records(VERSIONS).replace_many(texts, action="disposed")
            for digest in sorted(digests):
                if not self._shared(digest, disposing):
                    self._uow.blobs().discard(digest)
        return disposals

    def _shared(self, digest: str, disposing: set[str]) -> bool:
        """Say if a live document (not being disposed) still holds content ``digest``."""
        page = self._uow.records(VERSIONS).find({"sha256": eq(digest)})
        users = {v.record.document for v in page}
        others = users - disposing
        if not others:
            return False
        found = self._uow.records(DOCUMENTS).get_many(sorted(others))
        return any(s.record.status is not S.DISPOSED for s in found.values())

    def disposal(self, document_id: str) -> Disposal:
        """Return the disposal record of a disposed document.

        Raises:
            NotFoundError: If the document was not disposed.
        """
        self._stored(document_id)  # the actor must be able to read the document
        found = self._uow.records(DISPOSALS).get(document_id)
        if found is None:
            raise NotFoundError(f"document {document_id!r} was not disposed")
        return found.record

    # --- reminders --------------------------------------------------------------------
    def expiring(
        self,
        within_days: int,
        *,
        as_of: date | None = None,
        kinds: Sequence[str] = ("contract", "agreement"),
    ) -> list[Reminder]:
        """Return approved or active documents of ``kinds`` expiring within N days.

        Raises:
            InvalidInputError: If ``within_days`` is negative.
        """
        if isinstance(within_days, bool) or not isinstance(within_days, int) or within_days < 0:
            raise InvalidInputError(f"within_days {within_days!r} must be a whole number >= 0")
        day = as_of or self._today()
        where = {
            "expires": Range(day, day + timedelta(days=within_days)),
            "status": one_of((S.APPROVED, S.ACTIVE)),
            "kind": one_of(kinds),
        }
        visible = self._visible(where)
        if visible is None:
            return []
        page = self._uow.records(DOCUMENTS).find(visible, order_by=("expires",))
        return [self._reminder(s.record, s.record.expires, "expires", day) for s in page]

    def reminders(self, within_days: int, *, as_of: date | None = None) -> list[Reminder]:
        """Return dated items within N days, soonest first.

        The items are documents of any kind that expire, and archived documents whose
        retention ends (they become eligible for disposal the day after).
        """
        day = as_of or self._today()
        items = self.expiring(within_days, as_of=day, kinds=self._all_kinds())
        end = day + timedelta(days=within_days)
        archived = self._archived()
        # Nothing archived: no need to read the journal for evidence.
        sources = self._sources() if archived else set()
        for document in archived:
            until = self._retain_until(document, sources)
            if until is not None and day <= until <= end:
                items.append(self._reminder(document, until, "retention_ends", day))
        return sorted(items, key=lambda r: (r.on, r.document))

    def _all_kinds(self) -> list[str]:
        return [*BUILTIN_KINDS, *(s.key for s in self._uow.records(KINDS).find())]

    @staticmethod
    def _reminder(document: Document, on: date | None, what: str, day: date) -> Reminder:
        assert on is not None  # filtered on a non-null date
        return Reminder(
            on=on,
            document=document.id,
            number=document.number,
            title=document.title,
            what=what,
            days_left=(on - day).days,
        )
