"""The employee register: hiring, pay and status changes, leaving, as dated events.

:class:`Employees` validates every change before writing, writes the employee's new
version and an append-only :class:`~.models.EmployeeEvent` in one transaction (both
audited by the record store), and never shows identity numbers in an event.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

import attrs

from backoffice_core.context import Context, UnitOfWork
from backoffice_core.errors import ConcurrencyError, NotFoundError
from backoffice_core.money import Money
from backoffice_core.payroll.errors import ComponentError, EmployeeError
from backoffice_core.payroll.models import (
    Assignment,
    Employee,
    EmployeeEvent,
    EmployeeIdentifiers,
    EmployeeStatus,
    EventType,
    mask,
)
from backoffice_core.payroll.ports import COMPONENT, EMPLOYEE, EVENT
from backoffice_core.records import Where

__all__ = ["Employees"]

_STATUS_FIELDS = (
    "tax_status",
    "employment_type",
    "department",
    "cost_centre",
    "bank_account",
    "nik",
    "npwp",
)
_MASKED = ("bank_account", "nik", "npwp")


@attrs.define
class Employees:
    """One entity's employees.

    Args:
        context: Entity, actor, authorizer and clock.
        uow: The unit of work the writes happen in.
    """

    _context: Context
    _uow: UnitOfWork

    def hire(
        self, employees: Employee | Mapping[str, Any] | Iterable[Employee | Mapping[str, Any]]
    ) -> list[Employee]:
        """Add employees and record a ``joined`` event on each joining date.

        Each employee is an :class:`~.models.Employee` or a mapping of its fields.
        Hiring the same employee again with identical data writes nothing.

        Raises:
            EmployeeError: If a field is missing or malformed (a missing tax status), a
                leaving date precedes the joining date, or an assignment's amount is
                negative or its dates are reversed.
            ComponentError: If an assigned component is not defined.
            DuplicateIdError: If the id is taken by an employee with other data.
        """
        items = [employees] if isinstance(employees, Employee | Mapping) else list(employees)
        batch = [
            e if isinstance(e, Employee) else _validated(dict(e), str(e.get("id", "?")))
            for e in items
        ]
        with self._uow.transaction():
            store = self._uow.records(EMPLOYEE)
            existing = store.get_many([e.id for e in batch])
            new = [e for e in batch if e.id not in existing or existing[e.id].record != e]
            self._check(new)
            for employee in new:
                self._context.authorize("payroll.employee.hire", employee.id)
            store.add(new)
            self._events([(e, EventType.JOINED, e.joined, {"name": e.name}) for e in new])
        return batch

    def get(self, employee_id: str) -> Employee:
        """Return an employee.

        Raises:
            NotFoundError: If there is none with that id.
        """
        found = self._uow.records(EMPLOYEE).get(employee_id)
        if found is None:
            raise NotFoundError(
                f"employee {employee_id!r} does not exist: hire it first with "
                "payroll.employees.hire()"
            )
        return found.record

    def find(self, *, department: str | None = None, active_only: bool = False) -> list[Employee]:
        """Return employees ordered by id, optionally of one department or active only."""
        where: dict[str, Any] = {}
        if department is not None:
            where["department"] = department
        if active_only:
            where["status"] = EmployeeStatus.ACTIVE
        return self._all(where)

    def identifiers(self) -> list[EmployeeIdentifiers]:
        """Return every employee's id, NIK and NPWP, ordered by id.

        Read as a view of the stored employees (their pay components are never
        built), a thousand a page: several times faster than :meth:`find` when only
        the identity numbers are checked.
        """
        store = self._uow.records(EMPLOYEE)
        found: list[EmployeeIdentifiers] = []
        cursor = None
        while True:
            page = store.find_view(
                EmployeeIdentifiers, order_by=("key",), limit=1000, cursor=cursor
            )
            found.extend(item.record for item in page.items)
            if page.next_cursor is None:
                return found
            cursor = page.next_cursor

    def _all(self, where: Where) -> list[Employee]:
        store = self._uow.records(EMPLOYEE)
        found: list[Employee] = []
        cursor = None
        while True:
            page = store.find(where, order_by=("key",), limit=1000, cursor=cursor)
            found.extend(item.record for item in page.items)
            if page.next_cursor is None:
                return found
            cursor = page.next_cursor

    def change_pay(
        self, employee_id: str, component: str, amount: Money, *, effective: date
    ) -> Employee:
        """Set the employee's amount of ``component`` from ``effective`` on.

        The assignment in force the day before ends that day; a new one starts.

        Raises:
            NotFoundError: If the employee does not exist.
            ComponentError: If the component is not defined.
            EmployeeError: If the amount is negative or the date precedes joining.
        """
        employee = self.get(employee_id)
        if effective < employee.joined:
            raise EmployeeError(
                f"employee {employee_id!r}: pay change on {effective} precedes joining on "
                f"{employee.joined}; use a date on or after it"
            )
        ended = [
            a.model_copy(update={"effective_to": effective - timedelta(days=1)})
            if a.component == component and a.applies_on(effective) and a.effective_from < effective
            else a
            for a in employee.components
            if not (a.component == component and a.effective_from >= effective)
        ]
        new = Assignment(component=component, amount=amount, effective_from=effective)
        changed = employee.model_copy(update={"components": (*ended, new)})
        details = {"component": component, "amount": str(amount)}
        return self._change(employee, changed, EventType.PAY_CHANGED, effective, details)

    def change_status(self, employee_id: str, *, effective: date, **changes: Any) -> Employee:
        """Change the tax status, employment, department, cost centre, account or ids.

        Args:
            employee_id: The employee.
            effective: The date the change takes effect (recorded on the event).
            **changes: New values of ``tax_status``, ``employment_type``,
                ``department``, ``cost_centre``, ``bank_account``, ``nik`` or ``npwp``
                (the event shows identity numbers and the account masked).

        Raises:
            EmployeeError: If a field cannot be changed this way or a value is invalid.
        """
        employee = self.get(employee_id)
        unknown = sorted(set(changes) - set(_STATUS_FIELDS))
        if unknown or not changes:
            raise EmployeeError(
                f"employee {employee_id!r}: cannot change {unknown or 'nothing'} with "
                f"change_status; change one of {', '.join(_STATUS_FIELDS)}"
            )
        changed = _validated(employee.model_dump() | changes, employee_id)
        shown = {k: mask(str(v or "")) if k in _MASKED else str(v) for k, v in changes.items()}
        return self._change(employee, changed, EventType.STATUS_CHANGED, effective, shown)

    def leave(self, employee_id: str, *, on: date, reason: str = "") -> Employee:
        """Record that the employee leaves; ``on`` is the last day of employment.

        Raises:
            EmployeeError: If ``on`` precedes the joining date, or the employee left.
        """
        employee = self.get(employee_id)
        if employee.status is EmployeeStatus.LEFT:
            raise EmployeeError(f"employee {employee_id!r} already left on {employee.left}")
        if on < employee.joined:
            raise EmployeeError(
                f"employee {employee_id!r}: leaving date {on} precedes joining date "
                f"{employee.joined}; give a date on or after it"
            )
        changed = employee.model_copy(update={"left": on, "status": EmployeeStatus.LEFT})
        return self._change(employee, changed, EventType.LEFT, on, {"reason": reason})

    def events(self, employee_id: str) -> list[EmployeeEvent]:
        """Return the employee's events in the order they were recorded."""
        page = self._uow.records(EVENT).find({"employee": employee_id}, order_by=("on", "key"))
        return sorted((item.record for item in page.items), key=lambda e: (e.on, _number(e.id)))

    # --- internals ------------------------------------------------------------------
    def _change(
        self,
        before: Employee,
        after: Employee,
        event: EventType,
        on: date,
        details: dict[str, str],
    ) -> Employee:
        """Write ``after`` if the stored employee is still ``before``, with its event.

        Raises:
            ConcurrencyError: If someone changed the employee in the meantime.
        """
        self._check([after])
        with self._uow.transaction():
            self._context.authorize(f"payroll.employee.{event.value}", after.id)
            store = self._uow.records(EMPLOYEE)
            current = store.get(after.id)
            assert current is not None  # read by the caller
            if current.record != before:
                raise ConcurrencyError(
                    f"employee {after.id!r} changed while this change was prepared: "
                    "read it again and retry"
                )
            store.replace(after, expected_version=current.version, action=event.value)
            self._events([(after, event, on, details)])
        return after

    def _events(self, items: list[tuple[Employee, EventType, date, dict[str, str]]]) -> None:
        store = self._uow.records(EVENT)
        records = []
        for employee, event, on, details in items:
            number = store.next_number(employee.id)
            records.append(
                EmployeeEvent(
                    id=f"{employee.id}/{number}",
                    employee=employee.id,
                    type=event,
                    on=on,
                    details=details,
                    actor=self._context.actor,
                )
            )
        store.add(records)

    def _check(self, employees: list[Employee]) -> None:
        codes = {a.component for e in employees for a in e.components}
        defined = self._uow.records(COMPONENT).get_many(sorted(codes)) if codes else {}
        for employee in employees:
            _check_employee(employee)
            for item in employee.components:
                if item.component not in defined:
                    raise ComponentError(
                        f"employee {employee.id!r}: pay component {item.component!r} is not "
                        "defined; define it with payroll.define_components() first"
                    )


def _number(event_id: str) -> int:
    return int(event_id.rsplit("/", 1)[1])


def _validated(data: dict[str, Any], employee_id: str) -> Employee:
    try:
        return Employee.model_validate(data)
    except ValueError as exc:
        raise EmployeeError(f"employee {employee_id!r} is invalid: {exc}") from None


def _check_employee(employee: Employee) -> None:
    """Refuse contradictory dates and negative amounts, naming the employee."""
    who = f"employee {employee.id!r} ({employee.name})"
    if employee.left is not None and employee.left < employee.joined:
        raise EmployeeError(
            f"{who}: leaving date {employee.left} precedes joining date {employee.joined}"
        )
    for item in employee.components:
        if item.amount is not None and item.amount.is_negative:
            raise EmployeeError(
                f"{who}: pay component {item.component!r} has a negative amount "
                f"{item.amount}; give zero or more"
            )
        if item.effective_to is not None and item.effective_to < item.effective_from:
            raise EmployeeError(
                f"{who}: pay component {item.component!r} ends on {item.effective_to}, "
                f"before it starts on {item.effective_from}"
            )
