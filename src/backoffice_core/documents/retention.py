"""Retention policies: how long a document must be kept, computed with dateutil.

A :class:`RetentionPolicy` names a document kind, a period (years and months) and
where the period starts: the end of the fiscal year of the document's date (books,
records and their evidence), or the end of the fiscal year in which it expires
(contracts). :func:`retain_until` turns a policy and a document into the last day the
document must be kept. Policies are data: the Indonesian defaults live in
``backoffice_core.jurisdictions.indonesia``; an office can store its own.
"""

from __future__ import annotations

import enum
from datetime import date

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, Field

from backoffice_core.documents.models import Document
from backoffice_core.periods import FiscalCalendar

__all__ = ["RetentionPolicy", "RetentionStart", "document_date", "retain_until"]


class RetentionStart(enum.StrEnum):
    """Where a retention period starts."""

    FISCAL_YEAR_OF_DATE = "fiscal_year_of_date"
    """After the end of the fiscal year that holds the document's date."""
    FISCAL_YEAR_OF_EXPIRY = "fiscal_year_of_expiry"
    """After the end of the fiscal year in which it expires (its date if it never does)."""


class RetentionPolicy(BaseModel):
    """How long documents of one kind are kept.

    Args:
        kind: The document kind it applies to (``"evidence"`` for the policy that
            applies to every document linked as evidence of a ledger entry).
        years: Whole years of retention.
        months: Extra months.
        start: Where the period starts.
        basis: The rule it follows, for people (``"UU 8/1997 Pasal 11"``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    years: int = Field(ge=0, le=200)
    months: int = Field(default=0, ge=0, le=11)
    start: RetentionStart = RetentionStart.FISCAL_YEAR_OF_DATE
    basis: str = ""


def document_date(document: Document) -> date:
    """Return the date a document is dated: its effective date, else its registration."""
    return document.effective or document.created_at.date()


def retain_until(document: Document, policy: RetentionPolicy, calendar: FiscalCalendar) -> date:
    """Return the last day ``document`` must be kept under ``policy``.

    Args:
        document: The document.
        policy: The policy of its kind.
        calendar: The entity's fiscal calendar (fiscal years need not start in January).

    Example:
        >>> from datetime import UTC, datetime
        >>> doc = Document(id="d", kind="invoice", title="Faktur", effective=date(2025, 5, 2),
        ...                created_at=datetime(2025, 5, 2, tzinfo=UTC), created_by="rina")
        >>> retain_until(doc, RetentionPolicy(kind="invoice", years=10), FiscalCalendar(1))
        datetime.date(2035, 12, 31)
    """
    day = document_date(document)
    if policy.start is RetentionStart.FISCAL_YEAR_OF_EXPIRY and document.expires is not None:
        day = max(day, document.expires)
    year_end = calendar.fiscal_year_of(day).last_day
    # Add to the first day after the year ends and step back one day, so that a period
    # ending on 28 February lands on the month's real end after the years are added.
    after = year_end + relativedelta(days=1)
    return after + relativedelta(years=policy.years, months=policy.months, days=-1)
