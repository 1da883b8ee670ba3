"""The record-store contract suite: what every backend's ``Records`` and ``BlobStore`` do.

Subclass :class:`RecordsContract` as ``Test<Backend>Records`` and implement
:meth:`RecordsContract.make_backend` (a fresh backend per test); give
:meth:`RecordsContract.shared_url` a URL when other processes can open the same
database, so the numbering race runs across processes. The suite uses a sample kind
(:data:`SAMPLE`) with every indexable and totallable field type, and checks reads,
filters, pages, totals, versions, numbering, isolation, rollbacks, audit,
concurrency, full-text search and rollups through the public ports only.
"""

from __future__ import annotations

import abc
import hashlib
import multiprocessing
import threading
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from backoffice_core.audit.chain import digest
from backoffice_core.audit.service import AuditTrail
from backoffice_core.errors import (
    BackofficeError,
    ConcurrencyError,
    DuplicateIdError,
    InvalidInputError,
    MigrationError,
    NotFoundError,
    StateError,
    StorageError,
)
from backoffice_core.money import Money
from backoffice_core.records import (
    BlobStore,
    Kind,
    OneOf,
    Prefix,
    Range,
    Records,
    Stored,
    batch_state,
    body_json,
)
from backoffice_core.storage import Backend, open_backend
from backoffice_core.testing.rollup_contract import RollupContract
from backoffice_core.testing.search_contract import SearchContract

__all__ = [
    "EVENT",
    "SAMPLE",
    "Event",
    "RecordsContract",
    "Sample",
    "Status",
    "sample_records",
    "take_numbers",
]


class Status(StrEnum):
    """The sample record's status."""

    OPEN = "open"
    DONE = "done"


class Sample(BaseModel):
    """A sample record with one field of every indexable and totallable type."""

    model_config = ConfigDict(frozen=True)

    id: str
    group: str | None = None
    day: date = date(2026, 1, 1)
    at: datetime | None = None
    flag: bool = False
    rank: int = 0
    status: Status = Status.OPEN
    amount: Money = Money(0, "IDR")
    qty: Decimal = Decimal(0)
    note: str = ""


SAMPLE: Kind[Sample] = Kind(
    "contract.sample",
    Sample,
    key=lambda s: s.id,
    indexed=("group", "day", "at", "flag", "rank", "status"),
    totals=("amount", "qty"),
    scales={"qty": 3},
)
"""The kind the suite stores: every field type, Money and Decimal totals."""


class Event(BaseModel):
    """A sample append-only record."""

    model_config = ConfigDict(frozen=True)

    id: str
    what: str


EVENT: Kind[Event] = Kind("contract.event", Event, key=lambda e: e.id, append_only=True)
"""An append-only sample kind."""


def take_numbers(url: str, entity: str, count: int) -> list[int]:
    """Take ``count`` numbers of series ``"race"``, one transaction each (a race worker)."""
    backend = open_backend(url)
    try:
        store = backend.records(SAMPLE, entity)
        out = []
        for _ in range(count):
            with backend.transaction():
                out.append(store.next_number("race"))
        return out
    finally:
        backend.close()


def sample_records(n: int, prefix: str = "s") -> list[Sample]:
    """Return ``n`` deterministic samples spread over every field's values."""
    return [
        Sample(
            id=f"{prefix}{i:06d}",
            group=(None, "hr", "it", "fin")[i % 4],
            day=date(2026, 1 + i % 12, 1 + i % 28),
            at=None if i % 3 == 0 else datetime(2026, 1, 1, i % 24, i % 60, tzinfo=UTC),
            flag=i % 2 == 0,
            rank=(i * 7919) % 101 - 50,
            status=Status.DONE if i % 5 == 0 else Status.OPEN,
            amount=Money(i * 1000, "IDR" if i % 7 else "USD"),
            qty=Decimal(i) / 8,
        )
        for i in range(n)
    ]


