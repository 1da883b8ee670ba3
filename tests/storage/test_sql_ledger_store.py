"""Behaviour of the SQL ledger and audit stores on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlstore_helpers import CHART, SQL_STRINGS, as_posted, entry, line

from backoffice_core.audit.chain import extend
from backoffice_core.context import Change
from backoffice_core.errors import ConcurrencyError, StateError
from backoffice_core.ledger.models import (
    Account,
    AccountType,
    BudgetLine,
    EntryKind,
    LedgerSettings,
    PeriodStatus,
    Side,
)
from backoffice_core.money import Money
from backoffice_core.periods import PeriodState
from backoffice_core.storage.sql import SQLBackend

D = date(2026, 3, 15)


def _setup(backend: SQLBackend, entity: str = "PT A") -> None:
    store = backend.ledger_store(entity)
    with backend.transaction():
        store.put_settings(LedgerSettings(base_currency="IDR"))
        store.add_accounts(CHART)


class TestRoundTrip:
    def test_entry_reads_back_identical(self, sql_backend: SQLBackend) -> None:
        """An entry with rates, dimensions, tags and memos reads back equal, field by field."""
        _setup(sql_backend)
        posted = entry(
            "e-1",
            D,
            [
                line("1120", Side.DEBIT, "12.34", "USD", rate="15800.5", memo="m",
                     dimensions={"department": "Ops", "project": "X"}, tags=("a", "b")),
                line("4100", Side.CREDIT, "194978", memo="rev"),
                line("1110", Side.DEBIT, "0.01", "USD", rate="15000"),
                line("4100", Side.CREDIT, "150"),
            ],
            source="INV-1",
            memo="long note",
            posted_at=datetime(2026, 3, 15, 1, 2, 3, 456789, tzinfo=UTC),
        )  # fmt: skip
        store = sql_backend.ledger_store("PT A")
        with sql_backend.transaction():
            store.add_entries(as_posted([posted]))
        got = store.get_entry("e-1")
        assert got == posted
        assert got is not None
        assert got.posted_at.tzinfo is not None
        assert got.posted_at.utcoffset() == posted.posted_at.utcoffset()
        assert got.lines[0].rate == posted.lines[0].rate
        assert str(got.lines[0].rate) == "15800.5"
        assert got.lines[0].dimensions == {"department": "Ops", "project": "X"}
        assert got.lines[0].tags == ("a", "b")
        assert list(store.iter_entries()) == [posted]

    def test_sql_looking_text_is_stored_verbatim(self, sql_backend: SQLBackend) -> None:
        """SQL-looking strings in every text field, entity included, come back unchanged."""
        for i, text in enumerate(SQL_STRINGS):
            entity = f"PT {text}"
            _setup(sql_backend, entity)
            store = sql_backend.ledger_store(entity)
            posted = entry(
                f"id {text}",
                D,
                [
                    line("1110", Side.DEBIT, "5", memo=text, dimensions={text: text}, tags=(text,)),
                    line("4100", Side.CREDIT, "5", memo=text),
                ],
                description=text,
                source=text,
                memo=text,
                posted_by=text,
                reverses=text,
                kind=EntryKind.REVERSAL,
            )
            account = Account(code=f"9{i}", name=text, type=AccountType.ASSET)
            with sql_backend.transaction():
                store.add_entries(as_posted([posted]))
                store.add_accounts([account])
                sql_backend.record(entity, text, Change(text, text, {"k": text}))
            assert store.get_entry(posted.id) == posted
            assert store.get_accounts([account.code]) == {account.code: account}
            assert store.find_reversal(text) == posted.id
            assert store.get_fingerprints([posted.id, text]) == {posted.id: posted.fingerprint}
            [record] = list(sql_backend.audit_store(entity).iter_records())
            assert (record.entity, record.actor, record.action, record.subject) == (
                entity, text, text, text,
            )  # fmt: skip
            assert [r.memo for r in store.account_lines("1110", None, D)] == [text]
        assert len(list(sql_backend.ledger_store("PT A").iter_entries())) == 0


class TestIsolation:
    def test_entities_never_see_each_other(self, sql_backend: SQLBackend) -> None:
        """Everything written for one entity is invisible to another, aggregates included."""
        _setup(sql_backend, "PT A")
        a = sql_backend.ledger_store("PT A")
        b = sql_backend.ledger_store("PT B")
        with sql_backend.transaction():
            a.add_entries(as_posted([entry("same-id", D, amount="700")]))
            a.save_period(PeriodStatus(month="2026-03", state=PeriodState.CLOSED, version=1), 0)
            a.save_budget(BudgetLine(account="6100", month="2026-03",
                                     amount=Money("9", "IDR"), version=1), 0)  # fmt: skip
            sql_backend.record("PT A", "rina", Change("x", "y", {}))
        assert b.get_settings() is None
        assert b.get_accounts() == {}
        assert b.get_entry("same-id") is None
        assert b.get_fingerprints(["same-id"]) == {}
        assert list(b.iter_entries()) == []
        assert b.get_periods() == {}
        assert b.balances(None, D) == []
        assert b.cash_entry_lines(["1110"], D, D) == []
        assert b.dimension_balances(None, D) == []
        assert b.account_lines("1110", None, D) == []
        assert b.get_budgets("2026-01", "2026-12") == []
        assert sql_backend.audit_store("PT B").head() is None
        # The same id may be used by another entity: ids are per entity.
        with sql_backend.transaction():
            b.add_entries(as_posted([entry("same-id", D, amount="1")]))
        assert [r.amount for r in a.balances(None, D)] == [700, -700]
        assert [r.amount for r in b.balances(None, D)] == [1, -1]


class TestAggregates:
    def test_balances_cash_flows_and_lines(self, sql_backend: SQLBackend) -> None:
        """Balances filter by date and closing kind; cash entries group by entry and account."""
        _setup(sql_backend)
        store = sql_backend.ledger_store("PT A")
        entries = [
            entry("a", date(2026, 1, 5), amount="100"),
            entry("b", date(2026, 2, 5), [line("6100", Side.DEBIT, "40"),
                                          line("1110", Side.CREDIT, "40")]),
            entry("c", date(2026, 2, 5), [line("1200", Side.DEBIT, "10"),
                                          line("4100", Side.CREDIT, "10")]),
            entry("z", date(2026, 12, 31), [line("4100", Side.DEBIT, "110"),
                                            line("6100", Side.CREDIT, "40"),
                                            line("3100", Side.CREDIT, "70")],
                  kind=EntryKind.CLOSING),
        ]  # fmt: skip
        with sql_backend.transaction():
            store.add_entries(as_posted(entries))
        rows = {(r.account, r.currency): r for r in store.balances(None, date(2026, 12, 31))}
        assert rows["4100", "IDR"].base == 0
        excl = store.balances(None, date(2026, 12, 31), exclude_closing=True)
        assert [(r.account, r.base) for r in excl] == [
            ("1110", 60), ("1200", 10), ("4100", -110), ("6100", 40),
        ]  # fmt: skip
        feb = store.balances(date(2026, 2, 1), date(2026, 2, 28))
        assert [(r.account, r.base) for r in feb] == [
            ("1110", -40), ("1200", 10), ("4100", -10), ("6100", 40),
        ]  # fmt: skip
        flows = store.cash_entry_lines(["1110", "1120"], date(2026, 1, 1), date(2026, 12, 31))
        assert [(r.entry_id, r.account, r.base) for r in flows] == [
            ("a", "1110", 100), ("a", "4100", -100), ("b", "1110", -40), ("b", "6100", 40),
        ]  # fmt: skip
        assert [r.entry_id for r in store.account_lines("1110", None, date(2026, 12, 31))] == [
            "a", "b",
        ]  # fmt: skip


class TestConcurrency:
    def test_stale_versions_raise_and_write_nothing(self, sql_backend: SQLBackend) -> None:
        """Accounts, periods and budgets refuse a write based on a stale version."""
        _setup(sql_backend)
        store = sql_backend.ledger_store("PT A")
        kas = store.get_accounts(["1110"])["1110"]
        renamed = kas.model_copy(update={"name": "Kas besar", "version": 1})
        with sql_backend.transaction():
            store.update_account(renamed, 0)
            store.save_period(PeriodStatus(month="2026-03", state=PeriodState.CLOSED, version=1), 0)
        budget = BudgetLine(account="6100", month="2026-03", amount=Money("5", "IDR"), version=1)
        with sql_backend.transaction():
            store.save_budget(budget, 0)
        writes: list[Callable[[], None]] = [
            lambda: store.update_account(renamed.model_copy(update={"name": "x"}), 0),
            lambda: store.update_account(Account(code="404", name="n", type="asset"), 0),
            lambda: store.save_period(PeriodStatus(month="2026-03", version=1), 0),
            lambda: store.save_period(PeriodStatus(month="2026-03", version=3), 2),
            lambda: store.save_budget(budget, 0),
            lambda: store.save_budget(budget.model_copy(update={"version": 9}), 8),
            lambda: store.add_accounts([CHART[0]]),
            lambda: store.add_entries(as_posted([entry("e", D), entry("e", D)])),
        ]
        for write in writes:
            with pytest.raises(ConcurrencyError), sql_backend.transaction():
                write()
        assert store.get_accounts(["1110"]) == {"1110": renamed}
        assert store.get_periods()["2026-03"].state is PeriodState.CLOSED
        assert store.get_budgets("2026-03", "2026-03") == [budget]
        assert store.get_entry("e") is None

    def test_writes_outside_a_transaction_are_refused(self, sql_backend: SQLBackend) -> None:
        """A store write without an open transaction raises StateError."""
        with pytest.raises(StateError, match="outside a transaction"):
            sql_backend.ledger_store("PT A").put_settings(LedgerSettings())

    def test_audit_chain_extends_at_commit(self, sql_backend: SQLBackend) -> None:
        """Recorded changes are appended to the chain at commit, in order, after the head."""
        for n in range(3):
            with sql_backend.transaction():
                sql_backend.record("PT A", "rina", Change("a", f"s{n}", {"n": n}))
                sql_backend.record("PT A", "budi", Change("b", f"t{n}", {"n": n}))
        store = sql_backend.audit_store("PT A")
        records = list(store.iter_records())
        assert [r.seq for r in records] == [1, 2, 3, 4, 5, 6]
        assert all(r.prev_hash == p.hash for p, r in itertools.pairwise(records))
        assert store.head() == records[-1]
        assert [r.seq for r in store.iter_records(after_seq=4)] == [5, 6]
        fork = extend(records[2], "PT A", [("eve", Change("x", "y", {}))], records[2].at)
        with pytest.raises(ConcurrencyError), sql_backend.transaction():
            store.append(fork)
