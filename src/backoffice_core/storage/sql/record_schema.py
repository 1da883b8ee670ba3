"""The table of a record kind: derived from the kind, created by a migration of its own.

A :class:`~backoffice_core.records.Kind` declares its indexed and totalled fields; its
table is ``entity, record_key, version, model_version, body`` plus one typed column per
field (``f_<name>``, and ``f_<name>__ccy`` for the currency of a Money total), keyed by
``(entity, record_key)``, with an index per indexed field (but those the kind declares
``unindexed``: their column is filtered through other indexes). Text columns compare bytewise
(``COLLATE "C"`` on PostgreSQL, SQLite's default), so ordering and cursors agree on
every backend.

A kind that declares ``rollups`` also gets one covering index per rollup (see
:mod:`~backoffice_core.storage.sql.rollup_index`), and one that declares ``text`` a
full-text index (see :mod:`~backoffice_core.storage.sql.text_index`).

The statements are a pure function of the kind. The first time a database meets a
kind they run once, under the migration lock, and ``record_kinds`` keeps their digest:
a later run whose kind declares another layout raises MigrationError instead of
reading a table of another shape. So a database created before a kind existed and one
created after end with the same schema.
"""

from __future__ import annotations

import hashlib
import itertools
from typing import TYPE_CHECKING, Any

from backoffice_core.errors import MigrationError
from backoffice_core.records import Kind, Rollup
from backoffice_core.storage.sql.dialect import Dialect
from backoffice_core.storage.sql.rollup_index import rollup_statements
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
        if name in kind.unindexed:
            continue  # numbered by place all the same: the other indexes keep their names
        # The key last: an equality filter ordered by key reads the index in order.
        out.append(f"CREATE INDEX {table}_i{i} ON {table} (entity, f_{name}, record_key)")
    out += dialect.row_security([table])
    return out


def kind_digest(kind: Kind[Any], dialect: Dialect) -> str:
    """Return the SHA-256 of the statements that create ``kind``'s table on ``dialect``.

    For a kind that declares ``text`` they include its full-text index (see
    :mod:`~backoffice_core.storage.sql.text_index`), and for one that declares
    ``rollups`` their covering indexes; for any other kind they are the table's
    statements alone, so its digest is what it was before either existed.
    """
    return _digest(_layout(kind, dialect))


def _layout(
    kind: Kind[Any],
    dialect: Dialect,
    *,
    text: bool = True,
    rollups: tuple[Rollup, ...] | None = None,
) -> list[str]:
    return [
        *kind_statements(kind, dialect),
        *(text_statements(kind, dialect) if text else []),
        *rollup_statements(kind, dialect, rollups),
    ]


def _digest(statements: list[str]) -> str:
    return hashlib.sha256("\n".join(statements).encode()).hexdigest()


def _earlier(
    kind: Kind[Any], dialect: Dialect, stored: str
) -> tuple[bool, tuple[Rollup, ...]] | None:
    """Return which of the kind's indexes a stored layout lacks, if it is an earlier one.

    An earlier layout is the kind's own table without its full-text index or without
    some of its rollups (the kind gained them since): returns ``(text missing, rollups
    missing)``, or None if ``stored`` is no such layout.
    """
    texts = (True, False) if kind.text else (True,)
    for text in texts:
        for size in range(len(kind.rollups), -1, -1):
            for kept in itertools.combinations(kind.rollups, size):
                if _digest(_layout(kind, dialect, text=text, rollups=kept)) == stored:
                    missing = tuple(r for r in kind.rollups if r not in kept)
                    return not text, missing
    return None


def stored_digest(session: Session, kind: Kind[Any]) -> str | None:
    """Return the layout digest the database recorded for ``kind``, or None (a read)."""
    rows = session.query("SELECT digest FROM record_kinds WHERE name = ?", (kind.name,))
    return str(rows[0][0]) if rows else None


def ensure_kind(session: Session, kind: Kind[Any], lock: str | None) -> bool:
    """Create ``kind``'s table if this database has never met the kind.

    A kind that gained ``text`` or ``rollups`` since its table was created gets its
    full-text index or rollup indexes now, over the rows already stored.

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
    if stored != digest:
        earlier = _earlier(kind, session.dialect, stored)
        if earlier is not None:
            _add_indexes(session, kind, lock, digest, *earlier)
            return False
        raise MigrationError(
            f"this database stores kind {kind.name!r} with another layout (digest "
            f"{stored[:12]}, code {digest[:12]}): the kind's fields changed; give it a new "
            "name or migrate its table, then record the new digest in record_kinds"
        )
    return False


def _add_indexes(
    session: Session,
    kind: Kind[Any],
    lock: str | None,
    digest: str,
    text: bool,
    rollups: tuple[Rollup, ...],
) -> None:
    """Add the full-text index and rollup indexes a kind gained since its table exists."""
    if lock is not None:
        session.execute(lock)
        if stored_digest(session, kind) == digest:  # another process upgraded it first
            return
    if text:
        for statement in text_statements(kind, session.dialect):
            session.execute(statement)
    if rollups:
        for statement in rollup_statements(kind, session.dialect, rollups):
            session.execute(statement)
    session.execute("UPDATE record_kinds SET digest = ? WHERE name = ?", (digest, kind.name))
