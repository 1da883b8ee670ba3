"""Journal reads without lines: entry heads with their totals, and an account's days.

:meth:`JournalReads.entry_heads` returns each posted entry's head (id, date, period,
source, kind, who posted it and when) with its debit total in the base currency,
filtered by the store: one SQL query on SQL backends, so that checks over a large
journal (entries above a threshold without a source, postings after a close) never
build a model per line. :meth:`JournalReads.daily_activity` sums one account's
debits and credits by day, also in one query. Both are part of
:class:`~backoffice_core.ledger.Ledger`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

import attrs

from backoffice_core.errors import InvalidInputError
from backoffice_core.ledger.arguments import as_date
from backoffice_core.ledger.books import Books
from backoffice_core.ledger.comparison import DateLike
from backoffice_core.ledger.models import EntryKind
from backoffice_core.ledger.ports import HeadQuery
from backoffice_core.ledger.reports import descendants
from backoffice_core.money import Money
from backoffice_core.periods import Month

__all__ = ["DayActivity", "EntryHead", "JournalReads"]

_KINDS = {kind.value: kind for kind in EntryKind}
# Mapping is invariant in its key: a dict keyed by str alone must be accepted too.
_Cutoffs = Mapping[str, datetime] | Mapping[Month, datetime] | Mapping[str | Month, datetime]


@attrs.frozen
class EntryHead:
    """A posted entry without its lines, with its debit total in the base currency.

    Args:
        seq: The posting sequence (1, 2, 3… in posting order).
        id: The entry id.
        date: The accounting date.
        period: The month the entry falls in (``YYYY-MM``).
        description: The description.
        source: The source reference, or None.
        kind: Why the entry exists.
        reverses: The id of the entry it reverses, or None.
        posted_at: When it was posted.
        posted_by: Who posted it.
        total: The sum of its debits in the base currency (equal to its credits).
        lines: How many lines it has.
    """

    seq: int
    id: str
    date: date
    period: str
    description: str
    source: str | None
    kind: EntryKind
    reverses: str | None
    posted_at: datetime
    posted_by: str
    total: Money
    lines: int


@attrs.frozen
class DayActivity:
    """One day's debits and credits on an account, in the base currency.

    Args:
        date: The day.
        debit: The sum of the debit lines dated that day.
        credit: The sum of the credit lines dated that day (positive).
    """

    date: date
    debit: Money
    credit: Money


def _optional_date(value: DateLike | None, name: str) -> date | None:
    return None if value is None else as_date(value, name)


def _texts(values: Iterable[str] | None, name: str) -> tuple[str, ...] | None:
    if values is None:
        return None
    if isinstance(values, str):
        raise InvalidInputError(f"{name} {values!r} must be a list of strings, not one string")
    out = tuple(values)
    bad = [v for v in out if not isinstance(v, str)]
    if bad:
        raise InvalidInputError(f"{name} holds {bad[0]!r}, not a string")
    return out


class JournalReads(Books):
    """Line-free journal reads (part of :class:`~backoffice_core.ledger.Ledger`)."""

    def entry_heads(
        self,
        *,
        start: DateLike | None = None,
        end: DateLike | None = None,
        kinds: Iterable[EntryKind | str] | None = None,
        sourced: bool | None = None,
        sources: Iterable[str] | None = None,
        above: Money | None = None,
        posted_after: datetime | None = None,
        posted_after_by_month: _Cutoffs | None = None,
    ) -> list[EntryHead]:
        """Return the heads of posted entries with their debit totals, in posting order.

        The store filters and sums (one query on SQL backends), so only the heads
        that match are read: use this, not :meth:`entries`, to look over a large
        journal. Every filter given must hold.

        Args:
            start: Only entries dated on or after this day (a date or ISO string).
            end: Only entries dated on or before this day.
            kinds: Only entries of these kinds (``EntryKind`` or its value).
            sourced: True for entries that name a source, False for those that do not.
            sources: Only entries whose source is one of these.
            above: Only entries whose debit total is above this amount (base currency).
            posted_after: Only entries posted strictly after this aware instant.
            posted_after_by_month: Only entries dated in one of these months (``YYYY-MM``
                or :class:`~backoffice_core.periods.Month`) and posted strictly after
                that month's aware instant, such as when each month was closed: the
                postings into closed months, read in one query (an empty mapping
                matches nothing).

        Raises:
            InvalidInputError: If a date is not a date, a kind is unknown, ``above``
                is not Money in the base currency, ``sourced`` is not a bool or None,
                ``sources`` is not a list of strings, ``posted_after`` or an instant of
                ``posted_after_by_month`` is not an aware datetime, or a month of it is
                malformed or given twice.
        """
        kind_values = None
        if kinds is not None:
            kind_values = tuple(_kind(k) for k in _items(kinds))
        if sourced is not None and not isinstance(sourced, bool):
            raise InvalidInputError(f"sourced {sourced!r} must be True, False or None")
        units = None
        if above is not None:
            units = self._base_units(above, "above")
        if posted_after is not None:
            _aware(posted_after, "posted_after")
        cutoffs = None
        if posted_after_by_month is not None:
            cutoffs = _month_cutoffs(posted_after_by_month)
        query = HeadQuery(
            _optional_date(start, "start"),
            _optional_date(end, "end"),
            kind_values,
            sourced,
            _texts(sources, "sources"),
            units,
            posted_after,
            cutoffs,
        )
        base = self.base_currency
        # A journal holds few months and kinds: each is converted once, not per head.
        periods: dict[date, str] = {}
        out = []
        for r in self._store.entry_heads(query):
            period = periods.get(r.date)
            if period is None:
                period = periods[r.date] = str(Month.of(r.date))
            kind = _KINDS.get(r.kind) or EntryKind(r.kind)
            out.append(
                EntryHead(
                    r.seq, r.id, r.date, period, r.description, r.source, kind, r.reverses,
                    r.posted_at, r.posted_by, Money.from_minor(r.debit, base), r.lines,
                )
            )  # fmt: skip
        return out

    def daily_activity(
        self, account: str, start: DateLike | None, end: DateLike
    ) -> list[DayActivity]:
        """Return an account's debits and credits by day, sub-accounts included.

        Summed by the store (one query on SQL backends), in the base currency; days
        without lines are left out.

        Args:
            account: The account code.
            start: The first day (None: from the beginning of the books).
            end: The last day.

        Raises:
            UnknownAccountError: If the account is not in the chart.
            InvalidInputError: If a date is not a date.
        """
        self.account(account)
        codes = sorted(descendants(self._store.get_accounts(), account))
        first = _optional_date(start, "start")
        last = as_date(end, "end")
        base = self.base_currency
        return [
            DayActivity(
                date=r.date,
                debit=Money.from_minor(r.debit, base),
                credit=Money.from_minor(r.credit, base),
            )
            for r in self._store.account_days(codes, first, last)
        ]

    def _base_units(self, amount: Money, name: str) -> int:
        if not isinstance(amount, Money) or amount.currency != self.base_currency:
            raise InvalidInputError(
                f"{name} {amount!r} must be Money in the base currency {self.base_currency}"
            )
        return amount.to_minor()


def _aware(value: object, name: str) -> None:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise InvalidInputError(f"{name} {value!r} must be a timezone-aware datetime")


def _month_cutoffs(cutoffs: _Cutoffs) -> tuple[tuple[Month, datetime], ...]:
    if not isinstance(cutoffs, Mapping):
        raise InvalidInputError(
            f"posted_after_by_month {cutoffs!r} must map months to aware datetimes"
        )
    out: dict[Month, datetime] = {}
    for key, at in cutoffs.items():
        month = key if isinstance(key, Month) else Month.parse(key)
        _aware(at, f"posted_after_by_month[{key!r}]")
        if month in out:
            raise InvalidInputError(
                f"posted_after_by_month names month {month} twice ({key!r}): give it once"
            )
        out[month] = at
    return tuple(sorted(out.items(), key=lambda item: item[0]))


def _items(values: Iterable[EntryKind | str]) -> list[EntryKind | str]:
    if isinstance(values, str):
        return [values]
    return list(values)


def _kind(value: EntryKind | str) -> str:
    try:
        return EntryKind(value).value
    except ValueError:
        known = ", ".join(k.value for k in EntryKind)
        raise InvalidInputError(f"entry kind {value!r} is not one of {known}") from None
