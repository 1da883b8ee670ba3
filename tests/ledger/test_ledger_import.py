"""Bulk imports (EntryBatch + import_entries): the same checks, rows and audit as post_many."""

from __future__ import annotations

import gc
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from backoffice_core import BackOffice, Money
from backoffice_core.errors import BackofficeError, PermissionDeniedError
from backoffice_core.ledger import Account, AccountType, EntryBatch, EntryDraft, Line
from backoffice_core.storage.sql import SQLBackend

NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
CHART = [
    Account(code="1110", name="Kas", type=AccountType.ASSET, cash=True),
    Account(code="1120", name="Bank USD", type=AccountType.ASSET, currency="USD"),
    Account(code="3100", name="Modal", type=AccountType.EQUITY),
    Account(code="4100", name="Pendapatan", type=AccountType.INCOME),
    Account(code="6100", name="Beban", type=AccountType.EXPENSE),
    Account(code="6900", name="Lama", type=AccountType.EXPENSE, active=False),
    Account(code="6000", name="Beban usaha", type=AccountType.EXPENSE, postable=False),
]

# One line as given to both paths: account, debit?, amount, currency, and keywords.
Spec = tuple[str, bool, Any, str | None, dict[str, Any]]
# An entry: id, date, description, lines, source, memo.
EntrySpec = tuple[str | None, date, str, list[Spec], str | None, str]

SAMPLE: list[EntrySpec] = [
    ("s-1", date(2026, 1, 5), " Sewa ", [
        ("6100", True, 1500, None, {"memo": "Jan", "dimensions": {"project": "A", "dept": "X"}}),
        ("1110", False, 1500, None, {"tags": ("rent", "q1")}),
    ], "INV-1", "a memo"),
    ("s-2", date(2026, 1, 6), "USD sale", [
        ("1120", True, "100.25", "USD", {"rate": Decimal("16000.5")}),
        ("4100", False, "100.25", "USD", {"rate": Decimal("16000.5")}),
    ], None, ""),
    ("s-3", date(2026, 1, 7), "USD with base", [
        ("1120", True, Decimal("10"), "USD", {"base_amount": Money(160_001, "IDR")}),
        ("4100", False, Decimal("10.00"), "USD", {"base_amount": Money(160_001, "IDR")}),
    ], None, ""),
    ("s-4", date(2026, 1, 8), "three lines", [
        ("6100", True, 10, None, {}),
        ("6100", True, Decimal("20"), None, {"memo": "second"}),
        ("3100", False, 30, None, {}),
    ], None, ""),
]  # fmt: skip


def lines_of(spec: EntrySpec) -> list[Line]:
    """Build the Line models of an entry spec."""
    built = []
    lines = spec[3]
    for account, debit, amount, currency, extra in lines:
        make = Line.debit if debit else Line.credit
        keywords = dict(extra)
        dims = keywords.pop("dimensions", {})
        if "base_amount" in keywords:
            line = make(account, Money(amount, currency or "IDR"), **dims)
            built.append(line.model_copy(update={"base_amount": keywords["base_amount"]}))
            continue
        built.append(make(account, Money(amount, currency or "IDR"), **keywords, **dims))
    return built


def draft_of(spec: EntrySpec) -> EntryDraft:
    """Build the EntryDraft of an entry spec."""
    entry_id, on, description, _, source, memo = spec
    lines = tuple(lines_of(spec))
    return EntryDraft(
        date=on, description=description, lines=lines, id=entry_id, source=source, memo=memo
    )


def batch_of(specs: list[EntrySpec]) -> EntryBatch:
    """Build the EntryBatch of entry specs."""
    batch = EntryBatch()
    for entry_id, on, description, lines, source, memo in specs:
        batch.entry(on, description, id=entry_id, source=source, memo=memo)
        for account, debit, amount, currency, extra in lines:
            (batch.debit if debit else batch.credit)(account, amount, currency, **extra)
    return batch


def books(url: str, **keywords: Any) -> BackOffice:
    """Open a fresh entity on ``url`` with the test chart and a fixed clock."""
    office = BackOffice.open(
        url,
        entity=f"PT Import {uuid.uuid4().hex[:10]}",
        actor="rina",
        clock=lambda: NOW,
        **keywords,
    )
    office.ledger.load_chart(CHART)
    return office


def stored_rows(office: BackOffice) -> list[tuple[Any, ...]]:
    """Return the entity's stored entries and lines rows as written, entity left out."""
    backend = office.backend
    assert isinstance(backend, SQLBackend)
    with backend.session(office.entity) as session:
        heads = session.query(
            "SELECT * FROM entries WHERE entity = ? ORDER BY seq", (office.entity,)
        )
        lines = session.query(
            "SELECT * FROM lines WHERE entity = ? ORDER BY entry_seq, line_no", (office.entity,)
        )
    return [row[1:] for row in heads] + [row[1:] for row in lines]


