"""The ledger store over SQL: :class:`SQLLedgerStore`, shared by SQLite and PostgreSQL.

It implements :class:`~backoffice_core.ledger.ports.LedgerStore` with portable SQL and
returns exactly what the in-memory store returns. Every statement is filtered by the
store's entity. Lines carry their entry's date, posting sequence and closing flag, so
each aggregate (balances, cash flows, an account's lines) is one query over ``lines``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING, Any

from backoffice_core.errors import StorageError
from backoffice_core.ledger.approvals import APPROVAL_POLICY, POLICY_KEY
from backoffice_core.ledger.journal import PostedEntry
from backoffice_core.ledger.models import (
    Account,
    BalanceRow,
    BudgetLine,
    DimensionBalanceRow,
    EntryAccountRow,
    JournalEntry,
    LedgerSettings,
    Line,
    LineRow,
    PeriodStatus,
    Side,
)
from backoffice_core.ledger.ports import DayRow, HeadQuery, HeadRow, PostingLookup, StoredEntry
from backoffice_core.money import Money
from backoffice_core.periods import PeriodState
from backoffice_core.records import Kind
from backoffice_core.storage.base import stale_version
from backoffice_core.storage.sql.audit import HEAD, cache_head
from backoffice_core.storage.sql.heads import DEBIT, head_rows, head_sql
from backoffice_core.storage.sql.rows import (
    ACCOUNT_COLUMNS,
    ENTRY_COLUMNS,
    LINE_COLUMNS,
    LINE_READ_COLUMNS,
    account_from_row,
    account_values,
    entry_from_row,
    entry_rows,
    line_from_row,
)
from backoffice_core.storage.sql.stream import STREAM_ENTRY_COLUMNS as _STREAM_ENTRY
from backoffice_core.storage.sql.stream import STREAM_LINE_COLUMNS as _STREAM_LINE
from backoffice_core.storage.sql.stream import stream_page

if TYPE_CHECKING:
    from backoffice_core.storage.sql.backend import Session, SQLBackend

__all__ = ["SQLLedgerStore"]

_CHUNK = 500  # ids per IN (...) list and entries per page: well under every driver limit
_MONTHS = 100  # month cutoffs per head query (three parameters each)
_STREAM_PAGE = 5000  # entries per page when streaming the journal for verification


# SQLite's SUM raises this on a 64-bit overflow (PostgreSQL sums bigint into numeric).
_OVERFLOW = "integer overflow"
_INT64 = 2**63


def _split_sum(column: str) -> str:
    """Select ``SUM(column)`` as two sums that cannot overflow a 64-bit integer.

    A line carries up to 10**17 minor units, so a hundred large lines on one
    account overflow SQLite's 64-bit SUM. When that happens the aggregate is asked
    again with each amount split into ``(amount >> 30) * 2**30 + (amount & (2**30 - 1))``
    (an arithmetic shift and a non-negative low part, exact for negative amounts too);
    each part's sum fits for billions of lines, and :func:`_joined` adds them in
    Python, exactly. The usual query stays the plain SUM, as fast as before.
    """
    return ", ".join(_split_parts(column))


def _split_parts(column: str) -> list[str]:
    """The two sums of :func:`_split_sum`, each a SELECT expression."""
    return [f"SUM({column} >> 30)", f"SUM({column} & 1073741823)"]


def _joined(high: Any, low: Any) -> int:
    return int(high) * 1073741824 + int(low)


_PERIODS = "SELECT month, state, version FROM periods WHERE entity = ?"
_KIND = "SELECT 1 FROM record_kinds WHERE name = ?"
# The records a posting asks about (is there an approval policy?), by kind and key.
_WATCHED: tuple[tuple[Kind[Any], str], ...] = ((APPROVAL_POLICY, POLICY_KEY),)


def _record_query(kind: Kind[Any]) -> str:
    return f"SELECT 1 FROM {kind.table} WHERE entity = ? AND record_key = ?"


_TOP = "SELECT COALESCE(MAX(seq), 0) FROM entries WHERE entity = ?"


def _period_map(rows: Iterable[tuple[Any, ...]]) -> dict[str, PeriodStatus]:
    return {m: PeriodStatus(month=m, state=PeriodState(s), version=v) for m, s, v in sorted(rows)}


def _range(
    start: date | None, end: date, store: SQLLedgerStore, column: str = "entry_date"
) -> tuple[str, list[Any]]:
    d = store.dialect
    if start is None:
        return f"{column} <= ?", [d.date_in(end)]
    return f"{column} >= ? AND {column} <= ?", [d.date_in(start), d.date_in(end)]


class SQLLedgerStore:
    """One entity's ledger in a SQL database (see ``LedgerStore``).

    Args:
        backend: The SQL backend whose sessions and transaction it uses.
        entity: The legal entity every statement is filtered by.
    """

    def __init__(self, backend: SQLBackend, entity: str) -> None:
        self._backend = backend
        self.entity = entity
        self.dialect = backend.dialect
        self._kinds_seen: set[str] = set()  # kinds whose table exists (they stay)
        self._answers: dict[tuple[str, str], bool] = {}

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._backend.session(self.entity) as session:
            return session.query(sql, (self.entity, *params))

    def _write(self) -> AbstractContextManager[Session]:
        return self._backend.session(self.entity, write=True)

    # settings ---------------------------------------------------------------------------
    def get_settings(self) -> LedgerSettings | None:
        """Return the entity's ledger settings, or None for new books."""
        rows = self._query(
            "SELECT base_currency, fiscal_year_start FROM ledger_settings WHERE entity = ?"
        )
        if not rows:
            return None
        return LedgerSettings(base_currency=rows[0][0], fiscal_year_start=rows[0][1])

    def put_settings(self, settings: LedgerSettings) -> None:
        """Save the entity's ledger settings."""
        cols = ("entity", "base_currency", "fiscal_year_start")
        with self._write() as session:
            session.execute(
                self.dialect.upsert("ledger_settings", cols, ("entity",)),
                (self.entity, settings.base_currency, settings.fiscal_year_start),
            )

    # accounts ---------------------------------------------------------------------------
    def get_accounts(self, codes: Iterable[str] | None = None) -> dict[str, Account]:
        """Return accounts by code: the given codes that exist (in that order), or all."""
        select = f"SELECT {', '.join(ACCOUNT_COLUMNS)}, version FROM accounts WHERE entity = ?"
        if codes is None:
            found = {r[0]: account_from_row(r) for r in self._query(select)}
            return dict(sorted(found.items()))
        wanted = list(dict.fromkeys(codes))
        found = {}
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i : i + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            for row in self._query(f"{select} AND code IN ({marks})", chunk):
                found[row[0]] = account_from_row(row)
        return {c: found[c] for c in wanted if c in found}

    def add_accounts(self, accounts: Sequence[Account]) -> None:
        """Insert new accounts."""
        rows = [(self.entity, a.code, *account_values(a)) for a in accounts]
        conflict = "an account code was added concurrently: read the chart again and retry"
        with self._write() as session:
            session.bulk_insert(
                "accounts", ("entity", *ACCOUNT_COLUMNS, "version"), rows, conflict=conflict
            )

    def update_account(self, account: Account, expected_version: int) -> None:
        """Replace an account whose stored version is ``expected_version``."""
        sets = ", ".join(f"{c} = ?" for c in (*ACCOUNT_COLUMNS[1:], "version"))
        with self._write() as session:
            changed = session.execute(
                f"UPDATE accounts SET {sets} WHERE entity = ? AND code = ? AND version = ?",
                (*account_values(account), self.entity, account.code, expected_version),
            )
        if changed != 1:
            raise stale_version(f"account {account.code!r}", expected_version)

    # journal ----------------------------------------------------------------------------
    def get_entry(self, entry_id: str) -> JournalEntry | None:
        """Return the posted entry with this id, or None."""
        entries = self._entries("AND id = ?", [entry_id])
        return entries[0] if entries else None

    def _entries(self, where: str, params: list[Any]) -> list[JournalEntry]:
        heads = self._query(
            f"SELECT {', '.join(ENTRY_COLUMNS[1:])} FROM entries WHERE entity = ? {where} "
            "ORDER BY seq",
            params,
        )
        if not heads:
            return []
        lines: dict[int, list[Line]] = {int(h[1]): [] for h in heads}
        rows = self._query(
            f"SELECT {', '.join(LINE_READ_COLUMNS)} FROM lines WHERE entity = ? "
            "AND entry_seq >= ? AND entry_seq <= ? ORDER BY entry_seq, line_no",
            [heads[0][1], heads[-1][1]],
        )
        for row in rows:
            if int(row[0]) in lines:
                lines[int(row[0])].append(line_from_row(row))
        return [entry_from_row(self.dialect, h, lines[int(h[1])]) for h in heads]

    def get_fingerprints(self, entry_ids: Sequence[str]) -> dict[str, str]:
        """Return the content fingerprints of those ids that are already posted."""
        found: dict[str, str] = {}
        ids = list(dict.fromkeys(entry_ids))
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            sql = f"SELECT id, fingerprint FROM entries WHERE entity = ? AND id IN ({marks})"
            found.update(self._query(sql, chunk))
        return {i: found[i] for i in entry_ids if i in found}

    def posting_lookup(self, codes: Iterable[str], entry_ids: Sequence[str]) -> PostingLookup:
        """Return the accounts, periods and fingerprints a posting is validated against.

        A small posting's three reads go in one batch (one round trip on PostgreSQL,
        together with the entity's lock); a large one's id and code lists are read in
        chunks after it.
        """
        wanted = list(dict.fromkeys(codes))
        ids = list(dict.fromkeys(entry_ids))
        self._answers.clear()  # an answer is only good for the posting that asked
        if len(wanted) > _CHUNK or len(ids) > _CHUNK:
            return PostingLookup(
                self.get_accounts(wanted), self.get_periods(), self.get_fingerprints(ids)
            )
        select = f"SELECT {', '.join(ACCOUNT_COLUMNS)}, version FROM accounts WHERE entity = ?"
        statements: list[tuple[str, Sequence[Any]]] = [
            (_PERIODS, (self.entity,)),
            (f"{select} AND code IN ({', '.join('?' * len(wanted))})", (self.entity, *wanted)),
            (
                "SELECT id, fingerprint FROM entries WHERE entity = ? "
                f"AND id IN ({', '.join('?' * len(ids))})",
                (self.entity, *ids),
            ),
        ]
        if not wanted:
            statements[1] = (f"{select} AND 1 = 0", (self.entity,))
        if not ids:
            statements[2] = ("SELECT id, fingerprint FROM entries WHERE 1 = 0", ())
        writing = self._backend.in_transaction
        if writing:
            statements += [(_TOP, (self.entity,)), (HEAD, (self.entity,))]
        # Whether this entity has an approval policy is asked in the same round trip
        # (the posting asks next, through has_record): the record itself once its
        # table is known to exist, else whether the table exists at all.
        for kind, key in _WATCHED:
            if kind.name in self._kinds_seen:
                statements.append((_record_query(kind), (self.entity, key)))
            else:
                statements.append((_KIND, (kind.name,)))
        with self._backend.session(self.entity) as session:
            periods, accounts, posted, *tail = session.query_many(statements)
        for (kind, key), rows in zip(_WATCHED, tail[len(tail) - len(_WATCHED) :], strict=True):
            if kind.name in self._kinds_seen:
                self._answers[(kind.name, key)] = bool(rows)
            elif not rows:
                self._answers[(kind.name, key)] = False
        if writing:
            # The transaction holds the entity's lock from this read on (see
            # add_entries), so what the posting and its audit record need next stays true.
            self._backend.tx_cache[(_TOP, self.entity)] = int(tail[0][0][0])
            cache_head(self._backend, self.entity, tail[1])
        found = {row[0]: account_from_row(row) for row in accounts}
        prints = dict(posted)
        return PostingLookup(
            {c: found[c] for c in wanted if c in found},
            _period_map(periods),
            {i: prints[i] for i in ids if i in prints},
        )

    def add_entries(self, entries: Sequence[PostedEntry]) -> None:
        """Append new entries and their lines, in one bulk load per table."""
        if not entries:
            return
        entity = self.entity
        cache = self._backend.tx_cache
        with self._write() as session:
            # The transaction holds the entity's write lock, so MAX(seq) cannot move
            # under us: posting order is gapless and commit-ordered. That also keeps
            # the value read by posting_lookup (or here) true until commit.
            top = cache.get((_TOP, entity))
            if not isinstance(top, int):
                top = int(session.query(_TOP, (entity,))[0][0])
            heads, lines = entry_rows(self.dialect, entity, top + 1, entries)
            conflict = "an entry id was posted concurrently: read it again and retry"
            session.insert_many(
                [("entries", ENTRY_COLUMNS, heads), ("lines", LINE_COLUMNS, lines)],
                conflict=conflict,
            )
        cache[(_TOP, entity)] = top + len(entries)

    def iter_stored_entries(self, after_seq: int = 0) -> Iterator[StoredEntry]:
        """Stream entries after ``after_seq`` in posting order, a page per two queries.

        Each page reads up to ``_STREAM_PAGE`` entry rows and the line rows of their
        posting sequences, including lines whose entry row is missing (the last page
        reads every line after the last entry), so memory stays bounded.
        """
        select = f"SELECT {', '.join(_STREAM_ENTRY)} FROM entries WHERE entity = ? AND seq > ?"
        lines = f"SELECT {', '.join(_STREAM_LINE)} FROM lines WHERE entity = ? AND entry_seq > ?"
        after = after_seq
        while True:
            heads = self._query(f"{select} ORDER BY seq LIMIT {_STREAM_PAGE}", [after])
            if len(heads) == _STREAM_PAGE:
                top = int(heads[-1][0])
                rows = self._query(
                    f"{lines} AND entry_seq <= ? ORDER BY entry_seq, line_no", [after, top]
                )
                yield from stream_page(self.dialect, heads, rows)
                after = top
                continue
            rows = self._query(f"{lines} ORDER BY entry_seq, line_no", [after])
            top = int(heads[-1][0]) if heads else after
            if rows and int(rows[-1][0]) > top:
                # Lines beyond the last entry read: an entry committed in between, or
                # lines without an entry. Read the entries again up to those lines.
                heads += self._query(f"{select} AND seq <= ? ORDER BY seq", [top, int(rows[-1][0])])
            yield from stream_page(self.dialect, heads, rows)
            return

    def find_reversal(self, entry_id: str) -> str | None:
        """Return the id of the entry that reverses ``entry_id``, if any."""
        rows = self._query(
            "SELECT id FROM entries WHERE entity = ? AND reverses = ? ORDER BY seq DESC LIMIT 1",
            [entry_id],
        )
        return str(rows[0][0]) if rows else None

    def iter_entries(self) -> Iterator[JournalEntry]:
        """Yield every posted entry in posting order, a page of entries per query."""
        after = 0
        while True:
            page = self._entries("AND seq > ? AND seq <= ?", [after, after + _CHUNK])
            if not page:
                (top,) = self._query("SELECT COALESCE(MAX(seq), 0) FROM entries WHERE entity = ?")
                if int(top[0]) <= after:
                    return
            yield from page
            after += _CHUNK

    def entry_heads(self, query: HeadQuery) -> list[HeadRow]:
        """Return the heads matching ``query`` with their debit totals (one query).

        The query reads the entries first, or the lines first when it keeps only
        totals above an amount (see :mod:`backoffice_core.storage.sql.heads`).
        """
        if query.sources is not None and len(query.sources) > _CHUNK:
            sources = list(dict.fromkeys(query.sources))
            parts = [
                self.entry_heads(query._replace(sources=tuple(sources[i : i + _CHUNK])))
                for i in range(0, len(sources), _CHUNK)
            ]
            return sorted((row for part in parts for row in part), key=lambda r: r.seq)
        cutoffs = query.month_cutoffs
        if cutoffs is not None and len(cutoffs) > _MONTHS:
            parts = [
                self.entry_heads(query._replace(month_cutoffs=cutoffs[i : i + _MONTHS]))
                for i in range(0, len(cutoffs), _MONTHS)
            ]
            return sorted((row for part in parts for row in part), key=lambda r: r.seq)
        d = self.dialect
        # An amount beyond a 64-bit integer is no SQLite parameter: compare it in Python.
        having = query.above is None or abs(query.above) < _INT64
        try:
            rows = self._query(*head_sql(query, d, self.entity, [f"SUM({DEBIT})"], having=having))
        except StorageError as exc:
            if _OVERFLOW not in str(exc):
                raise
            sql, params = head_sql(query, d, self.entity, _split_parts(DEBIT), having=False)
            rows = [(*r[:9], _joined(r[9], r[10]), r[11]) for r in self._query(sql, params)]
            having = False
        if not having and query.above is not None:
            rows = [r for r in rows if int(r[9]) > query.above]
        return head_rows(d, rows)

    def has_record(self, kind: Kind[Any], key: str) -> bool:
        """Return whether the entity holds record ``key`` of ``kind``, creating nothing.

        Without the kind's table (the registry of record kinds does not hold it) the
        answer is no; the posting lookup just before may have answered already.
        """
        found = self._answers.pop((kind.name, key), None)
        if found is not None:
            return found
        with self._backend.session(self.entity) as session:
            if kind.name not in self._kinds_seen:
                if not session.query(_KIND, (kind.name,)):
                    return False
                self._kinds_seen.add(kind.name)  # tables are never dropped
            return bool(session.query(_record_query(kind), (self.entity, key)))

    # periods ----------------------------------------------------------------------------
    def get_periods(self) -> dict[str, PeriodStatus]:
        """Return every period that has a stored status, keyed by ``YYYY-MM``."""
        return _period_map(self._query(_PERIODS))

    def _versioned(
        self,
        table: str,
        cols: tuple[str, ...],
        key: tuple[str, ...],
        values: tuple[Any, ...],
        expected: int,
        what: str,
    ) -> None:
        # Version 0 means "not stored yet": insert, or overwrite a row still at version 0
        # (as the memory store does); otherwise update only the row at that version.
        if expected == 0:
            sql = self.dialect.upsert(table, cols, key, where=f"{table}.version = 0")
            params: tuple[Any, ...] = values
        else:
            sets = ", ".join(f"{c} = ?" for c in cols if c not in key)
            cond = " AND ".join(f"{c} = ?" for c in key)
            sql = f"UPDATE {table} SET {sets} WHERE {cond} AND version = ?"
            keyed = dict(zip(cols, values, strict=True))
            params = (
                *(v for c, v in keyed.items() if c not in key),
                *(keyed[c] for c in key),
                expected,
            )
        with self._write() as session:
            changed = session.execute(sql, params)
        if changed != 1:
            raise stale_version(what, expected)

    def save_period(self, status: PeriodStatus, expected_version: int) -> None:
        """Store a period status if the stored version is ``expected_version``."""
        self._versioned(
            "periods",
            ("entity", "month", "state", "version"),
            ("entity", "month"),
            (self.entity, status.month, status.state.value, status.version),
            expected_version,
            f"period {status.month}",
        )

    # aggregates -------------------------------------------------------------------------
    def balances(
        self, start: date | None, end: date, *, exclude_closing: bool = False
    ) -> list[BalanceRow]:
        """Sum lines dated ``start``..``end`` by account and currency (one query)."""
        where, params = _range(start, end, self)
        if exclude_closing:
            where += " AND NOT closing"
        sql = (
            "SELECT account, currency, {} FROM lines WHERE entity = ? AND {} "
            "GROUP BY account, currency"
        )
        try:
            rows = self._query(sql.format("SUM(amount), SUM(base)", where), params)
        except StorageError as exc:
            if _OVERFLOW not in str(exc):
                raise
            sums = f"{_split_sum('amount')}, {_split_sum('base')}"
            rows = [
                (a, c, _joined(sh, sl), _joined(bh, bl))
                for a, c, sh, sl, bh, bl in self._query(sql.format(sums, where), params)
            ]
        return [
            BalanceRow(account=a, currency=c, amount=int(s), base=int(b))
            for a, c, s, b in sorted(rows, key=lambda r: (r[0], r[1]))
        ]

    def cash_entry_lines(
        self, cash_accounts: Sequence[str], start: date, end: date
    ) -> list[EntryAccountRow]:
        """Sum the lines of entries that touch a cash account, by entry and account."""
        cash = list(dict.fromkeys(cash_accounts))
        if not cash:
            return []
        where, params = _range(start, end, self)
        marks = ", ".join("?" * len(cash))
        rows = self._query(
            f"SELECT entry_id, account, {_split_sum('base')} FROM lines WHERE entity = ? "
            f"AND {where} AND NOT closing AND entry_seq IN (SELECT entry_seq FROM lines "
            f"WHERE entity = ? AND {where} AND account IN ({marks})) "
            "GROUP BY entry_id, account ORDER BY MIN(entry_seq), account",
            [*params, self.entity, *params, *cash],
        )
        return [EntryAccountRow(entry_id=e, account=a, base=_joined(h, lo)) for e, a, h, lo in rows]

    def dimension_balances(
        self, start: date | None, end: date, *, exclude_closing: bool = False
    ) -> list[DimensionBalanceRow]:
        """Sum lines by account and dimension mapping (one query, grouped by the JSON)."""
        where, params = _range(start, end, self)
        if exclude_closing:
            where += " AND NOT closing"
        rows = self._query(
            f"SELECT account, dimensions, {_split_sum('base')} FROM lines "
            f"WHERE entity = ? AND {where} GROUP BY account, dimensions",
            params,
        )
        # The same mapping may be stored as JSON with its keys in another order.
        sums: dict[tuple[str, tuple[tuple[str, str], ...]], int] = {}
        for account, text, high, low in rows:
            key = (account, tuple(sorted(json.loads(text or "{}").items())))
            sums[key] = sums.get(key, 0) + _joined(high, low)
        return [
            DimensionBalanceRow(account=a, dimensions=dict(d), base=v)
            for (a, d), v in sorted(sums.items())
        ]

    def account_lines(self, account: str, start: date | None, end: date) -> list[LineRow]:
        """Return the lines of one account dated ``start``..``end``, in date order."""
        where, params = _range(start, end, self, "l.entry_date")
        rows = self._query(
            "SELECT l.entry_id, l.entry_date, e.description, l.currency, l.amount, "
            "l.base_currency, l.base, l.side, l.memo FROM lines l JOIN entries e "
            "ON e.entity = l.entity AND e.seq = l.entry_seq "
            f"WHERE l.entity = ? AND l.account = ? AND {where} "
            "ORDER BY l.entry_date, l.entry_seq, l.line_no",
            [account, *params],
        )
        out = []
        for eid, day, description, cur, amount, base_cur, base, side, memo in rows:
            sign = 1 if side == Side.DEBIT.value else -1
            out.append(
                LineRow(
                    entry_id=eid,
                    date=self.dialect.date_out(day),
                    description=description,
                    account=account,
                    amount=Money.from_minor(sign * int(amount), cur),
                    base_amount=Money.from_minor(sign * int(base), base_cur),
                    side=Side(side),
                    memo=memo,
                )
            )
        return out

    def account_days(self, codes: Sequence[str], start: date | None, end: date) -> list[DayRow]:
        """Sum the debits and credits of lines on ``codes`` by day (one query)."""
        wanted = list(dict.fromkeys(codes))
        if not wanted:
            return []
        where, params = _range(start, end, self)
        marks = ", ".join("?" * len(wanted))
        debit = "CASE WHEN base > 0 THEN base ELSE 0 END"
        credit = "CASE WHEN base < 0 THEN -base ELSE 0 END"
        sql = (
            "SELECT entry_date, {} FROM lines WHERE entity = ? "
            f"AND account IN ({marks}) AND {where} GROUP BY entry_date ORDER BY entry_date"
        )
        try:
            rows = self._query(sql.format(f"SUM({debit}), SUM({credit})"), [*wanted, *params])
        except StorageError as exc:
            if _OVERFLOW not in str(exc):
                raise
            split = self._query(
                sql.format(f"{_split_sum(debit)}, {_split_sum(credit)}"), [*wanted, *params]
            )
            rows = [(day, _joined(a, b), _joined(c, e)) for day, a, b, c, e in split]
        return [DayRow(self.dialect.date_out(day), int(dr), int(cr)) for day, dr, cr in rows]

    # budgets ----------------------------------------------------------------------------
    def get_budgets(self, start_month: str, end_month: str) -> list[BudgetLine]:
        """Return the budget lines of months ``start_month``..``end_month`` inclusive."""
        rows = self._query(
            "SELECT account, month, currency, amount, version FROM budgets "
            "WHERE entity = ? AND month >= ? AND month <= ?",
            [start_month, end_month],
        )
        return [
            BudgetLine(account=a, month=m, amount=Money.from_minor(int(v), c), version=ver)
            for a, m, c, v, ver in sorted(rows, key=lambda r: (r[0], r[1]))
        ]

    def save_budget(self, line: BudgetLine, expected_version: int) -> None:
        """Store a budget line if the stored version is ``expected_version`` (0: new)."""
        self._versioned(
            "budgets",
            ("entity", "account", "month", "currency", "amount", "version"),
            ("entity", "account", "month"),
            (
                self.entity,
                line.account,
                line.month,
                line.amount.currency,
                line.amount.to_minor(),
                line.version,
            ),
            expected_version,
            f"budget {line.account} {line.month}",
        )
