"""The in-memory backend (``memory://``): every port, no files, full transactions.

A product feature, not a test double: notebooks, scripts and tests that need no
persistence use it, and it passes the same contract suite as the SQL backends. One
re-entrant lock serialises writers (a transaction holds it from begin to commit) and
guards readers; each write logs how to undo itself, so a rollback restores the exact
previous state.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date

from backoffice_core.audit.models import AuditRecord
from backoffice_core.errors import ConcurrencyError, StateError
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
from backoffice_core.ledger.ports import StoredEntry
from backoffice_core.records import Kind
from backoffice_core.storage.base import Backend, Clock, M
from backoffice_core.storage.memory_records import MemoryBlobs, MemoryRecords, RecordTables

__all__ = ["MemoryAuditStore", "MemoryBackend", "MemoryLedgerStore"]


class _Books:
    """One entity's records."""

    def __init__(self) -> None:
        self.settings: LedgerSettings | None = None
        self.accounts: dict[str, Account] = {}
        self.entries: dict[str, JournalEntry] = {}
        self.order: list[str] = []
        self.reversals: dict[str, str] = {}
        self.periods: dict[str, PeriodStatus] = {}
        self.budgets: dict[tuple[str, str], BudgetLine] = {}
        self.audit: list[AuditRecord] = []


class MemoryBackend(Backend):
    """Keeps every entity's records in process memory.

    Args:
        url: ``memory://`` (any path is ignored).
    """

    def __init__(self, url: str = "memory://") -> None:
        super().__init__(url)
        self.lock = threading.RLock()
        self._books: dict[str, _Books] = {}
        self._undo: list[Callable[[], None]] = []
        self._savepoints: dict[str, int] = {}
        self.record_tables = RecordTables()

    def books(self, entity: str) -> _Books:
        """Return the records of ``entity``, creating empty books on first use."""
        with self.lock:
            books = self._books.get(entity)
            if books is None:
                books = self._books[entity] = _Books()
            return books

    def entities(self) -> list[str]:
        """Return the entities whose books have been opened, sorted."""
        with self.lock:
            return sorted(e for e, b in self._books.items() if b.settings is not None)

    def log_undo(self, undo: Callable[[], None]) -> None:
        """Remember how to undo one write of the open transaction.

        Raises:
            StateError: If this thread has no transaction open.
        """
        if not self.in_transaction:
            raise StateError("memory store written outside a transaction: use transaction()")
        self._undo.append(undo)

    def ledger_store(self, entity: str) -> MemoryLedgerStore:
        """Return the ledger store bound to ``entity``."""
        return MemoryLedgerStore(self, entity)

    def audit_store(self, entity: str) -> MemoryAuditStore:
        """Return the audit store bound to ``entity``."""
        return MemoryAuditStore(self, entity)

    def records(
        self, kind: Kind[M], entity: str, *, actor: str = "system", clock: Clock | None = None
    ) -> MemoryRecords[M]:
        """Return the store of ``kind`` records bound to ``entity``."""
        return MemoryRecords(self, kind, entity, actor, clock)

    def blobs(
        self, entity: str, *, actor: str = "system", clock: Clock | None = None
    ) -> MemoryBlobs:
        """Return the file-content store bound to ``entity``."""
        return MemoryBlobs(self, entity, actor, clock)

    def _begin(self) -> None:
        self.lock.acquire()
        self._undo = []

    def _commit(self) -> None:
        self._undo = []
        self._savepoints = {}
        self.lock.release()

    def _savepoint(self, name: str) -> None:
        self._savepoints[name] = len(self._undo)

    def _rollback_to(self, name: str) -> None:
        mark = self._savepoints.pop(name)
        for undo in reversed(self._undo[mark:]):
            undo()
        del self._undo[mark:]

    def _release(self, name: str) -> None:
        del self._savepoints[name]

    def _rollback(self) -> None:
        try:
            for undo in reversed(self._undo):
                undo()
        finally:
            self._undo = []
            self._savepoints = {}
            self.lock.release()


