"""The payroll data: employees, pay components, events, runs and payslips.

Every model is a frozen pydantic model; a change is a new version stored through the
record store. Identity numbers (NIK, NPWP) and bank accounts are kept in full in the
store but never shown by ``repr``/``str`` or the default renders: those show the last
four characters only (:func:`mask`).
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from backoffice_core.money import Money, Rounding
from backoffice_core.payroll._base import InputModel
from backoffice_core.payroll.errors import ComponentError, EmployeeError
from backoffice_core.payroll.formulas import Expr
from backoffice_core.payroll.inputs import RunInputs

__all__ = [
    "Assignment",
    "ComponentKind",
    "Employee",
    "EmployeeEvent",
    "EmployeeStatus",
    "EmploymentType",
    "EventType",
    "LineKind",
    "PayComponent",
    "PayrollRun",
    "Payslip",
    "PayslipLine",
    "PostingRow",
    "PreviousEmployment",
    "RunStatus",
    "TaxFigure",
    "mask",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


def mask(value: str | None) -> str:
    """Return ``value`` with all but its last four characters replaced by ``*``.

    Example:
        ``mask("3171234567890001")`` is ``"************0001"``.
    """
    if not value:
        return ""
    return "*" * max(len(value) - 4, 0) + value[-4:]


class EmploymentType(enum.StrEnum):
    """How the employee is employed."""

    PERMANENT = "permanent"
    CONTRACT = "contract"
    DAILY = "daily"


class EmployeeStatus(enum.StrEnum):
    """Whether the employee is still employed."""

    ACTIVE = "active"
    LEFT = "left"


class ComponentKind(enum.StrEnum):
    """What a pay component is."""

    EARNING = "earning"
    """Cash pay: salary, allowances, overtime, bonus, THR."""
    DEDUCTION = "deduction"
    """Withheld from cash pay: loan repayments, union dues."""
    EMPLOYER_CONTRIBUTION = "employer_contribution"
    """Paid by the employer on top of pay: a private pension premium."""
    BENEFIT_IN_KIND = "benefit_in_kind"
    """Not paid in cash but counted as income (taxable where flagged)."""


class PayComponent(InputModel):
    """A kind of pay: its flags and either a fixed amount or a formula.

    Args:
        code: Short unique code, such as ``"basic"`` or ``"transport"``.
        name: Name in English.
        name_id: Name in Bahasa Indonesia (the English name when empty).
        kind: Earning, deduction, employer contribution or benefit in kind.
        taxable: Counted in the taxable gross (earnings, benefits, contributions).
        tax_deductible: For a deduction: deducted from the annual taxable income in the
            last tax period, like the employee's social-security contributions (an
            employee's contribution to an approved pension fund, iuran pensiun).
        social_security_base: Part of the wage social security is computed on.
        recurring: Paid every month (prorated for joiners, leavers and unpaid
            leave); False for one-off amounts, which are never prorated.
        amount: The default amount, overridden by an employee's assignment.
        formula: A declarative formula over other components.
        function: The name of a :class:`~backoffice_core.payroll.formulas.PythonFormula`
            given to the run.
        rounding: How a computed (prorated or formula) amount is rounded to the
            currency's minor unit.
    """

    error = ComponentError
    model_config = _FROZEN

    code: str = Field(min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    name_id: str = ""
    kind: ComponentKind
    taxable: bool = True
    tax_deductible: bool = False
    social_security_base: bool = False
    recurring: bool = True
    amount: Money | None = None
    formula: Expr | None = None
    function: str | None = None
    rounding: Rounding = Rounding.HALF_UP

    def model_post_init(self, _context: object) -> None:
        """Refuse a formula with a Python function, and a deductible non-deduction."""
        if self.formula is not None and self.function is not None:
            raise ValueError("give a formula or a function, not both")
        if self.tax_deductible and self.kind is not ComponentKind.DEDUCTION:
            raise ValueError(
                f"only a deduction can be tax_deductible, not a {self.kind.value}: "
                "set kind='deduction' or tax_deductible=False"
            )

    def label(self, language: str) -> str:
        """Return the component's name in ``language`` (``"id"`` or ``"en"``)."""
        return self.name_id if language == "id" and self.name_id else self.name


