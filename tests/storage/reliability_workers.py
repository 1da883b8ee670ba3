"""Functions that the reliability tests run in child processes (spawned, not forked)."""

from __future__ import annotations

import os
from datetime import date
from multiprocessing.connection import Connection

from backoffice_core import BackOffice, Money
from backoffice_core.ledger import EntryDraft, Line

ENTITY = "PT Reliable"


def sale(entry_id: str, amount: int, day: int = 5) -> EntryDraft:
    """Return a cash sale of ``amount`` rupiah."""
    money = Money(amount, "IDR")
    return EntryDraft(
        date=date(2026, 1, day),
        description=f"sale {entry_id}",
        lines=(Line.debit("1110", money), Line.credit("4100", money)),
        id=entry_id,
    )


def post_and_reverse(url: str, worker: int, count: int) -> None:
    """Post ``count`` entries one transaction each, reversing every fourth one."""
    office = BackOffice.open(url, entity=ENTITY, actor=f"worker-{worker}")
    try:
        for n in range(count):
            entry_id = f"w{worker}-{n}"
            draft = sale(entry_id, 1000 + worker * 100 + n, day=1 + n % 28)
            office.ledger.post(draft.date, draft.description, list(draft.lines), id=entry_id)
            if n % 4 == 3:
                office.ledger.reverse(entry_id)
        office.ledger.post_many([sale(f"w{worker}-bulk-{n}", 7 + n) for n in range(10)])
    finally:
        office.close()


def bulk_post_until_killed(url: str, batch: str, size: int, ready: Connection) -> None:
    """Signal readiness, then post ``size`` entries in one unit of work (killed midway)."""
    office = BackOffice.open(url, entity=ENTITY, actor=f"bulk-{os.getpid()}")
    drafts = [sale(f"{batch}-{n}", 1 + n) for n in range(size)]
    ready.send("ready")
    office.ledger.post_many(drafts)
    ready.send("done")
    office.close()


def close_years_until_killed(url: str, years: list[int], ready: Connection) -> None:
    """Signal readiness, then close each year in its own unit of work (killed midway)."""
    office = BackOffice.open(url, entity=ENTITY, actor=f"closer-{os.getpid()}")
    ready.send("ready")
    for year in years:
        office.ledger.close_year(year, "3200")
    ready.send("done")
    office.close()
