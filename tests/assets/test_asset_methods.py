"""Depreciation methods: weights, cumulative rounding and their invariants."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from asset_fixtures import idr, laptop
from hypothesis import given
from hypothesis import strategies as st

from backoffice_core import Money
from backoffice_core.assets import (
    DepreciationPolicy,
    Method,
    PolicyError,
    Proration,
    allocate,
    forecast,
    life_weights,
)
from backoffice_core.assets.methods import check_policy
from backoffice_core.periods import Month

YEARLY = [Method.DECLINING_BALANCE, Method.DOUBLE_DECLINING, Method.SUM_OF_YEARS_DIGITS]


@st.composite
def policies(draw: st.DrawFn) -> tuple[DepreciationPolicy, int, date]:
    """A valid policy, a cost in rupiah and an in-service date."""
    method = draw(st.sampled_from([Method.STRAIGHT_LINE, *YEARLY, Method.MANUAL]))
    cost = draw(st.integers(1, 10**12))
    salvage = draw(st.integers(0, cost))
    years = draw(st.integers(1, 20))
    months = years * 12 if method in YEARLY else draw(st.integers(1, 240))
    start = draw(st.dates(date(2000, 1, 1), date(2040, 12, 31)))
    rate = None
    if method is Method.DECLINING_BALANCE:
        rate = Decimal(draw(st.integers(1, 100))) / 100
    manual: tuple[Money, ...] = ()
    if method is Method.MANUAL:
        weights = draw(st.lists(st.integers(0, 9), min_size=months, max_size=months))
        manual = tuple(idr(cost - salvage).allocate([w + 1 for w in weights]))
    policy = DepreciationPolicy(
        method=method,
        useful_life_months=months,
        salvage=idr(salvage),
        proration=draw(st.sampled_from(list(Proration))),
        rate=rate,
        switch_to_straight_line=draw(st.booleans()) and method in YEARLY[:2],
        manual_amounts=manual,
    )
    return policy, cost, start


class TestAllocate:
    @given(
        st.integers(0, 10**15),
        st.lists(st.decimals(0, 10**6, places=4), min_size=1, max_size=60),
    )
    def test_parts_add_up_and_are_never_negative(self, units: int, weights: list[Decimal]) -> None:
        """Cumulative rounding gives non-negative parts adding up to the amount."""
        parts = allocate(idr(units), weights)
        assert all(not p.is_negative for p in parts)
        expected = idr(units) if sum(weights) > 0 else idr(0)
        assert Money.sum(parts, "IDR") == expected

    def test_each_month_rounds_its_running_total(self) -> None:
        """100 over three equal weights gives 33, 34 and 33 (half-up running totals)."""
        parts = allocate(idr(100), [Decimal(1)] * 3)
        assert parts == [idr(33), idr(34), idr(33)]


class TestSchedules:
    @given(policies())
    def test_every_method_sums_to_cost_minus_salvage(
        self, drawn: tuple[DepreciationPolicy, int, date]
    ) -> None:
        """Every method's schedule adds up exactly to the depreciable amount."""
        policy, cost, start = drawn
        asset = laptop(cost=idr(cost), acquired=start, in_service=start, policy=policy)
        check_policy(policy, idr(cost) - policy.salvage, "x")
        rows = forecast(asset, 0, idr(0))
        assert Money.sum((a for _, a in rows), "IDR") == idr(cost) - policy.salvage

    @given(policies())
    def test_book_value_never_goes_below_salvage(
        self, drawn: tuple[DepreciationPolicy, int, date]
    ) -> None:
        """No month is negative and the book value stays at or above salvage throughout."""
        policy, cost, start = drawn
        asset = laptop(cost=idr(cost), acquired=start, in_service=start, policy=policy)
        book = idr(cost)
        for _, amount in forecast(asset, 0, idr(0)):
            assert not amount.is_negative
            book -= amount
            assert book >= policy.salvage

    @given(policies(), st.integers(0, 300))
    def test_a_forecast_after_posted_months_keeps_the_total(
        self, drawn: tuple[DepreciationPolicy, int, date], posted: int
    ) -> None:
        """Posting some months then forecasting the rest still adds up to the total."""
        policy, cost, start = drawn
        asset = laptop(cost=idr(cost), acquired=start, in_service=start, policy=policy)
        full = forecast(asset, 0, idr(0))
        done = full[: min(posted, len(full))]
        total = Money.sum((a for _, a in done), "IDR")
        rest = forecast(asset, len(done), total)
        assert total + Money.sum((a for _, a in rest), "IDR") == idr(cost) - policy.salvage

    def test_daily_pro_rata_spans_one_more_month(self) -> None:
        """A life of 12 months started on the 16th spans 13 months, first and last partial."""
        policy = DepreciationPolicy(
            method=Method.STRAIGHT_LINE,
            useful_life_months=12,
            salvage=idr(0),
            proration=Proration.DAILY,
        )
        asset = laptop(cost=idr(1_200_000), in_service=date(2026, 1, 16), policy=policy)
        rows = forecast(asset, 0, idr(0))
        assert len(rows) == 13
        assert rows[0] == (Month(2026, 1), idr(51_613))  # 16 of 31 days of 100,000
        assert rows[-1][0] == Month(2027, 1)
        assert rows[0][1] + rows[-1][1] == idr(100_000)

    def test_double_declining_switches_to_straight_line(self) -> None:
        """Double declining over 4 years gives 50%, 25%, then straight line 12.5% twice."""
        policy = DepreciationPolicy(
            method=Method.DOUBLE_DECLINING,
            useful_life_months=48,
            salvage=idr(0),
            switch_to_straight_line=True,
        )
        asset = laptop(cost=idr(4_800_000), policy=policy, in_service=date(2026, 1, 1))
        by_year: dict[int, Money] = {}
        for m, a in forecast(asset, 0, idr(0)):
            by_year[m.year] = by_year.get(m.year, idr(0)) + a
        assert list(by_year.values()) == [
            idr(2_400_000),
            idr(1_200_000),
            idr(600_000),
            idr(600_000),
        ]

    def test_sum_of_years_digits(self) -> None:
        """Three years of sum-of-years-digits take 3/6, 2/6 and 1/6."""
        policy = DepreciationPolicy(
            method=Method.SUM_OF_YEARS_DIGITS, useful_life_months=36, salvage=idr(600)
        )
        weights = life_weights(policy, idr(6_600), date(2026, 1, 1), Month(2026, 1))
        assert [sum(w for _, w in weights[i : i + 12]) for i in (0, 12, 24)] == [3000, 2000, 1000]

    def test_units_of_production_follows_usage(self) -> None:
        """Each month bears its share of the units, capped at the expected total."""
        policy = DepreciationPolicy(
            method=Method.UNITS_OF_PRODUCTION,
            useful_life_months=60,
            salvage=idr(0),
            total_units=Decimal(1000),
        )
        asset = laptop(cost=idr(1_000_000), policy=policy)
        usage = {Month(2026, 1): Decimal(100), Month(2026, 3): Decimal(2000)}
        rows = forecast(asset, 0, idr(0), usage)
        assert rows == [
            (Month(2026, 1), idr(100_000)),
            (Month(2026, 2), idr(0)),
            (Month(2026, 3), idr(900_000)),
        ]


