"""Shared fixtures: one office per backend under test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from backend_urls import BACKENDS, backend_url
from backoffice_core import BackOffice

# No per-example deadline: on a loaded machine a slow first example is not a failure.
settings.register_profile("backoffice", deadline=None)
settings.load_profile("backoffice")


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
