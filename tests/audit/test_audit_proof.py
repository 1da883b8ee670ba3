"""verify() proves the stored ledger against the chain: every edit behind its back is named."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from proof_helpers import fresh_entity, full_book, raw_sql

from backend_urls import BACKENDS, backend_url
from backoffice_core import BackOffice
from backoffice_core.audit import GENESIS, AuditTrail
from backoffice_core.ledger import EntryKind
from backoffice_core.ledger.posting import fingerprint
from backoffice_core.periods import PeriodState
from backoffice_core.storage import MemoryBackend

SQL_BACKENDS = [b for b in BACKENDS if b != "memory"]


@pytest.fixture(params=SQL_BACKENDS)
def sql_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of each SQL backend (raw SQL can tamper with it)."""
    return backend_url(request.param, tmp_path)


@pytest.fixture
def book(sql_url: str) -> Iterator[BackOffice]:
    """A full book on each SQL backend."""
    with BackOffice.open(sql_url, entity=fresh_entity("Proof"), actor="rina") as office:
        full_book(office)
        yield office


def tamper(office: BackOffice, sql: str, *params: object) -> None:
    """Change the office's stored rows behind the library's back (``{e}`` is the entity)."""
    raw_sql(office.backend.url, sql, (*params, office.entity))


def day(office: BackOffice, value: date) -> object:
    """Return ``value`` as the office's database takes a date parameter."""
    return value.isoformat() if office.backend.url.startswith("sqlite") else value


def seq_of(office: BackOffice, subject: str) -> int:
    """Return the sequence number of the last audit record about ``subject``."""
    return [r.seq for r in office.audit.records() if r.subject == subject][-1]


class TestIntactBooks:
    def test_a_full_book_verifies(self, url: str) -> None:
        """A book written through every ledger path verifies on every backend."""
        with BackOffice.open(url, entity=fresh_entity("Intact"), actor="rina") as office:
            full_book(office)
            result = office.audit.verify()
            assert result.ok, str(result)
            assert result.checked == sum(1 for _ in office.audit.records())

    def test_new_books_verify(self, url: str) -> None:
        """Books just opened (settings only) verify."""
        with BackOffice.open(url, entity=fresh_entity("New"), actor="rina") as office:
            assert office.audit.verify().ok

    def test_chain_alone_without_coverage(self, url: str) -> None:
        """An AuditTrail with no coverage checks the chain only, as before."""
        with BackOffice.open(url, entity=fresh_entity("Chain"), actor="rina") as office:
            full_book(office)
            chain_only = AuditTrail(office.backend.audit_store(office.entity))
            assert chain_only.verify().ok


