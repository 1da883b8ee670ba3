"""Monthly runs: calculation, maker-checker, posting, payment, immutability, corrections."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from payroll_helpers import ACCOUNTS, RULES, rp, setup

from backoffice_core import BackOffice
from backoffice_core.errors import PeriodClosedError, PermissionDeniedError
from backoffice_core.ledger import Side, UnknownAccountError
from backoffice_core.money import Rounding
from backoffice_core.payroll import (
    EmployeeInput,
    LineKind,
    Overtime,
    PayrollCalculationError,
    RunInputs,
    RunStateError,
    RunStatus,
)


def checker(office: BackOffice) -> BackOffice:
    """Return the same office acting as the HR manager who approves."""
    return office.as_actor("hr.manager")


class TestCalculation:
    def test_run_totals_are_the_sum_of_payslips(self, office: BackOffice) -> None:
        """The run's net, tax and gross equal the sums over its payslips."""
        setup(office)
        run = office.payroll.calculate("2026-01", RULES)
        slips = office.payroll.payslips(run.id)
        assert run.status is RunStatus.CALCULATED
        assert run.employees == 2
        assert run.net == sum((s.net for s in slips), rp(0))
        assert run.tax == sum((s.tax for s in slips), rp(0))
        assert run.gross == sum((s.gross for s in slips), rp(0))

    def test_formula_component_reads_the_basic_salary(self, office: BackOffice) -> None:
        """The meal allowance formula (5% of basic) is evaluated after basic."""
        setup(office)
        slip = office.payroll.preview("2026-01", RULES).payslips[0]
        assert slip.amount_of("meal") == rp(500_000)

    def test_tax_is_the_ter_withholding_of_the_taxable_gross(self, office: BackOffice) -> None:
        """January tax equals the rules' TER on salary plus taxable employer premiums."""
        setup(office)
        slip = office.payroll.preview("2026-01", RULES).payslips[0]
        expected = RULES.monthly_withholding(slip.taxable_gross, "K/1", date(2026, 1, 31)).tax
        bpjs = RULES.bpjs(rp(10_000_000), date(2026, 1, 31))
        assert slip.taxable_gross == rp(10_500_000) + bpjs.taxable_premiums
        assert slip.tax == expected

    def test_joiner_is_prorated_by_calendar_days(self, office: BackOffice) -> None:
        """An employee joining on 15 January is paid 17/31 of the basic salary."""
        setup(office)
        from payroll_helpers import employee

        office.payroll.employees.hire(employee("E003", 6_200_000, joined=date(2026, 1, 15)))
        slip = office.payroll.preview("2026-01", RULES).payslips[2]
        assert (slip.days_paid, slip.days_in_period) == (17, 31)
        assert slip.amount_of("basic") == rp(3_400_000)

    def test_mid_month_raise_is_split_by_days(self, office: BackOffice) -> None:
        """A raise from the 16th pays 15 days at the old and 16 at the new salary."""
        setup(office)
        office.payroll.employees.change_pay(
            "E001", "basic", rp(12_000_000), effective=date(2026, 1, 16)
        )
        slip = office.payroll.preview("2026-01", RULES).payslips[0]
        expected = (Decimal(10_000_000 * 15) + Decimal(12_000_000 * 16)) / 31
        assert slip.amount_of("basic") == rp(expected).round(Rounding.HALF_UP)
        feb = office.payroll.preview("2026-02", RULES).payslips[0]
        assert feb.amount_of("basic") == rp(12_000_000)

    def test_unpaid_leave_reduces_recurring_pay(self, office: BackOffice) -> None:
        """Three days of unpaid leave in a 31-day month pay 28/31 of the basic salary."""
        setup(office)
        inputs = RunInputs(employees={"E002": EmployeeInput(unpaid_leave_days=3)})
        slip = office.payroll.preview("2026-01", RULES, inputs=inputs).payslips[1]
        assert slip.amount_of("basic") == rp(Decimal(6_000_000 * 28) / 31).round(
            RULES.bpjs_rounding
        )

    def test_overtime_is_paid_from_hours(self, office: BackOffice) -> None:
        """Two workday hours pay what the overtime rule gives on the monthly wage."""
        setup(office)
        inputs = RunInputs(employees={"E001": EmployeeInput(overtime=(Overtime(hours="2"),))})
        slip = office.payroll.preview("2026-01", RULES, inputs=inputs).payslips[0]
        assert slip.amount_of("overtime") == RULES.overtime(rp(10_000_000), 2).amount

    def test_thr_is_paid_in_its_month(self, office: BackOffice) -> None:
        """With the holiday allowance on, each employee gets the THR of the rules."""
        setup(office)
        inputs = RunInputs(holiday_allowance=True)
        slip = office.payroll.preview("2026-03", RULES, inputs=inputs).payslips[0]
        expected = RULES.thr(rp(10_000_000), date(2024, 1, 1), date(2026, 3, 31)).amount
        assert slip.amount_of("thr") == expected == rp(10_000_000)

    def test_recalculating_a_draft_is_deterministic(self, office: BackOffice) -> None:
        """Calculating twice gives payslips with the same content."""
        setup(office)
        first = office.payroll.calculate("2026-01", RULES)
        slips1 = office.payroll.payslips(first.id)
        second = office.payroll.calculate("2026-01", RULES)
        slips2 = office.payroll.payslips(second.id)
        assert second.calculation == first.calculation + 1
        strip = {"key", "calculation", "calc_key"}
        assert [s.model_dump(exclude=strip) for s in slips1] == [
            s.model_dump(exclude=strip) for s in slips2
        ]

    def test_draft_keeps_the_inputs_for_calculation(self, office: BackOffice) -> None:
        """A draft's stored inputs are used when calculate gets none."""
        setup(office)
        inputs = RunInputs(employees={"E001": EmployeeInput(one_off={"bonus": rp(750_000)})})
        draft = office.payroll.draft("2026-01", inputs=inputs)
        run = office.payroll.calculate("2026-01", RULES)
        assert draft.status is RunStatus.DRAFT
        assert run.inputs_digest == inputs.digest()
        assert office.payroll.payslip(run.id, "E001").amount_of("bonus") == rp(750_000)

    def test_failing_employee_writes_nothing(self, office: BackOffice) -> None:
        """A bad tax status fails the run, naming the employee; no run is stored."""
        setup(office)
        office.payroll.employees.change_status("E002", effective=date(2026, 1, 1), tax_status="X/9")
        with pytest.raises(PayrollCalculationError, match="E002"):
            office.payroll.calculate("2026-01", RULES)
        assert office.payroll.runs() == []

    def test_inputs_for_an_unknown_employee_are_refused(self, office: BackOffice) -> None:
        """Inputs naming an employee who is not paid that month fail the run by name."""
        setup(office)
        inputs = RunInputs(employees={"E404": EmployeeInput(unpaid_leave_days=1)})
        with pytest.raises(PayrollCalculationError, match="E404"):
            office.payroll.calculate("2026-01", RULES, inputs=inputs)
        assert office.payroll.runs() == []

    def test_negative_one_off_names_the_component(self, office: BackOffice) -> None:
        """A negative one-off amount names the employee and the component."""
        setup(office)
        inputs = RunInputs(employees={"E001": EmployeeInput(one_off={"bonus": rp(-5)})})
        with pytest.raises(PayrollCalculationError, match=r"E001.*'bonus'"):
            office.payroll.calculate("2026-01", RULES, inputs=inputs)

    def test_preview_keeps_the_other_employees(self, office: BackOffice) -> None:
        """A preview lists the failing employee and still shows the others' payslips."""
        setup(office)
        office.payroll.employees.change_status("E002", effective=date(2026, 1, 1), tax_status="X/9")
        preview = office.payroll.preview("2026-01", RULES)
        assert [s.employee for s in preview.payslips] == ["E001"]
        assert len(preview.problems) == 1
        assert "E002" in preview.problems[0]


