"""Full-text search rules shared by every record store: words, queries, cursors, scores.

A search query is plain words. They are cut and folded here, once, the way SQLite's
``unicode61 remove_diacritics 2`` tokenizer cuts text: Unicode compatibility
decomposition (NFKD), combining marks dropped, lower case, and every run of letters
and digits a word (anything else separates words). A word written with a trailing
``*`` matches as a prefix. Because a word holds only letters and digits, what reaches
an engine (an FTS5 ``MATCH`` string, a PostgreSQL ``tsquery``) is a list of quoted
words and never search syntax: quotes, ``NEAR``, ``-``, ``:``, NUL and SQL stay text.
The memory backend scores with the same words (term frequency), and every backend
pages with the same opaque cursor (an offset, tied to the search that made it). The
strings an engine receives (and the name of SQLite's index table) are made here too.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import Any

import attrs

from backoffice_core.errors import InvalidInputError
from backoffice_core.records import Kind
from backoffice_core.storage.record_values import Condition

__all__ = [
    "MAX_PAGE",
    "MAX_QUERY",
    "Term",
    "decode_search_cursor",
    "document_words",
    "encode_search_cursor",
    "fingerprint",
    "fts5_query",
    "fts_table",
    "parse_query",
    "search_limit",
    "term_score",
    "tsquery",
    "words",
]

MAX_QUERY = 1000
"""The longest search query accepted, in characters."""

MAX_PAGE = 1000
"""The most records one page of a search holds."""

_WORD = re.compile(r"[^\W_]+")
_MAX_OFFSET = 10**9


@attrs.frozen
class Term:
    """One word of a query: folded text, and whether it matches as a prefix."""

    word: str
    prefix: bool = False


def words(text: str) -> list[str]:
    """Return the folded words of ``text`` (NFKD, no combining marks, lower case)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _WORD.findall(bare.lower())


def parse_query(kind: Kind[Any], query: str) -> list[Term]:
    """Validate ``query`` and return its terms, in order, each word once.

    Raises:
        InvalidInputError: If the kind has no text fields, or the query is not a string,
            is blank, longer than :data:`MAX_QUERY` or holds no word.
    """
    if not kind.text:
        raise InvalidInputError(
            f"kind {kind.name!r} has no full-text fields to search: declare "
            "text=(...) on the kind, such as text=('title',)"
        )
    if not isinstance(query, str):
        raise InvalidInputError(f"search query {query!r} of {kind.name!r} must be a string")
    if len(query) > MAX_QUERY:
        raise InvalidInputError(
            f"search query of {kind.name!r} is {len(query)} characters long; at most "
            f"{MAX_QUERY} are searched: shorten it"
        )
    if not query.strip():
        raise InvalidInputError(f"search query {query!r} of {kind.name!r} is empty: give words")
    terms: list[Term] = []
    for chunk in query.split():
        found = words(chunk)
        for i, word in enumerate(found):
            last = i == len(found) - 1
            term = Term(word, prefix=last and chunk.endswith("*"))
            if term not in terms:
                terms.append(term)
    if not terms:
        raise InvalidInputError(
            f"search query {query!r} of {kind.name!r} has no word (letters or digits) "
            "to search for: give words"
        )
    return terms


def search_limit(limit: object) -> int:
    """Return ``limit`` checked as a page size.

    Raises:
        InvalidInputError: If it is not an integer from 1 to :data:`MAX_PAGE`.
    """
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_PAGE:
        raise InvalidInputError(f"search limit {limit!r} must be an integer from 1 to {MAX_PAGE}")
    return limit


def fingerprint(terms: Sequence[Term], where: Sequence[Condition]) -> str:
    """Return a short digest of a search, which its cursors carry."""
    text = repr(([(t.word, t.prefix) for t in terms], [repr(c) for c in where]))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def encode_search_cursor(offset: int, search: str) -> str:
    """Return the opaque cursor of the page that starts at ``offset`` of ``search``."""
    raw = json.dumps(["s", offset, search], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_search_cursor(cursor: object, search: str) -> int:
    """Return the offset a cursor of ``search`` resumes at.

    Raises:
        InvalidInputError: If the cursor was not made by this search (altered, or of
            another query or filter).
    """
    try:
        if not isinstance(cursor, str):
            raise TypeError("not a string")
        tag, offset, made_by = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if tag != "s" or made_by != search:
            raise ValueError("another search")
        if not isinstance(offset, int) or isinstance(offset, bool):
            raise TypeError("offset")
        if not 0 < offset <= _MAX_OFFSET:
            raise ValueError("offset out of range")
    except (ValueError, TypeError, AttributeError) as exc:
        raise InvalidInputError(
            f"cursor {cursor!r} is not a next_cursor of this search: start again without one"
        ) from exc
    return offset


def fts5_query(terms: Sequence[Term]) -> str:
    """Return the FTS5 ``MATCH`` string: every word quoted, all required."""
    quoted = ('"' + t.word.replace('"', '""') + '"' + ("*" if t.prefix else "") for t in terms)
    return " ".join(quoted)


def fts_table(kind: Kind[Any]) -> str:
    """Return the name of ``kind``'s FTS5 table on SQLite."""
    return "fts_" + kind.name.replace(".", "_")


def tsquery(terms: Sequence[Term]) -> str:
    """Return the PostgreSQL ``to_tsquery`` text: every word quoted, joined by ``&``."""
    quoted = ("'" + t.word.replace("'", "''") + "'" + (":*" if t.prefix else "") for t in terms)
    return " & ".join(quoted)


def document_words(kind: Kind[Any], body: str) -> Counter[str]:
    """Return how often each folded word occurs in the text fields of a stored body."""
    data = json.loads(body)
    counts: Counter[str] = Counter()
    for name in kind.text:
        value = data.get(name)
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                counts.update(words(text))
    return counts


def term_score(terms: Sequence[Term], counts: Counter[str]) -> int:
    """Return the summed frequency of ``terms`` in a document, 0 unless every one occurs."""
    total = 0
    for term in terms:
        if term.prefix:
            found = sum(n for word, n in counts.items() if word.startswith(term.word))
        else:
            found = counts.get(term.word, 0)
        if not found:
            return 0
        total += found
    return total
