"""The depreciation methods: month weights over an asset's life and their exact allocation.

A method is reduced to one weight per month of the life: how much of the depreciable
amount that month bears. Straight line, declining balance and sum-of-years-digits are
curves of the elapsed life (yearly amounts spread evenly over each year's months); a
manual schedule gives its amounts; units of production weighs each month by its usage.
:func:`allocate` then spreads an amount over weights with **cumulative rounding**: the
rounded running total of month *k* is ``round(amount × weights to k / all weights)``
and a month's amount is the difference of two running totals, so every month is
rounded once, no month is negative and the months add up exactly to the amount.

Daily pro-rata counts the first month by the days in service and gives the month after
the last whole month the rest, so the life spans one more calendar month; monthly
pro-rata counts the in-service month in full.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from backoffice_core.assets.errors import PolicyError
from backoffice_core.assets.models import DepreciationPolicy, Method, Proration
from backoffice_core.money import Money, Rounding
from backoffice_core.periods import Month

__all__ = [
    "SCHEDULE_ROUNDING",
    "Curve",
    "allocate",
    "check_policy",
    "index_month",
    "life_weights",
    "month_index",
    "spread",
]

SCHEDULE_ROUNDING = Rounding.HALF_UP
"""The rounding of each running total of a schedule to the currency's minor unit."""

_ZERO = Decimal(0)
_TWELVE = Decimal(12)
_YEARLY = (Method.DECLINING_BALANCE, Method.DOUBLE_DECLINING, Method.SUM_OF_YEARS_DIGITS)


def check_policy(policy: DepreciationPolicy, depreciable: Money, what: str) -> None:
    """Refuse a policy that cannot depreciate ``depreciable`` (cost − salvage − opening).

    Args:
        policy: The policy.
        depreciable: What the schedule must add up to.
        what: The asset, named in messages.

    Raises:
        PolicyError: If the life is not positive, a yearly method has no whole years,
            a rate or total of units is missing or out of range, or a manual schedule
            does not fit the life or add up to ``depreciable``.
    """
    life = policy.useful_life_months
    if life < 1:
        raise PolicyError(
            f"asset {what}: useful life {life!r} months must be at least 1; give the "
            "months the asset will be used"
        )
    if policy.method in _YEARLY and life % 12:
        raise PolicyError(
            f"asset {what}: {policy.method.value} uses yearly rates, so its useful life "
            f"{life} months must be whole years (a multiple of 12)"
        )
    if policy.method is Method.DECLINING_BALANCE:
        if policy.rate is None or not _ZERO < policy.rate <= 1:
            raise PolicyError(
                f"asset {what}: declining balance needs a yearly rate above 0 and at most 1, "
                f"got {policy.rate!r}; use Decimal('0.25') for 25%"
            )
    elif policy.rate is not None:
        raise PolicyError(f"asset {what}: a rate is only used by declining balance")
    if policy.method is Method.UNITS_OF_PRODUCTION and (
        policy.total_units is None or policy.total_units <= 0
    ):
        raise PolicyError(
            f"asset {what}: units of production needs total_units above zero, "
            f"got {policy.total_units!r}"
        )
    if policy.method is Method.MANUAL:
        amounts = policy.manual_amounts
        if len(amounts) != life:
            raise PolicyError(
                f"asset {what}: a manual schedule of {len(amounts)} months does not fit "
                f"a useful life of {life} months; give one amount per month"
            )
        if any(a.currency != depreciable.currency or a.is_negative for a in amounts):
            raise PolicyError(
                f"asset {what}: manual amounts must be zero or above, in {depreciable.currency}"
            )
        total = Money.sum(amounts, depreciable.currency)
        if total != depreciable:
            raise PolicyError(
                f"asset {what}: the manual amounts add up to {total}, not to the "
                f"depreciable amount {depreciable}; make them add up exactly"
            )
    elif policy.manual_amounts:
        raise PolicyError(f"asset {what}: manual amounts are only used by a manual schedule")


def month_index(month: Month) -> int:
    """Return a month as a count of months since year 0 (consecutive months differ by 1)."""
    return month.year * 12 + month.month - 1


def index_month(index: int) -> Month:
    """Return the month of a :func:`month_index`."""
    year, month0 = divmod(index, 12)
    return Month(year, month0 + 1)


