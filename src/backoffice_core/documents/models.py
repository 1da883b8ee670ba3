"""Documents data: documents, their immutable versions, links, terms and disposals.

These frozen pydantic models are what the documents domain stores through the record
store and returns to callers. A :class:`Document` holds metadata and its lifecycle
status; each content is a :class:`DocumentVersion` (digest, size, media type, author,
time, optional extracted text) that is never changed once written. Multi-valued fields
are also kept as :class:`DocumentTerm` rows (tags, parties) and
:class:`DocumentLink` rows (links to other records), so that they can be searched on
indexed columns.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

__all__ = [
    "BUILTIN_KINDS",
    "Confidentiality",
    "Disposal",
    "Document",
    "DocumentKind",
    "DocumentLink",
    "DocumentStatus",
    "DocumentTerm",
    "DocumentVersion",
    "Reminder",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
"""A short non-empty name (title, party, tag, department)."""

BUILTIN_KINDS: tuple[str, ...] = (
    "agreement",
    "contract",
    "form",
    "invoice",
    "letter",
    "minutes",
    "other",
    "policy",
    "receipt",
    "report",
)
"""The kinds every office knows; :meth:`Documents.register_kind` adds more."""


class DocumentStatus(enum.StrEnum):
    """Where a document is in its lifecycle."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    ACTIVE = "active"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"
    ARCHIVED = "archived"
    DISPOSED = "disposed"


class Confidentiality(enum.StrEnum):
    """Who may see a document.

    ``public`` and ``internal`` documents are read by every actor of the entity; reading
    or finding a ``confidential`` or ``secret`` one needs the authorizer to allow
    ``documents.read.confidential`` or ``documents.read.secret``.
    """

    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"
    SECRET = "secret"


class DocumentKind(BaseModel):
    """A user-registered document kind (the built-in ones need no record).

    Args:
        name: Lower-case name, such as ``"memo"``.
        label: A human label.
    """

    model_config = _FROZEN

    name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
    label: str = ""


class Document(BaseModel):
    """A document's metadata and lifecycle status.

    Args:
        id: The document id (time-ordered when not supplied).
        kind: A built-in or registered kind.
        title: What the document is.
        number: Its number: assigned at approval, or an external one given at
            registration (a supplier's invoice number).
        series: The numbering series the number was taken from.
        department: The department or unit that owns it (``"HRD"``).
        parties: Who the document binds or names (counterparties, employees).
        tags: Free labels.
        confidentiality: Who may see it.
        effective: The date it takes effect (or is dated).
        expires: The date it stops having effect (contracts).
        status: Its lifecycle status.
        current_version: The number of its latest version (1 after registration).
        created_at: When it was registered (the context clock).
        created_by: Who registered it.
        approved_by: Who approved it.
        approved_at: When it was approved.
        superseded_by: The document that replaced it.
        legal_hold: True while a legal hold forbids its disposal.
        hold_reason: Why the hold was set (or lifted, once lifted).
        disposal_requested_by: Who asked for its disposal (another person disposes).
        disposal_requested_at: When the disposal was asked for.
        disposal_reason: Why it is to be disposed of (or why a request was cancelled).
        disposed_at: When its content was discarded.
        text: The extracted text of its current version (full-text search reads it
            with the title).
    """

    model_config = _FROZEN

    id: Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=r"^[^|]+$")]
    kind: str
    title: Name
    number: str | None = None
    series: str | None = None
    department: str | None = None
    parties: tuple[Name, ...] = ()
    tags: tuple[Name, ...] = ()
    confidentiality: Confidentiality = Confidentiality.INTERNAL
    effective: date | None = None
    expires: date | None = None
    status: DocumentStatus = DocumentStatus.DRAFT
    current_version: int = 1
    created_at: datetime
    created_by: str
    approved_by: str | None = None
    approved_at: datetime | None = None
    superseded_by: str | None = None
    legal_hold: bool = False
    hold_reason: str | None = None
    disposal_requested_by: str | None = None
    disposal_requested_at: datetime | None = None
    disposal_reason: str | None = None
    disposed_at: datetime | None = None
    text: str | None = None


class DocumentVersion(BaseModel):
    """One immutable content of a document.

    Args:
        document: The document id.
        version: 1, 2, 3… in the order written.
        sha256: The content's SHA-256 (hex).
        size: The content's size in bytes.
        media_type: Its media type, such as ``"application/pdf"``.
        author: Who wrote this version (maker-checker compares the approver with it).
        created_at: When it was written (the context clock).
        filename: The original file name, if any.
        text: Text extracted from the content by the caller, for full-text search.
    """

    model_config = _FROZEN

    document: str
    version: int
    sha256: str
    size: int
    media_type: Annotated[str, StringConstraints(pattern=r"^[\w.+-]+/[\w.+-]+$")]
    author: str
    created_at: datetime
    filename: str | None = None
    text: str | None = None

    @property
    def key(self) -> str:
        """The record key: document id and zero-padded version."""
        return f"{self.document}|{self.version:06d}"


class DocumentTerm(BaseModel):
    """One exact-match value of a document: a tag or a party.

    Args:
        document: The document id.
        version: Always 0 (kept in the key, so that stored rows keep their keys).
        term: ``"tag:<tag>"`` or ``"party:<party>"``, lower case.
        weight: 1; 0 once an amendment removed the tag or party.
    """

    model_config = _FROZEN

    document: str
    version: int
    term: str
    weight: int = 1


class DocumentLink(BaseModel):
    """A link from a document to another record (kept for both directions).

    Args:
        document: The document id.
        target: ``"<type>:<id>"``, such as ``"ledger.entry:rent-01"`` or
            ``"document:<id>"``.
        role: What the link means (``"evidence"``, ``"amends"``, ``"related"``).
        created_at: When it was made.
        created_by: Who made it.
    """

    model_config = _FROZEN

    document: str
    target: str
    role: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")] = "related"
    created_at: datetime
    created_by: str


class Disposal(BaseModel):
    """What stays of a disposed document: its metadata and the digests of its contents.

    Args:
        document: The document id.
        kind: Its kind.
        number: Its number, if it had one.
        title: Its title.
        digests: ``(version, sha256, size)`` of every version whose content was dropped.
        retain_until: The last day of its retention period.
        reason: Why it was disposed (the request's reason).
        requested_by: Who requested the disposal (the maker).
        disposed_at: When.
        disposed_by: Who disposed of it (the checker, another person).
    """

    model_config = _FROZEN

    document: str
    kind: str
    number: str | None
    title: str
    digests: tuple[tuple[int, str, int], ...]
    retain_until: date
    reason: str
    requested_by: str | None = None
    disposed_at: datetime
    disposed_by: str


class Reminder(BaseModel):
    """A dated item to act on: a contract expiring, a document leaving retention.

    Args:
        on: The day to act (the expiry or the end of retention).
        document: The document id.
        number: Its number, if any.
        title: Its title.
        what: ``"expires"`` or ``"retention_ends"``.
        days_left: Days from the day asked about until ``on``.
    """

    model_config = _FROZEN

    on: date
    document: str
    number: str | None
    title: str
    what: str
    days_left: int
