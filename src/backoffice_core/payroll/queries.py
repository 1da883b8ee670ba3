"""Reads the payroll service shares: every record of a filter, runs, closed payslips.

Every record read here goes through the record store's ``find`` in pages of
:data:`PAGE_SIZE`, so a register of 100,000 employees is read in a few dozen
queries, never one query per employee; the earlier months of a tax year are not read
as records at all but summed by the store (``totals``). The readers that a run needs
for one chunk of employees at a time (:func:`year_to_date`, :func:`earlier_months`,
:func:`month_paid`) take a filter on the chunk's employee ids, so their memory is
bounded by the chunk, not the register.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from backoffice_core.errors import BackofficeError, InvalidInputError, NotFoundError
from backoffice_core.money import Money
from backoffice_core.payroll.models import PayrollRun, Payslip, RunStatus
from backoffice_core.payroll.rules import EarlierMonth, YearToDate
from backoffice_core.periods import Month
from backoffice_core.records import OneOf, Prefix, Range, Records, Where

__all__ = [
    "CLOSED",
    "PAGE_SIZE",
    "closed_keys",
    "closed_slips",
    "earlier_months",
    "month_paid",
    "pages",
    "parse_month",
    "read_all",
    "read_run",
    "year_before",
    "year_slips",
    "year_to_date",
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


def closed_keys(runs: Records[PayrollRun], where: Where) -> list[str]:
    """Return the calc keys (``<run>/<calculation>``) of the closed runs matching ``where``.

    Only a run's current calculation counts: its earlier ones stay stored as history.
    """
    return [f"{r.id}/{r.calculation}" for r in read_all(runs, {**where, "status": OneOf(*CLOSED)})]


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
    keys = closed_keys(runs, where)
    if not keys:
        return []
    query: dict[str, Any] = {"calc_key": OneOf(*keys)}
    if employees is not None:
        query["employee"] = employees
    return read_all(slips, query)


def year_before(m: Month) -> Where:
    """Return the filter on runs of the months of ``m``'s tax year before ``m``."""
    return {"month": Range(f"{m.year:04d}-01", f"{m.year:04d}-{max(m.month - 1, 0):02d}")}


def year_to_date(
    slips: Records[Payslip], keys: list[str], employees: object
) -> dict[str, YearToDate]:
    """Return each employee's earlier months of the tax year from closed runs, summed.

    ``keys`` are the :func:`closed_keys` of the runs of the earlier months
    (:func:`year_before`): only the current calculation of each closed run counts, and
    a month's corrections add to its regular run. Only the employees that
    ``employees`` selects (a filter on the payslips' ``employee``: a chunk's id range,
    or its employees in their last period) are read, and no payslip is loaded: the
    payslip store sums their taxable gross, tax, tax-deductible contributions and
    month counts per employee in one ``totals`` query (one SQL ``GROUP BY``).
    """
    if not keys:
        return {}
    where = {"calc_key": OneOf(*keys), "employee": employees}
    found: dict[str, YearToDate] = {}
    for row in slips.totals(by=("employee",), where=where):
        sums, employee = row.sums, row.group["employee"]
        item = YearToDate(
            sums["month_count"], sums["taxable_gross"], sums["tax"], sums["tax_deductible"]
        )
        before = found.get(employee)
        # a second row only when the payslips mix currencies, which adding refuses
        found[employee] = item if before is None else _add(before, item)
    return found


def _add(a: YearToDate, b: YearToDate) -> YearToDate:
    return YearToDate(
        a.months + b.months,
        a.taxable_gross + b.taxable_gross,
        a.tax + b.tax,
        a.deductible + b.deductible,
    )


def earlier_months(
    slips: Records[Payslip], keys: list[str], employees: object
) -> dict[str, tuple[EarlierMonth, ...]]:
    """Return each employee's earlier months of the tax year from closed runs, one by one.

    As :func:`year_to_date` (same ``keys``, one ``totals`` query per chunk), grouped by
    employee and month: for rules whose ``monthly_history`` is True. A month counts
    when any of its closed runs paid the employee.
    """
    if not keys:
        return {}
    where = {"calc_key": OneOf(*keys), "employee": employees}
    by_employee: dict[str, dict[int, list[Money]]] = defaultdict(dict)
    for row in slips.totals(by=("employee", "month"), where=where):
        sums, employee = row.sums, row.group["employee"]
        number = int(row.group["month"][5:])
        values = [sums["taxable_gross"], sums["tax"], sums["tax_deductible"]]
        current = by_employee[employee].get(number)
        by_employee[employee][number] = (
            values if current is None else [a + b for a, b in zip(current, values, strict=True)]
        )
    return {
        employee: tuple(EarlierMonth(n, *months[n]) for n in sorted(months))
        for employee, months in by_employee.items()
    }


def month_paid(
    slips: Records[Payslip], keys: list[str], first: str, last: str
) -> dict[str, list[Payslip]]:
    """Return what closed runs paid each employee of a chunk (their payslips).

    ``keys`` are the :func:`closed_keys` of the runs of one month.
    """
    paid: dict[str, list[Payslip]] = defaultdict(list)
    if keys:
        for slip in read_all(slips, {"calc_key": OneOf(*keys), "employee": Range(first, last)}):
            paid[slip.employee].append(slip)
    return paid


def year_slips(
    runs: Records[PayrollRun], slips: Records[Payslip], employee_id: str, year: int
) -> list[Payslip]:
    """Return an employee's payslips of closed runs in ``year``, by run."""
    found = closed_slips(runs, slips, {"month": Prefix(f"{year:04d}-")}, employee_id)
    return sorted(found, key=lambda s: s.run)
