"""The record kinds the documents domain stores through the generic record store.

Documents are mutable (their status moves, their metadata can be amended) and so are
terms (an amendment reweighs them); versions, links and disposals are append-only.
Tags, parties and links are rows of their own with indexed fields, so that search
filters on indexed columns instead of scanning bodies; the words of titles and texts
are the record store's full-text index of the documents kind.
"""

from __future__ import annotations

from backoffice_core.documents.models import (
    Disposal,
    Document,
    DocumentKind,
    DocumentLink,
    DocumentTerm,
    DocumentVersion,
)
from backoffice_core.documents.retention import RetentionPolicy
from backoffice_core.records import Kind

__all__ = [
    "DISPOSALS",
    "DOCUMENTS",
    "KINDS",
    "LINKS",
    "POLICIES",
    "TERMS",
    "VERSIONS",
]

DOCUMENTS: Kind[Document] = Kind(
    "documents.document",
    Document,
    key=lambda d: d.id,
    indexed=(
        "kind",
        "status",
        "number",
        "department",
        "confidentiality",
        "effective",
        "expires",
        "legal_hold",
    ),
    text=("title", "text"),
)
"""Documents by id; full text over the title and the current version's text."""

VERSIONS: Kind[DocumentVersion] = Kind(
    "documents.version",
    DocumentVersion,
    key=lambda v: v.key,
    indexed=("document", "sha256"),
    totals=("size",),
    # Replaceable only so that a disposal can drop the extracted text: the service
    # never changes a version otherwise.
    append_only=False,
)
"""Immutable versions by ``<document>|<version>``."""

TERMS: Kind[DocumentTerm] = Kind(
    "documents.term",
    DocumentTerm,
    key=lambda t: f"{t.term}|{t.document}|{t.version}",
    indexed=("document",),
)
"""Tags and parties by ``<term>|<document>|<version>`` (version 0).

The key starts with the term, so one term's rows are one contiguous range of the
primary key, in document order: a page of them is read without sorting every match.
A term an amendment removed stays with weight 0, which search skips.
"""

LINKS: Kind[DocumentLink] = Kind(
    "documents.link",
    DocumentLink,
    key=lambda link: f"{link.document}|{link.target}",
    indexed=("document", "target", "role"),
    append_only=True,
)
"""Links from a document to another record by ``<document>|<target>``."""

KINDS: Kind[DocumentKind] = Kind("documents.kind", DocumentKind, key=lambda k: k.name)
"""User-registered document kinds by name."""

POLICIES: Kind[RetentionPolicy] = Kind("documents.retention", RetentionPolicy, key=lambda p: p.kind)
"""Stored retention policies by kind (they override the office's defaults)."""

DISPOSALS: Kind[Disposal] = Kind(
    "documents.disposal",
    Disposal,
    key=lambda d: d.document,
    indexed=("kind",),
    append_only=True,
)
"""Disposal records by document id."""
