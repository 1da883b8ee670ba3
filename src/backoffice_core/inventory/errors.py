"""Inventory-specific errors, each a narrower case of a kernel error."""

from __future__ import annotations

from backoffice_core.errors import InvalidInputError, NotFoundError, StateError

__all__ = [
    "BackdatedMovementError",
    "InsufficientStockError",
    "MissingAccountsError",
    "UnitConversionError",
    "UnknownCostError",
    "UnknownItemError",
    "UnknownLocationError",
]


class UnknownItemError(NotFoundError, InvalidInputError):
    """A movement or call names an item SKU that is not in the catalog."""


class UnknownLocationError(NotFoundError, InvalidInputError):
    """A movement or call names a location code that is not in the catalog."""


class UnitConversionError(InvalidInputError):
    """A quantity is given in a unit with no conversion to the item's base unit."""


class InsufficientStockError(StateError, InvalidInputError):
    """An issue takes more than is on hand from an item that does not allow negative stock."""


class UnknownCostError(StateError, InvalidInputError):
    """Stock would be valued at a cost the pool has never known (give a cost)."""


class BackdatedMovementError(StateError, InvalidInputError):
    """A movement is dated before the latest movement of its item at that location."""


class MissingAccountsError(NotFoundError):
    """An item's category has no ledger accounts mapped (see ``catalog.set_accounts``)."""
