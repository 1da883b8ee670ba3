"""Any single stored value of the journal changed behind the library's back is named."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from proof_helpers import fresh_entity, full_book, raw_sql

from backend_urls import BACKENDS, POSTGRES_URL
from backoffice_core import BackOffice

ENTRIES = ["rent-01", "usd-01", "pos-0", "pos-5", "pos-11", "wrong-01", "reversal-of-wrong-01"]
LINE_COLUMNS = ["amount", "base", "account", "entry_date", "memo", "currency", "rate",
                "dimensions", "tags", "side", "entry_id", "closing"]  # fmt: skip
ENTRY_COLUMNS = ["entry_date", "description", "source", "memo", "kind", "reverses",
                 "posted_at", "posted_by", "fingerprint"]  # fmt: skip


def changed(column: str, value: Any) -> Any:
    """Return a value of the same type as ``value`` that differs from it."""
    if isinstance(value, bool) or column == "closing":
        return not value if isinstance(value, bool) else 1 - int(value)
    if isinstance(value, int):
        return value + 7
    if isinstance(value, datetime):
        return value + timedelta(seconds=1)
    if isinstance(value, date):
        return value + timedelta(days=1)
    if column == "entry_date":
        return (date.fromisoformat(value) + timedelta(days=1)).isoformat()
    if column == "posted_at":
        return value.replace(":", ";", 1)  # an instant that reads back as another one
    substitutes = {"account": "6200", "currency": "EUR", "side": None, "kind": "closing",
                   "dimensions": '{"x": "y"}', "tags": '["x"]', "rate": "2"}  # fmt: skip
    if column == "side":
        return "credit" if value == "debit" else "debit"
    if column in substitutes and value != substitutes[column]:
        return substitutes[column]
    return "x" if value is None else f"{value}x"


@pytest.fixture(scope="module", params=[b for b in BACKENDS if b != "memory"])
def book(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BackOffice]:
    """One full book per SQL backend, shared by the examples (each restores what it changed)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('tamper') / 'books.db'}"
    else:
        assert POSTGRES_URL is not None
        url = POSTGRES_URL
    with BackOffice.open(url, entity=fresh_entity("Tamper"), actor="rina") as office:
        full_book(office)
        yield office


class TestAnySingleChange:
    @settings(max_examples=60)
    @given(
        entry=st.sampled_from(ENTRIES),
        target=st.one_of(
            st.tuples(st.just("lines"), st.sampled_from(LINE_COLUMNS), st.integers(1, 2)),
            st.tuples(st.just("entries"), st.sampled_from(ENTRY_COLUMNS), st.just(0)),
        ),
    )
    def test_the_changed_entry_is_named(
        self, book: BackOffice, entry: str, target: tuple[str, str, int]
    ) -> None:
        """Changing one column of an entry or of one of its lines names that entry."""
        table, column, line_no = target
        url = book.backend.url
        params: tuple[Any, ...] = (entry,)
        key = "id = ?"
        if table == "lines":  # keyed by posting sequence: entry_id itself may change
            ((seq,),) = raw_sql(url, "SELECT seq FROM entries WHERE id = ? AND entity = ?",
                                (entry, book.entity))  # fmt: skip
            key, params = "entry_seq = ? AND line_no = ?", (seq, line_no)
        where = f"{key} AND entity = ?"
        ((old,),) = raw_sql(url, f"SELECT {column} FROM {table} WHERE {where}",
                            (*params, book.entity))  # fmt: skip
        new = changed(column, old)
        raw_sql(url, f"UPDATE {table} SET {column} = ? WHERE {where}", (new, *params, book.entity))
        try:
            result = book.audit.verify()
        finally:
            raw_sql(url, f"UPDATE {table} SET {column} = ? WHERE {where}",
                    (old, *params, book.entity))  # fmt: skip
        assert not result.ok, f"{table}.{column} {old!r} -> {new!r} went unnoticed"
        named = f"{result.record} {result.reason}"
        bulk = entry.startswith("pos-")
        assert f"'{entry}'" in named or (bulk and "'pos-0..pos-11'" in named), str(result)
        assert book.audit.verify().ok
