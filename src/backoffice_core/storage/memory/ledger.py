"""The memory backend's ledger store: :class:`MemoryLedgerStore`.

Reads take the state this thread may see (see
:mod:`~backoffice_core.storage.memory.backend`); writes change the transaction's
working copy and log how to undo themselves. Balances come from day totals kept per
account, currency and closing flag as entries are appended, so a trial balance adds
up a few thousand totals instead of scanning every line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from backoffice_core.ledger.journal import PostedEntry, is_closing, journal_entry
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
    Side,
)
from backoffice_core.ledger.ports import DayRow, HeadQuery, HeadRow, PostingLookup, StoredEntry
from backoffice_core.money import Money
from backoffice_core.records import Kind
from backoffice_core.storage.base import check_version
from backoffice_core.storage.memory.journal import SumKey
from backoffice_core.storage.memory.state import Books, State

if TYPE_CHECKING:
    from backoffice_core.storage.memory.backend import MemoryBackend

__all__ = ["MemoryLedgerStore"]

_MISSING = object()


class MemoryLedgerStore:
    """An entity's ledger in memory (see :class:`~backoffice_core.ledger.LedgerStore`).

    Args:
        backend: The memory backend whose transactions it joins.
        books: The entity's records.
    """

    def __init__(self, backend: MemoryBackend, books: Books) -> None:
        self._backend = backend
        self._books = books

    def _view(self) -> State:
        return self._backend.view(self._books)

    def _set(self, name: str, key: object, value: object) -> None:
        mapping = self._backend.writable(self._books).own(name)
        old = mapping.get(key, _MISSING)

        def undo() -> None:
            if old is _MISSING:
                mapping.pop(key, None)
            else:
                mapping[key] = old

        self._backend.log_undo(undo)
        mapping[key] = value

    # settings
    def get_settings(self) -> LedgerSettings | None:
        """Return the settings or None."""
        return self._view().settings

    def put_settings(self, settings: LedgerSettings) -> None:
        """Save the settings."""
        state = self._backend.writable(self._books)
        old = state.settings
        self._backend.log_undo(lambda: setattr(state, "settings", old))
        state.settings = settings

    # accounts
    def get_accounts(self, codes: Iterable[str] | None = None) -> dict[str, Account]:
        """Return accounts by code."""
        accounts = self._view().accounts
        if codes is None:
            return dict(sorted(accounts.items()))
        return {c: accounts[c] for c in codes if c in accounts}

    def add_accounts(self, accounts: Sequence[Account]) -> None:
        """Insert new accounts."""
        for account in accounts:
            self._set("accounts", account.code, account)

    def update_account(self, account: Account, expected_version: int) -> None:
        """Replace an account at ``expected_version``."""
        current = self._backend.writable(self._books).accounts.get(account.code)
        stored = None if current is None else current.version
        check_version(f"account {account.code!r}", stored, expected_version)
        self._set("accounts", account.code, account)

    # journal
    def get_entry(self, entry_id: str) -> JournalEntry | None:
        """Return the entry or None."""
        pos = self._books.journal.position(entry_id, self._view().entries)
        return None if pos is None else journal_entry(self._books.journal.entry(pos))

    def get_fingerprints(self, entry_ids: Sequence[str]) -> dict[str, str]:
        """Return fingerprints of posted ids."""
        return self._fingerprints(entry_ids, self._view())

    def _fingerprints(self, entry_ids: Iterable[str], state: State) -> dict[str, str]:
        journal = self._books.journal
        out = {}
        for entry_id in entry_ids:
            pos = journal.position(entry_id, state.entries)
            if pos is not None:
                out[entry_id] = journal.fingerprint(pos)
        return out

    def posting_lookup(self, codes: Iterable[str], entry_ids: Sequence[str]) -> PostingLookup:
        """Return the accounts, periods and fingerprints a posting is validated against."""
        state = self._view()
        accounts = state.accounts
        return PostingLookup(
            {c: accounts[c] for c in codes if c in accounts},
            dict(state.periods),
            self._fingerprints(entry_ids, state),
        )

    def add_entries(self, entries: Sequence[PostedEntry]) -> None:
        """Append new entries."""
        books = self._books
        state = self._backend.writable(books)
        n_entries, n_lines = state.entries, state.lines
        touched: set[SumKey] = set()

        def own(key: SumKey) -> dict[int, tuple[int, int, int]]:
            if key not in touched:
                touched.add(key)
                before = dict(state.sums.get(key, {}))
                self._backend.log_undo(lambda: state.own("sums").__setitem__(key, before))
            return state.own_sums(key)

        def undo() -> None:
            books.journal.truncate(n_entries, n_lines)
            state.entries, state.lines = n_entries, n_lines

        self._backend.log_undo(undo)
        books.journal.append(entries, own)
        state.entries, state.lines = len(books.journal.ids), len(books.journal.units)

    def find_reversal(self, entry_id: str) -> str | None:
        """Return the id of the reversing entry, if any."""
        pos = self._books.journal.reversed_by.get(entry_id)
        if pos is None or pos >= self._view().entries:
            return None
        return self._books.journal.ids[pos]

    def iter_entries(self) -> Iterator[JournalEntry]:
        """Yield entries in posting order."""
        journal, count = self._books.journal, self._view().entries
        return (journal_entry(journal.entry(pos)) for pos in range(count))

    def iter_stored_entries(self, after_seq: int = 0) -> Iterator[StoredEntry]:
        """Stream entries after ``after_seq`` in posting order as plain values.

        The entries this thread may see when it starts; later commits only append
        beyond them, so the stream needs no lock.
        """
        journal, count = self._books.journal, self._view().entries
        start = max(after_seq, 0)
        return (StoredEntry.posted(pos + 1, journal.entry(pos)) for pos in range(start, count))

    def entry_heads(self, query: HeadQuery) -> list[HeadRow]:
        """Return the heads matching ``query`` with their debit totals, in posting order."""
        journal, count = self._books.journal, self._view().entries
        first = None if query.start is None else query.start.toordinal()
        last = None if query.end is None else query.end.toordinal()
        kinds = None if query.kinds is None else set(query.kinds)
        sources = None if query.sources is None else set(query.sources)
        cutoffs = None
        if query.month_cutoffs is not None:
            cutoffs = {(m.year, m.month): at for m, at in query.month_cutoffs}
        base_units, out = journal.base_units, []
        for pos in range(count):
            day = journal.days[pos]
            if (first is not None and day < first) or (last is not None and day > last):
                continue
            _, source, _, kind, posted_at, _, _ = journal.heads[pos]
            if kinds is not None and kind.value not in kinds:
                continue
            if query.sourced is not None and (source is not None) is not query.sourced:
                continue
            if sources is not None and source not in sources:
                continue
            if query.posted_after is not None and posted_at <= query.posted_after:
                continue
            if cutoffs is not None:
                dated = date.fromordinal(day)
                cutoff = cutoffs.get((dated.year, dated.month))
                if cutoff is None or posted_at <= cutoff:
                    continue
            span = journal.line_range(pos)
            debit = sum(base_units[n] for n in span if base_units[n] > 0)
            if query.above is not None and debit <= query.above:
                continue
            description, _, _, _, _, posted_by, _ = journal.heads[pos]
            out.append(
                HeadRow(
                    pos + 1, journal.ids[pos], date.fromordinal(day), description, source,
                    kind.value, journal.reverses.get(pos), posted_at, posted_by, debit, len(span),
                )
            )  # fmt: skip
        return out

    def has_record(self, kind: Kind[Any], key: str) -> bool:
        """Return True: the caller reads the record store itself (no tables to create)."""
        return True

    # periods
    def get_periods(self) -> dict[str, PeriodStatus]:
        """Return stored period statuses."""
        return dict(self._view().periods)

    def save_period(self, status: PeriodStatus, expected_version: int) -> None:
        """Store a period status at ``expected_version``."""
        current = self._backend.writable(self._books).periods.get(status.month)
        check_version(f"period {status.month}", current.version if current else 0, expected_version)
        self._set("periods", status.month, status)

    # aggregates
    def balances(
        self, start: date | None, end: date, *, exclude_closing: bool = False
    ) -> list[BalanceRow]:
        """Sum lines by account and currency, from the day totals."""
        low = start.toordinal() if start is not None else 0
        high = end.toordinal()
        totals: dict[tuple[str, str], list[int]] = {}
        for (account, currency, closing), days in self._view().sums.items():
            if closing and exclude_closing:
                continue
            amount = base = count = 0
            for day, (a, b, n) in days.items():
                if low <= day <= high:
                    amount += a
                    base += b
                    count += n
            if count:
                acc = totals.setdefault((account, currency), [0, 0])
                acc[0] += amount
                acc[1] += base
        return [
            BalanceRow(account=a, currency=c, amount=v[0], base=v[1])
            for (a, c), v in sorted(totals.items())
        ]

    def cash_entry_lines(
        self, cash_accounts: Sequence[str], start: date, end: date
    ) -> list[EntryAccountRow]:
        """Sum the lines of entries touching cash, by entry and account (posting order)."""
        state, journal = self._view(), self._books.journal
        low, high = start.toordinal(), end.toordinal()
        positions: set[int] = set()
        for account in dict.fromkeys(cash_accounts):
            for line in journal.account_lines(account, state.lines):
                pos = journal.entry_of_line(line)
                if low <= journal.days[pos] <= high and not is_closing(journal.heads[pos][3]):
                    positions.add(pos)
        out: list[EntryAccountRow] = []
        for pos in sorted(positions):
            sums: dict[str, int] = {}
            for line in journal.line_range(pos):
                account = journal.symbols[journal.accounts[line]]
                sums[account] = sums.get(account, 0) + journal.base_units[line]
            entry_id = journal.ids[pos]
            out += [
                EntryAccountRow(entry_id=entry_id, account=a, base=v)
                for a, v in sorted(sums.items())
            ]
        return out

    def dimension_balances(
        self, start: date | None, end: date, *, exclude_closing: bool = False
    ) -> list[DimensionBalanceRow]:
        """Sum lines by account and dimension mapping (base units)."""
        state, journal = self._view(), self._books.journal
        low = start.toordinal() if start is not None else 0
        high = end.toordinal()
        sums: dict[tuple[str, tuple[tuple[str, str], ...]], int] = {}
        for pos in range(state.entries):
            if not low <= journal.days[pos] <= high:
                continue
            if exclude_closing and is_closing(journal.heads[pos][3]):
                continue
            for line in journal.line_range(pos):
                extra = journal.extras.get(line)
                key = (journal.symbols[journal.accounts[line]], extra[2] if extra else ())
                sums[key] = sums.get(key, 0) + journal.base_units[line]
        return [
            DimensionBalanceRow(account=a, dimensions=dict(d), base=v)
            for (a, d), v in sorted(sums.items())
        ]

    def account_lines(self, account: str, start: date | None, end: date) -> list[LineRow]:
        """Return an account's lines in date order (posting order within a day)."""
        state, journal = self._view(), self._books.journal
        low = start.toordinal() if start is not None else 0
        high = end.toordinal()
        found: list[tuple[int, int]] = []
        for line in journal.account_lines(account, state.lines):
            pos = journal.entry_of_line(line)
            if low <= journal.days[pos] <= high:
                found.append((pos, line))
        found.sort(key=lambda item: journal.days[item[0]])
        rows = []
        for pos, line in found:
            head = journal.heads[pos]
            _, currency, units, base_units, _, memo, _, _ = journal.line(line)
            sign = 1 if units > 0 else -1
            rows.append(
                LineRow(
                    entry_id=journal.ids[pos],
                    date=date.fromordinal(journal.days[pos]),
                    description=head[0],
                    account=account,
                    amount=Money.from_minor(sign * units, currency),
                    base_amount=Money.from_minor(sign * base_units, head[6]),
                    side=Side.DEBIT if units > 0 else Side.CREDIT,
                    memo=memo,
                )
            )
        return rows

    # budgets
    def account_days(self, codes: Sequence[str], start: date | None, end: date) -> list[DayRow]:
        """Sum the debits and credits of lines on ``codes`` by day, in date order."""
        journal, visible = self._books.journal, self._view().lines
        first = date.min.toordinal() if start is None else start.toordinal()
        last = end.toordinal()
        days: dict[int, tuple[int, int]] = {}
        for code in dict.fromkeys(codes):
            for line in journal.account_lines(code, visible):
                day = journal.days[journal.entry_of_line(line)]
                if first <= day <= last:
                    base = journal.base_units[line]
                    debit, credit = days.get(day, (0, 0))
                    days[day] = (debit + max(base, 0), credit + max(-base, 0))
        return [DayRow(date.fromordinal(d), dr, cr) for d, (dr, cr) in sorted(days.items())]

    def get_budgets(self, start_month: str, end_month: str) -> list[BudgetLine]:
        """Return budget lines in the month range."""
        lines = self._view().budgets.values()
        return sorted(
            (b for b in lines if start_month <= b.month <= end_month),
            key=lambda b: (b.account, b.month),
        )

    def save_budget(self, line: BudgetLine, expected_version: int) -> None:
        """Store a budget line at ``expected_version``."""
        key = (line.account, line.month)
        current = self._backend.writable(self._books).budgets.get(key)
        check_version(
            f"budget {line.account} {line.month}",
            current.version if current else 0,
            expected_version,
        )
        self._set("budgets", key, line)
