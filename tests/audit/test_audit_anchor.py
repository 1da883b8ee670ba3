"""Anchoring: a head kept outside the database catches a cut or rewritten tail."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from proof_helpers import fresh_entity, full_book, raw_sql

from backend_urls import BACKENDS, backend_url
from backoffice_core import BackOffice, Money
from backoffice_core.audit import AnchoredHead, AnchorFile, AuditRecord
from backoffice_core.audit.chain import record_hash
from backoffice_core.cli import main
from backoffice_core.errors import IntegrityError, StorageError
from backoffice_core.ledger import Line

SQL_BACKENDS = [b for b in BACKENDS if b != "memory"]


@pytest.fixture(params=SQL_BACKENDS)
def sql_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of each SQL backend (raw SQL can tamper with it)."""
    return backend_url(request.param, tmp_path)


@pytest.fixture
def anchored(sql_url: str, tmp_path: Path) -> Iterator[tuple[BackOffice, AnchorFile]]:
    """A full book on each SQL backend whose head is anchored after every commit."""
    anchor = AnchorFile(tmp_path / "anchor.json")
    with BackOffice.open(sql_url, entity=fresh_entity("Anchor"), actor="rina") as office:
        office.backend.on_commit(anchor)
        full_book(office)
        yield office, anchor


def post(office: BackOffice, entry_id: str) -> None:
    """Post a small entry with id ``entry_id``."""
    office.ledger.post(
        date(2026, 3, 2),
        "Kopi",
        [Line.debit("6110", Money(9, "IDR")), Line.credit("1120", Money(9, "IDR"))],
        id=entry_id,
    )


def cut_last_entry(office: BackOffice, entry_id: str) -> None:
    """Delete the last audit record and its entry: a shorter book that is consistent."""
    last = max(r.seq for r in office.audit.records())
    for sql in (
        f"DELETE FROM audit_records WHERE seq = {last} AND entity = ?",
        f"DELETE FROM lines WHERE entry_id = '{entry_id}' AND entity = ?",
        f"DELETE FROM entries WHERE id = '{entry_id}' AND entity = ?",
    ):
        raw_sql(office.backend.url, sql, (office.entity,))


class TestAnchorFile:
    def test_commit_hook_keeps_the_head(self, url: str, tmp_path: Path) -> None:
        """With an anchor file as commit hook, the file holds the head after each commit."""
        anchor = AnchorFile(tmp_path / "anchor.json")
        with BackOffice.open(url, entity=fresh_entity("Hook"), actor="rina") as office:
            office.backend.on_commit(anchor)
            full_book(office)
            last = list(office.audit.records())[-1]
            assert anchor.read(office.entity) == AnchoredHead(last.seq, last.hash)
            assert office.audit.verify(anchor=anchor).ok

    def test_verify_writes_the_anchor_on_request(self, url: str, tmp_path: Path) -> None:
        """verify(update_anchor=True) anchors the head it verified; without it no file is made."""
        path = tmp_path / "anchor.json"
        with BackOffice.open(url, entity=fresh_entity("Update"), actor="rina") as office:
            full_book(office)
            assert office.audit.verify(anchor=path).ok
            assert not path.exists()
            assert office.audit.verify(anchor=path, update_anchor=True).ok
            head = AnchorFile(path).read(office.entity)
            assert head is not None
            assert head.hash == office.audit.head()

    def test_the_anchor_never_moves_back(self, tmp_path: Path) -> None:
        """A head below the anchored one is not written over it."""
        anchor = AnchorFile(tmp_path / "anchor.json")
        fields = {"entity": "PT A", "actor": "rina", "at": "2026-01-01T00:00:00Z",
                  "action": "a", "subject": "s", "digest": "d", "prev_hash": "p"}  # fmt: skip
        assert anchor.write(AuditRecord.model_validate({**fields, "seq": 5, "hash": "h5"}))
        assert not anchor.write(AuditRecord.model_validate({**fields, "seq": 3, "hash": "h3"}))
        assert anchor.read("PT A") == AnchoredHead(5, "h5")
        assert anchor.read("PT B") is None

    def test_a_file_that_is_no_anchor_is_refused(self, tmp_path: Path) -> None:
        """Reading a file that is not a JSON object of heads raises IntegrityError."""
        path = tmp_path / "anchor.json"
        path.write_text("[1, 2]")
        with pytest.raises(IntegrityError, match="not a JSON object"):
            AnchorFile(path).read("PT A")

    def test_a_failing_hook_says_the_commit_happened(self, url: str) -> None:
        """A hook that fails raises StorageError after the commit, which stays committed."""
        with BackOffice.open(url, entity=fresh_entity("Fail"), actor="rina") as office:
            full_book(office)

            def broken(record: AuditRecord) -> None:
                raise OSError("disk full")

            office.backend.on_commit(broken)
            with pytest.raises(StorageError, match=r"committed.*disk full"):
                post(office, "after-hook")
            assert office.ledger.entry("after-hook").id == "after-hook"


class TestAnchorCommandLine:
    def test_cli_writes_then_checks_the_anchor(
        self, anchored: tuple[BackOffice, AnchorFile], tmp_path: Path
    ) -> None:
        """`audit verify --anchor F --update-anchor` anchors; a later cut tail exits 1."""
        office, _ = anchored
        path = str(tmp_path / "cli-anchor.json")
        args = ["audit", "verify", "--url", office.backend.url, "--entity", office.entity]
        assert main([*args, "--anchor", path, "--update-anchor"]) == 0
        post(office, "cut-me")
        assert main([*args, "--anchor", path, "--update-anchor"]) == 0
        cut_last_entry(office, "cut-me")
        assert main([*args, "--anchor", path]) == 1


class TestAnchoredVerification:
    def test_cut_tail_is_found_with_the_anchor(
        self, anchored: tuple[BackOffice, AnchorFile]
    ) -> None:
        """A tail cut off with its entry verifies alone but not against the anchor."""
        office, anchor = anchored
        post(office, "cut-me")
        cut_last_entry(office, "cut-me")
        assert office.audit.verify().ok  # consistent without the anchor
        result = office.audit.verify(anchor=anchor)
        assert not result.ok
        assert "cut off" in result.reason

    def test_rewritten_tail_is_found_with_the_anchor(
        self, anchored: tuple[BackOffice, AnchorFile]
    ) -> None:
        """A last record and entry rewritten consistently are found by the anchor's hash."""
        office, anchor = anchored
        post(office, "rewrite-me")
        last = list(office.audit.records())[-1]
        forged = last.model_copy(update={"actor": "mallory"})
        new_hash = record_hash(forged.model_dump(exclude={"hash"}))
        url, entity = office.backend.url, office.entity
        raw_sql(url, "UPDATE audit_records SET actor = 'mallory', hash = ? WHERE seq = ? "
                "AND entity = ?", (new_hash, last.seq, entity))  # fmt: skip
        raw_sql(url, "UPDATE entries SET posted_by = 'mallory' WHERE id = 'rewrite-me' "
                "AND entity = ?", (entity,))  # fmt: skip
        assert office.audit.verify().ok  # consistent without the anchor
        result = office.audit.verify(anchor=anchor)
        assert (result.ok, result.broken_seq) == (False, last.seq)
        assert "rewritten" in result.reason
