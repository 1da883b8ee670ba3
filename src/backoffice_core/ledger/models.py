"""Ledger data: accounts, journal lines and entries, periods, balances and budgets.

These pydantic models are what crosses the ledger's boundary: what a user passes in,
what a store saves, what a report reads. They are frozen; a change is a new version.
Amounts are :class:`~backoffice_core.money.Money`; a line's amount is always positive
and its :class:`Side` says whether it is a debit or a credit.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from backoffice_core.errors import BackofficeError, InvalidInputError
from backoffice_core.money import Money, minor_unit, to_decimal
from backoffice_core.periods import Month, PeriodState

__all__ = [
    "Account",
    "AccountCode",
    "AccountType",
    "Activity",
    "BalanceRow",
    "BudgetLine",
    "DimensionBalanceRow",
    "EntryAccountRow",
    "EntryDraft",
    "EntryKind",
    "JournalEntry",
    "LedgerSettings",
    "Line",
    "LineRow",
    "PeriodStatus",
    "ReversalDate",
    "Section",
    "Side",
]

AccountCode = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=32, pattern=r"^[\w.\-]+$"),
]
"""An account code: letters, digits, dots, dashes or underscores (``1110``, ``6-110``)."""

_FROZEN = ConfigDict(frozen=True, extra="forbid")


def _refusal(model: str, exc: ValidationError) -> BackofficeError:
    """Turn pydantic's error into the library's: the original one, or InvalidInputError."""
    errors = exc.errors()
    if len(errors) == 1:
        original = (errors[0].get("ctx") or {}).get("error")
        if isinstance(original, BackofficeError):
            return original
    problems = "; ".join(
        f"{'.'.join(map(str, e['loc'])) or 'value'}: {e['msg']} (got {e['input']!r:.80})"
        for e in errors
    )
    return InvalidInputError(f"{model} is invalid: {problems}; correct the value and retry")


class _Checked(BaseModel):
    """A model whose refused input raises a BackofficeError, never pydantic's own error."""

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise _refusal(type(self).__name__, exc) from None

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        """Validate ``obj`` (see pydantic); a refusal raises InvalidInputError."""
        try:
            return super().model_validate(obj, *args, **kwargs)
        except ValidationError as exc:
            raise _refusal(cls.__name__, exc) from None


class Side(enum.StrEnum):
    """Which side of the ledger a line is on."""

    DEBIT = "debit"
    CREDIT = "credit"


class AccountType(enum.StrEnum):
    """The five account types of double-entry bookkeeping."""

    ASSET = "asset"
    LIABILITY = "liability"
    EQUITY = "equity"
    INCOME = "income"
    EXPENSE = "expense"

    @property
    def normal_balance(self) -> Side:
        """Debit for assets and expenses, credit for the rest."""
        return Side.DEBIT if self in (AccountType.ASSET, AccountType.EXPENSE) else Side.CREDIT

    @property
    def is_temporary(self) -> bool:
        """True for income and expense accounts, which close to retained earnings."""
        return self in (AccountType.INCOME, AccountType.EXPENSE)


class Activity(enum.StrEnum):
    """The cash-flow activity a counter-account's movements are reported under."""

    OPERATING = "operating"
    INVESTING = "investing"
    FINANCING = "financing"


class Section(enum.StrEnum):
    """The statement sections of the SAK EMKM / SAK ETAP layouts.

    An account's ``section`` places it in the balance sheet or income statement;
    an account without one takes its parent's, and a top-level account without one
    the default of its type (:meth:`default_for`). Custom layouts may use section
    keys of their own (any lower-case identifier).
    """

    CURRENT_ASSETS = "current_assets"
    """Aset lancar: cash, receivables, inventory, prepayments."""
    NON_CURRENT_ASSETS = "non_current_assets"
    """Aset tidak lancar: fixed and intangible assets."""
    CURRENT_LIABILITIES = "current_liabilities"
    """Liabilitas jangka pendek: payables, taxes, accruals."""
    NON_CURRENT_LIABILITIES = "non_current_liabilities"
    """Liabilitas jangka panjang: long-term loans, employee benefits."""
    EQUITY = "equity"
    """Ekuitas."""
    REVENUE = "revenue"
    """Pendapatan usaha."""
    COST_OF_REVENUE = "cost_of_revenue"
    """Beban pokok pendapatan."""
    OPERATING_EXPENSES = "operating_expenses"
    """Beban usaha."""
    OTHER_INCOME = "other_income"
    """Pendapatan lain-lain."""
    OTHER_EXPENSES = "other_expenses"
    """Beban lain-lain."""
    INCOME_TAX = "income_tax"
    """Beban pajak penghasilan."""

    @classmethod
    def default_for(cls, account_type: AccountType) -> Section:
        """Return the section an account of ``account_type`` falls in when none is set."""
        return {
            AccountType.ASSET: cls.CURRENT_ASSETS,
            AccountType.LIABILITY: cls.CURRENT_LIABILITIES,
            AccountType.EQUITY: cls.EQUITY,
            AccountType.INCOME: cls.REVENUE,
            AccountType.EXPENSE: cls.OPERATING_EXPENSES,
        }[account_type]


