"""What varies from month to month: overtime, unpaid leave, one-off pay, THR, proration.

:class:`RunInputs` is stored with the run, so recalculating a draft uses the same
inputs and gives the same payslips.
"""

from __future__ import annotations

import enum
import hashlib
from datetime import date, timedelta
from decimal import Decimal

from pydantic import ConfigDict, Field

from backoffice_core.money import Money
from backoffice_core.payroll._base import InputModel

__all__ = ["EmployeeInput", "Overtime", "Proration", "RunInputs"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Proration(enum.StrEnum):
    """How recurring pay is prorated for joiners, leavers and unpaid leave."""

    CALENDAR_DAYS = "calendar_days"
    """Days paid over the calendar days of the month."""
    WORKING_DAYS = "working_days"
    """Monday-to-Friday days paid over the month's Monday-to-Friday days."""

    def days(self, start: date, stop: date) -> int:
        """Return the days counted from ``start`` to ``stop`` inclusive."""
        total = (stop - start).days + 1
        if self is Proration.CALENDAR_DAYS:
            return max(total, 0)
        weeks, rest = divmod(max(total, 0), 7)
        count = weeks * 5
        for offset in range(rest):
            if (start + timedelta(days=weeks * 7 + offset)).weekday() < 5:
                count += 1
        return count


class Overtime(InputModel):
    """Overtime hours worked on one day.

    Args:
        hours: Hours of overtime (a Decimal or a string such as ``"2.5"``).
        day: The kind of day, as the rules name it (``"workday"``, ``"rest day"``, ...).
    """

    model_config = _FROZEN
    hours: Decimal = Field(ge=0)
    day: str = "workday"


class EmployeeInput(InputModel):
    """One employee's variable inputs for a month.

    Args:
        unpaid_leave_days: Days of unpaid leave (counted like the proration policy).
        overtime: Overtime worked, one entry per day.
        one_off: One-off amounts by component code (a bonus), never prorated.
    """

    model_config = _FROZEN
    unpaid_leave_days: int = Field(default=0, ge=0)
    overtime: tuple[Overtime, ...] = ()
    one_off: dict[str, Money] = Field(default_factory=dict)


class RunInputs(InputModel):
    """The variable inputs of a run.

    Args:
        employees: Inputs by employee id.
        holiday_allowance: Pay the religious-holiday allowance (THR) in this run.
        proration: How recurring pay is prorated.
        only: Calculate these employees only (an off-cycle run), or all when empty.
    """

    model_config = _FROZEN
    employees: dict[str, EmployeeInput] = Field(default_factory=dict)
    holiday_allowance: bool = False
    proration: Proration = Proration.CALENDAR_DAYS
    only: tuple[str, ...] = ()

    def of(self, employee: str) -> EmployeeInput:
        """Return ``employee``'s inputs (none when not given)."""
        return self.employees.get(employee) or _NONE

    def digest(self) -> str:
        """Return the SHA-256 of the inputs' canonical JSON."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()


_NONE = EmployeeInput()
