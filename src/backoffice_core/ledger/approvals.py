"""Maker-checker for journal batches: an approval threshold, submitted and approved batches.

An entity may set an :class:`ApprovalPolicy`: a threshold in the base currency above
which a posting (``post``, ``post_many`` or ``import_entries``, one call being one
batch) is refused with :class:`~backoffice_core.ledger.ApprovalRequiredError`. Such a
batch is instead :meth:`BatchApprovals.submit`-ted: validated and stored as a
:class:`JournalBatch` (record kind ``ledger.batch``). Another actor
:meth:`~BatchApprovals.approve`-s it, which posts its entries in the same unit of work,
or :meth:`~BatchApprovals.reject`-s it; whoever submitted a batch can never approve it.
The policy (kind ``ledger.approval_policy``) and every batch are stored records, so
each change is audited.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

import attrs
from pydantic import BaseModel, ConfigDict, Field

from backoffice_core.context import Context, UnitOfWork
from backoffice_core.errors import (
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    StateError,
)
from backoffice_core.ids import new_id
from backoffice_core.ledger.arguments import as_entry_id, check_text
from backoffice_core.ledger.errors import ApprovalRequiredError
from backoffice_core.ledger.journal import PostedEntry
from backoffice_core.ledger.models import EntryDraft
from backoffice_core.ledger.ports import LedgerStore
from backoffice_core.ledger.posting import PendingEntry, raw_entry
from backoffice_core.money import Money
from backoffice_core.records import Kind

__all__ = [
    "APPROVAL_POLICY",
    "BATCHES",
    "POLICY_KEY",
    "ApprovalPolicy",
    "BatchApprovals",
    "BatchStatus",
    "JournalBatch",
    "check_batch",
]

POLICY_KEY = "policy"
"""The key of the one approval-policy record of an entity."""


class ApprovalPolicy(BaseModel):
    """When a journal batch needs a second person.

    Args:
        threshold: A batch whose debits, in the base currency, add up to more than this
            must be submitted and approved by another actor.
        exempt_sources: Entries whose source starts with one of these prefixes do not
            count (for example ``"payroll.run/"``: payroll approves its runs
            maker-checker itself before it posts them).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    threshold: Money
    exempt_sources: tuple[str, ...] = ()


class BatchStatus(enum.StrEnum):
    """Where a submitted batch stands."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class JournalBatch(BaseModel):
    """A batch of journal entries submitted for approval.

    Args:
        id: The batch id.
        entries: The drafts, each with its id settled.
        total: The sum of their debits in the base currency.
        submitted_by: Who prepared and submitted it.
        submitted_at: When.
        status: Pending, approved or rejected.
        decided_by: Who approved or rejected it.
        decided_at: When.
        reason: Why it was rejected (or a note on the approval).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    entries: tuple[EntryDraft, ...] = Field(min_length=1)
    total: Money
    submitted_by: str
    submitted_at: datetime
    status: BatchStatus = BatchStatus.PENDING
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str = ""


APPROVAL_POLICY: Kind[ApprovalPolicy] = Kind(
    "ledger.approval_policy", ApprovalPolicy, key=lambda _: POLICY_KEY
)
"""The entity's approval policy (one record, key ``"policy"``)."""

BATCHES: Kind[JournalBatch] = Kind(
    "ledger.batch", JournalBatch, key=lambda b: b.id, indexed=("status", "submitted_by")
)
"""Journal batches submitted for approval."""


def _debits(entries: Iterable[PostedEntry], exempt: tuple[str, ...]) -> int:
    return sum(
        units
        for entry in entries
        if not (entry.source and exempt and entry.source.startswith(exempt))
        for _, _, _, units, *_ in entry.lines
        if units > 0
    )


def check_batch(
    uow: UnitOfWork, store: LedgerStore, entries: Sequence[PostedEntry], base: str
) -> None:
    """Refuse ``entries`` (about to be posted as one batch) if they need approval.

    Books that hold no policy are not read (``store.has_record``), so an application
    role without the policy's table posts as before, in as many round trips.

    Raises:
        ApprovalRequiredError: If a policy is set and their debits exceed its threshold.
    """
    if not entries or not store.has_record(APPROVAL_POLICY, POLICY_KEY):
        return
    stored = uow.records(APPROVAL_POLICY).get(POLICY_KEY)
    if stored is None:
        return
    policy = stored.record
    total = _debits(entries, policy.exempt_sources)
    if total > policy.threshold.to_minor():
        ids = ", ".join(e.id for e in entries[:3]) + (", …" if len(entries) > 3 else "")
        raise ApprovalRequiredError(
            f"batch of {len(entries)} entries ({ids}) totals {Money.from_minor(total, base)}, "
            f"above the approval threshold {policy.threshold}: submit it with "
            "ledger.approvals.submit(...) for another person to approve"
        )


