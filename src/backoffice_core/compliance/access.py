"""Access control as data: named roles, subject-aware restrictions, recorded refusals.

:data:`STANDARD_ROLES` grants each back-office role the action prefixes it needs
(accountant, payroll officer, HR, asset keeper, document controller, auditor,
administrator). :class:`AccessPolicy` is an authorizer over roles that can also decide
on the subject's attributes (an entry's ``source``, an amount) through
:class:`Restriction` items, for example "a payroll officer posts only entries whose
source is a payroll run". Every refusal raises ``PermissionDeniedError`` and, through
the office, is stored as a :class:`Denial` record (who tried what) that an auditor lists
with ``office.compliance.denials()``; it is written after the refused unit of work ends,
so it survives the rollback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

import attrs
from pydantic import BaseModel, ConfigDict

from backoffice_core.errors import InvalidInputError, PermissionDeniedError
from backoffice_core.records import Kind

__all__ = [
    "DENIAL",
    "STANDARD_ROLES",
    "AccessPolicy",
    "Denial",
    "Restriction",
    "payroll_sources_only",
]

STANDARD_ROLES: Mapping[str, frozenset[str]] = {
    "accountant": frozenset({"ledger.", "documents.document.register", "compliance.run"}),
    "payroll_officer": frozenset({"payroll.", "ledger.entry.post", "compliance.run"}),
    "hr": frozenset({"payroll.employee.", "documents.document.register"}),
    "asset_keeper": frozenset({"assets.", "inventory.", "documents.document.register"}),
    "document_controller": frozenset({"documents."}),
    "auditor": frozenset({"compliance.run", "compliance.denials", "documents.read."}),
    "administrator": frozenset({""}),
}
"""Each standard role and the action prefixes it is granted (``""``: every action).

The auditor writes nothing but stored compliance runs; reading the books needs no grant,
and the auditor may read documents of every confidentiality level (``documents.read.``;
the document controller and the administrator may too, through their wider grants).
"""


@attrs.frozen
class Restriction:
    """A condition a role's action must also meet, decided on the subject's attributes.

    Args:
        role: The role it narrows.
        action: The action prefix it applies to, such as ``"ledger.entry.post"``.
        allows: Returns True if the action on a subject with these attributes is allowed.
        reason: What the restriction requires, said in the refusal.
    """

    role: str
    action: str
    allows: Callable[[str, Mapping[str, Any]], bool] = attrs.field(eq=False)
    reason: str


def payroll_sources_only(role: str = "payroll_officer") -> Restriction:
    """Return the restriction that ``role`` posts only entries sourced from a payroll run."""
    return Restriction(
        role,
        "ledger.entry.post",
        lambda subject, attributes: str(attributes.get("source") or "").startswith("payroll"),
        "a payroll officer posts only entries whose source is a payroll run",
    )


def _restrictions(values: Iterable[Restriction]) -> tuple[Restriction, ...]:
    return tuple(values)


@attrs.frozen
class AccessPolicy:
    """An authorizer over named roles, with restrictions on the subject's attributes.

    Args:
        assignments: Actor name to the roles it holds.
        roles: Role name to the action prefixes it grants (:data:`STANDARD_ROLES`).
        restrictions: Conditions that narrow a role's grants.

    Raises:
        InvalidInputError: If an actor holds a role that is not defined.

    Example:
        >>> only_payroll = [payroll_sources_only()]
        >>> policy = AccessPolicy({"sari": {"payroll_officer"}}, restrictions=only_payroll)
        >>> policy.check_with("sari", "ledger.entry.post", "e-1", {"source": "payroll-2026-01"})
    """

    assignments: Mapping[str, Iterable[str]]
    roles: Mapping[str, frozenset[str]] = STANDARD_ROLES
    restrictions: tuple[Restriction, ...] = attrs.field(default=(), converter=_restrictions)

    def __attrs_post_init__(self) -> None:
        for actor, held in self.assignments.items():
            unknown = set(held) - set(self.roles)
            if unknown:
                raise InvalidInputError(
                    f"actor {actor!r} holds unknown roles {sorted(unknown)}: define them in roles"
                )

    def _decide(
        self, actor: str, action: str, subject: str, attributes: Mapping[str, Any] | None
    ) -> None:
        refusals = []
        for role in sorted(self.assignments.get(actor, ())):
            if not any(action.startswith(prefix) for prefix in self.roles[role]):
                continue
            unmet = [
                r.reason
                for r in self.restrictions
                if r.role == role
                and action.startswith(r.action)
                and not r.allows(subject, attributes or {})
            ]
            if not unmet:
                return
            refusals += unmet
        why = "; ".join(refusals) or "none of its roles grants it"
        raise PermissionDeniedError(f"actor {actor!r} may not {action!r} on {subject!r}: {why}")

    def check(self, actor: str, action: str, subject: str) -> None:
        """Allow the action if a role of the actor grants it with no unmet restriction.

        Raises:
            PermissionDeniedError: If no role of the actor allows it.
        """
        self._decide(actor, action, subject, None)

    def check_with(
        self, actor: str, action: str, subject: str, attributes: Mapping[str, Any]
    ) -> None:
        """Like :meth:`check`, deciding restrictions on the subject's ``attributes``.

        Raises:
            PermissionDeniedError: If no role of the actor allows it.
        """
        self._decide(actor, action, subject, attributes)


class Denial(BaseModel):
    """A refused action: who tried what on which record, when, and why it was refused."""

    model_config = ConfigDict(frozen=True)

    id: str
    actor: str
    action: str
    subject: str
    reason: str
    at: datetime


DENIAL: Kind[Denial] = Kind(
    "access.denial",
    Denial,
    key=lambda d: d.id,
    indexed=("actor", "action", "at"),
    append_only=True,
)
"""Stored refusals (append-only)."""
