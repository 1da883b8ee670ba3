"""The authorizer is asked for every record written: bulk postings and new books included."""

from __future__ import annotations

import uuid
from datetime import date

import attrs
import pytest

from backoffice_core import BackOffice, Money
from backoffice_core.context import Context
from backoffice_core.errors import PermissionDeniedError
from backoffice_core.ledger import EntryDraft, Line, generic_chart
from backoffice_core.storage import open_backend


@attrs.frozen
class PosOnly:
    """Allows every action, but posting only entries whose id starts with ``pos-``."""

    asked: list[tuple[str, str]] = attrs.field(factory=list)

    def check(self, actor: str, action: str, subject: str) -> None:
        """Refuse posting a non-POS entry."""
        self.asked.append((action, subject))
        if action == "ledger.entry.post" and not subject.startswith("pos-"):
            raise PermissionDeniedError(f"{actor} may not post {subject!r}")


@attrs.frozen
class NoNewBooks:
    """Refuses opening books, allows everything else."""

    def check(self, actor: str, action: str, subject: str) -> None:
        """Refuse ``ledger.books.open``."""
        if action == "ledger.books.open":
            raise PermissionDeniedError(f"{actor} may not open books for {subject!r}")


def draft(entry_id: str) -> EntryDraft:
    """A small balanced draft with id ``entry_id``."""
    return EntryDraft(
        date=date(2026, 1, 5),
        description=entry_id,
        id=entry_id,
        lines=(Line.debit("1120", Money(10, "IDR")), Line.credit("4100", Money(10, "IDR"))),
    )


def entity() -> str:
    """A fresh entity name."""
    return f"PT Auth {uuid.uuid4().hex[:10]}"


class TestBulkAuthorization:
    def test_every_entry_of_a_bulk_posting_is_asked(self, url: str) -> None:
        """An authorizer allowing pos-* refuses [pos-1, payroll-1], and nothing is written."""
        auth = PosOnly()
        with BackOffice.open(url, entity=entity(), actor="kasir", authorizer=auth) as office:
            office.ledger.load_chart(generic_chart())
            before = len(list(office.audit.records()))
            with pytest.raises(PermissionDeniedError, match="payroll-1"):
                office.ledger.post_many([draft("pos-1"), draft("payroll-1")])
            assert office.ledger.entries() == []
            # nothing but the record of the refusal itself (issue 13: who tried what)
            added = list(office.audit.records())[before:]
            assert [(r.action, r.subject) for r in added] == [
                ("access.denial.added", added[0].subject)
            ]
            assert office.compliance.denials()[0].subject == "payroll-1"

    def test_allowed_bulk_posting_asks_for_each_entry(self, url: str) -> None:
        """A bulk posting the authorizer allows asks once per entry, then posts them all."""
        auth = PosOnly()
        with BackOffice.open(url, entity=entity(), actor="kasir", authorizer=auth) as office:
            office.ledger.load_chart(generic_chart())
            summary = office.ledger.post_many([draft(f"pos-{n}") for n in range(3)])
            assert summary.posted == 3
            asked = [s for a, s in auth.asked if a == "ledger.entry.post"]
            assert asked == ["pos-0", "pos-1", "pos-2"]


class TestNewBooksAuthorization:
    def test_opening_new_books_is_refused_without_permission(self, url: str) -> None:
        """Opening new books asks ledger.books.open; refused, no settings or record is written."""
        name = entity()
        with open_backend(url) as backend:
            with pytest.raises(PermissionDeniedError, match=r"ledger\.books|open books"):
                BackOffice(backend, Context(name, "tamu", authorizer=NoNewBooks()))
            assert backend.ledger_store(name).get_settings() is None
            # nothing but the record of the refusal itself (issue 13: who tried what)
            records = list(backend.audit_store(name).iter_records())
            assert [r.action for r in records] == ["access.denial.added"]

    def test_existing_books_open_without_asking(self, url: str) -> None:
        """Books already opened need no permission to open again (nothing is written)."""
        name = entity()
        with open_backend(url) as backend:
            BackOffice(backend, Context(name, "rina"))
            office = BackOffice(backend, Context(name, "tamu", authorizer=NoNewBooks()))
            assert office.ledger.base_currency == "IDR"
