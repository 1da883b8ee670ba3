"""Shared fixtures: one office per backend under test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from backoffice_core import BackOffice

POSTGRES_URL = os.environ.get("BACKOFFICE_TEST_POSTGRES_URL")

BACKENDS = ["memory", "sqlite"] + (["postgres"] if POSTGRES_URL else [])


def backend_url(kind: str, tmp_path: Path) -> str:
    """Return a fresh URL of backend ``kind`` for one test."""
    if kind == "memory":
        return "memory://"
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'books.db'}"
    assert POSTGRES_URL is not None
    return POSTGRES_URL


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh backend URL, once per backend."""
    return backend_url(request.param, tmp_path)


@pytest.fixture
def office(url: str, request: pytest.FixtureRequest) -> Iterator[BackOffice]:
    """An office on a fresh entity of each backend."""
    entity = f"PT Test {uuid.uuid4().hex[:12]} {request.node.name}"[:120]
    with BackOffice.open(url, entity=entity, actor="rina") as opened:
        yield opened
