"""Confidentiality is enforced: reads and searches above ``internal`` need a grant."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from document_helpers import letter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backoffice_core import BackOffice, Money
from backoffice_core.compliance import AccessPolicy
from backoffice_core.context import Context, RoleAuthorizer
from backoffice_core.documents import Confidentiality
from backoffice_core.errors import PermissionDeniedError
from backoffice_core.ledger import Line, generic_chart

C = Confidentiality
POLICY = AccessPolicy(
    {
        "rina": {"document_controller"},
        "budi": {"accountant"},
        "andi": {"auditor"},
        "dewi": {"administrator"},
    }
)


def as_actor(office: BackOffice, actor: str) -> BackOffice:
    """The same backend and entity under the standard roles, acting as ``actor``."""
    return BackOffice(office.backend, Context(office.entity, actor, POLICY, office.context.clock))


@pytest.fixture
def shelf(office: BackOffice) -> dict[C, str]:
    """One HRD letter per level, registered by the document controller; ids by level."""
    rina = as_actor(office, "rina")
    return {level: letter(rina, confidentiality=level).id for level in C}


class TestDirectRead:
    def test_accountant_reads_public_and_internal(
        self, office: BackOffice, shelf: dict[C, str]
    ) -> None:
        """Levels up to internal need no grant."""
        budi = as_actor(office, "budi").documents
        for level in (C.PUBLIC, C.INTERNAL):
            assert budi.get(shelf[level]).confidentiality is level
            assert budi.content(shelf[level]) == b"%PDF-1.7 letter"

    @pytest.mark.parametrize("level", [C.CONFIDENTIAL, C.SECRET])
    def test_accountant_is_refused_above_internal(
        self, office: BackOffice, shelf: dict[C, str], level: C
    ) -> None:
        """Reading metadata, versions or content above internal raises PermissionDeniedError."""
        budi = as_actor(office, "budi").documents
        for read in (budi.get, budi.versions, budi.content, budi.evidence.links):
            with pytest.raises(PermissionDeniedError, match=f"documents.read.{level.value}"):
                read(shelf[level])

    def test_refused_read_is_recorded_as_a_denial(
        self, office: BackOffice, shelf: dict[C, str]
    ) -> None:
        """The refusal is stored like every other denial, for the auditor to list."""
        with pytest.raises(PermissionDeniedError):
            as_actor(office, "budi").documents.content(shelf[C.SECRET])
        denials = as_actor(office, "andi").compliance.denials(actor="budi")
        assert [(d.action, d.subject) for d in denials] == [
            ("documents.read.secret", shelf[C.SECRET])
        ]

    @pytest.mark.parametrize("actor", ["rina", "andi", "dewi"])
    def test_controller_auditor_and_administrator_read_everything(
        self, office: BackOffice, shelf: dict[C, str], actor: str
    ) -> None:
        """The document controller, the auditor and the administrator read every level."""
        documents = as_actor(office, actor).documents
        assert {documents.get(i).confidentiality for i in shelf.values()} == set(C)


class TestListings:
    def test_search_leaves_out_what_the_actor_may_not_read(
        self, office: BackOffice, shelf: dict[C, str]
    ) -> None:
        """Metadata, tag and text searches return only the readable levels."""
        search = as_actor(office, "budi").documents.search
        readable = {shelf[C.PUBLIC], shelf[C.INTERNAL]}
        assert {d.id for d in search.find(kind="letter")} == readable
        assert {d.id for d in search.find(tag="rapat")} == readable
        assert {d.id for d in search.find("direksi")} == readable
        assert search.find(kind="letter", count=True).total == 2
        assert list(search.find(confidentiality=C.SECRET)) == []

    def test_pages_stay_full(self, office: BackOffice) -> None:
        """Hidden documents are filtered in the query, so every page but the last is full."""
        rina = as_actor(office, "rina")
        for n in range(6):
            level = C.SECRET if n % 2 else C.INTERNAL
            letter(rina, confidentiality=level, text=f"Undangan rapat direksi nomor {n}")
        search = as_actor(office, "budi").documents.search
        queries: list[dict[str, Any]] = [{"kind": "letter"}, {"tag": "rapat"}, {"text": "direksi"}]
        for query in queries:
            first = search.find(**query, limit=2)
            second = search.find(**query, limit=2, cursor=first.next_cursor)
            assert (len(first), len(second), second.next_cursor) == (2, 1, None), query

    def test_auditor_search_sees_every_level(self, office: BackOffice, shelf: dict[C, str]) -> None:
        """An actor allowed every level gets every document."""
        search = as_actor(office, "andi").documents.search
        assert {d.id for d in search.find(kind="letter")} == set(shelf.values())

    def test_listing_asks_no_denial_record(self, office: BackOffice, shelf: dict[C, str]) -> None:
        """Leaving documents out of a listing is not a refused action: nothing is recorded."""
        as_actor(office, "budi").documents.search.find(kind="letter")
        assert as_actor(office, "andi").compliance.denials(actor="budi") == []

    def test_reminders_and_evidence_leave_out_hidden_documents(self, office: BackOffice) -> None:
        """Expiring contracts and the documents behind an entry follow the same rule."""
        rina = as_actor(office, "rina")
        office.ledger.load_chart(generic_chart())
        ids = {}
        for level in (C.INTERNAL, C.SECRET):
            doc = rina.documents.register(
                "contract", f"Sewa {level}", b"c", "text/plain", confidentiality=level,
                effective=date(2025, 1, 1), expires=date(2025, 6, 30),
            )  # fmt: skip
            rina.documents.submit(doc.id)
            as_actor(office, "dewi").documents.approve(doc.id, on=date(2025, 1, 2))
            ids[level] = doc.id
        rent = Money("100", "IDR")
        office.ledger.post(
            date(2025, 1, 5), "Sewa", [Line.debit("6110", rent), Line.credit("1110", rent)],
            id="rent-1",
        )  # fmt: skip
        for doc_id in ids.values():
            rina.documents.evidence.attach(doc_id, "rent-1")
        budi = as_actor(office, "budi").documents
        expiring = budi.retention.expiring(30, as_of=date(2025, 6, 15))
        assert [r.document for r in expiring] == [ids[C.INTERNAL]]
        assert [d.id for d in budi.evidence.documents_for("rent-1")] == [ids[C.INTERNAL]]
        andi = as_actor(office, "andi").documents
        assert len(andi.retention.expiring(30, as_of=date(2025, 6, 15))) == 2


class TestInvariant:
    @settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        levels=st.lists(st.sampled_from(list(C)), min_size=1, max_size=8),
        granted=st.sets(st.sampled_from([C.CONFIDENTIAL, C.SECRET])),
        limit=st.integers(1, 3),
    )
    def test_pages_hold_exactly_the_readable_documents(
        self, url: str, levels: list[C], granted: set[C], limit: int
    ) -> None:
        """Paging any search yields every readable document once and no other, pages full."""
        grants = {"reader": {f"documents.read.{level.value}" for level in granted}}
        authorizer = RoleAuthorizer({"joko": {"reader"}}, grants)
        with BackOffice.open(url, entity=f"PT Inv {uuid.uuid4().hex}", actor="rina") as office:
            made = [letter(office, confidentiality=level) for level in levels]
            joko = BackOffice(office.backend, Context(office.entity, "joko", authorizer))
            readable = {d.id for d in made if d.confidentiality in {C.PUBLIC, C.INTERNAL, *granted}}
            queries: list[dict[str, Any]] = [
                {"kind": "letter"},
                {"tag": "rapat"},
                {"text": "direksi"},
            ]
            for query in queries:
                seen: list[str] = []
                cursor = None
                while True:
                    page = joko.documents.search.find(**query, limit=limit, cursor=cursor)
                    seen += [d.id for d in page]
                    cursor = page.next_cursor
                    if cursor is None:
                        break
                    assert len(page) == limit
                assert sorted(seen) == sorted(readable), query
