"""The table of a record kind: derived from the kind, created by a migration of its own.

A :class:`~backoffice_core.records.Kind` declares its indexed and totalled fields; its
table is ``entity, record_key, version, model_version, body`` plus one typed column per
field (``f_<name>``, and ``f_<name>__ccy`` for the currency of a Money total), keyed by
``(entity, record_key)``, with an index per indexed field. Text columns compare bytewise
(``COLLATE "C"`` on PostgreSQL, SQLite's default), so ordering and cursors agree on
every backend.

The statements are a pure function of the kind. The first time a database meets a
kind they run once, under the migration lock, and ``record_kinds`` keeps their digest:
a later run whose kind declares another layout raises MigrationError instead of
reading a table of another shape. So a database created before a kind existed and one
created after end with the same schema.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from backoffice_core.errors import MigrationError
from backoffice_core.records import Kind
from backoffice_core.storage.sql.dialect import Dialect
from backoffice_core.storage.sql.text_index import text_statements

if TYPE_CHECKING:
    from backoffice_core.storage.sql.backend import Session

__all__ = [
    "column_names",
    "column_types",
    "ensure_kind",
    "kind_digest",
    "kind_statements",
    "stored_digest",
]


def column_names(kind: Kind[Any]) -> list[str]:
    """Return the typed columns of ``kind``'s table, in table order."""
    out = []
    for field in kind.fields:
        out.append(f"f_{field.name}")
        if field.type == "money":
            out.append(f"f_{field.name}__ccy")
    return out


def _key_text(dialect: Dialect) -> str:
    text = dialect.column_type("text")
    return text + ' COLLATE "C"' if dialect.name == "postgresql" else text


def column_types(kind: Kind[Any], dialect: Dialect) -> list[tuple[str, str]]:
    """Return ``(column, SQL type)`` of ``kind``'s typed columns, in table order."""
    out = []
    for field in kind.fields:
        if field.type in ("money", "decimal"):
            out.append((f"f_{field.name}", dialect.column_type("bigint")))
            if field.type == "money":
                out.append((f"f_{field.name}__ccy", dialect.column_type("text")))
        elif field.type == "text":
            out.append((f"f_{field.name}", _key_text(dialect)))
        else:
            out.append((f"f_{field.name}", dialect.column_type(field.type)))
    return out


def kind_statements(kind: Kind[Any], dialect: Dialect) -> list[str]:
    """Return the DDL that creates ``kind``'s table and indexes on ``dialect``."""
    columns = [
        f"entity {dialect.column_type('text')} NOT NULL",
        f"record_key {_key_text(dialect)} NOT NULL",
        f"version {dialect.column_type('int')} NOT NULL",
        f"model_version {dialect.column_type('int')} NOT NULL",
        f"body {dialect.column_type('text')} NOT NULL",
    ]
    columns += [f"{name} {sql_type}" for name, sql_type in column_types(kind, dialect)]
    table = kind.table
    out = [f"CREATE TABLE {table} ({', '.join(columns)}, PRIMARY KEY (entity, record_key))"]
    for i, name in enumerate(kind.indexed, start=1):
        # The key last: an equality filter ordered by key reads the index in order.
        out.append(f"CREATE INDEX {table}_i{i} ON {table} (entity, f_{name}, record_key)")
    out += dialect.row_security([table])
    return out


def kind_digest(kind: Kind[Any], dialect: Dialect) -> str:
    """Return the SHA-256 of the statements that create ``kind``'s table on ``dialect``.

    For a kind that declares ``text`` they include its full-text index (see
    :mod:`~backoffice_core.storage.sql.text_index`); for any other kind they are the
    table's statements alone, so its digest is what it was before full text existed.
    """
    return _digest(_layout(kind, dialect))


def _layout(kind: Kind[Any], dialect: Dialect) -> list[str]:
    return [*kind_statements(kind, dialect), *text_statements(kind, dialect)]


def _digest(statements: list[str]) -> str:
    return hashlib.sha256("\n".join(statements).encode()).hexdigest()


def stored_digest(session: Session, kind: Kind[Any]) -> str | None:
    """Return the layout digest the database recorded for ``kind``, or None (a read)."""
    rows = session.query("SELECT digest FROM record_kinds WHERE name = ?", (kind.name,))
    return str(rows[0][0]) if rows else None


def ensure_kind(session: Session, kind: Kind[Any], lock: str | None) -> bool:
    """Create ``kind``'s table if this database has never met the kind.

    A kind that gained ``text`` since its table was created gets its full-text index
    now, over the rows already stored.

    Args:
        session: A session inside an open write transaction.
        kind: The kind to make room for.
        lock: A statement that takes the migration lock (None where the transaction's
            own lock already serialises schema changes, as on SQLite).

    Returns:
        True if the table was created now.

    Raises:
        MigrationError: If the database holds the kind with another layout.
    """
    statements = _layout(kind, session.dialect)
    digest = kind_digest(kind, session.dialect)
    stored = stored_digest(session, kind)
    if stored is None and lock is not None:
        session.execute(lock)
        stored = stored_digest(session, kind)
    if stored is None:
        for statement in statements:
            session.execute(statement)
        session.execute(
            "INSERT INTO record_kinds (name, digest) VALUES (?, ?)", (kind.name, digest)
        )
        return True
    if stored != digest and kind.text:
        without_text = _digest(kind_statements(kind, session.dialect))
        if stored == without_text:
            return _add_text_index(session, kind, lock, digest)
    if stored != digest:
        raise MigrationError(
            f"this database stores kind {kind.name!r} with another layout (digest "
            f"{stored[:12]}, code {digest[:12]}): the kind's fields changed; give it a new "
            "name or migrate its table, then record the new digest in record_kinds"
        )
    return False


def _add_text_index(session: Session, kind: Kind[Any], lock: str | None, digest: str) -> bool:
    """Index the text of a kind whose table was created before it declared ``text``."""
    if lock is not None:
        session.execute(lock)
        if stored_digest(session, kind) == digest:  # another process upgraded it first
            return False
    for statement in text_statements(kind, session.dialect):
        session.execute(statement)
    session.execute("UPDATE record_kinds SET digest = ? WHERE name = ?", (digest, kind.name))
    return False
