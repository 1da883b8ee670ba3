"""Turning entries as given into posted entries: validation, base amounts, fingerprints.

Pure functions, no storage: given the chart, the base currency and the period states,
an entry in its raw form (:data:`RawEntry`: plain values, from a draft's models or a
bulk import's columns alike) either becomes a
:class:`~backoffice_core.ledger.journal.PostedEntry` or raises a specific error naming
what was wrong. Every posting path (``post``, ``post_many``, ``import_entries``,
reversals and the year-end close) goes through :func:`prepare_posting`, so they refuse
the same input the same way. The service calls it before it writes anything, which is
why a refused posting leaves the store unchanged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Container, Mapping, Sequence
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
from backoffice_core.ledger.journal import LineValues, PostedEntry
from backoffice_core.ledger.models import (
    Account,
    EntryDraft,
    EntryKind,
    LedgerSettings,
    Line,
    PeriodStatus,
    Side,
)
from backoffice_core.money import Money, Rounding, minor_unit
from backoffice_core.periods import PeriodState

__all__ = [
    "MAX_LINE_UNITS",
    "PendingEntry",
    "RawEntry",
    "RawLine",
    "check_period_open",
    "entry_change",
    "fingerprint",
    "plain_codes",
    "prepare_entry",
    "prepare_posting",
    "prepare_postings",
    "raw_entry",
    "raw_line",
    "stored_units",
]

_ONE = Decimal(1)
# Minor units by currency, read for every line: a plain dict beats lru_cache.
_PLACES: dict[str, int] = {}

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


def _too_large(what: str, units: int, currency: str) -> AmountTooLargeError:
    return AmountTooLargeError(
        f"{what} {Money.from_minor(units, currency)} is above the largest amount a line may "
        f"carry, {Money.from_minor(MAX_LINE_UNITS, currency)}; split it over several lines "
        "or check the figure"
    )


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
        raise _too_large(what, units, money.currency)
    return units


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


RawLine = tuple[
    str,
    bool,
    str | None,
    Decimal | int,
    Decimal | None,
    Money | None,
    str,
    tuple[tuple[str, str], ...],
    tuple[str, ...],
]
"""A line as given, its fields already of the right types: account code, debit (True)
or credit, currency (None: the base currency), the positive amount in major units,
exchange rate, base amount, memo, dimensions as sorted pairs, and tags."""

RawEntry = tuple[str, date, str, str | None, str, tuple[RawLine, ...]]
"""An entry as given: id, date, description, source, memo and its raw lines."""

PendingEntry = tuple[str | None, date, str, str | None, str, tuple[RawLine, ...]]
"""A raw entry whose id may still be missing (None: a new id is assigned at posting)."""


def raw_line(line: Line) -> RawLine:
    """Return the raw form of a :class:`Line` model (what the shared checks read)."""
    money = line.amount
    amount: Decimal | int = money.amount
    whole = int(amount)
    if whole == amount:
        amount = whole  # whole units take the short path of _settle
    dims = tuple(sorted(line.dimensions.items())) if line.dimensions else ()
    return (
        line.account, line.side is Side.DEBIT, money.currency, amount, line.rate,
        line.base_amount, line.memo, dims, line.tags,
    )  # fmt: skip


def raw_entry(draft: EntryDraft, entry_id: str) -> RawEntry:
    """Return the raw form of a draft posted under ``entry_id``."""
    lines = tuple(raw_line(line) for line in draft.lines)
    return (entry_id, draft.date, draft.description, draft.source, draft.memo, lines)


def _places(currency: str) -> int:
    places = _PLACES.get(currency)
    if places is None:
        places = _PLACES[currency] = minor_unit(currency)
    return places


def _units(amount: Decimal | int, currency: str, entry_ref: str, account: str) -> int:
    """Return ``amount`` in minor units of ``currency``, refusing finer amounts."""
    places = _places(currency)
    if isinstance(amount, int):
        units = amount * 10**places if places else amount
    else:
        scaled = amount.scaleb(places)
        units = int(scaled)
        if units != scaled:
            raise InvalidInputError(
                f"{entry_ref}: line amount {currency} {amount} on {account!r} has more "
                f"decimals than {currency} allows ({places}); round it before posting"
            )
    if units > MAX_LINE_UNITS:
        raise _too_large(f"{entry_ref}: line amount on {account!r}", units, currency)
    return units


def _check_line_text(
    code: str,
    memo: str,
    dims: tuple[tuple[str, str], ...],
    tags: tuple[str, ...],
    entry_ref: str,
) -> None:
    what = f"{entry_ref}: line on {code!r}"
    check_text(memo, f"{what}: memo")
    for name, value in dims:
        check_text(name, f"{what}: dimension name")
        check_text(value, f"{what}: dimension {name!r}")
    for tag in tags:
        check_text(tag, f"{what}: tag")


def _check_entry_text(entry_id: str, description: str, source: str | None, memo: str) -> None:
    check_text(entry_id, "entry id")
    ref = f"entry {entry_id!r}"
    check_text(description, f"{ref}: description")
    check_text(source, f"{ref}: source")
    check_text(memo, f"{ref}: memo")


def _line_values(
    raw: RawLine, account: Account | None, base: str, entry_ref: str, check_state: bool
) -> LineValues:
    """Check one raw line against its account and settle it in base currency.

    A line in the base currency is worth its own amount in base; a line in another
    currency takes its ``base_amount`` or, failing that, amount x rate rounded
    half-even to the base minor unit.
    """
    code, debit, currency, amount, rate, base_amount, memo, dims, tags = raw
    if currency is None:
        currency = base
    if memo or dims or tags:
        _check_line_text(code, memo, dims, tags, entry_ref)
    if account is None:
        raise UnknownAccountError(
            f"{entry_ref}: account {code!r} is not in the chart of accounts; "
            "add it with ledger.add_account() or load a chart first"
        )
    if check_state and not account.active:
        raise InactiveAccountError(
            f"{entry_ref}: account {code!r} ({account.name}) is inactive; "
            "reactivate it or post to another account"
        )
    if check_state and not account.postable:
        raise HeaderAccountError(
            f"{entry_ref}: account {code!r} ({account.name}) is a header account "
            "that only groups others; post to one of its sub-accounts"
        )
    if account.currency is not None and account.currency != currency:
        raise CurrencyMismatchError(
            f"{entry_ref}: account {code!r} holds {account.currency} only, "
            f"but the line is {currency} {amount}"
        )
    units = _units(amount, currency, entry_ref, code)
    if currency == base:
        if rate is not None and rate != _ONE:
            raise InvalidInputError(
                f"{entry_ref}: line on {code!r} is in the base currency {base} "
                f"but has exchange rate {rate}; leave the rate out"
            )
        if base_amount is not None and (
            base_amount.currency != base or base_amount.amount != amount
        ):
            raise InvalidInputError(
                f"{entry_ref}: base amount {base_amount} differs from {currency} {amount} "
                "although the line is in the base currency"
            )
        base_units = units
        rate_text = None
    elif base_amount is not None:
        if base_amount.currency != base or not base_amount.is_rounded():
            raise InvalidInputError(
                f"{entry_ref}: base amount {base_amount} must be in {base}, rounded to "
                "its minor unit"
            )
        if base_amount.amount <= 0:
            raise InvalidInputError(
                f"{entry_ref}: base amount {base_amount} on {code!r} must be above zero "
                f"like the line's amount {currency} {amount}; the side gives the sign"
            )
        base_units = stored_units(base_amount, f"{entry_ref}: base amount on {code!r}")
        rate_text = None if rate is None else str(rate)
    else:
        if rate is None or rate <= 0:
            raise InvalidInputError(
                f"{entry_ref}: line {currency} {amount} on {code!r} is not in the base "
                f"currency {base}; give its exchange rate (rate=...) or its base_amount"
            )
        # Money's own multiplication is exact (it raises rather than round silently).
        product = (Money(amount, currency) * rate).amount
        converted = Money(product, base).round(Rounding.HALF_EVEN)
        if not converted:
            raise InvalidInputError(
                f"{entry_ref}: line {currency} {amount} on {code!r} at rate {rate} is "
                f"zero in {base} once rounded; give its base_amount or a larger amount"
            )
        base_units = stored_units(converted, f"{entry_ref}: base amount on {code!r}")
        rate_text = str(rate)
    if not debit:
        units, base_units = -units, -base_units
    return (code, currency, units, base_units, rate_text, memo, dims, tags)


def plain_codes(accounts: Mapping[str, Account], base: str, check_state: bool) -> frozenset[str]:
    """Return the codes a line in whole base-currency units may post to with no more checks.

    Those accounts exist, accept the base currency, and are active and postable (or the state is
    not checked): exactly what :func:`_line_values` would find nothing wrong with for
    such a line. Computed once per posting, it makes the common line a set lookup.
    """
    return frozenset(
        code
        for code, account in accounts.items()
        if account.currency in (None, base)
        and ((account.active and account.postable) or not check_state)
    )


def _excess(diff: int, currency: str) -> str:
    """Say which side exceeds the other, and by how much (``diff`` is debit less credit)."""
    side = "debits exceed credits" if diff > 0 else "credits exceed debits"
    return f"{side} by {Money.from_minor(abs(diff), currency)}"


def _settle(
    raws: tuple[RawLine, ...],
    accounts: Mapping[str, Account],
    base: str,
    entry_id: str,
    check_state: bool,
    plain: frozenset[str],
) -> tuple[LineValues, ...]:
    """Check every line and the balances; return the lines in storage form.

    One pass over the lines: each is checked against its account and settled in base
    currency, and its signed minor units are added up per currency and in base. The
    lines in whole units of the base currency on a :func:`plain_codes` account, the
    common case, take a shorter path to the same result.
    """
    if len(raws) < 2:
        raise UnbalancedEntryError(
            f"entry {entry_id!r} has {len(raws)} line(s); an entry needs two or more"
        )
    content: list[LineValues] = []
    per_currency: dict[str, int] = {}
    base_total = 0
    scale = 10 ** _places(base)
    for raw in raws:
        code, debit, currency, amount, rate, base_amount, memo, dims, tags = raw
        if (
            code in plain
            and rate is None
            and base_amount is None
            and type(amount) is int
            and (currency is None or currency == base)
        ):
            # The common line: whole units of the base currency on a plain account.
            units = amount * scale
            if units > MAX_LINE_UNITS:
                raise _too_large(f"entry {entry_id!r}: line amount on {code!r}", units, base)
            if memo or dims or tags:
                _check_line_text(code, memo, dims, tags, f"entry {entry_id!r}")
            if not debit:
                units = -units
            base_total += units
            content.append((code, base, units, units, None, memo, dims, tags))
            continue
        values = _line_values(raw, accounts.get(code), base, f"entry {entry_id!r}", check_state)
        currency = values[1]
        if currency != base:
            per_currency[currency] = per_currency.get(currency, 0) + values[2]
        base_total += values[3]
        content.append(values)
    for currency, diff in per_currency.items():
        # The base currency balances through the base total below, which may carry
        # exchange differences in base-currency lines beside foreign-currency ones.
        if diff:
            raise UnbalancedEntryError(
                f"entry {entry_id!r} does not balance in {currency}: {_excess(diff, currency)}; "
                "add or correct a line"
            )
    if base_total:
        if not per_currency:  # every line in the base currency
            raise UnbalancedEntryError(
                f"entry {entry_id!r} does not balance: {_excess(base_total, base)}; "
                "add or correct a line"
            )
        raise UnbalancedEntryError(
            f"entry {entry_id!r} does not balance in base currency {base} after conversion: "
            f"{_excess(base_total, base)}; give base_amount on a line to absorb the rounding"
        )
    return tuple(content)


def fingerprint(
    entry_date: date,
    description: str,
    source: str | None,
    memo: str,
    kind: EntryKind,
    reverses: str | None,
    content: tuple[LineValues, ...],
) -> str:
    """Return the SHA-256 of an entry's content (what makes a reused id a conflict).

    Amounts enter as signed minor units, so ``Money("1000")`` and ``Money("1000.00")``
    are the same content. The text hashed is the ``repr`` of a tuple of strings,
    integers, ``None`` and tuples: unambiguous (strings are quoted and escaped) and
    several times faster than canonical JSON on the bulk-posting path.
    """
    head = (entry_date.isoformat(), description, source, memo, kind._value_, reverses)
    return hashlib.sha256(repr((head, content)).encode()).hexdigest()


def prepare_posting(
    raw: RawEntry,
    accounts: Mapping[str, Account],
    base_currency: str,
    periods: Mapping[str, PeriodStatus],
    *,
    actor: str,
    now: datetime,
    kind: EntryKind = EntryKind.REGULAR,
    reverses: str | None = None,
    check_state: bool = True,
    plain: frozenset[str] | None = None,
) -> PostedEntry:
    """Validate a raw entry and return it as it is stored.

    Args:
        raw: The entry (id, date, description, source, memo, lines).
        accounts: The chart (at least the accounts the lines name).
        base_currency: The books' base currency.
        periods: Stored period states by month.
        actor: Who posts.
        now: The posting time.
        kind: Regular, reversal or closing.
        reverses: For a reversal, the reversed entry's id.
        check_state: Check that the period is open and the accounts active; off when
            an already posted id is replayed, which only needs its fingerprint.
        plain: :func:`plain_codes` of ``accounts``, when a bulk posting computed
            them once for every entry.

    Raises:
        UnknownAccountError: A line names an account not in the chart.
        InactiveAccountError: A line posts to an inactive account.
        HeaderAccountError: A line posts to a header (not postable) account.
        CurrencyMismatchError: A line's currency is not its account's.
        UnbalancedEntryError: Debits and credits differ per currency or in base.
        PeriodClosedError: The date falls in a closed or locked period.
        InvalidInputError: An amount is not rounded, a rate or base amount is missing
            or wrong, or a text holds a NUL character.
        AmountTooLargeError: An amount is above :data:`MAX_LINE_UNITS` minor units.
    """
    entry_id, day, description, source, memo, raws = raw
    _check_entry_text(entry_id, description, source, memo)
    if check_state and periods:
        check_period_open(day, periods, f"entry {entry_id!r}")
    if plain is None:
        plain = plain_codes(accounts, base_currency, check_state)
    content = _settle(raws, accounts, base_currency, entry_id, check_state, plain)
    digest = fingerprint(day, description, source, memo, kind, reverses, content)
    return PostedEntry(
        entry_id, day, description, source, memo, kind, reverses, now, actor, digest,
        base_currency, content,
    )  # fmt: skip


def prepare_postings(
    raws: Sequence[RawEntry],
    accounts: Mapping[str, Account],
    base_currency: str,
    periods: Mapping[str, PeriodStatus],
    posted: Container[str],
    *,
    actor: str,
    now: datetime,
) -> list[PostedEntry]:
    """Validate regular entries in bulk: :func:`prepare_posting` for each, in one loop.

    Args:
        raws: The entries, their ids assigned.
        accounts: The chart (at least the accounts the lines name).
        base_currency: The books' base currency.
        periods: Stored period states by month.
        posted: Ids already posted: those are replays, checked for content only.
        actor: Who posts.
        now: The posting time.

    Raises:
        InvalidInputError: As :func:`prepare_posting`, for the first entry refused.
        PeriodClosedError: As :func:`prepare_posting`.
    """
    plain = plain_codes(accounts, base_currency, True)
    # Replays skip the state checks, so their common lines may name any known account.
    replay = plain_codes(accounts, base_currency, False) if posted else plain
    regular = EntryKind.REGULAR
    out = []
    for entry_id, day, description, source, memo, lines in raws:
        _check_entry_text(entry_id, description, source, memo)
        check_state = entry_id not in posted
        if check_state and periods:
            check_period_open(day, periods, f"entry {entry_id!r}")
        content = _settle(
            lines, accounts, base_currency, entry_id, check_state, plain if check_state else replay
        )
        digest = fingerprint(day, description, source, memo, regular, None, content)
        out.append(
            PostedEntry(
                entry_id, day, description, source, memo, regular, None, now, actor, digest,
                base_currency, content,
            )
        )  # fmt: skip
    return out


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
) -> PostedEntry:
    """Validate ``draft`` and return the entry it posts as (see :func:`prepare_posting`).

    Raises:
        InvalidInputError: As :func:`prepare_posting`.
        PeriodClosedError: As :func:`prepare_posting`.
    """
    return prepare_posting(
        raw_entry(draft, entry_id),
        accounts,
        settings.base_currency,
        periods,
        actor=actor,
        now=now,
        kind=kind,
        reverses=reverses,
        check_state=check_state,
    )


def entry_change(entry: PostedEntry) -> Change:
    """Return the audit change that posting ``entry`` records."""
    action = "ledger.entry.reversed" if entry.kind is EntryKind.REVERSAL else "ledger.entry.posted"
    if entry.kind is EntryKind.CLOSING:
        # A closing entry that reverses an earlier one undoes that year-end close.
        action = "ledger.year.close_reversed" if entry.reverses else "ledger.year.closed"
    state = {"id": entry.id, "fingerprint": entry.fingerprint}
    return Change(action, entry.id, state, at=entry.posted_at)
