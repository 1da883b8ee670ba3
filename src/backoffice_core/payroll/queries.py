"""Reads the payroll service shares: every record of a filter, runs, closed payslips.

Every read here goes through the record store's ``find`` in pages of
:data:`PAGE_SIZE`, so a register of 100,000 employees is read in a few dozen
queries, never one query per employee. The readers that a run needs for one chunk of
employees at a time (:func:`earlier_months`, :func:`month_paid`) take the chunk's
first and last employee id, so their memory is bounded by the chunk, not the register.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict

from backoffice_core.errors import BackofficeError, InvalidInputError, NotFoundError
from backoffice_core.money import Money
from backoffice_core.payroll.models import PayrollRun, Payslip, RunStatus
from backoffice_core.payroll.ports import PAYSLIP
from backoffice_core.payroll.rules import EarlierMonth
from backoffice_core.periods import Month
from backoffice_core.records import Kind, OneOf, Prefix, Range, Records, Where

__all__ = [
    "CLOSED",
    "PAGE_SIZE",
    "PAYSLIP_SUMS",
    "PayslipSums",
    "closed_slips",
    "earlier_months",
    "month_paid",
    "pages",
    "parse_month",
    "read_all",
    "read_run",
    "year_slips",
]

PAGE_SIZE = 1000
"""Records per page read, and employees per chunk a run computes and stores at once."""

CLOSED = (RunStatus.APPROVED, RunStatus.POSTED, RunStatus.PAID)
"""The states of a run that can no longer change."""


class PayslipSums(BaseModel):
    """The sums of a stored payslip that an annual reconciliation needs, nothing more.

    Loading a whole payslip validates its twenty lines; the earlier months of a tax
    year only need these figures, so :data:`PAYSLIP_SUMS` loads them alone.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")
    key: str
    run: str
    calc_key: str
    employee: str
    month: str
    department: str
    gross: Money
    tax: Money
    employer_cost: Money
    net: Money
    taxable_gross: Money
    tax_deductible: Money


PAYSLIP_SUMS: Kind[PayslipSums] = Kind(
    PAYSLIP.name,
    PayslipSums,
    key=lambda p: p.key,
    indexed=PAYSLIP.indexed,
    totals=PAYSLIP.totals,
    append_only=True,
    version=PAYSLIP.version,
)
"""A read-only view of the payslip records (same name and layout), for reading sums.

Nothing is ever written through it; a layout that drifted from :data:`.ports.PAYSLIP`
would be refused by the store as a migration error.
"""


def parse_month(value: str | Month) -> Month:
    """Return ``value`` as a :class:`~backoffice_core.periods.Month`.

    Raises:
        InvalidInputError: If it is not a ``YYYY-MM`` month.
    """
    if isinstance(value, Month):
        return value
    try:
        return Month.parse(str(value))
    except (BackofficeError, ValueError):
        raise InvalidInputError(f"pay month {value!r} is not a month: use 'YYYY-MM'") from None


def pages(
    store: Records[Any], where: Where, order: tuple[str, ...] = ("key",), size: int = PAGE_SIZE
) -> Iterator[list[Any]]:
    """Yield the records matching ``where`` one page (a list of records) at a time."""
    cursor = None
    while True:
        page = store.find(where, order_by=order, limit=size, cursor=cursor)
        yield [item.record for item in page.items]
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def read_all(store: Records[Any], where: Where, order: tuple[str, ...] = ("key",)) -> list[Any]:
    """Return every record matching ``where``, read page by page."""
    return [record for page in pages(store, where, order) for record in page]


def read_run(runs: Records[PayrollRun], run_id: str) -> PayrollRun:
    """Return the run ``run_id``.

    Raises:
        NotFoundError: If there is no such run.
    """
    found = runs.get(run_id)
    if found is None:
        raise NotFoundError(f"payroll run {run_id!r} does not exist: calculate it first")
    return found.record


def closed_slips(
    runs: Records[PayrollRun], slips: Records[Any], where: Where, employees: object = None
) -> list[Any]:
    """Return the payslips of the current calculation of the closed runs matching ``where``.

    Args:
        runs: The run store.
        slips: The payslip store.
        where: A filter on the runs (``{"month": ...}``).
        employees: A filter on the payslips' ``employee`` field (a chunk's id range).
    """
    found = read_all(runs, {**where, "status": OneOf(*CLOSED)})
    if not found:
        return []
    query: dict[str, Any] = {"calc_key": OneOf(*(f"{r.id}/{r.calculation}" for r in found))}
    if employees is not None:
        query["employee"] = employees
    return read_all(slips, query)


def earlier_months(
    runs: Records[PayrollRun], sums: Records[PayslipSums], m: Month, first: str, last: str
) -> dict[str, tuple[EarlierMonth, ...]]:
    """Return each employee's earlier months of ``m``'s tax year from closed runs.

    Only the employees whose ids lie between ``first`` and ``last`` (a chunk) are read,
    through the :data:`PAYSLIP_SUMS` view; each month sums the month's regular run and
    its corrections.
    """
    if m.month == 1:
        return {}
    found = closed_slips(runs, sums, {"month": Prefix(f"{m.year}-")}, Range(first, last))
    by_employee: dict[str, dict[int, list[Money]]] = defaultdict(dict)
    for slip in found:
        number = int(slip.month[5:])
        if number >= m.month:
            continue
        current = by_employee[slip.employee].get(number)
        values = [slip.taxable_gross, slip.tax, slip.tax_deductible]
        by_employee[slip.employee][number] = (
            values if current is None else [a + b for a, b in zip(current, values, strict=True)]
        )
    return {
        employee: tuple(EarlierMonth(n, *months[n]) for n in sorted(months))
        for employee, months in by_employee.items()
    }


def month_paid(
    runs: Records[PayrollRun], slips: Records[Payslip], m: Month, first: str, last: str
) -> dict[str, list[Payslip]]:
    """Return what the closed runs of ``m`` paid each employee of a chunk (their payslips)."""
    paid: dict[str, list[Payslip]] = defaultdict(list)
    for slip in closed_slips(runs, slips, {"month": str(m)}, Range(first, last)):
        paid[slip.employee].append(slip)
    return paid


def year_slips(
    runs: Records[PayrollRun], slips: Records[Payslip], employee_id: str, year: int
) -> list[Payslip]:
    """Return an employee's payslips of closed runs in ``year``, by run."""
    found = closed_slips(runs, slips, {"month": Prefix(f"{year:04d}-")}, employee_id)
    return sorted(found, key=lambda s: s.run)
