"""Shared setup of the payroll tests: a small PT with components and employees."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from backoffice_core import BackOffice, Money
from backoffice_core.jurisdictions import indonesia
from backoffice_core.payroll import (
    Assignment,
    ComponentKind,
    Employee,
    PayComponent,
    ref,
)

RULES = indonesia.payroll_rules()
ACCOUNTS = indonesia.payroll_accounts()


def rp(value: int | str | Decimal) -> Money:
    """Return rupiah."""
    return Money(value, "IDR")


COMPONENTS = [
    PayComponent(
        code="basic",
        name="Basic salary",
        name_id="Gaji pokok",
        kind=ComponentKind.EARNING,
        social_security_base=True,
    ),
    PayComponent(
        code="meal",
        name="Meal allowance",
        name_id="Tunjangan makan",
        kind=ComponentKind.EARNING,
        formula=ref("basic") * "0.05",
    ),
    PayComponent(
        code="loan",
        name="Loan repayment",
        name_id="Cicilan pinjaman",
        kind=ComponentKind.DEDUCTION,
        taxable=False,
        recurring=False,
    ),
    PayComponent(code="bonus", name="Bonus", kind=ComponentKind.EARNING, recurring=False),
    PayComponent(
        code="pension",
        name="Private pension",
        kind=ComponentKind.EMPLOYER_CONTRIBUTION,
        taxable=False,
        formula=ref("basic") * "0.02",
    ),
]


def employee(
    emp_id: str,
    basic: int,
    *,
    joined: date = date(2024, 1, 1),
    status: str = "TK/0",
    department: str = "Sales",
    extra: tuple[Assignment, ...] = (),
) -> Employee:
    """Return an employee with a basic salary (and the meal allowance formula)."""
    return Employee(
        id=emp_id,
        name=f"Employee {emp_id}",
        nik="3171234567890001",
        npwp="0123456789012345",
        tax_status=status,
        joined=joined,
        department=department,
        cost_centre="CC-" + department,
        bank_account="1234567890",
        components=(
            Assignment(component="basic", amount=rp(basic), effective_from=joined),
            Assignment(component="meal", effective_from=joined),
            *extra,
        ),
    )


def setup(office: BackOffice) -> None:
    """Load the Indonesian chart, define the components and hire two employees."""
    office.ledger.load_chart(indonesia.chart_of_accounts())
    office.payroll.define_components(COMPONENTS)
    office.payroll.employees.hire(
        [employee("E001", 10_000_000, status="K/1"), employee("E002", 6_000_000, department="Ops")]
    )
