"""The in-memory backend (``memory://``): every port, no files, full transactions.

A product feature, not a test double: notebooks, scripts and tests that need no
persistence use it, and it passes the same contract suite as the SQL backends.
:mod:`~backoffice_core.storage.memory.backend` holds the backend, its transactions
and isolation; :mod:`~backoffice_core.storage.memory.journal` the compact journal;
:mod:`~backoffice_core.storage.memory.ledger` the ledger store.
"""

from backoffice_core.storage.memory.backend import MemoryAuditStore, MemoryBackend
from backoffice_core.storage.memory.ledger import MemoryLedgerStore

__all__ = ["MemoryAuditStore", "MemoryBackend", "MemoryLedgerStore"]
