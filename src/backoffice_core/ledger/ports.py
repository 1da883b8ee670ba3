"""What the ledger needs from storage: the :class:`LedgerStore` protocol.

A store is bound to one legal entity by the backend that hands it out: every method
reads and writes that entity's records only. Amounts cross this port as integer minor
units; aggregates (balances, cash flows) are computed by the store so that SQL
backends push them down to one query each.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Protocol

from backoffice_core.ledger.models import (
    Account,
    BalanceRow,
    BudgetLine,
    DimensionBalanceRow,
    EntryAccountRow,
    JournalEntry,
    LedgerSettings,
    LineRow,
    PeriodStatus,
)

__all__ = ["LedgerStore"]


class LedgerStore(Protocol):
    """Storage of one entity's chart, journal, periods and budgets.

    Writes happen inside the backend's unit of work; a method that finds a stale
    version raises :class:`~backoffice_core.errors.ConcurrencyError` and writes nothing.
    """

    # settings -------------------------------------------------------------------------
    def get_settings(self) -> LedgerSettings | None:
        """Return the entity's ledger settings, or None for new books."""
        ...

    def put_settings(self, settings: LedgerSettings) -> None:
        """Save the settings of new books (called once per entity)."""
        ...

    # accounts -------------------------------------------------------------------------
    def get_accounts(self, codes: Iterable[str] | None = None) -> dict[str, Account]:
        """Return accounts by code: the given codes that exist, or all when None."""
        ...

    def add_accounts(self, accounts: Sequence[Account]) -> None:
        """Insert new accounts (their codes do not exist yet)."""
        ...

    def update_account(self, account: Account, expected_version: int) -> None:
        """Replace an account whose stored version is ``expected_version``.

        ``account.version`` is the new version (``expected_version + 1``).
        """
        ...

    # journal --------------------------------------------------------------------------
    def get_entry(self, entry_id: str) -> JournalEntry | None:
        """Return the posted entry with this id, or None."""
        ...

    def get_fingerprints(self, entry_ids: Sequence[str]) -> dict[str, str]:
        """Return the content fingerprints of those ids that are already posted."""
        ...

    def add_entries(self, entries: Sequence[JournalEntry]) -> None:
        """Append new entries and their lines (the ids are not posted yet)."""
        ...

    def find_reversal(self, entry_id: str) -> str | None:
        """Return the id of the entry that reverses ``entry_id``, if any."""
        ...

    def iter_entries(self) -> Iterator[JournalEntry]:
        """Yield every posted entry in posting order."""
        ...

    # periods --------------------------------------------------------------------------
    def get_periods(self) -> dict[str, PeriodStatus]:
        """Return every period that has a stored status, keyed by ``YYYY-MM``."""
        ...

    def save_period(self, status: PeriodStatus, expected_version: int) -> None:
        """Store a period status if the stored version is ``expected_version``.

        A period with no stored status has version 0.
        """
        ...

    # aggregates -----------------------------------------------------------------------
    def balances(
        self, start: date | None, end: date, *, exclude_closing: bool = False
    ) -> list[BalanceRow]:
        """Sum lines dated ``start``..``end`` (inclusive) by account and currency.

        Args:
            start: The first date, or None for the beginning of the books.
            end: The last date.
            exclude_closing: Leave out year-end closing entries.
        """
        ...

    def cash_entry_lines(
        self, cash_accounts: Sequence[str], start: date, end: date
    ) -> list[EntryAccountRow]:
        """Sum the lines of each entry that touches a cash account, by entry and account.

        Closing entries are left out. Rows cover every account of those entries, cash
        accounts included, so that the ledger can tell what each entry's cash paid for.
        """
        ...

    def dimension_balances(
        self, start: date | None, end: date, *, exclude_closing: bool = False
    ) -> list[DimensionBalanceRow]:
        """Sum lines dated ``start``..``end`` by account and dimension mapping (base units).

        Args:
            start: The first date, or None for the beginning of the books.
            end: The last date.
            exclude_closing: Leave out year-end closing entries.
        """
        ...

    def account_lines(self, account: str, start: date | None, end: date) -> list[LineRow]:
        """Return the lines of one account dated ``start``..``end``, in date order."""
        ...

    # budgets --------------------------------------------------------------------------
    def get_budgets(self, start_month: str, end_month: str) -> list[BudgetLine]:
        """Return the budget lines of months ``start_month``..``end_month`` inclusive."""
        ...

    def save_budget(self, line: BudgetLine, expected_version: int) -> None:
        """Store a budget line if the stored version is ``expected_version`` (0: new)."""
        ...
