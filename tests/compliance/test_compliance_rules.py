"""The built-in rules, each failing and passing, and the Indonesian statutory calendar."""

from __future__ import annotations

from datetime import date

import pytest

from backoffice_core import BackOffice, Money
from backoffice_core.compliance import (
    Finding,
    ObligationState,
    Outcome,
    domain_rules,
    ledger_rules,
)
from backoffice_core.errors import InvalidInputError
from backoffice_core.jurisdictions import indonesia
from backoffice_core.ledger import BATCHES, Account, AccountType, BatchStatus, EntryDraft, Line


def idr(amount: int) -> Money:
    return Money(amount, "IDR")


@pytest.fixture
def books(office: BackOffice) -> BackOffice:
    office.ledger.load_chart(indonesia.chart_of_accounts())
    return office


def salary(office: BackOffice, month: int, *, source: str | None = None) -> None:
    day = date(2026, month, 28)
    office.ledger.post(
        day,
        f"Gaji {month}",
        [Line.debit("6110", idr(10_000_000)), Line.credit("2141", idr(500_000)),
         Line.credit("1110", idr(9_500_000))],
        id=f"gaji-{month}", source=source,
    )  # fmt: skip


def pay_pph21(office: BackOffice, month: int, day: date) -> None:
    office.ledger.post(
        day,
        f"Setor PPh 21 masa {month}",
        [Line.debit("2141", idr(500_000)), Line.credit("1110", idr(500_000))],
        id=f"pph21-{month}", source=f"pph21-payment-2026-{month:02d}",
    )  # fmt: skip


def findings(office: BackOffice, rule_id: str, **params: object) -> list[Finding]:
    rules = indonesia.compliance_rules().select()
    report = office.compliance.run(rules, as_of=date(2026, 4, 30), params=params, save=False)
    return [f for f in report.findings if f.rule_id == rule_id]


class TestLedgerRules:
    def test_audit_chain_passes_on_intact_books(self, books: BackOffice) -> None:
        """The audit chain rule passes on books written through the library."""
        salary(books, 1)
        assert [f.outcome for f in findings(books, "ledger.audit_chain")] == [Outcome.PASS]

    def test_audit_chain_fails_on_a_tampered_record(self, books: BackOffice) -> None:
        """An audit record changed behind the library's back fails the rule."""
        salary(books, 1)
        backend = books.backend
        if hasattr(backend, "books"):  # the memory backend: alter the stored record
            audit = backend.books(books.entity).audit
            audit[0] = audit[0].model_copy(update={"actor": "mallory"})
        else:
            with backend.transaction(), backend.session(books.entity, write=True) as session:  # type: ignore[attr-defined]
                session.execute("UPDATE audit_records SET actor = 'mallory' WHERE seq = 1")
        (finding,) = findings(books, "ledger.audit_chain")
        assert finding.outcome is Outcome.FAIL
        assert finding.subject == "audit record 1"

    def test_posting_after_close_needs_review(self, books: BackOffice) -> None:
        """An entry posted into January after January was first closed is flagged."""
        salary(books, 1)
        books.ledger.close_period("2026-01")
        assert findings(books, "ledger.closed_period_postings")[0].outcome is Outcome.PASS
        books.ledger.reopen_period("2026-01")
        books.ledger.post(date(2026, 1, 30), "Koreksi", [Line.debit("6110", idr(1)),
                          Line.credit("1110", idr(1))], id="late")  # fmt: skip
        books.ledger.close_period("2026-01")
        (finding,) = findings(books, "ledger.closed_period_postings")
        assert (finding.outcome, finding.subject) == (Outcome.NEEDS_REVIEW, "late")
        assert any("reopened at" in line for line in finding.evidence)

    def test_suspense_account_must_be_cleared(self, books: BackOffice) -> None:
        """A suspense account with a balance at a closed period end fails; cleared, it passes."""
        books.ledger.add_account(Account(code="1199", name="Suspense", type=AccountType.ASSET,
                                         parent="1100"))  # fmt: skip
        assert findings(books, "ledger.suspense_zero")[0].outcome is Outcome.NOT_APPLICABLE
        books.ledger.post(date(2026, 1, 10), "Unknown receipt",
                          [Line.debit("1110", idr(750)), Line.credit("1199", idr(750))],
                          id="u")  # fmt: skip
        books.ledger.close_period("2026-01")
        (finding,) = findings(books, "ledger.suspense_zero", suspense_accounts=["1199"])
        assert (finding.outcome, finding.subject) == (Outcome.FAIL, "1199 at 2026-01")
        books.ledger.reopen_period("2026-01")
        books.ledger.post(date(2026, 1, 31), "Reclass", [Line.debit("1199", idr(750)),
                          Line.credit("4100", idr(750))], id="r")  # fmt: skip
        books.ledger.close_period("2026-01")
        (finding,) = findings(books, "ledger.suspense_zero", suspense_accounts=["1199"])
        assert finding.outcome is Outcome.PASS

    def test_large_entry_without_source_needs_review(self, books: BackOffice) -> None:
        """An entry above the threshold with no source is flagged; with one it passes."""
        salary(books, 1)
        salary(books, 2, source="payroll-2026-02")
        flagged = findings(books, "ledger.unsupported_entries", evidence_threshold=idr(5_000_000))
        assert [(f.outcome, f.subject) for f in flagged] == [(Outcome.NEEDS_REVIEW, "gaji-1")]
        quiet = findings(books, "ledger.unsupported_entries", evidence_threshold=idr(50_000_000))
        assert [f.outcome for f in quiet] == [Outcome.PASS]

    def test_trial_balance_passes_on_balanced_books(self, books: BackOffice) -> None:
        """Books posted through the library balance."""
        salary(books, 1)
        assert [f.outcome for f in findings(books, "ledger.trial_balance")] == [Outcome.PASS]


