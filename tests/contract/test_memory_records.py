"""The record-store contract suite on the in-memory backend."""

from __future__ import annotations

from backoffice_core.storage import Backend, MemoryBackend
from backoffice_core.testing import RecordsContract


class TestMemoryRecords(RecordsContract):
    """Every record-store contract test, on one MemoryBackend per test."""

    def make_backend(self) -> Backend:
        """Return a new in-memory backend."""
        return MemoryBackend()