class TestPolicyChecks:
    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"useful_life_months": 0}, "at least 1"),
            ({"method": Method.SUM_OF_YEARS_DIGITS, "useful_life_months": 30}, "whole years"),
            ({"method": Method.DECLINING_BALANCE}, "yearly rate"),
            ({"method": Method.UNITS_OF_PRODUCTION}, "total_units"),
            ({"method": Method.MANUAL, "manual_amounts": (idr(1),)}, "does not fit"),
        ],
    )
    def test_bad_policies_are_refused(self, changes: dict[str, object], message: str) -> None:
        """A policy that cannot depreciate the amount raises PolicyError naming the fault."""
        policy = DepreciationPolicy(
            method=Method.STRAIGHT_LINE, useful_life_months=12, salvage=idr(0)
        ).model_copy(update=changes)
        with pytest.raises(PolicyError, match=message):
            check_policy(policy, idr(1000), "'x'")

    def test_manual_amounts_must_add_up(self) -> None:
        """A manual schedule that does not add up to the depreciable amount is refused."""
        policy = DepreciationPolicy(
            method=Method.MANUAL,
            useful_life_months=2,
            salvage=idr(0),
            manual_amounts=(idr(400), idr(500)),
        )
        with pytest.raises(PolicyError, match="add up to IDR 900"):
            check_policy(policy, idr(1000), "'x'")


class TestPolicyFromText:
    def test_an_unknown_method_name_is_refused(self) -> None:
        """A method given as an unknown string raises PolicyError naming the methods."""
        with pytest.raises(PolicyError, match="'linear' is unknown"):
            DepreciationPolicy.create("linear", 12, idr(0))

    def test_a_method_name_builds_the_policy(self) -> None:
        """A known method name gives the policy with that method."""
        policy = DepreciationPolicy.create("double_declining", 48, idr(0))
        assert policy.method is Method.DOUBLE_DECLINING

    def test_a_bad_option_is_refused(self) -> None:
        """An option of the wrong type raises PolicyError, not a pydantic error."""
        with pytest.raises(PolicyError, match="total_units"):
            DepreciationPolicy.create("units_of_production", 12, idr(0), total_units="many")


class TestUnitsOfProductionProperty:
    @given(
        st.integers(1, 10**12),
        st.integers(1, 10**6),
        st.lists(st.integers(0, 10**5), min_size=1, max_size=60),
    )
    def test_usage_never_depreciates_beyond_cost_minus_salvage(
        self, cost: int, total: int, usage: list[int]
    ) -> None:
        """Usage months are never negative or above the amount, and reach it at the total."""
        policy = DepreciationPolicy(
            method=Method.UNITS_OF_PRODUCTION,
            useful_life_months=60,
            salvage=idr(0),
            total_units=Decimal(total),
        )
        asset = laptop(cost=idr(cost), policy=policy)
        by_month = {Month(2026, 1) + k: Decimal(u) for k, u in enumerate(usage) if u}
        rows = forecast(asset, 0, idr(0), by_month)
        depreciated = Money.sum((a for _, a in rows), "IDR")
        assert all(not a.is_negative for _, a in rows)
        assert depreciated <= idr(cost)
        if sum(usage) >= total:
            assert depreciated == idr(cost)
