"""BPJS contributions: Kesehatan, JHT, JP, JKK and JKM, employer and employee parts.

This module computes a month's social-security contributions on the monthly wage
(basic + fixed allowances; THR is not part of it), with the BPJS Kesehatan cap and
minimum-wage floor, the JP cap of the contribution month (it changes every March), the
JKK rate of the employer's risk class and the optional JKK relief of PP 7/2025. It also
says what each part means for PPh 21 (reference 1.7): employer JKK, JKM and BPJS
Kesehatan premiums are added to the PPh 21 gross; employee JHT and JP are deducted in the
last-period calculation; employer JHT/JP and employee Kesehatan have no PPh 21 effect.
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
    ZERO,
    flag,
    idr,
    option,
    rupiah,
)
from backoffice_core.jurisdictions.indonesia.errors import UnknownJkkClassError
from backoffice_core.jurisdictions.indonesia.explanation import Explanation, ExplanationLine
from backoffice_core.jurisdictions.indonesia.parameters import (
    BPJS_RATES,
    JKK_RELIEF,
    JP_WAGE_CAPS,
    JkkRiskClass,
)
from backoffice_core.money import Money, Rounding

__all__ = ["BpjsContributions", "BpjsProgram", "Contribution", "bpjs_contributions", "jkk_class"]

_CLASSES = {c.value: c for c in JkkRiskClass} | {c.name.lower(): c for c in JkkRiskClass}


def jkk_class(value: JkkRiskClass | str) -> JkkRiskClass:
    """Return ``value`` as a JKK risk class ("sangat rendah", "SANGAT_RENDAH", ...).

    Raises:
        UnknownJkkClassError: If it is not one of the five classes.
    """
    if isinstance(value, JkkRiskClass):
        return value
    found = _CLASSES.get(str(value).strip().lower().replace("_", " ").replace("-", " "))
    found = found or _CLASSES.get(str(value).strip().lower())
    if found is None:
        raise UnknownJkkClassError(
            f"JKK risk class {value!r} is unknown: use one of "
            f"{', '.join(repr(c.value) for c in JkkRiskClass)}"
        )
    return found


class BpjsProgram(enum.Enum):
    """The BPJS programmes with a contribution."""

    KESEHATAN = "BPJS Kesehatan"
    JHT = "JHT"
    JP = "JP"
    JKK = "JKK"
    JKM = "JKM"


@attrs.frozen(slots=True)
class Contribution:
    """One programme's contribution for a month.

    Attributes:
        program: The programme.
        base: The wage the rates apply to, after floor and cap.
        employer_rate: The employer's rate as a fraction.
        employee_rate: The employee's rate as a fraction.
        employer: The employer's part.
        employee: The employee's part.
        cap: The wage cap, or None where there is none.
    """

    program: BpjsProgram
    base: Money
    employer_rate: Decimal
    employee_rate: Decimal
    employer: Money
    employee: Money
    cap: Money | None


class BpjsContributions(NamedTuple):
    """A month's BPJS contributions, kept as Decimals for speed (Money via properties).

    A payroll run creates one for every employee every month, so this immutable value is
    a NamedTuple: several times cheaper to build than a frozen attrs class.

    Attributes:
        on: A date in the contribution month.
        wage_amount: The monthly wage given.
        risk_class: The employer's JKK risk class.
        kesehatan_base: Wage base of BPJS Kesehatan (floored at the minimum wage, capped).
        jp_base: Wage base of JP (capped).
        jkk_rate: The JKK rate applied (after any relief).
        kesehatan_employer: Employer BPJS Kesehatan (4%).
        kesehatan_employee: Employee BPJS Kesehatan (1%).
        jht_employer: Employer JHT (3,7%).
        jht_employee: Employee JHT (2%).
        jp_employer: Employer JP (2%).
        jp_employee: Employee JP (1%).
        jkk_employer: Employer JKK.
        jkm_employer: Employer JKM (0,30%).
    """

    on: date
    wage_amount: Decimal
    risk_class: JkkRiskClass
    kesehatan_base: Decimal
    jp_base: Decimal
    jkk_rate: Decimal
    kesehatan_employer: Decimal
    kesehatan_employee: Decimal
    jht_employer: Decimal
    jht_employee: Decimal
    jp_employer: Decimal
    jp_employee: Decimal
    jkk_employer: Decimal
    jkm_employer: Decimal

    @property
    def taxable_premiums_amount(self) -> Decimal:
        """Employer JKK + JKM + BPJS Kesehatan: what enters the PPh 21 gross."""
        return self.jkk_employer + self.jkm_employer + self.kesehatan_employer

    @property
    def taxable_premiums(self) -> Money:
        """Employer premiums added to the PPh 21 gross (JKK, JKM, BPJS Kesehatan)."""
        return idr(self.taxable_premiums_amount)

    @property
    def deductible_amount(self) -> Decimal:
        """Employee JHT + JP: deducted in the last-period PPh 21 calculation."""
        return self.jht_employee + self.jp_employee

    @property
    def deductible(self) -> Money:
        """Employee JHT + JP, deductible in the last tax period (Kesehatan 1% is not)."""
        return idr(self.deductible_amount)

    def taxable_gross(self, cash_income: Money) -> Money:
        """Return the PPh 21 gross: cash income of the month plus the taxable premiums.

        Args:
            cash_income: Salary, allowances, overtime, bonus, THR paid in the month.
        """
        amount = cash_income.amount
        if cash_income.currency != IDR or amount < 0:  # the common case skips the call
            rupiah(cash_income, "cash income")
        return idr(amount + self.jkk_employer + self.jkm_employer + self.kesehatan_employer)

    @property
    def employer_total(self) -> Money:
        """All employer contributions."""
        return idr(
            self.kesehatan_employer
            + self.jht_employer
            + self.jp_employer
            + self.jkk_employer
            + self.jkm_employer
        )

    @property
    def employee_total(self) -> Money:
        """All employee contributions (withheld from pay)."""
        return idr(self.kesehatan_employee + self.jht_employee + self.jp_employee)

    def contributions(self) -> tuple[Contribution, ...]:
        """Return one :class:`Contribution` per programme, in the order of the reference."""
        rates = BPJS_RATES.at(self.on)
        cap = JP_WAGE_CAPS.at(self.on)
        wage = idr(self.wage_amount)
        zero = idr(ZERO)
        return (
            Contribution(
                BpjsProgram.KESEHATAN, idr(self.kesehatan_base), rates.kesehatan_employer,
                rates.kesehatan_employee, idr(self.kesehatan_employer),
                idr(self.kesehatan_employee), idr(rates.kesehatan_cap),
            ),
            Contribution(
                BpjsProgram.JHT, wage, rates.jht_employer, rates.jht_employee,
                idr(self.jht_employer), idr(self.jht_employee), None,
            ),
            Contribution(
                BpjsProgram.JP, idr(self.jp_base), rates.jp_employer, rates.jp_employee,
                idr(self.jp_employer), idr(self.jp_employee), idr(cap),
            ),
            Contribution(
                BpjsProgram.JKK, wage, self.jkk_rate, ZERO, idr(self.jkk_employer), zero, None
            ),
            Contribution(
                BpjsProgram.JKM, wage, rates.jkm_employer, ZERO, idr(self.jkm_employer), zero, None
            ),
        )  # fmt: skip

    def explain(self) -> Explanation:
        """Return one line per programme, the totals and the PPh 21 effects."""
        lines = [ExplanationLine("wage", idr(self.wage_amount))]
        for c in self.contributions():
            lines.append(
                ExplanationLine(
                    "bpjs_line", None, (c.program.value, c.base, c.employer, c.employee)
                )
            )
        lines += [
            ExplanationLine("employer_total", self.employer_total),
            ExplanationLine("employee_total", self.employee_total),
            ExplanationLine("taxable_premiums", self.taxable_premiums),
            ExplanationLine("deductible", self.deductible),
        ]
        return Explanation("title.bpjs", (self.on.strftime("%m/%Y"),), tuple(lines))


_Rates = tuple[
    Decimal, Decimal, Decimal, Decimal, Decimal, Decimal, Decimal, Decimal, Decimal, Decimal
]
_RATES: dict[tuple[date, JkkRiskClass, bool], _Rates] = {}
_RATES_LIMIT = 4096


def _rates(on: date, klass: JkkRiskClass, relief: bool) -> _Rates:
    """Return the month's rates and caps as one tuple, cached: the tables never change."""
    key = (on, klass, relief)
    found = _RATES.get(key)
    if found is None:
        r = BPJS_RATES.at(on)
        jkk = r.jkk[klass]
        if relief and any(v.covers(on) for v in JKK_RELIEF.versions):
            jkk = jkk * (1 - JKK_RELIEF.at(on))
        found = (
            r.kesehatan_cap, r.kesehatan_employer, r.kesehatan_employee, r.jht_employer,
            r.jht_employee, JP_WAGE_CAPS.at(on), r.jp_employer, r.jp_employee, jkk,
            r.jkm_employer,
        )  # fmt: skip
        if len(_RATES) >= _RATES_LIMIT:
            _RATES.clear()
        _RATES[key] = found
    return found


