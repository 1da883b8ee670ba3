"""Frozen pydantic models built from values that were already checked.

Validating a model is the right default, and the cost of a hot path: the ledger builds
every entry it reads back from stored fields that were validated when they were
posted, and stock recording builds a movement, layer and pool state per move from
values it has just checked. :func:`assemble` builds such a model without validating
again. It is only for complete field sets already of the types validation produces;
the callers' tests keep the result equal to the validated model.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

__all__ = ["assemble"]

M = TypeVar("M", bound=BaseModel)


def assemble(model: type[M], values: dict[str, Any]) -> M:
    """Build a frozen ``model`` from ``values`` exactly as validating them would give them.

    ``model_construct`` does the same with bookkeeping (defaults, aliases) that
    complete field sets never need. Every field must be given, in declaration order,
    each with the type validation produces (Decimal, date, the Enum member, Money,
    str), so the record equals the validated one and its stored body is identical.

    Args:
        model: The pydantic model (frozen, no validators that transform values).
        values: Every field of the model, by name, in declaration order.

    Example:
        >>> from pydantic import BaseModel, ConfigDict
        >>> class Point(BaseModel):
        ...     model_config = ConfigDict(frozen=True)
        ...     x: int
        ...     y: int
        >>> assemble(Point, {"x": 1, "y": 2}) == Point(x=1, y=2)
        True
    """
    record = model.__new__(model)
    object.__setattr__(record, "__dict__", values)
    object.__setattr__(record, "__pydantic_fields_set__", set(values))
    object.__setattr__(record, "__pydantic_extra__", None)
    object.__setattr__(record, "__pydantic_private__", None)
    return record
