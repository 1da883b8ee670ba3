"""Employees: hiring, masking, dated events, and refused input."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from payroll_helpers import RULES, employee, rp, setup

from backoffice_core import BackOffice
from backoffice_core.errors import InvalidInputError, NotFoundError
from backoffice_core.payroll import (
    ComponentError,
    ComponentKind,
    EmployeeError,
    EventType,
    Overtime,
    PayComponent,
    mask,
    ref,
)


class TestEmployees:
    def test_hire_records_a_joined_event(self, office: BackOffice) -> None:
        """Hiring stores the employee and a joined event dated on the joining day."""
        setup(office)
        events = office.payroll.employees.events("E001")
        assert [(e.type, e.on) for e in events] == [(EventType.JOINED, date(2024, 1, 1))]
        assert office.payroll.employees.get("E001").tax_status == "K/1"

    def test_identity_numbers_are_masked_in_repr(self, office: BackOffice) -> None:
        """Repr and str show only the last four digits of NIK, NPWP and bank account."""
        setup(office)
        shown = repr(office.payroll.employees.get("E001")) + str(
            office.payroll.employees.get("E001")
        )
        assert "3171234567890001" not in shown
        assert "0123456789012345" not in shown
        assert "1234567890" not in shown
        assert mask("3171234567890001") in shown

    def test_identifiers_are_each_employees_numbers(self, office: BackOffice) -> None:
        """identifiers() gives every employee's id, NIK and NPWP, as find() holds them."""
        setup(office)
        found = office.payroll.employees.find()
        ids = office.payroll.employees.identifiers()
        assert [(i.id, i.nik, i.npwp) for i in ids] == [(e.id, e.nik, e.npwp) for e in found]
        assert len(ids) >= 2

    def test_identifiers_follow_a_changed_number(self, office: BackOffice) -> None:
        """After a status change of the NPWP, identifiers() reads the new number."""
        setup(office)
        office.payroll.employees.change_status(
            "E001", effective=date(2024, 6, 1), npwp="0987654321098765"
        )
        numbers = {i.id: i.npwp for i in office.payroll.employees.identifiers()}
        assert numbers["E001"] == "0987654321098765"

    def test_identifiers_are_masked_in_repr(self, office: BackOffice) -> None:
        """The identifiers view shows only the last four digits of NIK and NPWP."""
        setup(office)
        (first, *_) = office.payroll.employees.identifiers()
        assert first.nik is not None
        assert first.nik not in repr(first)
        assert mask(first.nik) in repr(first)

    def test_hiring_is_audited(self, office: BackOffice) -> None:
        """Hiring appends an audit record naming the employee."""
        setup(office)
        subjects = {r.subject for r in office.audit.records()}
        assert "E001" in subjects

    def test_leave_before_join_is_refused(self, office: BackOffice) -> None:
        """A leaving date before the joining date names the employee and writes nothing."""
        setup(office)
        with pytest.raises(EmployeeError, match="E001"):
            office.payroll.employees.leave("E001", on=date(2023, 12, 31))
        assert office.payroll.employees.get("E001").left is None
        assert len(office.payroll.employees.events("E001")) == 1

    def test_missing_tax_status_is_refused(self, office: BackOffice) -> None:
        """An employee without a tax status is refused with an error naming it."""
        setup(office)
        data = employee("E009", 5_000_000).model_dump() | {"tax_status": ""}
        with pytest.raises(EmployeeError, match="E009"):
            office.payroll.employees.hire(data)
        with pytest.raises(NotFoundError):
            office.payroll.employees.get("E009")

    def test_negative_salary_is_refused(self, office: BackOffice) -> None:
        """A negative salary names the employee and the component; nothing is written."""
        setup(office)
        bad = employee("E010", -1)
        with pytest.raises(EmployeeError, match=r"E010.*basic"):
            office.payroll.employees.hire(bad)
        assert len(office.payroll.employees.find()) == 2

    def test_undefined_component_is_refused(self, office: BackOffice) -> None:
        """Assigning a component that is not defined names both and writes nothing."""
        setup(office)
        with pytest.raises(ComponentError, match="E001"):
            office.payroll.employees.change_pay("E001", "car", rp(1), effective=date(2026, 2, 1))
        assert office.payroll.employees.get("E001").assignments_on(date(2026, 2, 1)).keys() == {
            "basic",
            "meal",
        }

    def test_pay_change_applies_from_its_date(self, office: BackOffice) -> None:
        """A raise effective in February changes February's pay, not January's."""
        setup(office)
        office.payroll.employees.change_pay(
            "E001", "basic", rp(12_000_000), effective=date(2026, 2, 1)
        )
        jan = office.payroll.preview("2026-01", RULES).payslips[0]
        feb = office.payroll.preview("2026-02", RULES).payslips[0]
        assert jan.amount_of("basic") == rp(10_000_000)
        assert feb.amount_of("basic") == rp(12_000_000)
        types = [e.type for e in office.payroll.employees.events("E001")]
        assert types == [EventType.JOINED, EventType.PAY_CHANGED]

    def test_status_change_is_an_event(self, office: BackOffice) -> None:
        """Changing the tax status records a dated status_changed event."""
        setup(office)
        office.payroll.employees.change_status("E002", effective=date(2026, 1, 1), tax_status="K/0")
        assert office.payroll.employees.get("E002").tax_status == "K/0"
        last = office.payroll.employees.events("E002")[-1]
        assert (last.type, last.details) == (EventType.STATUS_CHANGED, {"tax_status": "K/0"})

    def test_leaving_stops_pay_after_the_month(self, office: BackOffice) -> None:
        """A leaver has no payslip in the month after leaving."""
        setup(office)
        office.payroll.employees.leave("E002", on=date(2026, 3, 15))
        march = office.payroll.preview("2026-03", RULES)
        april = office.payroll.preview("2026-04", RULES)
        assert {s.employee for s in march.payslips} == {"E001", "E002"}
        assert {s.employee for s in april.payslips} == {"E001"}


class TestBadModels:
    def test_empty_tax_status_raises_employee_error(self) -> None:
        """Building an employee without a tax status raises EmployeeError naming it."""
        with pytest.raises(EmployeeError, match=r"'E7'.*tax_status"):
            employee("E7", 5_000_000, status="")

    def test_bad_component_code_raises_component_error(self) -> None:
        """A component code with spaces raises ComponentError naming the code."""
        with pytest.raises(ComponentError, match="'Bad Code'"):
            PayComponent(code="Bad Code", name="x", kind=ComponentKind.EARNING)

    def test_formula_and_function_together_are_refused(self) -> None:
        """A component cannot have both a formula and a Python function."""
        with pytest.raises(ComponentError, match="not both"):
            PayComponent(
                code="x",
                name="x",
                kind=ComponentKind.EARNING,
                formula=ref("basic") * 2,
                function="f",
            )

    def test_negative_overtime_raises_a_library_error(self) -> None:
        """Negative overtime hours raise InvalidInputError, not a pydantic error."""
        with pytest.raises(InvalidInputError, match="hours"):
            Overtime(hours=Decimal(-1))
