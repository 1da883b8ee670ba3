"""Declaring full-text fields on a kind: what ``Kind(text=...)`` accepts and refuses."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict

from backoffice_core.errors import RecordKindError
from backoffice_core.records import Kind


class Paper(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    summary: str | None = None
    tags: tuple[str, ...] = ()
    lines: list[str] = []
    maybe_lines: list[str] | None = None
    pages: int = 0
    signed: date | None = None
    numbers: tuple[int, ...] = ()
    pair: tuple[str, str] = ("a", "b")


def paper(text: Any) -> Kind[Paper]:
    """Declare the paper kind with ``text``."""
    return Kind("test.paper", Paper, key=lambda p: p.id, text=text)


class TestKindText:
    def test_string_and_string_collections_are_accepted(self) -> None:
        """str, Optional[str], tuple[str, ...], list[str] and Optional lists may be searched."""
        kind = paper(("title", "summary", "tags", "lines", "maybe_lines"))
        assert kind.text == ("title", "summary", "tags", "lines", "maybe_lines")

    def test_a_list_of_names_becomes_a_tuple(self) -> None:
        """Text fields given as a list are kept as a tuple (the kind stays hashable)."""
        assert paper(["title"]).text == ("title",)

    @pytest.mark.parametrize("field", ["pages", "signed", "numbers", "pair"])
    def test_other_field_types_are_refused(self, field: str) -> None:
        """A field that is not text raises RecordKindError naming it."""
        with pytest.raises(RecordKindError, match=field):
            paper((field,))

    def test_a_missing_field_is_refused(self) -> None:
        """A text field the model does not have raises RecordKindError naming it."""
        with pytest.raises(RecordKindError, match="'body'"):
            paper(("title", "body"))

    @pytest.mark.parametrize("text", ["title", ("title", "title"), ("Title",), (1,)])
    def test_malformed_declarations_are_refused(self, text: Any) -> None:
        """A bare string, a name twice or a malformed name raises RecordKindError."""
        with pytest.raises(RecordKindError):
            paper(text)

    def test_a_kind_without_text_declares_none(self) -> None:
        """Kinds that do not declare text have no full-text fields."""
        assert Kind("test.paper", Paper, key=lambda p: p.id).text == ()
