"""The hash chain: canonical JSON, state digests and record links.

Every audit record's hash is SHA-256 over the canonical JSON (sorted keys, no
whitespace, UTF-8) of its fields and the previous record's hash, so that changing,
removing or reordering any record breaks every link after it. Storage backends call
:func:`extend` inside the committing transaction, after taking the write lock, so two
writers can never fork the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from backoffice_core.audit.models import AuditRecord
from backoffice_core.context import Change

__all__ = [
    "GENESIS",
    "canonical_json",
    "digest",
    "entry_digest",
    "extend",
    "record_hash",
    "stored_hash",
]

_quote = json.encoder.encode_basestring  # a JSON string as ensure_ascii=False writes it

GENESIS = "0" * 64
"""The ``prev_hash`` of the first record of every chain."""


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"{value!r} ({type(value).__name__}) cannot go into the audit trail")


def canonical_json(value: Any) -> bytes:
    """Return the canonical JSON of ``value``: sorted keys, compact, UTF-8."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default
    ).encode()


def digest(state: Mapping[str, Any]) -> str:
    """Return the SHA-256 hex digest of ``state``'s canonical JSON."""
    return hashlib.sha256(canonical_json(state)).hexdigest()


def record_hash(fields: Mapping[str, Any]) -> str:
    """Return the hash that links a record with these fields to the chain.

    Args:
        fields: Every field of an :class:`AuditRecord` except ``hash`` itself.
    """
    return hashlib.sha256(canonical_json(fields)).hexdigest()


def entry_digest(entry_id: str, fingerprint: str) -> str:
    """Return ``digest({"id": entry_id, "fingerprint": fingerprint})``, written directly.

    The state an entry's audit record pins; verification computes it once per entry,
    so the canonical text is written without the general encoder (``fingerprint`` is
    the hex SHA-256 the ledger computes, ``entry_id`` is escaped as the encoder does).
    """
    text = f'{{"fingerprint":{_quote(fingerprint)},"id":{_quote(entry_id)}}}'
    return hashlib.sha256(text.encode()).hexdigest()


def stored_hash(record: AuditRecord) -> str:
    """Return the hash ``record`` must carry: :func:`record_hash` over its other fields.

    The same text as ``record_hash(record.model_dump(exclude={"hash"}))``, written
    directly: the keys in sorted order, each string escaped as the JSON encoder escapes
    it (``ensure_ascii=False``), ``at`` in ISO form, ``seq`` an integer. Verification
    computes it once per record of the chain.
    """
    text = (
        f'{{"action":{_quote(record.action)},"actor":{_quote(record.actor)},'
        f'"at":{_quote(record.at.isoformat())},"digest":{_quote(record.digest)},'
        f'"entity":{_quote(record.entity)},"prev_hash":{_quote(record.prev_hash)},'
        f'"seq":{int(record.seq)},"subject":{_quote(record.subject)}}}'
    )
    return hashlib.sha256(text.encode()).hexdigest()


def extend(
    head: AuditRecord | None,
    entity: str,
    changes: Sequence[tuple[str, Change]],
    at: datetime,
) -> list[AuditRecord]:
    """Chain ``changes`` (actor, change) after ``head`` and return the new records.

    Args:
        head: The entity's latest record, or None for an empty chain.
        entity: The legal entity.
        changes: The actor and change of each state change, in order.
        at: The time of a change that carries none (changes recorded through a
            context carry its clock's time).
    """
    seq = head.seq if head else 0
    prev = head.hash if head else GENESIS
    records = []
    for actor, change in changes:
        seq += 1
        fields: dict[str, Any] = {
            "seq": seq,
            "entity": entity,
            "actor": actor,
            "at": change.at if change.at is not None else at,
            "action": change.action,
            "subject": change.subject,
            "digest": digest(change.state),
            "prev_hash": prev,
        }
        prev = record_hash(fields)
        records.append(AuditRecord.model_validate({**fields, "hash": prev}))
    return records