class TestApproval:
    def test_preparer_cannot_approve(self, office: BackOffice) -> None:
        """Maker-checker: the actor who calculated the run may not approve it."""
        setup(office)
        run = office.payroll.calculate("2026-01", RULES)
        with pytest.raises(PermissionDeniedError, match="rina"):
            office.payroll.approve(run.id, accounts=ACCOUNTS)
        assert office.payroll.run(run.id).status is RunStatus.CALCULATED
        assert office.ledger.entries() == []

    def test_approval_posts_one_balanced_entry(self, office: BackOffice) -> None:
        """Approving posts one entry whose debits equal gross plus employer cost."""
        setup(office)
        run = office.payroll.calculate("2026-01", RULES)
        posted = checker(office).payroll.approve(run.id, accounts=ACCOUNTS)
        (entry,) = office.ledger.entries()
        debit = sum((ln.amount for ln in entry.lines if ln.side is Side.DEBIT), rp(0))
        credit = sum((ln.amount for ln in entry.lines if ln.side is Side.CREDIT), rp(0))
        assert posted.status is RunStatus.POSTED
        assert posted.journal_entry == entry.id
        assert debit == credit == run.gross + run.employer_cost
        net = [ln.amount for ln in entry.lines if ln.account == "2120"]
        tax = [ln.amount for ln in entry.lines if ln.account == "2141"]
        assert (net, tax) == ([run.net], [run.tax])

    def test_bpjs_payables_are_per_programme(self, office: BackOffice) -> None:
        """Each BPJS programme has its own payable line tagged with the programme."""
        setup(office)
        run = office.payroll.calculate("2026-01", RULES)
        checker(office).payroll.approve(run.id, accounts=ACCOUNTS)
        (entry,) = office.ledger.entries()
        programmes = {
            ln.dimensions.get("program") for ln in entry.lines if ln.account in {"2151", "2152"}
        }
        assert programmes == {"KESEHATAN", "JHT", "JP", "JKK", "JKM"}

    def test_expense_is_split_by_department(self, office: BackOffice) -> None:
        """Salary expense lines carry the department and cost centre dimensions."""
        setup(office)
        run = office.payroll.calculate("2026-01", RULES)
        checker(office).payroll.approve(run.id, accounts=ACCOUNTS)
        (entry,) = office.ledger.entries()
        salary = {
            ln.dimensions["department"]: ln.amount for ln in entry.lines if ln.account == "6210"
        }
        slips = {s.department: s.gross for s in office.payroll.payslips(run.id)}
        assert salary == slips

    def test_unknown_account_rolls_back_the_approval(self, office: BackOffice) -> None:
        """When the ledger refuses the entry, the run stays calculated."""
        setup(office)
        run = office.payroll.calculate("2026-01", RULES)
        bad = ACCOUNTS.model_copy(update={"net_pay_payable": "2999"})
        with pytest.raises(UnknownAccountError, match="2999"):
            checker(office).payroll.approve(run.id, accounts=bad)
        assert office.payroll.run(run.id).status is RunStatus.CALCULATED
        assert office.ledger.entries() == []

    def test_paying_posts_the_settlement(self, office: BackOffice) -> None:
        """Paying debits net pay payable and credits the bank with the run's net."""
        setup(office)
        run = office.payroll.calculate("2026-01", RULES)
        checker(office).payroll.approve(run.id, accounts=ACCOUNTS)
        paid = checker(office).payroll.pay(run.id, on=date(2026, 1, 28), accounts=ACCOUNTS)
        settlement = office.ledger.entries()[-1]
        assert paid.status is RunStatus.PAID
        assert paid.settlement_entry == settlement.id
        assert {(ln.side, ln.account, ln.amount) for ln in settlement.lines} == {
            (Side.DEBIT, "2120", run.net),
            (Side.CREDIT, "1121", run.net),
        }

    def test_paying_a_calculated_run_is_refused(self, office: BackOffice) -> None:
        """A run that is not posted cannot be paid."""
        setup(office)
        run = office.payroll.calculate("2026-01", RULES)
        with pytest.raises(RunStateError, match="calculated"):
            office.payroll.pay(run.id, on=date(2026, 1, 28), accounts=ACCOUNTS)

    def test_approved_run_cannot_be_recalculated(self, office: BackOffice) -> None:
        """An approved month refuses a new calculation and names the correction path."""
        setup(office)
        run = office.payroll.calculate("2026-01", RULES)
        checker(office).payroll.approve(run.id, accounts=ACCOUNTS)
        with pytest.raises(RunStateError, match="correct"):
            office.payroll.calculate("2026-01", RULES)
        assert office.payroll.run(run.id).calculation == 1


