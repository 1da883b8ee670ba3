"""The ledger service: chart, posting, reversal, periods, budgets and reports.

:class:`Ledger` is the hub every money movement goes through. It validates before it
writes (see :mod:`~backoffice_core.ledger.posting`), writes through its
:class:`~backoffice_core.ledger.ports.LedgerStore` inside the unit of work, and
records each state change there so that the audit trail follows every write.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date

import attrs

from backoffice_core.context import Change, Context, UnitOfWork
from backoffice_core.errors import (
    ConflictError,
    DuplicateIdError,
    InvalidInputError,
    StateError,
)
from backoffice_core.ids import new_id
from backoffice_core.ledger import reports
from backoffice_core.ledger.errors import UnknownAccountError, UnknownEntryError
from backoffice_core.ledger.models import (
    Account,
    AccountType,
    BudgetLine,
    EntryDraft,
    EntryKind,
    JournalEntry,
    LedgerSettings,
    Line,
    PeriodStatus,
    ReversalDate,
    Side,
)
from backoffice_core.ledger.ports import LedgerStore
from backoffice_core.ledger.posting import check_period_open, paused_gc, prepare_entry
from backoffice_core.money import Money
from backoffice_core.periods import FiscalCalendar, Month, PeriodState

__all__ = ["Ledger", "PostingSummary"]


@attrs.frozen
class PostingSummary:
    """What :meth:`Ledger.post_many` did.

    Args:
        posted: How many new entries were written.
        already_posted: How many drafts matched an entry already posted (no-ops).
        lines: How many lines the new entries have.
    """

    posted: int
    already_posted: int
    lines: int


def _entry_change(entry: JournalEntry) -> Change:
    action = "ledger.entry.reversed" if entry.kind is EntryKind.REVERSAL else "ledger.entry.posted"
    if entry.kind is EntryKind.CLOSING:
        action = "ledger.year.closed"
    return Change(action, entry.id, {"id": entry.id, "fingerprint": entry.fingerprint})


def _already_posted(entry: JournalEntry, posted: dict[str, str]) -> bool:
    """Return True if ``entry``'s id is posted with the same content (a no-op replay).

    Raises:
        DuplicateIdError: If the id is posted with other content.
    """
    if entry.id not in posted:
        return False
    if posted[entry.id] != entry.fingerprint:
        raise DuplicateIdError(
            f"entry id {entry.id!r} is already posted with other content; use a new id, "
            "or reverse the posted entry and post a correction"
        )
    return True


def _posting_change(entries: Sequence[JournalEntry]) -> Change:
    """One audit change for one entry, or for a whole batch of a bulk posting.

    A batch is audited as one record whose state lists every id with its content
    fingerprint, so the chain still pins each entry's content while a bulk load of
    100,000 entries costs one link instead of 100,000.
    """
    if len(entries) == 1:
        return _entry_change(entries[0])
    listing = "\n".join(f"{e.id} {e.fingerprint}" for e in entries)
    state = {
        "count": len(entries),
        "first": entries[0].id,
        "last": entries[-1].id,
        "entries_sha256": hashlib.sha256(listing.encode()).hexdigest(),
    }
    return Change("ledger.entries.posted", f"{entries[0].id}..{entries[-1].id}", state)


@attrs.define
class Ledger:
    """One entity's double-entry ledger.

    Args:
        context: Entity, actor, authorizer and clock.
        store: The entity's ledger store.
        uow: The unit of work the writes happen in.
        settings: Base currency and fiscal-year start of new books; None keeps the
            stored ones (IDR, January for new books).

    Raises:
        ConflictError: If ``settings`` differ from those the books were opened with.
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

    # --- chart of accounts ------------------------------------------------------------
    def load_chart(self, accounts: Iterable[Account]) -> int:
        """Add every account of a chart that is not in the books yet.

        Accounts already present with the same definition are skipped, so loading
        a template twice is harmless.

        Returns:
            How many accounts were added.

        Raises:
            DuplicateIdError: If a code exists with a different definition (change
                it with :meth:`update_account`), or appears twice in ``accounts``.
            UnknownAccountError: If a parent code is in neither the chart nor the books.
        """
        accounts = list(accounts)
        seen: dict[str, Account] = {}
        for account in accounts:
            if account.code in seen:
                raise DuplicateIdError(f"account code {account.code!r} appears twice in the chart")
            seen[account.code] = account
        with self._uow.transaction():
            existing = self._store.get_accounts(seen)
            new = []
            for account in accounts:
                current = existing.get(account.code)
                if current is None:
                    new.append(account.model_copy(update={"version": 1}))
                elif not current.same_definition(account):
                    raise DuplicateIdError(
                        f"account {account.code!r} exists as {current.name!r} with another "
                        "definition; change it with ledger.update_account()"
                    )
            missing_parents = {
                a.parent
                for a in new
                if a.parent and a.parent not in seen and a.parent not in existing
            }
            if missing_parents:
                known = self._store.get_accounts(missing_parents)
                unknown = sorted(p for p in missing_parents if p not in known)
                if unknown:
                    raise UnknownAccountError(
                        f"parent account(s) {', '.join(unknown)} are not in the chart; "
                        "add the parents first"
                    )
            for account in new:
                self._context.authorize("ledger.account.add", account.code)
            self._store.add_accounts(new)
            for account in new:
                self._uow.record(
                    Change("ledger.account.added", account.code, account.model_dump(mode="json"))
                )
        return len(new)

    def add_account(self, account: Account) -> Account:
        """Add one account to the chart.

        Raises:
            DuplicateIdError: If the code is taken by another definition.
        """
        self.load_chart([account])
        return self.account(account.code)

    def update_account(
        self, code: str, *, expected_version: int | None = None, **changes: object
    ) -> Account:
        """Change an account's name, parent, active flag, cash flag or activity.

        Args:
            code: The account to change.
            expected_version: The version the caller read; a stale one raises
                ConcurrencyError. When omitted, the current version is used.
            **changes: New values for ``name``, ``parent``, ``active``, ``cash``,
                ``activity`` or ``currency``.

        Raises:
            InvalidInputError: If a field cannot be changed (code, type).
            ConcurrencyError: If the account changed since ``expected_version``.
        """
        allowed = {"name", "parent", "active", "cash", "activity", "currency"}
        if not set(changes) <= allowed:
            raise InvalidInputError(
                f"cannot change {sorted(set(changes) - allowed)} of account {code!r}: "
                f"only {sorted(allowed)} may change; add a new account instead"
            )
        with self._uow.transaction():
            current = self.account(code)
            version = current.version if expected_version is None else expected_version
            data = current.model_dump() | changes | {"version": version + 1}
            updated = Account.model_validate(data)
            self._context.authorize("ledger.account.update", code)
            self._store.update_account(updated, version)
            self._uow.record(
                Change("ledger.account.updated", code, updated.model_dump(mode="json"))
            )
        return updated

    def account(self, code: str) -> Account:
        """Return the account with ``code``.

        Raises:
            UnknownAccountError: If the code is not in the chart.
        """
        found = self._store.get_accounts([code]).get(code)
        if found is None:
            raise UnknownAccountError(f"account {code!r} is not in the chart of accounts")
        return found

    def accounts(self) -> list[Account]:
        """Return the whole chart, ordered by code."""
        return list(self._store.get_accounts().values())

    # --- posting ----------------------------------------------------------------------
    def post(
        self,
        on: date,
        description: str,
        lines: Sequence[Line],
        *,
        id: str | None = None,
        source: str | None = None,
        memo: str = "",
    ) -> JournalEntry:
        """Post one balanced journal entry.

        Args:
            on: The accounting date.
            description: What the entry records.
            lines: Two or more lines, balanced per currency and in base currency.
            id: Idempotency key: posting the same id with the same content again
                returns the posted entry and writes nothing.
            source: Reference to the source document.
            memo: A longer note.

        Raises:
            DuplicateIdError: If ``id`` is posted already with other content.
            InvalidInputError: If the entry is refused by
                :func:`~backoffice_core.ledger.posting.prepare_entry`; the subclasses
                say why (UnbalancedEntryError, UnknownAccountError,
                CurrencyMismatchError, and so on).
            PeriodClosedError: If the date falls in a closed or locked period.
        """
        draft = self._draft(on, description, lines, id, source, memo)
        self.post_many([draft])
        assert draft.id is not None  # _draft always assigns one
        entry = self._store.get_entry(draft.id)
        assert entry is not None  # just posted or already posted
        return entry

    def _draft(
        self,
        on: date,
        description: str,
        lines: Sequence[Line],
        entry_id: str | None,
        source: str | None,
        memo: str,
    ) -> EntryDraft:
        try:
            return EntryDraft(
                date=on,
                description=description,
                lines=tuple(lines),
                id=entry_id or new_id(),
                source=source,
                memo=memo,
            )
        except ValueError as exc:
            raise InvalidInputError(
                f"entry {entry_id or description!r} is invalid: {exc}"
            ) from None

    def post_many(self, drafts: Iterable[EntryDraft]) -> PostingSummary:
        """Post many entries in one transaction: all of them or none.

        Drafts whose id is already posted with the same content are skipped. This is
        the fast path for imports and bulk loads.

        Raises:
            DuplicateIdError: If an id is reused with other content, or twice here.
            InvalidInputError: As :meth:`post`; nothing is written when any draft is
                refused.
            PeriodClosedError: As :meth:`post`.
        """
        with paused_gc():
            return self._post_drafts(drafts)

    def _post_drafts(self, drafts: Iterable[EntryDraft]) -> PostingSummary:
        drafts = [d if d.id else d.model_copy(update={"id": new_id()}) for d in drafts]
        ids = [d.id for d in drafts if d.id is not None]
        if len(set(ids)) != len(ids):
            seen: set[str] = set()
            dup = next(i for i in ids if i in seen or seen.add(i))  # type: ignore[func-returns-value]
            raise DuplicateIdError(f"entry id {dup!r} appears twice in one posting")
        with self._uow.transaction():
            accounts = self._store.get_accounts({ln.account for d in drafts for ln in d.lines})
            periods = self._store.get_periods()
            posted = self._store.get_fingerprints(ids)
            now = self._context.clock()
            actor = self._context.actor
            entries: list[JournalEntry] = []
            already = 0
            for draft in drafts:
                assert draft.id is not None  # assigned above
                entry = prepare_entry(
                    draft,
                    draft.id,
                    accounts,
                    self.settings,
                    periods,
                    actor=actor,
                    now=now,
                    check_state=draft.id not in posted,
                )
                if _already_posted(entry, posted):
                    already += 1
                    continue
                entries.append(entry)
            if entries:
                self._context.authorize("ledger.entry.post", entries[0].id)
                self._store.add_entries(entries)
                self._uow.record(_posting_change(entries))
        return PostingSummary(len(entries), already, sum(len(e.lines) for e in entries))

    def entry(self, entry_id: str) -> JournalEntry:
        """Return the posted entry ``entry_id``.

        Raises:
            UnknownEntryError: If no entry has that id.
        """
        found = self._store.get_entry(entry_id)
        if found is None:
            raise UnknownEntryError(f"no journal entry has id {entry_id!r}")
        return found

    def entries(self) -> list[JournalEntry]:
        """Return every posted entry in posting order."""
        return list(self._store.iter_entries())

    def reverse(
        self,
        entry_id: str,
        on: date | ReversalDate = ReversalDate.ORIGINAL,
        *,
        id: str | None = None,
        description: str | None = None,
    ) -> JournalEntry:
        """Post the reversal of an entry: the same lines on the opposite sides.

        Args:
            entry_id: The entry to reverse.
            on: The reversal's date, or a policy: :attr:`ReversalDate.ORIGINAL` (the
                original's date) or :attr:`ReversalDate.NEXT_PERIOD` (first day of
                the following month).
            id: Idempotency key of the reversal; ``reversal-of-<entry_id>`` by default.
            description: Defaults to "Reversal of <original description>".

        Raises:
            UnknownEntryError: If the entry does not exist.
            StateError: If it is already reversed (by another id) or is itself a
                reversal or a closing entry.
            PeriodClosedError: If the reversal date falls in a closed period.
        """
        reversal_id = id or f"reversal-of-{entry_id}"
        with self._uow.transaction():
            original = self.entry(entry_id)
            existing = self._store.find_reversal(entry_id)
            if existing is not None and existing != reversal_id:
                raise StateError(f"entry {entry_id!r} is already reversed by {existing!r}")
            if original.kind is not EntryKind.REGULAR:
                raise StateError(
                    f"entry {entry_id!r} is a {original.kind} entry and cannot be reversed; "
                    "post a correcting entry instead"
                )
            if isinstance(on, ReversalDate):
                day = (
                    original.date
                    if on is ReversalDate.ORIGINAL
                    else (Month.of(original.date) + 1).first_day
                )
            else:
                day = on
            flipped = tuple(
                ln.model_copy(update={"side": Side.CREDIT if ln.side is Side.DEBIT else Side.DEBIT})
                for ln in original.lines
            )
            draft = EntryDraft(
                date=day,
                description=description or f"Reversal of {original.description}",
                lines=flipped,
                id=reversal_id,
                source=original.source,
            )
            return self._post_special(draft, EntryKind.REVERSAL, reverses=entry_id)

    def _post_special(
        self, draft: EntryDraft, kind: EntryKind, reverses: str | None
    ) -> JournalEntry:
        assert draft.id is not None  # callers always name special entries
        accounts = self._store.get_accounts({ln.account for ln in draft.lines})
        posted = self._store.get_fingerprints([draft.id])
        entry = prepare_entry(
            draft,
            draft.id,
            accounts,
            self.settings,
            self._store.get_periods(),
            actor=self._context.actor,
            now=self._context.clock(),
            kind=kind,
            reverses=reverses,
            check_state=draft.id not in posted,
        )
        if _already_posted(entry, posted):
            return self.entry(draft.id)
        self._context.authorize(f"ledger.entry.{kind}", draft.id)
        self._store.add_entries([entry])
        self._uow.record(_entry_change(entry))
        return entry

    # --- periods ----------------------------------------------------------------------
    def period(self, month: str | Month) -> PeriodStatus:
        """Return the state of a monthly period (open when never touched)."""
        key = str(month if isinstance(month, Month) else Month.parse(month))
        return self._store.get_periods().get(key) or PeriodStatus(month=key)

    def periods(self) -> list[PeriodStatus]:
        """Return every period that has been closed, locked or reopened."""
        return sorted(self._store.get_periods().values(), key=lambda p: p.month)

    def _move_period(
        self, month: str | Month, allowed: set[PeriodState], target: PeriodState, action: str
    ) -> PeriodStatus:
        with self._uow.transaction():
            current = self.period(month)
            if current.state not in allowed:
                raise StateError(
                    f"period {current.month} is {current.state}; it can only be {action} from "
                    f"{' or '.join(sorted(allowed))}"
                )
            new = PeriodStatus(month=current.month, state=target, version=current.version + 1)
            self._context.authorize(f"ledger.period.{action}", current.month)
            self._store.save_period(new, current.version)
            self._uow.record(
                Change(f"ledger.period.{action}", current.month, new.model_dump(mode="json"))
            )
        return new

    def close_period(self, month: str | Month) -> PeriodStatus:
        """Close an open period: postings dated in it are refused until it is reopened.

        Raises:
            StateError: If the period is not open.
        """
        return self._move_period(month, {PeriodState.OPEN}, PeriodState.CLOSED, "closed")

    def reopen_period(self, month: str | Month) -> PeriodStatus:
        """Reopen a closed period (a locked one stays locked).

        Raises:
            StateError: If the period is not closed.
        """
        return self._move_period(month, {PeriodState.CLOSED}, PeriodState.OPEN, "reopened")

    def lock_period(self, month: str | Month) -> PeriodStatus:
        """Lock a period for good (after the audit, or the tax return).

        Raises:
            StateError: If it is locked already.
        """
        return self._move_period(
            month, {PeriodState.OPEN, PeriodState.CLOSED}, PeriodState.LOCKED, "locked"
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
                    c: a.model_copy(update={"currency": None, "active": True})
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
                self._uow.record(_entry_change(entry))
            for month in year.months():
                if self.period(month).state is PeriodState.OPEN:
                    self.close_period(month)
        if entry is None:
            raise ConflictError(f"fiscal year {label} has no income or expense to close")
        return entry

    # --- budgets ----------------------------------------------------------------------
    def set_budget(self, account: str, month: str | Month, amount: Money) -> BudgetLine:
        """Set the budget of an account for one month (in base currency).

        Raises:
            UnknownAccountError: If the account is not in the chart.
            CurrencyMismatchError: If ``amount`` is not in the base currency.
        """
        key = str(month if isinstance(month, Month) else Month.parse(month))
        if amount.currency != self.base_currency:
            from backoffice_core.errors import CurrencyMismatchError

            raise CurrencyMismatchError(
                f"budget {amount} for {account} {key} must be in the base currency "
                f"{self.base_currency}"
            )
        with self._uow.transaction():
            self.account(account)
            current = {(b.account, b.month): b for b in self._store.get_budgets(key, key)}
            old = current.get((account, key))
            version = old.version if old else 0
            line = BudgetLine(account=account, month=key, amount=amount, version=version + 1)
            self._context.authorize("ledger.budget.set", f"{account}/{key}")
            self._store.save_budget(line, version)
            self._uow.record(
                Change("ledger.budget.set", f"{account}/{key}", line.model_dump(mode="json"))
            )
        return line

    # --- balances and reports ---------------------------------------------------------
    def balance(self, account: str, as_of: date, *, currency: str | None = None) -> Money:
        """Return an account's balance on ``as_of``, sub-accounts included.

        The balance is signed by the account's normal balance: a liability with more
        credits than debits has a positive balance.

        Args:
            account: The account code.
            as_of: The last date included.
            currency: A transaction currency to report in; the base currency (with
                every line converted at its posting rate) when omitted.
        """
        top = self.account(account)
        chart = self._store.get_accounts()
        codes = reports.descendants(chart, account)
        cur = currency or self.base_currency
        total = 0
        for row in self._store.balances(None, as_of):
            if row.account in codes and (currency is None or row.currency == currency):
                total += row.amount if currency else row.base
        sign = 1 if top.normal_balance is Side.DEBIT else -1
        return Money.from_minor(sign * total, cur)

    def trial_balance(self, as_of: date) -> reports.TrialBalance:
        """Return the trial balance on ``as_of`` in base currency."""
        return reports.trial_balance(self._report_input(), self._store.balances(None, as_of), as_of)

    def general_ledger(self, account: str, start: date | None, end: date) -> reports.GeneralLedger:
        """Return an account's lines from ``start`` to ``end`` with running balance."""
        acct = self.account(account)
        opening = 0
        if start is not None:
            from datetime import timedelta

            for row in self._store.balances(None, start - timedelta(days=1)):
                if row.account == account:
                    opening += row.base
        return reports.general_ledger(
            self._report_input(),
            acct,
            opening,
            self._store.account_lines(account, start, end),
            start,
            end,
        )

    def balance_sheet(self, as_of: date, *, compare_to: date | None = None) -> reports.BalanceSheet:
        """Return the balance sheet on ``as_of``, optionally beside ``compare_to``."""
        current = self._store.balances(None, as_of)
        prior = self._store.balances(None, compare_to) if compare_to else None
        return reports.balance_sheet(self._report_input(), current, as_of, prior, compare_to)

    def income_statement(
        self, start: date, end: date, *, compare: tuple[date, date] | None = None
    ) -> reports.IncomeStatement:
        """Return the income statement (laba rugi) for ``start``..``end``.

        Args:
            start: First day.
            end: Last day.
            compare: Another period (start, end) shown beside it.
        """
        current = self._store.balances(start, end, exclude_closing=True)
        prior = self._store.balances(*compare, exclude_closing=True) if compare else None
        return reports.income_statement(self._report_input(), current, (start, end), prior, compare)

    def cash_flow(self, start: date, end: date) -> reports.CashFlowStatement:
        """Return the cash-flow statement for ``start``..``end`` by the direct method.

        Cash is every account flagged ``cash=True``; each movement of cash is shown
        under the activity of the counter-account it was posted against.
        """
        from datetime import timedelta

        chart = self._store.get_accounts()
        cash = [c for c, a in chart.items() if a.cash]
        flows = self._store.cash_flows(cash, start, end) if cash else []
        opening = sum(
            r.base
            for r in self._store.balances(None, start - timedelta(days=1))
            if r.account in cash
        )
        closing = sum(r.base for r in self._store.balances(None, end) if r.account in cash)
        return reports.cash_flow(self._report_input(), flows, opening, closing, (start, end))

    def budget_vs_actual(self, start: str | Month, end: str | Month) -> reports.BudgetVsActual:
        """Compare budgets with actual movements for the months ``start``..``end``."""
        first = start if isinstance(start, Month) else Month.parse(start)
        last = end if isinstance(end, Month) else Month.parse(end)
        budgets = self._store.get_budgets(str(first), str(last))
        actual = self._store.balances(first.first_day, last.last_day, exclude_closing=True)
        return reports.budget_vs_actual(self._report_input(), budgets, actual, (first, last))

    def _report_input(self) -> reports.ReportInput:
        return reports.ReportInput(
            self._context.entity, self.base_currency, self._store.get_accounts()
        )