Post = Callable[[list[PendingEntry]], list[PostedEntry]]
Check = Callable[[list[EntryDraft]], list[PostedEntry]]


@attrs.define
class BatchApprovals:
    """The approval threshold of journal batches and the batches awaiting a checker.

    Reached as ``office.ledger.approvals``.

    Args:
        context: Actor, authorizer and clock.
        uow: Where policies and batches are stored.
        base_currency: The books' base currency.
        prepare: Validates drafts as a posting would, without writing.
        post: Posts validated entries past the threshold (an approved batch).
    """

    _context: Context
    _uow: UnitOfWork
    _base_currency: str
    _prepare: Check
    _post: Post

    def policy(self) -> ApprovalPolicy | None:
        """Return the entity's approval policy, or None when postings need no approval."""
        stored = self._uow.records(APPROVAL_POLICY).get(POLICY_KEY)
        return None if stored is None else stored.record

    def set_policy(self, threshold: Money, *, exempt_sources: Iterable[str] = ()) -> ApprovalPolicy:
        """Require approval for batches whose debits exceed ``threshold``.

        Args:
            threshold: In the base currency; zero or more.
            exempt_sources: Source prefixes whose entries do not count.

        Raises:
            InvalidInputError: If the threshold is not Money in the base currency, is
                negative, or a prefix is not a non-blank string.
            PermissionDeniedError: If the actor may not ``ledger.approval_policy.set``.
        """
        if not isinstance(threshold, Money) or threshold.currency != self._base_currency:
            raise InvalidInputError(
                f"approval threshold {threshold!r} must be Money in {self._base_currency}"
            )
        if threshold.amount < 0:
            raise InvalidInputError(f"approval threshold {threshold} must be zero or more")
        prefixes = [exempt_sources] if isinstance(exempt_sources, str) else list(exempt_sources)
        for prefix in prefixes:
            if not isinstance(prefix, str) or not prefix.strip():
                raise InvalidInputError(f"exempt source prefix {prefix!r} must be non-blank text")
        threshold.to_minor()  # more decimals than the currency has: refused here
        policy = ApprovalPolicy(threshold=threshold, exempt_sources=tuple(prefixes))
        self._context.authorize("ledger.approval_policy.set", POLICY_KEY)
        with self._uow.transaction():
            store = self._uow.records(APPROVAL_POLICY)
            stored = store.get(POLICY_KEY)
            if stored is None:
                store.add([policy])
            elif stored.record != policy:
                store.replace(policy, expected_version=stored.version, action="set")
        return policy

    def clear_policy(self) -> None:
        """Remove the threshold: postings need no approval (audited as a policy change).

        The record stays, with a threshold no batch can exceed.

        Raises:
            PermissionDeniedError: If the actor may not ``ledger.approval_policy.set``.
        """
        self._context.authorize("ledger.approval_policy.set", POLICY_KEY)
        with self._uow.transaction():
            store = self._uow.records(APPROVAL_POLICY)
            stored = store.get(POLICY_KEY)
            if stored is not None:
                unlimited = Money.from_minor(2**62, self._base_currency)
                store.replace(
                    ApprovalPolicy(threshold=unlimited), expected_version=stored.version,
                    action="cleared",
                )  # fmt: skip

    def submit(self, drafts: Iterable[EntryDraft], *, id: str | None = None) -> JournalBatch:
        """Validate a batch of entries as a posting would and store it for approval.

        Args:
            drafts: The entries; a draft without an id gets one now, so that the
                approval posts exactly what was submitted.
            id: The batch id (a new one by default).

        Raises:
            InvalidInputError: As ``Ledger.post`` (nothing is stored), or no drafts.
            DuplicateIdError: If an entry id is posted already with other content, or
                the batch id is taken.
            PermissionDeniedError: If the actor may not ``ledger.batch.submit``.
        """
        items = list(drafts) if not isinstance(drafts, EntryDraft) else [drafts]
        bad = [d for d in items if not isinstance(d, EntryDraft)]
        if bad:
            raise InvalidInputError(f"draft {bad[0]!r:.80} is not an EntryDraft")
        if not items:
            raise InvalidInputError("a batch needs at least one entry: pass EntryDrafts")
        settled = [d if d.id else d.model_copy(update={"id": new_id()}) for d in items]
        batch_id = new_id() if id is None else as_entry_id(id, "batch id")
        assert batch_id is not None  # as_entry_id keeps a given id
        entries = self._prepare(settled)
        batch = JournalBatch(
            id=batch_id,
            entries=tuple(settled),
            total=Money.from_minor(_debits(entries, ()), self._base_currency),
            submitted_by=self._context.actor,
            submitted_at=self._context.clock(),
        )
        self._context.authorize("ledger.batch.submit", batch_id)
        with self._uow.transaction():
            self._uow.records(BATCHES).add([batch])
        return batch

    def batch(self, batch_id: str) -> JournalBatch:
        """Return a submitted batch.

        Raises:
            NotFoundError: If no batch has that id.
        """
        stored = self._uow.records(BATCHES).get(batch_id)
        if stored is None:
            raise NotFoundError(f"no journal batch {batch_id!r}: list them with batches()")
        return stored.record

    def batches(self, status: BatchStatus | str | None = None) -> list[JournalBatch]:
        """Return the submitted batches, oldest first, optionally of one status.

        Raises:
            InvalidInputError: If the status is not pending, approved or rejected.
        """
        where = None
        if status is not None:
            try:
                where = {"status": BatchStatus(status)}
            except ValueError:
                raise InvalidInputError(
                    f"batch status {status!r} is not pending, approved or rejected"
                ) from None
        out, cursor = [], None
        store = self._uow.records(BATCHES)
        while True:
            page = store.find(where, order_by=("key",), limit=500, cursor=cursor)
            out += [s.record for s in page.items]
            cursor = page.next_cursor
            if cursor is None:
                return sorted(out, key=lambda b: (b.submitted_at, b.id))

    def approve(self, batch_id: str, *, note: str = "") -> JournalBatch:
        """Approve a pending batch and post its entries, together or not at all.

        The entries are posted by the approver (their ``posted_by``), each asked of the
        authorizer as ``ledger.entry.post``.

        Raises:
            NotFoundError: If no batch has that id.
            StateError: If the batch is not pending.
            PermissionDeniedError: If the approver submitted the batch, or may not
                ``ledger.batch.approve`` or post its entries.
            InvalidInputError: If an entry no longer posts (a closed period, an account
                deactivated since); the batch stays pending.
        """
        return self._decide(batch_id, BatchStatus.APPROVED, note)

    def reject(self, batch_id: str, reason: str) -> JournalBatch:
        """Reject a pending batch: nothing is posted.

        Raises:
            NotFoundError: If no batch has that id.
            StateError: If the batch is not pending.
            InvalidInputError: If the reason is blank.
            PermissionDeniedError: If the actor may not ``ledger.batch.reject``.
        """
        if not isinstance(reason, str) or not reason.strip():
            raise InvalidInputError(f"rejecting batch {batch_id!r} needs a reason, not {reason!r}")
        return self._decide(batch_id, BatchStatus.REJECTED, reason)

    def _decide(self, batch_id: str, status: BatchStatus, reason: str) -> JournalBatch:
        if not isinstance(reason, str):
            raise InvalidInputError(f"note {reason!r} on batch {batch_id!r} must be text")
        check_text(reason, f"note on batch {batch_id!r}")
        verb = "approve" if status is BatchStatus.APPROVED else "reject"
        actor = self._context.actor
        with self._uow.transaction():
            store = self._uow.records(BATCHES)
            stored = store.get(batch_id)
            if stored is None:
                raise NotFoundError(f"no journal batch {batch_id!r}: list them with batches()")
            batch = stored.record
            if batch.status is not BatchStatus.PENDING:
                raise StateError(
                    f"journal batch {batch_id!r} is {batch.status.value} already, by "
                    f"{batch.decided_by}: submit a new batch"
                )
            if status is BatchStatus.APPROVED and batch.submitted_by == actor:
                raise PermissionDeniedError(
                    f"{actor!r} submitted journal batch {batch_id!r} and cannot approve it: "
                    "another person must"
                )
            self._context.authorize(f"ledger.batch.{verb}", batch_id)
            if status is BatchStatus.APPROVED:
                self._post([raw_entry(d, d.id or "") for d in batch.entries])
            decided = batch.model_copy(
                update={
                    "status": status,
                    "decided_by": actor,
                    "decided_at": self._context.clock(),
                    "reason": reason,
                }
            )
            store.replace(decided, expected_version=stored.version, action=status.value)
        return decided
