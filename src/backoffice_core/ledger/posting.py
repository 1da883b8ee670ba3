"""Turning drafts into posted entries: validation, base amounts and fingerprints.

Pure functions, no storage: given the chart, the settings and the period states, a
draft either becomes a :class:`~backoffice_core.ledger.models.JournalEntry` or raises
a specific error naming what was wrong. The service calls these before it writes
anything, which is why a refused posting leaves the store unchanged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal

from backoffice_core.errors import (
    CurrencyMismatchError,
    InvalidInputError,
    PeriodClosedError,
    UnbalancedEntryError,
)
from backoffice_core.ledger.errors import InactiveAccountError, UnknownAccountError
from backoffice_core.ledger.models import (
    Account,
    EntryDraft,
    EntryKind,
    JournalEntry,
    LedgerSettings,
    Line,
    PeriodStatus,
    Side,
)
from backoffice_core.money import Money, Rounding, minor_unit
from backoffice_core.periods import PeriodState

__all__ = ["check_period_open", "fingerprint", "prepare_entry"]

_ONE = Decimal(1)


def check_period_open(day: date, periods: Mapping[str, PeriodStatus], what: str) -> None:
    """Raise if the month of ``day`` is closed or locked.

    Raises:
        PeriodClosedError: Naming the month, its state and what to do.
    """
    month = f"{day.year:04d}-{day.month:02d}"
    status = periods.get(month)
    if status is not None and status.state is not PeriodState.OPEN:
        hint = (
            "reopen it first or date the entry in an open period"
            if status.state is PeriodState.CLOSED
            else "locked periods cannot be reopened: date the entry in an open period"
        )
        raise PeriodClosedError(
            f"{what} is dated {day} but period {month} is {status.state}: {hint}"
        )


def _base_line(
    line: Line, account: Account | None, base: str, entry_ref: str, check_state: bool
) -> Line:
    if account is None:
        raise UnknownAccountError(
            f"{entry_ref}: account {line.account!r} is not in the chart of accounts; "
            "add it with ledger.add_account() or load a chart first"
        )
    if check_state and not account.active:
        raise InactiveAccountError(
            f"{entry_ref}: account {line.account!r} ({account.name}) is inactive; "
            "reactivate it or post to another account"
        )
    currency = line.amount.currency
    if account.currency is not None and account.currency != currency:
        raise CurrencyMismatchError(
            f"{entry_ref}: account {line.account!r} holds {account.currency} only, "
            f"but the line is {line.amount}"
        )
    if not line.amount.is_rounded():
        raise InvalidInputError(
            f"{entry_ref}: line amount {line.amount} has more decimals than {currency} "
            f"allows ({minor_unit(currency)}); round it before posting"
        )
    if currency == base:
        if line.rate is not None and line.rate != _ONE:
            raise InvalidInputError(
                f"{entry_ref}: line on {line.account!r} is in the base currency {base} "
                f"but has exchange rate {line.rate}; leave the rate out"
            )
        if line.base_amount is None:
            return line.model_copy(update={"base_amount": line.amount})
        if line.base_amount != line.amount:
            raise InvalidInputError(
                f"{entry_ref}: base amount {line.base_amount} differs from {line.amount} "
                "although the line is in the base currency"
            )
        return line
    if line.base_amount is not None:
        if line.base_amount.currency != base or not line.base_amount.is_rounded():
            raise InvalidInputError(
                f"{entry_ref}: base amount {line.base_amount} must be in {base}, rounded to "
                "its minor unit"
            )
        return line
    if line.rate is None or line.rate <= 0:
        raise InvalidInputError(
            f"{entry_ref}: line {line.amount} on {line.account!r} is not in the base "
            f"currency {base}; give its exchange rate (rate=...) or its base_amount"
        )
    converted = Money(line.amount.amount * line.rate, base).round(Rounding.HALF_EVEN)
    return line.model_copy(update={"base_amount": converted})


def _check_balanced(lines: tuple[Line, ...], base: str, entry_ref: str) -> None:
    if len(lines) < 2:
        raise UnbalancedEntryError(
            f"{entry_ref} has {len(lines)} line(s); an entry needs two or more"
        )
    per_currency: dict[str, Decimal] = {}
    base_total = 0
    for line in lines:
        signed = line.amount.amount if line.side is Side.DEBIT else -line.amount.amount
        cur = line.amount.currency
        per_currency[cur] = per_currency.get(cur, Decimal(0)) + signed
        assert line.base_amount is not None  # set by _base_line
        units = line.base_amount.to_minor()
        base_total += units if line.side is Side.DEBIT else -units
    for cur, diff in per_currency.items():
        # The base currency balances through the base totals below, which may carry
        # exchange differences in base-currency lines beside foreign-currency ones.
        if diff and cur != base:
            raise UnbalancedEntryError(
                f"{entry_ref} does not balance in {cur}: debits exceed credits by {diff} "
                f"{cur}; add or correct a line"
            )
    if base_total:
        raise UnbalancedEntryError(
            f"{entry_ref} does not balance in base currency {base}: debits exceed credits by "
            f"{Money.from_minor(base_total, base)} after conversion; give base_amount on a "
            "line to absorb the rounding"
        )


def fingerprint(
    entry_date: date,
    description: str,
    lines: tuple[Line, ...],
    source: str | None,
    memo: str,
    kind: EntryKind,
    reverses: str | None,
) -> str:
    """Return the SHA-256 of an entry's content (what makes a reused id a conflict).

    The content is the ``repr`` of a tuple of plain strings, ``None`` and tuples, which
    is unambiguous (strings are quoted and escaped) and several times faster than
    canonical JSON on the bulk-posting path.
    """
    content = (
        entry_date.isoformat(),
        description,
        source,
        memo,
        kind.value,
        reverses,
        tuple(
            (
                ln.account,
                ln.side.value,
                str(ln.amount.amount),
                ln.amount.currency,
                None if ln.base_amount is None else str(ln.base_amount.amount),
                None if ln.rate is None else str(ln.rate),
                ln.memo,
                tuple(sorted(ln.dimensions.items())),
                ln.tags,
            )
            for ln in lines
        ),
    )
    return hashlib.sha256(repr(content).encode()).hexdigest()


def prepare_entry(
    draft: EntryDraft,
    entry_id: str,
    accounts: Mapping[str, Account],
    settings: LedgerSettings,
    periods: Mapping[str, PeriodStatus],
    *,
    actor: str,
    now: datetime,
    kind: EntryKind = EntryKind.REGULAR,
    reverses: str | None = None,
    check_state: bool = True,
) -> JournalEntry:
    """Validate ``draft`` and return the entry it posts as.

    Args:
        draft: The entry to validate.
        entry_id: The id it posts under.
        accounts: The chart (at least the accounts the lines name).
        settings: The books' settings (base currency).
        periods: Stored period states by month.
        actor: Who posts.
        now: The posting time.
        kind: Regular, reversal or closing.
        reverses: For a reversal, the reversed entry's id.
        check_state: Check that the period is open and the accounts active; off when
            an already posted id is replayed, which only needs its fingerprint.

    Raises:
        UnknownAccountError: A line names an account not in the chart.
        InactiveAccountError: A line posts to an inactive account.
        CurrencyMismatchError: A line's currency is not its account's.
        UnbalancedEntryError: Debits and credits differ per currency or in base.
        PeriodClosedError: The date falls in a closed or locked period.
        InvalidInputError: An amount is not rounded, or a rate is missing or wrong.
    """
    ref = f"entry {entry_id!r}"
    if check_state:
        check_period_open(draft.date, periods, ref)
    base = settings.base_currency
    lines = tuple(
        _base_line(ln, accounts.get(ln.account), base, ref, check_state) for ln in draft.lines
    )
    _check_balanced(lines, base, ref)
    return JournalEntry.model_construct(
        id=entry_id,
        date=draft.date,
        description=draft.description,
        lines=lines,
        source=draft.source,
        memo=draft.memo,
        kind=kind,
        reverses=reverses,
        posted_at=now,
        posted_by=actor,
        fingerprint=fingerprint(
            draft.date, draft.description, lines, draft.source, draft.memo, kind, reverses
        ),
    )
