"""Period control: monthly periods open, closed or locked, and the year-end close.

:class:`PeriodControl` is the part of the ledger service that moves periods between
states (each move versioned and audited) and closes a fiscal year: income and
expense to retained earnings in one closing entry, then every month closed.
"""

from __future__ import annotations

from backoffice_core.context import Change
from backoffice_core.errors import ConflictError, StateError
from backoffice_core.ledger.books import Books
from backoffice_core.ledger.comparison import MonthLike, as_month
from backoffice_core.ledger.errors import UnknownAccountError
from backoffice_core.ledger.models import (
    AccountType,
    EntryDraft,
    EntryKind,
    JournalEntry,
    Line,
    PeriodStatus,
    Side,
)
from backoffice_core.ledger.posting import check_period_open, entry_change, prepare_entry
from backoffice_core.money import Money
from backoffice_core.periods import PeriodState

__all__ = ["PeriodControl"]


class PeriodControl(Books):
    """Periods and the year-end close (part of :class:`~backoffice_core.ledger.Ledger`)."""

    def period(self, month: MonthLike) -> PeriodStatus:
        """Return the state of a monthly period (open when never touched)."""
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

        Raises:
            UnknownAccountError: If ``retained_earnings`` is not an equity account.
            PeriodClosedError: If the year's last month is already closed.
        """
        year = self.calendar.fiscal_year(label)
        with self._uow.transaction():
            re_account = self.account(retained_earnings)
            if re_account.type is not AccountType.EQUITY:
                raise UnknownAccountError(
                    f"retained earnings account {retained_earnings!r} is a {re_account.type} "
                    "account; name an equity account"
                )
            check_period_open(year.last_day, self._store.get_periods(), f"year-end close {label}")
            chart = self._store.get_accounts()
            base = self.base_currency
            lines: list[Line] = []
            net = 0
            for row in self._store.balances(year.first_day, year.last_day, exclude_closing=True):
                account = chart.get(row.account)
                if account is None or not account.type.is_temporary or row.base == 0:
                    continue
                amount = Money.from_minor(abs(row.base), base)
                side = Side.CREDIT if row.base > 0 else Side.DEBIT
                lines.append(Line(account=row.account, side=side, amount=amount))
                net += row.base
            if net:
                amount = Money.from_minor(abs(net), base)
                side = Side.CREDIT if net < 0 else Side.DEBIT
                lines.insert(0, Line(account=retained_earnings, side=side, amount=amount))
            entry = None
            if lines:
                # Closing lines are in base currency, even on foreign-currency accounts.
                open_chart = {
                    c: a.model_copy(update={"currency": None, "active": True, "postable": True})
                    for c, a in chart.items()
                }
                draft = EntryDraft(
                    date=year.last_day,
                    description=f"Year-end close {label}",
                    lines=tuple(lines),
                    id=f"year-end-{label}",
                )
                entry = prepare_entry(
                    draft,
                    f"year-end-{label}",
                    open_chart,
                    self.settings,
                    self._store.get_periods(),
                    actor=self._context.actor,
                    now=self._context.clock(),
                    kind=EntryKind.CLOSING,
                )
                self._context.authorize("ledger.year.close", str(label))
                self._store.add_entries([entry])
                self._uow.record(entry_change(entry))
            for month in year.months():
                if self.period(month).state is PeriodState.OPEN:
                    self.close_period(month)
        if entry is None:
            raise ConflictError(f"fiscal year {label} has no income or expense to close")
        return entry
