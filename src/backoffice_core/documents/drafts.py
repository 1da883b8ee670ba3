"""What a caller hands to :meth:`Documents.register_many`: one document with its content."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from backoffice_core.documents.models import Confidentiality

__all__ = ["DocumentDraft"]


class DocumentDraft(BaseModel):
    """A document to register, with its first content.

    Args:
        kind: A built-in or registered kind.
        title: What the document is.
        content: The file's bytes (not empty).
        media_type: Its media type, such as ``"application/pdf"``.
        id: A client-supplied id (a time-ordered one when omitted).
        number: An external number to keep (a supplier's invoice number); documents
            without one are numbered when approved.
        department: The owning department or unit.
        parties: Who the document names or binds.
        tags: Free labels.
        confidentiality: Who may see it.
        effective: The date it takes effect or is dated.
        expires: The date it stops having effect.
        text: Text extracted from the content, for full-text search.
        filename: The original file name.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str
    title: str
    content: bytes
    media_type: str
    id: str | None = None
    number: str | None = None
    department: str | None = None
    parties: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    confidentiality: Confidentiality = Confidentiality.INTERNAL
    effective: date | None = None
    expires: date | None = None
    text: str | None = None
    filename: str | None = None
