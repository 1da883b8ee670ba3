"""The last tax period of PPh 21 (December or the leaving month) and a whole tax year.

This module reconciles a year of TER withholding with the annual tax of PMK 168/2023
Pasal 15: gross of the months worked for this employer, minus biaya jabatan, employee
pension/JHT/JP contributions and zakat paid through the employer, plus a previous
employer's neto; full-year PTKP; PKP rounded down to thousands; Pasal 17; minus what was
already withheld. The result may be negative (over-withholding to refund) and is never
clamped. When subjective tax liability starts or ends mid-year, neto is annualised
(x 12/n) and the tax pro-rated (x n/12). :func:`withhold_year` runs the TER months and
the last period for a sequence of :class:`PayPeriod`.

Roundings of the annual figures, each named: PKP is rounded down to full thousands
(:func:`~.pph21.floor_thousand`, PMK 168/2023 Pasal 8(4): the only statutory one).
Every figure the slip shows is a whole rupiah: biaya jabatan (5% of a gross that is not
a multiple of 20 has sen) is rounded up to the rupiah and the annualised neto down
(:func:`ceil_rupiah`, :func:`floor_rupiah`), so neto is rounded down to the rupiah.
Neither changes the tax: PTKP is a multiple of 1.000, so rounding neto down to the
rupiah before PKP is rounded down to thousands gives the same PKP as the exact neto.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import NamedTuple

import attrs

from backoffice_core.jurisdictions.indonesia._inputs import (
    IDR,
    MAX_RUPIAH,
    ONE,
    TWELVE,
    ZERO,
    flag,
    idr,
    month,
    ptkp_status,
    rupiah,
)
from backoffice_core.jurisdictions.indonesia.errors import EmploymentPeriodError
from backoffice_core.jurisdictions.indonesia.explanation import (
    Explanation,
    ExplanationLine,
    Percentage,
)
from backoffice_core.jurisdictions.indonesia.parameters import (
    PASAL_17,
    PTKP,
    WITHHOLDING,
    PtkpStatus,
)
from backoffice_core.jurisdictions.indonesia.pph21 import (
    DEFAULT_OPTIONS,
    BiayaJabatanCap,
    MonthlyWithholding,
    Pph21Options,
    check_liable_months,
    floor_thousand,
    monthly_withholding,
)
from backoffice_core.money import Money

__all__ = [
    "AnnualReconciliation",
    "PayPeriod",
    "PreviousEmployerSlip",
    "TaxYearWithholding",
    "ceil_rupiah",
    "floor_rupiah",
    "last_period_withholding",
    "withhold_year",
]

_ZERO_IDR = idr(ZERO)


def ceil_rupiah(amount: Decimal) -> Decimal:
    """Round ``amount`` up to the whole rupiah (the biaya jabatan the slip deducts)."""
    return amount.quantize(ONE, ROUND_CEILING)


def floor_rupiah(amount: Decimal) -> Decimal:
    """Round ``amount`` down to the whole rupiah (the annualised neto the slip shows)."""
    return amount.quantize(ONE, ROUND_FLOOR)


@attrs.frozen(slots=True)
class PreviousEmployerSlip:
    """The withholding slip (bukti potong A1) of a previous employer in the same year.

    Attributes:
        neto: The neto income that employer reported.
        tax_withheld: The PPh 21 that employer withheld.
    """

    neto: Money
    tax_withheld: Money


class AnnualReconciliation(NamedTuple):
    """The last-tax-period calculation, every step kept for the explanation.

    Built once per employee per year in a payroll run, so it is a NamedTuple (cheap to
    create, immutable) like the monthly results.

    Attributes:
        on: A date in the last tax period.
        status: The PTKP status.
        months_worked: Months worked for this employer in the year.
        liable_months: Months of subjective liability, or None for the whole year.
        gross_amount: Gross of the months worked, last month included.
        biaya_jabatan_amount: The occupational expense deducted, rounded up to the
            whole rupiah.
        biaya_jabatan_cap_amount: The cap that applied to it.
        pension_amount: Employee pension/JHT/JP contributions deducted.
        zakat_amount: Zakat paid through the employer, deducted.
        neto_amount: Neto for this employer (whole rupiah when the amounts are).
        previous_neto_amount: Neto from a previous employer's slip.
        annualised_neto_amount: Neto x 12/n rounded down to the whole rupiah, or None
            without annualisation.
        ptkp_amount: The full-year PTKP.
        pkp_amount: PKP rounded down to thousands.
        annual_tax_amount: Pasal 17 of the PKP.
        tax_due_amount: Tax due for the year (pro-rated, surcharge included).
        surcharge_amount: The 20% no-NPWP surcharge within ``tax_due_amount``.
        withheld_amount: TER withheld earlier this year by this employer.
        previous_withheld_amount: Tax withheld by the previous employer.
    """

    on: date
    status: PtkpStatus
    months_worked: int
    liable_months: int | None
    gross_amount: Decimal
    biaya_jabatan_amount: Decimal
    biaya_jabatan_cap_amount: Decimal
    pension_amount: Decimal
    zakat_amount: Decimal
    neto_amount: Decimal
    previous_neto_amount: Decimal
    annualised_neto_amount: Decimal | None
    ptkp_amount: Decimal
    pkp_amount: Decimal
    annual_tax_amount: Decimal
    tax_due_amount: Decimal
    surcharge_amount: Decimal
    withheld_amount: Decimal
    previous_withheld_amount: Decimal

    @property
    def tax_amount(self) -> Decimal:
        """The last period's PPh 21 as a Decimal (negative when over-withheld)."""
        return self.tax_due_amount - self.withheld_amount - self.previous_withheld_amount

    @property
    def tax(self) -> Money:
        """The last period's PPh 21; negative means over-withheld, to be refunded."""
        return idr(self.tax_amount)

    @property
    def gross(self) -> Money:
        """Gross of the months worked for this employer."""
        return idr(self.gross_amount)

    @property
    def neto(self) -> Money:
        """Neto for this employer."""
        return idr(self.neto_amount)

    @property
    def pkp(self) -> Money:
        """PKP rounded down to thousands."""
        return idr(self.pkp_amount)

    @property
    def annual_tax(self) -> Money:
        """Pasal 17 of the PKP (before pro-rating and surcharge)."""
        return idr(self.annual_tax_amount)

    @property
    def tax_due(self) -> Money:
        """Tax due for the year."""
        return idr(self.tax_due_amount)

    @property
    def is_over_withheld(self) -> bool:
        """True when more was withheld than is due: the employer refunds the difference."""
        return self.tax_amount < 0

    def explain(self) -> Explanation:
        """Return every step from gross to the last period's tax."""
        line = ExplanationLine
        lines = [
            line("status", self.status.value),
            line("gross_year", self.gross, (self.months_worked,)),
            line(
                "biaya_jabatan",
                -idr(self.biaya_jabatan_amount),
                (idr(self.biaya_jabatan_cap_amount),),
            ),
        ]
        if self.pension_amount:
            lines.append(line("pension", -idr(self.pension_amount)))
        if self.zakat_amount:
            lines.append(line("zakat", -idr(self.zakat_amount)))
        lines.append(line("neto", self.neto))
        if self.previous_neto_amount:
            lines.append(line("previous_neto", idr(self.previous_neto_amount)))
        if self.annualised_neto_amount is not None:
            lines.append(
                line("annualised", idr(self.annualised_neto_amount), (self.liable_months or 12,))
            )
        lines.append(line("ptkp", -idr(self.ptkp_amount), (self.status.value,)))
        lines.append(line("pkp", self.pkp))
        for layer, amount, tax in PASAL_17.at(self.on).breakdown(self.pkp_amount):
            lines.append(line("layer", idr(tax), (Percentage(layer.rate), idr(amount))))
        lines.append(line("annual_tax", self.annual_tax))
        if self.liable_months is not None:
            lines.append(
                line(
                    "prorated",
                    idr(self.tax_due_amount - self.surcharge_amount),
                    (self.liable_months,),
                )
            )
        if self.surcharge_amount:
            lines.append(line("surcharge", idr(self.surcharge_amount)))
        lines.append(line("tax_due", self.tax_due))
        lines.append(line("withheld", -idr(self.withheld_amount)))
        if self.previous_withheld_amount:
            lines.append(line("previous_withheld", -idr(self.previous_withheld_amount)))
        lines.append(line("over_withheld" if self.is_over_withheld else "last_period", self.tax))
        return Explanation("title.annual", (self.on.strftime("%m/%Y"),), tuple(lines))


