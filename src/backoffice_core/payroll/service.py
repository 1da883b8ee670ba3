"""The payroll service: components, monthly runs, approval with posting, payment.

:class:`Payroll` calculates a month for every employee with a jurisdiction's
:class:`~.rules.PayrollRules`, stores the payslips and the run through the record
store, and on approval posts one balanced journal entry through the injected
:class:`~backoffice_core.ledger.Ledger` in the same unit of work. A run moves
draft -> calculated -> approved -> posted -> paid; whoever calculated it cannot
approve it, and an approved run never changes (a correction is an off-cycle run whose
payslips hold the differences).
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

import attrs

from backoffice_core.context import Context, UnitOfWork
from backoffice_core.errors import (
    BackofficeError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from backoffice_core.ledger import Ledger
from backoffice_core.money import Money
from backoffice_core.payroll.calculation import PayslipJob, calculate_payslip
from backoffice_core.payroll.corrections import difference
from backoffice_core.payroll.employees import Employees
from backoffice_core.payroll.errors import ComponentError, PayrollCalculationError, RunStateError
from backoffice_core.payroll.formulas import (
    PythonFormula,
    check_formula,
    describe,
    evaluation_order,
)
from backoffice_core.payroll.inputs import RunInputs
from backoffice_core.payroll.models import (
    Employee,
    PayComponent,
    PayrollRun,
    Payslip,
    RunStatus,
)
from backoffice_core.payroll.ports import COMPONENT, EMPLOYEE, PAYSLIP, RUN
from backoffice_core.payroll.posting import (
    AccountMapping,
    journal_lines,
    settlement_lines,
    summarize,
)
from backoffice_core.payroll.reports import Preview, run_summary
from backoffice_core.payroll.rules import EarlierMonth, PayrollRules
from backoffice_core.periods import Month
from backoffice_core.records import OneOf, Prefix, Range, Records, Where
from backoffice_core.reporting import Report

__all__ = ["Payroll"]

_CLOSED = (RunStatus.APPROVED, RunStatus.POSTED, RunStatus.PAID)
RESERVED_CODES = frozenset({"overtime", "thr", "tax"})
"""Line codes a run makes itself; no pay component may use them."""


@contextmanager
def _paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a run is calculated, then restore it.

    A run builds tens of objects per employee (models, Money, lines) that form no
    reference cycles; while they are alive every automatic collection re-scans all of
    them, which made a run of 10,000 employees grow faster than linearly. Reference
    counting still frees everything; only the cycle detector waits until the end.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _month(value: str | Month) -> Month:
    if isinstance(value, Month):
        return value
    try:
        return Month.parse(str(value))
    except (BackofficeError, ValueError):
        raise InvalidInputError(f"pay month {value!r} is not a month: use 'YYYY-MM'") from None


def _all(store: Records[Any], where: Where, order: tuple[str, ...] = ("key",)) -> list[Any]:
    found: list[Any] = []
    cursor = None
    while True:
        page = store.find(where, order_by=order, limit=2000, cursor=cursor)
        found.extend(item.record for item in page.items)
        if page.next_cursor is None:
            return found
        cursor = page.next_cursor


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
        batch = [components] if isinstance(components, PayComponent) else list(components)
        for component in batch:
            if component.code in RESERVED_CODES:
                raise ComponentError(
                    f"pay component code {component.code!r} is reserved for the lines a run "
                    f"makes itself ({', '.join(sorted(RESERVED_CODES))}): choose another code"
                )
        with self._uow.transaction():
            store = self._uow.records(COMPONENT)
            catalogue = {c.code: c for c in _all(store, {})}
            stored = dict(catalogue)
            catalogue.update({c.code: c for c in batch})
            deps: dict[str, set[str]] = {}
            for code, component in catalogue.items():
                refs = set() if component.formula is None else component.formula.refs()
                if component.formula is not None:
                    check_formula(code, component.formula)
                for needed in sorted(refs - set(catalogue)):
                    raise ComponentError(
                        f"pay component {code!r} refers to {needed!r}, which is not defined: "
                        "define it first or in the same call"
                    )
                deps[code] = refs
            evaluation_order(deps)
            for component in batch:
                self._context.authorize("payroll.component.define", component.code)
            versions = store.get_many([c.code for c in batch])
            new = [c for c in batch if c.code not in stored]
            store.add(new)
            for component in batch:
                found = versions.get(component.code)
                if found is not None and found.record != component:
                    store.replace(component, expected_version=found.version, action="redefined")
        return batch

    def components(self) -> list[PayComponent]:
        """Return every pay component, ordered by code."""
        return _all(self._uow.records(COMPONENT), {})

    # --- runs ---------------------------------------------------------------------
    def run(self, run_id: str) -> PayrollRun:
        """Return a run.

        Raises:
            NotFoundError: If there is no run with that id.
        """
        found = self._uow.records(RUN).get(run_id)
        if found is None:
            raise NotFoundError(f"payroll run {run_id!r} does not exist: calculate it first")
        return found.record

    def runs(self, month: str | Month | None = None) -> list[PayrollRun]:
        """Return the runs, of one month or all, ordered by id."""
        where: dict[str, Any] = {} if month is None else {"month": str(_month(month))}
        return _all(self._uow.records(RUN), where)

    def payslips(self, run_id: str) -> list[Payslip]:
        """Return the payslips of the run's current calculation, ordered by employee."""
        run = self.run(run_id)
        return _all(self._uow.records(PAYSLIP), {"calc_key": f"{run.id}/{run.calculation}"})

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
        slips = self._closed_slips({"month": Prefix(f"{year:04d}-")})
        return sorted((s for s in slips if s.employee == employee_id), key=lambda s: s.run)

    def summary(self, run_id: str) -> Report:
        """Return the run summary: one row per payslip and the totals."""
        return run_summary(self.run(run_id), self.payslips(run_id))

    def draft(self, month: str | Month, *, inputs: RunInputs | None = None) -> PayrollRun:
        """Open (or update the inputs of) the draft run of ``month``.

        Raises:
            RunStateError: If the month's run is already calculated or approved.
        """
        m = _month(month)
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
        currency = self._ledger.settings.base_currency
        zero = Money.zero(currency)
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
        m = _month(month)
        given = inputs or self._stored_inputs(str(m))
        slips, problems = self._compute(str(m), 0, m, rules, given, functions or {})
        return Preview(str(m), tuple(slips), tuple(problems))

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
        stored inputs are used.

        Raises:
            RunStateError: If the month's run is approved already (correct it instead).
            PayrollCalculationError: If any employee fails; it lists each one, and
                nothing is written.
        """
        m = _month(month)
        with _paused_gc():
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
        if original.status not in _CLOSED or original.corrects is not None:
            raise RunStateError(
                f"payroll run {run_id!r} is {original.status.value}"
                f"{' and a correction' if original.corrects else ''}: correct an approved "
                "regular run; recalculate a run that is not approved yet"
            )
        m = _month(original.month)
        open_ = [r for r in self.runs(m) if r.corrects == run_id and r.status not in _CLOSED]
        if open_:
            correction_id = open_[0].id
        else:
            number = sum(1 for r in self.runs(m) if r.corrects == run_id) + 1
            correction_id = f"{run_id}-C{number}"
        with _paused_gc():
            return self._calculate(correction_id, m, rules, inputs, functions or {}, run_id)

    def _stored_inputs(self, run_id: str) -> RunInputs:
        found = self._uow.records(RUN).get(run_id)
        return RunInputs() if found is None else found.record.inputs

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
            if found is not None and found.record.status in _CLOSED:
                raise RunStateError(
                    f"payroll run {run_id!r} is {found.record.status.value} and cannot change: "
                    f"correct it with payroll.correct({run_id!r}, rules)"
                )
            given = inputs or (found.record.inputs if found else RunInputs())
            calculation = (found.record.calculation if found else 0) + 1
            slips, problems = self._compute(run_id, calculation, m, rules, given, functions)
            if problems:
                raise PayrollCalculationError(problems)
            if corrects is not None:
                paid = self._month_paid(m)
                slips = [d for s in slips if (d := difference(s, paid.get(s.employee))) is not None]
            for slip in slips:
                self._context.authorize("payroll.payslip.calculate", slip.key)
            self._uow.records(PAYSLIP).add(slips)
            currency = rules.currency
            totals = {
                name: Money.sum((getattr(s, name) for s in slips), currency)
                for name in ("gross", "tax", "employer_cost", "net")
            }
            base = found.record if found else self._new_run(run_id, m, given, corrects)
            run = base.model_copy(
                update={
                    "status": RunStatus.CALCULATED,
                    "calculation": calculation,
                    "prepared_by": self._context.actor,
                    "employees": len(slips),
                    "inputs": given,
                    "inputs_digest": given.digest(),
                    "posting": summarize(slips),
                    **totals,
                }
            )
            if found is None:  # a new run is a draft first: the audit trail shows both
                found = store.add([base])[0]
            store.replace(run, expected_version=found.version, action="calculated")
            return run

    def _compute(
        self,
        run_id: str,
        calculation: int,
        m: Month,
        rules: PayrollRules,
        inputs: RunInputs,
        functions: Mapping[str, PythonFormula],
    ) -> tuple[list[Payslip], list[str]]:
        employees: list[Employee] = _all(
            self._uow.records(EMPLOYEE), {"joined": Range(None, m.last_day)}
        )
        employees = [e for e in employees if e.left is None or e.left >= m.first_day]
        if inputs.only:
            employees = [e for e in employees if e.id in set(inputs.only)]
        problems = [
            f"employee {e!r}: inputs given but the employee is not paid in {m}"
            for e in sorted(set(inputs.employees) - {e.id for e in employees})
        ]
        job = PayslipJob(
            run_id,
            calculation,
            m,
            rules,
            {c.code: c for c in self.components()},
            dict(functions),
            inputs.proration,
            inputs.holiday_allowance,
        )
        history = self._history(m)
        slips: list[Payslip] = []
        for employee in employees:
            try:
                slip = calculate_payslip(
                    employee, job, inputs.of(employee.id), history.get(employee.id, ())
                )
            except Exception as exc:
                problems.append(f"employee {employee.id!r} ({employee.name}): {describe(exc)}")
                continue
            if slip is not None:
                slips.append(slip)
        return slips, problems

    def _closed_slips(self, where: Where) -> list[Payslip]:
        closed = OneOf(*_CLOSED)
        runs = _all(self._uow.records(RUN), {**where, "status": closed})
        if not runs:
            return []
        keys = [f"{r.id}/{r.calculation}" for r in runs]
        keys_filter = OneOf(*keys)
        return _all(self._uow.records(PAYSLIP), {"calc_key": keys_filter})

    def _history(self, m: Month) -> dict[str, tuple[EarlierMonth, ...]]:
        """Return each employee's earlier months of ``m``'s tax year from approved runs."""
        if m.month == 1:
            return {}
        slips = self._closed_slips({"month": Prefix(f"{m.year}-")})
        sums: dict[str, dict[int, list[Money]]] = defaultdict(dict)
        for slip in slips:
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

    def _month_paid(self, m: Month) -> dict[str, list[Payslip]]:
        paid: dict[str, list[Payslip]] = defaultdict(list)
        for slip in self._closed_slips({"month": str(m)}):
            paid[slip.employee].append(slip)
        return paid

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
        with self._uow.transaction():
            store = self._uow.records(RUN)
            found = store.get(run_id)
            if found is None:
                raise NotFoundError(f"payroll run {run_id!r} does not exist: calculate it first")
            run = found.record
            if run.status is not RunStatus.CALCULATED:
                raise RunStateError(
                    f"payroll run {run_id!r} is {run.status.value}: only a calculated run "
                    "can be approved"
                )
            if run.prepared_by == self._context.actor:
                raise PermissionDeniedError(
                    f"actor {self._context.actor!r} prepared payroll run {run_id!r} and may "
                    "not approve it: another user must approve (maker-checker)"
                )
            self._context.authorize("payroll.run.approve", run_id)
            approved = run.model_copy(
                update={"status": RunStatus.APPROVED, "approved_by": self._context.actor}
            )
            stored = store.replace(approved, expected_version=found.version, action="approved")
            lines = journal_lines(run.posting, accounts, run.gross.currency)
            entry_id = None
            if lines:
                entry = self._ledger.post(
                    on or _month(run.month).last_day,
                    f"Payroll {run.id}",
                    lines,
                    id=f"payroll-{run.id}",
                    source=f"payroll.run/{run.id}",
                )
                entry_id = entry.id
            posted = approved.model_copy(
                update={"status": RunStatus.POSTED, "journal_entry": entry_id}
            )
            store.replace(posted, expected_version=stored.version, action="posted")
            return posted

    def pay(self, run_id: str, *, on: date, accounts: AccountMapping) -> PayrollRun:
        """Record that the run's net pay was transferred on ``on`` and post the settlement.

        Raises:
            RunStateError: If the run is not posted.
        """
        with self._uow.transaction():
            store = self._uow.records(RUN)
            found = store.get(run_id)
            if found is None:
                raise NotFoundError(f"payroll run {run_id!r} does not exist: calculate it first")
            run = found.record
            if run.status is not RunStatus.POSTED:
                raise RunStateError(
                    f"payroll run {run_id!r} is {run.status.value}: only a posted run can be paid"
                )
            self._context.authorize("payroll.run.pay", run_id)
            entry_id = None
            if run.net:
                entry = self._ledger.post(
                    on,
                    f"Payroll {run.id} paid",
                    settlement_lines(run.net, accounts),
                    id=f"payroll-{run.id}-paid",
                    source=f"payroll.run/{run.id}",
                )
                entry_id = entry.id
            paid = run.model_copy(
                update={"status": RunStatus.PAID, "pay_date": on, "settlement_entry": entry_id}
            )
            store.replace(paid, expected_version=found.version, action="paid")
            return paid
