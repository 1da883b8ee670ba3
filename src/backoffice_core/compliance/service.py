"""The compliance service: runs a rule registry over the books, stores and compares runs.

:meth:`Compliance.run` asks every rule of a :class:`~.rules.RuleRegistry` about the
office's books through their public services and returns a
:class:`~.report.ComplianceReport`. A rule that raises becomes an ``error`` finding and
the run goes on. A stored run (record kind ``compliance.run``) can be compared with the
next. :meth:`Compliance.calendar` states dated obligations (a statutory calendar) as
done, due, overdue or upcoming from the evidence in the books.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from typing import Any

import attrs

from backoffice_core.collector import paused_gc
from backoffice_core.compliance.access import DENIAL, Denial
from backoffice_core.compliance.models import (
    Finding,
    Obligation,
    ObligationState,
    Outcome,
    Severity,
)
from backoffice_core.compliance.report import ComplianceReport
from backoffice_core.compliance.rules import Result, Rule, RuleContext, RuleRegistry, severity
from backoffice_core.context import Context, UnitOfWork
from backoffice_core.errors import InvalidInputError
from backoffice_core.ids import new_id
from backoffice_core.records import Kind

__all__ = ["RUN", "Compliance", "Evidence"]

RUN: Kind[ComplianceReport] = Kind(
    "compliance.run", ComplianceReport, key=lambda r: r.id, indexed=("as_of", "at")
)
"""Stored compliance runs."""

Evidence = Callable[[Obligation], tuple[str, ...]]
"""Says what proves an obligation done (empty: nothing does)."""


def _finding(rule: Rule, level: Severity, result: Result) -> Finding:
    return Finding(
        rule_id=rule.id,
        rule_version=rule.version,
        title=rule.title,
        domain=rule.domain,
        outcome=result.outcome,
        severity=result.severity or level,
        subject=result.subject,
        evidence=result.evidence,
        remediation=rule.remediation if result.outcome is not Outcome.PASS else "",
        due=result.due,
    )


def _findings(rule: Rule, results: Iterable[Result], level: Severity) -> list[Finding]:
    out = []
    for result in results:
        if not isinstance(result, Result):
            raise InvalidInputError(f"rule {rule.id!r} yielded {result!r}, not a Result")
        out.append(_finding(rule, level, result))
    # A rule that found nothing to say passed for the whole book.
    return out or [_finding(rule, level, Result.passed())]


@attrs.define
class Compliance:
    """Compliance runs and the statutory calendar of one entity.

    Args:
        context: Who runs the checks, for which entity, and the clock.
        uow: Where runs are stored.
        office: The office whose public services the rules read.
    """

    _context: Context
    _uow: UnitOfWork
    _office: Any

    def run(
        self,
        rules: RuleRegistry,
        *,
        as_of: date | None = None,
        severities: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        save: bool = True,
    ) -> ComplianceReport:
        """Run every rule of ``rules`` over the books and return the findings.

        Args:
            rules: The rules to run.
            as_of: The day to judge (today by the office's clock when omitted).
            severities: Severity overrides for this run, by rule id.
            params: Parameters the rules read (thresholds, account codes…).
            save: Store the run so that the next one can be compared with it.

        Raises:
            InvalidInputError: If an override names an unknown rule or severity.
            PermissionDeniedError: If the actor may not run compliance checks here.
        """
        if not isinstance(rules, RuleRegistry):
            raise InvalidInputError(f"rules must be a RuleRegistry, not {type(rules).__name__}")
        overrides = {}
        for rule_id, level in (severities or {}).items():
            if rule_id not in rules:
                raise InvalidInputError(f"severity override names rule {rule_id!r}, not in the set")
            overrides[rule_id] = severity(level)
        day = as_of or self._context.clock().date()
        if not isinstance(day, date):
            raise InvalidInputError(f"as_of {as_of!r} must be a date")
        run_id = new_id()
        self._context.authorize("compliance.run", self._context.entity)
        ctx = RuleContext(self._office, day, dict(params or {}))
        findings: list[Finding] = []
        with paused_gc():  # rules read whole books: many short-lived objects, no cycles
            for rule in rules:
                level = overrides.get(rule.id, rule.severity)
                try:
                    findings += _findings(rule, list(rule.check(ctx)), level)
                except Exception as exc:  # a crashing rule is a finding, not a crash
                    crashed = Result(Outcome.ERROR, "*", (f"{type(exc).__name__}: {exc}",))
                    finding = _finding(rule, level, crashed)
                    findings.append(
                        finding.model_copy(
                            update={
                                "remediation": "fix the rule or the data it reads, then run again"
                            }
                        )
                    )
        report = ComplianceReport(
            id=run_id,
            entity=self._context.entity,
            as_of=day,
            at=self._context.clock(),
            ruleset_digest=rules.digest(),
            findings=tuple(findings),
        )
        if save:
            self._context.authorize("compliance.run.record", run_id)
            with self._uow.transaction():
                self._uow.records(RUN).add([report])
        return report

    def denials(self, *, actor: str | None = None, limit: int = 100) -> list[Denial]:
        """Return the refused actions recorded for this entity, newest first.

        Raises:
            PermissionDeniedError: If the actor may not list refusals.
        """
        self._context.authorize("compliance.denials.list", self._context.entity)
        where = None if actor is None else {"actor": actor}
        page = self._uow.records(DENIAL).find(where, order_by=("-at",), limit=limit)
        return [stored.record for stored in page]

    def runs(self, limit: int = 20) -> list[ComplianceReport]:
        """Return the stored runs, newest first."""
        page = self._uow.records(RUN).find(order_by=("-at",), limit=limit)
        return [stored.record for stored in page]

    def last_run(self) -> ComplianceReport | None:
        """Return the newest stored run, or None."""
        runs = self.runs(limit=1)
        return runs[0] if runs else None

    def calendar(
        self,
        obligations: Iterable[Obligation],
        *,
        as_of: date | None = None,
        warn_days: int = 7,
        evidence: Evidence | None = None,
    ) -> list[Obligation]:
        """State each obligation on ``as_of``: done, due, overdue or upcoming.

        Args:
            obligations: Dated obligations (such as a jurisdiction's statutory calendar).
            as_of: The day to judge (today by the office's clock when omitted).
            warn_days: How many days before its due date an obligation is "due".
            evidence: What proves an obligation done; by default, a ledger entry whose
                ``source`` is the obligation's id.
        """
        day = as_of or self._context.clock().date()
        items = sorted(obligations, key=lambda o: (o.due, o.id))
        find = evidence or self._ledger_evidence(items)
        now = self._context.clock()
        out = []
        for item in items:
            proof = tuple(find(item))
            if proof:
                state = ObligationState.DONE
            elif item.due < day:
                state = ObligationState.OVERDUE
            elif item.due <= day + timedelta(days=warn_days):
                state = ObligationState.DUE
            else:
                state = ObligationState.UPCOMING
            out.append(
                item.model_copy(update={"state": state, "evidence": proof, "checked_at": now})
            )
        return out

    def _ledger_evidence(self, obligations: list[Obligation]) -> Evidence:
        # Only the entries whose source names one of these obligations are read.
        by_source: dict[str, list[str]] = {}
        for entry in self._office.ledger.entry_heads(sources=[o.id for o in obligations]):
            if entry.source:
                by_source.setdefault(entry.source, []).append(entry.id)

        def find(obligation: Obligation) -> tuple[str, ...]:
            return tuple(f"entry {e}" for e in by_source.get(obligation.id, ()))

        return find
