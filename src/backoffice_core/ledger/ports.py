"""What the ledger needs from storage: the :class:`LedgerStore` protocol.

A store is bound to one legal entity by the backend that hands it out: every method
reads and writes that entity's records only. Amounts cross this port as integer minor
units; aggregates (balances, cash flows) are computed by the store so that SQL
backends push them down to one query each.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple, Protocol

from backoffice_core.ledger.journal import PostedEntry, is_closing
from backoffice_core.ledger.models import (
    Account,
    BalanceRow,
    BudgetLine,
    DimensionBalanceRow,
    EntryAccountRow,
    EntryKind,
    JournalEntry,
    LedgerSettings,
    LineRow,
    PeriodStatus,
    Side,
)
from backoffice_core.periods import Month
from backoffice_core.records import Kind

__all__ = [
    "DayRow",
    "HeadQuery",
    "HeadRow",
    "LedgerStore",
    "PostingLookup",
    "StoredEntry",
    "StoredLine",
]


class StoredLine(NamedTuple):
    """One stored line as plain values, the way verification reads it back.

    Args:
        entry_id: The id of the entry the line row belongs to.
        entry_date: The date the line row carries (SQL stores it beside the entry's,
            and balances read this one).
        closing: Whether the line row is marked as part of a year-end closing entry.
        side: ``"debit"`` or ``"credit"``.
        account: The account code.
        currency: The line's currency.
        amount: Signed minor units of ``currency`` (debit positive).
        base: Signed minor units of the base currency.
        rate: The exchange rate as Decimal text, or None.
        memo: The line's memo.
        dimensions: The dimensions as (name, value) pairs sorted by name.
        tags: The tags.

    The fields from ``account`` on are the line's content, in the order the entry's
    fingerprint hashes them (``line[4:]``).
    """

    entry_id: str
    entry_date: date
    closing: bool
    side: str
    account: str
    currency: str
    amount: int
    base: int
    rate: str | None
    memo: str
    dimensions: tuple[tuple[str, str], ...]
    tags: tuple[str, ...]


class StoredEntry(NamedTuple):
    """One stored entry and its lines as plain values, streamed for verification.

    Args:
        seq: The posting sequence (1, 2, 3… in posting order).
        id: The entry id (for lines whose entry row is gone, their ``entry_id``).
        date: The accounting date.
        description: The description.
        source: The source reference, or None.
        memo: The memo.
        kind: The :class:`~backoffice_core.ledger.EntryKind` value.
        reverses: The reversed entry's id, or None.
        posted_at: When it was posted.
        posted_by: Who posted it.
        fingerprint: The stored content fingerprint.
        lines: The lines, in line order.
        exists: False for lines whose entry row is missing (the other fields are then
            empty, except ``seq``, ``id`` and ``lines``).
    """

    seq: int
    id: str
    date: date
    description: str
    source: str | None
    memo: str
    kind: str
    reverses: str | None
    posted_at: datetime
    posted_by: str
    fingerprint: str
    lines: tuple[StoredLine, ...]
    exists: bool = True

    @classmethod
    def of(cls, seq: int, entry: JournalEntry) -> StoredEntry:
        """Return the plain values of a posted ``entry`` at posting ``seq``."""
        closing = entry.kind is EntryKind.CLOSING
        lines = []
        for line in entry.lines:
            sign = 1 if line.side is Side.DEBIT else -1
            rate = None if line.rate is None else str(line.rate)
            lines.append(
                StoredLine(
                    entry.id, entry.date, closing, line.side.value, line.account,
                    line.amount.currency, sign * line.amount.to_minor(),
                    sign * line.base_equivalent.to_minor(), rate, line.memo,
                    tuple(sorted(line.dimensions.items())), line.tags,
                )
            )  # fmt: skip
        return cls(
            seq, entry.id, entry.date, entry.description, entry.source, entry.memo,
            entry.kind.value, entry.reverses, entry.posted_at, entry.posted_by,
            entry.fingerprint, tuple(lines),
        )  # fmt: skip

    @classmethod
    def posted(cls, seq: int, entry: PostedEntry) -> StoredEntry:
        """Return the plain values of a stored :class:`PostedEntry` at posting ``seq``."""
        closing = is_closing(entry.kind)
        lines = tuple(
            StoredLine(entry.id, entry.date, closing, "debit" if v[2] > 0 else "credit", *v)
            for v in entry.lines
        )
        return cls(
            seq, entry.id, entry.date, entry.description, entry.source, entry.memo,
            entry.kind.value, entry.reverses, entry.posted_at, entry.posted_by,
            entry.fingerprint, lines,
        )  # fmt: skip


class HeadQuery(NamedTuple):
    """The filters of an entry-head read, as the store applies them (all must hold).

    Args:
        start: Entries dated on or after this day (None: from the first).
        end: Entries dated on or before this day (None: to the last).
        kinds: Entry kinds (``EntryKind`` values), or None for every kind.
        sourced: True: only entries with a source; False: only those without; None: both.
        sources: Only entries whose source is one of these, or None.
        above: Only entries whose debit total in base minor units is above this.
        posted_after: Only entries posted strictly after this instant.
        month_cutoffs: Only entries dated in one of these months and posted strictly
            after that month's instant (months distinct), or None.
    """

    start: date | None = None
    end: date | None = None
    kinds: tuple[str, ...] | None = None
    sourced: bool | None = None
    sources: tuple[str, ...] | None = None
    above: int | None = None
    posted_after: datetime | None = None
    month_cutoffs: tuple[tuple[Month, datetime], ...] | None = None


class HeadRow(NamedTuple):
    """One entry head as the store returns it (see :class:`EntryHead`).

    ``debit`` is the sum of the entry's debit lines in base-currency minor units.
    """

    seq: int
    id: str
    date: date
    description: str
    source: str | None
    kind: str
    reverses: str | None
    posted_at: datetime
    posted_by: str
    debit: int
    lines: int


class DayRow(NamedTuple):
    """One day of an account's activity in base minor units (both sums positive)."""

    date: date
    debit: int
    credit: int


