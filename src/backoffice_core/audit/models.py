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
        at: When the change was made, by the acting context's clock (UTC); for a
            journal entry, its ``posted_at``.
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
        ok: True when every record links to the one before and hashes correctly,
            and every stored record a coverage checks agrees with the chain.
        checked: How many records were read.
        head: The hash of the last record read (64 zeros for an empty chain).
        broken_seq: The sequence number of the first broken or missing record, or of
            the audit record a disagreeing stored record was checked against (None
            when the stored record is covered by no audit record).
        reason: What is wrong.
        record: The stored record or row that disagrees with the chain, such as
            ``"entry 'rent-01'"`` (empty when the chain itself is broken).
    """

    model_config = ConfigDict(frozen=True)

    ok: bool
    checked: int
    head: str
    broken_seq: int | None = None
    reason: str = ""
    record: str = ""

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        if self.ok:
            return f"audit chain intact: {self.checked} records, head {self.head[:16]}…"
        if self.record:
            at = f" (audit record {self.broken_seq})" if self.broken_seq else ""
            return f"{self.record} disagrees with the audit chain{at}: {self.reason}"
        return f"audit chain broken at record {self.broken_seq}: {self.reason}"