class TestImportEntries:
    def test_same_entries_and_fingerprints_as_post_many(self, url: str) -> None:
        """An import stores exactly what post_many stores for the same input."""
        with books(url) as first, books(url) as second:
            first.ledger.post_many([draft_of(s) for s in SAMPLE])
            summary = second.ledger.import_entries(batch_of(SAMPLE))
            assert (summary.posted, summary.lines) == (4, 9)
            assert first.ledger.entries() == second.ledger.entries()
            assert [e.fingerprint for e in first.ledger.entries()] == [
                e.fingerprint for e in second.ledger.entries()
            ]

    def test_byte_identical_rows_on_sql(self, url: str) -> None:
        """On SQL backends the entries and lines rows are byte for byte the same."""
        if url.startswith("memory"):
            pytest.skip("rows exist on SQL backends only; entries are compared above")
        with books(url) as first, books(url) as second:
            first.ledger.post_many([draft_of(s) for s in SAMPLE])
            second.ledger.import_entries(batch_of(SAMPLE))
            assert stored_rows(first) == stored_rows(second)

    def test_import_then_replay_is_a_no_op(self, office: BackOffice) -> None:
        """Importing entries already posted with the same content writes nothing."""
        office.ledger.load_chart(CHART)
        office.ledger.post_many([draft_of(s) for s in SAMPLE])
        summary = office.ledger.import_entries(batch_of(SAMPLE))
        assert (summary.posted, summary.already_posted) == (0, 4)
        assert len(office.ledger.entries()) == 4

    def test_every_entry_is_authorized(self, url: str) -> None:
        """One refused entry in a batch refuses the batch, and nothing is written."""

        class PosOnly:
            def check(self, actor: str, action: str, subject: str) -> None:
                if action == "ledger.entry.post" and not subject.startswith("pos-"):
                    raise PermissionDeniedError(f"{actor} may not post {subject}")

        with books(url, authorizer=PosOnly()) as office:
            spec = SAMPLE[0]
            batch = batch_of([("pos-1", *spec[1:]), ("payroll-1", *spec[1:])])
            with pytest.raises(PermissionDeniedError, match="payroll-1"):
                office.ledger.import_entries(batch)
            assert office.ledger.entries() == []

    def test_the_audit_trail_pins_every_entry(self, office: BackOffice) -> None:
        """The batch's audit record names its first and last entry and the chain verifies."""
        office.ledger.load_chart(CHART)
        office.ledger.import_entries(batch_of(SAMPLE))
        head = list(office.audit.records())[-1]
        assert (head.action, head.subject) == ("ledger.entries.posted", "s-1..s-4")
        assert office.audit.verify().ok


def _post(office: BackOffice, spec: EntrySpec) -> None:
    entry_id, on, description, _, source, memo = spec
    office.ledger.post(on, description, lines_of(spec), id=entry_id, source=source, memo=memo)


def _import(office: BackOffice, spec: EntrySpec) -> None:
    office.ledger.import_entries(batch_of([spec]))


