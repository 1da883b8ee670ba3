"""Period control: monthly periods open, closed or locked, and the year-end close.

:class:`PeriodControl` is the part of the ledger service that moves periods between
states (each move versioned and audited) and closes a fiscal year: income and
expense to retained earnings in one closing entry, then every month closed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from backoffice_core.context import Change
from backoffice_core.errors import ConflictError, StateError
from backoffice_core.ledger.arguments import as_month, as_year
from backoffice_core.ledger.books import Books
from backoffice_core.ledger.comparison import MonthLike
from backoffice_core.ledger.errors import UnknownAccountError
from backoffice_core.ledger.journal import PostedEntry, journal_entry
from backoffice_core.ledger.models import (
    Account,
    AccountType,
    EntryDraft,
    EntryKind,
    JournalEntry,
    Line,
    PeriodStatus,
    Side,
)
from backoffice_core.ledger.posting import (
    MAX_LINE_UNITS,
    check_period_open,
    entry_change,
    prepare_entry,
)
from backoffice_core.money import Money
from backoffice_core.periods import PeriodState

__all__ = ["PeriodControl"]


class PeriodControl(Books):
    """Periods and the year-end close (part of :class:`~backoffice_core.ledger.Ledger`)."""

    def period(self, month: MonthLike) -> PeriodStatus:
        """Return the state of a monthly period (open when never touched).

        Raises:
            InvalidInputError: If ``month`` is not a month.
        """
        key = str(as_month(month))
        return self._store.get_periods().get(key) or PeriodStatus(month=key)

    def periods(self) -> list[PeriodStatus]:
        """Return every period that has been closed, locked or reopened."""
        return sorted(self._store.get_periods().values(), key=lambda p: p.month)

    def _move_period(
        self, month: MonthLike, allowed: set[PeriodState], target: PeriodState, verb: str
    ) -> PeriodStatus:
        done = {"close": "closed", "reopen": "reopened", "lock": "locked"}[verb]
        with self._uow.transaction():
            current = self.period(month)
            if current.state not in allowed:
                raise StateError(
                    f"period {current.month} is {current.state}; it can only be {done} from "
                    f"{' or '.join(sorted(allowed))}"
                )
            new = PeriodStatus(month=current.month, state=target, version=current.version + 1)
            self._context.authorize(f"ledger.period.{verb}", current.month)
            self._store.save_period(new, current.version)
            self._uow.record(
                Change(f"ledger.period.{done}", current.month, new.model_dump(mode="json"))
            )
        return new

    def close_period(self, month: MonthLike) -> PeriodStatus:
        """Close an open period: postings dated in it are refused until it is reopened.

        Raises:
            StateError: If the period is not open.
        """
        return self._move_period(month, {PeriodState.OPEN}, PeriodState.CLOSED, "close")

    def reopen_period(self, month: MonthLike) -> PeriodStatus:
        """Reopen a closed period (a locked one stays locked).

        Raises:
            StateError: If the period is not closed.
        """
        return self._move_period(month, {PeriodState.CLOSED}, PeriodState.OPEN, "reopen")

    def lock_period(self, month: MonthLike) -> PeriodStatus:
        """Lock a period for good (after the audit, or the tax return).

        Raises:
            StateError: If it is locked already.
        """
        return self._move_period(
            month, {PeriodState.OPEN, PeriodState.CLOSED}, PeriodState.LOCKED, "lock"
        )

    def close_year(self, label: int, retained_earnings: str) -> JournalEntry:
        """Close a fiscal year: income and expense to retained earnings, months closed.

        Posts one closing entry (id ``year-end-<label>``) on the year's last day that
        brings every income and expense account to zero in base currency against
        ``retained_earnings``, then closes every month of the year that is still open.
        An account's closing amount above :data:`MAX_LINE_UNITS` is spread over several
        lines, so a year can always be closed.

        Closing a year again after an adjustment (reopen its last month, post, close
        again) reverses the earlier closing entry (``reversal-of-<id>``, itself a closing
        entry) and posts a new one (``year-end-<label>-2``, ``-3``, …); both are kept and
        audited. When nothing changed, the earlier entry stays and is returned.

        Everything is checked before anything is written: a refused close writes nothing.

        Returns:
            The closing entry now in force (or, when the year no longer has income or
            expense to close, the reversal of the earlier closing entry).

        Raises:
            UnknownAccountError: If ``retained_earnings`` is not an equity account.
            PeriodClosedError: If the year's last month is closed or locked.
            ConflictError: If the year has no income or expense and was never closed.
            InvalidInputError: If ``label`` is not a year.
        """
        label = as_year(label)
        year = self.calendar.fiscal_year(label)
        with self._uow.transaction():
            re_account = self.account(retained_earnings)
            if re_account.type is not AccountType.EQUITY:
                raise UnknownAccountError(
                    f"retained earnings account {retained_earnings!r} is a {re_account.type} "
                    "account; name an equity account"
                )
            periods = self._store.get_periods()
            check_period_open(year.last_day, periods, f"year-end close {label}")
            chart = self._store.get_accounts()
            lines = self._closing_lines(year.first_day, year.last_day, chart, retained_earnings)
            active, new_id = self._closing_ids(label)
            if active is not None and _same_lines(active.lines, lines):
                to_post: list[PostedEntry] = []
            else:
                to_post = self._closing_entries(label, year.last_day, lines, active, new_id)
            if not to_post and active is None:
                raise ConflictError(
                    f"fiscal year {label} has no income or expense to close: nothing was "
                    "written; close its months with close_period() if that is what you want"
                )
            for _ in to_post:
                self._context.authorize("ledger.year.close", str(label))
            if to_post:
                self._store.add_entries(to_post)
            for entry in to_post:
                self._uow.record(entry_change(entry))
            for month in year.months():
                if self.period(month).state is PeriodState.OPEN:
                    self.close_period(month)
        if to_post:
            return journal_entry(to_post[-1])
        assert active is not None  # checked above
        return active

    def _closing_lines(
        self, first: date, last: date, chart: Mapping[str, Account], retained: str
    ) -> list[Line]:
        """Lines that bring every income and expense account of the year to zero."""
        base = self.base_currency
        lines: list[Line] = []
        net = 0
        for row in self._store.balances(first, last, exclude_closing=True):
            account = chart.get(row.account)
            if account is None or not account.type.is_temporary or row.base == 0:
                continue
            lines += _chunked(row.account, -row.base, base)
            net += row.base
        if net:
            lines[:0] = _chunked(retained, net, base)
        return lines

    def _closing_ids(self, label: int) -> tuple[JournalEntry | None, str]:
        """Return the closing entry in force for ``label`` (if any) and the next free id."""
        active = None
        number = 1
        while True:
            entry_id = f"year-end-{label}" if number == 1 else f"year-end-{label}-{number}"
            entry = self._store.get_entry(entry_id)
            if entry is None:
                return active, entry_id
            if entry.kind is EntryKind.CLOSING and self._store.find_reversal(entry_id) is None:
                active = entry
            number += 1

    def _closing_entries(
        self,
        label: int,
        last_day: date,
        lines: list[Line],
        active: JournalEntry | None,
        new_id: str,
    ) -> list[PostedEntry]:
        """Prepare the reversal of ``active`` (if any) and the new closing entry (if any)."""
        # Closing lines are in base currency, even on foreign-currency accounts.
        chart = {
            c: a.model_copy(update={"currency": None, "active": True, "postable": True})
            for c, a in self._store.get_accounts().items()
        }
        drafts: list[tuple[EntryDraft, str | None]] = []
        if active is not None:
            reversal_id = f"reversal-of-{active.id}"
            if self._store.get_fingerprints([reversal_id]):
                raise ConflictError(
                    f"cannot close fiscal year {label} again: id {reversal_id!r}, which the "
                    f"reversal of {active.id!r} needs, is taken by another entry"
                )
            flipped = tuple(
                ln.model_copy(update={"side": Side.CREDIT if ln.side is Side.DEBIT else Side.DEBIT})
                for ln in active.lines
            )
            drafts.append(
                (
                    EntryDraft(
                        date=active.date,
                        description=f"Reversal of {active.description}",
                        lines=flipped,
                        id=reversal_id,
                    ),
                    active.id,
                )
            )
        if lines:
            draft = EntryDraft(
                date=last_day, description=f"Year-end close {label}", lines=tuple(lines), id=new_id
            )
            drafts.append((draft, None))
        periods = self._store.get_periods()
        out = []
        for draft, reverses in drafts:
            assert draft.id is not None  # named above
            out.append(
                prepare_entry(
                    draft,
                    draft.id,
                    chart,
                    self.settings,
                    periods,
                    actor=self._context.actor,
                    now=self._context.clock(),
                    kind=EntryKind.CLOSING,
                    reverses=reverses,
                )
            )
        return out


def _chunked(account: str, units: int, currency: str) -> list[Line]:
    """Lines on ``account`` worth ``units`` (debit when positive), none above the cap."""
    side = Side.DEBIT if units > 0 else Side.CREDIT
    left = abs(units)
    out = []
    while left:
        part = min(left, MAX_LINE_UNITS)
        out.append(Line(account=account, side=side, amount=Money.from_minor(part, currency)))
        left -= part
    return out


def _same_lines(posted: Sequence[Line], lines: Sequence[Line]) -> bool:
    """Return True if two sets of closing lines move the same amounts."""

    def key(items: Sequence[Line]) -> list[tuple[str, str, int]]:
        return sorted((ln.account, ln.side.value, ln.amount.to_minor()) for ln in items)

    return key(posted) == key(lines)
