"""The monthly run: one balanced entry per run, idempotent, prospective changes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from asset_fixtures import idr, laptop, prepare, straight_line

from backoffice_core import BackOffice
from backoffice_core.assets import (
    AssetStateError,
    DepreciationPolicy,
    Method,
    PolicyError,
)
from backoffice_core.context import RoleAuthorizer
from backoffice_core.errors import PeriodClosedError, PermissionDeniedError


def balance(office: BackOffice, account: str) -> int:
    """The balance of ``account`` at the end of 2030 in rupiah, signed by its normal side."""
    return int(office.ledger.balance(account, date(2030, 12, 31)).amount)


class TestMonthlyRun:
    def test_a_run_posts_one_balanced_entry_by_cost_centre(self, office: BackOffice) -> None:
        """Assets of two cost centres give one entry with a line pair per cost centre."""
        prepare(office).assets.register_many(
            [laptop("a"), laptop("b"), laptop("c", cost_centre="sales")]
        )
        run = office.assets.books.depreciate("2026-01")
        assert run is not None
        assert run.entry is not None
        entry = office.ledger.entry(run.entry)
        assert entry.date == date(2026, 1, 31)
        debits = {
            ln.dimensions["cost_centre"]: ln.amount for ln in entry.lines if ln.side == "debit"
        }
        assert debits == {"admin": idr(1_000_000), "sales": idr(500_000)}
        assert run.amount == idr(1_500_000)
        assert run.assets == 3

    def test_running_a_month_twice_posts_nothing_the_second_time(self, office: BackOffice) -> None:
        """The run is idempotent per asset and month."""
        prepare(office).assets.register(laptop())
        office.assets.books.depreciate("2026-01")
        assert office.assets.books.depreciate("2026-01") is None
        assert len(office.ledger.entries()) == 1
        assert balance(office, "6130") == 500_000

    def test_a_later_run_catches_up_missed_months(self, office: BackOffice) -> None:
        """A run for March posts January to March for an asset never depreciated."""
        prepare(office).assets.register(laptop())
        run = office.assets.books.depreciate("2026-03")
        assert run is not None
        assert run.months == 3
        assert balance(office, "1294") == -1_500_000

    def test_a_new_asset_gets_a_second_run_of_the_month(self, office: BackOffice) -> None:
        """An asset registered after the month's run is depreciated by a second run."""
        prepare(office).assets.register(laptop("a"))
        office.assets.books.depreciate("2026-01")
        office.assets.register(laptop("b"))
        second = office.assets.books.depreciate("2026-01")
        assert second is not None
        assert second.id == "depreciation-2026-01-2"
        assert [r.assets for r in office.assets.books.runs("2026-01")] == [1, 1]

    def test_postings_tie_out_to_the_ledger(self, office: BackOffice) -> None:
        """Accumulated depreciation in the ledger equals the register's total."""
        prepare(office).assets.register_many([laptop("a"), laptop("b", cost=idr(7_777_777))])
        for month in ("2026-01", "2026-02", "2026-03"):
            office.assets.books.depreciate(month)
        register = office.assets.reports.register()
        assert register.totals[0]["accumulated"] == idr(-balance(office, "1294"))

    def test_a_whole_life_depreciates_exactly_to_salvage(self, office: BackOffice) -> None:
        """Running every month of the life leaves exactly the salvage value."""
        prepare(office).assets.register(
            laptop(cost=idr(1_000_003), policy=straight_line(months=7, salvage=3))
        )
        office.assets.books.depreciate("2026-12")
        assert balance(office, "1294") == -1_000_000
        assert office.assets.books.carrying_amount("lt-1") == idr(3)
        assert office.assets.books.depreciate("2027-01") is None

    def test_planned_and_disposed_assets_are_refused_by_name(self, office: BackOffice) -> None:
        """Depreciating a planned asset by name raises AssetStateError."""
        prepare(office).assets.register(laptop(in_service=None))
        with pytest.raises(AssetStateError, match="planned"):
            office.assets.books.depreciate("2026-01", assets=["lt-1"])
        assert office.assets.books.depreciate("2026-01") is None

    def test_a_closed_period_refuses_the_run_and_writes_nothing(self, office: BackOffice) -> None:
        """A run into a closed month raises and leaves no posted month behind."""
        prepare(office).assets.register(laptop())
        office.ledger.close_period("2026-01")
        with pytest.raises(PeriodClosedError):
            office.assets.books.depreciate("2026-01")
        assert office.assets.books.schedule("lt-1").rows[0].posted is False


