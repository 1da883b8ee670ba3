"""Finding documents by metadata and full text, on indexed columns where it can.

:class:`DocumentSearch` (``office.documents.search``) filters documents on their
indexed fields (kind, status, department, confidentiality, number, effective and
expiry dates) in the database; tags, parties, links and the words of titles and
extracted texts are rows of their own (:class:`~backoffice_core.documents.models.DocumentTerm`,
:class:`~backoffice_core.documents.models.DocumentLink`) looked up by their indexed
``term`` and ``target`` columns, rarest first. Full-text matches are ranked by how
often the query's words occur; results page with a cursor. Words are case-folded
whole words: no stemming and no prefix matching.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

import attrs

from backoffice_core.documents._store import (
    DocumentBase,
    eq,
    one_of,
    party_term,
    tag_term,
    word_term,
    words,
)
from backoffice_core.documents.models import Confidentiality, Document, DocumentStatus
from backoffice_core.documents.ports import DOCUMENTS, LINKS, TERMS
from backoffice_core.errors import InvalidInputError
from backoffice_core.records import Range

__all__ = ["DocumentSearch", "SearchHit", "SearchPage"]

_CHUNK = 500
DateRange = tuple[date | None, date | None]


@attrs.frozen
class SearchHit:
    """One found document and its score (occurrences of the query's words; 0 without text)."""

    document: Document
    score: int


@attrs.frozen
class SearchPage:
    """One page of results, the number of matches, and the cursor of the next page.

    Iterating a page yields its documents in rank order.
    """

    hits: tuple[SearchHit, ...]
    total: int
    next_cursor: str | None

    @property
    def documents(self) -> list[Document]:
        """The documents of this page, in rank order."""
        return [hit.document for hit in self.hits]

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.hits)


def _values(value: Any) -> Any:
    if isinstance(value, list | tuple | set | frozenset):
        return one_of(value)
    return value


def _range(name: str, value: DateRange | None) -> Range | None:
    if value is None:
        return None
    if not (isinstance(value, tuple) and len(value) == 2):
        raise InvalidInputError(f"{name} {value!r} must be a (first, last) pair of dates or None")
    return Range(*value)


def _offset(cursor: str | None) -> int:
    if cursor is None:
        return 0
    if isinstance(cursor, str) and cursor.startswith("o:") and cursor[2:].isdigit():
        return int(cursor[2:])
    raise InvalidInputError(f"cursor {cursor!r} was not returned by a ranked search")


