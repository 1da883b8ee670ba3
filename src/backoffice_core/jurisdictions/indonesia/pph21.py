"""PPh 21 withholding for employees under PP 58/2023 and PMK 168/2023.

This module computes the monthly TER withholding on gross (categories A/B/C, fixed by
the PTKP status at the start of the year), the daily TER of non-permanent workers and
the 20% no-NPWP surcharge, and holds the options the regulations leave open (rounding
of ``TER x gross``, the part-year biaya jabatan cap). The last tax period lives in
:mod:`.reconciliation` and the tax-allowance gross-up in :mod:`.grossup`. The hot path
works on Decimal and bisection; results hold Decimals and hand out
:class:`~backoffice_core.money.Money` through properties.
"""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal
from typing import NamedTuple

import attrs

from backoffice_core.jurisdictions.indonesia._inputs import (
    IDR,
    MAX_RUPIAH,
    ONE,
    THOUSAND,
    ZERO,
    flag,
    idr,
    month,
    option,
    ptkp_status,
    rupiah,
)
from backoffice_core.jurisdictions.indonesia.errors import EmploymentPeriodError, InvalidMonthError
from backoffice_core.jurisdictions.indonesia.explanation import (
    Explanation,
    ExplanationLine,
    Percentage,
)
from backoffice_core.jurisdictions.indonesia.parameters import (
    PASAL_17,
    TER_DAILY,
    TER_MONTHLY,
    WITHHOLDING,
    PtkpStatus,
    TerBracket,
    TerCategory,
)
from backoffice_core.money import Money, Rounding

__all__ = [
    "DEFAULT_OPTIONS",
    "BiayaJabatanCap",
    "DailyWithholding",
    "MonthlyWithholding",
    "Pph21Options",
    "check_liable_months",
    "daily_withholding",
    "employment_months",
    "floor_thousand",
    "monthly_withholding",
    "ter_category",
]


class BiayaJabatanCap(enum.Enum):
    """How the 500.000-a-month biaya jabatan cap applies to a part year (reference 6.2)."""

    AGGREGATE = "aggregate"
    """``min(5% x gross of the period, months x 500.000)``: the PMK 168 examples."""
    MONTHLY = "monthly"
    """``sum over months of min(5% x gross of the month, 500.000)``: PMK 10/2025 ex. 3."""


def _ter_rounding(value: Rounding | str) -> Rounding:
    return option(value, Rounding, "ter_rounding")


def _biaya_jabatan_cap(value: BiayaJabatanCap | str) -> BiayaJabatanCap:
    return option(value, BiayaJabatanCap, "biaya_jabatan_cap")


@attrs.frozen(slots=True)
class Pph21Options:
    """Choices the regulations leave open, with the reference's recommended defaults.

    Attributes:
        ter_rounding: Rounding of ``TER x gross`` (and of the surcharge and of a pro-rated
            annual tax) to the rupiah; DOWN matches the only official fractional case.
        biaya_jabatan_cap: How the biaya jabatan cap applies to a part year.

    Both options also take a member's name or value as a string (``"monthly"``); any
    other value raises :class:`~.errors.InvalidOptionError`.
    """

    ter_rounding: Rounding = attrs.field(default=Rounding.DOWN, converter=_ter_rounding)
    biaya_jabatan_cap: BiayaJabatanCap = attrs.field(
        default=BiayaJabatanCap.AGGREGATE, converter=_biaya_jabatan_cap
    )
    decimal_mode: str = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        # The decimal module's rounding constant, read once: Enum.value is a Python-level
        # descriptor, too slow to call for every employee and month.
        object.__setattr__(self, "decimal_mode", self.ter_rounding._value_)


DEFAULT_OPTIONS = Pph21Options()


def ter_category(status: PtkpStatus | str, on: date) -> TerCategory:
    """Return the TER category of a PTKP status (PP 58/2023 Pasal 2(4)).

    Args:
        status: The PTKP status at the start of the tax year, e.g. ``"K/1"``.
        on: A date in the tax period.

    Raises:
        UnknownPtkpStatusError: If ``status`` is not an employer's PTKP status.
        RuleParameterError: If no TER table covers ``on``.
    """
    return TER_MONTHLY.at(on).categories[ptkp_status(status)]


def employment_months(joining_month: int, leaving_month: int = 12) -> int:
    """Return the number of months worked from the joining to the leaving month.

    Raises:
        InvalidMonthError: If either month is outside 1-12.
        EmploymentPeriodError: If the leaving month is before the joining month.
    """
    month(joining_month, "joining month")
    month(leaving_month, "leaving month")
    if leaving_month < joining_month:
        raise EmploymentPeriodError(
            f"leaving month {leaving_month} is before joining month {joining_month}: "
            "an employment within one tax year leaves in or after the month it starts"
        )
    return leaving_month - joining_month + 1


