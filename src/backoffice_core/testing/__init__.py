"""Conformance helpers: the backend contract suite that every storage backend passes.

Subclass :class:`BackendContract` in a test module, name the subclass ``Test…`` and
implement :meth:`BackendContract.open_office`; pytest then runs the whole suite
against your backend. The memory, SQLite and PostgreSQL backends run it unchanged.
"""

from backoffice_core.testing.contract import BackendContract, Snapshot, snapshot

__all__ = ["BackendContract", "Snapshot", "snapshot"]
