"""The register service: categories, registering assets, and changes of where they are.

:class:`Assets` (``office.assets``) keeps the register. It validates every input before
writing, asks the authorizer before every record it writes, and writes inside the unit
of work. The depreciation books (runs, revaluation, impairment) are
:class:`~backoffice_core.assets.books.AssetBooks` (``office.assets.books``), disposals
:class:`~backoffice_core.assets.disposals.Disposals` (``office.assets.disposals``) and
the reports :class:`~backoffice_core.assets.reports.AssetReports`
(``office.assets.reports``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from backoffice_core.assets.books import AssetBooks
from backoffice_core.assets.disposals import Disposals
from backoffice_core.assets.errors import AssetStateError, PolicyError, UnknownAssetError
from backoffice_core.assets.methods import check_policy
from backoffice_core.assets.models import (
    Asset,
    AssetStatus,
    Category,
    DepreciationPolicy,
    Method,
    Usage,
)
from backoffice_core.assets.ports import ASSET, CATEGORY, POSTING, USAGE, one_of
from backoffice_core.assets.reports import AssetReports
from backoffice_core.assets.schedule import FiscalBook, fiscal_schedule, forecast
from backoffice_core.context import Context, UnitOfWork
from backoffice_core.errors import CurrencyMismatchError, DuplicateIdError, InvalidInputError
from backoffice_core.ledger import Ledger
from backoffice_core.money import Money
from backoffice_core.periods import Month
from backoffice_core.records import Where

__all__ = ["Assets"]

_MOVABLE = frozenset({AssetStatus.IN_SERVICE, AssetStatus.IDLE, AssetStatus.UNDER_REPAIR})


def _check_money(asset: Asset, currency: str) -> None:
    """Refuse an asset whose amounts cannot be depreciated in ``currency``."""
    what = repr(asset.id)
    amounts = {"cost": asset.cost, "salvage": asset.policy.salvage, "opening": asset.opening}
    for name, value in amounts.items():
        if value.currency != currency:
            raise CurrencyMismatchError(
                f"asset {what}: {name} {value} is not in the books' currency {currency}; "
                "register assets at their cost in the base currency"
            )
        if value.is_negative or not value.is_rounded():
            raise PolicyError(
                f"asset {what}: {name} {value} must be zero or above and rounded to the "
                "currency's minor unit"
            )
    if not asset.cost.amount > 0:
        raise PolicyError(f"asset {what}: cost {asset.cost} must be above zero")
    if asset.policy.salvage > asset.cost:
        raise PolicyError(
            f"asset {what}: salvage {asset.policy.salvage} is above the cost {asset.cost}; "
            "the salvage value is what is left at the end, at most the cost"
        )
    if asset.opening > asset.cost - asset.policy.salvage:
        raise PolicyError(
            f"asset {what}: opening accumulated depreciation {asset.opening} is above cost "
            f"less salvage {asset.cost - asset.policy.salvage}"
        )


def prepare_asset(asset: Asset, currency: str) -> Asset:
    """Validate a new asset and fill its status and first month of depreciation.

    Raises:
        PolicyError: If the cost, salvage, opening depreciation or policy cannot be used.
        CurrencyMismatchError: If an amount is not in ``currency``.
        AssetStateError: If the status does not fit the in-service date.
    """
    _check_money(asset, currency)
    if asset.status is AssetStatus.DISPOSED:
        raise AssetStateError(f"asset {asset.id!r} cannot be registered as disposed")
    if asset.in_service is None and asset.status is not AssetStatus.PLANNED:
        raise AssetStateError(
            f"asset {asset.id!r} is {asset.status.value} but has no in-service date; "
            "give in_service, or register it as planned"
        )
    if asset.in_service is not None and asset.in_service < asset.acquired:
        raise PolicyError(
            f"asset {asset.id!r}: in-service date {asset.in_service} is before the "
            f"acquisition date {asset.acquired}"
        )
    if asset.opening and asset.depreciation_start is None:
        raise PolicyError(
            f"asset {asset.id!r} has opening accumulated depreciation {asset.opening}: give "
            "depreciation_start, the first month the register depreciates ('2026-01')"
        )
    changes: dict[str, Any] = {}
    if asset.in_service is not None:
        if asset.status is AssetStatus.PLANNED:
            changes["status"] = AssetStatus.IN_SERVICE
        if asset.depreciation_start is None:
            changes["depreciation_start"] = str(Month.of(asset.in_service))
        elif Month.parse(asset.depreciation_start) < Month.of(asset.in_service):
            raise PolicyError(
                f"asset {asset.id!r}: depreciation_start {asset.depreciation_start} is "
                f"before the in-service month {Month.of(asset.in_service)}"
            )
    elif asset.depreciation_start is not None:
        Month.parse(asset.depreciation_start)
    check_policy(asset.policy, asset.cost - asset.policy.salvage - asset.opening, repr(asset.id))
    return asset.model_copy(update=changes) if changes else asset


@attrs.define
class Assets:
    """One entity's fixed-asset register (``office.assets``).

    Args:
        context: Entity, actor, authorizer and clock.
        uow: The unit of work the writes happen in.
        ledger: The ledger postings go through.
        fiscal_book: The jurisdiction's tax depreciation (None: no fiscal book).
    """

    _context: Context
    _uow: UnitOfWork
    _ledger: Ledger
    _fiscal_book: FiscalBook | None = None

    @property
    def books(self) -> AssetBooks:
        """Depreciation runs, schedules, revaluation, impairment and disposal."""
        return AssetBooks(self._context, self._uow, self._ledger, self._fiscal_book)

    @property
    def disposals(self) -> Disposals:
        """Sales and scrappings, proposed by one actor and approved by another."""
        return Disposals(self._context, self._uow, self._ledger, self.books)

    @property
    def reports(self) -> AssetReports:
        """The asset register, depreciation schedule and fiscal correction reports."""
        return AssetReports(self._uow, self.books)

    # --- categories -------------------------------------------------------------------
    def add_categories(self, categories: Iterable[Category]) -> int:
        """Add categories not registered yet (the same definition again is skipped).

        Returns:
            How many categories were added.

        Raises:
            DuplicateIdError: If a code is registered with another definition.
            UnknownAccountError: If an account of a mapping is not in the chart.
        """
        categories = list(categories)
        with self._uow.transaction():
            for category in categories:
                for code in set(category.accounts.model_dump().values()):
                    self._ledger.account(code)
            store = self._uow.records(CATEGORY)
            existing = store.get_many([c.code for c in categories])
            new = [c for c in categories if c.code not in existing]
            for category in categories:
                self._context.authorize("assets.category.add", category.code)
            store.add(categories)
        return len(new)

    def category(self, code: str) -> Category:
        """Return the category ``code``.

        Raises:
            UnknownAssetError: If no category has that code.
        """
        stored = self._uow.records(CATEGORY).get(code)
        if stored is None:
            raise UnknownAssetError(
                f"asset category {code!r} is not registered: add it with "
                "office.assets.add_categories()"
            )
        return stored.record

    # --- registering ------------------------------------------------------------------
    def register(self, asset: Asset) -> Asset:
        """Register one asset (see :meth:`register_many`).

        Raises:
            As :meth:`register_many`.
        """
        self.register_many([asset])
        return self.get(asset.id)

    def register_many(self, assets: Iterable[Asset]) -> int:
        """Register assets, new or taken over with opening accumulated depreciation.

        An asset with an in-service date is in service (unless given as idle or under
        repair) and depreciates from its in-service month, or from
        ``depreciation_start`` when the register takes it over later with
        ``opening_accumulated``. Registering does not post: the acquisition is posted
        by whoever pays for it (the source document).

        Returns:
            How many assets were added (identical ones already registered are skipped).

        Raises:
            PolicyError: If a cost, salvage, opening depreciation or policy is invalid.
            CurrencyMismatchError: If an amount is not in the books' currency.
            UnknownAssetError: If a category is not registered.
            DuplicateIdError: If an id or tag is taken by another asset.
            InvalidInputError: If the fiscal book refuses the fiscal method.
        """
        currency = self._ledger.base_currency
        prepared = [prepare_asset(a, currency) for a in assets]
        with self._uow.transaction():
            categories = {c: self.category(c) for c in {a.category for a in prepared}}
            tags: dict[str, str] = {}
            for asset in prepared:
                if tags.setdefault(asset.tag, asset.id) != asset.id:
                    raise DuplicateIdError(f"tag {asset.tag!r} is given to two assets")
                self._check_fiscal(asset, categories[asset.category])
            store = self._uow.records(ASSET)
            existing = store.get_many([a.id for a in prepared])
            taken = store.find({"tag": one_of(tags)}) if tags else ()
            for stored in taken:
                if tags[stored.record.tag] != stored.key:
                    raise DuplicateIdError(
                        f"tag {stored.record.tag!r} belongs to asset {stored.key!r}; "
                        "give each asset its own tag"
                    )
            for asset in prepared:
                self._context.authorize("assets.asset.register", asset.id)
            store.add(prepared)
        return sum(1 for a in prepared if a.id not in existing)

    def _check_fiscal(self, asset: Asset, category: Category) -> None:
        if self._fiscal_book is None or asset.fiscal_method is None:
            return
        if category.fiscal_class is None:
            raise PolicyError(
                f"asset {asset.id!r} has fiscal method {asset.fiscal_method!r} but category "
                f"{category.code!r} has no fiscal class; set one or drop the fiscal method"
            )
        fiscal_schedule(asset, self._fiscal_book, category.fiscal_class)

    # --- reading ----------------------------------------------------------------------
    def get(self, asset_id: str) -> Asset:
        """Return the asset ``asset_id`` in its current state.

        Raises:
            UnknownAssetError: If no asset has that id.
        """
        stored = self._uow.records(ASSET).get(asset_id)
        if stored is None:
            raise UnknownAssetError(f"asset {asset_id!r} is not in the register")
        return stored.record

    def find(
        self, where: Where | None = None, *, order_by: Sequence[str] = ("tag",)
    ) -> list[Asset]:
        """Return the assets matching ``where``, ordered by tag.

        Args:
            where: Filters on tag, category, status, location, custodian or cost_centre.
            order_by: Indexed fields, ``"-field"`` for descending.
        """
        return [s.record for s in self._uow.records(ASSET).find(where, order_by=order_by)]

    # --- changes ----------------------------------------------------------------------
    def _change(self, asset_id: str, action: str, check: Any, **changes: Any) -> Asset:
        with self._uow.transaction():
            store = self._uow.records(ASSET)
            stored = store.get(asset_id)
            if stored is None:
                raise UnknownAssetError(f"asset {asset_id!r} is not in the register")
            check(stored.record)
            updated = stored.record.model_copy(update=changes)
            self._context.authorize(f"assets.asset.{action}", asset_id)
            return store.replace(updated, expected_version=stored.version, action=action).record

    def place_in_service(self, asset_id: str, on: date) -> Asset:
        """Put a planned asset in service on ``on``; it depreciates from that month.

        Raises:
            UnknownAssetError: If the asset is not registered.
            AssetStateError: If it is not planned.
            PolicyError: If ``on`` is before its acquisition.
        """

        def check(asset: Asset) -> None:
            if asset.status is not AssetStatus.PLANNED:
                raise AssetStateError(
                    f"asset {asset_id!r} is {asset.status.value}, not planned: it is in service"
                )
            prepare_asset(asset.model_copy(update={"in_service": on}), asset.cost.currency)

        return self._change(
            asset_id,
            "placed_in_service",
            check,
            in_service=on,
            status=AssetStatus.IN_SERVICE,
            depreciation_start=str(Month.of(on)),
        )

    def transfer(
        self,
        asset_id: str,
        *,
        location: str | None = None,
        custodian: str | None = None,
        cost_centre: str | None = None,
    ) -> Asset:
        """Move an asset to another location, custodian or cost centre.

        Months already posted keep the cost centre they were charged to; the next run
        charges the new one.

        Raises:
            UnknownAssetError: If the asset is not registered.
            AssetStateError: If it is disposed.
            InvalidInputError: If nothing is to change.
        """
        changes = {
            k: v
            for k, v in (
                ("location", location),
                ("custodian", custodian),
                ("cost_centre", cost_centre),
            )
            if v is not None
        }
        if not changes:
            raise InvalidInputError(
                f"transfer of asset {asset_id!r} changes nothing: give a location, "
                "custodian or cost_centre"
            )
        return self._change(asset_id, "transferred", self._not_disposed, **changes)

    def set_status(self, asset_id: str, status: AssetStatus) -> Asset:
        """Mark an asset in service, idle or under repair (it keeps depreciating).

        Raises:
            UnknownAssetError: If the asset is not registered.
            AssetStateError: If it is planned or disposed, or ``status`` is planned or
                disposed (use :meth:`place_in_service` and disposal instead).
        """
        status = AssetStatus(status)
        if status not in _MOVABLE:
            raise AssetStateError(
                f"status {status.value!r} cannot be set on asset {asset_id!r}: use "
                "place_in_service() or the disposal approval"
            )

        def check(asset: Asset) -> None:
            if asset.status not in _MOVABLE:
                raise AssetStateError(
                    f"asset {asset_id!r} is {asset.status.value}; only an asset in service, "
                    "idle or under repair changes status this way"
                )

        return self._change(asset_id, "status_set", check, status=status)

    def change_policy(self, asset_id: str, policy: DepreciationPolicy) -> Asset:
        """Give an asset a new commercial policy (a new useful life, method or salvage).

        The change is prospective: posted months stay; what is left is spread over the
        months of the new policy still to come.

        Raises:
            UnknownAssetError: If the asset is not registered.
            AssetStateError: If it is disposed.
            PolicyError: If the policy is invalid for the asset.
        """

        def check(asset: Asset) -> None:
            self._not_disposed(asset)
            updated = asset.model_copy(update={"policy": policy})
            _check_money(updated, asset.cost.currency)
            if policy.method is Method.MANUAL:
                raise PolicyError(
                    f"asset {asset_id!r}: a manual schedule is given at registration only"
                )
            check_policy(policy, asset.gross - policy.salvage, repr(asset_id))
            if policy.method is Method.UNITS_OF_PRODUCTION:
                return
            rows = self._uow.records(POSTING).totals(by=(), where={"asset": asset_id})
            count = rows[0].count if rows else 0
            posted = rows[0].sums["amount"] if count else Money.zero(asset.cost.currency)
            left = forecast(updated, count, posted)
            rest = updated.gross - policy.salvage - updated.opening - updated.impaired - posted
            if not left and rest.amount > 0:
                raise PolicyError(
                    f"asset {asset_id!r}: a useful life of {policy.useful_life_months} months "
                    f"ends before the next month to depreciate; give a longer life"
                )

        return self._change(asset_id, "policy_changed", check, policy=policy)

    @staticmethod
    def _not_disposed(asset: Asset) -> None:
        if asset.status is AssetStatus.DISPOSED:
            raise AssetStateError(f"asset {asset.id!r} is disposed and can no longer change")

    def record_usage(self, asset_id: str, month: str | Month, units: Decimal | int) -> Usage:
        """Record the units an asset produced in a month (units of production).

        Raises:
            UnknownAssetError: If the asset is not registered.
            AssetStateError: If it is disposed, or the month is depreciated already.
            PolicyError: If it does not depreciate by units of production, or
                ``units`` is not above zero.
            DuplicateIdError: If other units are recorded for that month already.
        """
        key = str(month if isinstance(month, Month) else Month.parse(month))
        amount = Decimal(units)
        if not amount > 0:
            raise PolicyError(f"usage {units!r} of asset {asset_id!r} must be above zero")
        with self._uow.transaction():
            asset = self.get(asset_id)
            self._not_disposed(asset)
            if asset.policy.method is not Method.UNITS_OF_PRODUCTION:
                raise PolicyError(
                    f"asset {asset_id!r} depreciates by {asset.policy.method.value}; usage is "
                    "recorded only for units of production"
                )
            usage = Usage(asset=asset_id, month=key, units=amount)
            posted = self._uow.records(POSTING).get(f"{asset_id}/{key}")
            if posted is not None:
                raise AssetStateError(
                    f"asset {asset_id!r} is already depreciated for {key}; usage of a posted "
                    "month cannot change"
                )
            self._context.authorize("assets.usage.record", f"{asset_id}/{key}")
            self._uow.records(USAGE).add([usage])
        return usage

    def __repr__(self) -> str:
        return f"Assets(entity={self._context.entity!r})"