SectionKey = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z][a-z0-9_]{0,63}$")
]
"""A statement section key: a :class:`Section` or a custom lower-case identifier."""

_LANGUAGE = r"^[a-z]{2,3}$"


class Account(_Checked):
    """One account of the chart of accounts.

    Args:
        code: The account code; a parent's code need not be a prefix.
        name: The account's name, in the language of the books.
        type: Asset, liability, equity, income or expense.
        parent: The code of the parent account, for a hierarchical chart.
        currency: The only currency the account accepts; ``None`` accepts any.
        active: Inactive accounts refuse new postings.
        cash: True for cash and cash equivalents (the cash-flow statement's scope).
        activity: Where movements against this account show in the cash-flow
            statement; defaults from the type (equity: financing, else operating).
        section: The statement section (:class:`Section` or a custom key); None
            takes the parent's, or the type's default at the top.
        postable: False for a header account that only groups others: posting to
            it is refused with :class:`~backoffice_core.ledger.HeaderAccountError`.
        names: The name in other languages, by ISO 639 language code
            (``{"en": "Cash on hand"}``); reports in that language show it.
        version: Optimistic-concurrency version, bumped by every update.
    """

    model_config = _FROZEN

    code: AccountCode
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    type: AccountType
    parent: AccountCode | None = None
    currency: str | None = None
    active: bool = True
    cash: bool = False
    activity: Activity | None = None
    section: SectionKey | None = None
    postable: bool = True
    names: dict[
        Annotated[str, StringConstraints(pattern=_LANGUAGE)],
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)],
    ] = Field(default_factory=dict)
    version: int = 0

    @property
    def normal_balance(self) -> Side:
        """The side on which the account's balance is normally carried."""
        return self.type.normal_balance

    def name_in(self, language: str) -> str:
        """Return the account's name in ``language`` (``"en"``), or its own name."""
        return self.names.get(language, self.name)

    @property
    def cash_flow_activity(self) -> Activity:
        """The explicit activity, or the default for the account type."""
        if self.activity is not None:
            return self.activity
        return Activity.FINANCING if self.type is AccountType.EQUITY else Activity.OPERATING

    def same_definition(self, other: Account) -> bool:
        """Return True if ``other`` defines the same account (ignoring version)."""
        return self.model_dump(exclude={"version"}) == other.model_dump(exclude={"version"})


