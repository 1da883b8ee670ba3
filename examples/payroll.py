"""A year of payroll at PT Maju Jaya: hire, pay monthly, a raise, a leaver, December.

Four employees in two departments; January with overtime, a bonus and a joiner;
a raise from April; THR in March (before Idulfitri 2026); a leaver in August; the
December reconciliation. Each month is calculated by the payroll clerk, approved by
the HR manager (which posts the journal) and paid. It prints January's payslip in
Bahasa Indonesia, December's with the year-end tax calculation, the December run
summary and the trial balance's payroll accounts.
Run with ``.venv/bin/python examples/payroll.py [sqlite:///payroll.db]``.
"""

from __future__ import annotations

import sys
from datetime import date

from backoffice_core import BackOffice, Money
from backoffice_core.jurisdictions import indonesia
from backoffice_core.payroll import (
    Assignment,
    ComponentKind,
    Employee,
    EmployeeInput,
    Overtime,
    PayComponent,
    RunInputs,
    ref,
)

PAYROLL_ACCOUNTS = {"6210", "6220", "6230", "2120", "2141", "2151", "2152", "1121"}


def rp(amount: int) -> Money:
    return Money(amount, "IDR")


COMPONENTS = [
    PayComponent(code="basic", name="Basic salary", name_id="Gaji pokok",
                 kind=ComponentKind.EARNING, social_security_base=True),
    PayComponent(code="position", name="Position allowance", name_id="Tunjangan jabatan",
                 kind=ComponentKind.EARNING, social_security_base=True),
    PayComponent(code="transport", name="Transport allowance", name_id="Tunjangan transport",
                 kind=ComponentKind.EARNING, formula=ref("basic") * "0.04"),
    PayComponent(code="bonus", name="Bonus", name_id="Bonus", kind=ComponentKind.EARNING,
                 recurring=False),
]  # fmt: skip


def employee(
    emp_id: str, name: str, status: str, basic: int, department: str, joined: date
) -> Employee:
    parts = [
        Assignment(component="basic", amount=rp(basic), effective_from=joined),
        Assignment(component="transport", effective_from=joined),
    ]
    if basic >= 15_000_000:
        parts.append(Assignment(component="position", amount=rp(2_500_000), effective_from=joined))
    return Employee(
        id=emp_id, name=name, tax_status=status, joined=joined, department=department,
        cost_centre=f"CC-{department[:3].upper()}", nik=f"31710123456700{emp_id[-2:]}",
        npwp=f"09123456789010{emp_id[-2:]}", bank_account=f"12345678{emp_id[-2:]}",
        components=tuple(parts),
    )  # fmt: skip


STAFF = [
    employee("MJ-01", "Budi Santoso", "K/2", 18_000_000, "Operasional", date(2021, 3, 1)),
    employee("MJ-02", "Sari Wulandari", "TK/0", 9_000_000, "Penjualan", date(2023, 7, 1)),
    employee("MJ-03", "Dewi Lestari", "K/0", 11_000_000, "Penjualan", date(2024, 2, 1)),
    employee("MJ-04", "Andi Pratama", "TK/1", 7_500_000, "Operasional", date(2026, 1, 12)),
]


def inputs_for(month: int) -> RunInputs:
    if month == 1:
        return RunInputs(
            employees={
                "MJ-01": EmployeeInput(overtime=(Overtime(hours="3"), Overtime(hours="2"))),
                "MJ-02": EmployeeInput(one_off={"bonus": rp(2_000_000)}),
            }
        )
    return RunInputs(holiday_allowance=month == 3)


def main(url: str = "memory://") -> None:
    rules = indonesia.payroll_rules()
    accounts = indonesia.payroll_accounts()
    with BackOffice.open(url, entity="PT Maju Jaya (payroll example)", actor="clerk") as office:
        office.ledger.load_chart(indonesia.chart_of_accounts())
        office.payroll.define_components(COMPONENTS)
        office.payroll.employees.hire(STAFF)
        manager = office.as_actor("hr.manager").payroll
        for month in range(1, 13):
            if month == 4:
                office.payroll.employees.change_pay(
                    "MJ-02", "basic", rp(10_000_000), effective=date(2026, 4, 1)
                )
            if month == 8:
                office.payroll.employees.leave("MJ-03", on=date(2026, 8, 14))
            run = office.payroll.calculate(f"2026-{month:02d}", rules, inputs=inputs_for(month))
            manager.approve(run.id, accounts=accounts)
            manager.pay(run.id, on=date(2026, month, 25), accounts=accounts)
        print(office.payroll.payslip("2026-01", "MJ-01").render("id_ID"))
        print(office.payroll.payslip("2026-08", "MJ-03").render("en_US"))
        print(office.payroll.payslip("2026-12", "MJ-01").render("id_ID"))  # year-end figures
        print(office.payroll.summary("2026-12").render("id_ID"))
        tb = office.ledger.trial_balance(as_of=date(2026, 12, 31))
        for row in tb.rows:
            if row["account"] in PAYROLL_ACCOUNTS:
                print(row["account"], row["name"], row.get("debit"), row.get("credit"))


if __name__ == "__main__":
    main(*sys.argv[1:])