class Assignment(InputModel):
    """A pay component assigned to an employee from a date.

    Args:
        component: The component code.
        amount: The amount for this employee, or None to use the component's default
            amount or formula.
        effective_from: First day the assignment applies.
        effective_to: Last day it applies, or None while it lasts.
    """

    error = EmployeeError
    model_config = _FROZEN

    component: str
    amount: Money | None = None
    effective_from: date
    effective_to: date | None = None

    def applies_on(self, day: date) -> bool:
        """True when the assignment is in force on ``day``."""
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


class PreviousEmployment(InputModel):
    """Income and tax of a previous employer in the same tax year (their year-end slip).

    Args:
        neto: The neto income that employer reported.
        tax_withheld: The tax that employer withheld.
    """

    error = EmployeeError
    model_config = _FROZEN
    neto: Money
    tax_withheld: Money


class Employee(InputModel):
    """An employee: identity, tax status, employment and assigned pay components.

    Args:
        id: The employee number.
        name: Full name.
        nik: National identity number (masked in repr and renders).
        npwp: Tax identification number (masked in repr and renders).
        tax_status: The tax status the rules know, such as ``"K/1"``.
        employment_type: Permanent, contract or daily.
        joined: First day of employment.
        left: Last day of employment, or None.
        department: Department (the journal's expense dimension).
        cost_centre: Cost centre (also a journal dimension).
        bank_account: Account the net pay goes to (masked in repr and renders).
        components: Assigned pay components with their effective dates.
        previous_employment: A previous employer's slip of the joining year.
        status: Active or left.
    """

    error = EmployeeError
    model_config = _FROZEN

    id: str = Field(min_length=1, max_length=60)
    name: str = Field(min_length=1)
    nik: str | None = Field(default=None, repr=False)
    npwp: str | None = Field(default=None, repr=False)
    tax_status: str = Field(min_length=1)
    employment_type: EmploymentType = EmploymentType.PERMANENT
    joined: date
    left: date | None = None
    department: str = ""
    cost_centre: str = ""
    bank_account: str | None = Field(default=None, repr=False)
    components: tuple[Assignment, ...] = ()
    previous_employment: PreviousEmployment | None = None
    status: EmployeeStatus = EmployeeStatus.ACTIVE

    @property
    def has_tax_id(self) -> bool:
        """True when the employee has an NPWP or a NIK (which serves as one)."""
        return bool(self.npwp or self.nik)

    @property
    def masked_nik(self) -> str:
        """The NIK with all but the last four digits hidden."""
        return mask(self.nik)

    @property
    def masked_npwp(self) -> str:
        """The NPWP with all but the last four digits hidden."""
        return mask(self.npwp)

    @property
    def masked_bank_account(self) -> str:
        """The bank account with all but the last four characters hidden."""
        return mask(self.bank_account)

    def __repr_args__(self) -> Any:
        yield from super().__repr_args__()
        yield "nik", self.masked_nik or None
        yield "npwp", self.masked_npwp or None
        yield "bank_account", self.masked_bank_account or None

    def assignments_on(self, day: date) -> dict[str, Assignment]:
        """Return the assignment of each component in force on ``day`` (the latest wins)."""
        found: dict[str, Assignment] = {}
        for item in self.components:
            if item.applies_on(day):
                current = found.get(item.component)
                if current is None or item.effective_from >= current.effective_from:
                    found[item.component] = item
        return found


