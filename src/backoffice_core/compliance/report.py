"""A compliance run's report: findings grouped by severity and domain, in four formats.

:class:`ComplianceReport` is what :meth:`Compliance.run` returns and stores. It renders
as text (a terminal), HTML (a notebook), JSON (its data) and SARIF 2.1.0 (for tools that
read static-analysis results), in Bahasa Indonesia or English, and compares itself with
an earlier run: which matters are new, which were resolved, which persist.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from backoffice_core.compliance.models import Finding, Outcome, Severity
from backoffice_core.i18n import CATALOG, DEFAULT_LOCALE, format_date, label, register_messages

__all__ = ["ComplianceReport", "RunComparison"]

register_messages(
    {
        "compliance.title": {"en": "Compliance report", "id": "Laporan kepatuhan"},
        "compliance.as_of": {"en": "as of {day}", "id": "per {day}"},
        "compliance.summary": {
            "en": "{failed} of {total} findings need action",
            "id": "{failed} dari {total} temuan perlu tindakan",
        },
        "compliance.none": {"en": "No findings need action.", "id": "Tidak ada temuan."},
        "compliance.due": {"en": "due {day}", "id": "jatuh tempo {day}"},
        "compliance.fix": {"en": "Remedy", "id": "Tindakan"},
        "severity.critical": {"en": "Critical", "id": "Kritis"},
        "severity.high": {"en": "High", "id": "Tinggi"},
        "severity.medium": {"en": "Medium", "id": "Sedang"},
        "severity.low": {"en": "Low", "id": "Rendah"},
        "severity.info": {"en": "Info", "id": "Info"},
        "outcome.pass": {"en": "pass", "id": "lulus"},
        "outcome.fail": {"en": "fail", "id": "gagal"},
        "outcome.not_applicable": {"en": "not applicable", "id": "tidak berlaku"},
        "outcome.needs_review": {"en": "needs review", "id": "perlu ditinjau"},
        "outcome.error": {"en": "error", "id": "galat"},
    }
)

_SARIF_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "warning",
    Severity.INFO: "note",
}
_SARIF_KIND = {
    Outcome.PASS: "pass",
    Outcome.FAIL: "fail",
    Outcome.ERROR: "fail",
    Outcome.NEEDS_REVIEW: "review",
    Outcome.NOT_APPLICABLE: "notApplicable",
}


class RunComparison(BaseModel):
    """How a run differs from an earlier one (matters are a rule and a subject).

    Args:
        same_rules: Both runs used the same rule set (equal digests).
        new: Matters failing now that did not fail before.
        resolved: Matters that failed before and do not now.
        persisting: Matters failing in both.
    """

    model_config = ConfigDict(frozen=True)

    same_rules: bool
    new: tuple[Finding, ...]
    resolved: tuple[Finding, ...]
    persisting: tuple[Finding, ...]


class ComplianceReport(BaseModel):
    """The findings of one compliance run over one entity.

    Args:
        id: The run's id.
        entity: The legal entity checked.
        as_of: The day the run judged.
        at: When it ran (the office's clock).
        ruleset_digest: The digest of the rule set used.
        findings: Every finding, passes included, in rule order.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    entity: str
    as_of: date
    at: datetime
    ruleset_digest: str
    findings: tuple[Finding, ...]

    @property
    def failures(self) -> tuple[Finding, ...]:
        """The findings that need action, most severe first."""
        failed = [f for f in self.findings if f.failed]
        return tuple(sorted(failed, key=lambda f: (-f.severity.rank, f.domain, f.rule_id)))

    def counts(self) -> dict[str, int]:
        """How many findings of each outcome."""
        out = {outcome.value: 0 for outcome in Outcome}
        for finding in self.findings:
            out[finding.outcome.value] += 1
        return out

    def compare(self, earlier: ComplianceReport) -> RunComparison:
        """Return what changed since ``earlier``."""
        now = {f.identity: f for f in self.failures}
        before = {f.identity: f for f in earlier.failures}
        return RunComparison(
            same_rules=self.ruleset_digest == earlier.ruleset_digest,
            new=tuple(f for key, f in now.items() if key not in before),
            resolved=tuple(f for key, f in before.items() if key not in now),
            persisting=tuple(f for key, f in now.items() if key in before),
        )

    # --- rendering --------------------------------------------------------------------
    def _groups(self) -> Iterable[tuple[Severity, str, list[Finding]]]:
        for level in sorted(Severity, key=lambda s: -s.rank):
            domains: dict[str, list[Finding]] = {}
            for finding in self.failures:
                if finding.severity is level:
                    domains.setdefault(finding.domain, []).append(finding)
            for domain in sorted(domains):
                yield level, domain, domains[domain]

    def _line(self, finding: Finding, locale: str) -> str:
        key = f"rule.{finding.rule_id}"
        title = label(key, locale) if key in CATALOG else finding.title
        text = f"[{label('outcome.' + finding.outcome.value, locale)}] {title}"
        if finding.subject != "*":
            text += f": {finding.subject}"
        if finding.due is not None:
            text += f" ({label('compliance.due', locale, day=format_date(finding.due, locale))})"
        return text

    @staticmethod
    def _remedy(finding: Finding, locale: str) -> str:
        key = f"rule.{finding.rule_id}.fix"
        return label(key, locale) if key in CATALOG else finding.remediation

    def render(self, locale: str = DEFAULT_LOCALE) -> str:
        """Return the report as text, grouped by severity and domain."""
        failed = self.failures
        lines = [
            f"{label('compliance.title', locale)}: {self.entity}",
            label("compliance.as_of", locale, day=format_date(self.as_of, locale)),
            label("compliance.summary", locale, failed=len(failed), total=len(self.findings)),
        ]
        if not failed:
            lines.append(label("compliance.none", locale))
        for level, domain, findings in self._groups():
            lines += ["", f"{label('severity.' + level.value, locale)} · {domain}"]
            for finding in findings:
                lines.append("  - " + self._line(finding, locale))
                lines += [f"      {item}" for item in finding.evidence]
                if finding.remediation:
                    fix = self._remedy(finding, locale)
                    lines.append(f"      {label('compliance.fix', locale)}: {fix}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()

    def to_html(self, locale: str = DEFAULT_LOCALE) -> str:
        """Return the report as an HTML fragment (escaped), grouped like the text."""
        esc = html.escape
        day = label("compliance.as_of", locale, day=format_date(self.as_of, locale))
        summary = label(
            "compliance.summary", locale, failed=len(self.failures), total=len(self.findings)
        )
        parts = [
            f"<h3>{esc(label('compliance.title', locale))}: {esc(self.entity)}</h3>",
            f"<p>{esc(day)} · {esc(summary)}</p>",
        ]
        for level, domain, findings in self._groups():
            parts.append(
                f"<h4>{esc(label('severity.' + level.value, locale))} · {esc(domain)}</h4><ul>"
            )
            for finding in findings:
                evidence = "".join(f"<li>{esc(item)}</li>" for item in finding.evidence)
                parts.append(
                    f"<li>{esc(self._line(finding, locale))}"
                    + (f"<ul>{evidence}</ul>" if evidence else "")
                    + "</li>"
                )
            parts.append("</ul>")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return the report's data as JSON."""
        return self.model_dump_json(indent=indent)

    def to_sarif(self) -> str:
        """Return the report as a SARIF 2.1.0 log (one run, a result per finding)."""
        rules: dict[str, dict[str, Any]] = {}
        results = []
        for finding in self.findings:
            rules.setdefault(
                finding.rule_id,
                {
                    "id": finding.rule_id,
                    "name": finding.rule_id,
                    "shortDescription": {"text": finding.title},
                    "properties": {"domain": finding.domain, "version": finding.rule_version},
                },
            )
            message = finding.title + (f": {finding.subject}" if finding.subject != "*" else "")
            results.append(
                {
                    "ruleId": finding.rule_id,
                    "kind": _SARIF_KIND[finding.outcome],
                    "level": "error"
                    if finding.outcome is Outcome.ERROR
                    else (_SARIF_LEVEL[finding.severity] if finding.failed else "none"),
                    "message": {"text": "; ".join((message, *finding.evidence))},
                    "locations": [
                        {"logicalLocations": [{"name": finding.subject, "kind": finding.domain}]}
                    ],
                    "properties": {
                        "severity": finding.severity.value,
                        "outcome": finding.outcome.value,
                        "due": finding.due.isoformat() if finding.due else None,
                        "remediation": finding.remediation,
                    },
                }
            )
        log = {
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "backoffice_core.compliance",
                            "rules": list(rules.values()),
                        }
                    },
                    "properties": {
                        "entity": self.entity,
                        "asOf": self.as_of.isoformat(),
                        "rulesetDigest": self.ruleset_digest,
                    },
                    "results": results,
                }
            ],
        }
        return json.dumps(log, indent=2, ensure_ascii=False)
