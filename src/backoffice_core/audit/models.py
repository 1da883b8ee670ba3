"""Audit data: one :class:`AuditRecord` per state change, and the verification result."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

__all__ = ["AuditRecord", "Verification"]


class AuditRecord(BaseModel):
    """One link of an entity's audit chain.

    Args:
        seq: Position in the entity's chain, from 1, without gaps.
        entity: The legal entity whose records changed.
        actor: Who made the change.
        at: When the transaction that made it committed (UTC).
        action: What happened, such as ``"ledger.entry.posted"``.
        subject: The id of the changed record.
        digest: SHA-256 of the canonical JSON of the new state.
        prev_hash: The ``hash`` of the previous record (64 zeros for the first).
        hash: SHA-256 over the canonical JSON of every field above.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    seq: int
    entity: str
    actor: str
    at: datetime
    action: str
    subject: str
    digest: str
    prev_hash: str
    hash: str


class Verification(BaseModel):
    """The outcome of :meth:`AuditTrail.verify`.

    Args:
        ok: True when every record links to the one before and hashes correctly.
        checked: How many records were read.
        head: The hash of the last record read (64 zeros for an empty chain).
        broken_seq: The sequence number of the first broken or missing record.
        reason: What is wrong with that record.
    """

    model_config = ConfigDict(frozen=True)

    ok: bool
    checked: int
    head: str
    broken_seq: int | None = None
    reason: str = ""

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        if self.ok:
            return f"audit chain intact: {self.checked} records, head {self.head[:16]}…"
        return f"audit chain broken at record {self.broken_seq}: {self.reason}"