class MemoryAuditStore:
    """An entity's audit chain in memory."""

    def __init__(self, backend: MemoryBackend, entity: str) -> None:
        self._backend = backend
        self._books = backend.books(entity)

    def head(self) -> AuditRecord | None:
        """Return the latest record, or None."""
        with self._backend.lock:
            return self._books.audit[-1] if self._books.audit else None

    def append(self, records: Sequence[AuditRecord]) -> None:
        """Append records to the chain."""
        audit = self._books.audit
        size = len(audit)
        self._backend.log_undo(lambda: audit.__delitem__(slice(size, None)))
        audit.extend(records)

    def iter_records(self, after_seq: int = 0) -> Iterator[AuditRecord]:
        """Yield records after ``after_seq``."""
        with self._backend.lock:
            snapshot = list(self._books.audit)
        return (r for r in snapshot if r.seq > after_seq)


def _signed_minor(entry: JournalEntry) -> Iterator[tuple[str, str, int, int]]:
    for line in entry.lines:
        sign = 1 if line.side is Side.DEBIT else -1
        yield (
            line.account,
            line.amount.currency,
            sign * line.amount.to_minor(),
            sign * line.base_equivalent.to_minor(),
        )


class MemoryLedgerStore:
    """An entity's ledger in memory (see :class:`~backoffice_core.ledger.LedgerStore`)."""

    def __init__(self, backend: MemoryBackend, entity: str) -> None:
        self._backend = backend
        self._books = backend.books(entity)

    def _set(self, mapping: dict, key: object, value: object) -> None:  # type: ignore[type-arg]
        missing = object()
        old = mapping.get(key, missing)

        def undo() -> None:
            if old is missing:
                mapping.pop(key, None)
            else:
                mapping[key] = old

        self._backend.log_undo(undo)
        mapping[key] = value

    # settings
    def get_settings(self) -> LedgerSettings | None:
        """Return the settings or None."""
        return self._books.settings

    def put_settings(self, settings: LedgerSettings) -> None:
        """Save the settings."""
        books = self._books
        old = books.settings
        self._backend.log_undo(lambda: setattr(books, "settings", old))
        books.settings = settings

    # accounts
    def get_accounts(self, codes: Iterable[str] | None = None) -> dict[str, Account]:
        """Return accounts by code."""
        with self._backend.lock:
            accounts = self._books.accounts
            if codes is None:
                return dict(sorted(accounts.items()))
            return {c: accounts[c] for c in codes if c in accounts}

    def add_accounts(self, accounts: Sequence[Account]) -> None:
        """Insert new accounts."""
        for account in accounts:
            self._set(self._books.accounts, account.code, account)

    def update_account(self, account: Account, expected_version: int) -> None:
        """Replace an account at ``expected_version``."""
        current = self._books.accounts.get(account.code)
        if current is None or current.version != expected_version:
            raise ConcurrencyError(
                f"account {account.code!r} changed since version {expected_version}: "
                "read it again and retry"
            )
        self._set(self._books.accounts, account.code, account)

    # journal
    def get_entry(self, entry_id: str) -> JournalEntry | None:
        """Return the entry or None."""
        return self._books.entries.get(entry_id)

    def get_fingerprints(self, entry_ids: Sequence[str]) -> dict[str, str]:
        """Return fingerprints of posted ids."""
        entries = self._books.entries
        return {i: entries[i].fingerprint for i in entry_ids if i in entries}

    def add_entries(self, entries: Sequence[JournalEntry]) -> None:
        """Append new entries."""
        books = self._books
        size = len(books.order)
        ids = [e.id for e in entries]
        reversed_ids = [e.reverses for e in entries if e.reverses]

        def undo() -> None:
            del books.order[size:]
            for i in ids:
                books.entries.pop(i, None)
            for r in reversed_ids:
                books.reversals.pop(r, None)

        self._backend.log_undo(undo)
        for entry in entries:
            books.entries[entry.id] = entry
            books.order.append(entry.id)
            if entry.reverses:
                books.reversals[entry.reverses] = entry.id

    def iter_stored_entries(self, after_seq: int = 0) -> Iterator[StoredEntry]:
        """Stream entries after ``after_seq`` in posting order as plain values."""
        with self._backend.lock:
            ids = self._books.order[after_seq:]
        entries = self._books.entries
        return (StoredEntry.of(seq, entries[i]) for seq, i in enumerate(ids, start=after_seq + 1))

    def find_reversal(self, entry_id: str) -> str | None:
        """Return the id of the reversing entry, if any."""
        return self._books.reversals.get(entry_id)

    def iter_entries(self) -> Iterator[JournalEntry]:
        """Yield entries in posting order."""
        with self._backend.lock:
            ids = list(self._books.order)
        entries = self._books.entries
        return (entries[i] for i in ids)

    # periods
    def get_periods(self) -> dict[str, PeriodStatus]:
        """Return stored period statuses."""
        with self._backend.lock:
            return dict(self._books.periods)

    def save_period(self, status: PeriodStatus, expected_version: int) -> None:
        """Store a period status at ``expected_version``."""
        current = self._books.periods.get(status.month)
        if (current.version if current else 0) != expected_version:
            raise ConcurrencyError(
                f"period {status.month} changed since version {expected_version}: "
                "read it again and retry"
            )
        self._set(self._books.periods, status.month, status)

    # aggregates
    def _entries_between(self, start: date | None, end: date) -> Iterator[JournalEntry]:
        with self._backend.lock:
            entries = list(self._books.entries.values())
        for entry in entries:
            if (start is None or entry.date >= start) and entry.date <= end:
                yield entry

    def balances(
        self, start: date | None, end: date, *, exclude_closing: bool = False
    ) -> list[BalanceRow]:
        """Sum lines by account and currency."""
        sums: dict[tuple[str, str], list[int]] = {}
        for entry in self._entries_between(start, end):
            if exclude_closing and entry.kind is EntryKind.CLOSING:
                continue
            for account, currency, amount, base in _signed_minor(entry):
                acc = sums.setdefault((account, currency), [0, 0])
                acc[0] += amount
                acc[1] += base
        return [
            BalanceRow(account=a, currency=c, amount=v[0], base=v[1])
            for (a, c), v in sorted(sums.items())
        ]

    def cash_entry_lines(
        self, cash_accounts: Sequence[str], start: date, end: date
    ) -> list[EntryAccountRow]:
        """Sum the lines of entries touching cash, by entry and account."""
        cash = set(cash_accounts)
        out: list[EntryAccountRow] = []
        for entry in self._entries_between(start, end):
            if entry.kind is EntryKind.CLOSING or not any(ln.account in cash for ln in entry.lines):
                continue
            sums: dict[str, int] = {}
            for account, _currency, _amount, base in _signed_minor(entry):
                sums[account] = sums.get(account, 0) + base
            out += [
                EntryAccountRow(entry_id=entry.id, account=a, base=v)
                for a, v in sorted(sums.items())
            ]
        return out

    def dimension_balances(
        self, start: date | None, end: date, *, exclude_closing: bool = False
    ) -> list[DimensionBalanceRow]:
        """Sum lines by account and dimension mapping."""
        sums: dict[tuple[str, tuple[tuple[str, str], ...]], int] = {}
        for entry in self._entries_between(start, end):
            if exclude_closing and entry.kind is EntryKind.CLOSING:
                continue
            for line in entry.lines:
                sign = 1 if line.side is Side.DEBIT else -1
                key = (line.account, tuple(sorted(line.dimensions.items())))
                sums[key] = sums.get(key, 0) + sign * line.base_equivalent.to_minor()
        return [
            DimensionBalanceRow(account=a, dimensions=dict(d), base=v)
            for (a, d), v in sorted(sums.items())
        ]

    def account_lines(self, account: str, start: date | None, end: date) -> list[LineRow]:
        """Return an account's lines in date order."""
        rows: list[LineRow] = []
        for entry in self._entries_between(start, end):
            for line in entry.lines:
                if line.account == account:
                    row = LineRow(
                        entry_id=entry.id,
                        date=entry.date,
                        description=entry.description,
                        account=account,
                        amount=line.amount,
                        base_amount=line.base_equivalent,
                        side=line.side,
                        memo=line.memo,
                    )
                    bisect.insort(rows, row, key=lambda r: r.date)
        return rows

    # budgets
    def get_budgets(self, start_month: str, end_month: str) -> list[BudgetLine]:
        """Return budget lines in the month range."""
        with self._backend.lock:
            lines = list(self._books.budgets.values())
        return sorted(
            (b for b in lines if start_month <= b.month <= end_month),
            key=lambda b: (b.account, b.month),
        )

    def save_budget(self, line: BudgetLine, expected_version: int) -> None:
        """Store a budget line at ``expected_version``."""
        key = (line.account, line.month)
        current = self._books.budgets.get(key)
        if (current.version if current else 0) != expected_version:
            raise ConcurrencyError(
                f"budget {line.account} {line.month} changed since version "
                f"{expected_version}: read it again and retry"
            )
        self._set(self._books.budgets, key, line)
