"""A sample domain built only from kinds, a service and the office: no storage file."""

from __future__ import annotations

from datetime import UTC, date, datetime

import attrs
import pytest
from pydantic import BaseModel, ConfigDict

from backoffice_core import BackOffice, Money
from backoffice_core.context import Context, UnitOfWork
from backoffice_core.errors import ConcurrencyError, PermissionDeniedError, StateError
from backoffice_core.records import Kind, Range, Records


class Visit(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    host: str
    day: date
    fee: Money
    closed: bool = False


VISIT = Kind("sample.visit", Visit, key=lambda v: v.id, indexed=("host", "day", "closed"),
             totals=("fee",))  # fmt: skip


@attrs.define
class Visits:
    context: Context
    uow: UnitOfWork
    store: Records[Visit] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.store = self.uow.records(VISIT)

    def log(self, visits: list[Visit]) -> None:
        for visit in visits:  # every record is authorized, bulk included
            self.context.authorize("sample.visit.log", visit.id)
        with self.uow.transaction():
            self.store.add(visits)

    def close(self, visit_id: str, *, seen_version: int | None = None) -> None:
        self.context.authorize("sample.visit.close", visit_id)
        with self.uow.transaction():
            stored = self.store.get(visit_id)
            if stored is None or stored.record.closed:
                raise StateError(f"visit {visit_id!r} is not open")
            closed = stored.record.model_copy(update={"closed": True})
            version = stored.version if seen_version is None else seen_version
            self.store.replace(closed, expected_version=version, action="closed")


def visits(office: BackOffice) -> Visits:
    return Visits(office.context, office.unit_of_work)


def sample(n: int) -> list[Visit]:
    return [
        Visit(
            id=f"v{i}", host=("ana", "budi")[i % 2], day=date(2026, 1, 1 + i), fee=Money(i, "IDR")
        )
        for i in range(n)
    ]


class TestSampleDomain:
    def test_domain_round_trip_is_audited(self, office: BackOffice) -> None:
        """A domain's writes go through the record store, into the audit chain, verified."""
        service = visits(office)
        service.log(sample(6))
        service.close("v2")
        fees = {r.group["host"]: r.sums["fee"] for r in service.store.totals(by=("host",))}
        assert fees == {"ana": Money(6, "IDR"), "budi": Money(9, "IDR")}
        assert service.store.count({"closed": True, "day": Range(date(2026, 1, 3), None)}) == 1
        actions = [r.action for r in office.audit.records()]
        assert actions[-2:] == ["sample.visit.added", "sample.visit.closed"]
        assert office.audit.verify().ok

    def test_refused_actor_writes_nothing(self, office: BackOffice) -> None:
        """An actor the authorizer refuses for one record of a batch writes none of it."""

        class FirstOnly:
            def check(self, actor: str, action: str, subject: str) -> None:
                if subject != "v0":
                    raise PermissionDeniedError(f"{actor} may not {action} {subject}")

        clerk = BackOffice(office.backend, attrs.evolve(office.context, authorizer=FirstOnly()))
        before = len(list(office.audit.records()))
        with pytest.raises(PermissionDeniedError):
            visits(clerk).log(sample(2))
        assert visits(office).store.count() == 0
        # only the refusal itself is recorded, for auditors
        after = list(office.audit.records())
        assert [r.action for r in after[before:]] == ["access.denial.added"]

    def test_stale_version_loses(self, office: BackOffice) -> None:
        """Closing from a stale read raises ConcurrencyError and keeps the stored record."""
        service = visits(office)
        service.log(sample(2))
        with pytest.raises(ConcurrencyError):
            service.close("v1", seen_version=7)
        stored = service.store.get("v1")
        assert stored is not None
        assert (stored.version, stored.record.closed) == (1, False)

    def test_audit_records_carry_the_context_clock(self, office: BackOffice) -> None:
        """Record-store writes are timed by the acting context's clock, not the commit."""
        fixed = datetime(2026, 1, 9, 8, 30, tzinfo=UTC)
        timed = BackOffice(office.backend, attrs.evolve(office.context, clock=lambda: fixed))
        visits(timed).log(sample(1))
        with timed.transaction():
            timed.unit_of_work.blobs().put(b"scan")
        last = list(office.audit.records())[-2:]
        assert [(r.action, r.at) for r in last] == [
            ("sample.visit.added", fixed),
            ("blob.stored", fixed),
        ]