def _biaya_jabatan(
    monthly_gross: Sequence[Decimal], on: date, rule: BiayaJabatanCap
) -> tuple[Decimal, Decimal]:
    params = WITHHOLDING.at(on)
    months = len(monthly_gross)
    cap = min(params.biaya_jabatan_monthly_cap * months, params.biaya_jabatan_annual_cap)
    rate, monthly_cap = params.biaya_jabatan_rate, params.biaya_jabatan_monthly_cap
    if rule is BiayaJabatanCap.MONTHLY:
        raw = sum((min(g * rate, monthly_cap) for g in monthly_gross), ZERO)
    else:
        raw = sum(monthly_gross, ZERO) * rate
    return min(raw, cap), cap


def last_period_withholding(
    status: PtkpStatus | str,
    on: date,
    monthly_gross: Sequence[Money],
    *,
    withheld: Money,
    pension_contributions: Money = _ZERO_IDR,
    zakat: Money = _ZERO_IDR,
    previous_employer: PreviousEmployerSlip | None = None,
    liable_months: int | None = None,
    has_npwp: bool = True,
    options: Pph21Options = DEFAULT_OPTIONS,
) -> AnnualReconciliation:
    """Compute PPh 21 of the last tax period (December or the leaving month).

    Args:
        status: The PTKP status at the start of the tax year.
        on: A date in the last tax period.
        monthly_gross: The gross (TER base) of each month worked for this employer this
            year, the last period included; its length is the months worked.
        withheld: TER withheld by this employer in the earlier months of the year.
        pension_contributions: Employee pension/JHT/JP contributions of the year.
        zakat: Zakat paid through the employer to an official body this year.
        previous_employer: The slip of a previous employer in the same year, if handed over.
        liable_months: Months of subjective liability when it starts or ends mid-year
            (neto annualised, tax pro-rated); None when resident all year.
        has_npwp: False when the employee has neither an NPWP nor a valid NIK.
        options: Rounding and biaya jabatan cap choices.

    Returns:
        The reconciliation; its ``tax`` is negative when too much was withheld.

    Raises:
        InvalidMonthError: If ``monthly_gross`` has no or more than 12 months, or
            ``liable_months`` is outside 1-12.
        NegativeAmountError: If an amount is negative.
        InvalidArgumentTypeError: If an amount is not Money or is out of range.
        InvalidOptionError: If ``has_npwp`` is not a bool.
        UnknownPtkpStatusError: If ``status`` is unknown.
        RuleParameterError: If no parameter table covers ``on``.
    """
    st = ptkp_status(status)
    flag(has_npwp, "has_npwp")
    if any(type(g) is not Money for g in monthly_gross):
        for g in monthly_gross:
            rupiah(g, "monthly gross")
    grosses = [g.amount for g in monthly_gross]
    if (
        max(map(abs, grosses), default=ZERO) >= MAX_RUPIAH
        or any(g.currency != IDR for g in monthly_gross)
        or min(grosses, default=ZERO) < 0
    ):
        for g in monthly_gross:
            rupiah(g, "monthly gross")
    if not 1 <= len(grosses) <= 12:
        month(len(grosses), "number of months worked")
    check_liable_months(liable_months)
    gross = sum(grosses, ZERO)
    pension = rupiah(pension_contributions, "pension contributions")
    zakat_amount = rupiah(zakat, "zakat")
    already = rupiah(withheld, "withheld")
    exact_biaya_jabatan, cap = _biaya_jabatan(grosses, on, options.biaya_jabatan_cap)
    biaya_jabatan = ceil_rupiah(exact_biaya_jabatan)
    neto = gross - biaya_jabatan - pension - zakat_amount
    prev_neto = prev_tax = ZERO
    if previous_employer is not None:
        prev_neto = rupiah(previous_employer.neto, "previous employer's neto", allow_negative=True)
        prev_tax = rupiah(previous_employer.tax_withheld, "previous employer's withheld tax")
    total_neto = neto + prev_neto
    annualised = (
        None if liable_months is None else floor_rupiah(total_neto * TWELVE / liable_months)
    )
    ptkp = PTKP.at(on)[st]
    pkp = floor_thousand((total_neto if annualised is None else annualised) - ptkp)
    annual_tax = PASAL_17.at(on).tax(pkp)
    mode = options.decimal_mode
    due = annual_tax
    if liable_months is not None:
        due = (annual_tax * liable_months / TWELVE).quantize(ONE, mode)
    surcharge = ZERO
    if not has_npwp:
        surcharge = (due * WITHHOLDING.at(on).no_npwp_surcharge).quantize(ONE, mode)
    return AnnualReconciliation(
        on=on,
        status=st,
        months_worked=len(grosses),
        liable_months=liable_months,
        gross_amount=gross,
        biaya_jabatan_amount=biaya_jabatan,
        biaya_jabatan_cap_amount=cap,
        pension_amount=pension,
        zakat_amount=zakat_amount,
        neto_amount=neto,
        previous_neto_amount=prev_neto,
        annualised_neto_amount=annualised,
        ptkp_amount=ptkp,
        pkp_amount=pkp,
        annual_tax_amount=annual_tax,
        tax_due_amount=due + surcharge,
        surcharge_amount=surcharge,
        withheld_amount=already,
        previous_withheld_amount=prev_tax,
    )


