"""The payroll service: the one object behind ``office.payroll``.

:class:`Payroll` keeps the public verbs of the domain and delegates each concept to
its own module: the component catalogue (:mod:`.components`), the employee register
(:mod:`.employees`), calculating a run chunk by chunk (:mod:`.run_calculation`),
approval with posting and payment (:mod:`.approval`), and the shared reads
(:mod:`.queries`). A run moves draft -> calculated -> approved -> posted -> paid;
whoever calculated it cannot approve it, and an approved run never changes (a
correction is an off-cycle run whose payslips hold the differences).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import attrs

from backoffice_core.collector import paused_gc
from backoffice_core.context import Context, UnitOfWork
from backoffice_core.errors import NotFoundError
from backoffice_core.ledger import Ledger
from backoffice_core.money import Money
from backoffice_core.payroll.approval import approve_run, pay_run
from backoffice_core.payroll.components import define_components
from backoffice_core.payroll.employees import Employees
from backoffice_core.payroll.errors import PayrollCalculationError, RunStateError
from backoffice_core.payroll.formulas import PythonFormula
from backoffice_core.payroll.inputs import RunInputs
from backoffice_core.payroll.models import PayComponent, PayrollRun, Payslip, RunStatus
from backoffice_core.payroll.ports import COMPONENT, PAYSLIP, RUN
from backoffice_core.payroll.posting import AccountMapping
from backoffice_core.payroll.queries import (
    CLOSED,
    parse_month,
    read_all,
    read_run,
    year_slips,
)
from backoffice_core.payroll.reports import Preview, run_summary
from backoffice_core.payroll.rules import PayrollRules
from backoffice_core.payroll.run_calculation import RunCalculator
from backoffice_core.periods import Month
from backoffice_core.reporting import Report

__all__ = ["Payroll"]


@attrs.define
class Payroll:
    """One entity's payroll.

    Args:
        context: Entity, actor, authorizer and clock.
        uow: The unit of work (shared with the ledger, so posting is atomic).
        ledger: The ledger the runs are posted to.

    Attributes:
        employees: The employee register.
    """

    _context: Context
    _uow: UnitOfWork
    _ledger: Ledger
    employees: Employees = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.employees = Employees(self._context, self._uow)

    # --- components -------------------------------------------------------------
    def define_components(
        self, components: PayComponent | Iterable[PayComponent]
    ) -> list[PayComponent]:
        """Add or redefine pay components.

        A formula may refer to components already defined or defined in the same call.

        Raises:
            ComponentError: If a formula refers to an undefined component, or a code is
                reserved (``overtime``, ``thr``, ``tax``).
            FormulaCycleError: If formulas would refer to each other in a circle.
        """
        return define_components(self._context, self._uow, components)

    def components(self) -> list[PayComponent]:
        """Return every pay component, ordered by code."""
        return read_all(self._uow.records(COMPONENT), {})

    # --- runs and payslips --------------------------------------------------------
    def run(self, run_id: str) -> PayrollRun:
        """Return a run.

        Raises:
            NotFoundError: If there is no run with that id.
        """
        return read_run(self._uow.records(RUN), run_id)

    def runs(self, month: str | Month | None = None) -> list[PayrollRun]:
        """Return the runs, of one month or all, ordered by id."""
        where: dict[str, Any] = {} if month is None else {"month": str(parse_month(month))}
        return read_all(self._uow.records(RUN), where)

    def payslips(self, run_id: str) -> list[Payslip]:
        """Return the payslips of the run's current calculation, ordered by employee."""
        run = self.run(run_id)
        return read_all(self._uow.records(PAYSLIP), {"calc_key": f"{run.id}/{run.calculation}"})

    def payslip(self, run_id: str, employee_id: str) -> Payslip:
        """Return one employee's payslip of a run.

        Raises:
            NotFoundError: If the run has no payslip for the employee.
        """
        run = self.run(run_id)
        found = self._uow.records(PAYSLIP).get(f"{run.id}/{run.calculation}/{employee_id}")
        if found is None:
            raise NotFoundError(f"payroll run {run_id!r} has no payslip for {employee_id!r}")
        return found.record

    def year_payslips(self, employee_id: str, year: int) -> list[Payslip]:
        """Return an employee's payslips of approved runs in ``year``, corrections included.

        They are ordered by month, each month's regular run before its corrections:
        what a year-end slip (BPA1 in Indonesia) is built from.
        """
        return year_slips(self._uow.records(RUN), self._uow.records(PAYSLIP), employee_id, year)

    def summary(self, run_id: str) -> Report:
        """Return the run summary: one row per payslip and the totals."""
        return run_summary(self.run(run_id), self.payslips(run_id))

    # --- calculation --------------------------------------------------------------
    def draft(self, month: str | Month, *, inputs: RunInputs | None = None) -> PayrollRun:
        """Open (or update the inputs of) the draft run of ``month``.

        Raises:
            RunStateError: If the month's run is already calculated or approved.
        """
        m = parse_month(month)
        run_id = str(m)
        with self._uow.transaction():
            self._context.authorize("payroll.run.draft", run_id)
            store = self._uow.records(RUN)
            found = store.get(run_id)
            given = inputs or RunInputs()
            if found is None:
                run = self._new_run(run_id, m, given)
                store.add([run])
                return run
            if found.record.status is not RunStatus.DRAFT:
                raise RunStateError(
                    f"payroll run {run_id!r} is {found.record.status.value}: only a draft "
                    "takes new inputs this way; pass inputs to calculate() instead"
                )
            run = found.record.model_copy(update={"inputs": given, "inputs_digest": given.digest()})
            store.replace(run, expected_version=found.version, action="drafted")
            return run

    def _new_run(
        self, run_id: str, m: Month, inputs: RunInputs, corrects: str | None = None
    ) -> PayrollRun:
        zero = Money.zero(self._ledger.settings.base_currency)
        return PayrollRun(
            id=run_id,
            month=str(m),
            corrects=corrects,
            gross=zero,
            tax=zero,
            employer_cost=zero,
            net=zero,
            inputs=inputs,
            inputs_digest=inputs.digest(),
        )

    def preview(
        self,
        month: str | Month,
        rules: PayrollRules,
        *,
        inputs: RunInputs | None = None,
        functions: Mapping[str, PythonFormula] | None = None,
    ) -> Preview:
        """Calculate ``month`` without writing anything, keeping every employee's result.

        The employees that fail are listed in ``problems``; the others' payslips are
        still shown.
        """
        m = parse_month(month)
        found = self._uow.records(RUN).get(str(m))
        given = inputs or (found.record.inputs if found else RunInputs())
        calculator = self._calculator((str(m), 0, m), rules, given, functions or {}, None)
        calculator.check_inputs()
        slips = calculator.preview()
        return Preview(str(m), tuple(slips), tuple(calculator.problems))

    def calculate(
        self,
        month: str | Month,
        rules: PayrollRules,
        *,
        inputs: RunInputs | None = None,
        functions: Mapping[str, PythonFormula] | None = None,
    ) -> PayrollRun:
        """Calculate (or recalculate) the regular run of ``month``.

        Recalculating gives the same payslips for the same data and inputs; the
        earlier calculation stays stored as history. Without ``inputs``, the run's
        stored inputs are used. The payslips are stored in chunks as they are
        computed, in one transaction: memory stays bounded however many employees
        there are, and a failure writes nothing.

        Raises:
            RunStateError: If the month's run is approved already (correct it instead).
            PayrollCalculationError: If any employee fails; it lists each one, and
                nothing is written.
        """
        m = parse_month(month)
        with paused_gc():
            return self._calculate(str(m), m, rules, inputs, functions or {}, None)

    def correct(
        self,
        run_id: str,
        rules: PayrollRules,
        *,
        inputs: RunInputs | None = None,
        functions: Mapping[str, PythonFormula] | None = None,
    ) -> PayrollRun:
        """Calculate an off-cycle correction of an approved run.

        The month is calculated again with today's data; each payslip holds the
        difference against what the approved runs of the month paid, and employees
        without a difference get none. Calling it again while the correction is not
        approved recalculates that correction.

        Raises:
            RunStateError: If ``run_id`` is not approved, or is itself a correction.
            PayrollCalculationError: As :meth:`calculate`.
        """
        original = self.run(run_id)
        if original.status not in CLOSED or original.corrects is not None:
            raise RunStateError(
                f"payroll run {run_id!r} is {original.status.value}"
                f"{' and a correction' if original.corrects else ''}: correct an approved "
                "regular run; recalculate a run that is not approved yet"
            )
        m = parse_month(original.month)
        month_runs = self.runs(m)
        open_ = [r for r in month_runs if r.corrects == run_id and r.status not in CLOSED]
        if open_:
            correction_id = open_[0].id
        else:
            number = sum(1 for r in month_runs if r.corrects == run_id) + 1
            correction_id = f"{run_id}-C{number}"
        with paused_gc():
            return self._calculate(correction_id, m, rules, inputs, functions or {}, run_id)

    def _calculator(
        self,
        target: tuple[str, int, Month],
        rules: PayrollRules,
        inputs: RunInputs,
        functions: Mapping[str, PythonFormula],
        corrects: str | None,
    ) -> RunCalculator:
        return RunCalculator.create(
            self._context,
            self._uow,
            target,
            rules,
            inputs,
            functions,
            self.components(),
            corrects,
        )

    def _calculate(
        self,
        run_id: str,
        m: Month,
        rules: PayrollRules,
        inputs: RunInputs | None,
        functions: Mapping[str, PythonFormula],
        corrects: str | None,
    ) -> PayrollRun:
        with self._uow.transaction():
            self._context.authorize("payroll.run.calculate", run_id)
            store = self._uow.records(RUN)
            found = store.get(run_id)
            if found is not None and found.record.status in CLOSED:
                raise RunStateError(
                    f"payroll run {run_id!r} is {found.record.status.value} and cannot change: "
                    f"correct it with payroll.correct({run_id!r}, rules)"
                )
            given = inputs or (found.record.inputs if found else RunInputs())
            calculation = (found.record.calculation if found else 0) + 1
            calculator = self._calculator(
                (run_id, calculation, m), rules, given, functions, corrects
            )
            calculator.check_inputs()
            tally = calculator.store()
            if calculator.problems:
                raise PayrollCalculationError(calculator.problems)
            base = found.record if found else self._new_run(run_id, m, given, corrects)
            run = base.model_copy(
                update={
                    "status": RunStatus.CALCULATED,
                    "calculation": calculation,
                    "prepared_by": self._context.actor,
                    "employees": tally.count,
                    "inputs": given,
                    "inputs_digest": given.digest(),
                    "posting": tally.posting(),
                    **tally.totals(),
                }
            )
            if found is None:  # a new run is a draft first: the audit trail shows both
                found = store.add([base])[0]
            store.replace(run, expected_version=found.version, action="calculated")
            return run

    # --- approval, posting, payment ----------------------------------------------
    def approve(
        self, run_id: str, *, accounts: AccountMapping, on: date | None = None
    ) -> PayrollRun:
        """Approve a calculated run and post its journal entry, all in one unit of work.

        The run becomes ``approved`` and then ``posted`` with the id of the entry
        (``payroll-<run>``), dated ``on`` or, by default, the last day of the month.

        Raises:
            RunStateError: If the run is not calculated.
            PermissionDeniedError: If the actor prepared the run (maker-checker).
            InvalidInputError: If the ledger refuses the entry (an unknown account).
            PeriodClosedError: If the month is closed in the ledger.
        """
        return approve_run(self._context, self._uow, self._ledger, run_id, accounts, on)

    def pay(self, run_id: str, *, on: date, accounts: AccountMapping) -> PayrollRun:
        """Record that the run's net pay was transferred on ``on`` and post the settlement.

        Raises:
            RunStateError: If the run is not posted.
        """
        return pay_run(self._context, self._uow, self._ledger, run_id, on, accounts)
