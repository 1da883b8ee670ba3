from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice_core.errors import InvalidInputError
from backoffice_core.jurisdictions.indonesia import (
    AssetGroup,
    DepreciationMethod,
    DepreciationMethodError,
    depreciation_schedule,
)
from backoffice_core.money import Money

SL = DepreciationMethod.STRAIGHT_LINE
DB = DepreciationMethod.DECLINING_BALANCE


def idr(amount: int | str) -> Money:
    return Money(amount, "IDR")


class TestStraightLine:
    def test_building_50_million_a_year(self):
        """Reference 4.3: a 1.000.000.000 building over 20 years is 50.000.000 a year."""
        schedule = depreciation_schedule(
            idr(1000000000), AssetGroup.PERMANENT_BUILDING, SL, date(2020, 1, 1)
        )
        assert {p.depreciation for p in schedule.years} == {idr(50000000)}
        assert len(schedule.years) == 20

    def test_acquisition_month_counts_in_full(self):
        """Bought in July: 6/12 of a year in the first year, the rest in the last."""
        schedule = depreciation_schedule(
            idr(120000000), AssetGroup.KELOMPOK_1, SL, date(2024, 7, 15)
        )
        amounts = [(p.year, p.depreciation) for p in schedule.years]
        assert amounts == [
            (2024, idr(15000000)),
            (2025, idr(30000000)),
            (2026, idr(30000000)),
            (2027, idr(30000000)),
            (2028, idr(15000000)),
        ]

    def test_final_period_absorbs_rounding(self):
        """A cost of 1.000.001 over 4 years ends at a book value of exactly zero."""
        schedule = depreciation_schedule(idr(1000001), AssetGroup.KELOMPOK_1, SL, date(2024, 1, 1))
        assert [p.depreciation for p in schedule.years][-1] == idr(250001)
        assert schedule.years[-1].book_value == idr(0)


class TestDecliningBalance:
    def test_kelompok_1_machine_from_2009(self):
        """Reference 4.3: 150.000.000 from January 2009: 75, 37,5, 18,75 then 18,75 written off."""
        schedule = depreciation_schedule(
            idr(150000000), AssetGroup.KELOMPOK_1, DB, date(2009, 1, 1)
        )
        assert [(p.year, p.depreciation, p.book_value) for p in schedule.years] == [
            (2009, idr(75000000), idr(75000000)),
            (2010, idr(37500000), idr(37500000)),
            (2011, idr(18750000), idr(18750000)),
            (2012, idr(18750000), idr(0)),
        ]

    def test_first_year_prorated_by_months(self):
        """Bought in October: the first year is 50% x 3/12 of cost."""
        schedule = depreciation_schedule(
            idr(100000000), AssetGroup.KELOMPOK_1, DB, date(2024, 10, 1)
        )
        assert schedule.years[0].depreciation == idr(12500000)
        assert schedule.years[-1].year == 2028

    def test_buildings_refuse_declining_balance(self):
        """Declining balance for a building raises."""
        with pytest.raises(DepreciationMethodError, match="bangunan permanen"):
            depreciation_schedule(idr(1), AssetGroup.PERMANENT_BUILDING, DB, date(2024, 1, 1))


class TestMonthlyView:
    def test_months_add_up_to_years(self):
        """Each year's months add up to the yearly amount."""
        schedule = depreciation_schedule(
            idr(150000000), AssetGroup.KELOMPOK_1, DB, date(2009, 3, 1)
        )
        for year in schedule.years:
            months = [p.depreciation for p in schedule.months if p.year == year.year]
            assert Money.sum(months, "IDR") == year.depreciation

    def test_one_row_per_month_of_life(self):
        """A Kelompok 2 asset has 96 monthly rows."""
        schedule = depreciation_schedule(idr(8000000), AssetGroup.KELOMPOK_2, SL, date(2024, 5, 1))
        assert len(schedule.months) == 96
        assert schedule.months[0].depreciation == idr(83333)


class TestLongerBuildingLife:
    def test_permanent_building_may_elect_longer_life(self):
        """A permanent building may use an actual life of 25 years (4% a year)."""
        schedule = depreciation_schedule(
            idr(100000000),
            AssetGroup.PERMANENT_BUILDING,
            SL,
            date(2024, 1, 1),
            useful_life_years=25,
        )
        assert (len(schedule.years), schedule.years[0].depreciation) == (25, idr(4000000))

    def test_other_groups_cannot_change_life(self):
        """Kelompok 1 cannot elect another life."""
        with pytest.raises(InvalidInputError, match="25"):
            depreciation_schedule(
                idr(1), AssetGroup.KELOMPOK_1, SL, date(2024, 1, 1), useful_life_years=25
            )


class TestInvariants:
    @given(
        st.integers(min_value=0, max_value=10**12),
        st.sampled_from(list(AssetGroup)),
        st.sampled_from([SL, DB]),
        st.dates(min_value=date(2009, 1, 1), max_value=date(2030, 12, 31)),
    )
    def test_schedule_adds_up_to_cost(self, cost, group, method, acquired):
        """Every schedule, yearly and monthly, depreciates exactly the cost, never below zero."""
        if method is DB and group in (
            AssetGroup.PERMANENT_BUILDING,
            AssetGroup.NON_PERMANENT_BUILDING,
        ):
            method = SL
        schedule = depreciation_schedule(idr(cost), group, method, acquired)
        assert schedule.years[-1].accumulated == idr(cost)
        assert schedule.months[-1].accumulated == idr(cost)
        assert all(not p.depreciation.is_negative for p in schedule.months)
