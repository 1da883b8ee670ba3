"""Turning drafts into posted entries: validation, base amounts and fingerprints.

Pure functions, no storage: given the chart, the settings and the period states, a
draft either becomes a :class:`~backoffice_core.ledger.models.JournalEntry` or raises
a specific error naming what was wrong. The service calls these before it writes
anything, which is why a refused posting leaves the store unchanged.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Final

from backoffice_core.context import Change
from backoffice_core.errors import (
    CurrencyMismatchError,
    InvalidInputError,
    MoneyError,
    PeriodClosedError,
    UnbalancedEntryError,
)
from backoffice_core.ledger.arguments import check_text
from backoffice_core.ledger.errors import (
    AmountTooLargeError,
    HeaderAccountError,
    InactiveAccountError,
    UnknownAccountError,
)
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

__all__ = [
    "MAX_LINE_UNITS",
    "check_period_open",
    "entry_change",
    "fingerprint",
    "paused_gc",
    "prepare_entry",
    "stored_units",
]

_ONE = Decimal(1)

MAX_LINE_UNITS: Final = 10**17
"""The largest amount one line (or one budget) may carry, in minor units of its currency.

10**17 minor units is IDR 100,000,000,000,000,000 (a hundred thousand trillion
rupiah, about four times Indonesia's yearly GDP) or USD 1,000,000,000,000,000.00: no
real transaction comes near it, so a figure above it is a mistake (a misplaced
exponent, digits typed twice). A stored amount is a signed 64-bit integer (limit about
9.2 * 10**18), so one line stays 92 times below it. Totals do not depend on the cap: the
memory store adds Python integers, PostgreSQL sums bigint into numeric, and the SQLite
store, when a 64-bit SUM overflows, sums each amount in two parts and joins them in
Python (see the ledger guide), so every report stays exact. Anything above the cap is
refused with :class:`AmountTooLargeError` before anything is written, on every backend.
"""


def stored_units(money: Money, what: str) -> int:
    """Return ``money`` in minor units, refusing more decimals or more than the cap.

    Args:
        money: The amount to store.
        what: Names the amount and its record in the error message.

    Raises:
        InvalidInputError: If the amount has more decimals than its currency allows.
        AmountTooLargeError: If it is above :data:`MAX_LINE_UNITS` minor units.
    """
    try:
        units = money.to_minor()
    except MoneyError:
        raise InvalidInputError(
            f"{what} {money} has more decimals than {money.currency} allows "
            f"({minor_unit(money.currency)}); round it first with .round(Rounding...)"
        ) from None
    if abs(units) > MAX_LINE_UNITS:
        raise AmountTooLargeError(
            f"{what} {money} is above the largest amount a line may carry, "
            f"{Money.from_minor(MAX_LINE_UNITS, money.currency)}; split it over several "
            "lines or check the figure"
        )
    return units


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for one bulk posting, then restore it.

    A bulk posting allocates several objects per line (models, Money, row tuples) that
    form no reference cycles and die together when it returns. While they are alive,
    every automatic collection re-scans all of them, which measured at a third of the
    bulk-posting time. Reference counting still frees everything as usual; only the
    cycle detector waits until the posting ends, and it is re-enabled even on error.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
    """Check ``line`` against its account and return it with its base amount settled.

    A line in the base currency comes back unchanged with ``base_amount`` None (its
    amount is its base value); a line in another currency gets ``base_amount`` from
    its rate unless it brought one.
    """
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
    if check_state and not account.postable:
        raise HeaderAccountError(
            f"{entry_ref}: account {line.account!r} ({account.name}) is a header account "
            "that only groups others; post to one of its sub-accounts"
        )
    currency = line.amount.currency
    if account.currency is not None and account.currency != currency:
        raise CurrencyMismatchError(
            f"{entry_ref}: account {line.account!r} holds {account.currency} only, "
            f"but the line is {line.amount}"
        )
    if currency == base:
        if line.rate is not None and line.rate != _ONE:
            raise InvalidInputError(
                f"{entry_ref}: line on {line.account!r} is in the base currency {base} "
                f"but has exchange rate {line.rate}; leave the rate out"
            )
        if line.base_amount is None:
            return line
        if line.base_amount != line.amount:
            raise InvalidInputError(
                f"{entry_ref}: base amount {line.base_amount} differs from {line.amount} "
                "although the line is in the base currency"
            )
        return line.model_copy(update={"base_amount": None, "rate": None})
    if line.base_amount is not None:
        if line.base_amount.currency != base or not line.base_amount.is_rounded():
            raise InvalidInputError(
                f"{entry_ref}: base amount {line.base_amount} must be in {base}, rounded to "
                "its minor unit"
            )
        if line.base_amount.amount <= 0:
            raise InvalidInputError(
                f"{entry_ref}: base amount {line.base_amount} on {line.account!r} must be "
                f"above zero like the line's amount {line.amount}; the side gives the sign"
            )
        return line
    if line.rate is None or line.rate <= 0:
        raise InvalidInputError(
            f"{entry_ref}: line {line.amount} on {line.account!r} is not in the base "
            f"currency {base}; give its exchange rate (rate=...) or its base_amount"
        )
    product = (line.amount * line.rate).amount
    converted = Money(product, base).round(Rounding.HALF_EVEN)
    if not converted:
        raise InvalidInputError(
            f"{entry_ref}: line {line.amount} on {line.account!r} at rate {line.rate} is "
            f"zero in {base} once rounded; give its base_amount or a larger amount"
        )
    return line.model_copy(update={"base_amount": converted})


def _check_line_text(line: Line, entry_ref: str) -> None:
    # The common case (no NUL anywhere) costs a few `in` tests and builds no message.
    nul = "\x00"
    dimensions, tags = line.dimensions, line.tags
    if (
        nul not in line.memo
        and not (dimensions and any(nul in k or nul in v for k, v in dimensions.items()))
        and not (tags and any(nul in t for t in tags))
    ):
        return
    what = f"{entry_ref}: line on {line.account!r}"
    check_text(line.memo, f"{what}: memo")
    for name, value in line.dimensions.items():
        check_text(name, f"{what}: dimension name")
        check_text(value, f"{what}: dimension {name!r}")
    for tag in line.tags:
        check_text(tag, f"{what}: tag")


def _excess(diff: int, currency: str) -> str:
    """Say which side exceeds the other, and by how much (``diff`` is debit less credit)."""
    side = "debits exceed credits" if diff > 0 else "credits exceed debits"
    return f"{side} by {Money.from_minor(abs(diff), currency)}"


def _units(money: Money, entry_ref: str, what: str, account: str) -> int:
    """``money`` in minor units; the message is built only when it is refused."""
    try:
        units = money.to_minor()
    except MoneyError:
        units = MAX_LINE_UNITS + 1  # refused below, with the right message
    if -MAX_LINE_UNITS <= units <= MAX_LINE_UNITS:
        return units
    return stored_units(money, f"{entry_ref}: {what} on {account!r}")


def _settle(
    lines: tuple[Line, ...],
    accounts: Mapping[str, Account],
    base: str,
    entry_ref: str,
    check_state: bool,
) -> tuple[tuple[Line, ...], tuple[tuple[object, ...], ...]]:
    """Check every line and the balances; return the lines and their content rows.

    One pass over the lines: each is checked against its account and settled in base
    currency, and its signed minor units are added up per currency and in base. The
    content rows (plain strings and integers) are what the fingerprint hashes.
    """
    if len(lines) < 2:
        raise UnbalancedEntryError(
            f"{entry_ref} has {len(lines)} line(s); an entry needs two or more"
        )
    settled = []
    content = []
    per_currency: dict[str, int] = {}
    base_total = 0
    for given in lines:
        _check_line_text(given, entry_ref)
        line = _base_line(given, accounts.get(given.account), base, entry_ref, check_state)
        currency = line.amount.currency
        units = _units(line.amount, entry_ref, "line amount", line.account)
        base_units = (
            units
            if line.base_amount is None
            else _units(line.base_amount, entry_ref, "base amount", line.account)
        )
        if line.side is Side.CREDIT:
            units, base_units = -units, -base_units
        per_currency[currency] = per_currency.get(currency, 0) + units
        base_total += base_units
        settled.append(line)
        content.append((
            line.account, currency, units, base_units,
            None if line.rate is None else str(line.rate),
            line.memo, tuple(sorted(line.dimensions.items())), line.tags,
        ))  # fmt: skip
    for currency, diff in per_currency.items():
        # The base currency balances through the base total below, which may carry
        # exchange differences in base-currency lines beside foreign-currency ones.
        if diff and currency != base:
            raise UnbalancedEntryError(
                f"{entry_ref} does not balance in {currency}: {_excess(diff, currency)}; "
                "add or correct a line"
            )
    if base_total:
        if set(per_currency) <= {base}:
            raise UnbalancedEntryError(
                f"{entry_ref} does not balance: {_excess(base_total, base)}; add or correct a line"
            )
        raise UnbalancedEntryError(
            f"{entry_ref} does not balance in base currency {base} after conversion: "
            f"{_excess(base_total, base)}; give base_amount on a line to absorb the rounding"
        )
    return tuple(settled), tuple(content)


def fingerprint(
    entry_date: date,
    description: str,
    source: str | None,
    memo: str,
    kind: EntryKind,
    reverses: str | None,
    content: tuple[tuple[object, ...], ...],
) -> str:
    """Return the SHA-256 of an entry's content (what makes a reused id a conflict).

    Amounts enter as signed minor units, so ``Money("1000")`` and ``Money("1000.00")``
    are the same content. The text hashed is the ``repr`` of a tuple of strings,
    integers, ``None`` and tuples: unambiguous (strings are quoted and escaped) and
    several times faster than canonical JSON on the bulk-posting path.
    """
    head = (entry_date.isoformat(), description, source, memo, kind.value, reverses)
    return hashlib.sha256(repr((head, content)).encode()).hexdigest()


def _new_entry(**fields: object) -> JournalEntry:
    """Build a JournalEntry from fields the caller has validated.

    ``JournalEntry.model_construct`` does the same with more bookkeeping (defaults,
    aliases) that these fields never need; on the bulk path it cost more than all the
    checks above together. A test keeps the two equal.
    """
    entry = JournalEntry.__new__(JournalEntry)
    object.__setattr__(entry, "__dict__", fields)
    object.__setattr__(entry, "__pydantic_fields_set__", set(fields))
    object.__setattr__(entry, "__pydantic_extra__", None)
    object.__setattr__(entry, "__pydantic_private__", None)
    return entry


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
        HeaderAccountError: A line posts to a header (not postable) account.
        CurrencyMismatchError: A line's currency is not its account's.
        UnbalancedEntryError: Debits and credits differ per currency or in base.
        PeriodClosedError: The date falls in a closed or locked period.
        InvalidInputError: An amount is not rounded, or a rate is missing or wrong.
    """
    ref = f"entry {entry_id!r}"
    check_text(entry_id, "entry id")
    check_text(draft.description, f"{ref}: description")
    check_text(draft.source, f"{ref}: source")
    check_text(draft.memo, f"{ref}: memo")
    if check_state:
        check_period_open(draft.date, periods, ref)
    lines, content = _settle(draft.lines, accounts, settings.base_currency, ref, check_state)
    return _new_entry(
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
            draft.date, draft.description, draft.source, draft.memo, kind, reverses, content
        ),
    )


def entry_change(entry: JournalEntry) -> Change:
    """Return the audit change that posting ``entry`` records."""
    action = "ledger.entry.reversed" if entry.kind is EntryKind.REVERSAL else "ledger.entry.posted"
    if entry.kind is EntryKind.CLOSING:
        # A closing entry that reverses an earlier one undoes that year-end close.
        action = "ledger.year.close_reversed" if entry.reverses else "ledger.year.closed"
    state = {"id": entry.id, "fingerprint": entry.fingerprint}
    return Change(action, entry.id, state, at=entry.posted_at)
