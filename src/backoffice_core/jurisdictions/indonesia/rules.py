"""The Indonesian payroll rules bundled for the payroll domain, and minimum wages.

:class:`IndonesianPayrollRules` gathers the choices an employer makes once (PPh 21
options, JKK risk class, JKK relief, rounding of BPJS, THR counting) and exposes the
calculations a payroll run needs as methods with those choices applied. The payroll
domain receives it from :func:`payroll_rules` and never imports the rule modules
itself, so another jurisdiction is another object with the same methods.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

import attrs

from backoffice_core.errors import RuleParameterError
from backoffice_core.jurisdictions.indonesia._inputs import idr
from backoffice_core.jurisdictions.indonesia.bpjs import BpjsContributions, bpjs_contributions
from backoffice_core.jurisdictions.indonesia.overtime import (
    OvertimeDay,
    OvertimePay,
    WorkWeek,
    overtime_pay,
)
from backoffice_core.jurisdictions.indonesia.parameters import (
    MINIMUM_WAGES,
    JkkRiskClass,
    PtkpStatus,
)
from backoffice_core.jurisdictions.indonesia.pph21 import (
    MonthlyWithholding,
    Pph21Options,
    monthly_withholding,
)
from backoffice_core.jurisdictions.indonesia.reconciliation import (
    AnnualReconciliation,
    PreviousEmployerSlip,
    last_period_withholding,
)
from backoffice_core.jurisdictions.indonesia.thr import (
    ServiceCounting,
    ThrEntitlement,
    thr_entitlement,
)
from backoffice_core.money import Money, Rounding

__all__ = ["IndonesianPayrollRules", "minimum_wage", "payroll_rules"]


def minimum_wage(region: str, on: date) -> Money:
    """Return the provincial minimum wage (UMP) of ``region`` in force on ``on``.

    Raises:
        RuleParameterError: If the region has no table, or no version covers ``on``.
    """
    table = MINIMUM_WAGES.get(region)
    if table is None:
        raise RuleParameterError(
            f"no minimum wage table for region {region!r}: known regions are "
            f"{', '.join(sorted(MINIMUM_WAGES))}"
        )
    return idr(table.at(on))


@attrs.frozen(slots=True)
class IndonesianPayrollRules:
    """Indonesian payroll calculations with an employer's choices applied.

    Attributes:
        pph21: PPh 21 options (rounding of TER x gross, biaya jabatan cap rule).
        jkk_class: The employer's JKK risk class.
        jkk_relief: Whether the PP 7/2025 JKK relief applies to the employer.
        region: The region whose minimum wage floors the BPJS Kesehatan base, or None.
        bpjs_rounding: Rounding of each BPJS contribution.
        thr_counting: How months of service count for THR.
        work_week: The working-time arrangement for overtime.
    """

    pph21: Pph21Options = attrs.Factory(Pph21Options)
    jkk_class: JkkRiskClass = JkkRiskClass.SANGAT_RENDAH
    jkk_relief: bool = False
    region: str | None = None
    bpjs_rounding: Rounding = Rounding.HALF_UP
    thr_counting: ServiceCounting = ServiceCounting.WHOLE_MONTHS
    work_week: WorkWeek = WorkWeek.FIVE_DAY

    jurisdiction: ClassVar[str] = "ID"
    currency: ClassVar[str] = "IDR"

    def bpjs(self, wage: Money, on: date) -> BpjsContributions:
        """Return the month's BPJS contributions on ``wage``."""
        floor = None if self.region is None else minimum_wage(self.region, on)
        return bpjs_contributions(
            wage,
            on,
            risk_class=self.jkk_class,
            minimum_wage=floor,
            jkk_relief=self.jkk_relief,
            rounding=self.bpjs_rounding,
        )

    def monthly_withholding(
        self, gross: Money, status: PtkpStatus | str, on: date, *, has_npwp: bool = True
    ) -> MonthlyWithholding:
        """Return the monthly TER withholding (see :func:`.pph21.monthly_withholding`)."""
        return monthly_withholding(gross, status, on, has_npwp=has_npwp, options=self.pph21)

    def last_period_withholding(
        self,
        status: PtkpStatus | str,
        on: date,
        monthly_gross: list[Money],
        *,
        withheld: Money,
        pension_contributions: Money | None = None,
        zakat: Money | None = None,
        previous_employer: PreviousEmployerSlip | None = None,
        liable_months: int | None = None,
        has_npwp: bool = True,
    ) -> AnnualReconciliation:
        """Return the last-period PPh 21 (see :func:`.reconciliation.last_period_withholding`)."""
        zero = Money.zero("IDR")
        return last_period_withholding(
            status,
            on,
            monthly_gross,
            withheld=withheld,
            pension_contributions=pension_contributions or zero,
            zakat=zakat or zero,
            previous_employer=previous_employer,
            liable_months=liable_months,
            has_npwp=has_npwp,
            options=self.pph21,
        )

    def thr(self, monthly_wage: Money, service_start: date, as_of: date) -> ThrEntitlement:
        """Return the THR (see :func:`.thr.thr_entitlement`)."""
        return thr_entitlement(monthly_wage, service_start, as_of, counting=self.thr_counting)

    def overtime(
        self, monthly_wage: Money, hours: str | int, day: OvertimeDay = OvertimeDay.WORKDAY
    ) -> OvertimePay:
        """Return one day's overtime pay (see :func:`.overtime.overtime_pay`)."""
        return overtime_pay(monthly_wage, hours, day, work_week=self.work_week)


def payroll_rules(**choices: Any) -> IndonesianPayrollRules:
    """Return the Indonesian payroll rules, defaults overridden by ``choices``.

    Args:
        **choices: Any attribute of :class:`IndonesianPayrollRules`, e.g.
            ``jkk_class=JkkRiskClass.SEDANG`` or ``region="DKI Jakarta"``.

    Raises:
        TypeError: If a choice is not an attribute of the rules.
    """
    return attrs.evolve(IndonesianPayrollRules(), **choices)
