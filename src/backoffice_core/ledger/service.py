"""The ledger service: chart, posting, reversal and budgets, on top of periods and reports.

:class:`Ledger` is the hub every money movement goes through. It is assembled from
:class:`~backoffice_core.ledger.books.Books` (shared state),
:class:`~backoffice_core.ledger.period_control.PeriodControl` and
:class:`~backoffice_core.ledger.statements.Statements`. It validates before it
writes (see :mod:`~backoffice_core.ledger.posting`), writes through its
:class:`~backoffice_core.ledger.ports.LedgerStore` inside the unit of work, and
records each state change there so that the audit trail follows every write.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import attrs

from backoffice_core.collector import paused_gc
from backoffice_core.context import Change
from backoffice_core.errors import (
    BackofficeError,
    CurrencyMismatchError,
    DuplicateIdError,
    InvalidInputError,
    StateError,
)
from backoffice_core.ids import new_id
from backoffice_core.ledger.approvals import BatchApprovals, check_batch
from backoffice_core.ledger.arguments import (
    as_code,
    as_date,
    as_entry_id,
    as_money,
    as_month,
    check_text,
)
from backoffice_core.ledger.batch import EntryBatch
from backoffice_core.ledger.comparison import DateLike, MonthLike
from backoffice_core.ledger.heads import JournalReads
from backoffice_core.ledger.hierarchy import check_hierarchy
from backoffice_core.ledger.journal import PostedEntry, journal_entry
from backoffice_core.ledger.models import (
    Account,
    BudgetLine,
    EntryDraft,
    EntryKind,
    JournalEntry,
    Line,
    ReversalDate,
    Side,
)
from backoffice_core.ledger.opening import OpeningAmount, opening_lines
from backoffice_core.ledger.period_control import PeriodControl
from backoffice_core.ledger.posting import (
    PendingEntry,
    RawEntry,
    entry_change,
    prepare_entry,
    prepare_posting,
    prepare_postings,
    raw_entry,
    stored_units,
)
from backoffice_core.ledger.reports import descendants
from backoffice_core.ledger.statements import Statements
from backoffice_core.money import Money, minor_unit
from backoffice_core.periods import Month

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


def _already_posted(entry: PostedEntry, posted: dict[str, str]) -> bool:
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


def _posting_change(entries: Sequence[PostedEntry]) -> Change:
    """One audit change for one entry, or for a whole batch of a bulk posting.

    A batch is audited as one record whose state lists every id with its content
    fingerprint, so the chain still pins each entry's content while a bulk load of
    100,000 entries costs one link instead of 100,000.
    """
    if len(entries) == 1:
        return entry_change(entries[0])
    listing = "\n".join(f"{e.id} {e.fingerprint}" for e in entries)
    state = {
        "count": len(entries),
        "first": entries[0].id,
        "last": entries[-1].id,
        "entries_sha256": hashlib.sha256(listing.encode()).hexdigest(),
    }
    subject = f"{entries[0].id}..{entries[-1].id}"
    return Change("ledger.entries.posted", subject, state, at=entries[0].posted_at)


def _with_ids(pending: Iterable[PendingEntry]) -> list[RawEntry]:
    """Give every entry an id (a new one where none was given); refuse a repeated id.

    Raises:
        DuplicateIdError: If an id appears twice.
    """
    raws: list[RawEntry] = [
        p if p[0] else (new_id(), *p[1:])  # type: ignore[misc]  # p[0] is a str here
        for p in pending
    ]
    ids = {r[0] for r in raws}
    if len(ids) != len(raws):
        seen: set[str] = set()
        dup = next(r[0] for r in raws if r[0] in seen or seen.add(r[0]))  # type: ignore[func-returns-value]
        raise DuplicateIdError(f"entry id {dup!r} appears twice in one posting")
    return raws


@attrs.define
class Ledger(PeriodControl, Statements, JournalReads):
    """One entity's double-entry ledger: chart, posting, periods, budgets and reports.

    Args:
        context: Entity, actor, authorizer and clock.
        store: The entity's ledger store.
        uow: The unit of work the writes happen in.
        settings: Base currency and fiscal-year start of new books; None keeps the
            stored ones (IDR, January for new books).

    Raises:
        ConflictError: If ``settings`` differ from those the books were opened with.
        PermissionDeniedError: If the books are new and the authorizer refuses
            ``ledger.books.open`` (nothing is written).
    """

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
            AccountHierarchyError: If an account is its own parent or ancestor.
            InvalidInputError: If an item is not an :class:`Account`.
        """
        accounts = _items(accounts, Account, "chart")
        seen: dict[str, Account] = {}
        for account in accounts:
            _check_account(account)
            if account.code in seen:
                raise DuplicateIdError(f"account code {account.code!r} appears twice in the chart")
            seen[account.code] = account
        with self._uow.transaction():
            existing = self._store.get_accounts()
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
            check_hierarchy(existing | {a.code: a for a in new}, new)
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
            UnknownAccountError: If its parent is not in the chart.
            AccountHierarchyError: If it names itself as parent.
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
                ``activity``, ``currency``, ``section``, ``postable`` or ``names``.

        Raises:
            InvalidInputError: If a field cannot be changed (code, type) or a new value
                is invalid.
            UnknownAccountError: If the account or its new parent is not in the chart.
            AccountHierarchyError: If the new parent is the account or one of its
                descendants.
            CurrencyMismatchError: If ``currency`` would exclude lines the account
                already holds in another currency.
            ConcurrencyError: If the account changed since ``expected_version``.
        """
        code = as_code(code)
        if expected_version is not None and (
            type(expected_version) is not int or expected_version < 0
        ):
            raise InvalidInputError(
                f"expected_version {expected_version!r} of account {code!r} is not a version: "
                "pass the version you read (an int) or None"
            )
        allowed = {
            *("name", "parent", "active", "cash", "activity", "currency"),
            *("section", "postable", "names"),
        }
        if not set(changes) <= allowed:
            raise InvalidInputError(
                f"cannot change {sorted(set(changes) - allowed)} of account {code!r}: "
                f"only {sorted(allowed)} may change; add a new account instead"
            )
        with self._uow.transaction():
            current = self.account(code)
            version = current.version if expected_version is None else expected_version
            data = current.model_dump() | changes | {"version": version + 1}
            try:
                updated = Account.model_validate(data)
            except InvalidInputError as exc:
                raise type(exc)(f"account {code!r} cannot take {changes!r}: {exc}") from None
            _check_account(updated)
            if updated.parent != current.parent:
                check_hierarchy(self._store.get_accounts() | {code: updated}, [updated])
            if updated.currency is not None and updated.currency != current.currency:
                self._check_currencies(updated)
            self._context.authorize("ledger.account.update", code)
            self._store.update_account(updated, version)
            self._uow.record(
                Change("ledger.account.updated", code, updated.model_dump(mode="json"))
            )
        return updated

    def _check_currencies(self, account: Account) -> None:
        """Refuse restricting ``account`` to a currency while it holds lines in another."""
        held = sorted(
            {
                row.currency
                for row in self._store.balances(None, date.max, exclude_closing=True)
                if row.account == account.code and row.currency != account.currency
            }
        )
        if held:
            raise CurrencyMismatchError(
                f"account {account.code!r} holds lines in {', '.join(held)}, so it cannot be "
                f"restricted to {account.currency}; keep its currency, or open a new account "
                f"in {account.currency}"
            )

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
                returns the posted entry and writes nothing. A non-blank string of at
                most 128 characters; None (the default) gives a new time-ordered id.
            source: Reference to the source document.
            memo: A longer note.

        Raises:
            DuplicateIdError: If ``id`` is posted already with other content.
            InvalidInputError: If the entry is refused by
                :func:`~backoffice_core.ledger.posting.prepare_posting`; the subclasses
                say why (UnbalancedEntryError, UnknownAccountError,
                CurrencyMismatchError, AmountTooLargeError, and so on), or an argument
                is malformed (a blank or non-string id, a date that is not a date).
            PeriodClosedError: If the date falls in a closed or locked period.
        """
        draft = self._draft(on, description, lines, as_entry_id(id), source, memo)
        assert draft.id is not None  # _draft always assigns one
        # No paused collector here: one entry allocates little, and a library must not
        # toggle its host's collector for it.
        posted = self._post_raw([raw_entry(draft, draft.id)])
        if posted:
            return journal_entry(posted[0])
        return self.entry(draft.id)

    def _draft(
        self,
        on: date,
        description: str,
        lines: Sequence[Line],
        entry_id: str | None,
        source: str | None,
        memo: str,
    ) -> EntryDraft:
        day = as_date(on, f"date of entry {entry_id or description!r}")
        items = _items(lines, Line, f"lines of entry {entry_id or description!r}")
        try:
            return EntryDraft(
                date=day,
                description=description,
                lines=tuple(items),
                id=new_id() if entry_id is None else entry_id,
                source=source,
                memo=memo,
            )
        except InvalidInputError as exc:
            raise type(exc)(f"entry {entry_id or description!r}: {exc}") from None

    def post_many(self, drafts: Iterable[EntryDraft]) -> PostingSummary:
        """Post many entries in one transaction: all of them or none.

        Drafts whose id is already posted with the same content are skipped. For large
        imports, :meth:`import_entries` does the same without a model per line.

        Raises:
            DuplicateIdError: If an id is reused with other content, or twice here.
            InvalidInputError: As :meth:`post`; nothing is written when any draft is
                refused.
            PeriodClosedError: As :meth:`post`.
            PermissionDeniedError: If the authorizer refuses ``ledger.entry.post``
                for any one of the new entries (it is asked for each); nothing is
                written.
        """
        with paused_gc():
            pending = [
                raw_entry(d, "" if d.id is None else d.id)
                for d in _items(drafts, EntryDraft, "drafts")
            ]
            return self._summary(self._post_raw(pending), len(pending))

    def import_entries(self, batch: EntryBatch) -> PostingSummary:
        """Post a bulk import in one transaction: all of its entries or none.

        The fast path for imports: the batch holds plain values (see
        :class:`~backoffice_core.ledger.EntryBatch`), and every entry goes through
        exactly the checks of :meth:`post` and :meth:`post_many`, is authorized
        (``ledger.entry.post`` on its id) and is pinned by the audit trail, and is
        stored as the same rows with the same fingerprint. Entries whose id is already
        posted with the same content are skipped.

        Raises:
            DuplicateIdError: If an id is reused with other content, or twice here.
            InvalidInputError: As :meth:`post`; nothing is written when any entry is
                refused.
            PeriodClosedError: As :meth:`post`.
            PermissionDeniedError: If the authorizer refuses ``ledger.entry.post``
                for any one of the new entries (it is asked for each); nothing is
                written.
        """
        if not isinstance(batch, EntryBatch):
            raise InvalidInputError(
                f"batch {batch!r:.80} is not an EntryBatch: collect the entries in one"
            )
        with paused_gc():
            pending = list(batch.raw_entries())
            return self._summary(self._post_raw(pending), len(pending))

    @staticmethod
    def _summary(posted: list[PostedEntry], given: int) -> PostingSummary:
        return PostingSummary(len(posted), given - len(posted), sum(len(e.lines) for e in posted))

    @property
    def approvals(self) -> BatchApprovals:
        """Maker-checker for journal batches above a threshold (see :class:`BatchApprovals`)."""
        return BatchApprovals(
            self._context, self._uow, self.base_currency, self._prepare_drafts,
            lambda pending: self._post_raw(pending, approved=True),
        )  # fmt: skip

    def _prepare_drafts(self, drafts: list[EntryDraft]) -> list[PostedEntry]:
        """Validate drafts (ids settled) as a posting would; return the new entries."""
        raws = _with_ids(raw_entry(d, d.id or "") for d in drafts)
        lookup = self._store.posting_lookup(
            {line[0] for raw in raws for line in raw[5]}, [r[0] for r in raws]
        )
        prepared = prepare_postings(
            raws, lookup.accounts, self.base_currency, lookup.periods, lookup.fingerprints,
            actor=self._context.actor, now=self._context.clock(),
        )  # fmt: skip
        return [e for e in prepared if not _already_posted(e, lookup.fingerprints)]

    def _post_raw(
        self, pending: Iterable[PendingEntry], *, approved: bool = False
    ) -> list[PostedEntry]:
        """Validate, authorize, write and audit entries; return those newly posted.

        Unless ``approved`` (an approved batch), entries whose total is above the
        approval policy's threshold are refused.
        """
        raws = _with_ids(pending)
        if not raws:
            return []
        with self._uow.transaction():
            codes = {line[0] for raw in raws for line in raw[5]}
            lookup = self._store.posting_lookup(codes, [r[0] for r in raws])
            posted = lookup.fingerprints
            actor = self._context.actor
            prepared = prepare_postings(
                raws,
                lookup.accounts,
                self.base_currency,
                lookup.periods,
                posted,
                actor=actor,
                now=self._context.clock(),
            )
            entries = [e for e in prepared if not (posted and _already_posted(e, posted))]
            if not approved:
                check_batch(self._uow, self._store, entries, self.base_currency)
            authorize = self._context.authorize  # every record is asked for, not the first
            for entry in entries:
                authorize("ledger.entry.post", entry.id, attributes={"source": entry.source})
            if entries:
                self._store.add_entries(entries)
                self._uow.record(_posting_change(entries))
        return entries

    def post_opening_balances(
        self,
        balances: Mapping[str, OpeningAmount],
        *,
        on: DateLike | None = None,
        balancing_account: str | None = None,
        id: str = "opening-balances",
        description: str = "Saldo awal",
    ) -> JournalEntry:
        """Post every account's opening balance as one entry.

        Args:
            balances: Account code to balance, with the account's normal-balance sign
                (positive for an asset's debit or a liability's credit balance), in
                the base currency.
            on: The entry's date; by default the last day of the month before the
                first period of the books (the month of the earliest entry, or the
                current month when there is none).
            balancing_account: An equity account that takes any difference; without
                it, balances that do not balance are refused.
            id: Idempotency key: posting the same balances again writes nothing.
            description: The entry's description.

        Raises:
            UnbalancedEntryError: If the balances do not balance and no balancing
                account is named (the message gives the difference).
            InvalidInputError: As :meth:`post`, or an income or expense account.
        """
        if on is None:
            first = min((e.date for e in self._store.iter_entries() if e.id != id), default=None)
            month = Month.of(first or self._context.clock().date())
            day = (month - 1).last_day
        else:
            day = as_date(on, "on")
        lines = opening_lines(
            balances, self._store.get_accounts(), self.base_currency, balancing_account
        )
        return self.post(day, description, lines, id=id)

    def check(self, drafts: Sequence[EntryDraft]) -> list[BackofficeError | None]:
        """Check drafts as :meth:`post_many` would, one by one, without writing.

        Returns:
            For each draft, None if it would post (or is already posted with the same
            content), else the error posting it alone would raise.
        """
        accounts = self._store.get_accounts({ln.account for d in drafts for ln in d.lines})
        periods = self._store.get_periods()
        posted = self._store.get_fingerprints([d.id for d in drafts if d.id])
        out: list[BackofficeError | None] = []
        for draft in drafts:
            entry_id = draft.id or "(new)"
            try:
                entry = prepare_entry(
                    draft,
                    entry_id,
                    accounts,
                    self.settings,
                    periods,
                    actor=self._context.actor,
                    now=self._context.clock(),
                    check_state=entry_id not in posted,
                )
                _already_posted(entry, posted)
            except BackofficeError as exc:
                out.append(exc)
            else:
                out.append(None)
        return out

    def entries(
        self,
        *,
        start: DateLike | None = None,
        end: DateLike | None = None,
        account: str | None = None,
        source: str | None = None,
        dimensions: Mapping[str, str] | None = None,
        text: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[JournalEntry]:
        """Return posted entries in posting order, filtered and paged.

        Every filter given must hold. The filters read the journal in posting order
        (one pass), which suits looking entries up, not aggregating: use the reports
        for sums.

        Args:
            start: Only entries dated on or after this day (a date or ISO string).
            end: Only entries dated on or before this day.
            account: Only entries with a line on this account or one below it.
            source: Only entries whose source reference is exactly this.
            dimensions: Only entries with a line carrying all these dimension values.
            text: Only entries whose description, memo, source or a line memo
                contains this text (case-insensitive).
            limit: At most this many entries (after ``offset``).
            offset: Skip this many matching entries first (paging).

        Raises:
            UnknownAccountError: If ``account`` is not in the chart.
            InvalidInputError: If a date is not a date, ``limit`` / ``offset`` is not
                a whole number from 0 up, ``source`` or ``text`` is not a string, or
                ``dimensions`` does not map strings to strings.
        """
        first = None if start is None else as_date(start, "start")
        last = None if end is None else as_date(end, "end")
        for name, value in (("limit", limit), ("offset", offset)):
            if value is not None and (type(value) is not int or value < 0):
                raise InvalidInputError(f"{name} {value!r} must be a whole number from 0 up")
        for name, given in (("source", source), ("text", text)):
            if given is not None and not isinstance(given, str):
                raise InvalidInputError(f"{name} {given!r} is not text: pass a string or None")
        if dimensions is not None and not (
            isinstance(dimensions, Mapping)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in dimensions.items())
        ):
            raise InvalidInputError(
                f"dimensions {dimensions!r} must map names to values, both strings, "
                "such as {'department': 'sales'}"
            )
        codes = None
        if account is not None:
            self.account(account)
            codes = descendants(self._store.get_accounts(), account)
        needle = text.casefold() if text else None
        wanted = dict(dimensions or {})

        def keep(entry: JournalEntry) -> bool:
            if (first and entry.date < first) or (last and entry.date > last):
                return False
            if source is not None and entry.source != source:
                return False
            if codes is not None and not any(ln.account in codes for ln in entry.lines):
                return False
            if wanted and not any(
                all(ln.dimensions.get(k) == v for k, v in wanted.items()) for ln in entry.lines
            ):
                return False
            if needle:
                texts = [entry.description, entry.memo, entry.source or ""]
                texts += [ln.memo for ln in entry.lines]
                return any(needle in t.casefold() for t in texts)
            return True

        matching = (e for e in self._store.iter_entries() if keep(e))
        stop = None if limit is None else offset + limit
        return list(itertools.islice(matching, offset, stop))

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
        entry_id = as_code(entry_id, "entry id")
        given = as_entry_id(id, "reversal id")
        reversal_id = f"reversal-of-{entry_id}" if given is None else given
        if not isinstance(on, ReversalDate):
            on = as_date(on, f"date of the reversal of {entry_id!r}")
        if description is not None and not isinstance(description, str):
            raise InvalidInputError(
                f"description {description!r} of the reversal of {entry_id!r} is not text"
            )
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
            if on is ReversalDate.ORIGINAL:
                day = original.date
            elif on is ReversalDate.NEXT_PERIOD:
                if original.date.year == 9999 and original.date.month == 12:
                    raise InvalidInputError(
                        f"entry {entry_id!r} is dated {original.date}: there is no next period "
                        "to reverse it in; give the reversal an explicit date"
                    )
                day = (Month.of(original.date) + 1).first_day
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
            return self._post_reversal(draft, reverses=entry_id)

    def _post_reversal(self, draft: EntryDraft, reverses: str) -> JournalEntry:
        assert draft.id is not None  # reverse() always names the reversal
        lookup = self._store.posting_lookup({ln.account for ln in draft.lines}, [draft.id])
        posted = lookup.fingerprints
        entry = prepare_posting(
            raw_entry(draft, draft.id),
            lookup.accounts,
            self.base_currency,
            lookup.periods,
            actor=self._context.actor,
            now=self._context.clock(),
            kind=EntryKind.REVERSAL,
            reverses=reverses,
            check_state=draft.id not in posted,
        )
        if _already_posted(entry, posted):
            return self.entry(draft.id)
        self._context.authorize(
            "ledger.entry.reverse", draft.id, attributes={"source": entry.source}
        )
        self._store.add_entries([entry])
        self._uow.record(entry_change(entry))
        return journal_entry(entry)

    # --- budgets ----------------------------------------------------------------------
    def set_budget(self, account: str, month: MonthLike, amount: Money) -> BudgetLine:
        """Set the budget of an income or expense account for one month (base currency).

        Args:
            account: The account code; a parent's budget covers those accounts below
                it that have no budget of their own.
            month: A ``Month``, a date inside it, or ``"YYYY-MM"``.
            amount: The budgeted amount, positive for both income and expense.

        Raises:
            UnknownAccountError: If the account is not in the chart.
            InvalidInputError: If the account is not an income or expense account,
                ``amount`` has more decimals than the base currency allows, or ``month``
                is not a month.
            CurrencyMismatchError: If ``amount`` is not in the base currency.
            AmountTooLargeError: If ``amount`` is above :data:`MAX_LINE_UNITS`.
        """
        account = as_code(account)
        key = str(as_month(month))
        amount = as_money(amount, f"budget of {account} {key}")
        if amount.currency != self.base_currency:
            raise CurrencyMismatchError(
                f"budget {amount} for {account} {key} must be in the base currency "
                f"{self.base_currency}"
            )
        stored_units(amount, f"budget of {account} {key}")
        with self._uow.transaction():
            kind = self.account(account).type
            if not kind.is_temporary:
                raise InvalidInputError(
                    f"account {account!r} is of type {kind}: budgets are set on income and "
                    "expense accounts"
                )
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


def _check_account(account: Account) -> None:
    """Refuse an account whose names have a NUL character or whose currency is unknown."""
    check_text(account.name, f"name of account {account.code!r}")
    for language, name in account.names.items():
        check_text(name, f"{language} name of account {account.code!r}")
    if account.currency is not None:
        minor_unit(account.currency)


def _items(values: object, kind: type[Any], what: str) -> list[Any]:
    """Return ``values`` as a list, refusing a non-iterable or an item not of ``kind``."""
    if isinstance(values, str | bytes | dict) or not isinstance(values, Iterable):
        raise InvalidInputError(
            f"{what} {values!r:.80} is not a list: pass a list of {kind.__name__}"
        )
    items = list(values)
    for item in items:
        if not isinstance(item, kind):
            raise InvalidInputError(
                f"{what} has {item!r:.80}, which is not a {kind.__name__}: build it as one"
            )
    return items