class TestCorrections:
    def test_correction_holds_the_difference(self, office: BackOffice) -> None:
        """A back-dated raise gives an off-cycle payslip with only the differences."""
        setup(office)
        run = office.payroll.calculate("2026-01", RULES)
        checker(office).payroll.approve(run.id, accounts=ACCOUNTS)
        office.payroll.employees.change_pay(
            "E002", "basic", rp(6_500_000), effective=date(2026, 1, 1)
        )
        fix = office.payroll.correct(run.id, RULES)
        (slip,) = office.payroll.payslips(fix.id)
        assert (fix.id, fix.corrects, slip.employee, slip.off_cycle) == (
            "2026-01-C1",
            "2026-01",
            "E002",
            True,
        )
        assert slip.amount_of("basic") == rp(500_000)
        assert slip.amount_of("meal") == rp(25_000)
        assert sum((ln.amount for ln in slip.lines_of(LineKind.EARNING)), rp(0)) == slip.gross

    def test_correction_posts_the_difference(self, office: BackOffice) -> None:
        """Approving the correction posts an entry for the difference only."""
        setup(office)
        run = office.payroll.calculate("2026-01", RULES)
        checker(office).payroll.approve(run.id, accounts=ACCOUNTS)
        office.payroll.employees.change_pay(
            "E002", "basic", rp(6_500_000), effective=date(2026, 1, 1)
        )
        fix = office.payroll.correct(run.id, RULES)
        checker(office).payroll.approve(fix.id, accounts=ACCOUNTS)
        entry = office.ledger.entries()[-1]
        net = [ln.amount for ln in entry.lines if ln.account == "2120"]
        assert net == [fix.net]
        assert fix.net.amount > 0

    def test_correcting_an_unapproved_run_is_refused(self, office: BackOffice) -> None:
        """Only an approved run takes a correction."""
        setup(office)
        run = office.payroll.calculate("2026-01", RULES)
        with pytest.raises(RunStateError, match="calculated"):
            office.payroll.correct(run.id, RULES)