def _yearly_amounts(policy: DepreciationPolicy, cost: Decimal, salvage: Decimal) -> list[Decimal]:
    """Depreciation per life year of the yearly methods (on cost, down to salvage)."""
    years = policy.useful_life_months // 12
    base = cost - salvage
    if policy.method is Method.SUM_OF_YEARS_DIGITS:
        digits = Decimal(years * (years + 1) // 2)
        return [base * (years - i) / digits for i in range(years)]
    rate = Decimal(2) / years if policy.method is Method.DOUBLE_DECLINING else policy.rate
    assert rate is not None  # check_policy requires it
    book = cost
    amounts = []
    for index in range(years):
        left = book - salvage
        if index == years - 1:
            amount = left
        else:
            amount = book * rate
            if policy.switch_to_straight_line:
                amount = max(amount, left / (years - index))
            amount = min(amount, left)
        amounts.append(amount)
        book -= amount
    return amounts


class Curve:
    """The cumulative weight of a policy at the end of each month of the life.

    ``at(index)`` is the weight borne by every month up to and including the month
    ``index`` (a :func:`month_index`); it rises from zero before the first month to
    ``at(end)``, the whole, at the last month of the life. Units of production has no
    curve (usage decides).

    Args:
        policy: The book's policy (checked with :func:`check_policy`).
        cost: The gross value the curve is drawn on (declining balance depends on it).
        start: The in-service date.
        first: The :func:`month_index` of the first month the register depreciates
            (a manual schedule's first amount falls in it).
    """

    __slots__ = (
        "_cost",
        "_head",
        "_life",
        "_manual",
        "_policy",
        "_prefix",
        "_start",
        "_years",
        "end",
    )

    def __init__(self, policy: DepreciationPolicy, cost: Money, start: date, first: int) -> None:
        self._policy = policy
        self._life = policy.useful_life_months
        self._cost = cost.amount - policy.salvage.amount
        self._years: list[Decimal] = []
        self._prefix: list[Decimal] = []
        self._head = Decimal(1)
        self._manual = policy.method is Method.MANUAL
        if self._manual:
            self._start = first
            running = _ZERO
            for money in policy.manual_amounts:
                running += money.amount
                self._prefix.append(running)
            self.end = self._start + self._life - 1
            return
        self._start = start.year * 12 + start.month - 1
        self.end = self._start + self._life - 1
        if policy.proration is Proration.DAILY and start.day != 1:
            days = calendar.monthrange(start.year, start.month)[1]
            self._head = Decimal(days - start.day + 1) / Decimal(days)
            self.end += 1
        if policy.method in _YEARLY:
            self._years = _yearly_amounts(policy, cost.amount, policy.salvage.amount)
            running = _ZERO
            for yearly in self._years:
                running += yearly
                self._prefix.append(running)

    def _elapsed(self, index: int) -> Decimal:
        offset = index - self._start
        if offset < 0:
            return _ZERO
        if offset >= self._life or (self._head != 1 and offset == self._life):
            return Decimal(self._life)
        return Decimal(offset) + self._head

    def at(self, index: int) -> Decimal:
        """Return the cumulative weight at the end of month ``index``."""
        offset = index - self._start
        if offset < 0:
            return _ZERO
        if self._manual:
            return self._prefix[min(index, self.end) - self._start]
        # A whole month in service gives what _elapsed would, without its cases.
        whole_month = offset < self._life and self._head == 1
        u = Decimal(offset + 1) if whole_month else self._elapsed(index)
        if not self._years:
            return self._cost * u / self._life
        whole = int(u // _TWELVE)
        done = self._prefix[whole - 1] if whole else _ZERO
        if whole < len(self._years):
            done += self._years[whole] * (u - whole * _TWELVE) / _TWELVE
        return done


def life_weights(
    policy: DepreciationPolicy, cost: Money, start: date, first: Month
) -> list[tuple[Month, Decimal]]:
    """Return each month's weight over the life, from the month ``first`` depreciates.

    Units of production has no weights of its own (usage decides); it returns none.

    Args:
        policy: The book's policy.
        cost: The gross value the curve is drawn on (declining balance depends on it).
        start: The in-service date (a manual schedule starts at ``first`` instead).
        first: The first month the register depreciates.
    """
    if policy.method is Method.UNITS_OF_PRODUCTION:
        return []
    begin = month_index(first)
    curve = Curve(policy, cost, start, begin)
    return [(index_month(i), curve.at(i) - curve.at(i - 1)) for i in range(begin, curve.end + 1)]


def spread(amount: Money, running: Sequence[Decimal], whole: Decimal) -> list[Money]:
    """Spread ``amount`` by running totals of weight: the core of :func:`allocate`.

    Args:
        amount: A non-negative amount rounded to its currency's minor unit.
        running: Non-decreasing running totals of weight, one per period.
        whole: The weight of the whole amount; a running total reaching it takes
            everything that is left.
    """
    currency = amount.currency
    units = amount.to_minor()
    if whole <= 0 or units <= 0:
        return [Money.zero(currency) for _ in running]
    out = []
    previous = 0
    mode = SCHEDULE_ROUNDING.value
    for total in running:
        share = units if total >= whole else int((units * total / whole).quantize(1, mode))
        out.append(Money.from_minor(share - previous, currency))
        previous = share
    return out


def allocate(
    amount: Money, weights: Sequence[Decimal], whole: Decimal | None = None
) -> list[Money]:
    """Spread ``amount`` over ``weights`` with cumulative rounding.

    Args:
        amount: A non-negative amount rounded to its currency's minor unit.
        weights: Non-negative weights, one per period.
        whole: The weight of the whole amount; the sum of ``weights`` when omitted.
            Give more (units of production with future usage unknown) and the
            periods share only their part; running totals are capped at ``whole``.

    Returns:
        One amount per weight; they add up to ``amount`` when the weights reach
        ``whole``, and never exceed it.
    """
    running = []
    total = _ZERO
    for weight in weights:
        total += weight
        running.append(total)
    return spread(amount, running, total if whole is None else whole)