class EmployeeIdentifiers(BaseModel):
    """An employee's identity numbers alone, as :meth:`Employees.identifiers` reads them.

    A view of the stored employee (see :mod:`backoffice_core.record_views`): reading
    it skips the pay components, so checking every employee's numbers stays cheap.
    ``repr`` shows the numbers masked, as for :class:`Employee`.

    Args:
        id: The employee number.
        nik: National identity number, or None.
        npwp: Tax identification number, or None.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    nik: str | None = Field(default=None, repr=False)
    npwp: str | None = Field(default=None, repr=False)

    def __repr_args__(self) -> Any:
        yield from super().__repr_args__()
        yield "nik", mask(self.nik) or None
        yield "npwp", mask(self.npwp) or None


class EventType(enum.StrEnum):
    """What happened to an employee."""

    JOINED = "joined"
    PAY_CHANGED = "pay_changed"
    STATUS_CHANGED = "status_changed"
    LEFT = "left"


class EmployeeEvent(BaseModel):
    """A dated event in an employee's history (append-only, audited).

    Args:
        id: ``<employee>/<number>``.
        employee: The employee id.
        type: What happened.
        on: The date it takes effect.
        details: What changed, as text (no identity numbers).
        actor: Who recorded it.
    """

    model_config = _FROZEN
    id: str
    employee: str
    type: EventType
    on: date
    details: dict[str, str] = Field(default_factory=dict)
    actor: str


class RunStatus(enum.StrEnum):
    """The life of a payroll run."""

    DRAFT = "draft"
    CALCULATED = "calculated"
    APPROVED = "approved"
    POSTED = "posted"
    PAID = "paid"


class LineKind(enum.StrEnum):
    """Where a payslip line goes."""

    EARNING = "earning"
    BENEFIT_IN_KIND = "benefit_in_kind"
    DEDUCTION = "deduction"
    SOCIAL_SECURITY = "social_security"
    TAX = "tax"
    EMPLOYER_CONTRIBUTION = "employer_contribution"
    EMPLOYER_SOCIAL_SECURITY = "employer_social_security"


class PayslipLine(BaseModel):
    """One rounded line of a payslip.

    Args:
        code: Component code, social-security programme or ``"tax"``.
        name: Name in English.
        name_id: Name in Bahasa Indonesia.
        kind: Where the line goes.
        amount: The rounded amount (never negative except on a correction or a
            year-end tax refund).
        taxable: Counted in the taxable gross.
    """

    model_config = _FROZEN
    code: str
    name: str
    name_id: str = ""
    kind: LineKind
    amount: Money
    taxable: bool = False

    def label(self, language: str) -> str:
        """Return the line's name in ``language``."""
        return self.name_id if language == "id" and self.name_id else self.name


class TaxFigure(BaseModel):
    """One figure of the year-end tax calculation a last-period payslip shows.

    Args:
        code: What the figure is, such as ``"neto"`` or ``"pkp"``.
        name: Its name in English.
        name_id: Its name in Bahasa Indonesia.
        amount: The figure, rounded as the rules round it.
    """

    model_config = _FROZEN
    code: str
    name: str
    name_id: str = ""
    amount: Money

    def label(self, language: str) -> str:
        """Return the figure's name in ``language``."""
        return self.name_id if language == "id" and self.name_id else self.name