D = date(2026, 2, 2)
REFUSED: dict[str, EntrySpec] = {
    "unbalanced": ("r", D, "x", [("6100", True, 10, None, {}), ("1110", False, 9, None, {})],
                   None, ""),
    "one line": ("r", D, "x", [("6100", True, 10, None, {})], None, ""),
    "unknown account": ("r", D, "x", [("9999", True, 1, None, {}), ("1110", False, 1, None, {})],
                        None, ""),
    "header account": ("r", D, "x", [("6000", True, 1, None, {}), ("1110", False, 1, None, {})],
                       None, ""),
    "inactive account": ("r", D, "x", [("6900", True, 1, None, {}), ("1110", False, 1, None, {})],
                         None, ""),
    "wrong currency": ("r", D, "x", [("1120", True, 1, None, {}), ("1110", False, 1, None, {})],
                       None, ""),
    "too many decimals": ("r", D, "x", [("6100", True, "1.5", None, {}),
                                        ("1110", False, "1.5", None, {})], None, ""),
    "no rate": ("r", D, "x", [("1120", True, 1, "USD", {}), ("4100", False, 1, "USD", {})],
                None, ""),
    "rate on base line": ("r", D, "x", [("6100", True, 1, None, {"rate": Decimal(2)}),
                                        ("1110", False, 1, None, {})], None, ""),
    "unbalanced USD": ("r", D, "x", [("1120", True, 2, "USD", {"rate": Decimal(5)}),
                                     ("4100", False, 1, "USD", {"rate": Decimal(10)})], None, ""),
    "blank description": ("r", D, "  ", [("6100", True, 1, None, {}),
                                         ("1110", False, 1, None, {})], None, ""),
    "zero amount": ("r", D, "x", [("6100", True, 0, None, {}), ("1110", False, 0, None, {})],
                    None, ""),
    "bad account code": ("r", D, "x", [("61 00", True, 1, None, {}),
                                       ("1110", False, 1, None, {})], None, ""),
    "float amount": ("r", D, "x", [("6100", True, 1.5, None, {}),
                                   ("1110", False, 1.5, None, {})], None, ""),
    "unknown currency": ("r", D, "x", [("6100", True, 1, "XYZ", {}),
                                       ("1110", False, 1, "XYZ", {})], None, ""),
    "amount above the cap": ("r", D, "x", [("6100", True, 10**18, None, {}),
                                           ("1110", False, 10**18, None, {})], None, ""),
    "base amount above the cap": ("r", D, "x", [
        ("1120", True, 1, "USD", {"base_amount": Money(10**18, "IDR")}),
        ("4100", False, 1, "USD", {"base_amount": Money(10**18, "IDR")})], None, ""),
    "zero base amount": ("r", D, "x", [
        ("1120", True, 1, "USD", {"base_amount": Money(0, "IDR")}),
        ("4100", False, 1, "USD", {"base_amount": Money(0, "IDR")})], None, ""),
    "negative base amount": ("r", D, "x", [
        ("1120", True, 1, "USD", {"base_amount": Money(-16000, "IDR")}),
        ("4100", False, 1, "USD", {"base_amount": Money(-16000, "IDR")})], None, ""),
    "rate rounds to zero": ("r", D, "x", [
        ("1120", True, "0.01", "USD", {"rate": Decimal("0.0001")}),
        ("4100", False, "0.01", "USD", {"rate": Decimal("0.0001")})], None, ""),
    "float rate": ("r", D, "x", [("1120", True, 1, "USD", {"rate": 16000.5}),
                                 ("4100", False, 1, "USD", {"rate": 16000.5})], None, ""),
    "blank id": ("  ", D, "x", [("6100", True, 1, None, {}), ("1110", False, 1, None, {})],
                 None, ""),
    "NUL in description": ("r", D, "x\x00", [("6100", True, 1, None, {}),
                                             ("1110", False, 1, None, {})], None, ""),
    "NUL in entry memo": ("r", D, "x", [("6100", True, 1, None, {}),
                                        ("1110", False, 1, None, {})], None, "m\x00"),
    "NUL in line memo": ("r", D, "x", [("6100", True, 1, None, {"memo": "a\x00"}),
                                       ("1110", False, 1, None, {})], None, ""),
    "NUL in dimension": ("r", D, "x", [("6100", True, 1, None, {"dimensions": {"p": "\x00"}}),
                                       ("1110", False, 1, None, {})], None, ""),
}  # fmt: skip


def _error(action: Callable[[], None]) -> type[BaseException] | None:
    try:
        action()
    except BackofficeError as exc:
        return type(exc)
    return None


class TestSameRefusals:
    @pytest.mark.parametrize("case", sorted(REFUSED))
    def test_import_refuses_what_post_refuses(self, url: str, case: str) -> None:
        """Post and import refuse each bad entry with the same class, writing nothing."""
        spec = REFUSED[case]
        with books(url) as office:
            by_post = _error(lambda: _post(office, spec))
            by_import = _error(lambda: _import(office, spec))
            assert by_post is not None
            assert by_import is by_post
            assert office.ledger.entries() == []

    def test_closed_period_refused_alike(self, url: str) -> None:
        """An entry dated in a closed period is refused by both paths."""
        with books(url) as office:
            office.ledger.close_period("2026-01")
            spec = SAMPLE[0]
            by_post = _error(lambda: _post(office, spec))
            assert by_post is not None
            assert _error(lambda: _import(office, spec)) is by_post

    def test_reused_id_refused_alike(self, url: str) -> None:
        """An id posted with other content is refused by both paths."""
        with books(url) as office:
            _post(office, SAMPLE[0])
            other = ("s-1", *SAMPLE[3][1:])
            by_post = _error(lambda: _post(office, other))
            assert by_post is not None
            assert _error(lambda: _import(office, other)) is by_post
            assert len(office.ledger.entries()) == 1


class TestCollector:
    """The cyclic garbage collector is paused in bulk paths only."""

    @staticmethod
    def _watching(url: str) -> tuple[BackOffice, list[bool]]:
        seen: list[bool] = []

        class Watcher:
            def check(self, actor: str, action: str, subject: str) -> None:
                seen.append(gc.isenabled())

        return books(url, authorizer=Watcher()), seen

    def test_single_post_leaves_the_collector_on(self, url: str) -> None:
        """post() never turns the host's collector off."""
        office, seen = self._watching(url)
        with office:
            seen.clear()
            _post(office, SAMPLE[0])
        assert seen == [True]

    def test_bulk_paths_pause_it_and_restore_it(self, url: str) -> None:
        """post_many and import_entries pause the collector and turn it back on."""
        office, seen = self._watching(url)
        with office:
            seen.clear()
            office.ledger.post_many([draft_of(SAMPLE[0])])
            office.ledger.import_entries(batch_of(SAMPLE[1:2]))
            assert seen == [False, False]
            assert gc.isenabled()
