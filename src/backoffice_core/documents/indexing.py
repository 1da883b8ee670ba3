"""The search terms of a document: words of its title and text, its tags and parties.

Private to the documents services. Terms are :class:`DocumentTerm` rows (see
``ports.TERMS``): words carry the content version whose text holds them, tags and
parties version 0. A registration adds them; an amendment of the title, tags or
parties rewrites the ones that changed, and a term that no longer applies is kept
with weight 0 (a tombstone that search skips), since records are never deleted.
"""

from __future__ import annotations

from backoffice_core.context import UnitOfWork
from backoffice_core.documents._store import eq, party_term, tag_term, word_term, words
from backoffice_core.documents.models import Document, DocumentTerm
from backoffice_core.documents.ports import TERMS, VERSIONS

__all__ = ["content_terms", "facet_terms", "reindex"]


def content_terms(document: Document, version: int, text: str | None) -> list[DocumentTerm]:
    """Return the word terms of ``document``'s title and a version's extracted text."""
    counted = words(document.title + " " + (text or ""))
    # Built without validation: every value comes from a validated document and words.
    make = DocumentTerm.model_construct
    return [
        make(document=document.id, version=version, term=word_term(w), weight=n)
        for w, n in sorted(counted.items())
    ]


def facet_terms(document: Document) -> list[DocumentTerm]:
    """Return the tag and party terms of ``document`` (version 0)."""
    terms = {tag_term(t) for t in document.tags} | {party_term(p) for p in document.parties}
    make = DocumentTerm.model_construct
    return [make(document=document.id, version=0, term=t, weight=1) for t in sorted(terms)]


def reindex(uow: UnitOfWork, before: Document, after: Document) -> None:
    """Bring the terms of an amended document in line with its new metadata.

    Only the current version's words and the facets are rewritten, and only when the
    title, tags or parties changed; call it inside the amendment's transaction.
    """
    if (before.title, before.tags, before.parties) == (after.title, after.tags, after.parties):
        return
    version = after.current_version
    current = uow.records(VERSIONS).get(f"{after.id}|{version:06d}")
    text = current.record.text if current is not None else None
    wanted = {TERMS.key_of(t): t for t in content_terms(after, version, text) + facet_terms(after)}
    store = uow.records(TERMS)
    stored = {
        s.key: s for s in store.find({"document": eq(after.id)}) if s.record.version in (0, version)
    }
    new = [term for key, term in wanted.items() if key not in stored]
    for key, row in stored.items():
        weight = wanted[key].weight if key in wanted else 0
        if row.record.weight != weight:
            changed = row.record.model_copy(update={"weight": weight})
            store.replace(changed, expected_version=row.version, action="reweighted")
    if new:
        store.add(new)
