"""The audit trail: a hash-chained log of every state change, per legal entity."""

from backoffice_core.audit.anchor import AnchoredHead, AnchorFile
from backoffice_core.audit.chain import GENESIS, canonical_json, digest
from backoffice_core.audit.coverage import CatchUp, Coverage, CoverageCheck, Discrepancy
from backoffice_core.audit.ledger import LedgerCoverage
from backoffice_core.audit.models import AuditRecord, Verification
from backoffice_core.audit.ports import AuditStore
from backoffice_core.audit.service import AuditTrail

__all__ = [
    "GENESIS",
    "AnchorFile",
    "AnchoredHead",
    "AuditRecord",
    "AuditStore",
    "AuditTrail",
    "CatchUp",
    "Coverage",
    "CoverageCheck",
    "Discrepancy",
    "LedgerCoverage",
    "Verification",
    "canonical_json",
    "digest",
]
