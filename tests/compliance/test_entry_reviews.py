"""The evidence rules: one finding per entry, or one aggregated finding above a limit."""

from __future__ import annotations

from datetime import date

import pytest

from backoffice_core import BackOffice, Money
from backoffice_core.compliance import Finding, Outcome
from backoffice_core.jurisdictions import indonesia
from backoffice_core.ledger import Line

EVIDENCE_RULES = ("ledger.unsupported_entries", "ledger.documented_entries")


def idr(amount: int) -> Money:
    return Money(amount, "IDR")


@pytest.fixture
def books(office: BackOffice) -> BackOffice:
    """Twelve unsourced entries of 10 to 21 million rupiah in 2026."""
    office.ledger.load_chart(indonesia.chart_of_accounts())
    for month in range(1, 13):
        amount = idr((month + 9) * 1_000_000)
        office.ledger.post(date(2026, month, 10), f"Sewa {month}",
                           [Line.debit("6110", amount), Line.credit("1110", amount)],
                           id=f"sewa-{month:02d}")  # fmt: skip
    return office


def run(office: BackOffice, rule_id: str, **params: object) -> list[Finding]:
    params = {"evidence_threshold": idr(5_000_000), **params}
    report = office.compliance.run(
        indonesia.compliance_rules(), as_of=date(2026, 12, 31), params=params, save=False
    )
    return [f for f in report.findings if f.rule_id == rule_id]


class TestEntryReviews:
    @pytest.mark.parametrize("rule_id", EVIDENCE_RULES)
    def test_up_to_the_limit_one_finding_per_entry(self, books: BackOffice, rule_id: str) -> None:
        """Twelve flagged entries and a limit of 12 give twelve findings named by entry."""
        found = run(books, rule_id, max_entry_findings=12)
        assert [(f.outcome, f.subject) for f in found] == [
            (Outcome.NEEDS_REVIEW, f"sewa-{m:02d}") for m in range(1, 13)
        ]

    @pytest.mark.parametrize("rule_id", EVIDENCE_RULES)
    def test_above_the_limit_one_aggregated_finding(self, books: BackOffice, rule_id: str) -> None:
        """Above the limit, one finding counts the entries, totals them, names the largest."""
        (finding,) = run(books, rule_id, max_entry_findings=11)
        assert (finding.outcome, finding.subject) == (Outcome.NEEDS_REVIEW, "*")
        assert finding.evidence[0].startswith("12 entries, together IDR 186000000, ")
        assert len(finding.evidence) == 10
        assert finding.evidence[1].startswith("sewa-12: ")
        assert finding.evidence[9].startswith("sewa-04: ")

    def test_default_limit_lists_a_few_entries(self, books: BackOffice) -> None:
        """With no limit given, twelve entries stay twelve findings (the default is 100)."""
        assert len(run(books, "ledger.unsupported_entries")) == 12

    def test_bad_limit_is_an_error_finding(self, books: BackOffice) -> None:
        """A negative limit makes the rule an error finding naming the value, not a crash."""
        (finding,) = run(books, "ledger.unsupported_entries", max_entry_findings=-1)
        assert finding.outcome is Outcome.ERROR
        assert "-1" in " ".join(finding.evidence)
