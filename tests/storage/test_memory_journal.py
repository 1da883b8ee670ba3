"""The memory backend's compact journal: no models kept, exact rollbacks, day totals."""

from __future__ import annotations

import gc
from datetime import date

import pytest

from backoffice_core import BackOffice, Money
from backoffice_core.errors import InvalidInputError
from backoffice_core.ledger import EntryBatch, JournalEntry, Line, generic_chart


def _batch(count: int, prefix: str = "e") -> EntryBatch:
    batch = EntryBatch()
    for n in range(count):
        batch.entry(date(2026, 1 + n % 12, 1 + n % 28), f"entry {n}", id=f"{prefix}-{n}")
        batch.debit("6110", 1000 + n, dimensions={"dept": "ops"} if n % 2 else None)
        batch.credit("1110", 1000 + n)
    return batch


@pytest.fixture
def office() -> BackOffice:
    """An office on a fresh memory backend with the generic chart."""
    opened = BackOffice.open("memory://", entity="PT Memory", actor="rina")
    opened.ledger.load_chart(generic_chart())
    return opened


class TestMemoryJournal:
    def test_posted_lines_are_not_kept_as_models(self, office: BackOffice) -> None:
        """After an import, no Line or JournalEntry object stays alive for the stored book."""
        gc.collect()
        before = sum(isinstance(o, Line | JournalEntry) for o in gc.get_objects())
        office.ledger.import_entries(_batch(500))
        gc.collect()
        after = sum(isinstance(o, Line | JournalEntry) for o in gc.get_objects())
        assert after == before
        assert len(office.ledger.entries()) == 500

    def test_failed_inner_block_cuts_its_entries_off(self, office: BackOffice) -> None:
        """A savepoint rolled back removes its entries, lines and totals; later ones follow."""

        def failing_block() -> None:
            with office.transaction():
                office.ledger.import_entries(_batch(4, "gone"))
                raise RuntimeError("undo this block")

        with office.transaction():
            office.ledger.import_entries(_batch(3, "kept"))
            with pytest.raises(RuntimeError):
                failing_block()
            office.ledger.import_entries(_batch(2, "after"))
        ids = [e.id for e in office.ledger.entries()]
        assert ids == ["kept-0", "kept-1", "kept-2", "after-0", "after-1"]
        expected = sum(1000 + n for n in range(3)) + sum(1000 + n for n in range(2))
        assert office.ledger.balance("6110", date(2026, 12, 31)) == Money(expected, "IDR")
        assert office.ledger.entry("after-1").lines[0].dimensions == {"dept": "ops"}

    def test_amount_beyond_64_bits_is_refused(self, office: BackOffice) -> None:
        """An amount that does not fit the journal's 64-bit columns is refused, nothing kept."""
        huge = 2**63
        lines = [Line.debit("6110", Money(huge, "IDR")), Line.credit("1110", Money(huge, "IDR"))]
        with pytest.raises(InvalidInputError):
            office.ledger.post(date(2026, 1, 5), "too big", lines)
        assert office.ledger.entries() == []
        assert office.ledger.trial_balance(date(2026, 12, 31)).rows == []
