"""The record kinds of the fixed-asset register (stored through the generic record store).

Postings and usage are append-only: a posted month is never rewritten, and the store
totals their amounts and units per asset in one query, so a monthly run over the whole
register does not load the history of every asset.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from backoffice_core.assets.models import (
    Asset,
    Category,
    DepreciationPosting,
    DepreciationRun,
    Disposal,
    Usage,
)
from backoffice_core.records import Kind, OneOf

__all__ = ["ASSET", "CATEGORY", "DISPOSAL", "POSTING", "RUN", "USAGE", "one_of"]


def one_of(values: Iterable[Any]) -> OneOf:
    """Return a filter matching any of ``values`` (at least one)."""
    # OneOf's hand-written __init__ takes *values; mypy's attrs plugin only sees the
    # generated signature (one tuple), so the call is typed through Any here.
    build: Any = OneOf
    result: OneOf = build(*values)
    return result


CATEGORY = Kind("assets.category", Category, key=lambda c: c.code)
"""Asset categories and the accounts they post to."""

ASSET = Kind(
    "assets.asset",
    Asset,
    key=lambda a: a.id,
    indexed=("tag", "category", "status", "location", "custodian", "cost_centre"),
)
"""The register: one record per asset, in its current state."""

POSTING = Kind(
    "assets.posting",
    DepreciationPosting,
    key=lambda p: f"{p.asset}/{p.month}",
    indexed=("asset", "month"),
    totals=("amount",),
    append_only=True,
)
"""One posted month of one asset; the key makes a month impossible to post twice."""

RUN = Kind("assets.run", DepreciationRun, key=lambda r: r.id, indexed=("month",))
"""Depreciation runs and the journal entries they posted."""

USAGE = Kind(
    "assets.usage",
    Usage,
    key=lambda u: f"{u.asset}/{u.month}",
    indexed=("asset", "month"),
    totals=("units",),
    append_only=True,
)
"""Units produced per asset and month (units-of-production method)."""

DISPOSAL = Kind("assets.disposal", Disposal, key=lambda d: d.id, indexed=("asset", "status"))
"""Disposals, proposed and approved (maker-checker)."""
