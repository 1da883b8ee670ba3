"""What every part of the ledger service shares: the entity's books and their settings.

:class:`Books` holds the context, the store and the unit of work, settles the books'
settings when they are first opened, and looks up accounts and entries. The service
is assembled from it: :class:`~backoffice_core.ledger.period_control.PeriodControl`
and :class:`~backoffice_core.ledger.statements.Statements` add periods and reports,
and :class:`~backoffice_core.ledger.service.Ledger` adds the chart and posting.
"""

from __future__ import annotations

import attrs

from backoffice_core.context import Change, Context, UnitOfWork
from backoffice_core.errors import ConflictError
from backoffice_core.ledger.arguments import as_code
from backoffice_core.ledger.errors import UnknownAccountError, UnknownEntryError
from backoffice_core.ledger.models import Account, JournalEntry, LedgerSettings
from backoffice_core.ledger.ports import LedgerStore
from backoffice_core.periods import FiscalCalendar

__all__ = ["Books"]


@attrs.define
class Books:
    """The state every part of the ledger service shares: one entity's books.

    Args:
        context: Entity, actor, authorizer and clock.
        store: The entity's ledger store.
        uow: The unit of work the writes happen in.
        settings: Base currency and fiscal-year start of new books; None keeps the
            stored ones (IDR, January for new books).

    Raises:
        ConflictError: If ``settings`` differ from those the books were opened with.
        PermissionDeniedError: If the books are new and the authorizer refuses
            ``ledger.books.open`` (nothing is written).
    """

    _context: Context
    _store: LedgerStore
    _uow: UnitOfWork
    _settings: LedgerSettings | None = None

    def __attrs_post_init__(self) -> None:
        stored = self._store.get_settings()
        if stored is None:
            with self._uow.transaction():
                stored = self._store.get_settings()
                if stored is None:
                    stored = self._settings or LedgerSettings()
                    self._context.authorize("ledger.books.open", self._context.entity)
                    self._store.put_settings(stored)
                    self._uow.record(
                        Change(
                            "ledger.books.opened",
                            self._context.entity,
                            stored.model_dump(mode="json"),
                        )
                    )
        if self._settings is not None and self._settings != stored:
            raise ConflictError(
                f"the books of {self._context.entity!r} were opened with {stored!r}, not "
                f"{self._settings!r}: omit the settings or open with the stored ones"
            )
        self._settings = stored

    # --- settings ---------------------------------------------------------------------
    @property
    def settings(self) -> LedgerSettings:
        """The books' base currency and fiscal-year start."""
        assert self._settings is not None  # set in __attrs_post_init__
        return self._settings

    @property
    def base_currency(self) -> str:
        """The currency every entry balances in."""
        return self.settings.base_currency

    @property
    def calendar(self) -> FiscalCalendar:
        """The fiscal calendar of the books."""
        return FiscalCalendar(self.settings.fiscal_year_start)

    def account(self, code: str) -> Account:
        """Return the account with ``code``.

        Raises:
            UnknownAccountError: If the code is not in the chart.
            InvalidInputError: If ``code`` is not a non-blank string.
        """
        code = as_code(code)
        found = self._store.get_accounts([code]).get(code)
        if found is None:
            raise UnknownAccountError(f"account {code!r} is not in the chart of accounts")
        return found

    def entry(self, entry_id: str) -> JournalEntry:
        """Return the posted entry ``entry_id``.

        Raises:
            UnknownEntryError: If no entry has that id.
            InvalidInputError: If ``entry_id`` is not a non-blank string.
        """
        entry_id = as_code(entry_id, "entry id")
        found = self._store.get_entry(entry_id)
        if found is None:
            raise UnknownEntryError(f"no journal entry has id {entry_id!r}")
        return found
