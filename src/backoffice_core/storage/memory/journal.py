"""The memory backend's journal: posted entries in typed columns, appended only.

A million entries as models would be millions of live objects that the garbage
collector keeps scanning (measured: 3.7 GiB). Here an entry is a row across a few
lists and arrays, and a line is four machine integers (account and currency as
interned symbol numbers, signed minor units and signed base units); memos, rates,
dimensions and tags are kept only for the lines that have them.

Entries are only ever appended, so a position is stable. Whoever reads gives the
count of entries and lines it may see (the committed count for every thread but the
writer's): appends beyond it, by a transaction not committed yet, stay invisible, and
a rollback cuts them off again.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime

from backoffice_core.errors import InvalidInputError
from backoffice_core.ledger.journal import LineValues, PostedEntry, is_closing
from backoffice_core.ledger.models import EntryKind

__all__ = ["Journal", "SumKey", "SumValue", "Sums"]

SumKey = tuple[str, str, bool]
"""Account, currency, and whether the lines are a year-end closing entry's."""
SumValue = tuple[int, int, int]
"""Signed minor units, signed base units, and how many lines."""
Sums = dict[SumKey, dict[int, SumValue]]
"""Movements by key and by day (date ordinal)."""

_EXTRA_NONE = (None, "", (), ())


