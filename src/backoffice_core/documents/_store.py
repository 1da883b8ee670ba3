"""Shared plumbing of the documents services: stores, loading, model building, terms.

Private: the services of :mod:`backoffice_core.documents` share one
:class:`DocumentBase` (context, unit of work, rules, optional ledger) so that they read
and validate documents the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar

import attrs
from pydantic import BaseModel, ValidationError

from backoffice_core.context import Context, UnitOfWork
from backoffice_core.documents.errors import (
    InvalidTransitionError,
    UnknownDocumentError,
    UnknownDocumentKindError,
)
from backoffice_core.documents.models import (
    BUILTIN_KINDS,
    Confidentiality,
    Document,
    DocumentStatus,
)
from backoffice_core.documents.ports import DOCUMENTS, KINDS
from backoffice_core.documents.rules import DocumentRules
from backoffice_core.errors import InvalidInputError, PermissionDeniedError
from backoffice_core.ledger import Ledger
from backoffice_core.periods import FiscalCalendar
from backoffice_core.records import OneOf, Range, Stored

M = TypeVar("M", bound=BaseModel)


def build(model: type[M], what: str, **values: Any) -> M:
    """Build ``model`` from ``values``, turning a validation error into InvalidInputError."""
    try:
        return model(**values)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise InvalidInputError(f"{what} is invalid ({problems}): correct those fields") from None


RESTRICTED: tuple[Confidentiality, ...] = (Confidentiality.CONFIDENTIAL, Confidentiality.SECRET)
"""The levels above ``internal``: reading them needs ``documents.read.<level>``."""


def read_action(level: Confidentiality) -> str:
    """Return the action an actor needs to read documents of ``level``."""
    return f"documents.read.{level.value}"


def tag_term(tag: str) -> str:
    """Return the stored term of a tag."""
    return f"tag:{tag.strip().casefold()}"


def party_term(party: str) -> str:
    """Return the stored term of a party."""
    return f"party:{party.strip().casefold()}"


@attrs.define
class DocumentBase:
    """What every documents service holds: context, unit of work, rules and ledger."""

    _context: Context
    _uow: UnitOfWork
    _rules: DocumentRules = attrs.field(factory=DocumentRules)
    _ledger: Ledger | None = None

    @property
    def rules(self) -> DocumentRules:
        """The numbering, retention and size rules in force."""
        return self._rules

    def _calendar(self) -> FiscalCalendar:
        return self._ledger.calendar if self._ledger is not None else FiscalCalendar(1)

    def _today(self) -> date:
        return self._context.clock().date()

    def _stored(self, document_id: str) -> Stored[Document]:
        """Load a document the actor may read (see :meth:`_check_read`)."""
        if not isinstance(document_id, str):
            raise InvalidInputError(f"document id {document_id!r} must be a string")
        found = self._uow.records(DOCUMENTS).get(document_id)
        if found is None:
            raise UnknownDocumentError(
                f"no document {document_id!r} in {self._context.entity!r}: register it first "
                "or check the id"
            )
        self._check_read(found.record)
        return found

    def _check_read(self, document: Document) -> None:
        """Refuse (and record the denial of) a read above ``internal`` without the grant."""
        if document.confidentiality in RESTRICTED:
            self._context.authorize(read_action(document.confidentiality), document.id)

    def _readable(self) -> tuple[Confidentiality, ...] | None:
        """Return the levels the actor may read, or None when it may read every level.

        The authorizer is asked once per restricted level, about the entity; a "no"
        here filters listings and is not a refused action, so it is not recorded.
        """
        levels = [Confidentiality.PUBLIC, Confidentiality.INTERNAL]
        for level in RESTRICTED:
            try:
                self._context.authorizer.check(
                    self._context.actor, read_action(level), self._context.entity
                )
            except PermissionDeniedError:
                continue
            levels.append(level)
        return None if len(levels) == len(Confidentiality) else tuple(levels)

    def _visible(self, where: dict[str, Any]) -> dict[str, Any] | None:
        """Return ``where`` narrowed to the levels the actor may read.

        None means nothing can match: the caller asked only for levels it may not read.
        """
        levels = self._readable()
        if levels is None:
            return where
        asked = where.get("confidentiality")
        if asked is None:
            allowed: list[Any] = list(levels)
        else:
            wanted = asked.values if isinstance(asked, OneOf) else (asked,)
            allowed = [level for level in levels if level in wanted]
            if not allowed:
                return None
        return {**where, "confidentiality": one_of(allowed)}

    def _check_kinds(self, kinds: Iterable[str]) -> None:
        wanted = {k for k in kinds if k not in BUILTIN_KINDS}
        if not wanted:
            return
        stored = self._uow.records(KINDS).get_many(sorted(wanted))
        missing = sorted(wanted - set(stored))
        if missing:
            raise UnknownDocumentKindError(
                f"document kind {missing[0]!r} is unknown: use one of {list(BUILTIN_KINDS)} "
                "or register it with documents.register_kind()"
            )

    @staticmethod
    def _require(stored: Stored[Document], *allowed: DocumentStatus, doing: str) -> None:
        status = stored.record.status
        if status not in allowed:
            raise InvalidTransitionError(
                f"document {stored.key!r} is {status.value}; {doing} needs it "
                f"{' or '.join(s.value for s in allowed)}"
            )


def eq(value: Any) -> Range:
    """Return the filter "equals ``value``" written as a closed range.

    Why: on SQLite without planner statistics (no ANALYZE has run), ``field = ?``
    combined with the store's ``ORDER BY record_key`` makes the planner walk the
    primary key of every record of the entity instead of the field's index; a range
    on the same field takes the index. The results are the same on every backend.
    """
    return Range(value, value)


def one_of(values: Iterable[Any]) -> OneOf:
    """Return the filter "equals one of ``values``"."""
    return OneOf(*values)