class Line(_Checked):
    """One line of a journal entry: an account, a side and a positive amount.

    Args:
        account: The account code.
        side: Debit or credit.
        amount: A positive amount in the transaction currency.
        rate: Exchange rate to the base currency (base per unit); required when the
            amount is not in the base currency, forbidden otherwise.
        base_amount: The amount in base currency, for a line in another currency.
            Filled in at posting from ``rate`` (rounded half-even to the base minor
            unit) unless given explicitly; None on lines in the base currency, whose
            amount is already in base (see :attr:`base_equivalent`).
        memo: A note on this line.
        dimensions: Analysis dimensions such as ``department``, ``cost_centre`` or
            ``project`` (name to value).
        tags: Free tags.
    """

    model_config = _FROZEN

    account: AccountCode
    side: Side
    amount: Money
    rate: Decimal | None = None
    base_amount: Money | None = None
    memo: str = ""
    dimensions: dict[str, str] = Field(default_factory=dict)
    tags: tuple[str, ...] = ()

    @field_validator("rate", mode="before")
    @classmethod
    def _exact_rate(cls, value: object) -> object:
        return value if value is None else to_decimal(value, what="exchange rate")

    @field_validator("amount")
    @classmethod
    def _positive(cls, value: Money) -> Money:
        if value.amount <= 0:
            raise InvalidInputError(
                f"line amount {value} must be above zero: use the other side for a negative"
            )
        return value

    @classmethod
    def debit(
        cls,
        account: str,
        amount: Money,
        *,
        rate: Decimal | None = None,
        memo: str = "",
        tags: tuple[str, ...] = (),
        **dimensions: str,
    ) -> Line:
        """Build a debit line; keyword arguments beyond these become dimensions.

        Raises:
            InvalidInputError: If the account code or amount is invalid.
        """
        return cls._build(account, Side.DEBIT, amount, rate, memo, tags, dimensions)

    @classmethod
    def credit(
        cls,
        account: str,
        amount: Money,
        *,
        rate: Decimal | None = None,
        memo: str = "",
        tags: tuple[str, ...] = (),
        **dimensions: str,
    ) -> Line:
        """Build a credit line; keyword arguments beyond these become dimensions.

        Raises:
            InvalidInputError: If the account code or amount is invalid.
        """
        return cls._build(account, Side.CREDIT, amount, rate, memo, tags, dimensions)

    @classmethod
    def _build(
        cls,
        account: str,
        side: Side,
        amount: Money,
        rate: Decimal | None,
        memo: str,
        tags: tuple[str, ...],
        dimensions: dict[str, str],
    ) -> Line:
        if (
            type(amount) is Money
            and rate is None
            and not memo
            and not tags
            and not dimensions
            and _FAST_LINES
            and amount.amount > 0
        ):
            code = _KNOWN_CODES.get(account)
            if code is not None:
                return _plain_line(code, side, amount)
        # Only non-default fields are passed: each one passed is validated again.
        fields: dict[str, object] = {"account": account, "side": side, "amount": amount}
        if rate is not None:
            fields["rate"] = rate
        if memo:
            fields["memo"] = memo
        if tags:
            fields["tags"] = tags
        if dimensions:
            fields["dimensions"] = dimensions
        try:
            line = cls(**fields)
        except InvalidInputError as exc:
            raise type(exc)(f"{side} line on account {account!r} for {amount!r}: {exc}") from None
        if isinstance(account, str) and len(_KNOWN_CODES) < _MAX_KNOWN_CODES:
            _KNOWN_CODES[account] = line.account
        return line

    @property
    def signed_amount(self) -> Money:
        """The amount, positive for a debit and negative for a credit."""
        return self.amount if self.side is Side.DEBIT else -self.amount

    @property
    def base_equivalent(self) -> Money:
        """The amount in base currency: ``base_amount``, or ``amount`` when it is None.

        On a posted line this is always the base-currency value, because only lines
        already in the base currency leave ``base_amount`` empty.
        """
        return self.amount if self.base_amount is None else self.base_amount


# Line.debit / Line.credit of a plain line (a Money above zero on an account code
# already validated once) skip pydantic: building line models was a third of bulk
# posting. The result is the model validation would give (a test holds them equal).
_KNOWN_CODES: dict[str, str] = {}
_MAX_KNOWN_CODES = 10_000
_LINE_DEFAULTS = {"rate": None, "base_amount": None, "memo": "", "tags": ()}


def _plain_line(code: str, side: Side, amount: Money) -> Line:
    line = Line.__new__(Line)
    fields: dict[str, object] = {"account": code, "side": side, "amount": amount}
    fields.update(_LINE_DEFAULTS)
    fields["dimensions"] = {}
    object.__setattr__(line, "__dict__", fields)
    object.__setattr__(line, "__pydantic_fields_set__", {"account", "side", "amount"})
    object.__setattr__(line, "__pydantic_extra__", None)
    object.__setattr__(line, "__pydantic_private__", None)
    return line


def _fast_lines_allowed() -> bool:
    """The shortcut is valid only while Line validates what it knew when written.

    A validator added to Line (or a field) turns it off by itself, so that no check
    is ever skipped; tests/ledger/test_ledger_import.py then says why it is off.
    """
    decorators = Line.__pydantic_decorators__
    return (
        set(decorators.field_validators) == {"_positive", "_exact_rate"}
        and not decorators.model_validators
        and set(Line.model_fields)
        == {"account", "side", "amount", "rate", "base_amount", "memo", "dimensions", "tags"}
    )


_FAST_LINES = _fast_lines_allowed()


class EntryKind(enum.StrEnum):
    """Why an entry exists."""

    REGULAR = "regular"
    REVERSAL = "reversal"
    CLOSING = "closing"
    """A year-end closing entry (income and expense to retained earnings)."""