class TestEditedLines:
    def test_edited_amount_is_named(self, book: BackOffice) -> None:
        """Changing a line's amount names the entry and its audit record."""
        tamper(book, "UPDATE lines SET amount = amount + 100 WHERE entry_id = 'rent-01' "
               "AND line_no = 1 AND entity = ?")  # fmt: skip
        result = book.audit.verify()
        assert (result.ok, result.record) == (False, "entry 'rent-01'")
        assert result.broken_seq == seq_of(book, "rent-01")
        assert "edited" in result.reason

    def test_edited_line_date_is_named(self, book: BackOffice) -> None:
        """Moving a line to another date (what balances read) names the entry."""
        tamper(book, "UPDATE lines SET entry_date = ? WHERE entry_id = 'usd-01' AND line_no = 2 "
               "AND entity = ?", day(book, date(2026, 3, 1)))  # fmt: skip
        result = book.audit.verify()
        assert (result.ok, result.record) == (False, "entry 'usd-01'")
        assert "dated 2026-03-01" in result.reason

    def test_edited_entry_date_is_named(self, book: BackOffice) -> None:
        """Changing an entry's date (and its lines') names the entry."""
        for table, key in (("entries", "id"), ("lines", "entry_id")):
            tamper(book, f"UPDATE {table} SET entry_date = ? WHERE {key} = 'rent-01' "
                   "AND entity = ?", day(book, date(2026, 1, 6)))  # fmt: skip
        result = book.audit.verify()
        assert (result.ok, result.record) == (False, "entry 'rent-01'")

    def test_edited_account_is_named(self, book: BackOffice) -> None:
        """Moving a line to another account names the entry."""
        tamper(book, "UPDATE lines SET account = '6200' WHERE entry_id = 'rent-01' "
               "AND line_no = 1 AND entity = ?")  # fmt: skip
        result = book.audit.verify()
        assert (result.ok, result.record) == (False, "entry 'rent-01'")

    def test_edit_inside_a_bulk_posting_is_named(self, book: BackOffice) -> None:
        """An edited line of a bulk-posted entry names that entry and the bulk record."""
        tamper(book, "UPDATE lines SET amount = 5 WHERE entry_id = 'pos-7' AND line_no = 1 "
               "AND entity = ?")  # fmt: skip
        result = book.audit.verify()
        assert (result.ok, result.record) == (False, "entry 'pos-7'")
        assert result.broken_seq == seq_of(book, "pos-0..pos-11")

    def test_edit_with_a_recomputed_fingerprint_is_named(self, book: BackOffice) -> None:
        """Editing a line and its entry's fingerprint column alike is caught by the chain."""
        tamper(book, "UPDATE lines SET memo = 'x' WHERE entry_id = 'rent-01' AND entity = ?")
        store = book.backend.ledger_store(book.entity)
        edited = next(e for e in store.iter_stored_entries() if e.id == "rent-01")
        recomputed = fingerprint(edited.date, edited.description, edited.source, edited.memo,
                                 EntryKind(edited.kind), edited.reverses,
                                 tuple(line[4:] for line in edited.lines))  # fmt: skip
        tamper(book, "UPDATE entries SET fingerprint = ? WHERE id = 'rent-01' AND entity = ?",
               recomputed)  # fmt: skip
        result = book.audit.verify()
        assert (result.ok, result.record) == (False, "entry 'rent-01'")
        assert "not what audit record" in result.reason


class TestEditedEntries:
    def test_changed_posted_by_is_named(self, book: BackOffice) -> None:
        """Changing who posted an entry names it."""
        tamper(book, "UPDATE entries SET posted_by = 'mallory' WHERE id = 'usd-01' AND entity = ?")
        result = book.audit.verify()
        assert (result.ok, result.record) == (False, "entry 'usd-01'")
        assert "mallory" in result.reason

    def test_deleted_entry_is_named(self, book: BackOffice) -> None:
        """Deleting an entry and its lines names it as audited but missing."""
        for sql in ("DELETE FROM lines WHERE entry_id = 'usd-01' AND entity = ?",
                    "DELETE FROM entries WHERE id = 'usd-01' AND entity = ?"):  # fmt: skip
            tamper(book, sql)
        result = book.audit.verify()
        assert (result.ok, result.record) == (False, "entry 'usd-01'")
        assert "missing from the store" in result.reason
        assert result.broken_seq == seq_of(book, "usd-01")

    def test_entry_deleted_from_a_bulk_posting_is_named(self, book: BackOffice) -> None:
        """Deleting one entry of a bulk posting names the bulk range."""
        for sql in ("DELETE FROM lines WHERE entry_id = 'pos-3' AND entity = ?",
                    "DELETE FROM entries WHERE id = 'pos-3' AND entity = ?"):  # fmt: skip
            tamper(book, sql)
        result = book.audit.verify()
        assert (result.ok, result.record) == (False, "entries 'pos-0..pos-11'")

    def test_inserted_entry_is_named(self, book: BackOffice) -> None:
        """An entry copied in with a new id and no audit record is named."""
        (top,) = raw_sql(book.backend.url, "SELECT MAX(seq) FROM entries WHERE entity = ?",
                         (book.entity,))[0]  # fmt: skip
        tamper(book, "INSERT INTO entries SELECT entity, 'ghost', ?, entry_date, description, "
               "source, memo, kind, reverses, posted_at, posted_by, fingerprint FROM entries "
               "WHERE id = 'rent-01' AND entity = ?", top + 1)  # fmt: skip
        tamper(book, "INSERT INTO lines SELECT entity, 'ghost', line_no, ?, entry_date, closing, "
               "account, currency, amount, base_currency, base, side, rate, memo, dimensions, "
               "tags FROM lines WHERE entry_id = 'rent-01' AND entity = ?", top + 1)  # fmt: skip
        result = book.audit.verify()
        assert (result.ok, result.record) == (False, "entry 'ghost'")
        assert "no audit record covers it" in result.reason

    def test_lines_without_an_entry_are_named(self, book: BackOffice) -> None:
        """Line rows added at a posting sequence with no entry row are named."""
        tamper(book, "INSERT INTO lines SELECT entity, 'nobody', line_no, 9999, entry_date, "
               "closing, account, currency, amount, base_currency, base, side, rate, memo, "
               "dimensions, tags FROM lines WHERE entry_id = 'rent-01' AND entity = ?")  # fmt: skip
        result = book.audit.verify()
        assert (result.ok, result.record) == (False, "lines of entry 'nobody'")


