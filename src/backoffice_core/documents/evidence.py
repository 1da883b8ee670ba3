"""Links between documents and other records, and the evidence behind ledger entries.

:class:`Evidence` (``office.documents.evidence``) links a document to any record named
``"<type>:<id>"`` (``"ledger.entry:rent-01"``, ``"payroll.run:2026-01"``,
``"document:<id>"``); links are rows of their own with indexed fields, read in both
directions. A journal entry is supported by a document when the document is linked
to it as evidence, or when the entry's ``source`` names the document's id or number
(``ledger.post(..., source=document.id)``). Entries are read through the ledger's
public API only: entries by ``source``, and those reaching a threshold, are found with
:meth:`~backoffice_core.ledger.Ledger.entry_heads` (filtered and summed by the store),
and only the entries returned are read whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

import attrs

from backoffice_core.documents._store import DocumentBase, build, eq, one_of
from backoffice_core.documents.models import Document, DocumentLink
from backoffice_core.documents.ports import DOCUMENTS, LINKS
from backoffice_core.errors import DuplicateIdError, InvalidInputError, StateError
from backoffice_core.ledger import EntryHead, EntryKind, JournalEntry, Ledger
from backoffice_core.money import Money

__all__ = ["ENTRY", "Evidence"]

ENTRY = "ledger.entry"
"""The target type of a link to a journal entry (``"ledger.entry:<id>"``)."""

_TARGET = re.compile(r"^[a-z][a-z0-9_.]*:[^\s|][^|]*$")


@attrs.define
class Evidence(DocumentBase):
    """Links of one entity's documents, and the evidence behind its journal entries."""

    def link(self, document_id: str, target: str, *, role: str = "related") -> DocumentLink:
        """Link a document to another record (idempotent for the same role).

        Args:
            document_id: The document.
            target: ``"<type>:<id>"``; ``"document:<id>"`` and ``"ledger.entry:<id>"``
                must name an existing document or entry.
            role: What the link means (``"evidence"``, ``"amends"``, ``"related"``).

        Raises:
            UnknownDocumentError: If either document does not exist.
            UnknownEntryError: If the entry does not exist.
            InvalidInputError: If the target is malformed or the document itself.
            DuplicateIdError: If the same link exists with another role.
        """
        document = self._stored(document_id).record
        if not isinstance(target, str) or not _TARGET.match(target):
            raise InvalidInputError(
                f"link target {target!r} must be '<type>:<id>', such as "
                "'ledger.entry:rent-01' or 'document:<id>'"
            )
        kind, _, ident = target.partition(":")
        if kind == "document":
            if ident == document_id:
                raise InvalidInputError(f"document {document_id!r} cannot link to itself")
            self._stored(ident)
        elif kind == ENTRY:
            self._book().entry(ident)
        existing = self._uow.records(LINKS).get(f"{document_id}|{target}")
        if existing is not None:
            if existing.record.role != role:
                raise DuplicateIdError(
                    f"document {document_id!r} is linked to {target!r} as "
                    f"{existing.record.role!r} already, not {role!r}"
                )
            return existing.record
        made = build(
            DocumentLink,
            f"link {document_id!r} -> {target!r}",
            document=document.id,
            target=target,
            role=role,
            created_at=self._context.clock(),
            created_by=self._context.actor,
        )
        self._context.authorize("documents.document.link", document_id)
        with self._uow.transaction():
            self._uow.records(LINKS).add([made])
        return made

    def attach(self, document_id: str, entry_id: str) -> DocumentLink:
        """Link a document to a journal entry as its evidence.

        Raises:
            Same as :meth:`link`.
        """
        return self.link(document_id, f"{ENTRY}:{entry_id}", role="evidence")

    def links(self, document_id: str) -> list[DocumentLink]:
        """Return the links a document makes, oldest first."""
        self._stored(document_id)
        page = self._uow.records(LINKS).find({"document": eq(document_id)})
        return sorted((s.record for s in page), key=lambda link: link.created_at)

    def linked(self, target: str) -> list[DocumentLink]:
        """Return the links that point at ``target`` (the other direction)."""
        page = self._uow.records(LINKS).find({"target": eq(target)})
        return sorted((s.record for s in page), key=lambda link: link.created_at)

    def related(self, document_id: str) -> list[str]:
        """Return every record linked to a document in either direction, as targets."""
        out = [link.target for link in self.links(document_id)]
        out += [f"document:{link.document}" for link in self.linked(f"document:{document_id}")]
        return list(dict.fromkeys(out))

    # --- ledger evidence ----------------------------------------------------------------
    def _book(self) -> Ledger:
        if self._ledger is None:
            raise StateError("this documents service has no ledger: open it from a BackOffice")
        return self._ledger

    def entries_for(self, document_id: str) -> list[JournalEntry]:
        """Return the journal entries a document supports, by date.

        An entry counts if the document is linked to it as evidence, or if its
        ``source`` is the document's id or number (one filtered read of the heads).
        """
        document = self._stored(document_id).record
        ledger = self._book()
        ids = {
            link.target.partition(":")[2]
            for link in self.links(document_id)
            if link.role == "evidence" and link.target.startswith(f"{ENTRY}:")
        }
        names = {document.id} | ({document.number} if document.number else set())
        ids |= {head.id for head in ledger.entry_heads(sources=sorted(names))}
        found = [ledger.entry(entry_id) for entry_id in ids]
        return sorted(found, key=lambda e: (e.date, e.id))

    def documents_for(self, entry_id: str) -> list[Document]:
        """Return the documents behind a journal entry (linked, or named by its source).

        Documents of a level the actor may not read are left out.

        Raises:
            UnknownEntryError: If no entry has that id.
        """
        entry = self._book().entry(entry_id)
        ids = [link.document for link in self.linked(f"{ENTRY}:{entry_id}")]
        store = self._uow.records(DOCUMENTS)
        if entry.source:
            ids.append(entry.source)
            by_number = store.find({"number": eq(entry.source)})
            ids += [s.key for s in by_number]
        found = store.get_many(list(dict.fromkeys(ids)))
        levels = self._readable()
        return [
            found[i].record
            for i in dict.fromkeys(ids)
            if i in found and (levels is None or found[i].record.confidentiality in levels)
        ]

    def unsupported_entries(
        self,
        threshold: Money | None = None,
        *,
        start: date | None = None,
        end: date | None = None,
    ) -> list[JournalEntry]:
        """Return regular entries whose debits reach ``threshold`` and lack evidence.

        Args:
            threshold: In the base currency; the rules' ``evidence_threshold`` when
                omitted (every entry when that is None too).
            start: First date looked at.
            end: Last date looked at.

        Raises:
            InvalidInputError: If the threshold is not Money in the base currency.
        """
        ledger = self._book()
        limit = threshold if threshold is not None else self._rules.evidence_threshold
        if limit is not None and (
            not isinstance(limit, Money) or limit.currency != ledger.base_currency
        ):
            raise InvalidInputError(
                f"evidence threshold {limit!r} must be Money in {ledger.base_currency}"
            )
        # Debits reaching the threshold: above one minor unit less (the store sums).
        above = None if limit is None else Money.from_minor(limit.to_minor() - 1, limit.currency)
        candidates = ledger.entry_heads(
            start=start, end=end, kinds=[EntryKind.REGULAR], above=above
        )
        if not candidates:
            return []
        supported = self._supported(candidates)
        return [ledger.entry(head.id) for head in candidates if head.id not in supported]

    def _supported(self, entries: Sequence[EntryHead]) -> set[str]:
        out: set[str] = set()
        links = self._uow.records(LINKS)
        targets = [f"{ENTRY}:{e.id}" for e in entries]
        for chunk in range(0, len(targets), 500):
            page = links.find({"target": one_of(targets[chunk : chunk + 500])})
            out |= {s.record.target.partition(":")[2] for s in page}
        sources = {e.source for e in entries if e.source and e.id not in out}
        if sources:
            docs = self._uow.records(DOCUMENTS)
            named = list(sources)
            live = set()
            for chunk in range(0, len(named), 500):
                part = named[chunk : chunk + 500]
                # A disposed document still supports its entries: its metadata and
                # digests are kept.
                live |= set(docs.get_many(part))
                live |= {
                    s.record.number for s in docs.find({"number": one_of(part)}) if s.record.number
                }
            out |= {e.id for e in entries if e.source in live}
        return out
