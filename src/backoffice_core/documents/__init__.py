"""Documents: registration, immutable versions, approval, numbering, retention, search.

``office.documents`` is a :class:`Documents` service; its :attr:`~Documents.retention`,
:attr:`~Documents.evidence` and :attr:`~Documents.search` services keep retention
policies and legal holds, link documents to journal entries and other records, and
find documents by metadata and full text. Everything is stored through the generic
record store (:mod:`backoffice_core.records`), contents through its blob store.
"""

from backoffice_core.documents.drafts import DocumentDraft
from backoffice_core.documents.errors import (
    DisposalRefusedError,
    DocumentContentError,
    DuplicateNumberError,
    InvalidTransitionError,
    SelfApprovalError,
    UnknownDocumentError,
    UnknownDocumentKindError,
)
from backoffice_core.documents.evidence import ENTRY, Evidence
from backoffice_core.documents.models import (
    BUILTIN_KINDS,
    Confidentiality,
    Disposal,
    Document,
    DocumentKind,
    DocumentLink,
    DocumentStatus,
    DocumentTerm,
    DocumentVersion,
    Reminder,
)
from backoffice_core.documents.numbering import (
    NumberFormat,
    NumberReset,
    TemplateNumbering,
    series_period,
)
from backoffice_core.documents.ports import (
    DISPOSALS,
    DOCUMENTS,
    KINDS,
    LINKS,
    POLICIES,
    TERMS,
    VERSIONS,
)
from backoffice_core.documents.retention import (
    RetentionPolicy,
    RetentionStart,
    document_date,
    retain_until,
)
from backoffice_core.documents.rules import DocumentRules
from backoffice_core.documents.search import DocumentSearch, SearchHit, SearchPage
from backoffice_core.documents.service import Documents
from backoffice_core.documents.stewardship import EVIDENCE_POLICY, Retention

__all__ = [
    "BUILTIN_KINDS",
    "DISPOSALS",
    "DOCUMENTS",
    "ENTRY",
    "EVIDENCE_POLICY",
    "KINDS",
    "LINKS",
    "POLICIES",
    "TERMS",
    "VERSIONS",
    "Confidentiality",
    "Disposal",
    "DisposalRefusedError",
    "Document",
    "DocumentContentError",
    "DocumentDraft",
    "DocumentKind",
    "DocumentLink",
    "DocumentRules",
    "DocumentSearch",
    "DocumentStatus",
    "DocumentTerm",
    "DocumentVersion",
    "Documents",
    "DuplicateNumberError",
    "Evidence",
    "InvalidTransitionError",
    "NumberFormat",
    "NumberReset",
    "Reminder",
    "Retention",
    "RetentionPolicy",
    "RetentionStart",
    "SearchHit",
    "SearchPage",
    "SelfApprovalError",
    "TemplateNumbering",
    "UnknownDocumentError",
    "UnknownDocumentKindError",
    "document_date",
    "retain_until",
    "series_period",
]
