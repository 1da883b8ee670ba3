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
from backoffice_core.record_bodies import canonical_text

__all__ = ["GENESIS", "canonical_json", "digest", "extend", "record_hash", "stored_hash"]

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


def stored_hash(record: AuditRecord) -> str:
    """Return the hash ``record`` must carry: :func:`record_hash` over its other fields.

    The same text as ``record_hash(record.model_dump(exclude={"hash"}))``, built
    directly from the record's fields (every one a string or an integer once ``at`` is
    in ISO form), for verification, which computes it once per record of the chain.
    """
    fields = {
        "action": record.action,
        "actor": record.actor,
        "at": record.at.isoformat(),
        "digest": record.digest,
        "entity": record.entity,
        "prev_hash": record.prev_hash,
        "seq": record.seq,
        "subject": record.subject,
    }
    return hashlib.sha256(canonical_text(fields).encode()).hexdigest()


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
