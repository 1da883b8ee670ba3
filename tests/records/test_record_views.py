"""Views: a few fields of stored records, read with find_view on every backend."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict

from backoffice_core import BackOffice, Money
from backoffice_core.errors import InvalidInputError
from backoffice_core.record_views import check_view, load_view
from backoffice_core.records import Kind, OneOf, body_json


class Pay(BaseModel):
    model_config = ConfigDict(frozen=True)

    component: str
    amount: Money


class Worker(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    team: str
    nik: str | None = None
    pay: tuple[Pay, ...] = ()


WORKER = Kind("sample.worker", Worker, key=lambda w: w.id, indexed=("team",))


class WorkerId(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    nik: str | None = None


class Other(BaseModel):
    id: str
    salary: int


def workers(n: int) -> list[Worker]:
    pay = (Pay(component="basic", amount=Money(5_000_000, "IDR")),)
    return [
        Worker(id=f"w{i:02d}", name=f"Pekerja {i}", team=("a", "b")[i % 2],
               nik=None if i % 3 else f"31710{i:011d}", pay=pay)
        for i in range(n)
    ]  # fmt: skip


def stored(office: BackOffice, n: int) -> list[Worker]:
    records = workers(n)
    with office.transaction():
        office.unit_of_work.records(WORKER).add(records)
    return records


class TestFindView:
    def test_view_holds_the_named_fields_of_each_match(self, office: BackOffice) -> None:
        """Each item is the view of the record find returns, with the same key and version."""
        records = stored(office, 9)
        store = office.unit_of_work.records(WORKER)
        page = store.find_view(WorkerId, {"team": "a"}, order_by=("-key",))
        expected = [WorkerId(id=w.id, nik=w.nik) for w in reversed(records) if w.team == "a"]
        assert [s.record for s in page] == expected
        assert [(s.key, s.version) for s in page] == [
            (s.key, s.version) for s in store.find({"team": "a"}, order_by=("-key",))
        ]

    def test_pages_follow_the_cursor_like_find(self, office: BackOffice) -> None:
        """Pages of a view cover every match once, in the order find gives."""
        records = stored(office, 11)
        store = office.unit_of_work.records(WORKER)
        ids: list[str] = []
        cursor = None
        while True:
            page = store.find_view(WorkerId, {"team": OneOf("a", "b")}, limit=4, cursor=cursor)
            ids += [s.record.id for s in page]
            cursor = page.next_cursor
            if cursor is None:
                break
        assert ids == sorted(w.id for w in records)

    def test_a_replaced_record_is_read_at_its_new_version(self, office: BackOffice) -> None:
        """A view reads the current version of a replaced record."""
        stored(office, 3)
        store = office.unit_of_work.records(WORKER)
        current = store.get("w01")
        assert current is not None
        with office.transaction():
            store.replace(current.record.model_copy(update={"nik": "3171"}), expected_version=1)
        (item,) = store.find_view(WorkerId, {"key": "w01"}).items
        assert (item.version, item.record.nik) == (2, "3171")

    @pytest.mark.parametrize(
        "view",
        [dict, Worker.__name__, WorkerId(id="w1"), Other],
    )
    def test_a_view_that_cannot_read_the_kind_is_refused(
        self, office: BackOffice, view: Any
    ) -> None:
        """Not a model class, or a field the kind lacks, raises InvalidInputError."""
        stored(office, 1)
        with pytest.raises(InvalidInputError):
            office.unit_of_work.records(WORKER).find_view(view)

    def test_a_view_forbidding_extra_fields_is_refused(self, office: BackOffice) -> None:
        """A view must ignore the fields it does not name: extra='forbid' is refused."""

        class Strict(WorkerId):
            model_config = ConfigDict(frozen=True, extra="forbid")

        stored(office, 1)
        with pytest.raises(InvalidInputError, match="forbids extra"):
            office.unit_of_work.records(WORKER).find_view(Strict)


def upgrade(version: int, data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 stored the NIK as ``ktp``."""
    data = dict(data)
    data["nik"] = data.pop("ktp", None)
    return data


WORKER_V2 = Kind("sample.worker", Worker, key=lambda w: w.id, version=2, upgrade=upgrade)


class TestLoadView:
    def test_an_older_body_is_upgraded_first(self) -> None:
        """A body of an older model version is upgraded before the view reads it."""
        old = '{"id":"w1","ktp":"3171","name":"Ana","pay":[],"team":"a"}'
        assert load_view(WORKER_V2, WorkerId, 1, old) == WorkerId(id="w1", nik="3171")

    def test_a_current_body_reads_like_the_whole_record(self) -> None:
        """The view of a current body equals the view built from the whole record."""
        for worker in workers(4):
            view = load_view(WORKER, WorkerId, 1, body_json(worker))
            assert view == WorkerId(id=worker.id, nik=worker.nik)

    def test_check_view_returns_a_good_view(self) -> None:
        """A view naming fields of the kind is returned as given."""
        assert check_view(WORKER, WorkerId) is WorkerId
