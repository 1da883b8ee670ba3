"""The Indonesian payroll rules bundled for the payroll domain, and minimum wages.

:class:`IndonesianPayrollRules` gathers the choices an employer makes once (PPh 21
options, JKK risk class, JKK relief, rounding of BPJS, THR counting) and exposes the
calculations a payroll run needs as methods with those choices applied. It satisfies
:class:`~backoffice_core.payroll.PayrollRules` (``check_status``, ``social_security``,
``withholding``, ``overtime_pay``, ``holiday_allowance``) by delegating to the rule
modules; the payroll domain never imports them itself, so another jurisdiction is
another object with the same methods.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from backoffice_core.errors import InvalidInputError, RuleParameterError
from backoffice_core.jurisdictions.indonesia._inputs import ZERO, flag, idr, option, ptkp_status
from backoffice_core.jurisdictions.indonesia.bpjs import (
    BpjsContributions,
    bpjs_contributions,
)
from backoffice_core.jurisdictions.indonesia.bpjs import (
    jkk_class as parse_jkk_class,
)
from backoffice_core.jurisdictions.indonesia.errors import InvalidArgumentTypeError
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
    BiayaJabatanCap,
    MonthlyWithholding,
    Pph21Options,
    daily_withholding,
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
from backoffice_core.payroll import (
    EmploymentType,
    SocialContribution,
    TaxFigure,
    TaxRequest,
    TaxResult,
)

__all__ = ["IndonesianPayrollRules", "minimum_wage", "payroll_rules", "year_end_figures"]


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


def _pph21_options(value: Pph21Options) -> Pph21Options:
    if not isinstance(value, Pph21Options):
        raise InvalidArgumentTypeError(
            f"pph21 {value!r} is a {type(value).__name__}, not Pph21Options: "
            "pass Pph21Options(...), e.g. Pph21Options(biaya_jabatan_cap='monthly')"
        )
    return value


def _jkk_relief(value: bool) -> bool:
    return flag(value, "jkk_relief")


def _bpjs_rounding(value: Rounding | str) -> Rounding:
    return option(value, Rounding, "bpjs_rounding")


def _thr_counting(value: ServiceCounting | str) -> ServiceCounting:
    return option(value, ServiceCounting, "thr_counting")


def _work_week(value: WorkWeek | str) -> WorkWeek:
    return option(value, WorkWeek, "work_week")


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

    Enum choices also take a member's name or value as a string (``thr_counting="days"``);
    a value that is neither raises :class:`~.errors.InvalidOptionError` (an unknown JKK
    class :class:`~.errors.UnknownJkkClassError`), and ``jkk_relief`` must be a bool.
    """

    pph21: Pph21Options = attrs.field(factory=Pph21Options, converter=_pph21_options)
    jkk_class: JkkRiskClass = attrs.field(
        default=JkkRiskClass.SANGAT_RENDAH, converter=parse_jkk_class
    )
    jkk_relief: bool = attrs.field(default=False, converter=_jkk_relief)
    region: str | None = None
    bpjs_rounding: Rounding = attrs.field(default=Rounding.HALF_UP, converter=_bpjs_rounding)
    thr_counting: ServiceCounting = attrs.field(
        default=ServiceCounting.WHOLE_MONTHS, converter=_thr_counting
    )
    work_week: WorkWeek = attrs.field(default=WorkWeek.FIVE_DAY, converter=_work_week)

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

    # --- the PayrollRules protocol of the payroll domain ---------------------------
    @property
    def monthly_history(self) -> bool:
        """True under the monthly biaya jabatan cap, which takes each month's gross.

        Under the aggregate cap (the default) the last period needs only the earlier
        months' count and sums, so a run reads them summed per employee.
        """
        return self.pph21.biaya_jabatan_cap is BiayaJabatanCap.MONTHLY

    def check_status(self, status: str) -> str:
        """Return the PTKP status in its canonical form (``"k1"`` gives ``"K/1"``).

        Raises:
            UnknownPtkpStatusError: If it is not TK/0-TK/3 or K/0-K/3.
        """
        return ptkp_status(status).value

    def social_security(self, wage: Money, on: date) -> tuple[SocialContribution, ...]:
        """Return the BPJS programmes' contributions as neutral values.

        Employer JKK, JKM and BPJS Kesehatan are taxable income of the employee;
        employee JHT and JP are deductible in the last tax period (reference 1.7).
        """
        b = self.bpjs(wage, on)
        return (
            SocialContribution("KESEHATAN", "BPJS Kesehatan", idr(b.kesehatan_employee),
                               idr(b.kesehatan_employer), employer_taxable=True),
            SocialContribution("JHT", "BPJS JHT", idr(b.jht_employee), idr(b.jht_employer),
                               employee_deductible=True),
            SocialContribution("JP", "BPJS JP", idr(b.jp_employee), idr(b.jp_employer),
                               employee_deductible=True),
            SocialContribution("JKK", "BPJS JKK", idr(ZERO), idr(b.jkk_employer),
                               employer_taxable=True),
            SocialContribution("JKM", "BPJS JKM", idr(ZERO), idr(b.jkm_employer),
                               employer_taxable=True),
        )  # fmt: skip

    def withholding(self, request: TaxRequest) -> TaxResult:
        """Return the month's PPh 21: daily TER, monthly TER or the last-period calculation.

        A daily worker is taxed with the daily TER on the month's gross over the days
        worked; everyone else with the monthly TER, except in the last tax period
        (December or the leaving month), where the year is reconciled against the
        TER withheld in the earlier months and any previous employer's slip.
        """
        if request.employment_type is EmploymentType.DAILY:
            daily = daily_withholding(
                request.taxable_gross,
                request.on,
                days=max(request.days_worked, 1),
                has_npwp=request.has_tax_id,
                options=self.pph21,
            )
            rate = "Pasal 17 x 50%" if daily.rate is None else str(daily.rate)
            return TaxResult(daily.tax, "daily TER", {"rate": rate, "days": str(daily.days)})
        if not request.last_period:
            monthly = self.monthly_withholding(
                request.taxable_gross, request.status, request.on, has_npwp=request.has_tax_id
            )
            details = {"category": monthly.category.value, "rate": str(monthly.rate)}
            return TaxResult(monthly.tax, "TER", details)
        return self._last_period(request)

    def _last_period(self, request: TaxRequest) -> TaxResult:
        history = request.history("IDR")
        if request.earlier:
            grosses = [m.taxable_gross for m in request.earlier]
        elif self.monthly_history and history.months:
            raise InvalidInputError(
                f"employee {request.employee!r}: the monthly biaya jabatan cap needs each "
                "earlier month's gross: pass TaxRequest.earlier, not only year_to_date"
            )
        else:
            # the aggregate cap reads only the months' count and their sum (reference 6.2)
            rest = [idr(ZERO)] * (history.months - 1)
            grosses = [history.taxable_gross, *rest] if history.months else []
        grosses.append(request.taxable_gross)
        withheld = history.tax.amount
        deductible = history.deductible.amount
        previous = request.previous_employment
        slip = (
            None if previous is None else PreviousEmployerSlip(previous.neto, previous.tax_withheld)
        )
        year = self.last_period_withholding(
            request.status,
            request.on,
            grosses,
            withheld=idr(withheld),
            pension_contributions=idr(deductible + request.deductible.amount),
            previous_employer=slip,
            has_npwp=request.has_tax_id,
        )
        details = {
            "months_worked": str(year.months_worked),
            "gross": str(year.gross_amount),
            "biaya_jabatan": str(year.biaya_jabatan_amount),
            "pension": str(year.pension_amount),
            "neto": str(year.neto_amount),
            "previous_neto": str(year.previous_neto_amount),
            "neto_year": str(year.neto_amount + year.previous_neto_amount),
            "ptkp": str(year.ptkp_amount),
            "pkp": str(year.pkp_amount),
            "annual_tax": str(year.annual_tax_amount),
            "tax_due": str(year.tax_due_amount),
            "withheld": str(year.withheld_amount),
            "previous_withheld": str(year.previous_withheld_amount),
        }
        return TaxResult(year.tax, "annual", details, year_end_figures(year))

    def overtime_pay(self, monthly_wage: Money, hours: Decimal, day: str) -> Money:
        """Return one day's overtime pay; ``day`` is an :class:`OvertimeDay` value.

        Raises:
            OvertimeHoursError: If the hours are negative or above the day's limit.
            InvalidInputError: If ``day`` is not a kind of day.
        """
        kinds = {d.value: d for d in OvertimeDay}
        if day not in kinds:
            raise InvalidInputError(
                f"overtime day {day!r} is unknown: use one of {', '.join(map(repr, kinds))}"
            )
        return overtime_pay(monthly_wage, hours, kinds[day], work_week=self.work_week).amount

    def holiday_allowance(self, monthly_wage: Money, service_start: date, on: date) -> Money:
        """Return the THR due on ``on`` (zero under one month of service)."""
        return self.thr(monthly_wage, service_start, on).amount


