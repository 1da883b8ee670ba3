"""The audit store over SQL: :class:`SQLAuditStore`, shared by SQLite and PostgreSQL.

Records are append-only rows keyed by (entity, seq). The unit of work appends them at
commit, after the backend has taken the entity's write lock (SQLite's ``BEGIN
IMMEDIATE``, PostgreSQL's per-entity advisory lock), so reading the head and appending
after it cannot interleave with another writer: the chain cannot fork. Should it ever
be tried, the primary key refuses a second record with the same ``seq``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from backoffice_core.audit.models import AuditRecord

if TYPE_CHECKING:
    from backoffice_core.storage.sql.backend import SQLBackend

__all__ = ["SQLAuditStore"]

_COLS = ("entity", "seq", "actor", "at", "action", "subject", "digest", "prev_hash", "hash")
_SELECT = f"SELECT {', '.join(_COLS)} FROM audit_records WHERE entity = ?"
_PAGE = 1000


class SQLAuditStore:
    """One entity's audit chain in a SQL database (see ``AuditStore``).

    Args:
        backend: The SQL backend whose sessions and transaction it uses.
        entity: The legal entity whose chain it reads and extends.
    """

    def __init__(self, backend: SQLBackend, entity: str) -> None:
        self._backend = backend
        self.entity = entity

    def _records(self, sql: str, params: Sequence[Any]) -> list[AuditRecord]:
        ts_out = self._backend.dialect.ts_out
        with self._backend.session(self.entity) as session:
            rows = session.query(sql, (self.entity, *params))
        return [
            AuditRecord(
                entity=entity, seq=int(seq), actor=actor, at=ts_out(at), action=action,
                subject=subject, digest=digest, prev_hash=prev_hash, hash=hash_,
            )
            for entity, seq, actor, at, action, subject, digest, prev_hash, hash_ in rows
        ]  # fmt: skip

    def head(self) -> AuditRecord | None:
        """Return the latest record, or None for an empty chain."""
        records = self._records(f"{_SELECT} ORDER BY seq DESC LIMIT 1", ())
        return records[0] if records else None

    def append(self, records: Sequence[AuditRecord]) -> None:
        """Append records that extend the chain (called by the unit of work only)."""
        ts_in = self._backend.dialect.ts_in
        rows = [
            (self.entity, r.seq, r.actor, ts_in(r.at), r.action, r.subject, r.digest,
             r.prev_hash, r.hash)
            for r in records
        ]  # fmt: skip
        with self._backend.session(self.entity, write=True) as session:
            session.bulk_insert(
                "audit_records",
                _COLS,
                rows,
                conflict=f"the audit chain of {self.entity!r} was extended concurrently",
            )

    def iter_records(self, after_seq: int = 0) -> Iterator[AuditRecord]:
        """Yield records with ``seq > after_seq`` in sequence order, a page per query."""
        while True:
            page = self._records(f"{_SELECT} AND seq > ? ORDER BY seq LIMIT {_PAGE}", (after_seq,))
            yield from page
            if len(page) < _PAGE:
                return
            after_seq = page[-1].seq
