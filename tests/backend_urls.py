"""Which backends the tests run on, and a fresh URL of each (shared by every test folder).

A module of its own, not conftest.py: two conftest modules exist (tests/ and
tests/storage/), so ``from conftest import …`` would depend on which was loaded last.
"""

from __future__ import annotations

import os
from pathlib import Path

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
