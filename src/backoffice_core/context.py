"""What every service call runs with: entity, actor, authorizer, clock, unit of work.

A service never opens storage itself: it receives a :class:`Context` (who acts, for
which legal entity, who decides permissions, what time it is) and a
:class:`UnitOfWork` (the transaction boundary). A service records every state change
it makes with :meth:`UnitOfWork.record`; the storage backend appends those changes to
the audit chain in the same transaction, so domains get an audit trail without calling
the audit log themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

import attrs
from pydantic import BaseModel

from backoffice_core.errors import InvalidInputError, PermissionDeniedError
from backoffice_core.i18n import DEFAULT_LOCALE, language_of

if TYPE_CHECKING:
    from backoffice_core.records import BlobStore, Kind, Records

M = TypeVar("M", bound=BaseModel)

__all__ = [
    "AllowAll",
    "Authorizer",
    "Change",
    "Context",
    "RoleAuthorizer",
    "UnitOfWork",
    "utc_now",
]


def utc_now() -> datetime:
    """Return the current time in UTC (the default clock)."""
    return datetime.now(UTC)


@attrs.frozen
class Change:
    """One state change, to be appended to the audit trail when the transaction commits.

    Args:
        action: What happened, dotted, such as ``"ledger.entry.posted"``.
        subject: The id of the record that changed.
        state: The new state as JSON-compatible data (its SHA-256 digest is stored).
        at: When the change was made, by the acting context's clock; None lets the
            unit of work stamp it with that clock when the change is recorded.
    """

    action: str
    subject: str
    state: Mapping[str, Any]
    at: datetime | None = None


@runtime_checkable
class UnitOfWork(Protocol):
    """The transaction boundary that every store of one backend shares."""

    def transaction(self) -> AbstractContextManager[None]:
        """Open a transaction, or join the one already open on this thread.

        The outermost block commits on normal exit and rolls back on any exception.
        """
        ...

    def record(self, change: Change) -> None:
        """Queue ``change`` for the audit trail of the open transaction."""
        ...

    def records(self, kind: Kind[M]) -> Records[M]:
        """Return the entity's store of ``kind`` records, audited as the actor."""
        ...

    def blobs(self) -> BlobStore:
        """Return the entity's file-content store, audited as the actor."""
        ...


class Authorizer(Protocol):
    """Decides whether an actor may perform an action; raise to refuse."""

    def check(self, actor: str, action: str, subject: str) -> None:
        """Return if ``actor`` may perform ``action`` on ``subject``.

        Raises:
            PermissionDeniedError: If the actor may not.
        """
        ...


@attrs.frozen
class AllowAll:
    """The default authorizer: every actor may do everything."""

    def check(self, actor: str, action: str, subject: str) -> None:
        """Allow the action."""


@attrs.frozen
class RoleAuthorizer:
    """Role-based authorizer: actors hold roles, roles grant action prefixes.

    Args:
        roles: Actor name to the roles it holds.
        grants: Role name to the action prefixes it may perform, such as
            ``"ledger."`` (every ledger action) or ``"ledger.period.close"``.

    Example:
        >>> auth = RoleAuthorizer({"rina": {"accountant"}}, {"accountant": {"ledger."}})
        >>> auth.check("rina", "ledger.entry.post", "rent-01")
    """

    roles: Mapping[str, frozenset[str] | set[str]]
    grants: Mapping[str, frozenset[str] | set[str]]

    def check(self, actor: str, action: str, subject: str) -> None:
        """Allow the action if one of the actor's roles grants a prefix of it.

        Raises:
            PermissionDeniedError: If no role of the actor grants the action.
        """
        for role in self.roles.get(actor, ()):
            if any(action.startswith(prefix) for prefix in self.grants.get(role, ())):
                return
        raise PermissionDeniedError(
            f"actor {actor!r} may not {action!r} on {subject!r}: grant one of its roles that action"
        )


@attrs.frozen
class Context:
    """Who acts, for which legal entity, under which rules and clock.

    Args:
        entity: The legal entity every record read or written belongs to.
        actor: The user (or system) performing the calls.
        authorizer: Consulted before each write.
        clock: Returns the current time (UTC); replace it in tests.
        locale: The default locale of reports and messages for people (``"id_ID"``).
        on_denied: Told ``(actor, action, subject, reason)`` of every refused action
            before the refusal is raised (the office records it for auditors).

    Raises:
        InvalidInputError: If ``entity`` or ``actor`` is empty, or the locale unknown.
    """

    entity: str
    actor: str
    authorizer: Authorizer = attrs.field(factory=AllowAll)
    clock: Callable[[], datetime] = utc_now
    locale: str = DEFAULT_LOCALE
    on_denied: Callable[[str, str, str, str], None] | None = attrs.field(default=None, eq=False)

    def __attrs_post_init__(self) -> None:
        for name in ("entity", "actor"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise InvalidInputError(f"{name} {value!r} must be a non-empty name")
        language_of(self.locale)  # refuses an unknown locale now, not at the first report

    def authorize(
        self, action: str, subject: str, attributes: Mapping[str, Any] | None = None
    ) -> None:
        """Ask the authorizer whether the actor may perform ``action`` on ``subject``.

        Args:
            action: The dotted action, such as ``"ledger.entry.post"``.
            subject: The id of the record acted on.
            attributes: What the authorizer may decide on besides the id (an entry's
                source, an amount); passed to authorizers that have ``check_with``.

        Raises:
            PermissionDeniedError: If the authorizer refuses; ``on_denied`` is told first.
        """
        try:
            check_with = getattr(self.authorizer, "check_with", None)
            if attributes is not None and check_with is not None:
                check_with(self.actor, action, subject, attributes)
            else:
                self.authorizer.check(self.actor, action, subject)
        except PermissionDeniedError as exc:
            if self.on_denied is not None:
                self.on_denied(self.actor, action, subject, str(exc))
            raise

    def with_actor(self, actor: str) -> Context:
        """Return the same context acting as ``actor``."""
        return attrs.evolve(self, actor=actor)
