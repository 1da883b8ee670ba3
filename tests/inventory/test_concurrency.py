"""Two writers issuing the same item: never both on stale state."""

from __future__ import annotations

import threading
import uuid

import pytest
from stock_setup import day, idr, quantity, ready

from backoffice_core import BackOffice
from backoffice_core.errors import ConcurrencyError
from backoffice_core.inventory import STOCK, InsufficientStockError


@pytest.fixture
def stock(office: BackOffice) -> BackOffice:
    """An office with the shared stock catalog."""
    return ready(office)


class TestConcurrentIssues:
    @pytest.mark.parametrize("item", ["BERAS", "GULA"])
    def test_two_issues_of_the_last_stock_do_not_both_succeed(
        self, stock: BackOffice, item: str
    ) -> None:
        """Two threads each taking 7 of 10: one succeeds, the other is refused."""
        stock.inventory.receive(item, "JKT", 10, day(2), value=idr(10_000))
        barrier = threading.Barrier(2)
        outcomes: list[object] = []

        def take(actor: str) -> None:
            office = stock.as_actor(actor)
            barrier.wait()
            try:
                outcomes.append(office.inventory.issue(item, "JKT", 7, day(3)).value)
            except (InsufficientStockError, ConcurrencyError) as exc:
                outcomes.append(type(exc))

        threads = [threading.Thread(target=take, args=(name,)) for name in ("budi", "sari")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(map(str, outcomes)) == sorted([str(idr(-7_000)), str(InsufficientStockError)])
        assert quantity(stock, item, "JKT") == 3
        assert stock.ledger.balance("1140", day(31)) == idr(3_000)

    def test_two_offices_on_one_database(self, url: str) -> None:
        """Two offices, each with its own backend (connections), race for the last stock."""
        if url == "memory://":
            pytest.skip("a memory backend is private to its office: nothing to share")
        entity = f"PT Race {uuid.uuid4().hex}"
        with BackOffice.open(url, entity=entity, actor="rina") as office:
            ready(office)
            office.inventory.receive("BERAS", "JKT", 10, day(2), value=idr(10_000))
        barrier = threading.Barrier(2)
        outcomes: list[str] = []

        def take(actor: str) -> None:
            with BackOffice.open(url, entity=entity, actor=actor) as own:
                barrier.wait()
                try:
                    own.inventory.issue("BERAS", "JKT", 7, day(3))
                    outcomes.append("issued")
                except (InsufficientStockError, ConcurrencyError) as exc:
                    outcomes.append(type(exc).__name__)

        threads = [threading.Thread(target=take, args=(name,)) for name in ("budi", "sari")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes) == ["InsufficientStockError", "issued"]
        with BackOffice.open(url, entity=entity, actor="rina") as office:
            assert quantity(office, "BERAS", "JKT") == 3
            assert office.ledger.balance("1140", day(31)) == idr(3_000)
            assert office.audit.verify().ok

    def test_state_written_on_a_stale_version_is_refused(self, stock: BackOffice) -> None:
        """A pool state read before another issue cannot be written back."""
        stock.inventory.receive("BERAS", "JKT", 10, day(2), value=idr(10_000))
        store = stock.backend.records(STOCK, stock.entity)
        stale = store.get("BERAS@JKT")
        assert stale is not None
        stock.inventory.issue("BERAS", "JKT", 1, day(3))
        with stock.transaction(), pytest.raises(ConcurrencyError, match="BERAS@JKT"):
            store.replace(stale.record, expected_version=stale.version)
