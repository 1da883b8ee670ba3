"""What every record store does alike: typed column values, filters, cursors, totals.

The memory and SQL implementations of :class:`~backoffice_core.records.Records` share
these rules so that they agree to the value: how a field becomes a column value
(Enums by value, timestamps in UTC, Decimal totals as scaled integers, Money as minor
units and a currency), which filters are valid, how a cursor encodes the last row of a
page, and how totals come back as exact values. Written once, here.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

import attrs
from pydantic import BaseModel

from backoffice_core.errors import InvalidInputError, StorageError
from backoffice_core.money import Money
from backoffice_core.records import INT64_MAX, Field, Kind, OneOf, Prefix, Range, TotalsRow, Where

__all__ = [
    "Condition",
    "column_values",
    "conditions",
    "decode_cursor",
    "encode_cursor",
    "order_fields",
    "total_overflow",
    "total_value",
    "totals_row",
]

KEY = Field("key", "text")
"""The record key, filterable and the last tie-breaker of every order."""


def _int64(kind: Kind[Any], name: str, value: int) -> int:
    if not -INT64_MAX <= value <= INT64_MAX:
        raise InvalidInputError(
            f"kind {kind.name!r}: {name} = {value} does not fit a 64-bit column "
            f"(at most {INT64_MAX} in absolute value): split the record"
        )
    return value


def scalar(kind: Kind[Any], field: Field, value: Any) -> Any:
    """Return the column value of an indexed field (None stays None).

    Raises:
        InvalidInputError: If the value has the wrong type for the field.
    """
    if value is None:
        return None
    token = field.type
    kind_of = type(value)
    # Fast paths for the exact built-in types; anything else takes the checks below.
    if kind_of is str and token == "text" and "\x00" not in value:
        return value
    if (kind_of is date and token == "date") or (kind_of is bool and token == "bool"):
        return value
    if kind_of is int and token == "bigint":
        return _int64(kind, field.name, value)
    if isinstance(value, Enum):
        value = value.value
    ok = {
        "text": isinstance(value, str),
        "bigint": isinstance(value, int) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
        "date": isinstance(value, date) and not isinstance(value, datetime),
        "timestamp": isinstance(value, datetime),
    }.get(token, False)
    if not ok:
        raise InvalidInputError(
            f"kind {kind.name!r}: {value!r} ({type(value).__name__}) is not a valid "
            f"{token} value for field {field.name!r}"
        )
    if token == "text" and "\x00" in value:
        # PostgreSQL text cannot hold NUL; refused everywhere so backends agree.
        raise InvalidInputError(
            f"kind {kind.name!r}: {field.name} {value!r} contains a NUL character, which "
            "an indexed text field cannot hold: remove it"
        )
    if token == "bigint":
        return _int64(kind, field.name, value)
    if token == "timestamp":
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value


def total_value(kind: Kind[Any], field: Field, value: Any) -> tuple[int, str | None]:
    """Return a totalled field as (integer, currency or None) for its column(s).

    Raises:
        InvalidInputError: If the value does not fit 64 bits or has more decimals than
            the kind keeps for it.
    """
    currency = value.currency if field.type == "money" else None
    return _int64(kind, field.name, _units(kind, field, value)), currency


def _units(kind: Kind[Any], field: Field, value: Any) -> int:
    """Return a totalled value as the exact integer its column holds, of any size.

    Raises:
        InvalidInputError: If it has more decimals than the kind keeps for it.
    """
    if field.type == "money":
        assert isinstance(value, Money)
        return value.to_minor()  # MoneyError for more decimals than the currency has
    if field.type == "decimal":
        try:
            scaled = Decimal(value).scaleb(field.scale)
            exact = scaled == scaled.to_integral_value()
        except InvalidOperation as exc:
            raise InvalidInputError(f"kind {kind.name!r}: {field.name} = {value!r}") from exc
        if not exact:
            raise InvalidInputError(
                f"kind {kind.name!r}: {field.name} = {value} has more than {field.scale} "
                "decimal places: round it explicitly or declare a larger scale on the kind"
            )
        return int(scaled)
    return int(value)


Converter = Callable[[Any], Any]


def _scalar_converter(kind: Kind[Any], field: Field) -> Converter:
    """Return the column value function of an indexed field: exact types pass straight."""
    if field.type == "text":

        def text(value: Any) -> Any:
            if isinstance(value, Enum):  # stored by value, as scalar() does
                value = value.value
            if type(value) is str and "\x00" not in value:
                return value
            return scalar(kind, field, value)

        return text
    exact = {"date": date, "bool": bool}.get(field.type)

    def convert(value: Any) -> Any:
        if value is None or type(value) is exact:
            return value
        return scalar(kind, field, value)

    return convert


def _total_converter(kind: Kind[Any], field: Field) -> Converter:
    """Return the column value function of a totalled field (number, or minor units).

    A finite Decimal or a Money whose integer fits takes a short path; anything else
    (and every refusal) goes through :func:`total_value`, the one rule.
    """
    scale = field.scale

    def convert(value: Any) -> Any:
        if value is None:
            return None
        kind_of = type(value)
        if kind_of is Decimal and field.type == "decimal" and value.is_finite():
            scaled = value.scaleb(scale)
            number = int(scaled)
            if number == scaled and -INT64_MAX <= number <= INT64_MAX:
                return number
        elif kind_of is Money and field.type == "money":
            units = value.to_minor()
            if -INT64_MAX <= units <= INT64_MAX:
                return units
        return total_value(kind, field, value)[0]

    return convert


def _plan(kind: Kind[Any]) -> list[tuple[str, Converter, str | None]]:
    """Return, per field of ``kind``, its name, its converter and its currency column."""
    cached = _PLANS.get(id(kind))
    if cached is not None and cached[0] is kind:
        return cached[1]
    plan: list[tuple[str, Converter, str | None]] = []
    for field in kind.fields:
        if field.type in ("money", "decimal") or field.name in kind.totals:
            currency = field.name + "__ccy" if field.type == "money" else None
            plan.append((field.name, _total_converter(kind, field), currency))
        else:
            plan.append((field.name, _scalar_converter(kind, field), None))
    _PLANS[id(kind)] = (kind, plan)
    return plan


_PLANS: dict[int, tuple[Kind[Any], list[tuple[str, Converter, str | None]]]] = {}
"""Column plans by kind (the kind kept with its plan, so an id is never reused wrongly)."""


def column_values(kind: Kind[Any], record: BaseModel) -> dict[str, Any]:
    """Return the typed column values of ``record``: indexed fields, then totals.

    Money totals give two columns, ``<field>`` (minor units) and ``<field>__ccy``.

    Raises:
        InvalidInputError: If a value has the wrong type for its column, does not fit
            64 bits, or has more decimals than the kind keeps.
    """
    out: dict[str, Any] = {}
    for name, convert, currency in _plan(kind):
        value = getattr(record, name)
        out[name] = convert(value)
        if currency is not None:
            out[currency] = None if value is None else value.currency
    return out


@attrs.frozen
class Condition:
    """One normalised filter: ``op`` is eq, null, in, range or prefix."""

    field: Field
    op: str
    values: tuple[Any, ...]


def _indexed(kind: Kind[Any], name: str) -> Field:
    if name == "key":
        return KEY
    field = kind.field(name)
    if name in kind.totals:
        raise InvalidInputError(
            f"kind {kind.name!r}: {name!r} is a totalled field; filter and order by "
            f"indexed fields only ({list(kind.indexed)})"
        )
    return field


def conditions(kind: Kind[Any], where: Where | None) -> list[Condition]:
    """Validate ``where`` and return it as normalised conditions.

    Raises:
        InvalidInputError: If a field is not indexed or a value has the wrong type.
    """
    if where is None:
        return []
    if not isinstance(where, Mapping):
        raise InvalidInputError(f"where {where!r} must be a mapping of field to filter")
    out = []
    for name, value in where.items():
        if isinstance(name, str) and name in kind.totals:
            out += _total_conditions(kind, kind.field(name), value)
            continue
        field = _indexed(kind, name)
        if isinstance(value, OneOf):
            out.append(Condition(field, "in", tuple(scalar(kind, field, v) for v in value.values)))
        elif isinstance(value, Range):
            low, high = (scalar(kind, field, v) for v in (value.low, value.high))
            out.append(Condition(field, "range", (low, high)))
        elif isinstance(value, Prefix):
            if field.type != "text" or not isinstance(value.text, str):
                raise InvalidInputError(f"Prefix filters text fields only, not {name!r}")
            out.append(Condition(field, "prefix", (value.text,)))
        elif value is None:
            out.append(Condition(field, "null", ()))
        else:
            out.append(Condition(field, "eq", (scalar(kind, field, value),)))
    return out


def _total_bound(kind: Kind[Any], field: Field, value: Any) -> tuple[int, str | None]:
    """Return a filter bound of a totalled field as the exact integer it compares as."""
    wanted = {"money": Money, "decimal": Decimal | int}.get(field.type, int)
    if not isinstance(value, wanted) or isinstance(value, bool):
        what = {"money": "a Money", "decimal": "a Decimal"}.get(field.type, "an int")
        raise InvalidInputError(
            f"kind {kind.name!r}: filter value {value!r} of totalled field {field.name!r} "
            f"must be {what}"
        )
    if isinstance(value, Decimal) and not value.is_finite():
        raise InvalidInputError(f"kind {kind.name!r}: filter value {value} is not a number")
    return _units(kind, field, value), value.currency if isinstance(value, Money) else None


_NOTHING = (1, 0)
"""A range no value is in (low above high): a bound beyond what any total can hold."""


def _clamped(op: str, numbers: list[int | None]) -> tuple[int | None, ...]:
    """Fit filter bounds to the 64-bit columns: totals never lie beyond them.

    An equality or a low bound above the largest total, or a high bound below the
    smallest, matches nothing; a bound on the far side of them is no bound at all.
    """
    if op == "eq":
        (number,) = numbers
        return (number,) if number is None or abs(number) <= INT64_MAX else _NOTHING
    low, high = numbers
    if (low is not None and low > INT64_MAX) or (high is not None and high < -INT64_MAX):
        return _NOTHING
    if low is not None and low < -INT64_MAX:
        low = None
    if high is not None and high > INT64_MAX:
        high = None
    return low, high


def _total_conditions(kind: Kind[Any], field: Field, value: Any) -> list[Condition]:
    """Filters on a totalled field: equality, None (missing) or a Range.

    A Money filter matches the bound's currency only: ``Range(Money(0, "IDR"), None)``
    never matches a USD amount. Both bounds of a Money range share one currency.
    """
    if value is None:
        return [Condition(field, "null", ())]
    if isinstance(value, OneOf | Prefix):
        raise InvalidInputError(
            f"kind {kind.name!r}: {field.name!r} is a totalled field: filter it by a "
            "value, None or Range(low, high), not OneOf or Prefix"
        )
    bounds = (value.low, value.high) if isinstance(value, Range) else (value,)
    numbers: list[int | None] = []
    currencies: set[str] = set()
    for bound in bounds:
        if bound is None:
            numbers.append(None)
            continue
        number, currency = _total_bound(kind, field, bound)
        numbers.append(number)
        if currency is not None:
            currencies.add(currency)
    if len(currencies) > 1:
        raise InvalidInputError(
            f"kind {kind.name!r}: the bounds of {field.name!r} are in {sorted(currencies)}: "
            "give both in one currency"
        )
    op = "range" if isinstance(value, Range) else "eq"
    fitted = _clamped(op, numbers)
    if fitted is _NOTHING:
        op = "range"
    out = [Condition(field, op, fitted)]
    if field.type == "money" and currencies:
        out.append(Condition(Field(field.name + "__ccy", "text"), "eq", (currencies.pop(),)))
    return out


def order_fields(kind: Kind[Any], order_by: Sequence[str]) -> list[tuple[Field, bool]]:
    """Return ``(field, descending)`` per ordering term, the key last as a tie-breaker."""
    if isinstance(order_by, str):
        order_by = (order_by,)
    out: list[tuple[Field, bool]] = []
    for term in order_by:
        if not isinstance(term, str) or not term.lstrip("-"):
            raise InvalidInputError(f"order_by term {term!r} must be a field name or '-name'")
        out.append((_indexed(kind, term.lstrip("-")), term.startswith("-")))
    if not out or out[-1][0] is not KEY:
        out.append((KEY, False))
    return out


def _to_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _from_json(field: Field, value: Any) -> Any:
    if value is None:
        return None
    if field.type == "date":
        return date.fromisoformat(value)
    if field.type == "timestamp":
        return datetime.fromisoformat(value)
    return value


def encode_cursor(values: Iterable[Any]) -> str:
    """Return the opaque cursor that resumes after a row with these order values."""
    raw = json.dumps([_to_json(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str, order: Sequence[tuple[Field, bool]]) -> list[Any]:
    """Return the order values a cursor resumes after.

    Raises:
        InvalidInputError: If the cursor was not made by this query's ordering.
    """
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if not isinstance(values, list) or len(values) != len(order):
            raise ValueError("wrong length")
        return [_from_json(field, v) for (field, _), v in zip(order, values, strict=True)]
    except (ValueError, TypeError, AttributeError) as exc:
        raise InvalidInputError(
            f"cursor {cursor!r} is not a next_cursor of this query: start again without one"
        ) from exc


def total_overflow(kind: Kind[Any]) -> StorageError:
    """Return the error for a total that a 64-bit column cannot hold (alike everywhere)."""
    return StorageError(
        f"a total of kind {kind.name!r} overflows 64 bits: total a narrower selection "
        "(group by a field or filter)"
    )


def totals_row(kind: Kind[Any], by: Sequence[Field], values: Sequence[Any]) -> TotalsRow:
    """Build a :class:`TotalsRow` from one result row.

    ``values`` are the ``by`` values, then per totalled field its sum (and currency for
    Money), then the count.
    """
    group = {field.name: values[i] for i, field in enumerate(by)}
    sums: dict[str, Any] = {}
    i = len(by)
    for field in kind.fields:
        if field.name not in kind.totals:
            continue
        raw = values[i]
        i += 1
        total = 0 if raw is None else int(raw)
        if abs(total) > INT64_MAX:
            raise total_overflow(kind)
        if field.type == "money":
            currency = values[i]
            i += 1
            group[field.name + ".currency"] = currency
            sums[field.name] = Money.from_minor(total, currency) if currency else None
        elif field.type == "decimal":
            sums[field.name] = Decimal(total).scaleb(-field.scale)
        else:
            sums[field.name] = total
    return TotalsRow(group=group, sums=sums, count=int(values[i]))
