"""Payroll: employees, pay components, monthly runs with maker-checker, payslips, posting.

Jurisdiction-neutral: tax and social security come from an object satisfying
:class:`PayrollRules` (``jurisdictions.indonesia.payroll_rules()`` for Indonesia), and
the journal goes through the ledger's public API with an :class:`AccountMapping`.
"""

from backoffice_core.payroll.corrections import difference
from backoffice_core.payroll.employees import Employees
from backoffice_core.payroll.errors import (
    ComponentError,
    EmployeeError,
    FormulaCycleError,
    PayrollCalculationError,
    RunStateError,
)
from backoffice_core.payroll.formulas import (
    Apply,
    Const,
    Expr,
    FormulaInput,
    PythonFormula,
    Ref,
    const,
    evaluation_order,
    ref,
)
from backoffice_core.payroll.inputs import EmployeeInput, Overtime, Proration, RunInputs
from backoffice_core.payroll.models import (
    Assignment,
    ComponentKind,
    Employee,
    EmployeeEvent,
    EmployeeIdentifiers,
    EmployeeStatus,
    EmploymentType,
    EventType,
    LineKind,
    PayComponent,
    PayrollRun,
    Payslip,
    PayslipLine,
    PostingRow,
    PreviousEmployment,
    RunStatus,
    TaxFigure,
    mask,
)
from backoffice_core.payroll.ports import COMPONENT, EMPLOYEE, EVENT, PAYSLIP, RUN
from backoffice_core.payroll.posting import (
    AccountMapping,
    journal_lines,
    settlement_lines,
    summarize,
)
from backoffice_core.payroll.reports import (
    Preview,
    payslip_html,
    payslip_json,
    payslip_text,
    run_summary,
)
from backoffice_core.payroll.rules import (
    EarlierMonth,
    PayrollRules,
    SocialContribution,
    TaxRequest,
    TaxResult,
    YearToDate,
)
from backoffice_core.payroll.service import Payroll
from backoffice_core.payroll.words import terbilang

__all__ = [
    "COMPONENT",
    "EMPLOYEE",
    "EVENT",
    "PAYSLIP",
    "RUN",
    "AccountMapping",
    "Apply",
    "Assignment",
    "ComponentError",
    "ComponentKind",
    "Const",
    "EarlierMonth",
    "Employee",
    "EmployeeError",
    "EmployeeEvent",
    "EmployeeIdentifiers",
    "EmployeeInput",
    "EmployeeStatus",
    "Employees",
    "EmploymentType",
    "EventType",
    "Expr",
    "FormulaCycleError",
    "FormulaInput",
    "LineKind",
    "Overtime",
    "PayComponent",
    "Payroll",
    "PayrollCalculationError",
    "PayrollRules",
    "PayrollRun",
    "Payslip",
    "PayslipLine",
    "PostingRow",
    "Preview",
    "PreviousEmployment",
    "Proration",
    "PythonFormula",
    "Ref",
    "RunInputs",
    "RunStateError",
    "RunStatus",
    "SocialContribution",
    "TaxFigure",
    "TaxRequest",
    "TaxResult",
    "YearToDate",
    "const",
    "difference",
    "evaluation_order",
    "journal_lines",
    "mask",
    "payslip_html",
    "payslip_json",
    "payslip_text",
    "ref",
    "run_summary",
    "settlement_lines",
    "summarize",
    "terbilang",
]
