"""The fixed-asset register: assets, depreciation books posted to the ledger, disposal.

``office.assets`` (:class:`Assets`) keeps the register; ``office.assets.books``
(:class:`AssetBooks`) runs the monthly depreciation, revalues and impairs;
``office.assets.disposals`` (:class:`Disposals`) sells and scraps, maker-checker;
``office.assets.reports`` (:class:`AssetReports`) renders the register, schedules and
the fiscal correction. A jurisdiction plugs its tax depreciation in as a
:class:`FiscalBook`.
"""

from backoffice_core.assets.books import AssetBooks
from backoffice_core.assets.disposals import Disposals
from backoffice_core.assets.errors import AssetStateError, PolicyError, UnknownAssetError
from backoffice_core.assets.methods import SCHEDULE_ROUNDING, allocate, life_weights
from backoffice_core.assets.models import (
    AccountMapping,
    Asset,
    AssetStatus,
    Category,
    DepreciationPolicy,
    DepreciationPosting,
    DepreciationRun,
    Disposal,
    DisposalKind,
    DisposalStatus,
    Method,
    Proration,
    Usage,
)
from backoffice_core.assets.reports import AssetReports
from backoffice_core.assets.schedule import (
    FiscalBook,
    Schedule,
    ScheduleRow,
    commercial_schedule,
    forecast,
)
from backoffice_core.assets.service import Assets

__all__ = [
    "SCHEDULE_ROUNDING",
    "AccountMapping",
    "Asset",
    "AssetBooks",
    "AssetReports",
    "AssetStateError",
    "AssetStatus",
    "Assets",
    "Category",
    "DepreciationPolicy",
    "DepreciationPosting",
    "DepreciationRun",
    "Disposal",
    "DisposalKind",
    "DisposalStatus",
    "Disposals",
    "FiscalBook",
    "Method",
    "PolicyError",
    "Proration",
    "Schedule",
    "ScheduleRow",
    "UnknownAssetError",
    "Usage",
    "allocate",
    "commercial_schedule",
    "forecast",
    "life_weights",
]