class TestIndonesianRules:
    def test_pph21_paid_late_or_not_at_all_fails(self, books: BackOffice) -> None:
        """January's PPh 21 paid by its due date passes; February's, never paid, fails."""
        salary(books, 1)
        salary(books, 2)
        pay_pph21(books, 1, date(2026, 2, 12))
        (finding,) = findings(books, "tax.pph21_paid")
        assert (finding.outcome, finding.subject, finding.due) == (
            Outcome.FAIL, "2026-02", date(2026, 3, 16)
        )  # fmt: skip
        pay_pph21(books, 2, date(2026, 3, 16))
        assert [f.outcome for f in findings(books, "tax.pph21_paid")] == [Outcome.PASS]

    def test_rule_set_extends_the_neutral_rules(self) -> None:
        """The Indonesian rule set is the neutral ledger and domain rules, then its own."""
        ids = [r.id for r in indonesia.compliance_rules()]
        neutral = [r.id for r in (*ledger_rules(), *domain_rules())]
        assert ids[: len(neutral)] == neutral
        assert ids[len(neutral) :] == [
            "payroll.identifiers", "payroll.minimum_wage", "payroll.tax_missing", "tax.pph21_paid"
        ]  # fmt: skip


class TestStatutoryCalendar:
    def test_due_dates_move_to_working_days(self) -> None:
        """Due dates are on Indonesian working days, as the deadline rules give them."""
        due = {o.id: o.due for o in indonesia.statutory_calendar(2026)}
        assert due["pph21-payment-2026-01"] == indonesia.withholding_payment_due(2026, 1)
        assert due["pph21-return-2026-01"] == indonesia.withholding_return_due(2026, 1)
        assert due["thr-2026"] == indonesia.thr_payment_due(indonesia.idul_fitri(2026))
        assert due["annual-return-2026"] == date(2027, 4, 30)
        assert all(indonesia.is_working_day(day) for day in due.values())
        assert len(due) == 12 * 4 + 2

    def test_states_come_from_evidence_in_the_books(self, books: BackOffice) -> None:
        """An obligation with a settling entry is done; others are overdue, due or upcoming."""
        salary(books, 1)
        pay_pph21(books, 1, date(2026, 2, 12))
        states = {
            o.id: o.state
            for o in books.compliance.calendar(
                indonesia.statutory_calendar(2026), as_of=date(2026, 3, 10)
            )
        }
        assert states["pph21-payment-2026-01"] is ObligationState.DONE
        assert states["pph21-return-2026-01"] is ObligationState.OVERDUE
        assert states["thr-2026"] is ObligationState.DUE
        assert states["pph21-payment-2026-03"] is ObligationState.UPCOMING

    def test_bad_calendar_input_is_refused(self) -> None:
        """A year or BPJS day out of range raises InvalidInputError."""
        with pytest.raises(InvalidInputError):
            indonesia.statutory_calendar(1800)
        with pytest.raises(InvalidInputError):
            indonesia.statutory_calendar(2026, bpjs_due_day=31)


class TestBatchMakerChecker:
    def _submitted(self, books: BackOffice) -> None:
        books.ledger.approvals.set_policy(idr(1_000))
        lines = (Line.debit("6110", idr(5_000)), Line.credit("1110", idr(5_000)))
        draft = EntryDraft(date=date(2026, 1, 5), description="Sewa", lines=lines, id="s1")
        books.ledger.approvals.submit([draft], id="B1")

    def test_not_applicable_without_approved_batches(self, books: BackOffice) -> None:
        """With no approved batch the rule is not applicable."""
        assert [f.outcome for f in findings(books, "ledger.maker_checker")] == [
            Outcome.NOT_APPLICABLE
        ]

    def test_batch_approved_by_another_passes(self, books: BackOffice) -> None:
        """A batch approved by someone other than its submitter passes."""
        self._submitted(books)
        books.as_actor("budi").ledger.approvals.approve("B1")
        assert [f.outcome for f in findings(books, "ledger.maker_checker")] == [Outcome.PASS]

    def test_batch_approved_by_its_submitter_fails(self, books: BackOffice) -> None:
        """A stored batch whose approver is its submitter fails, naming the batch."""
        self._submitted(books)
        store = books.unit_of_work.records(BATCHES)
        stored = store.get("B1")
        assert stored is not None
        forged = stored.record.model_copy(
            update={"status": BatchStatus.APPROVED, "decided_by": "rina"}
        )
        with books.transaction():
            store.replace(forged, expected_version=stored.version, action="approved")
        [finding] = findings(books, "ledger.maker_checker")
        assert (finding.outcome, finding.subject) == (Outcome.FAIL, "B1")
