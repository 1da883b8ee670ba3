"""Readers in other threads see committed state only, and are not blocked by a writer."""

from __future__ import annotations

import threading
from datetime import date

from backoffice_core import BackOffice, Money
from backoffice_core.ledger import Line, generic_chart

DAY = date(2026, 1, 5)


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
