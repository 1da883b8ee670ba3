"""An asset's depreciation schedule in each book: posted months, then the forecast.

The commercial schedule of an asset is its posted months (never recomputed) followed by
a forecast: what is left to depreciate (gross value − salvage − opening accumulated −
posted − impairment) spread with :func:`~backoffice_core.assets.methods.allocate` over
the weights of the months still to come. A revaluation, an impairment or a new useful
life therefore changes the forecast only: a change in estimate is prospective.

The fiscal book is a :class:`FiscalBook`, a seam that a jurisdiction fills (the
Indonesian one is
:class:`~backoffice_core.jurisdictions.indonesia.FiscalDepreciationBook`); the domain
never imports a jurisdiction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol

import attrs

from backoffice_core.assets.errors import PolicyError
from backoffice_core.assets.methods import Curve, index_month, month_index, spread
from backoffice_core.assets.models import Asset, AssetStatus, DepreciationPosting, Method
from backoffice_core.money import Money
from backoffice_core.periods import Month

__all__ = [
    "FiscalBook",
    "Schedule",
    "ScheduleRow",
    "commercial_schedule",
    "fiscal_schedule",
    "forecast",
    "forecast_indexed",
    "start_index",
    "start_month",
]

_ZERO = Decimal(0)


class FiscalBook(Protocol):
    """The tax depreciation of one jurisdiction (a seam the domain calls, never imports).

    A fiscal book is computed, not posted: the register reports it next to the
    commercial book and the difference per year (the fiscal correction).
    """

    def monthly(
        self, fiscal_class: str, method: str, cost: Money, acquired: date
    ) -> Sequence[tuple[Month, Money]]:
        """Return the fiscal depreciation of each month, first month first.

        Args:
            fiscal_class: The category's fiscal class (an Indonesian asset group).
            method: The asset's fiscal method name.
            cost: The acquisition cost.
            acquired: The acquisition date.

        Raises:
            InvalidInputError: If the class or method is unknown, or the method is not
                allowed for the class (the caller writes nothing).
        """
        ...


@attrs.frozen
class ScheduleRow:
    """One month of a schedule.

    Args:
        month: The month.
        depreciation: The depreciation of the month.
        accumulated: Accumulated depreciation (and impairment) at the month's end.
        book_value: Gross value less accumulated at the month's end.
        posted: True if the month is posted to the ledger (never recomputed).
    """

    month: Month
    depreciation: Money
    accumulated: Money
    book_value: Money
    posted: bool


@attrs.frozen
class Schedule:
    """One book's schedule of one asset.

    Args:
        asset: The asset id.
        book: ``"commercial"`` or ``"fiscal"``.
        rows: The months, first month first.
    """

    asset: str
    book: str
    rows: tuple[ScheduleRow, ...]

    @property
    def total(self) -> Money | None:
        """The sum of every month's depreciation (None for an empty schedule)."""
        if not self.rows:
            return None
        return Money.sum((r.depreciation for r in self.rows), self.rows[0].depreciation.currency)

    def by_year(self) -> dict[int, Money]:
        """Return the depreciation of each calendar year, in year order."""
        years: dict[int, Money] = {}
        for row in self.rows:
            year = row.month.year
            years[year] = years[year] + row.depreciation if year in years else row.depreciation
        return years


def start_index(asset: Asset) -> int | None:
    """Return :func:`start_month` as a month index (parsed without a regex: hot path)."""
    text = asset.depreciation_start
    if text is not None:
        return int(text[:4]) * 12 + int(text[5:7]) - 1
    day = asset.in_service
    return None if day is None else day.year * 12 + day.month - 1


def start_month(asset: Asset) -> Month | None:
    """Return the first month the register depreciates ``asset`` (None while planned)."""
    if asset.depreciation_start is not None:
        return Month.parse(asset.depreciation_start)
    return None if asset.in_service is None else Month.of(asset.in_service)


def forecast(
    asset: Asset,
    posted_months: int,
    posted_total: Money,
    usage: Mapping[Month, Decimal] | None = None,
    *,
    until: Month | None = None,
) -> list[tuple[Month, Money]]:
    """Return the months still to depreciate and their amounts.

    Args:
        asset: The asset in its current state.
        posted_months: How many months are posted (consecutive from the start month).
        posted_total: Their sum.
        usage: Units produced by month (units of production only).
        until: Stop after this month (the amounts do not depend on it).
    """
    last = None if until is None else month_index(until)
    rows = forecast_indexed(asset, posted_months, posted_total, usage, until=last)
    return [(index_month(i), amount) for i, amount in rows]