_FIGURES: tuple[tuple[str, str, str, bool], ...] = (
    ("gross", "Gross income of the year", "Jumlah penghasilan bruto", True),
    ("biaya_jabatan", "Occupational expense", "Biaya jabatan", True),
    ("pension", "Pension and old-age contributions", "Iuran terkait pensiun atau hari tua", False),
    ("zakat", "Zakat through the employer", "Zakat melalui pemberi kerja", False),
    ("neto", "Net income", "Jumlah penghasilan neto", True),
    ("previous_neto", "Net income from a previous employer",
     "Penghasilan neto masa pajak sebelumnya", False),
    ("neto_year", "Annual net income", "Penghasilan neto setahun/disetahunkan", True),
    ("ptkp", "Non-taxable income (PTKP)", "Penghasilan tidak kena pajak (PTKP)", True),
    ("pkp", "Taxable income (rounded down to thousands)",
     "Penghasilan kena pajak (dibulatkan ke bawah ribuan)", True),
    ("annual_tax", "PPh 21 on the taxable income",
     "PPh Pasal 21 atas penghasilan kena pajak", True),
    ("surcharge", "No-NPWP surcharge (20%)", "Tambahan tanpa NPWP (20%)", False),
    ("tax_due", "PPh 21 due for the year", "PPh Pasal 21 terutang", False),
    ("previous_withheld", "PPh 21 withheld by the previous employer",
     "PPh Pasal 21 dipotong pemberi kerja sebelumnya", False),
    ("withheld", "PPh 21 withheld in the earlier months", "PPh Pasal 21 yang telah dipotong", True),
    ("tax", "PPh 21 of the last period (negative: refunded)",
     "PPh Pasal 21 masa pajak terakhir (negatif: lebih dipotong)", True),
)  # fmt: skip
"""Code, English and Indonesian label of each year-end figure, and whether it is always
shown (the others only when not zero); the order of the BPA1 lines 8 to 23."""


