"""Conformance helpers: the backend contract suite that every storage backend passes.

Subclass :class:`BackendContract` in a test module, name the subclass ``Test…`` and
implement :meth:`BackendContract.open_office`; pytest then runs the whole suite
against your backend. :class:`RecordsContract` does the same for the generic record
store (``Records`` and ``BlobStore``). The memory, SQLite and PostgreSQL backends run
both unchanged.
"""

from backoffice_core.testing.contract import BackendContract, Snapshot, snapshot
from backoffice_core.testing.records_contract import RecordsContract

__all__ = ["BackendContract", "RecordsContract", "Snapshot", "snapshot"]
