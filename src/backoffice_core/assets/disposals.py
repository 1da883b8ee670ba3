"""Disposal of assets by sale or scrap: proposed by one actor, approved by another.

:class:`Disposals` (``office.assets.disposals``) is maker-checker: whoever proposed a
disposal cannot approve it. The approval posts, through the ledger's public API and in
the caller's unit of work, the removal of the asset's gross value and accumulated
depreciation, the proceeds and the gain or loss, and marks the asset disposed; a
disposed asset is never depreciated again.
"""

from __future__ import annotations

from datetime import date

import attrs

from backoffice_core.assets.books import AssetBooks
from backoffice_core.assets.errors import AssetStateError, UnknownAssetError
from backoffice_core.assets.models import (
    Asset,
    AssetStatus,
    Disposal,
    DisposalKind,
    DisposalStatus,
)
from backoffice_core.assets.ports import ASSET, CATEGORY, DISPOSAL
from backoffice_core.context import Context, UnitOfWork
from backoffice_core.errors import InvalidInputError, PermissionDeniedError
from backoffice_core.ids import new_id
from backoffice_core.ledger import Ledger, Line
from backoffice_core.money import Money
from backoffice_core.periods import Month

__all__ = ["Disposals"]


@attrs.define
class Disposals:
    """Sales and scrappings of the register's assets, maker-checker.

    Args:
        context: Entity, actor, authorizer and clock.
        uow: The unit of work the writes happen in.
        ledger: The ledger the approval posts through.
        books: The depreciation books (schedules and carrying amounts).
    """

    _context: Context
    _uow: UnitOfWork
    _ledger: Ledger
    _books: AssetBooks

    def _asset(self, asset_id: str) -> tuple[Asset, int]:
        stored = self._uow.records(ASSET).get(asset_id)
        if stored is None:
            raise UnknownAssetError(f"asset {asset_id!r} is not in the register")
        return stored.record, stored.version

    def get(self, disposal_id: str) -> Disposal:
        """Return the disposal ``disposal_id``.

        Raises:
            UnknownAssetError: If no disposal has that id.
        """
        stored = self._uow.records(DISPOSAL).get(disposal_id)
        if stored is None:
            raise UnknownAssetError(f"disposal {disposal_id!r} is not registered")
        return stored.record

    def pending(self) -> list[Disposal]:
        """Return the disposals proposed and not approved yet."""
        page = self._uow.records(DISPOSAL).find({"status": DisposalStatus.PROPOSED})
        return [s.record for s in page]

    def propose(
        self,
        asset_id: str,
        on: date,
        kind: DisposalKind | str,
        *,
        proceeds: Money | None = None,
        proceeds_account: str | None = None,
    ) -> Disposal:
        """Propose to sell or scrap an asset; another actor approves it.

        Args:
            asset_id: The asset.
            on: The disposal date.
            kind: ``"sale"`` or ``"scrap"``.
            proceeds: What is received (zero when omitted).
            proceeds_account: The account debited with the proceeds (needed when any).

        Raises:
            UnknownAssetError: If the asset is not registered.
            AssetStateError: If it is disposed or a disposal is already proposed.
            InvalidInputError: If the kind is unknown, the proceeds negative or without
                an account, or the account is not in the chart.
        """
        try:
            kind = DisposalKind(kind)
        except ValueError:
            raise InvalidInputError(
                f"disposal kind {kind!r} of asset {asset_id!r} is unknown: use 'sale' or 'scrap'"
            ) from None
        with self._uow.transaction():
            asset, _ = self._asset(asset_id)
            currency = asset.cost.currency
            proceeds = proceeds or Money.zero(currency)
            if proceeds.currency != currency or proceeds.is_negative:
                raise InvalidInputError(
                    f"proceeds {proceeds} of asset {asset_id!r} must be zero or above in {currency}"
                )
            if proceeds and proceeds_account is None:
                raise InvalidInputError(
                    f"proceeds {proceeds} of asset {asset_id!r} need a proceeds_account "
                    "(the bank, cash or receivable account)"
                )
            if proceeds_account is not None:
                self._ledger.account(proceeds_account)
            if asset.status is AssetStatus.DISPOSED:
                raise AssetStateError(f"asset {asset_id!r} is already disposed")
            store = self._uow.records(DISPOSAL)
            if store.count({"asset": asset_id, "status": DisposalStatus.PROPOSED}):
                raise AssetStateError(
                    f"a disposal of asset {asset_id!r} is already proposed: approve it first"
                )
            disposal = Disposal(
                id=new_id(),
                asset=asset_id,
                on=on,
                kind=kind,
                proceeds=proceeds,
                proceeds_account=proceeds_account,
                prepared_by=self._context.actor,
            )
            self._context.authorize("assets.disposal.propose", disposal.id)
            store.add([disposal])
        return disposal

    def approve(self, disposal_id: str) -> Disposal:
        """Approve a proposed disposal: post it and mark the asset disposed.

        The entry removes the gross value and the accumulated depreciation (opening,
        posted and impairment), debits the proceeds and posts the difference as a gain
        or loss. The revaluation surplus stays in equity.

        Raises:
            UnknownAssetError: If the disposal is not registered.
            PermissionDeniedError: If the actor proposed it (maker-checker).
            AssetStateError: If it is approved already, the asset is disposed, or its
                depreciation is not posted through the month before the disposal (or is
                posted after it).
        """
        with self._uow.transaction():
            store = self._uow.records(DISPOSAL)
            stored = store.get(disposal_id)
            if stored is None:
                raise UnknownAssetError(f"disposal {disposal_id!r} is not registered")
            disposal = stored.record
            if disposal.prepared_by == self._context.actor:
                raise PermissionDeniedError(
                    f"actor {self._context.actor!r} proposed disposal {disposal_id!r} and "
                    "cannot approve it: another actor must"
                )
            if disposal.status is not DisposalStatus.PROPOSED:
                raise AssetStateError(f"disposal {disposal_id!r} is approved already")
            asset, version = self._asset(disposal.asset)
            if asset.status is AssetStatus.DISPOSED:
                raise AssetStateError(f"asset {asset.id!r} is already disposed")
            self._check_depreciated(asset, Month.of(disposal.on))
            carrying = self._books.carrying_amount(asset.id)
            gain = disposal.proceeds - carrying
            lines = self._disposal_lines(asset, disposal, carrying, gain)
            entry_id = f"disposal-{disposal.id}"
            self._context.authorize("assets.disposal.approve", disposal_id)
            self._context.authorize("assets.asset.disposed", asset.id)
            approved = disposal.model_copy(
                update={
                    "status": DisposalStatus.APPROVED,
                    "approved_by": self._context.actor,
                    "entry": entry_id,
                    "gain": gain,
                }
            )
            store.replace(approved, expected_version=stored.version, action="approved")
            self._uow.records(ASSET).replace(
                asset.model_copy(update={"status": AssetStatus.DISPOSED}),
                expected_version=version,
                action="disposed",
            )
            self._ledger.post(
                disposal.on,
                f"Disposal ({disposal.kind.value}) of asset {asset.tag}",
                lines,
                id=entry_id,
                source=asset.source_document,
            )
        return approved

    def _check_depreciated(self, asset: Asset, month: Month) -> None:
        rows = self._books.schedule(asset.id).rows
        posted = [r.month for r in rows if r.posted]
        if posted and posted[-1] >= month:
            raise AssetStateError(
                f"asset {asset.id!r} is depreciated through {posted[-1]}, not before "
                f"the disposal month {month}; dispose of it on a later date"
            )
        due = [r.month for r in rows if not r.posted and r.month < month and r.depreciation]
        if due:
            raise AssetStateError(
                f"asset {asset.id!r} is not depreciated for {due[0]}..{due[-1]}: run "
                f"office.assets.books.depreciate('{due[-1]}') before approving the disposal"
            )

    def _disposal_lines(
        self, asset: Asset, disposal: Disposal, carrying: Money, gain: Money
    ) -> list[Line]:
        category = self._uow.records(CATEGORY).get(asset.category)
        if category is None:
            raise UnknownAssetError(f"asset category {asset.category!r} is not registered")
        accounts = category.record.accounts
        lines = [Line.credit(accounts.fixed_asset, asset.gross)] if asset.gross else []
        removed = asset.gross - carrying
        if removed:
            lines.append(Line.debit(accounts.accumulated_depreciation, removed))
        if disposal.proceeds and disposal.proceeds_account is not None:
            lines.append(Line.debit(disposal.proceeds_account, disposal.proceeds))
        if gain.is_negative:
            lines.append(Line.debit(accounts.loss_on_disposal, -gain))
        elif gain:
            lines.append(Line.credit(accounts.gain_on_disposal, gain))
        return lines
