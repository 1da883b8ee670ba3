"""The audit chain: verification finds altered, missing and rewritten records."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from backoffice_core import BackOffice, Money
from backoffice_core.audit import GENESIS
from backoffice_core.ledger import Line, generic_chart


def book(path: Path) -> BackOffice:
    """Open an SQLite book with a chart and three postings."""
    office = BackOffice.open(f"sqlite:///{path}", entity="PT Audit", actor="rina")
    office.ledger.load_chart(generic_chart())
    for day in (5, 6, 7):
        office.ledger.post(
            date(2026, 1, day),
            f"Sewa {day}",
            [Line.debit("6110", Money(day, "IDR")), Line.credit("1120", Money(day, "IDR"))],
            id=f"rent-{day}",
        )
    return office


def tamper(path: Path, sql: str) -> None:
    """Change the stored audit trail behind the library's back."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(sql)
    conn.close()


@pytest.fixture
def office(tmp_path: Path) -> Iterator[BackOffice]:
    """A book on an SQLite file, closed after the test."""
    opened = book(tmp_path / "audit.db")
    yield opened
    opened.close()


class TestVerify:
    def test_intact_chain(self, office: BackOffice) -> None:
        """An untouched chain verifies and reports its head."""
        result = office.audit.verify()
        assert result.ok
        assert result.head == office.audit.head() != GENESIS
        assert result.checked == sum(1 for _ in office.audit.records())

    def test_altered_record_is_named(self, office: BackOffice, tmp_path: Path) -> None:
        """Changing one record's actor breaks the chain at that record."""
        seq = next(r.seq for r in office.audit.records() if r.subject == "rent-6")
        tamper(
            tmp_path / "audit.db", f"UPDATE audit_records SET actor = 'mallory' WHERE seq = {seq}"
        )
        result = office.audit.verify()
        assert not result.ok
        assert result.broken_seq == seq
        assert "altered" in result.reason

    def test_missing_record_is_named(self, office: BackOffice, tmp_path: Path) -> None:
        """Deleting a record from the middle is reported as that record missing."""
        seq = next(r.seq for r in office.audit.records() if r.subject == "rent-6")
        tamper(tmp_path / "audit.db", f"DELETE FROM audit_records WHERE seq = {seq}")
        result = office.audit.verify()
        assert (result.ok, result.broken_seq) == (False, seq)
        assert "missing" in result.reason

    def test_rewritten_history_is_caught_by_a_kept_head(
        self, office: BackOffice, tmp_path: Path
    ) -> None:
        """A head kept elsewhere no longer appears after the tail and its entry are cut off."""
        kept = office.audit.head()
        last = max(r.seq for r in office.audit.records())
        for sql in (
            f"DELETE FROM audit_records WHERE seq = {last}",
            "DELETE FROM lines WHERE entry_id = 'rent-7'",
            "DELETE FROM entries WHERE id = 'rent-7'",
        ):
            tamper(tmp_path / "audit.db", sql)
        assert office.audit.verify().ok  # the shorter book is self-consistent
        result = office.audit.verify(expected_head=kept)
        assert not result.ok
        assert "kept head" in result.reason
