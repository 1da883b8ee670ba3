"""Reports of the register: the asset register, a depreciation schedule, the fiscal correction.

Each is a :class:`~backoffice_core.reporting.Report`, so it renders as text, HTML, CSV,
JSON or a DataFrame, in Bahasa Indonesia or English. The fiscal correction (koreksi
fiskal) compares, per calendar year, the commercial depreciation with the fiscal book's:
a positive correction is commercial depreciation the tax return adds back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from backoffice_core.assets.models import AssetStatus
from backoffice_core.assets.ports import ASSET, POSTING, one_of
from backoffice_core.assets.schedule import start_month
from backoffice_core.context import UnitOfWork
from backoffice_core.i18n import register_messages
from backoffice_core.money import Money
from backoffice_core.reporting import Column, ColumnKind, Label, Report

if TYPE_CHECKING:
    from backoffice_core.assets.books import AssetBooks

__all__ = ["AssetReports"]

register_messages(
    {
        "asset_register": {"en": "Fixed asset register", "id": "Daftar aset tetap"},
        "depreciation_schedule": {"en": "Depreciation schedule", "id": "Jadwal penyusutan"},
        "fiscal_correction": {
            "en": "Fiscal correction of depreciation",
            "id": "Koreksi fiskal penyusutan",
        },
        "asset_tag": {"en": "Tag", "id": "Label"},
        "asset_name": {"en": "Asset", "id": "Aset"},
        "asset_category": {"en": "Category", "id": "Kategori"},
        "asset_location": {"en": "Location", "id": "Lokasi"},
        "asset_custodian": {"en": "Custodian", "id": "Pemegang"},
        "cost_centre": {"en": "Cost centre", "id": "Pusat biaya"},
        "asset_status": {"en": "Status", "id": "Status"},
        "in_service": {"en": "In service", "id": "Mulai digunakan"},
        "cost": {"en": "Cost", "id": "Harga perolehan"},
        "accumulated_depreciation": {"en": "Accumulated", "id": "Akumulasi penyusutan"},
        "book_value": {"en": "Book value", "id": "Nilai buku"},
        "month": {"en": "Month", "id": "Bulan"},
        "depreciation": {"en": "Depreciation", "id": "Penyusutan"},
        "posted": {"en": "Posted", "id": "Diposting"},
        "year": {"en": "Year", "id": "Tahun"},
        "commercial": {"en": "Commercial", "id": "Komersial"},
        "fiscal": {"en": "Fiscal", "id": "Fiskal"},
        "correction": {"en": "Correction", "id": "Koreksi"},
        "yes": {"en": "yes", "id": "ya"},
        "no": {"en": "no", "id": "tidak"},
        "in_service_status": {"en": "in service", "id": "digunakan"},
        "planned": {"en": "planned", "id": "direncanakan"},
        "idle": {"en": "idle", "id": "menganggur"},
        "under_repair": {"en": "under repair", "id": "dalam perbaikan"},
        "disposed": {"en": "disposed", "id": "dilepas"},
    }
)

_STATUS_LABEL = {
    AssetStatus.PLANNED: "planned",
    AssetStatus.IN_SERVICE: "in_service_status",
    AssetStatus.IDLE: "idle",
    AssetStatus.UNDER_REPAIR: "under_repair",
    AssetStatus.DISPOSED: "disposed",
}


@attrs.define
class AssetReports:
    """The register's reports (``office.assets.reports``).

    Args:
        uow: The unit of work reads happen in.
        books: The depreciation books (schedules).
    """

    _uow: UnitOfWork
    _books: AssetBooks

    def register(self, *, category: str | None = None) -> Report:
        """Return the asset register: every asset (of ``category``) with its book value.

        Accumulated depreciation is opening + posted + impairment; posted amounts are
        summed by the store in one query. A disposed asset shows its values at disposal
        and is left out of the totals, which therefore tie out to the ledger.
        """
        where = None if category is None else {"category": category}
        assets = [s.record for s in self._uow.records(ASSET).find(where, order_by=("tag",))]
        posted: dict[str, Money] = {}
        if assets:
            filters = None if category is None else {"asset": one_of(a.id for a in assets)}
            for row in self._uow.records(POSTING).totals(by=("asset",), where=filters):
                posted[row.group["asset"]] = row.sums["amount"]
        rows: list[dict[str, Any]] = []
        for asset in assets:
            accumulated = asset.opening + asset.impaired
            if asset.id in posted:
                accumulated += posted[asset.id]
            rows.append(
                {
                    "tag": asset.tag,
                    "name": asset.name,
                    "category": asset.category,
                    "location": asset.location,
                    "custodian": asset.custodian,
                    "cost_centre": asset.cost_centre,
                    "status": Label(_STATUS_LABEL[asset.status]),
                    "in_service": asset.in_service,
                    "cost": asset.gross,
                    "accumulated": accumulated,
                    "book_value": asset.gross - accumulated,
                }
            )
        money_keys = ("cost", "accumulated", "book_value")
        totals: list[dict[str, Any]] = []
        held = [
            r for a, r in zip(assets, rows, strict=True) if a.status is not AssetStatus.DISPOSED
        ]
        if held:
            currency = assets[0].cost.currency
            total = {k: Money.sum((r[k] for r in held), currency) for k in money_keys}
            totals = [{"tag": Label("total"), **total}]
        columns = [
            Column("tag", "asset_tag"),
            Column("name", "asset_name"),
            Column("category", "asset_category"),
            Column("location", "asset_location"),
            Column("custodian", "asset_custodian"),
            Column("cost_centre", "cost_centre"),
            Column("status", "asset_status"),
            Column("in_service", "in_service", ColumnKind.DATE),
            Column("cost", "cost", ColumnKind.MONEY),
            Column("accumulated", "accumulated_depreciation", ColumnKind.MONEY),
            Column("book_value", "book_value", ColumnKind.MONEY),
        ]
        return Report("asset_register", columns, rows, totals)

    def schedule(self, asset_id: str) -> Report:
        """Return an asset's commercial depreciation schedule, month by month.

        Raises:
            UnknownAssetError: If the asset is not registered.
        """
        schedule = self._books.schedule(asset_id)
        rows = [
            {
                "month": str(r.month),
                "depreciation": r.depreciation,
                "accumulated": r.accumulated,
                "book_value": r.book_value,
                "posted": Label("yes" if r.posted else "no"),
            }
            for r in schedule.rows
        ]
        totals = []
        if schedule.total is not None:
            totals = [{"month": Label("total"), "depreciation": schedule.total}]
        columns = [
            Column("month", "month"),
            Column("depreciation", "depreciation", ColumnKind.MONEY),
            Column("accumulated", "accumulated_depreciation", ColumnKind.MONEY),
            Column("book_value", "book_value", ColumnKind.MONEY),
            Column("posted", "posted"),
        ]
        return Report("depreciation_schedule", columns, rows, totals, subtitle=asset_id)

    def fiscal_correction(self, asset_ids: Sequence[str] | None = None) -> Report:
        """Return commercial and fiscal depreciation per year and their difference.

        An asset taken over with opening depreciation is compared from the year the
        register starts depreciating it.

        Args:
            asset_ids: The assets compared (every asset with a fiscal method when
                omitted).

        Raises:
            UnknownAssetError: If an asset is not registered.
            PolicyError: If an asset named has no fiscal book.
        """
        if asset_ids is None:
            stored = self._uow.records(ASSET).find(order_by=("tag",))
            asset_ids = [s.key for s in stored if s.record.fiscal_method is not None]
        years: dict[int, list[Money]] = {}
        currency = None
        for asset_id in asset_ids:
            commercial = self._books.schedule(asset_id).by_year()
            fiscal = self._books.fiscal_schedule(asset_id).by_year()
            found = self._uow.records(ASSET).get(asset_id)
            first = start_month(found.record) if found and found.record.opening else None
            for year in sorted(set(commercial) | set(fiscal)):
                if first is not None and year < first.year:
                    continue  # before the register took the asset over
                c = commercial.get(year)
                f = fiscal.get(year)
                currency = currency or (c or f).currency  # type: ignore[union-attr]
                zero = Money.zero(currency)
                pair = years.setdefault(year, [zero, zero])
                pair[0] += c or zero
                pair[1] += f or zero
        rows = [
            {"year": str(y), "commercial": c, "fiscal": f, "correction": c - f}
            for y, (c, f) in sorted(years.items())
        ]
        columns = [
            Column("year", "year"),
            Column("commercial", "commercial", ColumnKind.MONEY),
            Column("fiscal", "fiscal", ColumnKind.MONEY),
            Column("correction", "correction", ColumnKind.MONEY),
        ]
        return Report("fiscal_correction", columns, rows)
