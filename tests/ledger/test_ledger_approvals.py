"""Maker-checker for journal batches above the approval threshold."""

from __future__ import annotations

from datetime import date

import pytest

from backoffice_core import BackOffice, Money
from backoffice_core.context import Context
from backoffice_core.errors import (
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    StateError,
)
from backoffice_core.ledger import (
    ApprovalRequiredError,
    BatchStatus,
    EntryBatch,
    EntryDraft,
    Line,
    generic_chart,
)


def rp(amount: int) -> Money:
    return Money(amount, "IDR")


def draft(entry_id: str, amount: int, *, source: str | None = None) -> EntryDraft:
    lines = (Line.debit("6110", rp(amount)), Line.credit("1110", rp(amount)))
    return EntryDraft(
        date=date(2026, 1, 5), description="Sewa", lines=lines, id=entry_id, source=source
    )


@pytest.fixture
def books(office: BackOffice) -> BackOffice:
    """Books with the generic chart and a threshold of Rp 1,000."""
    office.ledger.load_chart(generic_chart())
    office.ledger.approvals.set_policy(rp(1_000), exempt_sources=["payroll.run/"])
    return office


class TestApprovalPolicy:
    def test_policy_set_after_postings_applies_at_once(self, office: BackOffice) -> None:
        """Books that posted before any policy existed enforce one as soon as it is set."""
        office.ledger.load_chart(generic_chart())
        office.ledger.post_many([draft("a", 5_000)])
        office.ledger.approvals.set_policy(rp(1_000))
        with pytest.raises(ApprovalRequiredError):
            office.ledger.post_many([draft("b", 5_000)])
        assert [e.id for e in office.ledger.entries()] == ["a"]

    def test_post_above_threshold_is_refused(self, books: BackOffice) -> None:
        """A single post above the threshold raises ApprovalRequiredError and writes nothing."""
        before = len(list(books.audit.records()))
        with pytest.raises(ApprovalRequiredError, match="submit it"):
            books.ledger.post(date(2026, 1, 5), "Sewa", list(draft("a", 1_001).lines), id="a")
        assert books.ledger.entries() == []
        assert len(list(books.audit.records())) == before

    def test_another_entitys_policy_does_not_apply(self, books: BackOffice) -> None:
        """A policy binds its own entity only: another entity's books post freely."""
        other = BackOffice(books.backend, Context(f"{books.entity} lain", "rina"))
        other.ledger.load_chart(generic_chart())
        other.ledger.post_many([draft("a", 50_000)])
        assert [e.id for e in other.ledger.entries()] == ["a"]

    def test_batch_total_counts_not_each_entry(self, books: BackOffice) -> None:
        """Two entries under the threshold are refused together when their sum is above it."""
        with pytest.raises(ApprovalRequiredError):
            books.ledger.post_many([draft("a", 600), draft("b", 600)])
        books.ledger.post_many([draft("a", 500), draft("b", 500)])
        assert [e.id for e in books.ledger.entries()] == ["a", "b"]

    def test_import_is_refused_above_threshold(self, books: BackOffice) -> None:
        """A bulk import is one batch under the policy too."""
        batch = EntryBatch()
        batch.entry(date(2026, 1, 5), "Sewa", id="imp-1")
        batch.debit("6110", 5_000, "IDR")
        batch.credit("1110", 5_000, "IDR")
        with pytest.raises(ApprovalRequiredError):
            books.ledger.import_entries(batch)
        assert books.ledger.entries() == []

    def test_exempt_sources_do_not_count(self, books: BackOffice) -> None:
        """An entry whose source starts with an exempt prefix posts without approval."""
        books.ledger.post_many([draft("pay", 9_000, source="payroll.run/r1")])
        assert [e.id for e in books.ledger.entries()] == ["pay"]

    def test_policy_in_another_currency_is_refused(self, books: BackOffice) -> None:
        """A threshold outside the base currency raises InvalidInputError."""
        with pytest.raises(InvalidInputError, match="IDR"):
            books.ledger.approvals.set_policy(Money(5, "USD"))

    def test_negative_threshold_is_refused(self, books: BackOffice) -> None:
        """A negative threshold raises InvalidInputError."""
        with pytest.raises(InvalidInputError, match="zero or more"):
            books.ledger.approvals.set_policy(rp(-1))

    def test_cleared_policy_lets_postings_through(self, books: BackOffice) -> None:
        """After clear_policy a large entry posts directly."""
        books.ledger.approvals.clear_policy()
        books.ledger.post_many([draft("a", 50_000)])
        assert [e.id for e in books.ledger.entries()] == ["a"]

    def test_policy_change_is_audited(self, books: BackOffice) -> None:
        """Setting a new threshold is stored and recorded in the audit trail."""
        books.ledger.approvals.set_policy(rp(2_000))
        policy = books.ledger.approvals.policy()
        assert policy is not None
        assert policy.threshold == rp(2_000)
        assert list(books.audit.records())[-1].action == "ledger.approval_policy.set"


