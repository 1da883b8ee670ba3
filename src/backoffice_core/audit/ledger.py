"""Proving the stored ledger against the audit chain: :class:`LedgerCoverage`.

The ledger's :class:`~backoffice_core.audit.Coverage`. During ``verify()`` it walks the
stored journal (:meth:`~backoffice_core.ledger.LedgerStore.iter_stored_entries`, a
stream) side by side with the chain's entry records, which are in the same order
because both are written under the entity's write lock in one transaction. For every
entry it re-derives the fingerprint from the stored lines and fields, and checks it,
the poster and the posting time against the audit record; a bulk record's digest is
recomputed from the stored entries of its range. Settings, accounts, periods and
budgets must equal the state their last audit record pinned. Whatever the store holds
that the chain does not cover, and whatever the chain covers that the store lost, is
named.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from backoffice_core.audit.chain import digest, entry_digest
from backoffice_core.audit.coverage import CatchUp, CoverageCheck, Discrepancy
from backoffice_core.audit.models import AuditRecord
from backoffice_core.ledger.models import EntryKind, Side
from backoffice_core.ledger.ports import LedgerStore, StoredEntry
from backoffice_core.ledger.posting import fingerprint

__all__ = ["LedgerCoverage"]

_BULK = "ledger.entries.posted"
_ENTRY_ACTIONS = {
    "ledger.entry.posted",
    "ledger.entry.reversed",
    "ledger.year.closed",
    "ledger.year.close_reversed",
}
_STATE_ACTIONS = {
    "ledger.books.opened": "settings",
    "ledger.account.added": "account",
    "ledger.account.updated": "account",
    "ledger.period.closed": "period",
    "ledger.period.reopened": "period",
    "ledger.period.locked": "period",
    "ledger.budget.set": "budget",
}
_DEBIT, _CREDIT = Side.DEBIT.value, Side.CREDIT.value
_CLOSING = EntryKind.CLOSING.value
_KINDS = {kind.value: kind for kind in EntryKind}
_ABSENT = ""  # among a subject's accepted digests: the stored record may not exist yet


def _name(kind: str, subject: str) -> str:
    return "ledger settings" if kind == "settings" else f"{kind} {subject!r}"


def _line_problem(entry: StoredEntry) -> str | None:
    """Say how a line row disagrees with its entry row, or None."""
    closing = entry.kind == _CLOSING
    for no, line in enumerate(entry.lines, start=1):
        if line.entry_id != entry.id:
            return f"line {no} names entry {line.entry_id!r}"
        if line.entry_date != entry.date:
            return f"line {no} is dated {line.entry_date}, the entry {entry.date}"
        if line.closing != closing:
            return f"line {no} is marked closing={line.closing} on a {entry.kind} entry"
        if (line.amount > 0 and line.side != _DEBIT) or (line.amount < 0 and line.side != _CREDIT):
            return f"line {no} is a {line.side} of signed amount {line.amount}"
    return None


@attrs.frozen
class LedgerCoverage:
    """The ledger's stored records, provable against the audit chain.

    Args:
        store: The entity's ledger store.
    """

    _store: LedgerStore

    @property
    def prefixes(self) -> tuple[str, ...]:
        """Ledger actions: ``ledger.``."""
        return ("ledger.",)

    def start(self) -> CoverageCheck:
        """Begin one verification run over the stored ledger."""
        return _LedgerCheck(self._store)


class _LedgerCheck:
    """One run: the journal merged with the chain, and the last state of each subject."""

    def __init__(self, store: LedgerStore) -> None:
        self._store = store
        self._journal: Iterator[StoredEntry] = store.iter_stored_entries()
        self._ahead: StoredEntry | None = None
        self._seen = 0  # the posting sequence of the last entry read
        # (kind, subject) -> (last audit seq, digests a stored state may have). After
        # the stored states are read, records committed meanwhile add digests.
        self._states: dict[tuple[str, str], tuple[int, set[str]]] = {}
        self._late = False

    # --- the journal stream -----------------------------------------------------------
    def _peek(self) -> StoredEntry | None:
        if self._ahead is None:
            self._ahead = next(self._journal, None)
            if self._ahead is None:
                # The stream ended when it was read; entries committed since then are
                # read by starting again after the last one seen.
                self._journal = self._store.iter_stored_entries(self._seen)
                self._ahead = next(self._journal, None)
            if self._ahead is not None:
                self._seen = self._ahead.seq
        return self._ahead

    def _next(self) -> StoredEntry | None:
        entry = self._peek()
        self._ahead = None
        return entry

    # --- chain records ----------------------------------------------------------------
    def see(self, record: AuditRecord) -> Discrepancy | None:
        """Check the stored record that ``record`` describes."""
        kind = _STATE_ACTIONS.get(record.action)
        if kind is not None:
            key = (kind, record.subject)
            old = self._states.get(key)
            if not self._late:
                accepted = set()
            elif old is None:
                # First written after the stored states were read: absent is fine too.
                accepted = {_ABSENT}
            else:
                accepted = old[1]
            accepted.add(record.digest)
            self._states[key] = (record.seq, accepted)
            return None
        if record.action == _BULK:
            return self._bulk(record)
        if record.action in _ENTRY_ACTIONS:
            return self._single(record)
        return None

    def _entry(self, entry: StoredEntry, record: AuditRecord) -> tuple[str, Discrepancy | None]:
        """Re-derive ``entry``'s fingerprint and check the entry against ``record``.

        The fast path runs once per entry of the journal: one loop over the lines
        both checks them against the entry row and collects the fingerprint's content.
        """
        kind = _KINDS.get(entry.kind)
        if kind is None or not entry.exists:
            return "", self._problem(entry, record, "", kind)
        eid, on = entry.id, entry.date
        closing = kind is EntryKind.CLOSING
        agree = True
        content = []
        for line in entry.lines:
            amount = line[6]
            if (
                line[0] != eid
                or line[1] != on
                or line[2] != closing
                or (amount > 0 and line[3] != _DEBIT)
                or (amount < 0 and line[3] != _CREDIT)
            ):
                agree = False
            content.append(line[4:])
        fp = fingerprint(on, entry.description, entry.source, entry.memo, kind, entry.reverses,
                         tuple(content))  # fmt: skip
        if (
            agree
            and fp == entry.fingerprint
            and entry.posted_by == record.actor
            and entry.posted_at == record.at
        ):
            return fp, None
        return fp, self._problem(entry, record, fp, kind)

    @staticmethod
    def _problem(
        entry: StoredEntry, record: AuditRecord, fp: str, kind: EntryKind | None
    ) -> Discrepancy:
        """Say what is wrong with an entry that failed the fast path."""
        name = f"entry {entry.id!r}"
        if not entry.exists:
            reason = f"{len(entry.lines)} line row(s) at posting {entry.seq} have no entry row"
            return Discrepancy(f"lines of {name}", reason, record.seq)
        if kind is None:
            return Discrepancy(name, f"its kind {entry.kind!r} is no entry kind", record.seq)
        problem = _line_problem(entry)
        if problem is None and fp != entry.fingerprint:
            problem = (
                "its stored lines and fields do not give its stored fingerprint: a line's "
                "amount, account or date, or the entry's fields, were edited"
            )
        if problem is None and entry.posted_by != record.actor:
            problem = (
                f"posted_by is {entry.posted_by!r} but the audit record's actor is {record.actor!r}"
            )
        if problem is None:
            problem = f"posted_at is {entry.posted_at} but the audit record was made at {record.at}"
        return Discrepancy(name, problem, record.seq)

    def _misplaced(
        self, record: AuditRecord, firsts: list[str], found: StoredEntry | None
    ) -> Discrepancy:
        """Name the entry that breaks the order: audited but gone, or stored unaudited."""
        if found is not None and self._store.get_fingerprints(firsts):
            return Discrepancy(
                f"entry {found.id!r}",
                f"it is in the store at posting {found.seq} but no audit record covers it "
                f"(the chain's next entry record is {record.seq}, for {record.subject!r})",
            )
        return Discrepancy(
            f"entry {record.subject!r}"
            if record.action != _BULK
            else f"entries {record.subject!r}",
            f"audit record {record.seq} covers it but it is missing from the store",
            record.seq,
        )

    def _single(self, record: AuditRecord) -> Discrepancy | None:
        entry = self._next()
        if entry is None or entry.id != record.subject:
            return self._misplaced(record, [record.subject], entry)
        fp, problem = self._entry(entry, record)
        if problem is None and entry_digest(entry.id, fp) != record.digest:
            problem = Discrepancy(
                f"entry {entry.id!r}",
                f"its content (fingerprint {fp}) is not what audit record {record.seq} pinned",
                record.seq,
            )
        return problem

    def _bulk(self, record: AuditRecord) -> Discrepancy | None:
        subject = record.subject
        entry = self._next()
        if entry is None or not subject.startswith(f"{entry.id}.."):
            firsts = [subject[:i] for i in range(len(subject)) if subject.startswith("..", i)]
            return self._misplaced(record, firsts, entry)
        first, last = entry.id, subject[len(entry.id) + 2 :]
        if not self._store.get_fingerprints([last]):
            reason = (
                f"it is the last entry of bulk audit record {record.seq} but missing from the store"
            )
            return Discrepancy(f"entry {last!r}", reason, record.seq)
        listing = hashlib.sha256()
        count = 0
        current: StoredEntry | None = entry
        while current is not None:
            fp, problem = self._entry(current, record)
            if problem is not None:
                return problem
            listing.update(f"{chr(10) if count else ''}{current.id} {fp}".encode())
            count += 1
            if current.id == last:
                break
            current = self._next()
        state = {
            "count": count,
            "first": first,
            "last": last,
            "entries_sha256": listing.hexdigest(),
        }
        if current is None or digest(state) != record.digest:
            return Discrepancy(
                f"entries {subject!r}",
                f"the {count} stored entries of this range are not the ones bulk audit record "
                f"{record.seq} pinned: an entry was removed, inserted or reordered in it",
                record.seq,
            )
        return None

    # --- the end: everything stored must be covered ------------------------------------
    def finish(self, catch_up: CatchUp) -> Discrepancy | None:
        """Check that every stored entry and state is covered by the chain."""
        store = self._store
        settings = store.get_settings()
        stored: list[tuple[str, str, Mapping[str, Any]]] = []
        if settings is not None:
            stored.append(("settings", "", settings.model_dump(mode="json")))
        stored += [
            ("account", c, a.model_dump(mode="json")) for c, a in store.get_accounts().items()
        ]
        stored += [("period", m, p.model_dump(mode="json")) for m, p in store.get_periods().items()]
        stored += [
            ("budget", f"{b.account}/{b.month}", b.model_dump(mode="json"))
            for b in store.get_budgets("0000-01", "9999-12")
        ]
        self._peek()  # the next page of entries, read before the catch-up below
        self._late = True
        catch_up()  # writes committed while the states were read
        while (pending := self._peek()) is not None:
            if not catch_up():
                what = "entry" if pending.exists else "lines of entry"
                reason = (
                    f"it is in the store at posting {pending.seq} but no audit record covers it"
                )
                return Discrepancy(f"{what} {pending.id!r}", reason)
        if settings is not None:
            # The books-opened record names the entity, which the store does not know.
            opened = [k for k in self._states if k[0] == "settings"]
            stored[0] = ("settings", opened[0][1] if opened else "", stored[0][2])
        for kind, subject, state in stored:
            found = self._states.pop((kind, subject), None)
            if found is None:
                return Discrepancy(
                    _name(kind, subject), "it is in the store but no audit record covers it"
                )
            seq, accepted = found
            if digest(state) not in accepted:
                return Discrepancy(
                    _name(kind, subject),
                    f"its stored state is not the one its last audit record {seq} pinned: {state}",
                    seq,
                )
        for (kind, subject), (seq, accepted) in sorted(self._states.items()):
            if _ABSENT in accepted:
                continue
            reason = f"audit record {seq} covers it but it is missing from the store"
            return Discrepancy(_name(kind, subject), reason, seq)
        return None
