"""The inventory's record kinds: what it keeps through the generic record store.

Catalog kinds (units, locations, items, account mappings) are versioned records.
:data:`MOVEMENT` is append-only and totals ``quantity`` and ``value``, so the quantity
and value on hand per item and location as of any date is one aggregate query; its
rollup by item and location, filtered on the date, lets SQL answer that query from one
covering index without reading a movement row.
:data:`STOCK` and :data:`LAYER` are the valuation state of each pool, replaced with an
expected version.
"""

from __future__ import annotations

from backoffice_core.inventory.models import (
    QUANTITY_PLACES,
    CostLayer,
    Item,
    Location,
    Movement,
    StockAccounts,
    StockState,
    Unit,
)
from backoffice_core.records import Kind, Rollup

__all__ = ["ACCOUNTS", "ITEM", "LAYER", "LOCATION", "MOVEMENT", "STOCK", "UNIT"]

UNIT: Kind[Unit] = Kind("inventory.unit", Unit, key=lambda u: u.code)
"""Units of measure, by code."""

LOCATION: Kind[Location] = Kind(
    "inventory.location", Location, key=lambda loc: loc.code, indexed=("active",)
)
"""Stock locations, by code."""

ITEM: Kind[Item] = Kind(
    "inventory.item", Item, key=lambda i: i.sku, indexed=("category", "active", "valuation")
)
"""Stocked items, by SKU."""

ACCOUNTS: Kind[StockAccounts] = Kind("inventory.accounts", StockAccounts, key=lambda a: a.category)
"""Ledger accounts of each item category, by category."""

MOVEMENT: Kind[Movement] = Kind(
    "inventory.movement",
    Movement,
    key=lambda m: m.id,
    indexed=("operation", "item", "location", "on", "type"),
    totals=("quantity", "value"),
    append_only=True,
    scales={"quantity": QUANTITY_PLACES},
    rollups=(Rollup(by=("item", "location"), where=("on",)),),
    unindexed=("item", "location", "type"),
)
"""Stock movements: append-only, quantity and value totalled by the store; on hand by
item and location as of a date is read from the rollup's covering index on SQL.

Only ``operation`` (replays of a call) and ``on`` (movements between two dates) have
an index of their own: the rollup's index, which starts with item and location, serves
filters on an item or an item and location, and a filter on a type or on a location
alone is rare enough to scan. Each index left out is one B-tree fewer to update for
every movement recorded."""

STOCK: Kind[StockState] = Kind(
    "inventory.stock",
    StockState,
    key=lambda s: s.pool,
    indexed=("item", "location"),
    unindexed=("item", "location"),
)
"""The valuation state of each pool (item at location), versioned. Recording reads it by
key; a filter on item or location (one row per pool) scans, so that the many state
updates of a bulk call maintain no index but the key."""

LAYER: Kind[CostLayer] = Kind(
    "inventory.layer",
    CostLayer,
    key=lambda c: c.id,
    indexed=("pool", "open_at"),
    unindexed=("pool",),
)
"""FIFO cost layers, versioned; issues read only open ones, oldest first: the open
layers of a pool, or of the pools of one item, are one index range of ``open_at``
(a layer's id starts with its pool's key). ``pool`` has no index of its own: the
``open_at`` range serves every read, and each layer added or consumed updates one
B-tree fewer."""
