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

from backoffice_core.errors import BackofficeError, InvalidInputError, NotFoundError
from backoffice_core.money import Money
from backoffice_core.payroll.models import PayrollRun, Payslip, RunStatus
from backoffice_core.payroll.rules import EarlierMonth
from backoffice_core.periods import Month
from backoffice_core.records import OneOf, Prefix, Range, Records, Where

__all__ = [
    "CLOSED",
    "PAGE_SIZE",
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
    runs: Records[PayrollRun], slips: Records[Payslip], where: Where, employees: object = None
) -> list[Payslip]:
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
    runs: Records[PayrollRun], slips: Records[Payslip], m: Month, first: str, last: str
) -> dict[str, tuple[EarlierMonth, ...]]:
    """Return each employee's earlier months of ``m``'s tax year from closed runs.

    Only the employees whose ids lie between ``first`` and ``last`` (a chunk) are read;
    each month sums the month's regular run and its corrections.
    """
    if m.month == 1:
        return {}
    found = closed_slips(runs, slips, {"month": Prefix(f"{m.year}-")}, Range(first, last))
    sums: dict[str, dict[int, list[Money]]] = defaultdict(dict)
    for slip in found:
        number = int(slip.month[5:])
        if number >= m.month:
            continue
        current = sums[slip.employee].get(number)
        values = [slip.taxable_gross, slip.tax, slip.tax_deductible]
        sums[slip.employee][number] = (
            values if current is None else [a + b for a, b in zip(current, values, strict=True)]
        )
    return {
        employee: tuple(EarlierMonth(n, *months[n]) for n in sorted(months))
        for employee, months in sums.items()
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
