"""How a record kind's fields are stored: :class:`Field`, :class:`Rollup` and their checks.

A :class:`~backoffice_core.records.Kind` lifts some fields of its model to typed
columns (indexed fields to filter and order by, totalled fields to sum) and may declare
rollups, groupings of its totals answered from one covering index. This module holds
those layouts and the checks :class:`~backoffice_core.records.Kind` runs on them when
it is declared.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Union, get_args, get_origin

import attrs
from pydantic import BaseModel

from backoffice_core.errors import RecordKindError
from backoffice_core.money import Money

__all__ = ["Field", "Rollup", "check_text_field", "field_type", "rollup_of"]


@attrs.frozen
class Field:
    """How one indexed or totalled field of a kind is stored.

    Args:
        name: The model's field name.
        type: ``"text"``, ``"bigint"``, ``"bool"``, ``"date"``, ``"timestamp"``,
            ``"decimal"`` (a scaled integer) or ``"money"`` (minor units and a currency).
        scale: Decimal places kept for a ``"decimal"`` total.
    """

    name: str
    type: str
    scale: int = 0


def _annotation(kind: str, model: type[BaseModel], name: str, purpose: str) -> Any:
    """Return field ``name``'s type, Optional unwrapped (None for a wider union)."""
    info = model.model_fields.get(name)
    if info is None:
        raise RecordKindError(
            f"kind {kind!r}: {model.__name__} has no field {name!r} to {purpose}: "
            f"name one of {sorted(model.model_fields)}"
        )
    annotation = info.annotation
    if get_origin(annotation) in (Union, type(int | None)):
        options = [a for a in get_args(annotation) if a is not type(None)]
        annotation = options[0] if len(options) == 1 else None
    return annotation


def field_type(kind: str, model: type[BaseModel], name: str, *, total: bool) -> str:
    """Return the stored type of field ``name`` of ``model`` (indexed, or totalled).

    Raises:
        RecordKindError: If the model has no such field or its type cannot be stored
            that way.
    """
    annotation = _annotation(kind, model, name, "total" if total else "index")
    allowed: tuple[tuple[type, str], ...]
    if total:
        allowed = ((bool, ""), (int, "bigint"), (Decimal, "decimal"), (Money, "money"))
    else:
        allowed = (
            (bool, "bool"),
            (int, "bigint"),
            (Enum, "text"),
            (str, "text"),
            (datetime, "timestamp"),
            (date, "date"),
        )
    if isinstance(annotation, type):
        for python_type, token in allowed:
            if issubclass(annotation, python_type) and token:
                return token
    what = "int, Decimal or Money" if total else "str, an Enum, int, bool, date or datetime"
    raise RecordKindError(
        f"kind {kind!r}: field {name!r} is {model.model_fields[name].annotation!r}; "
        f"{'totalled' if total else 'indexed'} fields must be {what} (or Optional of one)"
    )


def _is_str(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, str)


def check_text_field(kind: str, model: type[BaseModel], name: str) -> None:
    """Check that field ``name`` of ``model`` can be searched as text.

    Raises:
        RecordKindError: If it is not str, Optional[str] or a list/tuple of str.
    """
    annotation = _annotation(kind, model, name, "index for full text")
    origin, args = get_origin(annotation), get_args(annotation)
    if _is_str(annotation):
        return
    if origin is list and len(args) == 1 and _is_str(args[0]):
        return
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis and _is_str(args[0]):
        return
    raise RecordKindError(
        f"kind {kind!r}: field {name!r} is {model.model_fields[name].annotation!r}; "
        "full-text fields must be str, list[str] or tuple[str, ...] (or Optional of one)"
    )


@attrs.frozen
class Rollup:
    """A grouping of a kind's totals that the store answers from one covering index.

    On SQL the kind's table gets an index holding, after the entity, the ``by``
    fields, the currency of each Money total, the ``where`` fields, and the totalled
    columns, so that ``totals(by=<the by fields>, where=<filters on by and where
    fields>)`` reads that index alone, group after group, and never a table row. The
    memory backend needs no index; its totals are the same.

    Args:
        by: Indexed fields that :meth:`Records.totals` groups by, in the index's order
            (the most selective first is not needed: groups stream in this order).
        where: Indexed fields that such totals filter on (a date to total "as of").

    Example:
        >>> Rollup(by=("item", "location"), where=("on",))
        Rollup(by=('item', 'location'), where=('on',))
    """

    by: tuple[str, ...]
    where: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        """The ``by`` fields, then the ``where`` fields."""
        return (*self.by, *self.where)


def rollup_of(kind: str, indexed: tuple[str, ...], totals: tuple[str, ...], spec: Any) -> Rollup:
    """Return ``spec`` checked as a :class:`Rollup` of a kind with these fields.

    Raises:
        RecordKindError: If it is no Rollup or names a field the kind does not index.
    """
    if isinstance(spec, tuple | list) and all(isinstance(name, str) for name in spec):
        spec = Rollup(by=tuple(spec))
    if not isinstance(spec, Rollup):
        raise RecordKindError(
            f"kind {kind!r}: rollup {spec!r} must be a Rollup or a tuple of field names, "
            "such as Rollup(by=('item', 'location'), where=('on',))"
        )
    if isinstance(spec.by, str) or isinstance(spec.where, str):
        raise RecordKindError(
            f"kind {kind!r}: {spec!r}: by and where are tuples of field names, such as by=('item',)"
        )
    by, where = tuple(spec.by), tuple(spec.where)
    if not by:
        raise RecordKindError(f"kind {kind!r}: rollup {spec!r} groups by no field: name some")
    if not totals:
        raise RecordKindError(
            f"kind {kind!r}: rollup {spec!r} needs totalled fields: declare totals=(...)"
        )
    names = (*by, *where)
    for name in names:
        if not isinstance(name, str) or names.count(name) > 1:
            raise RecordKindError(
                f"kind {kind!r}: rollup field {name!r} is not a field name or is named twice"
            )
        if name not in indexed:
            raise RecordKindError(
                f"kind {kind!r}: rollup field {name!r} is not an indexed field of the kind: "
                f"name one of {list(indexed)} (or add it to indexed=(...))"
            )
    return Rollup(by=by, where=where)
