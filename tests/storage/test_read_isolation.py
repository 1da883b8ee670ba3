"""Readers in other threads see committed state only, and are not blocked by a writer."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from pydantic import BaseModel, ConfigDict

from backoffice_core import BackOffice, Money
from backoffice_core.ledger import Line, generic_chart
from backoffice_core.records import Kind

DAY = date(2026, 1, 5)
T = TypeVar("T")


class Note(BaseModel):
    """A record for the isolation tests."""

    model_config = ConfigDict(frozen=True)

    id: str
    text: str
    amount: int


NOTE = Kind("isolation.note", Note, key=lambda n: n.id, indexed=("text",), totals=("amount",))


def _in_thread(read: Callable[[], T]) -> T:
    """Run ``read`` in another thread, failing if it is blocked."""
    seen: list[T] = []
    thread = threading.Thread(target=lambda: seen.append(read()))
    thread.start()
    thread.join(timeout=20)
    assert not thread.is_alive(), "the reader was blocked by the open transaction"
    return seen[0]


def _reader_sees(office: BackOffice) -> tuple[int, int]:
    """Read from another thread: (entries seen, balance of 1110), with a time limit."""
    seen: list[tuple[int, int]] = []

    def read() -> None:
        balance = office.ledger.balance("1110", DAY)
        seen.append((len(office.ledger.entries()), int(balance.amount)))

    thread = threading.Thread(target=read)
    thread.start()
    thread.join(timeout=20)
    assert not thread.is_alive(), "the reader was blocked by the open transaction"
    return seen[0]


class TestReadIsolation:
    def test_reader_never_sees_uncommitted_writes(self, office: BackOffice) -> None:
        """While a transaction is open, another thread reads the state before it, unblocked."""
        office.ledger.load_chart(generic_chart())
        lines = [Line.debit("1110", Money(700, "IDR")), Line.credit("3100", Money(700, "IDR"))]
        office.ledger.post(DAY, "committed", lines, id="before")
        with office.transaction():
            office.ledger.post(DAY, "uncommitted", lines, id="inside")
            assert len(office.ledger.entries()) == 2  # the writer sees its own writes
            assert _reader_sees(office) == (1, 700)
        assert _reader_sees(office) == (2, 1400)

    def test_rolled_back_writes_are_never_seen(self, office: BackOffice) -> None:
        """After a rollback, readers and the writer alike see only the committed state."""
        office.ledger.load_chart(generic_chart())
        lines = [Line.debit("1110", Money(5, "IDR")), Line.credit("3100", Money(5, "IDR"))]
        try:
            with office.transaction():
                office.ledger.post(DAY, "doomed", lines, id="doomed")
                raise RuntimeError("abort")
        except RuntimeError:
            pass
        assert _reader_sees(office) == (0, 0)
        assert office.ledger.entries() == []

    def test_reader_never_sees_uncommitted_records(self, office: BackOffice) -> None:
        """Record, number and blob writes of an open transaction stay invisible to readers."""
        store = office.unit_of_work.records(NOTE)
        blobs = office.unit_of_work.blobs()
        draft = hashlib.sha256(b"draft").hexdigest()
        with office.transaction():
            store.add([Note(id="a", text="first", amount=1)])

        def seen() -> tuple[object, ...]:
            stored = store.get("a")
            assert stored is not None
            page = store.find({"text": "first"})
            sums = [row.sums["amount"] for row in store.totals()]
            return (
                stored.version, stored.record.text, [s.key for s in page.items],
                store.count(), sums, blobs.exists(draft),
            )  # fmt: skip

        committed = (1, "first", ["a"], 1, [1], False)
        assert _in_thread(seen) == committed
        with office.transaction():
            store.add([Note(id="b", text="first", amount=10)])
            store.replace(Note(id="a", text="changed", amount=5), expected_version=1)
            assert store.next_number("notes") == 1
            blobs.put(b"draft")
            assert store.count() == 2  # the writer sees its own writes
            assert _in_thread(seen) == committed
        assert _in_thread(seen) == (2, "changed", ["b"], 2, [15], True)

    def test_rolled_back_records_are_undone_exactly(self, office: BackOffice) -> None:
        """A rolled-back savepoint undoes its record writes, and the rest commits."""
        store = office.unit_of_work.records(NOTE)
        with office.transaction():
            store.add([Note(id="a", text="kept", amount=1)])
            try:
                with office.transaction():
                    store.replace(Note(id="a", text="lost", amount=2), expected_version=1)
                    store.add([Note(id="b", text="lost", amount=3)])
                    assert store.next_number("notes") == 1
                    raise RuntimeError("abort the savepoint")
            except RuntimeError:
                pass
            assert store.next_number("notes") == 1
        stored = store.get("a")
        assert stored is not None
        assert (stored.version, stored.record.text, store.get("b")) == (1, "kept", None)
        assert _in_thread(store.count) == 1
