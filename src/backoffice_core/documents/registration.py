"""Checks of registration and amendment that need no store: content, dates, fields.

Private to :class:`~backoffice_core.documents.service.Documents`: pure functions that
validate a draft's content and dates, the fields an amendment may change, and name the
draft a bulk registration refused.
"""

from __future__ import annotations

from typing import Any

from backoffice_core.documents._store import build
from backoffice_core.documents.drafts import DocumentDraft
from backoffice_core.documents.errors import DocumentContentError
from backoffice_core.documents.models import Document, DocumentStatus
from backoffice_core.errors import BackofficeError, InvalidInputError

__all__ = [
    "AMENDABLE",
    "AMENDABLE_IN",
    "amended",
    "check_amendment",
    "check_content",
    "check_dates",
    "naming",
]

S = DocumentStatus

AMENDABLE = ("title", "department", "parties", "tags", "confidentiality", "effective", "expires")
"""The metadata fields :meth:`Documents.amend` may change."""
AMENDABLE_IN = (S.DRAFT, S.IN_REVIEW, S.APPROVED, S.ACTIVE, S.EXPIRED, S.SUPERSEDED)
"""The statuses in which metadata may be amended (not archived, not disposed)."""


def naming(exc: BackofficeError, n: int, draft: DocumentDraft) -> BackofficeError:
    """Return ``exc`` again, its message naming the draft's place, id and title."""
    named = f"draft {n} of the batch (id {draft.id!r}, title {draft.title!r})"
    return type(exc)(f"{named}: {exc}")


def check_content(content: object, what: str, limit: int) -> None:
    """Refuse content that is not bytes, is empty, or is larger than ``limit``."""
    if not isinstance(content, bytes):
        raise DocumentContentError(
            f"content of {what!r} must be bytes, not {type(content).__name__}"
        )
    if not content:
        raise DocumentContentError(f"content of {what!r} is empty: give the file's bytes")
    if len(content) > limit:
        raise DocumentContentError(
            f"content of {what!r} has {len(content)} bytes, more than the limit of {limit}: "
            "store a smaller file or raise DocumentRules.max_content_size"
        )


def check_dates(document: Document) -> None:
    """Refuse a document that expires before it takes effect."""
    if document.effective and document.expires and document.expires < document.effective:
        raise InvalidInputError(
            f"document {document.title!r} expires on {document.expires} before it takes "
            f"effect on {document.effective}: correct the dates"
        )


def check_amendment(document_id: str, expected_version: object, changes: dict[str, Any]) -> None:
    """Refuse a malformed expected version or a field that may not be amended."""
    if type(expected_version) is not int or expected_version < 1:
        raise InvalidInputError(
            f"expected_version {expected_version!r} of document {document_id!r} must be "
            "the revision read with documents.revision()"
        )
    refused = sorted(set(changes) - set(AMENDABLE))
    if refused:
        raise InvalidInputError(
            f"document {document_id!r}: {refused} cannot be amended; only "
            f"{list(AMENDABLE)} can (a new content is add_version(), a new kind or "
            "number a new document)"
        )


def amended(before: Document, changes: dict[str, Any]) -> Document:
    """Return ``before`` with ``changes`` applied, validated like a new document."""
    after = build(Document, f"amendment of document {before.id!r}", **(dict(before) | changes))
    check_dates(after)
    return after
