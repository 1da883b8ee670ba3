"""Storage backends, and :func:`open_backend`, which picks one from a URL.

``memory://`` keeps everything in process memory; ``sqlite:///path.db`` is the
embedded default; ``postgresql://…`` needs the ``backoffice-core[postgres]`` extra
(psycopg 3), which is imported only when such a URL is opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from backoffice_core.errors import InvalidInputError, StorageError
from backoffice_core.storage.base import Backend
from backoffice_core.storage.memory import MemoryBackend
from backoffice_core.storage.sql.sqlite import SQLiteBackend

if TYPE_CHECKING:
    from backoffice_core.storage.sql.postgres import PostgresBackend

__all__ = ["Backend", "MemoryBackend", "PostgresBackend", "SQLiteBackend", "open_backend"]


def _postgres_backend() -> type[PostgresBackend]:
    try:
        from backoffice_core.storage.sql.postgres import PostgresBackend
    except ImportError as exc:
        raise StorageError(
            f"PostgreSQL needs psycopg 3 ({exc}): install backoffice-core[postgres]"
        ) from exc
    return PostgresBackend


def __getattr__(name: str) -> Any:
    # PostgresBackend is exported lazily so that importing storage never needs psycopg.
    if name == "PostgresBackend":
        return _postgres_backend()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def open_backend(url: str) -> Backend:
    """Open the backend that ``url`` names, creating or migrating its schema.

    Args:
        url: ``memory://``, ``sqlite:///relative.db``, ``sqlite:////absolute.db``,
            ``sqlite:///:memory:`` or ``postgresql://user@host/db``.

    Raises:
        InvalidInputError: If the URL's scheme is not one of those.
        StorageError: If the database cannot be opened, or psycopg is missing.
        MigrationError: If the database's schema is newer than this library.

    Example:
        >>> with open_backend("memory://") as backend:
        ...     backend.in_transaction
        False
    """
    if not isinstance(url, str):
        raise InvalidInputError(f"storage URL {url!r} is not text: pass 'sqlite:///books.db'")
    scheme = url.partition("://")[0].lower() if "://" in url else ""
    if scheme == "memory":
        return MemoryBackend(url)
    if scheme == "sqlite":
        return SQLiteBackend(url)
    if scheme in ("postgresql", "postgres"):
        return _postgres_backend()(url)
    raise InvalidInputError(
        f"cannot open backend URL {url!r}: use 'memory://', 'sqlite:///path.db' "
        "or 'postgresql://user@host/dbname'"
    )
