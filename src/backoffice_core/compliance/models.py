"""What a compliance run produces: severities, outcomes, findings and dated obligations.

Everything here is data (frozen pydantic models) that is stored with a run, compared
between runs and rendered; the behaviour lives in :mod:`.rules` and :mod:`.service`.
Evidence is bounded (:data:`MAX_EVIDENCE` items of at most :data:`MAX_EVIDENCE_CHARS`
characters), so a rule that finds a million problems still yields a readable finding.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

__all__ = [
    "MAX_EVIDENCE",
    "MAX_EVIDENCE_CHARS",
    "Finding",
    "Obligation",
    "ObligationState",
    "Outcome",
    "Severity",
    "bounded",
]

MAX_EVIDENCE = 10
"""The most evidence items a finding keeps (the rest are counted in a last item)."""
MAX_EVIDENCE_CHARS = 300
"""The longest evidence item, in characters (longer ones are cut with an ellipsis)."""


class Severity(enum.StrEnum):
    """How much a failed rule matters, from ``info`` to ``critical``."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """0 for info up to 4 for critical (for sorting and thresholds)."""
        return list(Severity).index(self)


class Outcome(enum.StrEnum):
    """What a rule concluded about one subject."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    NEEDS_REVIEW = "needs_review"
    ERROR = "error"


def bounded(evidence: Any) -> tuple[str, ...]:
    """Return ``evidence`` as at most :data:`MAX_EVIDENCE` short strings."""
    items = [evidence] if isinstance(evidence, str) else list(evidence or ())
    out = []
    for item in items[:MAX_EVIDENCE]:
        text = str(item)
        out.append(
            text if len(text) <= MAX_EVIDENCE_CHARS else text[: MAX_EVIDENCE_CHARS - 1] + "…"
        )
    if len(items) > MAX_EVIDENCE:
        out[-1] = f"… and {len(items) - MAX_EVIDENCE + 1} more"
    return tuple(out)


class Finding(BaseModel):
    """One rule's conclusion about one subject in one run.

    Args:
        rule_id: The rule that concluded it.
        rule_version: That rule's version.
        title: The rule's title.
        domain: The domain the rule reads (``"ledger"``, ``"payroll"``, ``"tax"``…).
        outcome: Pass, fail, not applicable, needs review, or error (the rule crashed).
        severity: The rule's severity in this run (overridable per run).
        subject: What the finding is about (an account, an entry id, a month); ``"*"``
            when the rule checked the whole book.
        evidence: A few short lines that show why.
        remediation: What to do about a failure.
        due: When the matter must be settled, where a deadline applies.
    """

    model_config = ConfigDict(frozen=True)

    rule_id: str
    rule_version: int
    title: str
    domain: str
    outcome: Outcome
    severity: Severity
    subject: str = "*"
    evidence: tuple[str, ...] = ()
    remediation: str = ""
    due: date | None = None

    @field_validator("evidence", mode="before")
    @classmethod
    def _bound(cls, value: Any) -> tuple[str, ...]:
        return bounded(value)

    @property
    def failed(self) -> bool:
        """True for a failure, an error, or a matter that needs review."""
        return self.outcome in (Outcome.FAIL, Outcome.ERROR, Outcome.NEEDS_REVIEW)

    @property
    def identity(self) -> tuple[str, str]:
        """What makes two runs' findings "the same matter": rule and subject."""
        return (self.rule_id, self.subject)


class ObligationState(enum.StrEnum):
    """Where a statutory obligation stands on a given day."""

    DONE = "done"
    DUE = "due"
    OVERDUE = "overdue"
    UPCOMING = "upcoming"


class Obligation(BaseModel):
    """One dated statutory obligation (a payment, a return, THR).

    Args:
        id: A stable key such as ``"pph21-payment-2026-01"``; post the settling entry
            with ``source`` set to it (or register a document under it) and the
            obligation counts as done.
        title: What is due, in Bahasa Indonesia.
        title_en: The same in English.
        due: The due date, moved to a working day.
        period: The period the obligation is for (``"2026-01"``, ``"2026"``).
        state: Done, due (within the warning window), overdue or upcoming.
        evidence: What proved it done.
        checked_at: When the state was computed.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    title_en: str
    due: date
    period: str
    state: ObligationState = ObligationState.UPCOMING
    evidence: tuple[str, ...] = ()
    checked_at: datetime | None = None
