"""Compliance: a registry of rules run over every domain, findings, reports, calendars.

Legal makes sure the company follows the law and its own controls. A
:class:`RuleRegistry` lists :class:`Rule` objects explicitly; :class:`Compliance` (the
``office.compliance`` service) runs them over the books through the domains' public
services and returns a :class:`ComplianceReport` of typed :class:`Finding` objects,
rendered as text, HTML, JSON or SARIF, stored and compared run to run. Dated
:class:`Obligation` items (a jurisdiction's statutory calendar) are stated done, due,
overdue or upcoming from the evidence in the books. The Indonesian rules and calendar
are in :mod:`backoffice_core.jurisdictions.indonesia`.
"""

from backoffice_core.compliance.access import (
    DENIAL,
    STANDARD_ROLES,
    AccessPolicy,
    Denial,
    Restriction,
    payroll_sources_only,
)
from backoffice_core.compliance.domain_rules import domain_rules
from backoffice_core.compliance.ledger_rules import ledger_rules
from backoffice_core.compliance.models import (
    MAX_EVIDENCE,
    MAX_EVIDENCE_CHARS,
    Finding,
    Obligation,
    ObligationState,
    Outcome,
    Severity,
)
from backoffice_core.compliance.report import ComplianceReport, RunComparison
from backoffice_core.compliance.rules import Check, Result, Rule, RuleContext, RuleRegistry
from backoffice_core.compliance.service import RUN, Compliance, Evidence

__all__ = [
    "DENIAL",
    "MAX_EVIDENCE",
    "MAX_EVIDENCE_CHARS",
    "RUN",
    "STANDARD_ROLES",
    "AccessPolicy",
    "Check",
    "Compliance",
    "ComplianceReport",
    "Denial",
    "Evidence",
    "Finding",
    "Obligation",
    "ObligationState",
    "Outcome",
    "Restriction",
    "Result",
    "Rule",
    "RuleContext",
    "RuleRegistry",
    "RunComparison",
    "Severity",
    "domain_rules",
    "ledger_rules",
    "payroll_sources_only",
]