def year_end_figures(year: AnnualReconciliation) -> tuple[TaxFigure, ...]:
    """Return the last-period calculation as the payslip shows it, in the BPA1's order.

    Every figure is a whole rupiah: PKP rounded down to thousands, biaya jabatan up
    to the rupiah (see :mod:`.reconciliation`); ``tax_due`` appears when it differs
    from ``annual_tax`` (a surcharge), and optional figures only when not zero.
    """
    values = {
        "gross": year.gross_amount,
        "biaya_jabatan": year.biaya_jabatan_amount,
        "pension": year.pension_amount,
        "zakat": year.zakat_amount,
        "neto": year.neto_amount,
        "previous_neto": year.previous_neto_amount,
        "neto_year": year.neto_amount + year.previous_neto_amount,
        "ptkp": year.ptkp_amount,
        "pkp": year.pkp_amount,
        "annual_tax": year.annual_tax_amount,
        "surcharge": year.surcharge_amount,
        "tax_due": year.tax_due_amount if year.tax_due_amount != year.annual_tax_amount else ZERO,
        "previous_withheld": year.previous_withheld_amount,
        "withheld": year.withheld_amount,
        "tax": year.tax_amount,
    }
    return tuple(
        TaxFigure(code=code, name=name, name_id=name_id, amount=idr(values[code]))
        for code, name, name_id, always in _FIGURES
        if always or values[code]
    )


def payroll_rules(**choices: Any) -> IndonesianPayrollRules:
    """Return the Indonesian payroll rules, defaults overridden by ``choices``.

    Args:
        **choices: Any attribute of :class:`IndonesianPayrollRules`, e.g.
            ``jkk_class=JkkRiskClass.SEDANG`` or ``region="DKI Jakarta"``.

    Raises:
        TypeError: If a choice is not an attribute of the rules.
    """
    return attrs.evolve(IndonesianPayrollRules(), **choices)