class PostingLookup(NamedTuple):
    """What validating a posting reads from the store, fetched together.

    Args:
        accounts: The accounts the lines name that exist, by code.
        periods: Every stored period status, by ``YYYY-MM``.
        fingerprints: The fingerprints of those entry ids that are already posted.
    """

    accounts: dict[str, Account]
    periods: dict[str, PeriodStatus]
    fingerprints: dict[str, str]


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

    def posting_lookup(self, codes: Iterable[str], entry_ids: Sequence[str]) -> PostingLookup:
        """Return the accounts, periods and fingerprints a posting is validated against.

        One call, so that a backend over a network can fetch all three (and take the
        entity's write lock) in one round trip.
        """
        ...

    def add_entries(self, entries: Sequence[PostedEntry]) -> None:
        """Append new, validated entries and their lines (the ids are not posted yet)."""
        ...

    def find_reversal(self, entry_id: str) -> str | None:
        """Return the id of the entry that reverses ``entry_id``, if any."""
        ...

    def iter_entries(self) -> Iterator[JournalEntry]:
        """Yield every posted entry in posting order."""
        ...

    def iter_stored_entries(self, after_seq: int = 0) -> Iterator[StoredEntry]:
        """Stream the stored entries with their lines as plain values, in posting order.

        This is what ``AuditTrail.verify`` re-derives fingerprints from: it reads the
        stored rows as they are, page by page, so memory stays bounded however large
        the journal is. Lines whose entry row is missing are yielded too, at their
        posting sequence, as a :class:`StoredEntry` with ``exists`` False.

        Args:
            after_seq: Start after this posting sequence (0: from the first entry).
        """
        ...

    def entry_heads(self, query: HeadQuery) -> list[HeadRow]:
        """Return the heads of the entries that match ``query``, in posting order.

        Each with its debit total in base minor units and its line count, summed by
        the store (one query on SQL backends).
        """
        ...

    def has_record(self, kind: Kind[Any], key: str) -> bool:
        """Return False only if the entity certainly holds no record ``key`` of ``kind``.

        A SQL store answers without creating the kind's table (no when the registry of
        record kinds does not hold it), in the posting lookup's round trip where it
        can, so that a check on every posting (has this entity an approval policy?)
        works for an application role that may not create tables and costs no round
        trip. A store that has no tables to create may answer True and let the caller
        read the record store.
        """
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

    def account_days(self, codes: Sequence[str], start: date | None, end: date) -> list[DayRow]:
        """Sum the debits and credits (base units) of lines on ``codes`` by day, in order.

        Args:
            codes: The account codes whose lines count.
            start: The first date, or None for the beginning of the books.
            end: The last date.
        """
        ...

    # budgets --------------------------------------------------------------------------
    def get_budgets(self, start_month: str, end_month: str) -> list[BudgetLine]:
        """Return the budget lines of months ``start_month``..``end_month`` inclusive."""
        ...

    def save_budget(self, line: BudgetLine, expected_version: int) -> None:
        """Store a budget line if the stored version is ``expected_version`` (0: new)."""
        ...
