"""SQL storage: one implementation of every port over DB-API, for SQLite and PostgreSQL.

:mod:`~backoffice_core.storage.sql.dialect` holds what differs between databases,
:mod:`~backoffice_core.storage.sql.schema` the tables and migrations, ``ledger`` and
``audit`` the shared stores, ``sqlite`` and ``postgres`` the backends. The PostgreSQL
backend is imported from its module so that psycopg stays optional.
"""

from backoffice_core.storage.sql.backend import SQLBackend
from backoffice_core.storage.sql.sqlite import SQLiteBackend

__all__ = ["SQLBackend", "SQLiteBackend"]
