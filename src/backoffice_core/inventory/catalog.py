"""The stock catalog: units of measure, locations, items and their ledger accounts.

:class:`StockCatalog` keeps the records every movement refers to. Adding a record that
exists with the same content is a no-op; with other content it raises
DuplicateIdError (change it with :meth:`StockCatalog.update_item`). Every write asks
the authorizer first (``inventory.<thing>.<verb>``) and is audited by the store.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

import attrs
from pydantic import BaseModel, ValidationError

from backoffice_core.context import Context, UnitOfWork
from backoffice_core.errors import DuplicateIdError, InvalidInputError
from backoffice_core.inventory.errors import (
    MissingAccountsError,
    UnitConversionError,
    UnknownItemError,
    UnknownLocationError,
)
from backoffice_core.inventory.models import Item, Location, StockAccounts, Unit
from backoffice_core.inventory.ports import ACCOUNTS, ITEM, LOCATION, UNIT
from backoffice_core.inventory.units import root_of
from backoffice_core.ledger import Ledger
from backoffice_core.records import Kind

__all__ = ["StockCatalog"]

B = TypeVar("B", bound=BaseModel)


def _build(model: type[B], what: str, data: dict[str, Any]) -> B:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise InvalidInputError(f"{what} is invalid: {problems}") from None


@attrs.define
class StockCatalog:
    """One entity's units, locations, items and account mappings.

    Args:
        context: Entity, actor, authorizer and clock.
        uow: The unit of work the writes happen in.
        ledger: The ledger whose chart the account mappings must name.
    """

    _context: Context
    _uow: UnitOfWork
    _ledger: Ledger

    def _add(self, kind: Kind[Any], action: str, records: list[Any]) -> None:
        with self._uow.transaction():
            store = self._uow.records(kind)
            stored = store.get_many([kind.key_of(r) for r in records])
            for record in records:
                key = kind.key_of(record)
                current = stored.get(key)
                if current is not None and current.record != record:
                    raise DuplicateIdError(
                        f"{kind.name} {key!r} exists with other content: "
                        f"change it with the update verb, or use another code"
                    )
            for record in records:
                self._context.authorize(action, kind.key_of(record))
            store.add(records)

    # --- units ------------------------------------------------------------------------
    def add_unit(
        self, code: str, name: str = "", *, base: str | None = None, factor: Any = 1
    ) -> Unit:
        """Add a unit of measure, optionally as ``factor`` of unit ``base``.

        Args:
            code: Such as ``"g"``.
            name: A readable name.
            base: The unit it is a multiple of (must exist); None for a root unit.
            factor: How many ``base`` units one of it is (a Decimal, int or string).

        Raises:
            InvalidInputError: If the code or factor is malformed.
            UnitConversionError: If ``base`` is not defined or the chain loops.
            DuplicateIdError: If the code exists with another definition.
        """
        unit = _build(
            Unit,
            f"unit {code!r}",
            {"code": code, "name": name, "base": base, "factor": str(factor)},
        )
        with self._uow.transaction():
            units = self.units()
            if base is not None and base not in units:
                raise UnitConversionError(
                    f"unit {code!r} is defined on unit {base!r}, which does not exist: add it first"
                )
            root_of(code, {**units, code: unit})
            self._add(UNIT, "inventory.unit.add", [unit])
        return unit

    def units(self) -> dict[str, Unit]:
        """Return every unit of measure by code."""
        return {s.key: s.record for s in self._uow.records(UNIT).find()}

    # --- locations --------------------------------------------------------------------
    def add_location(self, code: str, name: str = "") -> Location:
        """Add a stock location.

        Raises:
            InvalidInputError: If the code is malformed.
            DuplicateIdError: If the code exists with another name.
        """
        location = _build(Location, f"location {code!r}", {"code": code, "name": name})
        self._add(LOCATION, "inventory.location.add", [location])
        return location

    def location(self, code: str) -> Location:
        """Return one location.

        Raises:
            UnknownLocationError: If no location has that code.
        """
        stored = self._uow.records(LOCATION).get(code)
        if stored is None:
            raise UnknownLocationError(f"no stock location {code!r}: add it with add_location")
        return stored.record

    def locations(self) -> list[Location]:
        """Return every location, by code."""
        return [s.record for s in self._uow.records(LOCATION).find()]

    # --- items ------------------------------------------------------------------------
    def add_item(self, sku: str, name: str = "", *, unit: str, **fields: Any) -> Item:
        """Add a stocked item.

        Args:
            sku: The item's code.
            name: A readable name.
            unit: Its base unit (stored quantities are in it).
            **fields: Other :class:`~backoffice_core.inventory.models.Item` fields:
                ``valuation`` (``"fifo"`` or ``"average"``), ``allow_negative``,
                ``reorder_point``, ``reorder_quantity``, ``category``, ``conversions``.

        Raises:
            InvalidInputError: If a field is malformed (an unknown valuation method
                included).
            DuplicateIdError: If the SKU exists with another definition.
        """
        item = _build(Item, f"item {sku!r}", {"sku": sku, "name": name, "unit": unit, **fields})
        self._add(ITEM, "inventory.item.add", [item])
        return item

    def add_items(self, items: Iterable[Item]) -> int:
        """Add many items in one write (existing identical ones are skipped).

        Returns:
            How many items were given.

        Raises:
            DuplicateIdError: If a SKU exists with another definition or is given twice.
        """
        items = list(items)
        self._add(ITEM, "inventory.item.add", items)
        return len(items)

    def update_item(self, sku: str, *, expected_version: int | None = None, **changes: Any) -> Item:
        """Change an item's fields (all but its SKU and base unit).

        Args:
            sku: The item to change.
            expected_version: The version the caller read; a stale one raises
                ConcurrencyError. When omitted, the current version is used.
            **changes: New values, such as ``reorder_point=Decimal(20)``.

        Raises:
            UnknownItemError: If no item has that SKU.
            InvalidInputError: If a change names the SKU or unit, or is malformed.
            ConcurrencyError: If the item changed since ``expected_version``.
        """
        if {"sku", "unit"} & set(changes):
            raise InvalidInputError(
                f"item {sku!r}: the SKU and base unit cannot change (stored quantities are "
                "in that unit); add a new item instead"
            )
        with self._uow.transaction():
            store = self._uow.records(ITEM)
            stored = store.get(sku)
            if stored is None:
                raise UnknownItemError(f"no item {sku!r} in the catalog: add it with add_item")
            data = stored.record.model_dump() | changes
            item = _build(Item, f"item {sku!r}", data)
            self._context.authorize("inventory.item.update", sku)
            version = stored.version if expected_version is None else expected_version
            store.replace(item, expected_version=version, action="updated")
        return item

    def item(self, sku: str) -> Item:
        """Return one item.

        Raises:
            UnknownItemError: If no item has that SKU.
        """
        stored = self._uow.records(ITEM).get(sku)
        if stored is None:
            raise UnknownItemError(f"no item {sku!r} in the catalog: add it with add_item")
        return stored.record

    def items(self) -> list[Item]:
        """Return every item, by SKU."""
        return [s.record for s in self._uow.records(ITEM).find()]

    # --- account mapping --------------------------------------------------------------
    def set_accounts(self, accounts: StockAccounts) -> StockAccounts:
        """Map an item category to its ledger accounts (replacing an earlier mapping).

        Raises:
            UnknownAccountError: If an account is not in the ledger's chart.
        """
        for code in (
            accounts.inventory,
            accounts.cost_of_goods,
            accounts.payable,
            accounts.adjustment_gain,
            accounts.adjustment_loss,
        ):
            self._ledger.account(code)
        with self._uow.transaction():
            store = self._uow.records(ACCOUNTS)
            stored = store.get(accounts.category)
            self._context.authorize("inventory.accounts.set", accounts.category)
            if stored is None:
                store.add([accounts])
            elif stored.record != accounts:
                store.replace(accounts, expected_version=stored.version, action="set")
        return accounts

    def accounts(self, category: str = "default") -> StockAccounts:
        """Return the ledger accounts of an item category.

        Raises:
            MissingAccountsError: If the category has no mapping.
        """
        stored = self._uow.records(ACCOUNTS).get(category)
        if stored is None:
            raise MissingAccountsError(
                f"item category {category!r} has no ledger accounts: map them with "
                "inventory.catalog.set_accounts(StockAccounts(category=..., ...)), e.g. "
                "indonesia.stock_accounts() on the Indonesian chart"
            )
        return stored.record