def bpjs_contributions(
    wage: Money,
    on: date,
    *,
    risk_class: JkkRiskClass | str = JkkRiskClass.SANGAT_RENDAH,
    minimum_wage: Money | None = None,
    jkk_relief: bool = False,
    rounding: Rounding | str = Rounding.HALF_UP,
) -> BpjsContributions:
    """Compute a month's BPJS contributions on the monthly wage.

    Args:
        wage: Basic wage + fixed allowances of the month (not THR, not overtime).
        on: A date in the contribution month (the JP cap changes each March).
        risk_class: The employer's JKK risk class.
        minimum_wage: The applicable minimum wage; BPJS Kesehatan is never computed on
            less (see :func:`~backoffice_core.jurisdictions.indonesia.minimum_wage`).
        jkk_relief: Apply the 50% JKK relief of PP 7/2025 for eligible industries in
            the months it is in force; outside them the normal JKK rate is charged.
        rounding: How each contribution is rounded to the rupiah (not regulated), or
            its name as a string (``"half_up"``).

    Raises:
        InvalidArgumentTypeError: If ``wage`` is not Money or is out of range.
        InvalidOptionError: If ``jkk_relief`` is not a bool or ``rounding`` is unknown.
        NegativeAmountError: If ``wage`` or ``minimum_wage`` is negative.
        UnknownJkkClassError: If ``risk_class`` is unknown.
        RuleParameterError: If no rate or JP cap covers ``on``.
    """
    if (  # the common case skips the call
        type(wage) is not Money or wage.currency != IDR or not ZERO <= wage.amount < MAX_RUPIAH
    ):
        rupiah(wage, "wage")
    amount = wage.amount
    if type(jkk_relief) is not bool:
        flag(jkk_relief, "jkk_relief")
    if type(rounding) is not Rounding:
        rounding = option(rounding, Rounding, "rounding")
    klass = risk_class if type(risk_class) is JkkRiskClass else jkk_class(risk_class)
    k_cap, k_er, k_ee, jht_er, jht_ee, jp_cap, jp_er, jp_ee, jkk_rate, jkm = _rates(
        on, klass, jkk_relief
    )
    floor = ZERO if minimum_wage is None else rupiah(minimum_wage, "minimum wage")
    k_base = amount if amount >= floor else floor
    if k_base > k_cap:
        k_base = k_cap
    jp_base = jp_cap if amount >= jp_cap else amount
    mode: str = rounding._value_  # Enum.value is a slow descriptor on this hot path
    return BpjsContributions(
        on,
        amount,
        klass,
        k_base,
        jp_base,
        jkk_rate,
        (k_base * k_er).quantize(ONE, mode),
        (k_base * k_ee).quantize(ONE, mode),
        (amount * jht_er).quantize(ONE, mode),
        (amount * jht_ee).quantize(ONE, mode),
        (jp_base * jp_er).quantize(ONE, mode),
        (jp_base * jp_ee).quantize(ONE, mode),
        (amount * jkk_rate).quantize(ONE, mode),
        (amount * jkm).quantize(ONE, mode),
    )