def _bracket_line(bracket: TerBracket) -> ExplanationLine:
    if bracket.upper is None:
        return ExplanationLine("bracket_top", None, (bracket.number, idr(bracket.lower)))
    return ExplanationLine(
        "bracket", None, (bracket.number, idr(bracket.lower), idr(bracket.upper))
    )


class MonthlyWithholding(NamedTuple):
    """The TER withholding of one month (every month but the last tax period).

    Built for every employee every month, so it is a NamedTuple (cheap to create,
    immutable) rather than a frozen attrs class.

    Attributes:
        on: A date in the tax period.
        status: The PTKP status at the start of the tax year.
        category: Its TER category.
        bracket: The TER bracket the gross fell in.
        gross_amount: The month's gross (TER base), in rupiah.
        base_tax_amount: ``TER x gross``, rounded to the rupiah.
        surcharge_amount: The 20% no-NPWP surcharge (zero with an NPWP or valid NIK).
    """

    on: date
    status: PtkpStatus
    category: TerCategory
    bracket: TerBracket
    gross_amount: Decimal
    base_tax_amount: Decimal
    surcharge_amount: Decimal

    @property
    def rate(self) -> Decimal:
        """The TER rate as a fraction."""
        return self.bracket.rate

    @property
    def gross(self) -> Money:
        """The month's gross."""
        return idr(self.gross_amount)

    @property
    def surcharge(self) -> Money:
        """The no-NPWP surcharge."""
        return idr(self.surcharge_amount)

    @property
    def tax_amount(self) -> Decimal:
        """The PPh 21 withheld, surcharge included, as a Decimal."""
        return self.base_tax_amount + self.surcharge_amount

    @property
    def tax(self) -> Money:
        """The PPh 21 withheld for the month, surcharge included."""
        return idr(self.base_tax_amount + self.surcharge_amount)

    def explain(self) -> Explanation:
        """Return the steps: status, category, gross, bracket, rate, tax (and surcharge)."""
        lines = [
            ExplanationLine("status", self.status.value),
            ExplanationLine("category", self.category.value),
            ExplanationLine("gross", self.gross),
            _bracket_line(self.bracket),
            ExplanationLine("rate", Percentage(self.rate)),
            ExplanationLine("tax", idr(self.base_tax_amount)),
        ]
        if self.surcharge_amount:
            lines.append(ExplanationLine("surcharge", self.surcharge))
        lines.append(ExplanationLine("total_tax", self.tax))
        return Explanation("title.monthly", (self.on.strftime("%m/%Y"),), tuple(lines))


def monthly_withholding(
    gross: Money,
    status: PtkpStatus | str,
    on: date,
    *,
    has_npwp: bool = True,
    options: Pph21Options = DEFAULT_OPTIONS,
) -> MonthlyWithholding:
    """Compute the monthly TER withholding: ``TER(category, gross) x gross``.

    Args:
        gross: All income of the month with no deduction (salary, allowances, overtime,
            bonus, THR, employer-paid JKK, JKM and BPJS Kesehatan premiums); see
            :meth:`~backoffice_core.jurisdictions.indonesia.bpjs.BpjsContributions.taxable_gross`.
        status: The PTKP status at the start of the tax year.
        on: A date in the tax period (the month income is paid or payable, if earlier).
        has_npwp: False when the employee has neither an NPWP nor a valid NIK: 20% more.
        options: Rounding choice.

    Raises:
        InvalidArgumentTypeError: If ``gross`` is not Money or is out of range.
        InvalidOptionError: If ``has_npwp`` is not a bool.
        NegativeAmountError: If ``gross`` is negative.
        UnknownPtkpStatusError: If ``status`` is unknown.
        RuleParameterError: If no TER table covers ``on``.
    """
    if (  # the common case skips the call
        type(gross) is not Money or gross.currency != IDR or not ZERO <= gross.amount < MAX_RUPIAH
    ):
        rupiah(gross, "gross")
    amount = gross.amount
    if type(has_npwp) is not bool:
        flag(has_npwp, "has_npwp")
    st = status if type(status) is PtkpStatus else ptkp_status(status)
    params = TER_MONTHLY.at(on)
    category = params.categories[st]
    bracket = params.tables[category].bracket_for(amount)
    mode = options.decimal_mode
    tax = (amount * bracket.rate).quantize(ONE, mode)
    surcharge = ZERO
    if not has_npwp:
        surcharge = (tax * WITHHOLDING.at(on).no_npwp_surcharge).quantize(ONE, mode)
    return MonthlyWithholding(on, st, category, bracket, amount, tax, surcharge)


