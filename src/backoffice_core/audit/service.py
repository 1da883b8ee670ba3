"""Reading and verifying the audit trail: :class:`AuditTrail`.

Records are appended by the storage backend's unit of work, never by this service;
this service reads them, verifies the chain, proves the stored records against it
through each domain's :class:`~backoffice_core.audit.Coverage`, and hands out the head
hash that a user can keep elsewhere (an :class:`~backoffice_core.audit.AnchorFile`) to
detect a rewritten or truncated history.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs

from backoffice_core.audit.anchor import AnchoredHead, AnchorFile
from backoffice_core.audit.chain import GENESIS, stored_hash
from backoffice_core.audit.coverage import Coverage, CoverageCheck, Discrepancy
from backoffice_core.audit.models import AuditRecord, Verification
from backoffice_core.audit.ports import AuditStore
from backoffice_core.collector import paused_gc
from backoffice_core.errors import IntegrityError, InvalidInputError

__all__ = ["AuditTrail"]


class _BrokenError(Exception):
    """Ends a verification run with the first problem found."""

    def __init__(self, seq: int | None, reason: str, record: str = "") -> None:
        super().__init__(reason)
        self.seq, self.reason, self.record = seq, reason, record


@attrs.define
class _Run:
    """One verification: reads the chain once, checks links, feeds the coverages."""

    store: AuditStore
    checks: list[tuple[tuple[str, ...], CoverageCheck]]
    anchored: AnchoredHead | None
    expected_head: str | None
    count: int = 0
    prev: str = GENESIS
    last: AuditRecord | None = None
    found_expected: bool = False

    def read(self) -> int:
        """Read and check every record after the last one read; return how many."""
        before = self.count
        for record in self.store.iter_records(self.count):
            self._link(record)
            for prefixes, check in self.checks:
                if record.action.startswith(prefixes):
                    self._raise(check.see(record))
        return self.count - before

    def _link(self, record: AuditRecord) -> None:
        expected = self.count + 1
        if record.seq != expected:
            raise _BrokenError(expected, f"record {expected} is missing")
        if record.prev_hash != self.prev:
            raise _BrokenError(
                record.seq, "its prev_hash does not match the hash of the record before"
            )
        if stored_hash(record) != record.hash:
            raise _BrokenError(record.seq, "its content does not match its hash (it was altered)")
        anchored = self.anchored
        if anchored is not None and record.seq == anchored.seq and record.hash != anchored.hash:
            raise _BrokenError(
                record.seq,
                f"its hash {record.hash} differs from the anchored head {anchored.hash}: the "
                "chain was rewritten up to here",
            )
        self.count, self.prev, self.last = record.seq, record.hash, record
        self.found_expected = self.found_expected or record.hash == self.expected_head

    @staticmethod
    def _raise(found: Discrepancy | None) -> None:
        if found is not None:
            raise _BrokenError(found.seq, found.reason, found.record)


@attrs.define
class AuditTrail:
    """One entity's audit trail.

    Args:
        store: The entity's audit store.
        coverages: The stored records :meth:`verify` proves against the chain, one
            :class:`~backoffice_core.audit.Coverage` per domain (the office gives the
            ledger's; none checks the chain alone).
        entity: The entity, used to find its head in an anchor file.
    """

    _store: AuditStore
    _coverages: Sequence[Coverage] = ()
    _entity: str = ""

    def head(self) -> str:
        """Return the hash of the latest record (64 zeros while the chain is empty)."""
        record = self._store.head()
        return record.hash if record else GENESIS

    def records(self, after_seq: int = 0, *, action_prefix: str = "") -> Iterator[AuditRecord]:
        """Yield the records after ``after_seq``, oldest first.

        Args:
            after_seq: Only records after this sequence number.
            action_prefix: Only records whose action starts with this text, such as
                ``"ledger.period."`` (the store filters, so a long chain is not read
                whole to find a few records).

        Raises:
            InvalidInputError: If ``action_prefix`` is not a string.
        """
        if not isinstance(action_prefix, str):
            raise InvalidInputError(f"action_prefix {action_prefix!r} must be a string")
        if not action_prefix:  # a store of one's own may take only after_seq
            return self._store.iter_records(after_seq)
        return self._store.iter_records(after_seq, action_prefix)

    def verify(
        self,
        expected_head: str | None = None,
        *,
        anchor: AnchorFile | Path | str | None = None,
        update_anchor: bool = False,
    ) -> Verification:
        """Check the chain and prove the stored records against it, streaming.

        Checks every link of the chain, then hands each record to the coverage of its
        domain, which re-derives the stored record's digest (for the ledger: every
        entry's fingerprint from its stored lines) and compares; finally every
        coverage checks that each stored record is covered by the chain. The first
        disagreement is named. Run it outside a transaction: writes not yet committed
        are not in the chain yet.

        Args:
            expected_head: A head hash kept elsewhere earlier; verification fails if
                that hash no longer appears in the chain (history was rewritten).
            anchor: An anchor file (or its path): the chain must hold the anchored
                record unchanged and reach at least that far.
            update_anchor: After a successful verification, write the head to
                ``anchor``.

        A stored value that cannot even be read (a date that is no date) makes the
        verification fail too, with ``record`` "a stored row" and the reason naming it.

        Raises:
            IntegrityError: If the anchor file is not an anchor file.
            StorageError: If the anchor file cannot be read or written.
        """
        file = AnchorFile(anchor) if isinstance(anchor, Path | str) else anchor
        entity = self._entity or (head.entity if (head := self._store.head()) else "")
        anchored = file.read(entity) if file is not None else None
        checks = [(tuple(c.prefixes), c.start()) for c in self._coverages]
        run = _Run(self._store, checks, anchored, expected_head)
        with paused_gc():  # a whole journal of short-lived rows, no cycles
            try:
                run.read()
                if anchored is not None and run.count < anchored.seq:
                    raise _BrokenError(
                        run.count + 1,
                        f"the chain ends at record {run.count} but the anchor holds record "
                        f"{anchored.seq}: its tail was cut off",
                    )
                if expected_head not in (None, GENESIS) and not run.found_expected:
                    raise _BrokenError(
                        run.count + 1, f"the kept head {expected_head} is not in the chain"
                    )
                for _, check in checks:
                    run._raise(check.finish(run.read))
            except IntegrityError as exc:
                # A stored value that cannot even be read: the row was changed by hand.
                return Verification(
                    ok=False,
                    checked=run.count,
                    head=run.prev,
                    reason=str(exc),
                    record="a stored row",
                )
            except _BrokenError as broken:
                return Verification(
                    ok=False,
                    checked=run.count,
                    head=run.prev,
                    broken_seq=broken.seq,
                    reason=broken.reason,
                    record=broken.record,
                )
        if file is not None and update_anchor and run.last is not None:
            file.write(run.last)
        return Verification(ok=True, checked=run.count, head=run.prev)