class Journal:
    """One entity's posted entries and lines in columns."""

    def __init__(self) -> None:
        # entries
        self.ids: list[str] = []
        self.index: dict[str, int] = {}
        self.days = array("i")
        self.heads: list[tuple[str, str | None, str, EntryKind, datetime, str, str]] = []
        self.fingerprints = bytearray()
        self.odd_prints: dict[int, str] = {}
        self.first_line = array("q")
        self.reverses: dict[int, str] = {}
        self.reversed_by: dict[str, int] = {}
        # lines
        self.accounts = array("i")
        self.currencies = array("i")
        self.units = array("q")
        self.base_units = array("q")
        self.extras: dict[int, tuple[str | None, str, tuple[tuple[str, str], ...], tuple[str, ...]]]
        self.extras = {}
        self.by_account: dict[int, array[int]] = {}
        # interned account codes and currencies
        self.symbols: list[str] = []
        self.symbol_ids: dict[str, int] = {}

    def symbol(self, text: str) -> int:
        """Return the number of an account code or currency, assigning one if new."""
        number = self.symbol_ids.get(text)
        if number is None:
            number = self.symbol_ids[text] = len(self.symbols)
            self.symbols.append(text)
        return number

    # --- writing ----------------------------------------------------------------------
    def append(
        self, entries: Sequence[PostedEntry], own: Callable[[SumKey], dict[int, SumValue]]
    ) -> None:
        """Append validated entries and add their lines' movements to the writer's sums.

        ``own(key)`` returns the writer's own (copied) day totals of one key. On an
        amount beyond 64 bits nothing is appended.

        Raises:
            InvalidInputError: If an amount does not fit in 64 bits.
        """
        n_entries, n_lines = len(self.ids), len(self.units)
        try:
            self._append(entries)
        except OverflowError:
            self.truncate(n_entries, n_lines)
            raise InvalidInputError(
                "an amount of the posting does not fit in 64-bit minor units (about "
                "9.2 x 10^18): split it over several lines or entries"
            ) from None
        symbols = self.symbols
        for pos in range(n_entries, len(self.ids)):
            day = self.days[pos]
            closing = is_closing(self.heads[pos][3])
            for line in range(self.first_line[pos], self._end(pos)):
                key = (symbols[self.accounts[line]], symbols[self.currencies[line]], closing)
                days = own(key)
                amount, base, count = days.get(day, (0, 0, 0))
                days[day] = (amount + self.units[line], base + self.base_units[line], count + 1)

    def _append(self, entries: Sequence[PostedEntry]) -> None:
        symbol = self.symbol
        for entry in entries:
            pos = len(self.ids)
            self.ids.append(entry.id)
            self.index[entry.id] = pos
            self.days.append(entry.date.toordinal())
            self.heads.append(
                (
                    entry.description, entry.source, entry.memo, entry.kind, entry.posted_at,
                    entry.posted_by, entry.base_currency,
                )
            )  # fmt: skip
            self.fingerprints += self._digest(pos, entry.fingerprint)
            self.first_line.append(len(self.units))
            if entry.reverses is not None:
                self.reverses[pos] = entry.reverses
                self.reversed_by[entry.reverses] = pos
            for account, currency, units, base_units, rate, memo, dims, tags in entry.lines:
                line = len(self.units)
                self.units.append(units)
                self.base_units.append(base_units)
                number = symbol(account)
                self.accounts.append(number)
                self.currencies.append(symbol(currency))
                lines = self.by_account.get(number)
                if lines is None:
                    lines = self.by_account[number] = array("q")
                lines.append(line)
                if rate is not None or memo or dims or tags:
                    self.extras[line] = (rate, memo, dims, tags)

    def _digest(self, pos: int, fingerprint: str) -> bytes:
        # A SHA-256 in lower-case hex (what the ledger writes) is kept as its 32 bytes;
        # anything else as given, beside a placeholder.
        if len(fingerprint) == 64 and fingerprint == fingerprint.lower():
            try:
                return bytes.fromhex(fingerprint)
            except ValueError:
                pass
        self.odd_prints[pos] = fingerprint
        return bytes(32)

    def truncate(self, n_entries: int, n_lines: int) -> None:
        """Forget every entry from position ``n_entries`` and line from ``n_lines``."""
        for entry_id in self.ids[n_entries:]:
            self.index.pop(entry_id, None)
        for pos in [p for p in self.odd_prints if p >= n_entries]:
            del self.odd_prints[pos]
        for pos in [p for p in self.reverses if p >= n_entries]:
            self.reversed_by.pop(self.reverses.pop(pos), None)
        del self.ids[n_entries:], self.days[n_entries:], self.heads[n_entries:]
        del self.fingerprints[32 * n_entries :], self.first_line[n_entries:]
        for line in [n for n in self.extras if n >= n_lines]:
            del self.extras[line]
        for number in set(self.accounts[n_lines:]):
            lines = self.by_account[number]
            del lines[bisect_right(lines, n_lines - 1) :]
        del self.accounts[n_lines:], self.currencies[n_lines:]
        del self.units[n_lines:], self.base_units[n_lines:]

    # --- reading ----------------------------------------------------------------------
    def _end(self, pos: int) -> int:
        return self.first_line[pos + 1] if pos + 1 < len(self.first_line) else len(self.units)

    def line_range(self, pos: int) -> range:
        """Return the positions of the lines of the entry at ``pos``."""
        return range(self.first_line[pos], self._end(pos))

    def position(self, entry_id: str, visible: int) -> int | None:
        """Return the position of ``entry_id`` if it is among the first ``visible``."""
        pos = self.index.get(entry_id)
        return pos if pos is not None and pos < visible else None

    def fingerprint(self, pos: int) -> str:
        """Return the fingerprint of the entry at ``pos``."""
        odd = self.odd_prints.get(pos)
        if odd is not None:
            return odd
        return self.fingerprints[32 * pos : 32 * pos + 32].hex()

    def line(self, line: int) -> LineValues:
        """Return the line at position ``line`` in storage form."""
        rate, memo, dims, tags = self.extras.get(line, _EXTRA_NONE)
        return (
            self.symbols[self.accounts[line]], self.symbols[self.currencies[line]],
            self.units[line], self.base_units[line], rate, memo, dims, tags,
        )  # fmt: skip

    def entry(self, pos: int) -> PostedEntry:
        """Return the entry at ``pos`` in storage form."""
        description, source, memo, kind, posted_at, posted_by, base = self.heads[pos]
        lines = tuple(self.line(n) for n in range(self.first_line[pos], self._end(pos)))
        return PostedEntry(
            self.ids[pos], date.fromordinal(self.days[pos]), description, source, memo, kind,
            self.reverses.get(pos), posted_at, posted_by, self.fingerprint(pos), base, lines,
        )  # fmt: skip

    def entry_of_line(self, line: int) -> int:
        """Return the position of the entry that line ``line`` belongs to."""
        return bisect_right(self.first_line, line) - 1

    def account_lines(self, account: str, visible_lines: int) -> Iterator[int]:
        """Yield the positions of ``account``'s lines among the first ``visible_lines``."""
        number = self.symbol_ids.get(account)
        if number is None:
            return
        for line in self.by_account.get(number, ()):
            if line >= visible_lines:
                return
            yield line
