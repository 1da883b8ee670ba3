"""Property tests: any valid postings and reversals keep the books balanced."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend_urls import BACKENDS, backend_url
from backoffice_core import BackOffice, Money
from backoffice_core.ledger import EntryKind, Line, Side, generic_chart

ACCOUNTS = ["1110", "1120", "1200", "2100", "3100", "4100", "6110", "6200"]

line_specs = st.tuples(
    st.sampled_from(ACCOUNTS),
    st.integers(min_value=1, max_value=10**9),
    st.sampled_from(["IDR", "USD"]),
)
entries = st.lists(line_specs, min_size=1, max_size=3).map(tuple)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("post"), entries, st.integers(min_value=1, max_value=28)),
        st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=50), st.just(0)),
    ),
    min_size=1,
    max_size=12,
)
RATE = Decimal("16000")


def balanced_lines(specs: tuple[tuple[str, int, str], ...]) -> list[Line]:
    """Turn (account, units, currency) debits into an entry balanced against the bank."""
    lines: list[Line] = []
    for account, units, currency in specs:
        amount = Money.from_minor(units, currency)
        rate = RATE if currency == "USD" else None
        lines.append(Line.debit(account, amount, rate=rate))
        lines.append(Line.credit("1120", amount, rate=rate))
    return lines


@pytest.mark.parametrize("kind", BACKENDS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=operations)
def test_books_stay_balanced(kind: str, ops: list[tuple[str, object, int]]) -> None:
    """Debits equal credits per currency and the trial balance equals the entries."""
    with tempfile.TemporaryDirectory() as tmp:
        url = backend_url(kind, Path(tmp))
        entity = f"PT Hypothesis {id(ops)}-{len(ops)}-{tmp[-8:]}"
        with BackOffice.open(url, entity=entity, actor="rina") as office:
            office.ledger.load_chart(generic_chart())
            posted: list[str] = []
            for op, arg, day in ops:
                if op == "post":
                    entry = office.ledger.post(date(2026, 1, day), "generated", balanced_lines(arg))  # type: ignore[arg-type]
                    posted.append(entry.id)
                elif posted:
                    target = posted[int(arg) % len(posted)]  # type: ignore[call-overload]
                    office.ledger.reverse(target)
                    posted.remove(target)
            check_books(office)


def check_books(office: BackOffice) -> None:
    """Assert the balance invariants of ``office``'s books."""
    per_currency: dict[str, Decimal] = defaultdict(Decimal)
    per_account: dict[str, int] = defaultdict(int)
    for entry in office.ledger.entries():
        assert entry.kind in (EntryKind.REGULAR, EntryKind.REVERSAL)
        for line in entry.lines:
            sign = 1 if line.side is Side.DEBIT else -1
            per_currency[line.amount.currency] += sign * line.amount.amount
            per_account[line.account] += sign * line.base_equivalent.to_minor()
    assert all(total == 0 for total in per_currency.values())
    tb = office.ledger.trial_balance(date(2026, 12, 31))
    assert tb.is_balanced
    shown = {
        row["account"]: (row["debit"] or Money(0, "IDR")).to_minor()
        - (row["credit"] or Money(0, "IDR")).to_minor()
        for row in tb.rows
    }
    assert shown == {a: v for a, v in per_account.items() if v}
    assert office.audit.verify().ok
