"""Gross-up of a PPh 21 tax allowance borne by the employer (monthly TER).

When the employer pays the employee's PPh 21 as a tax allowance, the gross ``G`` must
satisfy ``G - TER(G) x G = base``, where ``base`` is the month's income before the
allowance: ``G = base / (1 - rate)`` with the rate of the bracket ``G`` falls in. The
rate depends on ``G`` itself, so just below a bracket edge two brackets can each hold a
solution (category A, base 14.100.000: 15.000.000 at 6% and 15.161.290,32 at 7%, edge
15.100.000). **The rule here: take the smallest solution**, the gross-up a tax officer
reproduces first and the one that costs the employer least; every solution is kept on
the result so the choice is visible. The exact solution is rounded to the rupiah with
the withholding's rounding (down by default, as in the official gross-up example), and
the allowance is the tax withheld on that gross.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from backoffice_core.errors import InvalidInputError
from backoffice_core.jurisdictions.indonesia._inputs import (
    ONE,
    ZERO,
    flag,
    idr,
    ptkp_status,
    rupiah,
)
from backoffice_core.jurisdictions.indonesia.explanation import Explanation, ExplanationLine
from backoffice_core.jurisdictions.indonesia.parameters import (
    TER_MONTHLY,
    WITHHOLDING,
    PtkpStatus,
    TerBracket,
)
from backoffice_core.jurisdictions.indonesia.pph21 import (
    DEFAULT_OPTIONS,
    MonthlyWithholding,
    Pph21Options,
    monthly_withholding,
)
from backoffice_core.money import Money

__all__ = ["GrossUp", "gross_up"]


@attrs.frozen(slots=True)
class GrossUp:
    """A grossed-up month: the allowance is the tax on the grossed-up income.

    Attributes:
        base: Income before the tax allowance.
        withholding: The monthly withholding on the grossed-up income.
        solutions: Every exact solution, one per bracket that holds one, smallest first.
    """

    base: Money
    withholding: MonthlyWithholding
    solutions: tuple[Decimal, ...]

    @property
    def gross(self) -> Money:
        """The grossed-up income (the smallest solution, rounded to the rupiah)."""
        return self.withholding.gross

    @property
    def tax_allowance(self) -> Money:
        """The tax allowance: gross less base."""
        return self.gross - self.base

    @property
    def net(self) -> Money:
        """What the employee keeps: gross less the tax withheld (the base, to the rupiah)."""
        return self.gross - self.withholding.tax

    def explain(self) -> Explanation:
        """Return the base, the allowance, the solutions and the withholding's steps."""
        solutions = ", ".join(f"{s:,.2f}" for s in self.solutions)
        lines = (
            ExplanationLine("net_base", self.base),
            ExplanationLine("tax_allowance", self.tax_allowance),
            ExplanationLine("solutions", solutions),
            *self.withholding.explain().lines,
        )
        return Explanation("title.gross_up", (self.withholding.on.strftime("%m/%Y"),), lines)


# With the surcharge two roundings stack, so the rounded exact solution can leave the
# employee one rupiah more than the base; the nearest whole rupiah that keeps the base
# exactly (and stays in the solution's bracket) is taken instead.
_NUDGES = (0, 1, -1, 2, -2)


def _nearest_whole(
    exact: Decimal,
    base: Decimal,
    status: PtkpStatus,
    on: date,
    has_npwp: bool,
    options: Pph21Options,
) -> MonthlyWithholding | None:
    rounded = exact.quantize(ONE, options.decimal_mode)
    fallback = None
    for nudge in _NUDGES:
        gross = rounded + nudge
        if gross < 0:
            continue
        candidate = monthly_withholding(idr(gross), status, on, has_npwp=has_npwp, options=options)
        if not _in_bracket(candidate.bracket, exact):
            continue
        if candidate.gross_amount - candidate.tax_amount == base:
            return candidate
        fallback = fallback or candidate
    return fallback


def _in_bracket(bracket: TerBracket, exact: Decimal) -> bool:
    above = exact > bracket.lower or (bracket.number == 1 and exact >= 0)
    return above and (bracket.upper is None or exact <= bracket.upper)


def gross_up(
    base: Money,
    status: PtkpStatus | str,
    on: date,
    *,
    has_npwp: bool = True,
    options: Pph21Options = DEFAULT_OPTIONS,
) -> GrossUp:
    """Gross up a month's income for a PPh 21 tax allowance, taking the smallest solution.

    Args:
        base: The month's income before the tax allowance.
        status: The PTKP status at the start of the tax year.
        on: A date in the tax period.
        has_npwp: False when the employee has neither an NPWP nor a valid NIK (the
            surcharge is grossed up too).
        options: Rounding choice (the same as the withholding's).

    Raises:
        InvalidArgumentTypeError: If ``base`` is not Money or is out of range.
        InvalidOptionError: If ``has_npwp`` is not a bool.
        NegativeAmountError: If ``base`` is negative.
        UnknownPtkpStatusError: If ``status`` is unknown.
        RuleParameterError: If no TER table covers ``on``.
    """
    amount = rupiah(base, "base")
    flag(has_npwp, "has_npwp")
    st = ptkp_status(status)
    params = TER_MONTHLY.at(on)
    table = params.tables[params.categories[st]]
    surcharge = ZERO if has_npwp else WITHHOLDING.at(on).no_npwp_surcharge
    solutions = []
    for bracket in table.brackets:
        exact = amount / (ONE - bracket.rate * (ONE + surcharge))
        if _in_bracket(bracket, exact):
            solutions.append(exact)
    chosen = None
    for exact in solutions:
        chosen = _nearest_whole(exact, amount, st, on, has_npwp, options)
        if chosen is not None:
            break
    if chosen is None:
        raise InvalidInputError(
            f"base {base} has no gross-up solution in category {table.category.value} on "
            f"{on.isoformat()} after rounding: pass a base in whole rupiah"
        )
    return GrossUp(idr(amount), chosen, tuple(solutions))
