"""Inventory: items, units, locations, stock movements, FIFO and average valuation.

``office.inventory`` records receipts, issues, transfers, adjustments and counts as
append-only movements through the record store, values issues by each item's method
(FIFO or moving weighted average), posts the cost of goods issued, receipts and count
differences to the ledger in the same unit of work, and reads the quantity and value on
hand as of any date as one aggregate of the movements.
"""

from backoffice_core.inventory.catalog import StockCatalog
from backoffice_core.inventory.errors import (
    BackdatedMovementError,
    InsufficientStockError,
    MissingAccountsError,
    UnitConversionError,
    UnknownCostError,
    UnknownItemError,
    UnknownLocationError,
)
from backoffice_core.inventory.models import (
    QUANTITY_PLACES,
    QUANTITY_ROUNDING,
    VALUE_ROUNDING,
    CostLayer,
    Item,
    Location,
    Movement,
    MovementType,
    ReorderLine,
    StockAccounts,
    StockLevel,
    StockMove,
    StockState,
    Unit,
    ValuationMethod,
)
from backoffice_core.inventory.ports import ACCOUNTS, ITEM, LAYER, LOCATION, MOVEMENT, STOCK, UNIT
from backoffice_core.inventory.reports import MovementHistory, StockValuation
from backoffice_core.inventory.service import Inventory

__all__ = [
    "ACCOUNTS",
    "ITEM",
    "LAYER",
    "LOCATION",
    "MOVEMENT",
    "QUANTITY_PLACES",
    "QUANTITY_ROUNDING",
    "STOCK",
    "UNIT",
    "VALUE_ROUNDING",
    "BackdatedMovementError",
    "CostLayer",
    "InsufficientStockError",
    "Inventory",
    "Item",
    "Location",
    "MissingAccountsError",
    "Movement",
    "MovementHistory",
    "MovementType",
    "ReorderLine",
    "StockAccounts",
    "StockCatalog",
    "StockLevel",
    "StockMove",
    "StockState",
    "StockValuation",
    "Unit",
    "UnitConversionError",
    "UnknownCostError",
    "UnknownItemError",
    "UnknownLocationError",
    "ValuationMethod",
]
