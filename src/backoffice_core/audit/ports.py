"""What the audit trail needs from storage: the :class:`AuditStore` protocol."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from backoffice_core.audit.models import AuditRecord

__all__ = ["AuditStore"]


class AuditStore(Protocol):
    """Append-only storage of one entity's audit chain."""

    def head(self) -> AuditRecord | None:
        """Return the latest record, or None for an empty chain."""
        ...

    def append(self, records: Sequence[AuditRecord]) -> None:
        """Append records that extend the chain (called by the unit of work only)."""
        ...

    def iter_records(self, after_seq: int = 0, action_prefix: str = "") -> Iterator[AuditRecord]:
        """Yield records with ``seq > after_seq`` in sequence order.

        Args:
            after_seq: Only records after this sequence number.
            action_prefix: Only records whose action starts with this text (the
                store filters; empty: every record).
        """
        ...