class RecordsContract(SearchContract, RollupContract, abc.ABC):
    """The record-store contract suite; subclass it as ``Test<Backend>Records``.

    It includes the full-text tests of
    :class:`~backoffice_core.testing.search_contract.SearchContract` and the rollup
    tests of :class:`~backoffice_core.testing.rollup_contract.RollupContract`.
    """

    backend: Backend

    @abc.abstractmethod
    def make_backend(self) -> Backend:
        """Return a fresh, empty backend for one test."""

    def shared_url(self) -> str | None:
        """Return a URL other processes can open to reach this test's data, if any."""
        return None

    def setup_method(self) -> None:
        """Give each test a fresh backend."""
        self.backend = self.make_backend()

    def teardown_method(self) -> None:
        """Close the test's backend."""
        self.backend.close()

    def store(self, entity: str = "PT Contract") -> Records[Sample]:
        """Return the sample store of ``entity``."""
        return self.backend.records(SAMPLE, entity, actor="rina")

    def blobs(self, entity: str = "PT Contract") -> BlobStore:
        """Return the blob store of ``entity``."""
        return self.backend.blobs(entity, actor="rina")

    def seed(self, n: int = 40) -> list[Sample]:
        """Add ``n`` sample records in one transaction and return them."""
        samples = sample_records(n)
        with self.backend.transaction():
            self.store().add(samples)
        return samples

    def state(self, entity: str = "PT Contract") -> tuple[Any, ...]:
        """Everything a refused operation must leave unchanged."""
        audit = list(self.backend.audit_store(entity).iter_records())
        return (list(self.store(entity).scan()), len(audit), audit[-1].hash if audit else None)

    def refused(self, error: type[BackofficeError], action: Any) -> None:
        """Run ``action`` in a transaction, expect ``error`` and an unchanged store."""
        before = self.state()
        try:
            with self.backend.transaction():
                action()
        except error:
            pass
        else:
            raise AssertionError(f"expected {error.__name__}, nothing was raised")
        assert self.state() == before, "a refused operation changed the store"

    # --- reads and writes -------------------------------------------------------------
    def test_added_records_read_back_identical(self) -> None:
        """Records read back equal to what was added, hostile text included."""
        odd = Sample(id="x'; DROP TABLE blobs;--", group="人事 ?", note="%s %(x)s \u0000")
        samples = [*self.seed(10), odd]
        with self.backend.transaction():
            self.store().add([odd])
        got = self.store().get_many([s.id for s in samples] + ["missing"])
        assert {k: v.record for k, v in got.items()} == {s.id: s for s in samples}
        assert self.store().get(odd.id) == Stored(odd.id, 1, odd)
        assert self.store().get("missing") is None

    def test_identical_add_is_idempotent(self) -> None:
        """Adding a record again with the same content writes nothing new."""
        samples = self.seed(5)
        before = self.state()
        with self.backend.transaction():
            again = self.store().add(samples)
        assert [s.version for s in again] == [1] * 5
        assert self.state() == before

    def test_changed_add_is_refused(self) -> None:
        """A stored key added with other content raises DuplicateIdError, nothing written."""
        samples = self.seed(5)
        changed = samples[2].model_copy(update={"note": "other"})
        new = Sample(id="new")
        self.refused(DuplicateIdError, lambda: self.store().add([new, changed]))

    def test_key_twice_in_one_add_is_refused(self) -> None:
        """One add naming a key twice raises DuplicateIdError and writes nothing."""
        self.seed(3)
        self.refused(DuplicateIdError, lambda: self.store().add([Sample(id="a"), Sample(id="a")]))

    def test_wrong_model_is_refused(self) -> None:
        """A record of another model raises InvalidInputError, nothing written."""
        self.seed(3)
        self.refused(InvalidInputError, lambda: self.store().add([Event(id="e", what="x")]))  # type: ignore[list-item]

    def test_nul_in_indexed_text_is_refused(self) -> None:
        """A NUL character in a key or indexed text raises InvalidInputError, nothing written."""
        self.seed(2)
        self.refused(InvalidInputError, lambda: self.store().add([Sample(id="a", group="x\x00")]))
        self.refused(InvalidInputError, lambda: self.store().add([Sample(id="a\x00")]))

    def test_out_of_range_totals_are_refused(self) -> None:
        """Too many decimals or a 64-bit overflow raise InvalidInputError, nothing written."""
        self.seed(3)
        self.refused(
            InvalidInputError, lambda: self.store().add([Sample(id="q", qty=Decimal("0.0001"))])
        )
        huge = Money(10**19, "IDR")
        self.refused(InvalidInputError, lambda: self.store().add([Sample(id="h", amount=huge)]))
        self.refused(InvalidInputError, lambda: self.store().add([Sample(id="r", rank=2**63)]))

    def test_writes_need_a_transaction(self) -> None:
        """Writing outside a transaction raises StateError and writes nothing."""
        writes: list[Callable[[], object]] = [
            lambda: self.store().add([Sample(id="a")]),
            lambda: self.store().next_number("s"),
            lambda: self.blobs().put(b"x"),
        ]
        for write in writes:
            try:
                write()
            except StateError:
                continue
            raise AssertionError("a write outside a transaction was accepted")
        assert self.store().count() == 0

    def test_replace_advances_the_version(self) -> None:
        """replace() with the current version stores version 2 and reads it back."""
        samples = self.seed(3)
        new = samples[1].model_copy(update={"group": "ops", "rank": 99})
        with self.backend.transaction():
            stored = self.store().replace(new, expected_version=1, action="moved")
        assert stored == Stored(new.id, 2, new)
        assert self.store().get(new.id) == stored
        assert self.store().find({"group": "ops"}).items == (stored,)

    def test_stale_replace_is_refused(self) -> None:
        """replace() with a stale version raises ConcurrencyError and writes nothing."""
        samples = self.seed(3)
        with self.backend.transaction():
            self.store().replace(samples[0].model_copy(update={"note": "v2"}), expected_version=1)
        stale = samples[0].model_copy(update={"note": "lost update"})
        self.refused(ConcurrencyError, lambda: self.store().replace(stale, expected_version=1))

    def test_replace_of_missing_record_is_refused(self) -> None:
        """replace() of a key never added raises NotFoundError."""
        self.seed(1)
        self.refused(
            NotFoundError, lambda: self.store().replace(Sample(id="nope"), expected_version=1)
        )

    def test_replace_many_writes_every_version_in_one_audit_record(self) -> None:
        """replace_many() stores each record's next version and appends one audit record."""
        samples = self.seed(30)
        with self.backend.transaction():
            self.store().replace(samples[0].model_copy(update={"note": "v2"}), expected_version=1)
        audit_before = len(list(self.backend.audit_store("PT Contract").iter_records()))
        changes = [
            (s.model_copy(update={"group": "moved", "rank": i}), 1)
            for i, s in enumerate(samples[1:], start=1)
        ]
        changes.append((samples[0].model_copy(update={"group": "moved"}), 2))
        with self.backend.transaction():
            stored = self.store().replace_many(changes, action="moved")
        assert [(s.key, s.version) for s in stored] == [
            (record.id, version + 1) for record, version in changes
        ]
        assert self.store().count({"group": "moved"}) == 30
        assert self.store().get(samples[5].id) == Stored(samples[5].id, 2, changes[4][0])
        audit = list(self.backend.audit_store("PT Contract").iter_records())
        assert len(audit) == audit_before + 1
        assert audit[-1].action == "contract.sample.moved"

    def test_replace_many_with_one_stale_version_writes_nothing(self) -> None:
        """One stale version among many raises ConcurrencyError and writes none of them."""
        samples = self.seed(10)
        with self.backend.transaction():
            self.store().replace(samples[7].model_copy(update={"note": "v2"}), expected_version=1)
        changes = [(s.model_copy(update={"note": "batch"}), 1) for s in samples]
        self.refused(ConcurrencyError, lambda: self.store().replace_many(changes))

    def test_replace_many_refuses_missing_twice_and_malformed(self) -> None:
        """A missing key, a key twice or a malformed pair is refused and writes nothing."""
        samples = self.seed(4)
        ok = (samples[0].model_copy(update={"note": "x"}), 1)
        self.refused(NotFoundError, lambda: self.store().replace_many([ok, (Sample(id="nope"), 1)]))
        self.refused(InvalidInputError, lambda: self.store().replace_many([ok, ok]))
        self.refused(InvalidInputError, lambda: self.store().replace_many([ok, (samples[1], "1")]))  # type: ignore[list-item]
        self.refused(InvalidInputError, lambda: self.store().replace_many(ok))  # type: ignore[arg-type]
        self.refused(InvalidInputError, lambda: self.store().replace_many([samples[1]]))  # type: ignore[list-item]

    def test_replace_many_of_nothing_writes_nothing(self) -> None:
        """An empty replace_many() returns no records and leaves the audit trail alone."""
        self.seed(2)
        before = self.state()
        with self.backend.transaction():
            assert self.store().replace_many([]) == []
        assert self.state() == before

    def test_replace_many_rolls_back_with_its_transaction(self) -> None:
        """A replace_many() whose transaction fails afterwards leaves every old version."""
        samples = self.seed(6)
        before = self.state()
        try:
            with self.backend.transaction():
                self.store().replace_many(
                    [(s.model_copy(update={"note": "gone"}), 1) for s in samples]
                )
                raise RuntimeError("boom")
        except RuntimeError:
            pass
        assert self.state() == before

    def test_append_only_kind_refuses_replace(self) -> None:
        """An append-only kind's records cannot be replaced."""
        events = self.backend.records(EVENT, "PT Contract")
        with self.backend.transaction():
            events.add([Event(id="e1", what="made")])
        self.refused(
            StateError,
            lambda: events.replace(Event(id="e1", what="changed"), expected_version=1),
        )
        assert events.get("e1") == Stored("e1", 1, Event(id="e1", what="made"))

    # --- find -------------------------------------------------------------------------
    def test_filters_match_python(self) -> None:
        """Every filter form selects exactly what the same test in Python selects."""
        samples = self.seed(60)
        cases: list[tuple[dict[str, Any], Any]] = [
            ({"group": "hr"}, lambda s: s.group == "hr"),
            ({"group": None}, lambda s: s.group is None),
            ({"group": OneOf("hr", "it")}, lambda s: s.group in ("hr", "it")),
            (
                {"day": Range(date(2026, 3, 1), date(2026, 6, 30))},
                lambda s: date(2026, 3, 1) <= s.day <= date(2026, 6, 30),
            ),
            ({"rank": Range(None, 0)}, lambda s: s.rank <= 0),
            (
                {"at": Range(datetime(2026, 1, 1, 12, tzinfo=UTC), None)},
                lambda s: s.at is not None and s.at >= datetime(2026, 1, 1, 12, tzinfo=UTC),
            ),
            ({"flag": True, "status": Status.DONE}, lambda s: s.flag and s.status is Status.DONE),
            ({"key": Prefix("s00001")}, lambda s: s.id.startswith("s00001")),
            ({"key": Range("s000010", "s000019")}, lambda s: "s000010" <= s.id <= "s000019"),
        ]
        for where, test in cases:
            expected = sorted(s.id for s in samples if test(s))
            assert [x.key for x in self.store().find(where)] == expected, where
            assert self.store().count(where) == len(expected), where

    def test_totalled_fields_filter_like_python(self) -> None:
        """A totalled field filters by value or Range, Money in its own currency only."""
        samples = self.seed(60)
        idr = Money(20_000, "IDR")
        cases: list[tuple[dict[str, Any], Any]] = [
            ({"amount": Range(None, idr)},
             lambda s: s.amount.currency == "IDR" and s.amount <= idr),
            ({"amount": Range(Money(7000, "USD"), None)},
             lambda s: s.amount.currency == "USD" and s.amount >= Money(7000, "USD")),
            ({"amount": Money(1000, "IDR")}, lambda s: s.amount == Money(1000, "IDR")),
            ({"qty": Range(Decimal("1.5"), Decimal(3))}, lambda s: 1.5 <= s.qty <= 3),
            ({"qty": 2, "group": None}, lambda s: s.qty == 2 and s.group is None),
        ]  # fmt: skip
        for where, test in cases:
            expected = sorted(s.id for s in samples if test(s))
            assert expected, where  # every case selects something
            assert [x.key for x in self.store().find(where)] == expected, where
            assert self.store().count(where) == len(expected), where
            assert sum(r.count for r in self.store().totals(where=where)) == len(expected)

    def test_totalled_filters_beyond_64_bits_compare_exactly(self) -> None:
        """A bound no stored total can reach matches nothing, or bounds nothing."""
        self.seed(20)
        huge, qty_huge = Money(10**25, "IDR"), Decimal(10) ** 20
        everything = sum(1 for s in self.store().find() if s.record.amount.currency == "IDR")
        assert self.store().count({"amount": huge}) == 0
        assert self.store().count({"amount": Range(huge, None)}) == 0
        assert self.store().count({"amount": Range(None, huge)}) == everything
        assert self.store().count({"amount": Range(-huge, None)}) == everything
        assert self.store().count({"amount": Range(None, -huge)}) == 0
        assert self.store().count({"qty": Range(None, qty_huge)}) == 20
        assert self.store().count({"qty": -qty_huge}) == 0

    def test_bad_totalled_field_filters_are_refused(self) -> None:
        """OneOf, Prefix, wrong types, two currencies and excess decimals are refused."""
        self.seed(5)
        bad: list[Any] = [
            {"amount": OneOf(Money(0, "IDR"))},
            {"amount": Range(Money(0, "IDR"), Money(5, "USD"))},
            {"amount": Decimal(5)},
            {"qty": Money(1, "IDR")},
            {"qty": Decimal("0.0001")},
            {"amount": Money("0.001", "USD")},
            {"qty": Range(True, None)},
            {"qty": Decimal("NaN")},
            {"qty": Prefix("1")},
        ]
        for where in bad:
            try:
                self.store().find(where)
            except InvalidInputError:
                continue
            raise AssertionError(f"a bad filter {where} was accepted")

    def test_order_and_pages_match_python(self) -> None:
        """Pages in any order (NULLs first ascending, last descending) cover each record once."""
        samples = self.seed(50)
        for order in (("at",), ("-at",), ("group", "-rank"), ("-day", "flag"), ("-key",)):
            keys: list[str] = []
            cursor = None
            while True:
                page = self.store().find(order_by=order, limit=7, cursor=cursor)
                keys += [x.key for x in page]
                cursor = page.next_cursor
                if cursor is None:
                    break
            assert keys == _python_order(samples, order), order

    def test_bad_queries_are_refused(self) -> None:
        """Unknown fields, wrong types, bad cursors and limits raise InvalidInputError."""
        self.seed(5)
        bad: list[Any] = [
            lambda: self.store().find({"note": "x"}),
            lambda: self.store().find({"rank": "high"}),
            lambda: self.store().find({"amount": 5}),
            lambda: self.store().find(order_by=("nope",)),
            lambda: self.store().find(limit=0),
            lambda: self.store().find(cursor="not a cursor"),
            lambda: self.store().totals(by=("note",)),
        ]
        for query in bad:
            try:
                query()
            except InvalidInputError:
                continue
            raise AssertionError("a bad query was accepted")

    # --- totals -----------------------------------------------------------------------
    def test_totals_are_exact_per_group(self) -> None:
        """totals() equals the exact Python sums per group, Money per currency."""
        samples = self.seed(80)
        got = {
            (r.group["group"], r.group["amount.currency"]): (
                r.sums["amount"],
                r.sums["qty"],
                r.count,
            )
            for r in self.store().totals(by=("group",))
        }
        expected: dict[tuple[Any, str], tuple[Money, Decimal, int]] = {}
        for s in samples:
            slot = (s.group, s.amount.currency)
            amount, qty, count = expected.get(slot, (Money(0, s.amount.currency), Decimal(0), 0))
            expected[slot] = (amount + s.amount, qty + s.qty, count + 1)
        assert got == expected
        done = self.store().totals(where={"status": Status.DONE})
        assert sum(r.count for r in done) == sum(1 for s in samples if s.status is Status.DONE)
        assert self.store().totals(where={"group": "none such"}) == []

    def test_total_overflow_is_a_clear_error(self) -> None:
        """A total beyond 64 bits raises StorageError on every backend, never a wrong sum."""
        big = Money(9 * 10**18, "IDR")
        with self.backend.transaction():
            self.store().add([Sample(id="a", amount=big), Sample(id="b", amount=big)])
        try:
            self.store().totals()
        except StorageError as exc:
            message = str(exc)
        else:
            raise AssertionError("an overflowing total was returned")
        assert "overflows 64 bits" in message

    # --- numbering --------------------------------------------------------------------
    def test_numbers_are_gapless_and_rollback_returns_them(self) -> None:
        """next_number counts 1, 2, 3 per series and entity; a rollback gives its number back."""
        store, other = self.store(), self.store("PT Other")
        with self.backend.transaction():
            assert [store.next_number("inv"), store.next_number("inv")] == [1, 2]
            assert store.next_number("po") == 1
            assert other.next_number("inv") == 1
        try:
            with self.backend.transaction():
                assert store.next_number("inv") == 3
                raise RuntimeError("abandon")
        except RuntimeError:
            pass
        with self.backend.transaction():
            assert store.next_number("inv") == 3

    def test_numbering_race_has_no_gap_or_duplicate(self) -> None:
        """Four workers taking numbers at once get 1..100, each exactly once."""
        url = self.shared_url()
        if url is None:
            results: list[list[int]] = [[] for _ in range(4)]

            def work(slot: int) -> None:
                store = self.store("PT Race")
                for _ in range(25):
                    with self.backend.transaction():
                        results[slot].append(store.next_number("race"))

            threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        else:
            self.store("PT Race")  # the kind's table exists before the workers start
            with multiprocessing.get_context("spawn").Pool(4) as pool:
                results = pool.starmap(take_numbers, [(url, "PT Race", 25)] * 4)
        taken = [n for worker in results for n in worker]
        assert sorted(taken) == list(range(1, 101))
        assert all(worker == sorted(worker) for worker in results)

    # --- isolation, rollback, audit ---------------------------------------------------
    def test_entities_are_isolated(self) -> None:
        """An entity never sees another entity's records, totals or numbers."""
        self.seed(10)
        other = self.store("PT Other")
        assert other.count() == 0
        assert other.find().items == ()
        assert other.totals() == []
        assert other.get("s000001") is None

    def test_failed_unit_of_work_leaves_nothing(self) -> None:
        """A unit of work that fails undoes its adds, replaces, numbers and blobs."""
        samples = self.seed(5)
        before = self.state()
        try:
            with self.backend.transaction():
                self.store().add(sample_records(3, prefix="t"))
                self.store().replace(samples[0].model_copy(update={"rank": 5}), expected_version=1)
                self.store().next_number("inv")
                self.blobs().put(b"gone")
                raise RuntimeError("abandon")
        except RuntimeError:
            pass
        assert self.state() == before
        with self.backend.transaction():
            assert self.store().next_number("inv") == 1

    def test_failed_inner_block_undoes_only_itself(self) -> None:
        """A failed nested block undoes its own writes; the outer unit of work commits."""
        with self.backend.transaction():
            self.store().add([Sample(id="outer")])
            try:
                with self.backend.transaction():
                    self.store().add([Sample(id="inner")])
                    raise RuntimeError("inner fails")
            except RuntimeError:
                pass
        assert [x.key for x in self.store().find()] == ["outer"]

    def test_every_write_is_audited_with_a_recomputable_digest(self) -> None:
        """Each write call appends one audit record whose digest the stored rows reproduce."""
        samples = self.seed(12)
        with self.backend.transaction():
            self.store().replace(samples[3].model_copy(update={"rank": 1}), expected_version=1)
        records = list(self.backend.audit_store("PT Contract").iter_records())
        assert [(r.action, r.actor) for r in records] == [
            ("contract.sample.added", "rina"),
            ("contract.sample.replaced", "rina"),
        ]
        added = [(s.id, 1, body_json(s)) for s in samples]
        assert records[0].digest == digest(batch_state(SAMPLE, added))
        rows = {key: (key, version, body) for key, version, body in self.store().scan()}
        assert records[1].digest == digest(batch_state(SAMPLE, [rows[samples[3].id]]))
        assert AuditTrail(self.backend.audit_store("PT Contract")).verify().ok

    # --- concurrency and volume -------------------------------------------------------
    def test_two_writers_one_version(self) -> None:
        """Two writers replacing the same version: exactly one wins, the other is refused."""
        samples = self.seed(2)
        barrier = threading.Barrier(2)
        outcomes: list[str] = []

        def write(note: str) -> None:
            store = self.store()
            current = store.get(samples[0].id)
            assert current is not None
            barrier.wait()
            try:
                with self.backend.transaction():
                    store.replace(
                        current.record.model_copy(update={"note": note}),
                        expected_version=current.version,
                    )
                outcomes.append("won")
            except ConcurrencyError:
                outcomes.append("refused")

        threads = [threading.Thread(target=write, args=(n,)) for n in ("one", "two")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(outcomes) == ["refused", "won"]
        final = self.store().get(samples[0].id)
        assert final is not None
        assert final.version == 2

    def test_bulk_add_of_100000_records(self) -> None:
        """One add of 100,000 records stores them all, counted and totalled by the store."""
        samples = sample_records(100_000)
        with self.backend.transaction():
            self.store().add(samples)
        assert self.store().count() == 100_000
        totals = self.store().totals()
        assert sum(r.count for r in totals) == 100_000
        assert sum((r.sums["qty"] for r in totals), Decimal(0)) == sum(
            (s.qty for s in samples), Decimal(0)
        )
        assert self.store().count({"group": "hr"}) == 25_000

    # --- kinds and blobs --------------------------------------------------------------
    def test_kind_with_another_layout_is_refused(self) -> None:
        """A kind re-declared under a stored name with other fields raises MigrationError."""
        self.seed(2)
        changed = Kind("contract.sample", Sample, key=lambda s: s.id, indexed=("group",))
        try:
            self.backend.records(changed, "PT Contract")
        except MigrationError:
            return
        raise AssertionError("a kind with another layout was accepted")

    def test_blobs_round_trip_once_per_digest(self) -> None:
        """Blob content reads back checked, is stored once per digest, and can be discarded."""
        content = bytes(range(256)) * 1000
        with self.backend.transaction():
            ref = self.blobs().put(content)
            assert self.blobs().put(content) == ref
        assert (ref.size, self.blobs().get(ref.sha256)) == (256_000, content)
        assert not self.blobs("PT Other").exists(ref.sha256)
        with self.backend.transaction():
            assert self.blobs().discard(ref.sha256)
            assert not self.blobs().discard(ref.sha256)
        try:
            self.blobs().get(ref.sha256)
        except NotFoundError:
            pass
        else:
            raise AssertionError("discarded content was returned")
        actions = Counter(r.action for r in self.backend.audit_store("PT Contract").iter_records())
        assert actions == {"blob.stored": 1, "blob.discarded": 1}

    def test_put_many_stores_each_content_once_in_one_audit_record(self) -> None:
        """put_many() returns a reference per content in order, stores each digest once."""
        with self.backend.transaction():
            first = self.blobs().put(b"already")
        contents = [b"a" * 10, b"already", b"", b"a" * 10, bytes(range(256))]
        with self.backend.transaction():
            refs = self.blobs().put_many(contents)
        assert [r.size for r in refs] == [10, 7, 0, 10, 256]
        assert refs[1] == first
        assert refs[0] == refs[3]
        assert [self.blobs().get(r.sha256) for r in refs] == contents
        actions = Counter(r.action for r in self.backend.audit_store("PT Contract").iter_records())
        assert actions == {"blob.stored": 2}
        before = self.state()
        with self.backend.transaction():
            assert self.blobs().put_many(contents) == refs
            assert self.blobs().put_many([]) == []
        assert self.state() == before

    def test_put_many_with_one_bad_content_stores_nothing(self) -> None:
        """One oversized or non-bytes content refuses the whole batch; nothing is stored."""
        self.backend.blob_max_size = 1000
        good = b"kept out"
        bad_items: list[Any] = [b"x" * 1001, "text", None]
        for bad in bad_items:
            self.refused(InvalidInputError, lambda bad=bad: self.blobs().put_many([good, bad]))
        self.refused(InvalidInputError, lambda: self.blobs().put_many(good))  # type: ignore[arg-type]
        assert not self.blobs().exists(hashlib.sha256(good).hexdigest())

    def test_put_many_rolls_back_with_its_transaction(self) -> None:
        """Contents of a put_many() whose transaction fails are not stored afterwards."""
        try:
            with self.backend.transaction():
                ref = self.blobs().put_many([b"temporary"])[0]
                assert self.blobs().exists(ref.sha256)
                raise RuntimeError("boom")
        except RuntimeError:
            pass
        assert not self.blobs().exists(ref.sha256)

    def test_blob_limits_are_enforced(self) -> None:
        """Content above the size limit, or not bytes, is refused and nothing is written."""
        self.backend.blob_max_size = 1000
        self.refused(InvalidInputError, lambda: self.blobs().put(b"x" * 1001))
        self.refused(InvalidInputError, lambda: self.blobs().put("text"))  # type: ignore[arg-type]
        for bad in ("abc", "G" * 64):
            try:
                self.blobs().get(bad)
            except InvalidInputError:
                continue
            raise AssertionError(f"digest {bad!r} was accepted")


def _python_order(samples: list[Sample], order: tuple[str, ...]) -> list[str]:
    rows = [{"key": s.id, **s.model_dump()} for s in samples]
    for term in reversed((*order, "key")):
        name = term.lstrip("-")
        descending = term.startswith("-")
        present = [r for r in rows if r[name] is not None]
        missing = [r for r in rows if r[name] is None]
        present.sort(key=lambda r: r[name], reverse=descending)
        rows = present + missing if descending else missing + present
    return [r["key"] for r in rows]
