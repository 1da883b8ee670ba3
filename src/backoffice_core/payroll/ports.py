"""The record kinds of the payroll domain, stored through the generic record store."""

from __future__ import annotations

from backoffice_core.payroll.models import (
    Employee,
    EmployeeEvent,
    PayComponent,
    PayrollRun,
    Payslip,
)
from backoffice_core.records import Kind, Rollup

__all__ = ["COMPONENT", "EMPLOYEE", "EVENT", "PAYSLIP", "RUN"]

EMPLOYEE: Kind[Employee] = Kind(
    "payroll.employee",
    Employee,
    key=lambda e: e.id,
    indexed=("department", "cost_centre", "status", "joined", "left"),
)
"""Employees, keyed by employee id."""

COMPONENT: Kind[PayComponent] = Kind(
    "payroll.component", PayComponent, key=lambda c: c.code, indexed=("kind",)
)
"""Pay components, keyed by code."""

EVENT: Kind[EmployeeEvent] = Kind(
    "payroll.event",
    EmployeeEvent,
    key=lambda e: e.id,
    indexed=("employee", "type", "on"),
    append_only=True,
)
"""Dated employee events (joined, pay changed, status changed, left)."""

RUN: Kind[PayrollRun] = Kind(
    "payroll.run",
    PayrollRun,
    key=lambda r: r.id,
    indexed=("month", "status", "corrects"),
    totals=("gross", "tax", "employer_cost", "net"),
)
"""Payroll runs, keyed by ``YYYY-MM`` (regular) or ``YYYY-MM-C<n>`` (correction)."""

PAYSLIP: Kind[Payslip] = Kind(
    "payroll.payslip",
    Payslip,
    key=lambda p: p.key,
    indexed=("run", "calc_key", "employee", "month", "department"),
    totals=(
        "gross",
        "tax",
        "employer_cost",
        "net",
        "taxable_gross",
        "tax_deductible",
        "month_count",
    ),
    append_only=True,
    # The last period's year-to-date sums per employee, read from one covering index.
    rollups=(Rollup(by=("employee",), where=("calc_key",)),),
)
"""Payslips, one set per calculation of a run (earlier calculations stay as history).

Besides the pay totals, the store sums each payslip's taxable gross, tax-deductible
contributions and month count: with its tax, they are what a last-period
reconciliation reads of the earlier months (:func:`~.queries.earlier_months`, one
``totals`` query per chunk).
"""