class Payslip(BaseModel):
    """One employee's result in one calculation of a run.

    Every total is the sum of its rounded lines, so the lines always add up.

    Args:
        key: ``<run>/<calculation>/<employee>``.
        run: The run id.
        calculation: The calculation number within the run.
        calc_key: ``<run>/<calculation>``: the calculation the payslip belongs to.
        month: The pay month, ``YYYY-MM``.
        employee: The employee id.
        name: The employee's name.
        department: Department at calculation.
        cost_centre: Cost centre at calculation.
        nik: The NIK (masked in renders).
        npwp: The NPWP (masked in renders).
        tax_status: The tax status used.
        days_paid: Days paid after proration and unpaid leave.
        days_in_period: Days in the month under the proration policy.
        last_period: Whether this is the employee's last tax period of the year.
        lines: The lines.
        gross: Cash earnings.
        taxable_gross: The tax base of the month.
        deductions: Everything withheld from cash earnings (tax included).
        tax: Tax withheld (negative when the year-end reconciliation refunds).
        tax_deductible: Employee contributions deductible in the annual tax.
        employer_cost: Employer contributions and social security.
        net: Cash paid to the employee.
        tax_details: The rules' figures behind the tax (method, rate, annual figures).
        off_cycle: True for a correction run's payslip (amounts are differences).
        tax_figures: The year-end calculation, in order, on a last-period payslip.
        month_count: 1 when the payslip is the first to pay the employee for its month
            (every regular payslip, and a correction's when no approved run of the
            month had paid the employee), else 0. Summed over a year's approved runs
            (the store totals it), it is the months the employee was paid.
    """

    model_config = _FROZEN
    key: str
    run: str
    calculation: int
    calc_key: str
    month: str
    employee: str
    name: str
    department: str
    cost_centre: str
    nik: str | None = Field(default=None, repr=False)
    npwp: str | None = Field(default=None, repr=False)
    tax_status: str
    days_paid: int
    days_in_period: int
    last_period: bool
    lines: tuple[PayslipLine, ...]
    gross: Money
    taxable_gross: Money
    deductions: Money
    tax: Money
    tax_deductible: Money
    employer_cost: Money
    net: Money
    tax_details: dict[str, str] = Field(default_factory=dict)
    off_cycle: bool = False
    tax_figures: tuple[TaxFigure, ...] = ()
    month_count: int = Field(default=1, ge=0, le=1)

    @property
    def masked_npwp(self) -> str:
        """The NPWP with all but the last four digits hidden."""
        return mask(self.npwp)

    def lines_of(self, *kinds: LineKind) -> list[PayslipLine]:
        """Return the lines of the given kinds, in order."""
        return [line for line in self.lines if line.kind in kinds]

    def amount_of(self, code: str) -> Money:
        """Return the sum of the lines with ``code`` (zero when there is none)."""
        return Money.sum((ln.amount for ln in self.lines if ln.code == code), self.net.currency)

    def render(self, locale: str = "en_US") -> str:
        """Render as plain text in the language of ``locale`` (``"id_ID"``, ``"en_US"``)."""
        from backoffice_core.payroll.reports import payslip_text  # reports import models

        return payslip_text(self, locale)

    def to_html(self, locale: str = "en_US") -> str:
        """Render as an HTML fragment in the language of ``locale``."""
        from backoffice_core.payroll.reports import payslip_html  # reports import models

        return payslip_html(self, locale)

    def to_json(self, locale: str = "en_US") -> str:
        """Render as JSON with line names in the language of ``locale``."""
        from backoffice_core.payroll.reports import payslip_json  # reports import models

        return payslip_json(self, locale)

    def _repr_html_(self) -> str:
        return self.to_html()


class PostingRow(BaseModel):
    """The sum of one kind of payslip line for one department and cost centre.

    A run keeps these sums when it is calculated, so approving it posts without
    reading every payslip again.

    Args:
        kind: The line kind.
        code: The component code or social-security programme.
        department: The department.
        cost_centre: The cost centre.
        amount: The sum of the lines.
    """

    model_config = _FROZEN
    kind: LineKind
    code: str
    department: str = ""
    cost_centre: str = ""
    amount: Money


class PayrollRun(BaseModel):
    """A payroll run for one month.

    Args:
        id: ``YYYY-MM`` for the regular run, ``YYYY-MM-C<n>`` for a correction.
        month: The pay month, ``YYYY-MM``.
        status: Draft, calculated, approved, posted or paid.
        corrects: The run a correction (off-cycle) run corrects, else None.
        calculation: Number of the current calculation (0 before the first).
        prepared_by: The actor who calculated it last.
        approved_by: The actor who approved it.
        pay_date: The date pay is (to be) transferred.
        journal_entry: The id of the posted payroll entry.
        settlement_entry: The id of the posted payment entry.
        employees: How many payslips the current calculation has.
        gross: Total cash earnings.
        tax: Total tax withheld.
        employer_cost: Total employer contributions and social security.
        net: Total net pay.
        inputs: The variable inputs of the run (overtime, leave, one-off pay, THR).
        inputs_digest: SHA-256 of the calculation's inputs (for determinism checks).
        posting: The payslip lines summed by kind, code, department and cost centre
            (what approval posts).
    """

    model_config = _FROZEN
    id: str
    month: str
    status: RunStatus = RunStatus.DRAFT
    corrects: str | None = None
    calculation: int = 0
    prepared_by: str | None = None
    approved_by: str | None = None
    pay_date: date | None = None
    journal_entry: str | None = None
    settlement_entry: str | None = None
    employees: int = 0
    gross: Money
    tax: Money
    employer_cost: Money
    net: Money
    inputs: RunInputs = Field(default_factory=RunInputs)
    inputs_digest: str = ""
    posting: tuple[PostingRow, ...] = ()