class TestProspectiveChanges:
    def test_a_new_useful_life_never_alters_posted_months(self, office: BackOffice) -> None:
        """Shortening the life spreads what is left over the new months only."""
        prepare(office).assets.register(laptop())
        office.assets.books.depreciate("2026-03")
        before = office.assets.books.schedule("lt-1").rows[:3]
        office.assets.change_policy("lt-1", straight_line(months=24))
        after = office.assets.books.schedule("lt-1")
        assert after.rows[:3] == before
        assert len(after.rows) == 24
        assert after.rows[3].depreciation == idr(1_071_429)  # 22,500,000 over 21 months
        assert after.total == idr(24_000_000)

    def test_impairment_lowers_the_forecast_only(self, office: BackOffice) -> None:
        """An impairment posts a loss and reduces the months still to come."""
        prepare(office).assets.register(laptop())
        office.assets.books.depreciate("2026-02")
        before = office.assets.books.schedule("lt-1").rows[:2]
        office.assets.books.impair("lt-1", idr(4_600_000), date(2026, 2, 28))
        after = office.assets.books.schedule("lt-1")
        assert [(r.month, r.depreciation, r.posted) for r in after.rows[:2]] == [
            (r.month, r.depreciation, r.posted) for r in before
        ]
        assert after.rows[2].depreciation == idr(400_000)
        assert balance(office, "8900") == 4_600_000

    def test_revaluation_posts_the_surplus_and_raises_the_forecast(
        self, office: BackOffice
    ) -> None:
        """An upward revaluation credits the surplus and the forecast grows."""
        prepare(office).assets.register(laptop())
        office.assets.books.depreciate("2026-02")
        office.assets.books.revalue("lt-1", idr(27_600_000), date(2026, 2, 28))
        assert balance(office, "3500") == 4_600_000
        assert balance(office, "1240") == 4_600_000
        schedule = office.assets.books.schedule("lt-1")
        assert schedule.rows[2].depreciation == idr(600_000)
        assert schedule.rows[-1].book_value == idr(0)

    def test_a_downward_revaluation_reverses_the_surplus_first(self, office: BackOffice) -> None:
        """A decrease takes back an earlier surplus, then posts a loss."""
        prepare(office).assets.register(laptop())
        office.assets.books.revalue("lt-1", idr(25_000_000), date(2026, 1, 5))
        office.assets.books.revalue("lt-1", idr(23_000_000), date(2026, 1, 6))
        assert balance(office, "3500") == 0
        assert balance(office, "8900") == 1_000_000

    def test_an_impairment_below_salvage_is_refused(self, office: BackOffice) -> None:
        """An impairment that leaves less than the salvage value writes nothing."""
        prepare(office).assets.register(laptop(policy=straight_line(salvage=1_000_000)))
        with pytest.raises(PolicyError, match="salvage"):
            office.assets.books.impair("lt-1", idr(23_500_000), date(2026, 1, 5))
        assert office.ledger.entries() == []


class TestUnitsOfProduction:
    def test_usage_drives_the_monthly_amount(self, office: BackOffice) -> None:
        """A month is charged its share of the units produced."""
        policy = DepreciationPolicy(
            method=Method.UNITS_OF_PRODUCTION,
            useful_life_months=60,
            salvage=idr(0),
            total_units=Decimal(10_000),
        )
        prepare(office).assets.register(laptop(policy=policy))
        office.assets.record_usage("lt-1", "2026-01", 500)
        run = office.assets.books.depreciate("2026-01")
        assert run is not None
        assert run.amount == idr(1_200_000)

    def test_usage_of_a_posted_month_is_refused(self, office: BackOffice) -> None:
        """Usage cannot be recorded for a month already depreciated."""
        policy = DepreciationPolicy(
            method=Method.UNITS_OF_PRODUCTION,
            useful_life_months=60,
            salvage=idr(0),
            total_units=Decimal(10_000),
        )
        prepare(office).assets.register(laptop(policy=policy))
        office.assets.record_usage("lt-1", "2026-01", 500)
        office.assets.books.depreciate("2026-01")
        with pytest.raises(AssetStateError, match="2026-01"):
            office.assets.record_usage("lt-1", "2026-01", 10)


class TestRefusedChanges:
    def test_a_life_ending_before_the_next_month_is_refused(self, office: BackOffice) -> None:
        """A new useful life that leaves no month to depreciate what is left is refused."""
        prepare(office).assets.register(laptop())
        office.assets.books.depreciate("2026-03")
        with pytest.raises(PolicyError, match="ends before"):
            office.assets.change_policy("lt-1", straight_line(months=2))
        assert office.assets.get("lt-1").policy.useful_life_months == 48

    def test_the_run_asks_the_authorizer_for_every_posting(self, url: str) -> None:
        """An actor without the depreciation grant cannot run it, and nothing is written."""
        grants = {"acc": {"ledger.", "assets.category.", "assets.asset."}}
        auth = RoleAuthorizer({"rina": {"acc"}}, grants)
        with BackOffice.open(url, entity="PT Auth run", actor="rina", authorizer=auth) as office:
            prepare(office).assets.register(laptop())
            with pytest.raises(PermissionDeniedError, match=r"assets\.depreciation\.post"):
                office.assets.books.depreciate("2026-01")
            assert office.ledger.entries() == []
            assert office.assets.books.runs() == []

    def test_the_audit_chain_verifies_after_asset_work(self, office: BackOffice) -> None:
        """Registering, running and disposing leave an intact audit chain."""
        prepare(office).assets.register(laptop())
        office.assets.books.depreciate("2026-02")
        disposal = office.assets.disposals.propose("lt-1", date(2026, 3, 1), "scrap")
        office.as_actor("budi").assets.disposals.approve(disposal.id)
        assert office.audit.verify()


class TestRunSelection:
    def test_an_asset_named_twice_is_depreciated_once(self, office: BackOffice) -> None:
        """Naming the same asset twice in one run posts its month once."""
        prepare(office).assets.register(laptop())
        run = office.assets.books.depreciate("2026-01", assets=["lt-1", "lt-1"])
        assert run is not None
        assert run.months == 1
