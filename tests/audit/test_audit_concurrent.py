"""verify() while another writer commits: writes committed meanwhile are not tampering."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from proof_helpers import fresh_entity, full_book

from backend_urls import BACKENDS, backend_url
from backoffice_core import BackOffice, Money
from backoffice_core.audit import Verification
from backoffice_core.ledger import Account, AccountType, EntryDraft, Line

# The memory backend's reads do not yet wait for a writer's commit (issue 7, section 4),
# so a reader there can see uncommitted rows: this runs on the SQL backends.
SQL_BACKENDS = [b for b in BACKENDS if b != "memory"]


@pytest.fixture(params=SQL_BACKENDS)
def sql_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of each SQL backend."""
    return backend_url(request.param, tmp_path)


def lines(n: int) -> tuple[Line, Line]:
    """A balanced pair of lines of ``n`` rupiah."""
    return Line.debit("6110", Money(n, "IDR")), Line.credit("1120", Money(n, "IDR"))


class TestVerifyDuringWrites:
    def test_verify_holds_while_another_process_posts(self, sql_url: str) -> None:
        """verify() holds while another office posts, adds accounts, sets budgets, closes months."""
        entity = fresh_entity("Busy")
        with BackOffice.open(sql_url, entity=entity, actor="rina") as office:
            full_book(office)
        done = threading.Event()
        failures: list[BaseException] = []

        def write() -> None:
            try:
                with BackOffice.open(sql_url, entity=entity, actor="budi") as writer:
                    for n in range(40):
                        writer.ledger.post(date(2026, 3, 1), f"w{n}", lines(n + 1), id=f"w-{n}")
                        drafts = [
                            EntryDraft(date=date(2026, 3, 2), description="b", id=f"wb-{n}-{k}",
                                       lines=lines(k + 1))
                            for k in range(5)
                        ]  # fmt: skip
                        writer.ledger.post_many(drafts)
                        writer.ledger.set_budget("6110", f"2026-{n % 12 + 1:02d}",
                                                 Money(n + 1, "IDR"))  # fmt: skip
                        writer.ledger.add_account(
                            Account(code=f"79{n:02d}", name=f"Beban {n}", type=AccountType.EXPENSE)
                        )
                        writer.ledger.close_period(f"{2027 + n // 12}-{n % 12 + 1:02d}")
            except BaseException as exc:
                failures.append(exc)
            finally:
                done.set()

        results: list[Verification] = []
        with BackOffice.open(sql_url, entity=entity, actor="auditor") as auditor:
            thread = threading.Thread(target=write)
            thread.start()
            while not done.is_set():
                results.append(auditor.audit.verify())
            thread.join()
            results.append(auditor.audit.verify())
        assert not failures
        assert [str(r) for r in results if not r.ok] == []
        assert len(results) >= 2
