"""The facade: :class:`BackOffice` wires every service to one backend and one entity.

``BackOffice.open(url, entity=..., actor=...)`` opens a storage backend from its URL
and binds the services to one legal entity and one acting user. Every service of an
office shares the backend's unit of work, so ``with office.transaction():`` spans
domains. An office can never read or write another entity's records: its stores are
bound to its entity when it is created.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Self

import attrs

from backoffice_core.assets import Assets
from backoffice_core.audit import AuditTrail, LedgerCoverage
from backoffice_core.compliance import DENIAL, Compliance, Denial
from backoffice_core.context import AllowAll, Authorizer, Context, utc_now
from backoffice_core.documents import DocumentRules, Documents
from backoffice_core.i18n import DEFAULT_LOCALE
from backoffice_core.ids import new_id
from backoffice_core.inventory import Inventory
from backoffice_core.jurisdictions import indonesia
from backoffice_core.jurisdictions.indonesia import FiscalDepreciationBook
from backoffice_core.ledger import Ledger, LedgerSettings
from backoffice_core.payroll import Payroll
from backoffice_core.storage import Backend, open_backend
from backoffice_core.storage.base import BoundUnitOfWork

__all__ = ["BackOffice"]

DEFAULT_URL = "sqlite:///backoffice.db"


class BackOffice:
    """One legal entity's back office on one storage backend.

    Args:
        backend: An open backend (see :func:`~backoffice_core.storage.open_backend`).
        context: The entity, actor, authorizer and clock.
        settings: Base currency and fiscal-year start for new books (None: stored).
        owns_backend: Close the backend when the office is closed.
        document_rules: Numbering, retention and limits of documents (None: the
            Indonesian defaults, :func:`~backoffice_core.jurisdictions.indonesia.document_rules`).
    """

    def __init__(
        self,
        backend: Backend,
        context: Context,
        *,
        settings: LedgerSettings | None = None,
        owns_backend: bool = False,
        document_rules: DocumentRules | None = None,
    ) -> None:
        self._backend = backend
        if context.on_denied is None:
            context = attrs.evolve(context, on_denied=self._record_denial)
        self._context = context
        self._settings = settings
        self._owns_backend = owns_backend
        uow = self._uow = backend.unit_of_work(context)
        ledger_store = backend.ledger_store(context.entity)
        self._ledger = Ledger(context, ledger_store, uow, self._settings)
        self._audit = AuditTrail(
            backend.audit_store(context.entity), (LedgerCoverage(ledger_store),), context.entity
        )
        self._compliance = Compliance(context, uow, self)
        self._payroll = Payroll(context, uow, self._ledger)
        self._assets = Assets(context, uow, self._ledger, FiscalDepreciationBook())
        self._inventory = Inventory(context, uow, self._ledger)
        self._document_rules = document_rules or indonesia.document_rules(context.entity)
        self._documents = Documents(context, uow, self._document_rules, self._ledger)

    @classmethod
    def open(
        cls,
        url: str = DEFAULT_URL,
        *,
        entity: str,
        actor: str,
        authorizer: Authorizer | None = None,
        base_currency: str | None = None,
        fiscal_year_start: int | None = None,
        clock: Callable[[], datetime] = utc_now,
        document_rules: DocumentRules | None = None,
        locale: str = DEFAULT_LOCALE,
    ) -> BackOffice:
        """Open a backend from ``url`` and bind an office to ``entity`` and ``actor``.

        Args:
            url: ``memory://``, ``sqlite:///path.db`` (the default) or ``postgresql://…``.
            entity: The legal entity, such as ``"PT Maju Jaya"``.
            actor: The user performing the calls (recorded in the audit trail).
            authorizer: Consulted before each write; allows everything by default.
            base_currency: Base currency of new books (IDR when omitted). Existing
                books keep theirs; naming another one raises ConflictError.
            fiscal_year_start: First month of the fiscal year of new books (January
                when omitted); the same rule applies.
            clock: The current time in UTC; replace it in tests.
            document_rules: Numbering, retention and limits of documents (None: the
                Indonesian defaults).
            locale: The office's default locale (``"id_ID"``): reports render in it
                when no locale is named, notebooks included.

        Raises:
            InvalidInputError: If the URL, entity, actor or settings are invalid.
        """
        context = Context(entity, actor, authorizer or AllowAll(), clock, locale)
        settings = None
        if base_currency is not None or fiscal_year_start is not None:
            settings = LedgerSettings(
                base_currency=base_currency or "IDR", fiscal_year_start=fiscal_year_start or 1
            )
        backend = open_backend(url)
        try:
            return cls(
                backend,
                context,
                settings=settings,
                owns_backend=True,
                document_rules=document_rules,
            )
        except BaseException:
            backend.close()
            raise

    @property
    def entity(self) -> str:
        """The legal entity this office is bound to."""
        return self._context.entity

    @property
    def actor(self) -> str:
        """The user the services act as."""
        return self._context.actor

    @property
    def locale(self) -> str:
        """The office's default locale for reports."""
        return self._context.locale

    @property
    def backend(self) -> Backend:
        """The storage backend: an interface for trusted code only.

        Its stores write without asking the authorizer, and ``backend.record`` audits
        under any actor name; application code acting for users goes through the
        services, which ask the authorizer for every record they write.
        """
        return self._backend

    @property
    def context(self) -> Context:
        """Who acts, for which entity, under which authorizer and clock."""
        return self._context

    @property
    def unit_of_work(self) -> BoundUnitOfWork:
        """The unit of work every service of this office shares.

        A domain of your own builds its service from it and :attr:`context`:
        ``uow.records(KIND)`` gives the entity's store of a record kind, audited as the
        office's actor. Trusted code only: what it writes is authorized by the service
        that writes it, not by the office.
        """
        return self._uow

    @property
    def ledger(self) -> Ledger:
        """The double-entry ledger of the entity."""
        return self._ledger

    @property
    def payroll(self) -> Payroll:
        """The entity's payroll (posts through :attr:`ledger` in the same unit of work)."""
        return self._payroll

    @property
    def assets(self) -> Assets:
        """The fixed-asset register (with the Indonesian fiscal book)."""
        return self._assets

    @property
    def inventory(self) -> Inventory:
        """The entity's stock: items, movements, valuation and counts."""
        return self._inventory

    @property
    def documents(self) -> Documents:
        """The entity's documents: registration, approval, retention, evidence, search."""
        return self._documents

    @property
    def audit(self) -> AuditTrail:
        """The entity's audit trail."""
        return self._audit

    @property
    def compliance(self) -> Compliance:
        """Compliance runs over every domain and the statutory calendar."""
        return self._compliance

    def _record_denial(self, actor: str, action: str, subject: str, reason: str) -> None:
        # Written after the refused unit of work ends (committed or rolled back), in a
        # transaction of its own, so that the record of the attempt survives it.
        denial = Denial(
            id=new_id(),
            actor=actor,
            action=action,
            subject=subject,
            reason=reason,
            at=self._context.clock(),
        )

        def write() -> None:
            store = self._backend.records(DENIAL, self._context.entity, actor=actor)
            with self._backend.transaction():
                store.add([denial])

        self._backend.after_transaction(write)

    def transaction(self) -> AbstractContextManager[None]:
        """Open one unit of work across every service: all of it commits or none."""
        return self._backend.transaction()

    def as_actor(self, actor: str) -> BackOffice:
        """Return an office on the same backend and entity acting as ``actor``.

        An interface for trusted code: it authenticates no one. Pass the user your
        application has authenticated; the authorizer then decides what it may do.
        """
        return BackOffice(
            self._backend,
            self._context.with_actor(actor),
            settings=self._settings,
            document_rules=self._document_rules,
        )

    def close(self) -> None:
        """Close the backend if this office opened it."""
        if self._owns_backend:
            self._backend.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"BackOffice({self._backend.url!r}, entity={self.entity!r}, actor={self.actor!r})"
