"""Finding documents by metadata and full text, on indexed columns where it can.

:class:`DocumentSearch` (``office.documents.search``) filters documents on their
indexed fields (kind, status, department, confidentiality, number, effective and
expiry dates) in the database. Full text is the record store's search
(:meth:`~backoffice_core.records.Records.search`) over each document's title and the
extracted text of its current version: SQLite FTS5, PostgreSQL full text (Indonesian
stemming where the server has it), a scan in memory; the index follows every write in
the same transaction, and the text match and the metadata filters are one query,
ranked best first and paged. Tags, parties and links are rows of their own
(:class:`~backoffice_core.documents.models.DocumentTerm`,
:class:`~backoffice_core.documents.models.DocumentLink`): a tag's or party's rows are
one range of the primary key (the key starts with the term), a link's are found by the
indexed ``target`` column.

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
_IN_QUERY = 5_000
"""Documents a tag, party or link may leave for a text search to name them in its query."""
_TEXT_BATCH = 1_000
"""Ranked text results read per batch when counting or filtering them in Python."""
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
    """One found document and its place in the ranking.

    ``rank`` is 1 for the best match of a text search, 2 for the next, counting across
    pages; None when no text was searched (results then come by id).
    """

    document: Document
    rank: int | None = None


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


def _wrap(inner: str | None, after: int) -> str | None:
    """Return the cursor of a text page: the store's cursor and the rank it resumes at."""
    return None if inner is None else f"t:{after}:{inner}"


def _search_cursor(cursor: str | None) -> tuple[int, str | None]:
    """Return the rank a text page's cursor resumes after and the store's cursor."""
    if cursor is None:
        return 0, None
    head, _, rest = cursor.partition(":") if isinstance(cursor, str) else ("", "", "")
    after, _, inner = rest.partition(":")
    if head != "t" or not after.isdigit() or not inner:
        raise InvalidInputError(f"cursor {cursor!r} was not returned by a text search")
    return int(after), inner


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
                extracted text (case- and accent-insensitive; ``kontr*`` matches a
                prefix; on PostgreSQL Indonesian word forms match too).
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
                of the page (and one more) are read; with text, counting reads every
                match.

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
        if text is not None:
            if not isinstance(text, str) or not any(ch.isalnum() for ch in text):
                raise InvalidInputError(f"search text {text!r} has no word: give words to find")
            return self._text(text, where, facets, linked_to, limit, cursor, count)
        if not facets and linked_to is None:
            return self._metadata_only(where, limit, cursor, count)
        if not count:
            return self._stream(where, facets, linked_to, limit, _offset(cursor))
        ids = self._matches(facets, linked_to)
        return self._page(where, ids, limit, _offset(cursor))

    def _text(
        self,
        text: str,
        where: dict[str, Any],
        facets: list[str],
        linked_to: str | None,
        limit: int,
        cursor: str | None,
        count: bool,
    ) -> SearchPage:
        """Run the record store's ranked text search with the metadata filters.

        Tags, parties and links narrow it by key in the same query when they leave at
        most ``_IN_QUERY`` documents; beyond that the ranked pages are read in order
        and kept when their document is among them, until the page is full.
        """
        store = self._uow.records(DOCUMENTS)
        allowed: list[str] | None = None
        if facets or linked_to is not None:
            allowed = self._matches(facets, linked_to)
            if not allowed:
                return SearchPage((), 0 if count else None, None)
        if allowed is None or len(allowed) <= _IN_QUERY:
            narrowed = where if allowed is None else {**where, "key": one_of(allowed)}
            start, inner = _search_cursor(cursor)
            page = store.search(text, narrowed, limit=limit, cursor=inner)
            hits = tuple(SearchHit(s.record, start + n) for n, s in enumerate(page, start=1))
            total = self._text_count(text, narrowed) if count else None
            return SearchPage(hits, total, _wrap(page.next_cursor, start + limit))
        keep = set(allowed)
        start = _offset(cursor)
        found: list[Document] = []
        inner = None
        while True:
            batch = store.search(text, where, limit=_TEXT_BATCH, cursor=inner)
            found += [s.record for s in batch if s.key in keep]
            inner = batch.next_cursor
            if inner is None or (not count and len(found) > start + limit):
                break
        hits = tuple(
            SearchHit(d, n) for n, d in enumerate(found[start : start + limit], start=start + 1)
        )
        more = start + limit < len(found)
        return SearchPage(
            hits, len(found) if count else None, f"o:{start + limit}" if more else None
        )

    def _text_count(self, text: str, where: dict[str, Any]) -> int:
        """Count every match of a text search (reads every matching document)."""
        store = self._uow.records(DOCUMENTS)
        total, cursor = 0, None
        while True:
            page = store.search(text, where, limit=_TEXT_BATCH, cursor=cursor)
            total += len(page)
            cursor = page.next_cursor
            if cursor is None:
                return total

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
            hits += [SearchHit(docs[i]) for i in ids if i in docs]
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
        hits = tuple(SearchHit(s.record) for s in page)
        return SearchPage(hits, store.count(where) if count else None, page.next_cursor)

    def _matches(self, facets: list[str], linked_to: str | None) -> list[str]:
        """Return the ids of the documents carrying every tag and party and the link."""
        terms = self._uow.records(TERMS)
        # Rarest term first: later lookups are limited to the documents still in play.
        wanted = sorted(facets, key=lambda t: terms.count(_term_range(t))) if facets[1:] else facets
        allowed: set[str] | None = None
        if linked_to is not None:
            links = self._uow.records(LINKS).find({"target": eq(linked_to)})
            allowed = {s.record.document for s in links}
        for term in wanted:
            docs = {r.document for r in self._term_rows(term, allowed)}
            allowed = docs if allowed is None else allowed & docs
            if not allowed:
                return []
        return sorted(allowed or ())

    def _page(self, where: dict[str, Any], ids: list[str], limit: int, start: int) -> SearchPage:
        """Read the documents of ``ids`` that pass the metadata filters; count them all."""
        docs: list[Document] = []
        for i in range(0, len(ids), _CHUNK):
            found = {d.id: d for d in self._documents(where, ids[i : i + _CHUNK])}
            docs += [found[d] for d in ids[i : i + _CHUNK] if d in found]
        page = tuple(SearchHit(d) for d in docs[start : start + limit])
        more = start + limit < len(docs)
        return SearchPage(page, len(docs), f"o:{start + limit}" if more else None)

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
