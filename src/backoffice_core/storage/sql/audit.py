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
from backoffice_core.prebuilt import assemble

if TYPE_CHECKING:
    from backoffice_core.storage.sql.backend import SQLBackend
    from backoffice_core.storage.sql.dialect import Dialect

__all__ = ["HEAD", "SQLAuditStore", "cache_head"]

_COLS = ("entity", "seq", "actor", "at", "action", "subject", "digest", "prev_hash", "hash")
_SELECT = f"SELECT {', '.join(_COLS)} FROM audit_records WHERE entity = ?"
_PAGE = 1000
HEAD = f"{_SELECT} ORDER BY seq DESC LIMIT 1"
"""The query of an entity's latest audit record (one parameter: the entity)."""


def _record(dialect: Dialect, row: Sequence[Any]) -> AuditRecord:
    entity, seq, actor, at, action, subject, digest, prev_hash, hash_ = row
    values = {
        "seq": seq, "entity": entity, "actor": actor, "at": dialect.ts_out(at),
        "action": action, "subject": subject, "digest": digest, "prev_hash": prev_hash,
        "hash": hash_,
    }  # fmt: skip
    # Verification reads every record: a row of exactly the stored types is built
    # without validating it again; anything else is validated (and refused) as usual.
    str_ = str
    if (
        type(seq) is int and type(entity) is str_ and type(actor) is str_
        and type(action) is str_ and type(subject) is str_ and type(digest) is str_
        and type(prev_hash) is str_ and type(hash_) is str_
    ):  # fmt: skip
        return assemble(AuditRecord, values)
    return AuditRecord.model_validate(values)


def cache_head(backend: SQLBackend, entity: str, rows: Sequence[Sequence[Any]]) -> None:
    """Keep the result of :data:`HEAD`, read under the entity's write lock, until commit.

    The unit of work reads the head again at commit to extend the chain; while the
    transaction holds the entity's lock no one else can move it, so that read is
    saved (one round trip less on PostgreSQL).
    """
    backend.tx_cache[(HEAD, entity)] = _record(backend.dialect, rows[0]) if rows else None


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
        with self._backend.session(self.entity) as session:
            rows = session.query(sql, (self.entity, *params))
        return [_record(self._backend.dialect, row) for row in rows]

    def head(self) -> AuditRecord | None:
        """Return the latest record, or None for an empty chain."""
        key = (HEAD, self.entity)
        if self._backend.in_transaction and key in self._backend.tx_cache:
            cached = self._backend.tx_cache[key]
            assert cached is None or isinstance(cached, AuditRecord)
            return cached
        records = self._records(HEAD, ())
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
        if records:
            self._backend.tx_cache[(HEAD, self.entity)] = records[-1]

    def iter_records(self, after_seq: int = 0, action_prefix: str = "") -> Iterator[AuditRecord]:
        """Yield records with ``seq > after_seq`` in sequence order, a page per query.

        With ``action_prefix`` only the records whose action starts with it are read
        (the database compares; the other rows are never decoded).
        """
        where, params = "", []
        if action_prefix:
            where = f" AND substr(action, 1, {len(action_prefix)}) = ?"
            params = [action_prefix]
        sql = f"{_SELECT} AND seq > ?{where} ORDER BY seq LIMIT {_PAGE}"
        while True:
            page = self._records(sql, (after_seq, *params))
            yield from page
            if len(page) < _PAGE:
                return
            after_seq = page[-1].seq