class EntryDraft(_Checked):
    """A journal entry before posting (what :meth:`Ledger.post_many` takes).

    Args:
        date: The accounting date.
        description: What the entry records.
        lines: Two or more lines, balanced per currency and in base currency.
        id: A client-supplied idempotency key; a time-ordered id when omitted.
        source: A reference to the source document (invoice number, document id).
        memo: A longer note.
    """

    model_config = _FROZEN

    date: date
    description: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    lines: tuple[Line, ...]
    id: Annotated[str, StringConstraints(min_length=1, max_length=128)] | None = None
    source: str | None = None
    memo: str = ""

    @field_validator("id")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise InvalidInputError(f"entry id {value!r} is blank: give a non-blank id or None")
        return value


class JournalEntry(_Checked):
    """A posted, immutable journal entry.

    Args:
        id: The entry id (the idempotency key).
        date: The accounting date.
        description: What the entry records.
        lines: The lines, each with its base amount filled in.
        source: Source document reference.
        memo: A longer note.
        kind: Regular, reversal or closing.
        reverses: For a reversal, the id of the entry it reverses.
        posted_at: When it was posted (UTC).
        posted_by: The actor who posted it.
        fingerprint: SHA-256 of the content, used to detect a reused id.
    """

    model_config = _FROZEN

    id: str
    date: date
    description: str
    lines: tuple[Line, ...]
    source: str | None = None
    memo: str = ""
    kind: EntryKind = EntryKind.REGULAR
    reverses: str | None = None
    posted_at: datetime
    posted_by: str
    fingerprint: str

    def totals(self) -> dict[str, tuple[Money, Money]]:
        """Return debit and credit totals per currency."""
        out: dict[str, tuple[Money, Money]] = {}
        for line in self.lines:
            cur = line.amount.currency
            debit, credit = out.get(cur, (Money.zero(cur), Money.zero(cur)))
            if line.side is Side.DEBIT:
                debit += line.amount
            else:
                credit += line.amount
            out[cur] = (debit, credit)
        return out


class ReversalDate(enum.StrEnum):
    """Policies for dating a reversal when no explicit date is given."""

    ORIGINAL = "original"
    """The reversal carries the original entry's date (refused if that period is closed)."""
    NEXT_PERIOD = "next_period"
    """The first day of the month after the original entry's month (accrual reversal)."""


class PeriodStatus(_Checked):
    """The state of one monthly period, with its concurrency version."""

    model_config = _FROZEN

    month: str
    state: PeriodState = PeriodState.OPEN
    version: int = 0

    @property
    def period(self) -> Month:
        """The month as a :class:`~backoffice_core.periods.Month`."""
        return Month.parse(self.month)


class LedgerSettings(_Checked):
    """Per-entity ledger settings, fixed when the entity's books are created.

    Args:
        base_currency: The functional currency every entry balances in.
        fiscal_year_start: The calendar month in which the fiscal year starts.
    """

    model_config = _FROZEN

    base_currency: str = "IDR"
    fiscal_year_start: Annotated[int, Field(ge=1, le=12)] = 1

    @field_validator("base_currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        minor_unit(value)
        return value


class BalanceRow(_Checked):
    """One aggregate row: an account's movement in one currency, in minor units.

    ``amount`` and ``base`` are signed (debit positive) integer minor units of the
    line currency and of the base currency.
    """

    model_config = _FROZEN

    account: str
    currency: str
    amount: int
    base: int


class DimensionBalanceRow(_Checked):
    """An account's movement for one combination of line dimensions, in base minor units.

    ``base`` is signed (debit positive); ``dimensions`` is the lines' dimension mapping
    (empty for lines without dimensions).
    """

    model_config = _FROZEN

    account: str
    dimensions: dict[str, str]
    base: int


class EntryAccountRow(_Checked):
    """The sum of one entry's lines on one account, in signed base minor units."""

    model_config = _FROZEN

    entry_id: str
    account: str
    base: int


class LineRow(_Checked):
    """One posted line as read back for the general ledger."""

    model_config = _FROZEN

    entry_id: str
    date: date
    description: str
    account: str
    amount: Money
    base_amount: Money
    side: Side
    memo: str = ""


class BudgetLine(_Checked):
    """A budgeted amount for one account and month, in base currency."""

    model_config = _FROZEN

    account: AccountCode
    month: str
    amount: Money
    version: int = 0

    def model_post_init(self, _context: Any) -> None:
        """Check that ``month`` is a ``YYYY-MM`` month."""
        Month.parse(self.month)
