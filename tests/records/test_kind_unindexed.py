"""Declaring fields without an index of their own: what ``Kind(unindexed=...)`` accepts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict

from backoffice_core.errors import RecordKindError
from backoffice_core.records import Kind


class Entry(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    item: str
    place: str
    on: date
    note: str = ""


def entry(unindexed: Any) -> Kind[Entry]:
    """Declare the entry kind with ``unindexed``."""
    return Kind(
        "test.entry",
        Entry,
        key=lambda x: x.id,
        indexed=("item", "place", "on"),
        unindexed=unindexed,
    )


class TestKindUnindexed:
    def test_every_indexed_field_has_an_index_by_default(self) -> None:
        """Without unindexed=, a kind names no field without an index."""
        assert entry(()).unindexed == ()

    def test_indexed_fields_are_accepted_and_kept_as_a_tuple(self) -> None:
        """Indexed fields named in a list come back as a tuple in the order given."""
        assert entry(["place", "item"]).unindexed == ("place", "item")

    @pytest.mark.parametrize("field", ["note", "nothing", "id"])
    def test_a_field_that_is_not_indexed_is_refused(self, field: str) -> None:
        """A field outside indexed= (a plain field, an unknown one, the key field) is refused."""
        with pytest.raises(RecordKindError, match=f"unindexed field '{field}' is not one"):
            entry((field,))

    def test_a_field_named_twice_is_refused(self) -> None:
        """The same field named twice is refused."""
        with pytest.raises(RecordKindError, match="named twice"):
            entry(("item", "item"))

    def test_a_bare_string_is_refused(self) -> None:
        """A string instead of a tuple of names is refused with an example."""
        with pytest.raises(RecordKindError, match="must be a tuple of field names"):
            entry("item")