@attrs.frozen(slots=True)
class DailyWithholding:
    """PPh 21 of a non-permanent worker paid by the day (PP 58/2023 Lampiran D).

    Attributes:
        on: The payment date.
        days: The number of days the payment covers.
        gross_amount: The gross paid.
        base_amount: The tax base: the gross, or 50% of it above the daily ceiling.
        rate: The daily TER rate, or None when Pasal 17 applies to 50% of gross.
        base_tax_amount: The tax before the surcharge.
        surcharge_amount: The 20% no-NPWP surcharge.
    """

    on: date
    days: int
    gross_amount: Decimal
    base_amount: Decimal
    rate: Decimal | None
    base_tax_amount: Decimal
    surcharge_amount: Decimal

    @property
    def daily_gross(self) -> Money:
        """The average daily gross that chose the rule."""
        return idr(self.gross_amount / self.days)

    @property
    def tax(self) -> Money:
        """The PPh 21 withheld, surcharge included."""
        return idr(self.base_tax_amount + self.surcharge_amount)

    def explain(self) -> Explanation:
        """Return the steps: gross, days, average daily gross, rate or base, tax."""
        lines = [
            ExplanationLine("gross", idr(self.gross_amount)),
            ExplanationLine("days", self.days),
            ExplanationLine("daily_gross", self.daily_gross),
        ]
        if self.rate is None:
            lines.append(ExplanationLine("daily_base_50", idr(self.base_amount)))
        else:
            lines.append(ExplanationLine("rate", Percentage(self.rate)))
        lines.append(ExplanationLine("tax", idr(self.base_tax_amount)))
        if self.surcharge_amount:
            lines.append(ExplanationLine("surcharge", idr(self.surcharge_amount)))
        lines.append(ExplanationLine("total_tax", self.tax))
        return Explanation("title.daily", (self.on.isoformat(),), tuple(lines))


def daily_withholding(
    gross: Money,
    on: date,
    *,
    days: int = 1,
    has_npwp: bool = True,
    options: Pph21Options = DEFAULT_OPTIONS,
) -> DailyWithholding:
    """Compute PPh 21 of a non-permanent worker paid daily (not monthly).

    The average daily gross (``gross / days``) chooses the rule: up to 450.000 no tax;
    up to 2.500.000, 0,5% of gross; above, Pasal 17 rates on 50% of the gross paid.
    A non-permanent worker paid monthly uses :func:`monthly_withholding` instead.

    Args:
        gross: The gross paid for ``days`` days.
        on: The payment date.
        days: How many days the payment covers (1 or more).
        has_npwp: False when the worker has neither an NPWP nor a valid NIK.
        options: Rounding choice.

    Raises:
        InvalidArgumentTypeError: If ``gross`` is not Money or is out of range.
        InvalidOptionError: If ``has_npwp`` is not a bool.
        NegativeAmountError: If ``gross`` is negative.
        EmploymentPeriodError: If ``days`` is below 1.
        RuleParameterError: If no daily TER table covers ``on``.
    """
    amount = rupiah(gross, "gross")
    flag(has_npwp, "has_npwp")
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise EmploymentPeriodError(f"days {days!r} is not a count of days worked: pass 1 or more")
    params = TER_DAILY.at(on)
    mode = options.decimal_mode
    daily = amount / days
    rate: Decimal | None
    if daily <= params.zero_up_to:
        rate, base, tax = ZERO, amount, ZERO
    elif daily <= params.rate_up_to:
        rate, base = params.rate, amount
        tax = (amount * rate).quantize(ONE, mode)
    else:
        rate, base = None, amount * params.above_base_fraction
        tax = PASAL_17.at(on).tax(base).quantize(ONE, mode)
    surcharge = ZERO
    if not has_npwp:
        surcharge = (tax * WITHHOLDING.at(on).no_npwp_surcharge).quantize(ONE, mode)
    return DailyWithholding(on, days, amount, base, rate, tax, surcharge)


def floor_thousand(amount: Decimal) -> Decimal:
    """Round a PKP down to full thousands of rupiah (zero if negative)."""
    if amount <= 0:
        return ZERO
    return (amount // THOUSAND) * THOUSAND


def check_liable_months(liable_months: int | None) -> None:
    """Check a count of months of subjective tax liability (None = the whole year).

    Raises:
        InvalidMonthError: If the count is outside 1-12.
    """
    if liable_months is not None and (
        isinstance(liable_months, bool)
        or not isinstance(liable_months, int)
        or not 1 <= liable_months <= 12
    ):
        raise InvalidMonthError(
            f"liable months {liable_months!r} is not a count of months: use 1-12, "
            "or None when the employee was resident all year"
        )