class TestBatchApproval:
    def test_submit_stores_a_pending_batch(self, books: BackOffice) -> None:
        """A submitted batch is pending, totals its debits and posts nothing yet."""
        batch = books.ledger.approvals.submit([draft("a", 5_000), draft("b", 700)], id="B1")
        assert (batch.status, batch.total, batch.submitted_by) == (
            BatchStatus.PENDING, rp(5_700), "rina",
        )  # fmt: skip
        assert books.ledger.entries() == []
        assert books.ledger.approvals.batches("pending") == [batch]

    def test_another_actor_approves_and_posts(self, books: BackOffice) -> None:
        """Approval by another actor posts every entry, posted by the approver."""
        books.ledger.approvals.submit([draft("a", 5_000), draft("b", 700)], id="B1")
        approved = books.as_actor("budi").ledger.approvals.approve("B1")
        assert (approved.status, approved.decided_by) == (BatchStatus.APPROVED, "budi")
        assert [(e.id, e.posted_by) for e in books.ledger.entries()] == [
            ("a", "budi"), ("b", "budi"),
        ]  # fmt: skip
        actions = [r.action for r in books.audit.records()][-2:]
        assert actions == ["ledger.entries.posted", "ledger.batch.approved"]

    def test_preparer_cannot_approve(self, books: BackOffice) -> None:
        """The submitter's approval raises PermissionDeniedError and posts nothing."""
        books.ledger.approvals.submit([draft("a", 5_000)], id="B1")
        with pytest.raises(PermissionDeniedError, match="another person"):
            books.ledger.approvals.approve("B1")
        assert books.ledger.entries() == []
        assert books.ledger.approvals.batch("B1").status is BatchStatus.PENDING

    def test_reject_posts_nothing(self, books: BackOffice) -> None:
        """A rejected batch keeps its reason and posts nothing; it cannot be approved later."""
        books.ledger.approvals.submit([draft("a", 5_000)], id="B1")
        checker = books.as_actor("budi").ledger.approvals
        rejected = checker.reject("B1", "no invoice")
        assert (rejected.status, rejected.reason) == (BatchStatus.REJECTED, "no invoice")
        with pytest.raises(StateError, match="rejected"):
            checker.approve("B1")
        assert books.ledger.entries() == []

    def test_reject_needs_a_reason(self, books: BackOffice) -> None:
        """A blank reason raises InvalidInputError."""
        books.ledger.approvals.submit([draft("a", 5_000)], id="B1")
        with pytest.raises(InvalidInputError, match="reason"):
            books.as_actor("budi").ledger.approvals.reject("B1", " ")

    def test_invalid_batch_is_not_stored(self, books: BackOffice) -> None:
        """A draft on an unknown account is refused at submit and no batch is stored."""
        bad = EntryDraft(
            date=date(2026, 1, 5), description="x", id="x",
            lines=(Line.debit("9999", rp(5)), Line.credit("1110", rp(5))),
        )  # fmt: skip
        with pytest.raises(InvalidInputError):
            books.ledger.approvals.submit([bad], id="B1")
        assert books.ledger.approvals.batches() == []

    def test_entries_without_id_get_one_at_submit(self, books: BackOffice) -> None:
        """The approval posts the ids fixed at submit time."""
        lines = draft("a", 5_000).lines
        batch = books.ledger.approvals.submit(
            [EntryDraft(date=date(2026, 1, 5), description="x", lines=lines)]
        )
        books.as_actor("budi").ledger.approvals.approve(batch.id)
        assert [e.id for e in books.ledger.entries()] == [batch.entries[0].id]

    def test_unknown_batch_is_not_found(self, books: BackOffice) -> None:
        """Approving a batch id that was never submitted raises NotFoundError."""
        with pytest.raises(NotFoundError, match="B9"):
            books.as_actor("budi").ledger.approvals.approve("B9")

    def test_closed_period_keeps_the_batch_pending(self, books: BackOffice) -> None:
        """When an entry no longer posts, approval fails and the batch stays pending."""
        books.ledger.approvals.submit([draft("a", 5_000)], id="B1")
        books.ledger.close_period("2026-01")
        with pytest.raises(StateError):
            books.as_actor("budi").ledger.approvals.approve("B1")
        assert books.ledger.approvals.batch("B1").status is BatchStatus.PENDING
        assert books.ledger.entries() == []
