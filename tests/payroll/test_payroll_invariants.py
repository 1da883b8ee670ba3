"""Invariants checked with Hypothesis: payslip lines sum to totals; the entry balances."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from payroll_helpers import ACCOUNTS, COMPONENTS, RULES, employee, rp

from backoffice_core.ledger import Side
from backoffice_core.money import Money
from backoffice_core.payroll import (
    Assignment,
    EmployeeInput,
    LineKind,
    Payslip,
    Proration,
    journal_lines,
    summarize,
)
from backoffice_core.payroll.calculation import PayslipJob, calculate_payslip
from backoffice_core.periods import Month

JOB = PayslipJob(
    "2026-05",
    1,
    Month(2026, 5),
    RULES,
    {c.code: c for c in COMPONENTS},
    {},
    Proration.CALENDAR_DAYS,
    False,
)

salaries = st.integers(min_value=1_000_000, max_value=500_000_000)
days = st.integers(min_value=1, max_value=15)


def build(index: int, basic: int, joined_day: int, leave: int, loan: int, bonus: int) -> Payslip:
    """Calculate one generated employee's May payslip."""
    person = employee(
        f"E{index}",
        basic,
        joined=date(2026, 5, joined_day),
        department="Sales" if index % 2 else "Ops",
        extra=(Assignment(component="pension", effective_from=date(2026, 1, 1)),),
    )
    employed = 31 - joined_day + 1
    # at least ten paid days, so pay covers the monthly BPJS shares and the loan
    inputs = EmployeeInput(
        unpaid_leave_days=min(leave, employed - 10),
        one_off={"loan": rp(min(loan, basic // 10)), "bonus": rp(bonus)},
    )
    slip = calculate_payslip(person, JOB, inputs, ())
    assert slip is not None
    return slip


def total(slip: Payslip, *kinds: LineKind) -> Money:
    """Sum the payslip's lines of ``kinds``."""
    return Money.sum((ln.amount for ln in slip.lines_of(*kinds)), "IDR")


people = st.lists(
    st.tuples(
        salaries, days, st.integers(0, 31), st.integers(0, 50_000_000), st.integers(0, 10**8)
    ),
    min_size=1,
    max_size=6,
)


class TestInvariants:
    @given(people)
    def test_payslip_lines_sum_to_the_totals(
        self, data: list[tuple[int, int, int, int, int]]
    ) -> None:
        """Gross, deductions, employer cost and net are exactly the sums of the lines."""
        for i, args in enumerate(data):
            slip = build(i, *args)
            assert slip.gross == total(slip, LineKind.EARNING)
            assert slip.deductions == total(
                slip, LineKind.DEDUCTION, LineKind.SOCIAL_SECURITY, LineKind.TAX
            )
            assert slip.employer_cost == total(
                slip, LineKind.EMPLOYER_CONTRIBUTION, LineKind.EMPLOYER_SOCIAL_SECURITY
            )
            assert slip.net == slip.gross - slip.deductions
            assert all(ln.amount.is_rounded() for ln in slip.lines)

    @given(people)
    def test_journal_balances_and_equals_the_run(
        self, data: list[tuple[int, int, int, int, int]]
    ) -> None:
        """The entry balances, its debits are gross plus employer cost, and net is credited."""
        slips = [build(i, *args) for i, args in enumerate(data)]
        lines = journal_lines(summarize(slips), ACCOUNTS, "IDR")
        debit = sum((ln.amount.amount for ln in lines if ln.side is Side.DEBIT), Decimal(0))
        credit = sum((ln.amount.amount for ln in lines if ln.side is Side.CREDIT), Decimal(0))
        gross = sum((s.gross.amount + s.employer_cost.amount for s in slips), Decimal(0))
        net = sum((s.net.amount for s in slips), Decimal(0))
        assert debit == credit == gross
        assert sum((ln.amount.amount for ln in lines if ln.account == "2120"), Decimal(0)) == net