def forecast_indexed(
    asset: Asset,
    posted_months: int,
    posted_total: Money,
    usage: Mapping[Month, Decimal] | None = None,
    *,
    until: int | None = None,
    begin: int | None = None,
) -> list[tuple[int, Money]]:
    """Return the months still to depreciate, as :func:`month_index` values.

    Args:
        asset: The asset in its current state.
        posted_months: How many months are posted (consecutive from the start month).
        posted_total: Their sum.
        usage: Units produced by month (units of production only).
        until: Stop after this month index (the amounts do not depend on it).
        begin: The asset's :func:`start_index` when the caller has it already.
    """
    if begin is None:
        begin = start_index(asset)
    if begin is None or asset.in_service is None or asset.status is AssetStatus.DISPOSED:
        return []
    policy = asset.policy
    # Plain Decimal arithmetic: a run computes this for every asset of the register.
    cost = asset.cost
    gross = cost if asset.revaluation is None else cost + asset.revaluation
    amount = gross.amount - policy.salvage.amount - posted_total.amount
    if asset.opening_accumulated is not None:
        amount -= asset.opening_accumulated.amount
    if asset.impairment is not None:
        amount -= asset.impairment.amount
    left = Money(amount, cost.currency)
    upcoming = begin + posted_months
    if policy.method is Method.UNITS_OF_PRODUCTION:
        assert policy.total_units is not None  # check_policy requires it
        by_index = {month_index(m): u for m, u in (usage or {}).items()}
        used = sum((u for i, u in by_index.items() if i < upcoming), _ZERO)
        ahead = [i for i in by_index if i >= upcoming]
        if not ahead:
            return []
        last = max(ahead)
        if until is not None:
            last = min(last, until)
        months = range(upcoming, last + 1)
        running = []
        total = _ZERO
        for index in months:
            total += by_index.get(index, _ZERO)
            running.append(total)
        amounts = spread(left, running, policy.total_units - used)
    else:
        curve = Curve(policy, gross, asset.in_service, begin)
        last = curve.end if until is None else min(curve.end, until)
        months = range(upcoming, last + 1)
        before = curve.at(upcoming - 1)
        whole = curve.at(curve.end) - before
        running = [curve.at(i) - before for i in months]
        amounts = spread(left, running, whole)
    return list(zip(months, amounts, strict=True))


def commercial_schedule(
    asset: Asset,
    posted: Sequence[DepreciationPosting],
    usage: Mapping[Month, Decimal] | None = None,
) -> Schedule:
    """Return the commercial schedule: the posted months, then the forecast.

    Args:
        asset: The asset in its current state.
        posted: Its posted months, in month order.
        usage: Units produced by month (units of production only).
    """
    currency = asset.cost.currency
    posted_total = Money.sum((p.amount for p in posted), currency)
    months = [(Month.parse(p.month), p.amount, True) for p in posted]
    months += [(m, a, False) for m, a in forecast(asset, len(posted), posted_total, usage)]
    accumulated = asset.opening + asset.impaired
    rows = []
    for month, amount, is_posted in months:
        accumulated += amount
        rows.append(ScheduleRow(month, amount, accumulated, asset.gross - accumulated, is_posted))
    return Schedule(asset.id, "commercial", tuple(rows))


def fiscal_schedule(asset: Asset, book: FiscalBook, fiscal_class: str) -> Schedule:
    """Return the fiscal schedule of ``asset`` as ``book`` computes it (nothing is posted).

    Raises:
        PolicyError: If the asset has no fiscal method.
        InvalidInputError: As :meth:`FiscalBook.monthly`.
    """
    if asset.fiscal_method is None:
        raise PolicyError(
            f"asset {asset.id!r} has no fiscal method: register it with fiscal_method"
        )
    accumulated = Money.zero(asset.cost.currency)
    rows = []
    for month, amount in book.monthly(
        fiscal_class, asset.fiscal_method, asset.cost, asset.acquired
    ):
        accumulated += amount
        rows.append(ScheduleRow(month, amount, accumulated, asset.cost - accumulated, False))
    return Schedule(asset.id, "fiscal", tuple(rows))
