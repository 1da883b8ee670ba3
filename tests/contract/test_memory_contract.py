"""The backend contract suite on the in-memory backend."""

from __future__ import annotations

from backoffice_core import BackOffice
from backoffice_core.storage import MemoryBackend
from backoffice_core.testing import BackendContract


class TestMemoryContract(BackendContract):
    """Every contract test, on one MemoryBackend per test."""

    def setup_method(self) -> None:
        """Share one in-memory backend between the offices of a test."""
        super().setup_method()
        self.backend = MemoryBackend()

    def open_office(self, entity: str, actor: str = "rina") -> BackOffice:
        """Open an office on the test's shared backend."""
        from backoffice_core.context import Context

        return BackOffice(self.backend, Context(entity, actor))