@attrs.define
class DocumentSearch(DocumentBase):
    """Search one entity's documents by metadata and full text."""

    def find(
        self,
        text: str | None = None,
        *,
        kind: str | Sequence[str] | None = None,
        status: DocumentStatus | Sequence[DocumentStatus] | None = None,
        department: str | None = None,
        confidentiality: Confidentiality | Sequence[Confidentiality] | None = None,
        number: str | None = None,
        party: str | Sequence[str] = (),
        tag: str | Sequence[str] = (),
        linked_to: str | None = None,
        effective: DateRange | None = None,
        expires: DateRange | None = None,
        limit: int = 20,
        cursor: str | None = None,
    ) -> SearchPage:
        """Return documents matching every filter given, best first when ``text`` is.

        Args:
            text: Words that must all occur in the title or the current version's
                extracted text (case-insensitive, whole words).
            kind: A kind, or several (any of them).
            status: A status, or several.
            department: The owning department.
            confidentiality: A level, or several.
            number: The exact number.
            party: A party, or several (all of them).
            tag: A tag, or several (all of them).
            linked_to: A link target, such as ``"ledger.entry:rent-01"``.
            effective: ``(first, last)`` dates (either may be None).
            expires: ``(first, last)`` dates.
            limit: Results per page.
            cursor: ``next_cursor`` of the previous page.

        Raises:
            InvalidInputError: If a filter or the cursor is malformed.
        """
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise InvalidInputError(f"limit {limit!r} must be a positive integer")
        where: dict[str, Any] = {}
        # A number is selective: a range takes its index (see _store.eq). The other
        # fields have few values, so walking the keys until a page is full is faster.
        for name, value in (
            ("kind", kind),
            ("status", status),
            ("department", department),
            ("confidentiality", confidentiality),
            ("number", None if number is None else eq(number)),
            ("effective", _range("effective", effective)),
            ("expires", _range("expires", expires)),
        ):
            if value is not None:
                where[name] = _values(value)
        facets = [tag_term(t) for t in ([tag] if isinstance(tag, str) else tag)]
        facets += [party_term(p) for p in ([party] if isinstance(party, str) else party)]
        query = sorted(words(text)) if text is not None else []
        if text is not None and not query:
            raise InvalidInputError(f"search text {text!r} has no word of 2 letters or more")
        if not facets and not query and linked_to is None:
            return self._metadata_only(where, limit, cursor)
        return self._ranked(where, facets, query, linked_to, limit, cursor)

    def _metadata_only(self, where: dict[str, Any], limit: int, cursor: str | None) -> SearchPage:
        store = self._uow.records(DOCUMENTS)
        page = store.find(where, limit=limit, cursor=cursor)
        hits = tuple(SearchHit(s.record, 0) for s in page)
        return SearchPage(hits, store.count(where), page.next_cursor)

    def _ranked(
        self,
        where: dict[str, Any],
        facets: list[str],
        query: list[str],
        linked_to: str | None,
        limit: int,
        cursor: str | None,
    ) -> SearchPage:
        start = _offset(cursor)
        terms = self._uow.records(TERMS)
        # Rarest term first: later lookups are limited to the documents still in play.
        wanted = sorted(
            [word_term(w) for w in query] + facets, key=lambda t: terms.count({"term": t})
        )
        scores: dict[tuple[str, int], int] | None = None
        allowed: set[str] | None = None
        if linked_to is not None:
            allowed = {
                s.record.document for s in self._uow.records(LINKS).find({"target": eq(linked_to)})
            }
        for term in wanted:
            rows = self._term_rows(term, allowed)
            if term.startswith("word:"):
                found = {(r.document, r.version): r.weight for r in rows}
                if scores is None:
                    scores = found
                else:
                    scores = {k: v + found[k] for k, v in scores.items() if k in found}
                allowed = (
                    {d for d, _ in scores}
                    if allowed is None
                    else (allowed & {d for d, _ in scores})
                )
            else:
                docs = {r.document for r in rows}
                allowed = docs if allowed is None else allowed & docs
            if not allowed:
                return SearchPage((), 0, None)
        assert allowed is not None  # at least one term or link filter
        matches = self._documents(where, sorted(allowed))
        hits = []
        for document in matches:
            if scores is None:
                hits.append(SearchHit(document, 0))
            elif (document.id, document.current_version) in scores:
                hits.append(SearchHit(document, scores[document.id, document.current_version]))
        hits.sort(key=lambda h: (-h.score, h.document.id))
        page = tuple(hits[start : start + limit])
        more = start + limit < len(hits)
        return SearchPage(page, len(hits), f"o:{start + limit}" if more else None)

    def _term_rows(self, term: str, allowed: set[str] | None) -> list[Any]:
        terms = self._uow.records(TERMS)
        if allowed is None or len(allowed) > _CHUNK * 4:
            rows = [s.record for s in terms.find({"term": eq(term)})]
            return rows if allowed is None else [r for r in rows if r.document in allowed]
        ids = sorted(allowed)
        out = []
        for i in range(0, len(ids), _CHUNK):
            page = terms.find({"term": eq(term), "document": one_of(ids[i : i + _CHUNK])})
            out += [s.record for s in page]
        return out

    def _documents(self, where: dict[str, Any], ids: list[str]) -> list[Document]:
        store = self._uow.records(DOCUMENTS)
        out: list[Document] = []
        for i in range(0, len(ids), _CHUNK):
            page = store.find({**where, "key": one_of(ids[i : i + _CHUNK])})
            out += [s.record for s in page]
        return out

    def by_number(self, number: str, *, kind: str | None = None) -> list[Document]:
        """Return the documents carrying ``number`` (one per kind at most)."""
        where: dict[str, Any] = {"number": eq(number)}
        if kind is not None:
            where["kind"] = kind
        return [s.record for s in self._uow.records(DOCUMENTS).find(where)]