def _month_of(period: PayPeriod, _attribute: object, value: int) -> None:
    month(value)


def _rupiah_of(period: PayPeriod, attribute: attrs.Attribute[Money], value: Money) -> None:
    rupiah(value, attribute.name.replace("_", " "))


@attrs.frozen(slots=True)
class PayPeriod:
    """One month's PPh 21 inputs for an employee.

    Attributes:
        month: The month, 1-12.
        gross: All income of the month (the TER base), employer JKK/JKM/Kesehatan included.
        pension_contribution: Employee pension/JHT/JP contributions paid that month.
        zakat: Zakat paid through the employer that month.

    Raises:
        InvalidMonthError: If ``month`` is not an int from 1 to 12 (a float is refused).
        InvalidArgumentTypeError: If an amount is not Money (a float or int is refused).
        CurrencyMismatchError: If an amount is not in IDR.
        NegativeAmountError: If an amount is negative.
    """

    month: int = attrs.field(validator=_month_of)
    gross: Money = attrs.field(validator=_rupiah_of)
    pension_contribution: Money = attrs.field(default=_ZERO_IDR, validator=_rupiah_of)
    zakat: Money = attrs.field(default=_ZERO_IDR, validator=_rupiah_of)


@attrs.frozen(slots=True)
class TaxYearWithholding:
    """A tax year of PPh 21 for one employee and one employer.

    Attributes:
        tax_year: The year.
        monthly: The TER withholdings of every month but the last period.
        last_period: The reconciliation of the last tax period.
    """

    tax_year: int
    monthly: tuple[MonthlyWithholding, ...]
    last_period: AnnualReconciliation

    def by_month(self) -> dict[int, Money]:
        """Return the PPh 21 of each month worked, the last period included."""
        result = {m.on.month: m.tax for m in self.monthly}
        result[self.last_period.on.month] = self.last_period.tax
        return result

    @property
    def total(self) -> Money:
        """Total PPh 21 for the year by this employer (equals the tax due less credits)."""
        return Money.sum(self.by_month().values(), "IDR")


