"""Access control: standard roles, restrictions on the subject, refusals recorded."""

from __future__ import annotations

from datetime import date

import pytest

from backoffice_core import BackOffice, Money
from backoffice_core.compliance import (
    STANDARD_ROLES,
    AccessPolicy,
    Restriction,
    payroll_sources_only,
)
from backoffice_core.context import Context
from backoffice_core.errors import InvalidInputError, PermissionDeniedError
from backoffice_core.ledger import EntryDraft, Line, generic_chart

POLICY = AccessPolicy(
    {
        "rina": {"accountant"},
        "sari": {"payroll_officer"},
        "andi": {"auditor"},
        "dewi": {"administrator"},
    },
    restrictions=[payroll_sources_only()],
)


def as_actor(office: BackOffice, actor: str) -> BackOffice:
    context = Context(office.entity, actor, POLICY, office.context.clock)
    return BackOffice(office.backend, context)


def rent(office: BackOffice, entry_id: str) -> None:
    office.ledger.post(
        date(2026, 1, 5),
        "Sewa",
        [Line.debit("6110", Money(5, "IDR")), Line.credit("1110", Money(5, "IDR"))],
        id=entry_id,
    )


class TestPolicy:
    def test_roles_grant_their_prefixes(self) -> None:
        """Each standard role allows its own actions and refuses others."""
        POLICY.check("rina", "ledger.entry.post", "e-1")
        POLICY.check("dewi", "assets.asset.dispose", "a-1")
        POLICY.check("andi", "compliance.run", "PT A")
        with pytest.raises(PermissionDeniedError, match="none of its roles grants it"):
            POLICY.check("andi", "ledger.entry.post", "e-1")
        with pytest.raises(PermissionDeniedError):
            POLICY.check("nobody", "ledger.entry.post", "e-1")
        assert set(STANDARD_ROLES) == {
            "accountant", "payroll_officer", "hr", "asset_keeper", "document_controller",
            "auditor", "administrator",
        }  # fmt: skip

    def test_restriction_decides_on_the_subject(self) -> None:
        """A payroll officer may post an entry sourced from a payroll run, and no other."""
        POLICY.check_with("sari", "ledger.entry.post", "e-1", {"source": "payroll-2026-01"})
        with pytest.raises(PermissionDeniedError, match="source is a payroll run"):
            POLICY.check_with("sari", "ledger.entry.post", "e-2", {"source": "rent-2026-01"})
        with pytest.raises(PermissionDeniedError):
            POLICY.check(
                "sari", "ledger.entry.post", "e-3"
            )  # no attributes: not shown to be payroll

    def test_unknown_role_is_refused(self) -> None:
        """Assigning a role that is not defined raises InvalidInputError."""
        with pytest.raises(InvalidInputError, match="unknown roles"):
            AccessPolicy({"x": {"superuser"}})

    def test_custom_restriction(self) -> None:
        """A restriction of one's own narrows a role by the subject's attributes."""
        small = Restriction(
            "accountant", "ledger.entry.post",
            lambda subject, attrs: attrs.get("amount", 0) <= 1000, "at most 1000",
        )  # fmt: skip
        policy = AccessPolicy({"rina": {"accountant"}}, restrictions=[small])
        policy.check_with("rina", "ledger.entry.post", "e", {"amount": 10})
        with pytest.raises(PermissionDeniedError, match="at most 1000"):
            policy.check_with("rina", "ledger.entry.post", "e", {"amount": 10_000})


class TestDenials:
    def test_refusal_is_recorded_and_writes_nothing_else(self, office: BackOffice) -> None:
        """A refused post raises, leaves the books unchanged, and records who tried what."""
        office.ledger.load_chart(generic_chart())
        auditor = as_actor(office, "andi")
        with pytest.raises(PermissionDeniedError):
            rent(auditor, "rent-1")
        assert office.ledger.entries() == []
        (denial,) = auditor.compliance.denials()
        assert (denial.actor, denial.action, denial.subject) == (
            "andi",
            "ledger.entry.post",
            "rent-1",
        )
        assert list(office.audit.records())[-1].action == "access.denial.added"
        assert office.audit.verify().ok

    def test_refusal_survives_the_rolled_back_unit_of_work(self, office: BackOffice) -> None:
        """A refusal inside a larger unit of work is kept though the unit is rolled back."""
        office.ledger.load_chart(generic_chart())
        clerk = as_actor(office, "sari")

        def unit_of_work() -> None:
            with clerk.transaction():
                rent(office, "allowed-then-undone")
                rent(clerk, "rent-by-payroll-officer")

        with pytest.raises(PermissionDeniedError):
            unit_of_work()
        assert office.ledger.entries() == []
        denials = as_actor(office, "andi").compliance.denials(actor="sari")
        assert [d.subject for d in denials] == ["rent-by-payroll-officer"]

    def test_listing_refusals_needs_a_grant(self, office: BackOffice) -> None:
        """An accountant may not list refusals; the attempt is itself recorded."""
        accountant = as_actor(office, "rina")
        with pytest.raises(PermissionDeniedError):
            accountant.compliance.denials()
        (denial,) = as_actor(office, "andi").compliance.denials()
        assert denial.action == "compliance.denials.list"


def salary(office: BackOffice, entry_id: str, source: str) -> EntryDraft:
    return EntryDraft(
        date=date(2026, 1, 25),
        description="Gaji",
        lines=(Line.debit("6110", Money(5, "IDR")), Line.credit("1110", Money(5, "IDR"))),
        id=entry_id,
        source=source,
    )


class TestLedgerAttributes:
    def test_restriction_decides_on_the_posted_entry_source(self, office: BackOffice) -> None:
        """The ledger gives the authorizer the entry's source: a payroll-run entry passes."""
        office.ledger.load_chart(generic_chart())
        clerk = as_actor(office, "sari")
        clerk.ledger.post_many([salary(office, "pay-1", "payroll-2026-01")])
        assert [e.id for e in office.ledger.entries()] == ["pay-1"]

    def test_every_entry_of_a_bulk_posting_is_decided_on(self, office: BackOffice) -> None:
        """One entry of a bulk posting whose source is not a payroll run refuses them all."""
        office.ledger.load_chart(generic_chart())
        clerk = as_actor(office, "sari")
        drafts = [salary(office, "pay-1", "payroll-2026-01"), salary(office, "x", "rent-01")]
        with pytest.raises(PermissionDeniedError, match="source is a payroll run"):
            clerk.ledger.post_many(drafts)
        assert office.ledger.entries() == []
        (denial,) = as_actor(office, "andi").compliance.denials(actor="sari")
        assert denial.subject == "x"
