"""Document numbers: the series a number is taken from and how it is written.

A number is assigned when a document is approved: the service asks a
:class:`NumberFormat` for the document's series (the counter that resets: per kind,
department and year or month), takes the next gapless number of that series from the
record store in the approval's transaction, and asks the format to write it. The
domain knows templates only (:class:`TemplateNumbering`); a jurisdiction supplies its
conventions as another :class:`NumberFormat` (the Indonesian letter number lives in
``backoffice_core.jurisdictions.indonesia``).
"""

from __future__ import annotations

import enum
import string
from collections.abc import Mapping
from datetime import date
from typing import Any, Protocol

import attrs

from backoffice_core.documents.models import Document
from backoffice_core.errors import InvalidInputError

__all__ = ["NumberFormat", "NumberReset", "TemplateNumbering", "series_period"]


class NumberReset(enum.StrEnum):
    """When a series starts again from 1."""

    YEARLY = "yearly"
    MONTHLY = "monthly"
    NEVER = "never"


def series_period(reset: NumberReset, on: date) -> str:
    """Return the part of a series name that changes when the counter resets.

    Example:
        >>> series_period(NumberReset.MONTHLY, date(2025, 5, 2))
        '2025-05'
    """
    if reset is NumberReset.YEARLY:
        return f"{on.year:04d}"
    if reset is NumberReset.MONTHLY:
        return f"{on.year:04d}-{on.month:02d}"
    return "all"


class NumberFormat(Protocol):
    """Decides a document's numbering series and writes its number."""

    def series(self, document: Document, on: date) -> str:
        """Return the series ``document`` takes its number from when approved ``on``."""
        ...

    def format(self, sequence: int, document: Document, on: date) -> str:
        """Return the number text for ``sequence`` of that series."""
        ...


_FIELDS = {"seq", "kind", "code", "department", "year", "month"}


def _template(_instance: object, _attribute: object, value: str) -> None:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError as exc:
        raise InvalidInputError(f"number template {value!r} is malformed: {exc}") from None
    unknown = names - _FIELDS
    if unknown or "seq" not in names:
        raise InvalidInputError(
            f"number template {value!r} must contain {{seq}} and only the fields "
            f"{sorted(_FIELDS)}; unknown: {sorted(unknown)}"
        )


@attrs.frozen
class TemplateNumbering:
    """Numbers written from a template, with a counter per kind, department and period.

    Args:
        template: A :meth:`str.format` template over ``seq`` (the running number),
            ``kind``, ``code`` (the kind's code), ``department``, ``year`` and
            ``month``, such as ``"{code}-{year}-{seq:04d}"``.
        reset: When the counter starts again from 1.
        codes: A code per kind (the kind in upper case when not given).

    Raises:
        InvalidInputError: If the template lacks ``{seq}`` or names another field.

    Example:
        ``TemplateNumbering("{code}/{year}/{seq:04d}", codes={"contract": "K"})`` numbers
        the seventh contract approved in 2025 ``K/2025/0007``.
    """

    template: str = attrs.field(default="{code}-{year}-{seq:05d}", validator=_template)
    reset: NumberReset = attrs.field(default=NumberReset.YEARLY, converter=NumberReset)
    codes: Mapping[str, str] = attrs.field(factory=dict)

    def code(self, kind: str) -> str:
        """Return the code written for ``kind``."""
        return self.codes.get(kind, kind.upper())

    def series(self, document: Document, on: date) -> str:
        """Return ``kind/department/period`` (see :class:`NumberFormat`)."""
        return f"{document.kind}/{document.department or '-'}/{series_period(self.reset, on)}"

    def format(self, sequence: int, document: Document, on: date) -> str:
        """Fill the template (see :class:`NumberFormat`)."""
        values: dict[str, Any] = {
            "seq": sequence,
            "kind": document.kind,
            "code": self.code(document.kind),
            "department": document.department or "",
            "year": on.year,
            "month": on.month,
        }
        return self.template.format(**values)