class TestPostingDate:
    def test_approval_can_post_on_the_pay_date(self, office: BackOffice) -> None:
        """approve(on=...) dates the payroll entry; without it, the month's last day."""
        setup(office)
        run = office.payroll.calculate("2026-01", RULES)
        posted = checker(office).payroll.approve(run.id, accounts=ACCOUNTS, on=date(2026, 1, 28))
        assert posted.journal_entry is not None
        assert office.ledger.entry(posted.journal_entry).date == date(2026, 1, 28)
        second = office.payroll.calculate("2026-02", RULES)
        later = checker(office).payroll.approve(second.id, accounts=ACCOUNTS)
        assert later.journal_entry is not None
        assert office.ledger.entry(later.journal_entry).date == date(2026, 2, 28)


class TestAuditAndPeriods:
    def test_run_life_is_audited_and_the_chain_verifies(self, office: BackOffice) -> None:
        """Calculating, approving, posting and paying are audited; verify() passes."""
        setup(office)
        run = office.payroll.calculate("2026-01", RULES)
        checker(office).payroll.approve(run.id, accounts=ACCOUNTS)
        checker(office).payroll.pay(run.id, on=date(2026, 1, 31), accounts=ACCOUNTS)
        actions = [(r.action, r.actor) for r in office.audit.records() if r.subject == run.id]
        assert actions == [
            ("payroll.run.added", "rina"),
            ("payroll.run.calculated", "rina"),
            ("payroll.run.approved", "hr.manager"),
            ("payroll.run.posted", "hr.manager"),
            ("payroll.run.paid", "hr.manager"),
        ]
        assert office.audit.verify()

    def test_closed_period_refuses_approval(self, office: BackOffice) -> None:
        """Approving into a closed ledger month raises and leaves the run calculated."""
        setup(office)
        run = office.payroll.calculate("2026-01", RULES)
        office.ledger.close_period("2026-01")
        with pytest.raises(PeriodClosedError):
            checker(office).payroll.approve(run.id, accounts=ACCOUNTS)
        assert office.payroll.run(run.id).status is RunStatus.CALCULATED
        assert office.ledger.entries() == []
