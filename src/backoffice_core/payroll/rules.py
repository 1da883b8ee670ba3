"""What a payroll run asks a jurisdiction: the :class:`PayrollRules` protocol.

The run is jurisdiction-neutral. For tax and social security it calls an object that
satisfies :class:`PayrollRules` (``jurisdictions.indonesia.payroll_rules()`` for
Indonesia), passing and receiving only the neutral values of this module, so another
country is another object with the same methods.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Protocol, runtime_checkable

import attrs

from backoffice_core.money import Money
from backoffice_core.payroll.models import EmploymentType, PreviousEmployment, TaxFigure

__all__ = [
    "EarlierMonth",
    "PayrollRules",
    "SocialContribution",
    "TaxRequest",
    "TaxResult",
    "YearToDate",
]


@attrs.frozen
class SocialContribution:
    """One social-security programme's contribution for a month.

    Attributes:
        program: The programme's short code (``"JHT"``), also the payable's key.
        name: Its display name.
        employee: The employee's share, withheld from pay.
        employer: The employer's share, paid on top.
        employer_taxable: The employer's share counts as the employee's taxable income.
        employee_deductible: The employee's share is deducted in the annual tax.
    """

    program: str
    name: str
    employee: Money
    employer: Money
    employer_taxable: bool = False
    employee_deductible: bool = False


@attrs.frozen
class EarlierMonth:
    """An earlier month of the same tax year with the same employer.

    Attributes:
        month: Month number 1-12.
        taxable_gross: The month's taxable gross.
        tax: Tax withheld in the month.
        deductible: Employee contributions deductible in the annual tax.
    """

    month: int
    taxable_gross: Money
    tax: Money
    deductible: Money


@attrs.frozen
class YearToDate:
    """The earlier months of the same tax year with the same employer, summed.

    A run reads it with one ``totals`` query per chunk of employees, never loading a
    payslip (see :func:`~backoffice_core.payroll.queries.earlier_months`).

    Attributes:
        months: Months the employee was paid (a month's corrections add no month).
        taxable_gross: Their taxable gross.
        tax: Tax withheld in them.
        deductible: Employee contributions deductible in the annual tax.
    """

    months: int
    taxable_gross: Money
    tax: Money
    deductible: Money

    @classmethod
    def of(cls, earlier: tuple[EarlierMonth, ...], currency: str) -> YearToDate:
        """Return the sums of ``earlier`` (one entry per month)."""
        return cls(
            len(earlier),
            Money.sum((m.taxable_gross for m in earlier), currency),
            Money.sum((m.tax for m in earlier), currency),
            Money.sum((m.deductible for m in earlier), currency),
        )


@attrs.frozen
class TaxRequest:
    """Everything the rules need to compute one employee's tax for one month.

    Attributes:
        employee: The employee id (for error messages).
        status: The employee's tax status.
        has_tax_id: Whether the employee has a tax id (NPWP or NIK).
        employment_type: Permanent, contract or daily.
        on: The last day of the pay month (or the leaving day).
        taxable_gross: The month's taxable gross.
        deductible: This month's employee contributions deductible in the annual tax.
        days_worked: Days paid in the month.
        last_period: True in December or the leaving month: reconcile the year.
        earlier: The earlier months of the year with this employer, one by one; a run
            gives them only to rules whose ``monthly_history`` is True.
        previous_employment: A previous employer's slip of the same year.
        year_to_date: The earlier months summed; None means the sums of ``earlier``.
    """

    employee: str
    status: str
    has_tax_id: bool
    employment_type: EmploymentType
    on: date
    taxable_gross: Money
    deductible: Money
    days_worked: int
    last_period: bool
    earlier: tuple[EarlierMonth, ...] = ()
    previous_employment: PreviousEmployment | None = None
    year_to_date: YearToDate | None = None

    def history(self, currency: str) -> YearToDate:
        """Return the earlier months summed: ``year_to_date``, else the sums of ``earlier``."""
        if self.year_to_date is not None:
            return self.year_to_date
        return YearToDate.of(self.earlier, currency)


@attrs.frozen
class TaxResult:
    """The tax of one month.

    Attributes:
        tax: Tax to withhold (negative when the year-end reconciliation refunds).
        method: How it was computed, such as ``"TER"`` or ``"annual"``.
        details: Figures behind it, by name (rate, neto, taxable income, ...).
        figures: The year-end calculation as the payslip shows it, in order (none in
            other months).
    """

    tax: Money
    method: str
    details: dict[str, str] = attrs.field(factory=dict)
    figures: tuple[TaxFigure, ...] = ()


@runtime_checkable
class PayrollRules(Protocol):
    """The tax and social-security rules of one jurisdiction, as a run calls them."""

    @property
    def currency(self) -> str:
        """The currency pay is computed in."""
        ...

    @property
    def monthly_history(self) -> bool:
        """True when the last period needs each earlier month (``TaxRequest.earlier``).

        When False, a run passes only their sums (``TaxRequest.year_to_date``), which
        it reads with one row per employee instead of one per employee and month.
        """
        ...

    def check_status(self, status: str) -> str:
        """Return the canonical form of tax status ``status``.

        Raises:
            InvalidInputError: If the status is unknown.
        """
        ...

    def social_security(self, wage: Money, on: date) -> tuple[SocialContribution, ...]:
        """Return the month's contributions of every programme on ``wage``."""
        ...

    def withholding(self, request: TaxRequest) -> TaxResult:
        """Return the tax to withhold for the month described by ``request``."""
        ...

    def overtime_pay(self, monthly_wage: Money, hours: Decimal, day: str) -> Money:
        """Return the pay for ``hours`` of overtime on one day of kind ``day``."""
        ...

    def holiday_allowance(self, monthly_wage: Money, service_start: date, on: date) -> Money:
        """Return the religious-holiday allowance (THR in Indonesia) due on ``on``."""
        ...
