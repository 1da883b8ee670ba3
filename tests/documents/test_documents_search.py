"""Searching documents by metadata, terms, links and full text, with ranking and paging."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from document_helpers import approved, letter

from backoffice_core import BackOffice
from backoffice_core.documents import Confidentiality, Document, DocumentStatus
from backoffice_core.documents import search as search_module
from backoffice_core.errors import InvalidInputError


def contract(office: BackOffice, title: str, text: str, **extra: Any) -> Document:
    """Register a contract."""
    return office.documents.register("contract", title, b"c", "application/pdf", text=text, **extra)


class TestMetadata:
    def test_by_kind_and_status(self, office: BackOffice) -> None:
        """Kind and status filters run together."""
        a = contract(office, "Sewa kantor", "x")
        b = approved(office, letter(office))
        assert office.documents.search.find(kind="contract").documents == [a]
        assert [d.id for d in office.documents.search.find(status=DocumentStatus.APPROVED)] == [
            b.id
        ]

    def test_by_party_and_tag(self, office: BackOffice) -> None:
        """Party and tag match case-insensitively, all given values required."""
        a = contract(office, "Sewa", "x", parties=("PT Sinar Abadi",), tags=("sewa", "gedung"))
        contract(office, "Jasa", "x", parties=("CV Lain",), tags=("sewa",))
        found = office.documents.search.find(party="pt sinar abadi", tag=["SEWA", "gedung"])
        assert found.documents == [a]

    def test_tag_with_a_bar_is_its_own_tag(self, office: BackOffice) -> None:
        """A tag "a|b" does not match a search for the tag "a", nor the other way."""
        plain = contract(office, "A", "x", tags=("a",))
        barred = contract(office, "B", "x", tags=("a|b",))
        assert office.documents.search.find(tag="a").documents == [plain]
        assert office.documents.search.find(tag="a", count=True).documents == [plain]
        assert office.documents.search.find(tag="a|b").documents == [barred]

    def test_by_dates_and_confidentiality(self, office: BackOffice) -> None:
        """Date ranges and confidentiality filter on indexed columns."""
        a = contract(
            office, "Rahasia", "x", expires=date(2025, 7, 1), confidentiality=Confidentiality.SECRET
        )
        contract(office, "Umum", "x", expires=date(2026, 7, 1))
        found = office.documents.search.find(
            expires=(date(2025, 1, 1), date(2025, 12, 31)), confidentiality=Confidentiality.SECRET
        )
        assert found.documents == [a]

    def test_by_number(self, office: BackOffice) -> None:
        """A number finds its document."""
        doc = approved(office, letter(office))
        assert doc.number is not None
        assert office.documents.search.find(number=doc.number).documents == [doc]
        assert office.documents.search.by_number(doc.number) == [doc]

    def test_by_linked_record(self, office: BackOffice) -> None:
        """linked_to finds the documents that link to a record."""
        doc = letter(office)
        letter(office)
        office.documents.evidence.link(doc.id, "asset:A-9")
        assert [d.id for d in office.documents.search.find(linked_to="asset:A-9")] == [doc.id]

    def test_pages_with_a_cursor(self, office: BackOffice) -> None:
        """Metadata results page through every match exactly once."""
        made = {contract(office, f"K{i}", "x").id for i in range(5)}
        seen: list[str] = []
        cursor = None
        while True:
            page = office.documents.search.find(kind="contract", limit=2, cursor=cursor, count=True)
            assert page.total == 5
            seen += [d.id for d in page.documents]
            cursor = page.next_cursor
            if cursor is None:
                break
        assert sorted(seen) == sorted(made)


class TestFullText:
    def test_words_of_title_and_text_match(self, office: BackOffice) -> None:
        """Every query word must occur in the title or the extracted text."""
        a = contract(office, "Sewa gudang", "Gudang di Cikarang untuk dua tahun")
        contract(office, "Sewa kantor", "Kantor di Jakarta")
        assert office.documents.search.find("gudang cikarang").documents == [a]
        assert office.documents.search.find("SEWA", count=True).total == 2

    def test_ranked_by_occurrences(self, office: BackOffice) -> None:
        """A document that repeats the word ranks first."""
        once = contract(office, "Perjanjian", "kendaraan")
        often = contract(office, "Kendaraan", "kendaraan kendaraan operasional")
        hits = office.documents.search.find("kendaraan").hits
        assert [h.document.id for h in hits] == [often.id, once.id]
        assert [h.rank for h in hits] == [1, 2]

    def test_only_current_version_text_counts(self, office: BackOffice) -> None:
        """Words only in an earlier version no longer find the document."""
        doc = letter(office, text="anggaran lama")
        office.documents.add_version(doc.id, b"v2", "text/plain", text="anggaran baru")
        assert office.documents.search.find("lama", count=True).total == 0
        assert [d.id for d in office.documents.search.find("baru")] == [doc.id]

    def test_text_combines_with_metadata(self, office: BackOffice) -> None:
        """Full text and metadata filters apply together."""
        contract(office, "Sewa", "mesin fotokopi")
        doc = letter(office, text="mesin fotokopi rusak")
        assert office.documents.search.find("fotokopi", kind="letter").documents == [doc]

    def test_ranked_results_page(self, office: BackOffice) -> None:
        """Ranked results page with their own cursor and count the total."""
        for i in range(3):
            contract(office, f"Laptop {i}", "laptop")
        first = office.documents.search.find("laptop", limit=2, count=True)
        second = office.documents.search.find("laptop", limit=2, cursor=first.next_cursor)
        assert (first.total, len(first), len(second), second.next_cursor) == (3, 2, 1, None)

    def test_pages_without_count_cover_every_match_once(self, office: BackOffice) -> None:
        """Uncounted ranked pages skip filtered-out documents and end with no cursor."""
        for i in range(4):
            contract(office, f"Printer {i}", "printer")
        letters = {letter(office, text=f"printer {'printer ' * i}").id for i in range(3)}
        seen: list[str] = []
        cursor = None
        while True:
            page = office.documents.search.find("printer", kind="letter", limit=2, cursor=cursor)
            assert page.total is None
            seen += [d.id for d in page]
            cursor = page.next_cursor
            if cursor is None:
                break
        assert sorted(seen) == sorted(letters)
        assert len(seen) == 3

    def test_text_without_words_is_refused(self, office: BackOffice) -> None:
        """A query of punctuation only raises InvalidInputError."""
        with pytest.raises(InvalidInputError, match="no word"):
            office.documents.search.find("?!")


class TestTextWithManyTagged:
    def test_text_and_a_common_tag_page_in_rank_order(
        self, office: BackOffice, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Past the in-query limit, ranked pages are filtered by tag and still fill up."""
        monkeypatch.setattr(search_module, "_IN_QUERY", 1)
        tagged = [
            contract(office, f"Kontrak {i}", "mesin " * (i + 1), tags=("alat",)) for i in range(4)
        ]
        contract(office, "Kontrak lain", "mesin mesin mesin mesin mesin mesin")  # untagged
        first = office.documents.search.find("mesin", tag="alat", limit=3, count=True)
        second = office.documents.search.find(
            "mesin", tag="alat", limit=3, cursor=first.next_cursor
        )
        assert first.total == 4
        assert [h.rank for h in first.hits + second.hits] == [1, 2, 3, 4]
        assert [d.id for d in list(first) + list(second)] == [d.id for d in reversed(tagged)]
        assert second.next_cursor is None
