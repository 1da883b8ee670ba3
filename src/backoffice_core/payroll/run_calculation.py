"""Calculating a whole run: employees read, computed and stored one chunk at a time.

:class:`RunCalculator` walks the employees paid in the month in pages of
:data:`~.queries.PAGE_SIZE` (ordered by id), computes each page's payslips with
:func:`~.calculation.calculate_payslip`, and hands them on: :meth:`RunCalculator.store`
authorizes and stores each chunk with one ``add()`` and keeps only running sums
(:class:`~.posting.RunTally`), so memory stays bounded by the chunk however many
employees there are; :meth:`RunCalculator.preview` keeps every payslip and stores
nothing. The earlier months of the tax year (for the last-period reconciliation) and
what a month already paid (for a correction) are read per chunk, with the chunk's
first and last employee id, never per employee.

All or nothing: the caller runs :meth:`RunCalculator.store` inside one transaction.
The run's own checks and the month's inputs are validated before the first write;
each chunk is computed and every payslip authorized before that chunk is written;
after the first employee that fails, nothing more is written, the remaining
employees are still computed so that the error lists every failure, and the error
rolls back the chunks already written.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs

from backoffice_core.context import Context, UnitOfWork
from backoffice_core.payroll.calculation import PayslipJob, calculate_payslip, is_last_period
from backoffice_core.payroll.corrections import difference
from backoffice_core.payroll.formulas import PythonFormula, describe
from backoffice_core.payroll.inputs import RunInputs
from backoffice_core.payroll.models import Employee, PayComponent, Payslip
from backoffice_core.payroll.ports import EMPLOYEE, PAYSLIP, RUN
from backoffice_core.payroll.posting import RunTally
from backoffice_core.payroll.queries import (
    PAGE_SIZE,
    closed_keys,
    earlier_months,
    month_paid,
    pages,
    year_before,
    year_to_date,
)
from backoffice_core.payroll.rules import EarlierMonth, PayrollRules, YearToDate
from backoffice_core.periods import Month
from backoffice_core.records import OneOf, Range

__all__ = ["CHUNK_SIZE", "RunCalculator"]

CHUNK_SIZE = PAGE_SIZE
"""Employees read, computed and stored together (one ``find`` page, one ``add()``)."""


@attrs.define
class RunCalculator:
    """One calculation of one run (regular, correction or preview).

    Args:
        context: Entity, actor and authorizer.
        uow: The unit of work the reads and writes go through.
        job: What every employee's payslip is computed with.
        inputs: The run's variable inputs.
        corrects: The run a correction corrects (its payslips become differences).
    """

    _context: Context
    _uow: UnitOfWork
    job: PayslipJob
    inputs: RunInputs
    corrects: str | None = None
    problems: list[str] = attrs.field(factory=list)
    """One message per employee that failed (or input that names nobody paid)."""
    _only: frozenset[str] = attrs.field(init=False)
    _history_cache: list[str] | None = attrs.field(init=False, default=None)
    _paid_cache: list[str] | None = attrs.field(init=False, default=None)

    def __attrs_post_init__(self) -> None:
        self._only = frozenset(self.inputs.only)

    def _history_keys(self) -> list[str]:
        """The calc keys of the closed runs of the year's earlier months (read once)."""
        if self._history_cache is None:
            m = self.job.month
            runs = self._uow.records(RUN)
            self._history_cache = [] if m.month == 1 else closed_keys(runs, year_before(m))
        return self._history_cache

    def _paid_keys(self) -> list[str]:
        """The calc keys of the month's closed runs, that a correction corrects (read once)."""
        if self._paid_cache is None:
            where = {"month": str(self.job.month)}
            self._paid_cache = closed_keys(self._uow.records(RUN), where)
        return self._paid_cache

    @classmethod
    def create(
        cls,
        context: Context,
        uow: UnitOfWork,
        target: tuple[str, int, Month],
        rules: PayrollRules,
        inputs: RunInputs,
        functions: Mapping[str, PythonFormula],
        components: list[PayComponent],
        corrects: str | None = None,
    ) -> RunCalculator:
        """Return a calculator for run ``target`` = (run id, calculation number, month)."""
        run_id, calculation, m = target
        job = PayslipJob(
            run_id,
            calculation,
            m,
            rules,
            {c.code: c for c in components},
            dict(functions),
            inputs.proration,
            inputs.holiday_allowance,
        )
        return cls(context, uow, job, inputs, corrects)

    def check_inputs(self) -> None:
        """Record a problem for each employee with inputs who is not paid in the month.

        One read of the employees named in the inputs, before anything is written.
        """
        named = sorted(self.inputs.employees)
        if not named:
            return
        found = self._uow.records(EMPLOYEE).get_many(named)
        for employee_id in named:
            item = found.get(employee_id)
            if item is None or not self._paid(item.record):
                self.problems.append(
                    f"employee {employee_id!r}: inputs given but the employee is not paid in "
                    f"{self.job.month}"
                )

    def _paid(self, employee: Employee) -> bool:
        m = self.job.month
        return (
            employee.joined <= m.last_day
            and (employee.left is None or employee.left >= m.first_day)
            and (not self._only or employee.id in self._only)
        )

    def _chunks(self) -> Iterator[list[Employee]]:
        store = self._uow.records(EMPLOYEE)
        where = {"joined": Range(None, self.job.month.last_day)}
        for page in pages(store, where, size=CHUNK_SIZE):
            chunk = [e for e in page if self._paid(e)]
            if chunk:
                yield chunk

    def _compute(self, chunk: list[Employee]) -> list[Payslip]:
        job, inputs = self.job, self.inputs
        slips = self._uow.records(PAYSLIP)
        first, last = chunk[0].id, chunk[-1].id
        # the earlier months count only in a last period (December, a leaver's month)
        last_period = [e.id for e in chunk if is_last_period(e, job.month)]
        months: dict[str, tuple[EarlierMonth, ...]] = {}
        sums: dict[str, YearToDate] = {}
        if last_period:
            keys = self._history_keys()
            whole = len(last_period) == len(chunk)
            who = Range(first, last) if whole else OneOf(*last_period)
            if job.rules.monthly_history:
                months = earlier_months(slips, keys, who)
            else:
                sums = year_to_date(slips, keys, who)
        computed: list[Payslip] = []
        for employee in chunk:
            try:
                slip = calculate_payslip(
                    employee,
                    job,
                    inputs.of(employee.id),
                    months.get(employee.id, ()),
                    sums.get(employee.id),
                )
            except Exception as exc:
                self.problems.append(f"employee {employee.id!r} ({employee.name}): {describe(exc)}")
                continue
            if slip is not None:
                computed.append(slip)
        if self.corrects is not None and computed:
            paid = month_paid(slips, self._paid_keys(), first, last)
            computed = [
                d for s in computed if (d := difference(s, paid.get(s.employee))) is not None
            ]
        return computed

    def preview(self) -> list[Payslip]:
        """Compute every employee and return the payslips that worked; write nothing."""
        found: list[Payslip] = []
        for chunk in self._chunks():
            found.extend(self._compute(chunk))
        return found

    def store(self) -> RunTally:
        """Compute, authorize and store the payslips chunk by chunk; return their sums.

        Call it inside a transaction and raise when :attr:`problems` is not empty
        afterwards: that rolls back the chunks already written.

        Raises:
            PermissionDeniedError: If the actor may not calculate a payslip.
        """
        tally = RunTally(self.job.rules.currency)
        store = self._uow.records(PAYSLIP)
        authorize = self._context.authorize
        for chunk in self._chunks():
            computed = self._compute(chunk)
            if self.problems or not computed:
                continue  # after a failure nothing more is written; the error rolls back
            for slip in computed:
                authorize("payroll.payslip.calculate", slip.key)
            store.add(computed)
            tally.add(computed)
        return tally
