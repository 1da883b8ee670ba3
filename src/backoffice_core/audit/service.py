"""Reading and verifying the audit trail: :class:`AuditTrail`.

Records are appended by the storage backend's unit of work, never by this service;
this service reads them, verifies the chain, and hands out the head hash that a user
can keep elsewhere to detect a rewritten history.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from backoffice_core.audit.chain import GENESIS, record_hash
from backoffice_core.audit.models import AuditRecord, Verification
from backoffice_core.audit.ports import AuditStore

__all__ = ["AuditTrail"]


@attrs.define
class AuditTrail:
    """One entity's audit trail.

    Args:
        store: The entity's audit store.
    """

    _store: AuditStore

    def head(self) -> str:
        """Return the hash of the latest record (64 zeros while the chain is empty)."""
        record = self._store.head()
        return record.hash if record else GENESIS

    def records(self, after_seq: int = 0) -> Iterator[AuditRecord]:
        """Yield the records after ``after_seq``, oldest first."""
        return self._store.iter_records(after_seq)

    def verify(self, expected_head: str | None = None) -> Verification:
        """Check every link of the chain and name the first broken or missing record.

        Args:
            expected_head: A head hash kept elsewhere earlier; verification fails if
                that hash no longer appears in the chain (history was rewritten).
        """
        prev = GENESIS
        count = 0
        seen_expected = expected_head is None or expected_head == GENESIS
        for record in self._store.iter_records():
            count += 1
            if record.seq != count:
                return self._broken(count - 1, prev, count, f"record {count} is missing")
            if record.prev_hash != prev:
                reason = "its prev_hash does not match the hash of the record before"
                return self._broken(count - 1, prev, record.seq, reason)
            computed = record_hash(record.model_dump(exclude={"hash"}))
            if computed != record.hash:
                reason = "its content does not match its hash (it was altered)"
                return self._broken(count - 1, prev, record.seq, reason)
            prev = record.hash
            seen_expected = seen_expected or record.hash == expected_head
        if not seen_expected:
            return self._broken(
                count, prev, count + 1, f"the kept head {expected_head} is not in the chain"
            )
        return Verification(ok=True, checked=count, head=prev)

    @staticmethod
    def _broken(checked: int, head: str, seq: int, reason: str) -> Verification:
        return Verification(ok=False, checked=checked, head=head, broken_seq=seq, reason=reason)
