"""Differential test: one random sequence of ledger operations, good and bad, on every backend.

A Hypothesis state machine drives the same operations through memory, SQLite and (when
``BACKOFFICE_TEST_POSTGRES_URL`` is set) PostgreSQL, each on a fresh entity per example.
After every step it checks that every backend gave the same result or raised the same
:class:`~backoffice_core.errors.BackofficeError` subclass (any other exception fails the
test), and that the books read back the same: audit head and trial balance after every
step; chart, periods, income statement, cash flow and budget vs actual after every step
that wrote; every entry, the balance sheet and a general ledger at the end of each
example.

The run totals at least ``BACKOFFICE_DIFFERENTIAL_OPS`` operations (10,000 by default);
``scripts/differential-long-run`` raises it to 1,000,000 and reports progress.
"""

from __future__ import annotations

import itertools
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from backend_urls import BACKENDS, backend_url
from backoffice_core import BackOffice, Money
from backoffice_core.context import AllowAll, Context
from backoffice_core.errors import BackofficeError
from backoffice_core.ledger import (
    MAX_LINE_UNITS,
    Account,
    AccountType,
    JournalEntry,
    Line,
    ReversalDate,
    generic_chart,
)
from backoffice_core.reporting import Report
from backoffice_core.storage import Backend, open_backend

TARGET_OPS = int(os.environ.get("BACKOFFICE_DIFFERENTIAL_OPS", "10000"))
STEPS = 50
NOW = datetime(2026, 6, 1, tzinfo=UTC)

IDS = ["e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8"]
ACCOUNTS = ["1110", "1120", "1200", "2100", "3100", "4100", "6110", "6900", "7000", "7001"]
CODES = ["1110", "1100", "4100", "6110", "7000", "7001", "7002", "nope"]
MONTHS = ["2025-12", "2026-01", "2026-02", "2026-06", "2026-12", "2027-01", "2026-13"]
DAYS = [
    date(2025, 12, 31),
    date(2026, 1, 5),
    date(2026, 2, 28),
    date(2026, 6, 15),
    date(2026, 12, 31),
    date(2027, 1, 2),
    date(9999, 12, 31),
    date.min,
]


