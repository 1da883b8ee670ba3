"""A typed builder for bulk imports: :class:`EntryBatch`, entries without models.

An import (a bank statement, a point-of-sale day, a migration from another ledger)
can carry hundreds of thousands of entries. :class:`EntryBatch` collects them line by
line as plain values, checking each field's type and form as it is added, and
:meth:`Ledger.import_entries <backoffice_core.ledger.Ledger.import_entries>` posts the
batch through the same checks as :meth:`~backoffice_core.ledger.Ledger.post` without
building a pydantic model per line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal

from backoffice_core.errors import InvalidInputError
from backoffice_core.ledger.posting import PendingEntry, RawLine
from backoffice_core.money import Money, minor_unit, to_decimal

__all__ = ["EntryBatch"]

_CODE = re.compile(r"^[\w.\-]+$")
_MAX_ID = 128
_MAX_CODE = 32


def _positive(value: object, what: str) -> Decimal | int:
    """Return a positive amount as an int (whole units) or a finite Decimal."""
    if type(value) is int:
        amount: Decimal | int = value
    else:
        amount = to_decimal(value, what=what)
        whole = int(amount)
        if whole == amount:
            amount = whole  # whole units take the short path of the checks
    if amount <= 0:
        raise InvalidInputError(
            f"{what} {value!r} must be above zero: use the other side for a negative"
        )
    return amount


class EntryBatch:
    """Entries to import, collected as plain values (see ``Ledger.import_entries``).

    Start each entry with :meth:`entry`, then add its lines with :meth:`debit` and
    :meth:`credit`. Every field is checked for its type and form when it is added
    (account code, positive amount, known currency, no floats); the accounting checks
    (accounts, balance, periods, rates) run when the batch is imported.

    Example:
        >>> from datetime import date
        >>> batch = EntryBatch()
        >>> batch.entry(date(2026, 1, 5), "Sewa kantor", id="rent-2026-01")
        >>> batch.debit("6110", 15_000_000)
        >>> batch.credit("1110", 15_000_000)
        >>> len(batch), batch.line_count
        (1, 2)
    """

    __slots__ = ("_codes", "_entries", "_lines", "_starts")

    def __init__(self) -> None:
        self._entries: list[tuple[str | None, date, str, str | None, str]] = []
        self._starts: list[int] = []
        self._lines: list[RawLine] = []
        self._codes: dict[str, str] = {}

    def __len__(self) -> int:
        """Return how many entries the batch holds."""
        return len(self._entries)

    @property
    def line_count(self) -> int:
        """How many lines the batch holds."""
        return len(self._lines)

    def entry(
        self,
        on: date,
        description: str,
        *,
        id: str | None = None,
        source: str | None = None,
        memo: str = "",
    ) -> None:
        """Start a new entry; the lines added next belong to it.

        Args:
            on: The accounting date (a ``date``, not a ``datetime``).
            description: What the entry records (surrounding blanks are stripped).
            id: Idempotency key (1 to 128 characters, not blank); a time-ordered id
                when omitted.
            source: Reference to the source document.
            memo: A longer note.

        Raises:
            InvalidInputError: If a field has the wrong type or form.
        """
        ref = f"entry {id!r}" if id is not None else f"entry {len(self._entries) + 1} of the batch"
        if type(on) is not date:
            kind = "datetime" if isinstance(on, datetime) else type(on).__name__
            raise InvalidInputError(f"{ref}: date {on!r} is a {kind}; pass a datetime.date")
        if not isinstance(description, str) or not description.strip():
            raise InvalidInputError(
                f"{ref}: description {description!r} must be non-blank text saying what the "
                "entry records"
            )
        if id is not None and (not isinstance(id, str) or not id.strip() or len(id) > _MAX_ID):
            raise InvalidInputError(
                f"entry id {id!r} must be non-blank text of at most {_MAX_ID} characters; "
                "omit it to get a generated id"
            )
        if source is not None and not isinstance(source, str):
            raise InvalidInputError(f"{ref}: source {source!r} must be text or None")
        if not isinstance(memo, str):
            raise InvalidInputError(f"{ref}: memo {memo!r} must be text")
        self._entries.append((id, on, description.strip(), source, memo))
        self._starts.append(len(self._lines))

    def debit(
        self,
        account: str,
        amount: Money | Decimal | int | str,
        currency: str | None = None,
        *,
        rate: Decimal | int | str | None = None,
        base_amount: Money | None = None,
        memo: str = "",
        dimensions: Mapping[str, str] | None = None,
        tags: Sequence[str] = (),
    ) -> None:
        """Add a debit line to the current entry.

        Args:
            account: The account code.
            amount: The positive amount in major units (``15000000``, ``"12.50"``,
                a Decimal or a Money); never a float.
            currency: The line's currency; the books' base currency when omitted (or
                the Money's currency).
            rate: Exchange rate to the base currency, for a line in another currency.
            base_amount: The amount in base currency, instead of a rate.
            memo: A note on this line.
            dimensions: Analysis dimensions (name to value).
            tags: Free tags.

        Raises:
            InvalidInputError: If a field has the wrong type or form, or no entry
                was started.
        """
        self._line(True, account, amount, currency, rate, base_amount, memo, dimensions, tags)

    def credit(
        self,
        account: str,
        amount: Money | Decimal | int | str,
        currency: str | None = None,
        *,
        rate: Decimal | int | str | None = None,
        base_amount: Money | None = None,
        memo: str = "",
        dimensions: Mapping[str, str] | None = None,
        tags: Sequence[str] = (),
    ) -> None:
        """Add a credit line to the current entry (arguments as :meth:`debit`).

        Raises:
            InvalidInputError: As :meth:`debit`.
        """
        self._line(False, account, amount, currency, rate, base_amount, memo, dimensions, tags)

    def _line(
        self,
        debit: bool,
        account: str,
        amount: Money | Decimal | int | str,
        currency: str | None,
        rate: Decimal | int | str | None,
        base_amount: Money | None,
        memo: str,
        dimensions: Mapping[str, str] | None,
        tags: Sequence[str],
    ) -> None:
        if (
            type(amount) is int
            and amount > 0
            and currency is None
            and rate is None
            and base_amount is None
            and not memo
            and not dimensions
            and not tags
            and self._entries
        ):
            # Whole units of the base currency and nothing else: the common import line.
            code = self._codes.get(account)
            if code is None:
                code = self._code(account)
            self._lines.append((code, debit, None, amount, None, None, "", (), ()))
            return
        if not self._entries:
            raise InvalidInputError(
                f"line on account {account!r} has no entry: call batch.entry(...) first"
            )
        code = self._codes.get(account)
        if code is None:
            code = self._code(account)
        if isinstance(amount, Money):
            if currency is not None and currency != amount.currency:
                raise InvalidInputError(
                    f"line on {code!r}: amount {amount} is not in the currency {currency} "
                    "given beside it; give one currency"
                )
            currency = amount.currency
            amount = amount.amount
        value = _positive(amount, f"line amount on {code!r}")
        if currency is not None:
            minor_unit(currency)  # an unknown code raises MoneyError naming it
        exact_rate = None if rate is None else to_decimal(rate, what="exchange rate")
        if base_amount is not None and not isinstance(base_amount, Money):
            raise InvalidInputError(
                f"line on {code!r}: base_amount {base_amount!r} must be Money or None"
            )
        if not isinstance(memo, str):
            raise InvalidInputError(f"line on {code!r}: memo {memo!r} must be text")
        dims: tuple[tuple[str, str], ...] = ()
        if dimensions:
            if not all(isinstance(k, str) and isinstance(v, str) for k, v in dimensions.items()):
                raise InvalidInputError(
                    f"line on {code!r}: dimensions {dict(dimensions)!r} must map text to text"
                )
            dims = tuple(sorted(dimensions.items()))
        if tags and (isinstance(tags, str) or not all(isinstance(t, str) for t in tags)):
            raise InvalidInputError(f"line on {code!r}: tags {tags!r} must be a sequence of text")
        line = (code, debit, currency, value, exact_rate, base_amount, memo, dims, tuple(tags))
        self._lines.append(line)

    def _code(self, account: object) -> str:
        code = account.strip() if isinstance(account, str) else None
        if code is None or not 0 < len(code) <= _MAX_CODE or not _CODE.match(code):
            raise InvalidInputError(
                f"account code {account!r} is invalid: use 1 to {_MAX_CODE} letters, digits, "
                "dots, dashes or underscores"
            )
        self._codes[account] = code  # type: ignore[index]  # a str, checked above
        return code

    def raw_entries(self) -> Iterator[PendingEntry]:
        """Yield the entries in their raw form, ids not yet assigned (None when omitted)."""
        lines = self._lines
        ends = [*self._starts[1:], len(lines)]
        for head, start, end in zip(self._entries, self._starts, ends, strict=True):
            entry_id, on, description, source, memo = head
            yield (entry_id, on, description, source, memo, tuple(lines[start:end]))
