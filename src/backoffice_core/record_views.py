"""Views: a few fields of a stored record, read without building the whole record.

A view is a pydantic model whose fields are some of a kind's fields, with the same
types; :meth:`~backoffice_core.records.Records.find_view` parses each stored body into
it. A body of the kind's current model version is parsed straight into the view (the
fields it does not name are skipped by the parser, never validated), which is several
times faster than building a large record (an employee with its pay components) when
a check needs only a few of its fields. A body of an older version is upgraded and
built whole first, so a view always sees the current shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel

from backoffice_core.errors import InvalidInputError
from backoffice_core.records import Kind

__all__ = ["check_view", "load_view"]

V = TypeVar("V", bound=BaseModel)


def check_view(kind: Kind[Any], view: type[V]) -> type[V]:
    """Return ``view`` if it can read records of ``kind``.

    Raises:
        InvalidInputError: If ``view`` is not a pydantic model class, names a field the
            kind's model does not have, or forbids the fields it does not name.
    """
    if not isinstance(view, type) or not issubclass(view, BaseModel):
        raise InvalidInputError(
            f"view {view!r} for kind {kind.name!r} must be a pydantic model class"
        )
    unknown = sorted(set(view.model_fields) - set(kind.model.model_fields))
    if unknown:
        raise InvalidInputError(
            f"view {view.__name__} names {', '.join(unknown)}, not a field of kind "
            f"{kind.name!r}: name only fields of {kind.model.__name__}"
        )
    if view.model_config.get("extra") == "forbid":
        raise InvalidInputError(
            f"view {view.__name__} forbids extra fields: a view must ignore the fields of "
            f"{kind.model.__name__} it does not name"
        )
    return view


def load_view(kind: Kind[Any], view: type[V], version: int, body: str | Mapping[str, Any]) -> V:
    """Parse one stored body (of model ``version``) into ``view`` (see the module)."""
    if version == kind.version and isinstance(body, str):
        return view.model_validate_json(body)
    return view.model_validate(kind.load(version, body).model_dump())