def mostly(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Draw from ``good`` about nine times in ten and from ``bad`` otherwise."""
    # Not one_of(good, good, ..., bad): Hypothesis merges the equal branches.
    return st.sampled_from([True] * 9 + [False]).flatmap(lambda ok: good if ok else bad)


GOOD_DAYS, BAD_DAYS = DAYS[:6], DAYS[6:]
BAD_MONEY = [Money("1.5", "IDR"), Money("0.01", "USD"), Money("12.34", "USD")]
days = mostly(st.sampled_from(GOOD_DAYS), st.sampled_from(BAD_DAYS))
units = mostly(
    st.integers(min_value=1, max_value=10**7),
    st.sampled_from([MAX_LINE_UNITS, MAX_LINE_UNITS + 1, 10**19, 10**29]),
)
amounts = mostly(
    st.one_of(units.map(lambda u: Money(u, "IDR")), st.just(Money("12.34", "USD"))),
    st.sampled_from(BAD_MONEY),
)
line_specs = st.tuples(
    mostly(st.sampled_from(ACCOUNTS[:8]), st.sampled_from([*ACCOUNTS[8:], "9999"])),
    amounts,
    mostly(st.just("rate"), st.sampled_from(["base", "negative base"])),
)


class Counter:
    """Operations run so far in this process, and how they ended (reported on long runs)."""

    ops = 0
    started = time.monotonic()
    outcomes: ClassVar[dict[str, int]] = {}


def _lines(spec: tuple[str, Money, str], credit_to: str) -> list[Line]:
    """A debit of the spec and its mirror credit, so most entries balance."""
    account, amount, how = spec
    if amount.currency == "IDR":
        return [Line.debit(account, amount), Line.credit(credit_to, amount)]
    if how == "rate":
        rate = Decimal("16000.5")
        return [Line.debit(account, amount, rate=rate), Line.credit(credit_to, amount, rate=rate)]
    base = Money(-16000 if how == "negative base" else 16000, "IDR")
    return [
        Line(account=account, side="debit", amount=amount, base_amount=base),
        Line(account=credit_to, side="credit", amount=amount, base_amount=base),
    ]


def _entry(entry: JournalEntry) -> tuple[Any, ...]:
    """What must agree about an entry across backends (generated ids aside)."""
    return (
        "<generated>" if _generated(entry.id) else entry.id,
        entry.kind,
        entry.reverses,
        entry.date,
        entry.fingerprint,
        tuple((ln.account, ln.side, ln.amount, ln.base_equivalent) for ln in entry.lines),
    )


def _generated(entry_id: str) -> bool:
    return entry_id not in IDS and len(entry_id) == 36 and entry_id[:1].isdigit()


def _audit_head(office: BackOffice) -> tuple[object, ...] | None:
    """The latest audit record, less its time and hashes (the clock is the store's)."""
    record = office.backend.audit_store(office.entity).head()
    if record is None:
        return None
    if _generated(record.subject):
        return (record.seq, record.action, "<generated>")
    return (record.seq, record.action, record.subject, record.digest)


def _report(report: Report) -> tuple[object, ...]:
    """A report's rows and totals (Money values compare exactly), generated ids masked."""
    rows = [
        {k: "<generated>" if isinstance(v, str) and _generated(v) else v for k, v in row.items()}
        for row in report.rows
    ]
    return (report.subtitle, rows, report.totals)


def _normal(result: object) -> object:
    if isinstance(result, JournalEntry):
        return _entry(result)
    if isinstance(result, list):
        return [_normal(r) for r in result]
    return result


class LedgerMachine(RuleBasedStateMachine):
    """The same operations on one fresh entity of every backend."""

    backends: ClassVar[dict[str, Backend]] = {}
    entities = itertools.count()

    def __init__(self) -> None:
        super().__init__()
        entity = f"PT Differential {os.getpid()} {next(self.entities)}"
        self.offices = {
            name: BackOffice(backend, Context(entity, "rina", AllowAll(), lambda: NOW))
            for name, backend in self.backends.items()
        }
        self.posted: set[str] = set()
        self.wrote = True
        self.apply("load chart", lambda o: o.ledger.load_chart(generic_chart()))

    def apply(self, what: str, call: Callable[[BackOffice], object]) -> None:
        """Run ``call`` on every backend; all must agree on the result or the error class."""
        Counter.ops += 1
        outcomes = {}
        for name, office in self.offices.items():
            try:
                outcomes[name] = ("ok", _normal(call(office)))
            except BackofficeError as exc:
                outcomes[name] = ("error", type(exc).__name__)
        first = next(iter(outcomes.values()))
        assert all(o == first for o in outcomes.values()), f"{what}: {outcomes}"
        if first[0] == "ok":
            self.wrote = True
            if isinstance(first[1], tuple) and first[1][0] in IDS:
                self.posted.add(first[1][0])
        key = f"{what.split()[0]} {'ok' if first[0] == 'ok' else first[1]}"
        Counter.outcomes[key] = Counter.outcomes.get(key, 0) + 1

    # --- operations -------------------------------------------------------------------
    @rule(
        entry_id=mostly(st.sampled_from(IDS), st.sampled_from([None, "", "  ", 0])),
        day=days,
        specs=st.lists(line_specs, min_size=1, max_size=2),
        credit_to=st.sampled_from(["1120", "4100", "2100"]),
        off_by_one=mostly(st.just(False), st.just(True)),
        description=mostly(st.just("differential"), st.sampled_from(["nul\x00", " "])),
    )
    def post(
        self,
        entry_id: Any,
        day: date,
        specs: list[tuple[str, Money, str]],
        credit_to: str,
        off_by_one: bool,
        description: str,
    ) -> None:
        """Post an entry: mostly balanced, sometimes off by one, sometimes refused."""
        try:
            lines = [line for spec in specs for line in _lines(spec, credit_to)]
            if off_by_one:
                lines.append(Line.debit("6900", Money(1, "IDR")))
        except BackofficeError:  # refused while building the lines, before any backend
            Counter.ops += 1
            return
        self.apply(
            f"post {entry_id!r} {day} {lines}",
            lambda o: o.ledger.post(day, description, lines, id=entry_id),
        )

    @rule(
        entry_id=st.sampled_from([*IDS, None]),
        day=st.sampled_from(GOOD_DAYS),
        debit=st.sampled_from(ACCOUNTS[:8]),
        credit=st.sampled_from(ACCOUNTS[:8]),
        amount=st.integers(min_value=1, max_value=10**9),
    )
    def post_plain(
        self, entry_id: str | None, day: date, debit: str, credit: str, amount: int
    ) -> None:
        """Post a plain rupiah entry (refused only by the state: a closed month, a used id)."""
        lines = [Line.debit(debit, Money(amount, "IDR")), Line.credit(credit, Money(amount, "IDR"))]
        self.apply(
            f"post {entry_id!r} {day} {lines}",
            lambda o: o.ledger.post(day, "plain", lines, id=entry_id),
        )

    @rule(
        data=st.data(),
        on=st.sampled_from([ReversalDate.ORIGINAL, ReversalDate.NEXT_PERIOD, date(2026, 7, 1)]),
        reversal_id=mostly(st.none(), st.sampled_from(["r1", ""])),
    )
    def reverse(self, data: st.DataObject, on: Any, reversal_id: str | None) -> None:
        """Reverse an entry (mostly one that was posted), by policy or on a date."""
        posted = sorted(self.posted) or IDS
        entry_id = data.draw(
            mostly(st.sampled_from(posted), st.sampled_from(["e1", "year-end-2026"]))
        )
        self.apply(
            f"reverse {entry_id} {on} {reversal_id!r}",
            lambda o: o.ledger.reverse(entry_id, on, id=reversal_id),
        )

    @rule(
        month=mostly(st.sampled_from(MONTHS[:-1]), st.just(MONTHS[-1])),
        verb=st.sampled_from(["close", "close", "reopen", "reopen", "lock"]),
    )
    def move_period(self, month: str, verb: str) -> None:
        """Close, reopen or lock a month."""
        self.apply(
            f"{verb} {month}",
            lambda o: getattr(o.ledger, f"{verb}_period")(month),
        )

    @rule(
        account=mostly(st.sampled_from(ACCOUNTS[:8]), st.sampled_from(CODES)),
        month=mostly(st.sampled_from(MONTHS[:-1]), st.just(MONTHS[-1])),
        amount=mostly(units.map(lambda u: Money(u, "IDR")), st.sampled_from([100, *BAD_MONEY])),
    )
    def set_budget(self, account: str, month: str, amount: Any) -> None:
        """Set a budget, sometimes finer than the rupiah or above the cap."""
        self.apply(
            f"budget {account} {month} {amount!r}",
            lambda o: o.ledger.set_budget(account, month, amount),
        )

    @rule(
        code=st.sampled_from(["7000", "7001", "7002", "7'3"]),
        parent=st.sampled_from([None, "1100", "7000", "7001", "7002", "nope"]),
        kind=st.sampled_from([AccountType.ASSET, AccountType.INCOME]),
    )
    def add_account(self, code: str, parent: str | None, kind: AccountType) -> None:
        """Add an account, sometimes its own parent, a dangling one or an invalid code."""
        self.apply(
            f"add {code} under {parent}",
            lambda o: o.ledger.add_account(
                Account.model_validate(
                    {"code": code, "name": f"Account {code}", "type": kind, "parent": parent}
                )
            ),
        )

    @rule(
        code=mostly(st.sampled_from(ACCOUNTS[:8]), st.sampled_from(CODES)),
        change=st.sampled_from(
            [
                {"parent": "1110"},
                {"parent": "1100"},
                {"parent": "7000"},
                {"parent": "nope"},
                {"parent": None},
                {"currency": "USD"},
                {"currency": "IDR"},
                {"currency": None},
                {"active": False},
                {"active": True},
                {"name": ""},
                {"name": "nul\x00"},
                {"type": "equity"},
            ]
        ),
    )
    def update_account(self, code: str, change: dict[str, Any]) -> None:
        """Change an account's parent, currency, flag or name."""
        self.apply(
            f"update {code} {change}",
            lambda o: o.ledger.update_account(code, **change),
        )

    @rule(
        label=mostly(st.sampled_from([2026, 2026, 2025, 2027]), st.just("2026")),
        retained=mostly(st.just("3200"), st.sampled_from(["1110", "nope"])),
    )
    def close_year(self, label: Any, retained: str) -> None:
        """Close a year (again), into retained earnings or a wrong account."""
        self.apply(f"close year {label}", lambda o: o.ledger.close_year(label, retained))

    # --- the books read back the same -------------------------------------------------
    @invariant()
    def same_books(self) -> None:
        """The audit head and trial balance agree after every step, every report after a write.

        Every write appends to the audit chain, so equal heads (position, action,
        subject and digest of the new state) mean that the same changes were recorded,
        and a refused step left every backend's chain where it was. After a
        step that wrote, each report's store query is compared too: trial balance
        (balances), income statement (balances without closing entries), cash flow
        (cash_entry_lines), budget vs actual (budgets), plus the chart and the periods.
        """
        end = date(2027, 12, 31)
        reads: dict[str, Callable[[BackOffice], object]] = {
            "audit head": _audit_head,
            "trial balance": lambda o: _report(o.ledger.trial_balance(end)),
        }
        if self.wrote:
            reads |= {
                "accounts": lambda o: o.ledger.accounts(),
                "periods": lambda o: o.ledger.periods(),
                "income": lambda o: _report(o.ledger.income_statement(date(2026, 1, 1), end)),
                "cash flow": lambda o: _report(o.ledger.cash_flow(date(2026, 1, 1), end)),
                "budgets": lambda o: _report(o.ledger.budget_vs_actual("2025-12", "2027-01")),
            }
            self.wrote = False
        self.agree(reads)
        tb = next(iter(self.offices.values())).ledger.trial_balance(end)
        assert tb.is_balanced

    def teardown(self) -> None:
        """Every entry, read back whole, and the balance sheet agree at the end."""
        end = date(2027, 12, 31)
        self.agree(
            {
                "entries": lambda o: [_entry(e) for e in o.ledger.entries()],
                "balance sheet": lambda o: _report(o.ledger.balance_sheet(end)),
                "balance": lambda o: o.ledger.balance("1100", end),
                "general ledger": lambda o: _report(o.ledger.general_ledger("1120", None, end)),
            }
        )

    def agree(self, reads: dict[str, Callable[[BackOffice], object]]) -> None:
        """Assert that each read gives the same value on every backend."""
        for what, read in reads.items():
            values = {name: read(office) for name, office in self.offices.items()}
            first = next(iter(values.values()))
            assert all(v == first for v in values.values()), f"{what} differs: {values}"


@pytest.fixture(scope="module")
def backends() -> Iterator[dict[str, Backend]]:
    """One open backend of each kind, shared by every example (each uses a new entity)."""
    with tempfile.TemporaryDirectory() as folder:
        opened = {name: open_backend(backend_url(name, Path(folder))) for name in BACKENDS}
        try:
            yield opened
        finally:
            for backend in opened.values():
                backend.close()


class TestDifferential:
    def test_backends_agree_on_random_operations(self, backends: dict[str, Backend]) -> None:
        """Every backend gives the same results, errors and reports for the same operations."""
        LedgerMachine.backends = backends
        start = Counter.ops
        while Counter.ops - start < TARGET_OPS:
            # About 48 operations per example: ask for enough examples to reach the
            # target in one round (long runs: rounds of ~19,000 operations, each one
            # reported), and run another, smaller round if it falls short.
            left = min(TARGET_OPS - (Counter.ops - start), 19_000)
            run_state_machine_as_test(
                LedgerMachine,
                settings=settings(
                    max_examples=max(10, left // 47),
                    stateful_step_count=STEPS,
                    deadline=None,
                    suppress_health_check=list(HealthCheck),
                ),
            )
            if TARGET_OPS > 10_000:
                elapsed = time.monotonic() - Counter.started
                outcomes = ", ".join(f"{k}: {v}" for k, v in sorted(Counter.outcomes.items()))
                print(
                    f"differential: {Counter.ops - start} operations in {elapsed:.0f} s, "
                    f"backends {', '.join(backends)}: all agree ({outcomes})",
                    file=sys.stderr,
                    flush=True,
                )
        assert Counter.ops - start >= TARGET_OPS
