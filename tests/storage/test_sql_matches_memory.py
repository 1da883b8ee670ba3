"""The SQL ledger store returns exactly what the memory store returns, call for call."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlstore_helpers import CHART, SQL_STRINGS, as_posted, entry, line

from backoffice_core.errors import ConcurrencyError
from backoffice_core.ledger.models import BudgetLine, EntryKind, LedgerSettings, PeriodStatus, Side
from backoffice_core.money import Money
from backoffice_core.periods import PeriodState
from backoffice_core.storage import MemoryBackend
from backoffice_core.storage.base import Backend
from backoffice_core.storage.sql import SQLBackend

# PostgreSQL text cannot hold NUL, and lone surrogates are not UTF-8: both are left out.
TEXT = st.one_of(
    st.sampled_from(SQL_STRINGS),
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12),
)
CODES = [a.code for a in CHART]
DAYS = st.dates(date(2026, 1, 1), date(2026, 12, 31))
MONTHS = st.sampled_from(["2026-01", "2026-02", "2026-03"])

_EXAMPLES = itertools.count()


@st.composite
def lines(draw: st.DrawFn) -> Any:
    usd = draw(st.booleans())
    return line(
        draw(st.sampled_from(CODES)),
        draw(st.sampled_from(Side)),
        str(draw(st.integers(1, 10**6))) + (".25" if usd else ""),
        "USD" if usd else "IDR",
        rate=str(draw(st.decimals("1", "20000", places=3))) if usd else None,
        memo=draw(TEXT),
        dimensions=draw(st.dictionaries(TEXT, TEXT, max_size=2)),
        tags=tuple(draw(st.lists(TEXT, max_size=2))),
    )


OPS = st.lists(
    st.one_of(
        st.tuples(st.just("entries"), st.lists(st.tuples(
            DAYS, st.lists(lines(), min_size=2, max_size=4), TEXT, st.sampled_from(EntryKind),
            st.booleans()), min_size=1, max_size=4)),
        st.tuples(st.just("period"), MONTHS, st.sampled_from(PeriodState), st.integers(0, 2)),
        st.tuples(st.just("budget"), st.sampled_from(CODES), MONTHS, st.integers(-50, 50),
                  st.integers(0, 2)),
        st.tuples(st.just("rename"), st.sampled_from(CODES), TEXT, st.integers(0, 2)),
    ),
    max_size=8,
)  # fmt: skip


def _apply(backend: Backend, entity: str, ops: list[Any]) -> list[str]:
    """Apply ``ops`` to ``entity``'s store and return what each write raised."""
    store = backend.ledger_store(entity)
    with backend.transaction():
        store.put_settings(LedgerSettings(base_currency="IDR"))
        store.add_accounts(CHART)
    outcomes, ids = [], itertools.count()
    for op in ops:
        try:
            with backend.transaction():
                if op[0] == "entries":
                    posted = [e.id for e in store.iter_entries()]
                    store.add_entries(as_posted([
                        entry(f"e{next(ids)} {text}", day, body, description=text or "-",
                              kind=kind, reverses=posted[-1] if rev and posted else None,
                              source=text or None, memo=text, posted_by=text,
                              posted_at=datetime(2026, 5, 1, 1, 2, 3, next(ids), tzinfo=UTC))
                        for day, body, text, kind, rev in op[1]
                    ]))  # fmt: skip
                elif op[0] == "period":
                    _, month, state, expected = op
                    store.save_period(PeriodStatus(month=month, state=state,
                                                   version=expected + 1), expected)  # fmt: skip
                elif op[0] == "budget":
                    _, code, month, units, expected = op
                    amount = Money(units, "IDR")
                    budget = BudgetLine(
                        account=code, month=month, amount=amount, version=expected + 1
                    )
                    store.save_budget(budget, expected)
                else:
                    _, code, name, expected = op
                    old = store.get_accounts([code])[code]
                    # Validated like user input (model_copy would skip the name's stripping).
                    new = type(old).model_validate(
                        {**old.model_dump(), "name": name + "-", "version": expected + 1}
                    )
                    store.update_account(new, expected)
            outcomes.append("ok")
        except ConcurrencyError:
            outcomes.append("stale")
    return outcomes


def _reads(backend: Backend, entity: str) -> Iterator[object]:
    store = backend.ledger_store(entity)
    entries = list(store.iter_entries())
    yield entries
    yield store.get_settings()
    yield store.get_accounts()
    yield store.get_accounts(["6100", "nope", "1110"])
    yield [store.get_entry(e.id) for e in entries]
    yield store.get_fingerprints([*[e.id for e in entries][::-1], "nope"])
    yield [store.find_reversal(e.id) for e in entries]
    yield store.get_periods()
    yield store.get_budgets("2026-01", "2026-02")
    for start, end in ((None, date(2026, 12, 31)), (date(2026, 3, 1), date(2026, 6, 30))):
        yield store.balances(start, end)
        yield store.balances(start, end, exclude_closing=True)
        yield [store.account_lines(code, start, end) for code in CODES]
        yield store.dimension_balances(start, end, exclude_closing=True)
    yield store.cash_entry_lines(["1110", "1120"], date(2026, 1, 1), date(2026, 12, 31))
    yield store.cash_entry_lines(["1200"], date(2026, 2, 1), date(2026, 8, 31))


@settings(
    max_examples=40, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
@given(ops=OPS, entity=TEXT.filter(bool))
def test_same_calls_same_results(sql_backend: SQLBackend, ops: list[Any], entity: str) -> None:
    """Any sequence of writes gives the same outcomes and reads on SQL as in memory."""
    memory = MemoryBackend()
    # A fresh entity per example in the shared database (id() of a freed list can repeat).
    entity = f"{entity} {next(_EXAMPLES)}"
    assert _apply(sql_backend, entity, ops) == _apply(memory, entity, ops)
    for got, want in zip(_reads(sql_backend, entity), _reads(memory, entity), strict=True):
        assert got == want


def test_account_lines_order_ties_by_posting(sql_backend: SQLBackend) -> None:
    """Lines on the same date come in posting order, as the memory store gives them."""
    memory = MemoryBackend()
    entries = [entry(f"x{n}", date(2026, 1, 1 + (n % 2))) for n in range(6)]
    for backend in (sql_backend, memory):
        _apply(backend, "PT A", [])
        with backend.transaction():
            backend.ledger_store("PT A").add_entries(as_posted(entries))
    assert [r.entry_id for r in sql_backend.ledger_store("PT A").account_lines(
        "1110", None, date(2026, 1, 2))] == ["x0", "x2", "x4", "x1", "x3", "x5"]  # fmt: skip
    assert sql_backend.ledger_store("PT A").account_lines("1110", None, date(2026, 1, 2)) == (
        memory.ledger_store("PT A").account_lines("1110", None, date(2026, 1, 2))
    )
