"""The errors of the payroll domain, each a :class:`~backoffice_core.errors.BackofficeError`.

::

    InvalidInputError
    ├── EmployeeError          an employee's data is missing or contradictory
    ├── ComponentError         a pay component is declared wrongly
    │   └── FormulaCycleError  formulas refer to each other in a circle
    └── PayrollCalculationError  one or more employees could not be calculated
    StateError
    └── RunStateError          a run is not in the state the operation needs
"""

from __future__ import annotations

from backoffice_core.errors import InvalidInputError, StateError

__all__ = [
    "ComponentError",
    "EmployeeError",
    "FormulaCycleError",
    "PayrollCalculationError",
    "RunStateError",
]


class EmployeeError(InvalidInputError):
    """An employee's data is missing, malformed or contradictory (names the employee)."""


class ComponentError(InvalidInputError):
    """A pay component is declared wrongly, or its formula failed (names the component)."""


class FormulaCycleError(ComponentError):
    """Component formulas depend on each other in a circle (the message names the circle)."""


class PayrollCalculationError(InvalidInputError):
    """Some employees of a run could not be calculated; nothing was written.

    Attributes:
        problems: One message per failing employee, each naming the employee and the
            component or input at fault.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        super().__init__(
            f"{len(problems)} employee(s) could not be calculated, nothing was written: "
            + "; ".join(problems)
        )


class RunStateError(StateError):
    """A payroll run is not in the state the operation needs (names run and state)."""