class TestEditedStates:
    def test_period_reopened_by_update_is_named(self, book: BackOffice) -> None:
        """Reopening a closed period with a raw UPDATE names the period."""
        tamper(book, "UPDATE periods SET state = 'open' WHERE month = '2026-02' AND entity = ?")
        result = book.audit.verify()
        assert (result.ok, result.record) == (False, "period '2026-02'")
        assert result.broken_seq == seq_of(book, "2026-02")

    def test_renamed_account_is_named(self, book: BackOffice) -> None:
        """Changing an account's definition behind the library's back names the account."""
        tamper(book, "UPDATE accounts SET type = 'equity' WHERE code = '6110' AND entity = ?")
        result = book.audit.verify()
        assert (result.ok, result.record) == (False, "account '6110'")

    def test_changed_budget_is_named(self, book: BackOffice) -> None:
        """Changing a budget amount names the budget line."""
        tamper(book, "UPDATE budgets SET amount = 1 WHERE account = '6110' AND entity = ?")
        result = book.audit.verify()
        assert (result.ok, result.record) == (False, "budget '6110/2026-01'")

    def test_changed_base_currency_is_named(self, book: BackOffice) -> None:
        """Changing the books' base currency names the settings."""
        tamper(book, "UPDATE ledger_settings SET base_currency = 'USD' WHERE entity = ?")
        result = book.audit.verify()
        assert (result.ok, result.record) == (False, "ledger settings")

    def test_empty_chain_over_a_full_book_is_not_intact(self, book: BackOffice) -> None:
        """Deleting the whole chain leaves a book that no record covers."""
        tamper(book, "DELETE FROM audit_records WHERE entity = ?")
        result = book.audit.verify()
        assert not result.ok
        assert result.head == GENESIS
        assert result.record == "entry 'rent-01'"
        assert "no audit record covers it" in result.reason

    def test_deleted_period_record_is_named(self, book: BackOffice) -> None:
        """Deleting the audit record of a period's state and re-linking is still named.

        The chain is cut after the last record, so only the period state disagrees.
        """
        last = max(r.seq for r in book.audit.records())
        tamper(book, f"DELETE FROM audit_records WHERE seq = {last} AND entity = ?")
        result = book.audit.verify()
        assert (result.ok, result.record) == (False, "period '2026-02'")
        assert "no audit record covers it" in result.reason


class TestMemoryTampering:
    """The memory backend has no SQL to tamper through: its records are changed in place."""

    @pytest.fixture
    def memory_book(self) -> Iterator[tuple[BackOffice, MemoryBackend]]:
        """A full book on the memory backend, and the backend."""
        with BackOffice.open("memory://", entity=fresh_entity("Mem"), actor="rina") as office:
            full_book(office)
            assert isinstance(office.backend, MemoryBackend)
            yield office, office.backend

    def test_empty_chain_over_a_full_book(
        self, memory_book: tuple[BackOffice, MemoryBackend]
    ) -> None:
        """Clearing the in-memory chain leaves books that no record covers."""
        office, backend = memory_book
        backend.books(office.entity).audit.clear()
        result = office.audit.verify()
        assert (result.ok, result.record) == (False, "entry 'rent-01'")

    def test_period_state_changed_in_place(
        self, memory_book: tuple[BackOffice, MemoryBackend]
    ) -> None:
        """A period reopened without the service is named."""
        office, backend = memory_book
        periods = backend.books(office.entity).periods
        periods["2026-02"] = periods["2026-02"].model_copy(update={"state": PeriodState.OPEN})
        result = office.audit.verify()
        assert (result.ok, result.record) == (False, "period '2026-02'")