def withhold_year(
    status: PtkpStatus | str,
    tax_year: int,
    periods: Sequence[PayPeriod],
    *,
    previous_employer: PreviousEmployerSlip | None = None,
    liable_months: int | None = None,
    has_npwp: bool = True,
    options: Pph21Options = DEFAULT_OPTIONS,
) -> TaxYearWithholding:
    """Compute a tax year: TER for each month, then the last period.

    The last element of ``periods`` is the last tax period (December or the leaving
    month); the first is the joining month.

    Raises:
        EmploymentPeriodError: If ``periods`` is empty or its months are not increasing.
        InvalidOptionError: If ``has_npwp`` is not a bool.
        NegativeAmountError, UnknownPtkpStatusError, RuleParameterError: As for
            :func:`last_period_withholding`.
    """
    if not periods:
        raise EmploymentPeriodError(f"tax year {tax_year} has no pay periods: pass at least one")
    for earlier, later in itertools.pairwise(periods):
        if later.month <= earlier.month:
            raise EmploymentPeriodError(
                f"month {later.month} follows month {earlier.month}: pass each month once, "
                "in calendar order, ending with the last tax period"
            )
    st = ptkp_status(status)
    flag(has_npwp, "has_npwp")
    monthly = tuple(
        monthly_withholding(
            p.gross, st, date(tax_year, p.month, 1), has_npwp=has_npwp, options=options
        )
        for p in periods[:-1]
    )
    last = last_period_withholding(
        st,
        date(tax_year, periods[-1].month, 1),
        [p.gross for p in periods],
        withheld=idr(sum((m.tax_amount for m in monthly), ZERO)),
        pension_contributions=Money.sum((p.pension_contribution for p in periods), "IDR"),
        zakat=Money.sum((p.zakat for p in periods), "IDR"),
        previous_employer=previous_employer,
        liable_months=liable_months,
        has_npwp=has_npwp,
        options=options,
    )
    return TaxYearWithholding(tax_year, monthly, last)
