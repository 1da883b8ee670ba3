"""Exact money: a Decimal amount in one ISO 4217 currency.

:class:`Money` never holds a float, never mixes currencies, and never rounds unless
asked to with a named :class:`Rounding`. Its minor unit (the number of decimals the
currency uses) comes from babel's CLDR data, and it is stored as an integer count of
minor units (:meth:`Money.to_minor` / :meth:`Money.from_minor`). Pydantic models can
hold it as a field; it serialises as ``{"amount": "…", "currency": "…"}``.
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any, Final

import attrs
from babel.core import Locale
from babel.numbers import get_currency_precision
from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

from backoffice_core.errors import CurrencyMismatchError, MoneyError

__all__ = ["MAX_AMOUNT_DIGITS", "Money", "Rounding", "minor_unit", "to_decimal"]

MAX_AMOUNT_DIGITS: Final = 30
"""Money holds amounts below 10**30 in magnitude; a larger one is refused (MoneyError).

Far above any stored amount (see ``backoffice_core.ledger.MAX_LINE_UNITS``) and any
total of them, it keeps every amount a plain number: ``Money("1e5000", "IDR")`` is
refused where it is built instead of failing somewhere downstream.
"""

# Every Money operation runs in this context: 100 digits hold any sum, product or
# quotient of amounts below 10**30 exactly, and a result that would need more raises
# (Inexact is trapped) instead of being rounded silently at the default 28 digits.
_EXACT: Final = decimal.Context(
    prec=100,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.Inexact, decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
# The same limits for an explicit rounding (Money.round): there an inexact result is
# what was asked for, with the named mode passed to quantize.
_ROUNDING: Final = decimal.Context(
    prec=100,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


class Rounding(enum.Enum):
    """The rounding modes the library uses, each named for what it does.

    Every rounding in backoffice_core passes one of these explicitly.
    """

    HALF_UP = decimal.ROUND_HALF_UP
    """Round to nearest; ties away from zero (the school rule)."""
    HALF_EVEN = decimal.ROUND_HALF_EVEN
    """Round to nearest; ties to the even digit (banker's rounding)."""
    DOWN = decimal.ROUND_DOWN
    """Truncate toward zero (Indonesian tax practice for rupiah)."""
    UP = decimal.ROUND_UP
    """Round away from zero."""
    FLOOR = decimal.ROUND_FLOOR
    """Round toward negative infinity."""
    CEILING = decimal.ROUND_CEILING
    """Round toward positive infinity."""


_EXPONENTS: dict[str, Decimal] = {}
# Minor units by currency, read on every stored amount: a plain dict beats lru_cache.
_PLACES: dict[str, int] = {}
_KNOWN_CURRENCIES: Final = frozenset(Locale("en").currencies)


@lru_cache(maxsize=512)
def minor_unit(currency: str) -> int:
    """Return how many decimals ``currency`` uses (0 for IDR and JPY, 2 for USD).

    Args:
        currency: An ISO 4217 code in upper case.

    Raises:
        MoneyError: If the code is not a known ISO 4217 currency.
    """
    if not isinstance(currency, str) or currency not in _KNOWN_CURRENCIES:
        raise MoneyError(
            f"unknown currency {currency!r}: use an ISO 4217 code in upper case, such as 'IDR'"
        )
    return int(get_currency_precision(currency))


def _exponent(currency: str) -> Decimal:
    exp = _EXPONENTS.get(currency)
    if exp is None:
        exp = Decimal(1).scaleb(-minor_unit(currency))
        _EXPONENTS[currency] = exp
    return exp


def to_decimal(value: object, *, what: str = "amount") -> Decimal:
    """Convert ``value`` to a finite Decimal, refusing floats.

    Args:
        value: A Decimal, int or numeric string.
        what: The name of the value for the error message.

    Raises:
        MoneyError: If ``value`` is a float, a bool, not numeric, or not finite.
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool | float):
        raise MoneyError(
            f"{what} {value!r} is a {type(value).__name__}; floats lose cents, "
            "pass a str, int or Decimal such as '15000000.00'"
        )
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.replace("_", "").strip())
        except decimal.InvalidOperation:
            raise MoneyError(
                f"{what} {value!r} is not a number: write it like '1500000.50'"
            ) from None
    else:
        raise MoneyError(
            f"{what} {value!r} has type {type(value).__name__}; pass a str, int or Decimal"
        )
    if not result.is_finite():
        raise MoneyError(f"{what} {value!r} is not a finite number")
    if result and result.adjusted() >= MAX_AMOUNT_DIGITS:
        raise MoneyError(
            f"{what} {value!r} is too large: amounts must stay below 10**{MAX_AMOUNT_DIGITS}; "
            "check the figure (a misplaced exponent or digits)"
        )
    return result


def _exact(operation: str, compute: Any, *operands: Decimal) -> Decimal:
    """Run ``compute`` (a method of the exact context) or raise a MoneyError."""
    try:
        result: Decimal = compute(*operands)
    except decimal.DecimalException:
        raise MoneyError(
            f"{operation} of {', '.join(str(o) for o in operands)} has no exact result "
            "within 100 digits; round the operands first, or use allocate() to split"
        ) from None
    return result


@attrs.frozen(slots=True, repr=False, eq=False, order=False, init=False)
class Money:
    """An exact amount of one currency.

    Args:
        amount: A Decimal, int or numeric string (never a float).
        currency: An ISO 4217 code, such as ``"IDR"``.

    Raises:
        MoneyError: If the amount is a float or not numeric, or the currency is unknown.

    Example:
        >>> Money("15000000", "IDR") + Money("500", "IDR")
        Money('15000500', 'IDR')
    """

    amount: Decimal
    currency: str

    def __init__(self, amount: Decimal | int | str, currency: str) -> None:
        # Hand-written rather than attrs-generated: every amount the library computes
        # passes through here, and a finite Decimal in a known currency needs no more.
        if (
            type(amount) is not Decimal
            or not amount.is_finite()
            or (amount and amount.adjusted() >= MAX_AMOUNT_DIGITS)
        ):
            amount = to_decimal(amount)
        if currency not in _PLACES:
            _PLACES[currency] = minor_unit(currency)
        object.__setattr__(self, "amount", amount)
        object.__setattr__(self, "currency", currency)

    # --- construction -------------------------------------------------------------
    @classmethod
    def zero(cls, currency: str) -> Money:
        """Return zero in ``currency``."""
        return cls(Decimal(0), currency)

    @classmethod
    def from_minor(cls, units: int, currency: str) -> Money:
        """Build an amount from an integer count of minor units (how it is stored).

        Args:
            units: The count of minor units (cents for USD, rupiah for IDR).
            currency: The ISO 4217 code.
        """
        if type(units) is not int:
            raise MoneyError(f"minor units {units!r} must be an int, such as 1500")
        # scaleb in the exact context: the default one would round past 28 digits.
        return cls(Decimal(units).scaleb(-minor_unit(currency), _EXACT), currency)

    @classmethod
    def sum(cls, values: Iterable[Money], currency: str) -> Money:
        """Add up ``values``, all in ``currency``; an empty iterable gives zero.

        Raises:
            CurrencyMismatchError: If any value is in another currency.
        """
        total = Decimal(0)
        for value in values:
            if not isinstance(value, Money):
                raise MoneyError(f"cannot add {value!r} to a sum of money: pass Money values")
            if value.currency != currency:
                raise CurrencyMismatchError(
                    f"cannot add {value} to a sum in {currency}: convert it first"
                )
            total = _exact("sum", _EXACT.add, total, value.amount)
        return cls(total, currency)

    # --- conversion ---------------------------------------------------------------
    def to_minor(self) -> int:
        """Return the amount as an integer count of minor units.

        Raises:
            MoneyError: If the amount has more decimals than the currency's minor unit;
                round it first with :meth:`round`.
        """
        places = _PLACES.get(self.currency)
        if places is None:
            places = _PLACES[self.currency] = minor_unit(self.currency)
        scaled = self.amount.scaleb(places, _EXACT)
        units = int(scaled)
        if units != scaled:
            raise MoneyError(
                f"{self} has more decimals than {self.currency} allows "
                f"({places}); round it first, e.g. .round(Rounding.HALF_UP)"
            )
        return units

    def round(self, mode: Rounding, *, places: int | None = None) -> Money:
        """Round to the currency's minor unit (or to ``places`` decimals) with ``mode``.

        Args:
            mode: The named rounding mode to use.
            places: Decimals to keep; the currency's minor unit when omitted. A negative
                number rounds to tens, hundreds, thousands (-3).
        """
        if places is not None and (type(places) is not int or abs(places) > MAX_AMOUNT_DIGITS):
            raise MoneyError(
                f"cannot round {self} to {places!r} places: give an int from "
                f"-{MAX_AMOUNT_DIGITS} to {MAX_AMOUNT_DIGITS}"
            )
        if not isinstance(mode, Rounding):
            raise MoneyError(f"rounding mode {mode!r} is not a Rounding, such as Rounding.HALF_UP")
        exp = _exponent(self.currency) if places is None else Decimal(1).scaleb(-places)
        try:
            rounded = self.amount.quantize(exp, rounding=mode.value, context=_ROUNDING)
            return Money(rounded, self.currency)
        except decimal.DecimalException:
            raise MoneyError(f"cannot round {self} to {exp}: the result is too large") from None

    def is_rounded(self) -> bool:
        """Return True if the amount has no more decimals than the minor unit."""
        exp = _exponent(self.currency)
        return self.amount == self.amount.quantize(exp, decimal.ROUND_DOWN, _ROUNDING)

    # --- arithmetic ---------------------------------------------------------------
    def _same(self, other: object, op: str) -> Money:
        if not isinstance(other, Money):
            raise MoneyError(f"cannot {op} {self} and {other!r}: both sides must be Money")
        if other.currency != self.currency:
            raise CurrencyMismatchError(
                f"cannot {op} {self} and {other}: currencies differ; convert one first"
            )
        return other

    def __add__(self, other: Money) -> Money:
        amount = self._same(other, "add").amount
        return Money(_exact("addition", _EXACT.add, self.amount, amount), self.currency)

    def __sub__(self, other: Money) -> Money:
        amount = self._same(other, "subtract").amount
        return Money(_exact("subtraction", _EXACT.subtract, self.amount, amount), self.currency)

    def __neg__(self) -> Money:
        # copy_negate, not unary minus: minus rounds to the context's 28 digits.
        return Money(self.amount.copy_negate(), self.currency)

    def __pos__(self) -> Money:
        return self

    def __abs__(self) -> Money:
        return Money(self.amount.copy_abs(), self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        if isinstance(factor, Money):
            raise MoneyError(f"cannot multiply {self} by {factor}: multiply by a number")
        factor = to_decimal(factor, what="factor")
        return Money(_exact("multiplication", _EXACT.multiply, self.amount, factor), self.currency)

    __rmul__ = __mul__

    def __truediv__(self, divisor: Decimal | int) -> Money:
        """Divide exactly; an inexact quotient (``IDR 100 / 3``) raises MoneyError.

        Use :meth:`allocate` to split an amount into parts with no unit lost.
        """
        d = to_decimal(divisor, what="divisor")
        if d == 0:
            raise MoneyError(f"cannot divide {self} by zero")
        return Money(_exact("division", _EXACT.divide, self.amount, d), self.currency)

    def __bool__(self) -> bool:
        return bool(self.amount)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self.amount == other.amount and self.currency == other.currency

    def __hash__(self) -> int:
        return hash((self.amount, self.currency))

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same(other, "compare").amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same(other, "compare").amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same(other, "compare").amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same(other, "compare").amount

    @property
    def is_zero(self) -> bool:
        """True when the amount is zero."""
        return not self.amount

    @property
    def is_negative(self) -> bool:
        """True when the amount is below zero."""
        return self.amount < 0

    # --- allocation ---------------------------------------------------------------
    def allocate(self, ratios: Sequence[Decimal | int | str]) -> list[Money]:
        """Split into parts proportional to ``ratios`` with no minor unit lost.

        Each part is rounded down to the minor unit; the leftover units go one each to
        the parts with the largest remainders (ties to the earlier part), so the parts
        always add up exactly to this amount.

        Args:
            ratios: Non-negative weights, at least one of them above zero.

        Raises:
            MoneyError: If the ratios are empty, negative, all zero, or floats, or this
                amount is not rounded to the minor unit.

        Example:
            ``Money("100", "IDR").allocate([1, 1, 1])`` gives IDR 34, 33 and 33.
        """
        weights = [to_decimal(r, what="ratio") for r in ratios]
        if not weights or any(w < 0 for w in weights) or not any(weights):
            raise MoneyError(
                f"cannot allocate {self} by {list(ratios)!r}: give non-negative ratios, "
                "at least one above zero"
            )
        total_units = self.to_minor()
        sign = -1 if total_units < 0 else 1
        units = abs(total_units)
        # Integer arithmetic throughout: the weights scaled to whole numbers, each part
        # a floor division and its remainder, so no quotient is ever rounded.
        scale = -min(0, *(int(w.as_tuple().exponent) for w in weights))
        whole = [int(w.scaleb(scale, _EXACT)) for w in weights]
        total_weight = sum(whole)
        parts = [units * w // total_weight for w in whole]
        remainders = [units * w % total_weight for w in whole]
        leftover = units - sum(parts)
        order = sorted(range(len(parts)), key=lambda i: (-remainders[i], i))
        for i in order[:leftover]:
            parts[i] += 1
        return [Money.from_minor(sign * p, self.currency) for p in parts]

    # --- display ------------------------------------------------------------------
    def __repr__(self) -> str:
        return f"Money({str(self.amount)!r}, {self.currency!r})"

    def __str__(self) -> str:
        return f"{self.currency} {self.amount}"

    def __format__(self, spec: str) -> str:
        return f"{self.currency} {self.amount:{spec}}" if spec else str(self)

    # --- pydantic -----------------------------------------------------------------
    @classmethod
    def __get_pydantic_core_schema__(
        cls, _source: type[Any], _handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        def from_any(value: Any) -> Money:
            if isinstance(value, Money):
                return value
            if isinstance(value, dict) and set(value) == {"amount", "currency"}:
                return Money(value["amount"], value["currency"])
            raise MoneyError(
                f"{value!r} is not money: pass Money(...) or {{'amount': '…', 'currency': '…'}}"
            )

        return core_schema.no_info_plain_validator_function(
            from_any,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda m: {"amount": str(m.amount), "currency": m.currency},
                when_used="json",
            ),
        )
