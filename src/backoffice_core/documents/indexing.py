"""The exact-match terms of a document: its tags and parties.

Private to the documents services. Tags and parties are :class:`DocumentTerm` rows
(see ``ports.TERMS``); words of titles and texts are the record store's full-text
index of the documents kind. A registration adds the rows; an amendment of the tags
or parties rewrites the ones that changed, and a term that no longer applies is kept
with weight 0 (a tombstone that search skips), since records are never deleted.
"""

from __future__ import annotations

from backoffice_core.context import UnitOfWork
from backoffice_core.documents._store import eq, party_term, tag_term
from backoffice_core.documents.models import Document, DocumentTerm
from backoffice_core.documents.ports import TERMS

__all__ = ["facet_terms", "reindex"]


def facet_terms(document: Document) -> list[DocumentTerm]:
    """Return the tag and party terms of ``document`` (version 0)."""
    terms = {tag_term(t) for t in document.tags} | {party_term(p) for p in document.parties}
    # Built without validation: every value comes from a validated document.
    make = DocumentTerm.model_construct
    return [make(document=document.id, version=0, term=t, weight=1) for t in sorted(terms)]


def reindex(uow: UnitOfWork, before: Document, after: Document) -> None:
    """Bring the tag and party rows of an amended document in line with its metadata.

    Call it inside the amendment's transaction; the title's words follow by
    themselves (the full-text index follows every write of the document).
    """
    if (before.tags, before.parties) == (after.tags, after.parties):
        return
    wanted = {TERMS.key_of(t): t for t in facet_terms(after)}
    store = uow.records(TERMS)
    stored = {s.key: s for s in store.find({"document": eq(after.id)}) if s.record.version == 0}
    new = [term for key, term in wanted.items() if key not in stored]
    for key, row in stored.items():
        weight = 1 if key in wanted else 0
        if row.record.weight != weight:
            changed = row.record.model_copy(update={"weight": weight})
            store.replace(changed, expected_version=row.version, action="reweighted")
    if new:
        store.add(new)
