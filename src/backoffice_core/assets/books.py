"""The depreciation books: monthly runs, schedules, revaluation and impairment.

:class:`AssetBooks` (``office.assets.books``) posts through the ledger's public API in
the caller's unit of work. A run is idempotent per asset and month: each posted month
is an append-only record keyed by asset and month, so a second run of the same month
posts nothing, and a run for a later month catches up the months an asset missed. One
run posts one balanced journal entry, one debit and one credit line per account pair
and cost centre. Disposals are :class:`~backoffice_core.assets.disposals.Disposals`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

import attrs

from backoffice_core.assets.errors import AssetStateError, PolicyError, UnknownAssetError
from backoffice_core.assets.methods import month_index
from backoffice_core.assets.models import (
    Asset,
    AssetStatus,
    Category,
    DepreciationPosting,
    DepreciationRun,
    Method,
)
from backoffice_core.assets.ports import ASSET, CATEGORY, POSTING, RUN, USAGE, one_of
from backoffice_core.assets.schedule import (
    FiscalBook,
    Schedule,
    commercial_schedule,
    fiscal_schedule,
    forecast_indexed,
    start_index,
)
from backoffice_core.collector import paused_gc
from backoffice_core.context import Context, UnitOfWork
from backoffice_core.ledger import Ledger, Line, Side
from backoffice_core.money import Money
from backoffice_core.periods import Month

__all__ = ["AssetBooks"]

_DEPRECIATING = (AssetStatus.IN_SERVICE, AssetStatus.IDLE, AssetStatus.UNDER_REPAIR)


def _month(value: str | Month) -> Month:
    return value if isinstance(value, Month) else Month.parse(value)


def _dims(cost_centre: str) -> dict[str, str]:
    return {"cost_centre": cost_centre} if cost_centre else {}


@attrs.define
class AssetBooks:
    """Depreciation, revaluation and impairment of the register's assets.

    Args:
        context: Entity, actor, authorizer and clock.
        uow: The unit of work the writes happen in.
        ledger: The ledger every posting goes through.
        fiscal_book: The jurisdiction's tax depreciation (None: no fiscal book).
    """

    _context: Context
    _uow: UnitOfWork
    _ledger: Ledger
    _fiscal_book: FiscalBook | None = None

    # --- reading ----------------------------------------------------------------------
    def _asset(self, asset_id: str) -> tuple[Asset, int]:
        stored = self._uow.records(ASSET).get(asset_id)
        if stored is None:
            raise UnknownAssetError(f"asset {asset_id!r} is not in the register")
        return stored.record, stored.version

    def _category(self, code: str) -> Category:
        stored = self._uow.records(CATEGORY).get(code)
        if stored is None:
            raise UnknownAssetError(f"asset category {code!r} is not registered")
        return stored.record

    def _posted(self, asset_id: str) -> list[DepreciationPosting]:
        page = self._uow.records(POSTING).find({"asset": asset_id}, order_by=("month",))
        return [s.record for s in page]

    def _usage(self, asset_ids: Sequence[str]) -> dict[str, dict[Month, Decimal]]:
        usage: dict[str, dict[Month, Decimal]] = defaultdict(dict)
        if asset_ids:
            for stored in self._uow.records(USAGE).find({"asset": one_of(asset_ids)}):
                usage[stored.record.asset][Month.parse(stored.record.month)] = stored.record.units
        return usage

    def schedule(self, asset_id: str) -> Schedule:
        """Return the commercial schedule: posted months, then the forecast.

        Raises:
            UnknownAssetError: If the asset is not registered.
        """
        asset, _ = self._asset(asset_id)
        usage = self._usage([asset_id]) if asset.policy.method is Method.UNITS_OF_PRODUCTION else {}
        return commercial_schedule(asset, self._posted(asset_id), usage.get(asset_id))

    def fiscal_schedule(self, asset_id: str) -> Schedule:
        """Return the fiscal book's schedule of an asset (computed, never posted).

        Raises:
            UnknownAssetError: If the asset is not registered.
            PolicyError: If there is no fiscal book, the asset has no fiscal method, or
                its category no fiscal class.
        """
        asset, _ = self._asset(asset_id)
        category = self._category(asset.category)
        if self._fiscal_book is None or category.fiscal_class is None:
            raise PolicyError(
                f"asset {asset_id!r} has no fiscal book: the office has none, or category "
                f"{category.code!r} has no fiscal class"
            )
        return fiscal_schedule(asset, self._fiscal_book, category.fiscal_class)

    def runs(self, month: str | Month | None = None) -> list[DepreciationRun]:
        """Return the depreciation runs (of ``month`` only, when given), oldest first."""
        where = None if month is None else {"month": str(_month(month))}
        runs = [s.record for s in self._uow.records(RUN).find(where)]
        return sorted(runs, key=lambda r: (r.month, r.run_at, r.id))

    def depreciating_count(self) -> int:
        """Return how many assets are in a status the monthly run depreciates.

        Counted by the store (in service, idle or under repair); no asset is loaded.
        """
        return self._uow.records(ASSET).count({"status": one_of(_DEPRECIATING)})

    def posted_counts(self, months: Iterable[str | Month]) -> dict[str, int]:
        """Return, per month, how many assets depreciating now have that month posted.

        A month is posted at most once per asset, so a count equal to
        :meth:`depreciating_count` means every depreciating asset has the month. The
        postings are counted by the store (one ``count`` a month, answered from the
        index on the month without reading a posting); the postings of assets not
        depreciating now (disposed, or planned), which count for the month, are
        counted with ``totals`` grouped by month and subtracted (only those assets'
        keys are read, 500 ids a query).

        Args:
            months: The months, ``"2026-01"`` or :class:`~backoffice_core.periods.Month`.

        Returns:
            Each month given (as ``"YYYY-MM"``) with its count, 0 when nothing is posted.

        Raises:
            InvalidInputError: If a month is malformed.
        """
        wanted = sorted({str(_month(m)) for m in months})
        counts = dict.fromkeys(wanted, 0)
        if not wanted:
            return counts
        postings = self._uow.records(POSTING)
        for month in wanted:
            counts[month] = postings.count({"month": month})
        others = one_of(s.value for s in AssetStatus if s not in _DEPRECIATING)
        # Ordered by the status filtered on, so that SQL reads the status index.
        found = self._uow.records(ASSET).find({"status": others}, order_by=("status",))
        gone = sorted(s.key for s in found)
        for i in range(0, len(gone), 500):
            where = {"month": one_of(wanted), "asset": one_of(gone[i : i + 500])}
            for row in postings.totals(by=("month",), where=where):
                counts[row.group["month"]] -= row.count
        return counts

    def posted_assets(self, month: str | Month) -> set[str]:
        """Return the ids of the assets that have ``month`` posted (disposed ones too).

        Read from the store's totals grouped by asset: no posting or asset is loaded.

        Raises:
            InvalidInputError: If the month is malformed.
        """
        where = {"month": str(_month(month))}
        rows = self._uow.records(POSTING).totals(by=("asset",), where=where)
        return {str(row.group["asset"]) for row in rows}

    # --- the monthly run --------------------------------------------------------------
    def depreciate(
        self, month: str | Month, *, assets: Sequence[str] | None = None
    ) -> DepreciationRun | None:
        """Depreciate every asset in service (or ``assets``) through ``month``.

        Each asset gets every month from its first unposted one through ``month``;
        months already posted are skipped, so running a month twice posts nothing the
        second time. The run posts one journal entry dated the month's last day: per
        category accounts and cost centre, a debit of depreciation expense and a
        credit of accumulated depreciation.

        Args:
            month: The month, ``"2026-01"``.
            assets: Only these asset ids (every depreciating asset when omitted).

        Returns:
            The run, or None when there was nothing left to post.

        Raises:
            UnknownAssetError: If an asset of ``assets`` is not registered.
            AssetStateError: If an asset of ``assets`` is disposed or planned.
            PeriodClosedError: If the month is closed in the ledger.
        """
        period = _month(month)
        # A run holds the whole register at once: no collector passes over it.
        with paused_gc():
            # The run's lists die when _run returns, before the collector is back on:
            # it then has only the survivors to look at, not the whole register.
            return self._run(period, assets)

    def _run(self, period: Month, assets: Sequence[str] | None) -> DepreciationRun | None:
        currency = self._ledger.base_currency
        with self._uow.transaction():
            chosen = self._chosen(assets)
            where = {"asset": one_of(a.id for a in chosen)} if assets is not None else None
            done = (
                {
                    row.group["asset"]: (row.count, row.sums["amount"])
                    for row in self._uow.records(POSTING).totals(by=("asset",), where=where)
                }
                if chosen
                else {}
            )
            units = [a.id for a in chosen if a.policy.method is Method.UNITS_OF_PRODUCTION]
            usage = self._usage(units)
            due: list[tuple[Asset, int, Money]] = []
            until = month_index(period)
            zero = Money.zero(currency)
            for asset in chosen:
                first = start_index(asset)
                if first is None:
                    continue
                count, total = done.get(asset.id, (0, zero))
                if first + count > until:
                    continue
                rows = forecast_indexed(
                    asset, count, total, usage.get(asset.id), until=until, begin=first
                )
                due.extend((asset, index, amount) for index, amount in rows)
            if not due:
                return None
            run_id = f"depreciation-{period}-{self._uow.records(RUN).next_number(str(period))}"
            postings = [
                DepreciationPosting(
                    asset=a.id,
                    month=f"{index // 12:04d}-{index % 12 + 1:02d}",
                    amount=amount,
                    run=run_id,
                    cost_centre=a.cost_centre,
                )
                for a, index, amount in due
            ]
            return self._post_run(run_id, period, chosen, postings, currency)

    def _chosen(self, ids: Sequence[str] | None) -> list[Asset]:
        store = self._uow.records(ASSET)
        if ids is None:
            return [s.record for s in store.find({"status": one_of(_DEPRECIATING)})]
        unique = list(dict.fromkeys(ids))  # an id named twice is depreciated once
        found = store.get_many(unique)
        chosen = []
        for asset_id in unique:
            if asset_id not in found:
                raise UnknownAssetError(f"asset {asset_id!r} is not in the register")
            asset = found[asset_id].record
            if asset.status not in _DEPRECIATING:
                raise AssetStateError(
                    f"asset {asset_id!r} is {asset.status.value} and cannot be depreciated"
                    + ("" if asset.status is AssetStatus.DISPOSED else "; place it in service")
                )
            chosen.append(asset)
        return chosen

    def _post_run(
        self,
        run_id: str,
        period: Month,
        chosen: list[Asset],
        postings: list[DepreciationPosting],
        currency: str,
    ) -> DepreciationRun:
        by_id = {a.id: a for a in chosen}
        categories = {
            code: self._category(code) for code in {by_id[p.asset].category for p in postings}
        }
        sums: dict[tuple[str, str, str], int] = defaultdict(int)
        for posting in postings:
            accounts = categories[by_id[posting.asset].category].accounts
            pair = (accounts.depreciation_expense, accounts.accumulated_depreciation)
            sums[(*pair, posting.cost_centre)] += posting.amount.to_minor()
        lines: list[Line] = []
        for (expense, accumulated, centre), units in sorted(sums.items()):
            if units:
                amount = Money.from_minor(units, currency)
                dims = _dims(centre)
                lines.append(Line(account=expense, side=Side.DEBIT, amount=amount, dimensions=dims))
                lines.append(
                    Line(account=accumulated, side=Side.CREDIT, amount=amount, dimensions=dims)
                )
        total = Money.from_minor(sum(sums.values()), currency)
        for posting in postings:
            self._context.authorize("assets.depreciation.post", f"{posting.asset}/{posting.month}")
        self._context.authorize("assets.run.add", run_id)
        self._uow.records(POSTING).add(postings)
        entry = None
        if lines:
            entry = self._ledger.post(
                period.last_day, f"Depreciation {period}", lines, id=run_id, source=run_id
            ).id
        run = DepreciationRun(
            id=run_id,
            month=str(period),
            posted_on=period.last_day,
            assets=len({p.asset for p in postings}),
            months=len(postings),
            amount=total,
            entry=entry,
            run_by=self._context.actor,
            run_at=self._context.clock(),
        )
        self._uow.records(RUN).add([run])
        return run

    # --- valuation --------------------------------------------------------------------
    def carrying_amount(self, asset_id: str) -> Money:
        """Return gross value less opening, posted depreciation and impairment.

        Raises:
            UnknownAssetError: If the asset is not registered.
        """
        asset, _ = self._asset(asset_id)
        return self._carrying(asset)

    def _carrying(self, asset: Asset) -> Money:
        posted = Money.sum((p.amount for p in self._posted(asset.id)), asset.cost.currency)
        return asset.gross - asset.opening - posted - asset.impaired

    def _adjust(self, asset_id: str, on: date, action: str) -> tuple[Asset, int, Money, Category]:
        asset, version = self._asset(asset_id)
        if asset.status is AssetStatus.DISPOSED:
            raise AssetStateError(f"asset {asset_id!r} is disposed and cannot be {action}")
        return asset, version, self._carrying(asset), self._category(asset.category)

    def _commit(
        self, asset: Asset, version: int, action: str, on: date, lines: list[Line], **changes: Money
    ) -> Asset:
        store = self._uow.records(ASSET)
        number = store.next_number(f"{action}/{asset.id}")
        entry_id = f"asset-{asset.id}-{action}-{number}"
        self._context.authorize(f"assets.asset.{action}", asset.id)
        updated = store.replace(
            asset.model_copy(update=changes), expected_version=version, action=action
        ).record
        self._ledger.post(on, f"{action.capitalize()} of asset {asset.tag}", lines, id=entry_id)
        return updated

    def revalue(self, asset_id: str, fair_value: Money, on: date) -> Asset:
        """Revalue an asset to ``fair_value`` and post the difference.

        An increase is credited to the revaluation surplus; a decrease first reverses
        an earlier net increase in the surplus, then is a loss. The forecast spreads the
        new carrying amount over the months to come; posted months stay as they are.

        Raises:
            UnknownAssetError: If the asset is not registered.
            AssetStateError: If it is disposed.
            PolicyError: If ``fair_value`` is below the salvage value or equals the
                carrying amount.
        """
        with self._uow.transaction():
            asset, version, carrying, category = self._adjust(asset_id, on, "revalued")
            if fair_value.currency != carrying.currency or fair_value < asset.policy.salvage:
                raise PolicyError(
                    f"fair value {fair_value} of asset {asset_id!r} must be in "
                    f"{carrying.currency} and at least the salvage {asset.policy.salvage}"
                )
            change = fair_value - carrying
            if change.is_zero:
                raise PolicyError(
                    f"asset {asset_id!r} is carried at {carrying} already: nothing to revalue"
                )
            accounts = category.accounts
            if change.is_negative:
                loss = -change
                surplus = min(loss, max(asset.revalued, Money.zero(loss.currency)))
                lines = [Line.credit(accounts.fixed_asset, loss)]
                if surplus:
                    lines.append(Line.debit(accounts.revaluation_surplus, surplus))
                if loss - surplus:
                    lines.append(Line.debit(accounts.impairment_loss, loss - surplus))
            else:
                lines = [
                    Line.debit(accounts.fixed_asset, change),
                    Line.credit(accounts.revaluation_surplus, change),
                ]
            revaluation = asset.revalued + change
            return self._commit(asset, version, "revalued", on, lines, revaluation=revaluation)

    def impair(self, asset_id: str, loss: Money, on: date) -> Asset:
        """Recognise an impairment loss: debit the loss, credit accumulated depreciation.

        Raises:
            UnknownAssetError: If the asset is not registered.
            AssetStateError: If it is disposed.
            PolicyError: If ``loss`` is not above zero or takes the carrying amount
                below the salvage value.
        """
        with self._uow.transaction():
            asset, version, carrying, category = self._adjust(asset_id, on, "impaired")
            if (
                loss.currency != carrying.currency
                or not loss.amount > 0
                or carrying - loss < asset.policy.salvage
            ):
                raise PolicyError(
                    f"impairment {loss} of asset {asset_id!r} must be above zero and leave at "
                    f"least the salvage {asset.policy.salvage} of the carrying amount {carrying}"
                )
            accounts = category.accounts
            lines = [
                Line.debit(accounts.impairment_loss, loss),
                Line.credit(accounts.accumulated_depreciation, loss),
            ]
            impairment = asset.impaired + loss
            return self._commit(asset, version, "impaired", on, lines, impairment=impairment)
