"""Reliability on both SQL backends: concurrent writer processes and SIGKILL mid-posting."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from collections import Counter
from datetime import date

import pytest
from reliability_workers import (
    ENTITY,
    bulk_post_until_killed,
    close_years_until_killed,
    post_and_reverse,
)

from backoffice_core import BackOffice, Money
from backoffice_core.ledger import EntryDraft, Line, Side, generic_chart
from backoffice_core.storage.sql import SQLBackend

SPAWN = multiprocessing.get_context("spawn")
AS_OF = date(2026, 12, 31)


def _prepare(url: str) -> None:
    with BackOffice.open(url, entity=ENTITY, actor="setup") as office:
        office.ledger.load_chart(generic_chart())


def _check_books(office: BackOffice, as_of: date = AS_OF) -> list[str]:
    """Check the audit chain and that balances equal the sum of entries; return entry ids."""
    verification = office.audit.verify()
    assert verification.ok, str(verification)
    entries = office.ledger.entries()
    expected: Counter[str] = Counter()
    for entry in entries:
        for line in entry.lines:
            sign = 1 if line.side is Side.DEBIT else -1
            expected[line.account] += sign * line.base_equivalent.to_minor()
    for account, units in expected.items():
        # balance() is signed by the account's normal side; the posted accounts are leaves.
        sign = 1 if office.ledger.account(account).normal_balance is Side.DEBIT else -1
        assert office.ledger.balance(account, as_of) == Money.from_minor(sign * units, "IDR")
    assert office.ledger.trial_balance(as_of).is_balanced
    return [e.id for e in entries]


@pytest.mark.slow
def test_concurrent_writer_processes(sql_url: str) -> None:
    """Four processes posting and reversing at once: every entry once, chain intact."""
    _prepare(sql_url)
    workers, count = 4, 12
    procs = [
        SPAWN.Process(target=post_and_reverse, args=(sql_url, w, count)) for w in range(workers)
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(120)
        assert proc.exitcode == 0
    with BackOffice.open(sql_url, entity=ENTITY, actor="auditor") as office:
        ids = _check_books(office)
        wanted = {f"w{w}-{n}" for w in range(workers) for n in range(count)}
        wanted |= {f"reversal-of-w{w}-{n}" for w in range(workers) for n in range(3, count, 4)}
        wanted |= {f"w{w}-bulk-{n}" for w in range(workers) for n in range(10)}
        assert Counter(ids) == Counter(wanted)
        records = list(office.audit.records())
        assert [r.seq for r in records] == list(range(1, len(records) + 1))
        assert {r.actor for r in records} >= {f"worker-{w}" for w in range(workers)}
        backend = office.backend
        assert isinstance(backend, SQLBackend)
        with backend.session(ENTITY) as session:
            seqs = [r[0] for r in session.query(
                "SELECT seq FROM entries WHERE entity = ? ORDER BY seq", (ENTITY,))]  # fmt: skip
        assert seqs == list(range(1, len(ids) + 1))


@pytest.mark.slow
def test_sigkill_during_bulk_posting_is_all_or_nothing(sql_url: str) -> None:
    """A writer killed at a random point leaves all or none of its batch, books intact."""
    _prepare(sql_url)
    rng = random.Random(20261127)
    size, outcomes = 3000, Counter[str]()
    for attempt in range(8):
        batch = f"crash{attempt}"
        parent, child = SPAWN.Pipe()
        proc = SPAWN.Process(target=bulk_post_until_killed, args=(sql_url, batch, size, child))
        proc.start()
        assert parent.poll(60), "the worker never got ready"
        assert parent.recv() == "ready"
        time.sleep(rng.uniform(0.0, 0.8))
        assert proc.pid is not None
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(30)
        parent.close()
        child.close()
        with BackOffice.open(sql_url, entity=ENTITY, actor="auditor") as office:
            ids = _check_books(office)
        posted = sum(1 for i in ids if i.startswith(f"{batch}-"))
        assert posted in (0, size), f"attempt {attempt}: {posted} of {size} entries survived"
        outcomes["all" if posted else "none"] += 1
    assert outcomes["none"] >= 1, outcomes


@pytest.mark.slow
def test_sigkill_during_year_end_close_is_all_or_nothing(sql_url: str) -> None:
    """A closer killed at a random point leaves each year closed entirely or untouched."""
    _prepare(sql_url)
    years = list(range(2030, 2042))
    with BackOffice.open(sql_url, entity=ENTITY, actor="setup") as office:
        office.ledger.post_many(
            [
                EntryDraft(date=date(year, 6, 1), description=f"sale {year}", id=f"sale-{year}",
                           lines=(Line.debit("1110", Money(year, "IDR")),
                                  Line.credit("4100", Money(year, "IDR"))))
                for year in years
            ]
        )  # fmt: skip
    rng = random.Random(27112026)
    interrupted = 0
    for attempt in range(4):
        parent, child = SPAWN.Pipe()
        proc = SPAWN.Process(target=close_years_until_killed, args=(sql_url, years, child))
        proc.start()
        assert parent.poll(60), "the worker never got ready"
        assert parent.recv() == "ready"
        time.sleep(rng.uniform(0.0, 0.1))
        assert proc.pid is not None
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(30)
        interrupted += not parent.poll(0)  # no "done": the kill came before the last close
        parent.close()
        child.close()
        with BackOffice.open(sql_url, entity=ENTITY, actor="auditor") as office:
            _check_books(office, date(2099, 12, 31))
            posted = {e.id for e in office.ledger.entries()}
            for year in years:
                closed = [office.ledger.period(f"{year}-{m:02d}").state == "closed"
                          for m in range(1, 13)]  # fmt: skip
                if f"year-end-{year}" in posted:
                    assert all(closed), f"attempt {attempt}: {year} closed only in part"
                else:
                    assert not any(closed), f"attempt {attempt}: {year} half closed"
            remaining = [y for y in years if f"year-end-{y}" not in posted]
        if not remaining:
            break
        years = remaining
    assert interrupted >= 1
