"""Finding documents by metadata and full text, on indexed columns where it can.

:class:`DocumentSearch` (``office.documents.search``) filters documents on their
indexed fields (kind, status, department, confidentiality, number, effective and
expiry dates) in the database; tags, parties, links and the words of titles and
extracted texts are rows of their own (:class:`~backoffice_core.documents.models.DocumentTerm`,
:class:`~backoffice_core.documents.models.DocumentLink`): a term's rows are one range of
the primary key (the key starts with the term), a link's are found by the indexed
``target`` column; terms are looked up rarest first. Full-text matches are ranked by
how often the query's words occur; results page with a cursor and are counted only on
request. Words are case-folded whole words: no stemming and no prefix matching.

Results hold only documents the actor may read: a level above ``internal`` needs the
authorizer to allow ``documents.read.<level>``, and the levels it may read are a filter
of the query itself, so pages stay full.
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
from backoffice_core.documents.models import (
    Confidentiality,
    Document,
    DocumentStatus,
    DocumentTerm,
)
from backoffice_core.documents.ports import DOCUMENTS, LINKS, TERMS
from backoffice_core.errors import InvalidInputError
from backoffice_core.records import Range

__all__ = ["DocumentSearch", "SearchHit", "SearchPage"]

_CHUNK = 500
_MAX_STEP = 2_000
"""The most term or link rows read per batch when paging without text."""


def _next_step(need: int, found: int, read: int) -> int:
    """Return how many term or link rows to read next to fill a page of ``need``.

    The first batch reads twice the page; later ones scale by the share of rows that
    passed the other filters so far, so a selective filter reads a few large batches
    and an unselective one a single small batch.
    """
    if read == 0:
        return max(2 * need, 40)
    rate = max(found / read, 0.01)
    return min(_MAX_STEP, max(40, int((need - found) / rate * 1.25)))


DateRange = tuple[date | None, date | None]


@attrs.frozen
class SearchHit:
    """One found document and its score (occurrences of the query's words; 0 without text)."""

    document: Document
    score: int


@attrs.frozen
class SearchPage:
    """One page of results, the number of matches, and the cursor of the next page.

    ``total`` is None unless the search was asked to count (``count=True``). Iterating
    a page yields its documents in rank order.
    """

    hits: tuple[SearchHit, ...]
    total: int | None
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


def _term_range(term: str) -> dict[str, Range]:
    """Return the filter on the key range that holds ``term``'s rows (see ports.TERMS).

    A tag holding ``|`` may fall into the range of a shorter one; callers keep rows
    whose ``term`` is exactly the one asked for.
    """
    return {"key": Range(f"{term}|", f"{term}|\U0010ffff")}


def _live(row: DocumentTerm, term: str) -> bool:
    """Say if ``row`` is exactly ``term`` and not removed by an amendment (weight 0)."""
    return row.term == term and row.weight > 0


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
        count: bool = False,
    ) -> SearchPage:
        """Return documents matching every filter given, best first when ``text`` is.

        Documents of a level the actor may not read (see the module) are left out.

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
            count: Also count every match (``total``). Without it only the documents
                of the page (and one more) are read.

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
        visible = self._visible(where)
        if visible is None:  # only levels the actor may not read were asked for
            return SearchPage((), 0 if count else None, None)
        where = visible
        facets = [tag_term(t) for t in ([tag] if isinstance(tag, str) else tag)]
        facets += [party_term(p) for p in ([party] if isinstance(party, str) else party)]
        query = sorted(words(text)) if text is not None else []
        if text is not None and not query:
            raise InvalidInputError(f"search text {text!r} has no word of 2 letters or more")
        if not facets and not query and linked_to is None:
            return self._metadata_only(where, limit, cursor, count)
        if not query and not count:
            return self._stream(where, facets, linked_to, limit, _offset(cursor))
        matches = self._matches(facets, query, linked_to)
        return self._page(where, matches, limit, _offset(cursor), count)

    def _stream(
        self,
        where: dict[str, Any],
        facets: list[str],
        linked_to: str | None,
        limit: int,
        start: int,
    ) -> SearchPage:
        """Page documents by id through their rarest tag, party or link, batch by batch.

        Without text there is no ranking, so only as many term or link rows are read
        as the page needs, instead of every match.
        """
        terms = self._uow.records(TERMS)
        # Rarest first; a lone facet needs no counting.
        rest = sorted(facets, key=lambda t: terms.count(_term_range(t))) if facets[1:] else facets
        if linked_to is None:
            lead, rest = rest[0], rest[1:]
        need = start + limit + 1
        hits: list[SearchHit] = []
        cursor: str | None = None
        read = 0
        while len(hits) < need:
            step = _next_step(need, len(hits), read)
            if linked_to is not None:
                links = self._uow.records(LINKS).find(
                    {"target": eq(linked_to)}, order_by=("document",), limit=step, cursor=cursor
                )
                ids = [s.record.document for s in links]
                cursor = links.next_cursor
            else:
                rows = terms.find(_term_range(lead), limit=step, cursor=cursor)
                ids = [s.record.document for s in rows if _live(s.record, lead)]
                cursor = rows.next_cursor
            read += step
            for term in rest:
                present = {r.document for r in self._term_rows(term, set(ids))} if ids else set()
                ids = [i for i in ids if i in present]
            docs = {d.id: d for d in self._documents(where, ids)}
            hits += [SearchHit(docs[i], 0) for i in ids if i in docs]
            if cursor is None:
                break
        page = tuple(hits[start : start + limit])
        more = start + limit < len(hits)
        return SearchPage(page, None, f"o:{start + limit}" if more else None)

    def _metadata_only(
        self, where: dict[str, Any], limit: int, cursor: str | None, count: bool
    ) -> SearchPage:
        store = self._uow.records(DOCUMENTS)
        page = store.find(where, limit=limit, cursor=cursor)
        hits = tuple(SearchHit(s.record, 0) for s in page)
        return SearchPage(hits, store.count(where) if count else None, page.next_cursor)

    def _matches(
        self, facets: list[str], query: list[str], linked_to: str | None
    ) -> list[tuple[str, int | None, int]]:
        """Return ``(document, version or None, score)`` matching every term, best first."""
        terms = self._uow.records(TERMS)
        # Rarest term first: later lookups are limited to the documents still in play.
        wanted = sorted(
            [word_term(w) for w in query] + facets, key=lambda t: terms.count(_term_range(t))
        )
        scores: dict[tuple[str, int], int] | None = None
        allowed: set[str] | None = None
        if linked_to is not None:
            links = self._uow.records(LINKS).find({"target": eq(linked_to)})
            allowed = {s.record.document for s in links}
        for term in wanted:
            rows = self._term_rows(term, allowed)
            if term.startswith("word:"):
                found = {(r.document, r.version): r.weight for r in rows}
                if scores is None:
                    scores = found
                else:
                    scores = {k: v + found[k] for k, v in scores.items() if k in found}
                docs = {d for d, _ in scores}
            else:
                docs = {r.document for r in rows}
            allowed = docs if allowed is None else allowed & docs
            if not allowed:
                return []
        assert allowed is not None  # at least one term or link filter
        if scores is None:
            return [(d, None, 0) for d in sorted(allowed)]
        out = [(d, v, score) for (d, v), score in scores.items() if d in allowed]
        return sorted(out, key=lambda m: (-m[2], m[0]))

    def _page(
        self,
        where: dict[str, Any],
        matches: list[tuple[str, int | None, int]],
        limit: int,
        start: int,
        count: bool,
    ) -> SearchPage:
        """Read the documents of the ranked matches in order until the page is full.

        A match counts if its document passes the metadata filters (in the database)
        and, for words, if they are in its current version.
        """
        need = None if count else start + limit + 1
        if count:
            step = _CHUNK
        elif where:  # the metadata filters drop some: read a few pages' worth at a time
            step = max(100, 2 * (start + limit))
        else:  # only an older version's words drop a match: read the page and a little
            step = start + limit + 8
        hits: list[SearchHit] = []
        for i in range(0, len(matches), step):
            chunk = matches[i : i + step]
            docs = {d.id: d for d in self._documents(where, [m[0] for m in chunk])}
            for document_id, version, score in chunk:
                document = docs.get(document_id)
                if document is not None and version in (None, document.current_version):
                    hits.append(SearchHit(document, score))
            if need is not None and len(hits) >= need:
                break
        page = tuple(hits[start : start + limit])
        more = start + limit < len(hits)
        return SearchPage(
            page, len(hits) if count else None, f"o:{start + limit}" if more else None
        )

    def _term_rows(self, term: str, allowed: set[str] | None) -> list[Any]:
        terms = self._uow.records(TERMS)
        if allowed is None or len(allowed) > _CHUNK * 4:
            rows = [s.record for s in terms.find(_term_range(term)) if _live(s.record, term)]
            return rows if allowed is None else [r for r in rows if r.document in allowed]
        ids = sorted(allowed)
        out = []
        for i in range(0, len(ids), _CHUNK):
            where = {**_term_range(term), "document": one_of(ids[i : i + _CHUNK])}
            page = terms.find(where)
            out += [s.record for s in page if _live(s.record, term)]
        return out

    def _documents(self, where: dict[str, Any], ids: list[str]) -> list[Document]:
        store = self._uow.records(DOCUMENTS)
        out: list[Document] = []
        for i in range(0, len(ids), _CHUNK):
            page = store.find({**where, "key": one_of(ids[i : i + _CHUNK])})
            out += [s.record for s in page]
        return out

    def by_number(self, number: str, *, kind: str | None = None) -> list[Document]:
        """Return the documents carrying ``number`` (one per kind at most) the actor may read."""
        where: dict[str, Any] = {"number": eq(number)}
        if kind is not None:
            where["kind"] = kind
        visible = self._visible(where)
        return (
            []
            if visible is None
            else [s.record for s in self._uow.records(DOCUMENTS).find(visible)]
        )
