"""The full-text index of a record kind that declares ``text``, on SQLite and PostgreSQL.

The index is part of the kind's table layout, so its DDL is a pure function of the kind
and the dialect, recorded in ``record_kinds`` with the rest (a kind without ``text``
has no index and the same digest as before full text existed). Both indexes are kept by
the database itself, in the transaction of the write, so no write path maintains them:

- SQLite: a contentless FTS5 table ``fts_<kind>`` (tokenizer ``unicode61
  remove_diacritics 2``) whose rowid is the record row's rowid, filled by triggers on
  insert, update and delete of the record table from the JSON body (``json_extract``,
  and ``json_each`` for a list of strings, word by word). Ranked by ``bm25``.
- PostgreSQL: a stored generated ``tsvector`` column ``text_vector`` with a GIN index,
  built by the IMMUTABLE function ``backoffice_text`` (NFKD, combining marks removed)
  over the same fields, in the text search configuration ``indonesian`` where the
  server has it (``simple`` otherwise). Ranked by ``ts_rank``. It lives in the record
  table, so the table's row-level security and grants cover it. A record's first
  :data:`PG_TEXT_LIMIT` characters of text are indexed (a ``tsvector`` holds at most
  1 MB).
"""

from __future__ import annotations

from types import UnionType
from typing import Any, Union, get_args, get_origin

from backoffice_core.records import Kind
from backoffice_core.storage.record_text import fts_table
from backoffice_core.storage.sql.dialect import Dialect

__all__ = ["PG_TEXT_FUNCTION", "PG_TEXT_LIMIT", "text_statements"]

PG_TEXT_LIMIT = 200_000
"""Characters of a record's text that PostgreSQL indexes (a tsvector is at most 1 MB)."""

PG_TEXT_FUNCTION = "backoffice_text(text, text[])"
"""The function the generated column calls (an application role needs EXECUTE on it)."""

# The body's JSON is cast to jsonb, which refuses the escape \u0000 that a NUL in a
# string becomes: NUL escapes are turned into spaces first (escaped backslashes are set
# aside, as U+E000, so that '\\u0000', a backslash and 'u0000', is left alone).
_PG_FUNCTION = rf"""CREATE OR REPLACE FUNCTION backoffice_text(body text, fields text[])
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT left(coalesce(string_agg(
    regexp_replace(normalize(e.v, NFKD), '[\u0300-\u036f]', '', 'g'), ' '), ''), {PG_TEXT_LIMIT})
FROM (SELECT replace(replace(replace(body, '\\', U&'\E000'), '\u0000', ' '),
             U&'\E000', '\\')::jsonb AS doc) AS d
CROSS JOIN unnest(fields) AS f(name)
CROSS JOIN LATERAL jsonb_array_elements_text(CASE jsonb_typeof(d.doc -> f.name)
    WHEN 'array' THEN d.doc -> f.name
    WHEN 'string' THEN jsonb_build_array(d.doc -> f.name)
    ELSE '[]'::jsonb END) AS e(v)
$$"""


def _is_list(kind: Kind[Any], name: str) -> bool:
    annotation = kind.model.model_fields[name].annotation
    options = [annotation]
    if get_origin(annotation) in (Union, UnionType):
        options = [a for a in get_args(annotation) if a is not type(None)]
    return any(get_origin(a) in (list, tuple) for a in options)


def _sqlite_doc(kind: Kind[Any], body: str) -> str:
    # json_extract cuts a string at a NUL, so NUL escapes become spaces first (as on
    # PostgreSQL), only in the rare body that holds one. A list field's strings come
    # one by one from json_each, so that the index never sees JSON punctuation.
    clean = (
        rf"(CASE WHEN instr({body}, '\u0000') > 0 THEN replace(replace(replace({body}, "
        rf"'\\', char(57344)), '\u0000', ' '), char(57344), '\\') ELSE {body} END)"
    )
    parts = [
        f"coalesce((SELECT group_concat(value, ' ') FROM json_each({clean}, '$.{name}')), '')"
        if _is_list(kind, name)
        else f"coalesce(json_extract({clean}, '$.{name}'), '')"
        for name in kind.text
    ]
    return " || ' ' || ".join(parts)


def _sqlite(kind: Kind[Any]) -> list[str]:
    table, fts = kind.table, fts_table(kind)
    new, old = _sqlite_doc(kind, "NEW.body"), _sqlite_doc(kind, "OLD.body")
    insert = f"INSERT INTO {fts} (rowid, doc) VALUES (NEW.rowid, {new});"
    # A contentless table forgets a row when told the exact text it indexed.
    delete = f"INSERT INTO {fts} ({fts}, rowid, doc) VALUES ('delete', OLD.rowid, {old});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(doc, content='', "
        "tokenize='unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF body ON {table} BEGIN {delete} {insert} END",
        # Rows stored before the kind declared text (an upgrade) join the index now.
        f"INSERT INTO {fts} (rowid, doc) SELECT rowid, {_sqlite_doc(kind, 'body')} FROM {table}",
    ]


def _postgres(kind: Kind[Any], config: str) -> list[str]:
    table = kind.table
    fields = ", ".join(f"'{name}'" for name in kind.text)
    return [
        _PG_FUNCTION,
        # Adding a stored generated column computes it for the rows already there.
        f"ALTER TABLE {table} ADD COLUMN text_vector tsvector GENERATED ALWAYS AS "
        f"(to_tsvector('{config}'::regconfig, backoffice_text(body, ARRAY[{fields}]))) STORED",
        f"CREATE INDEX {table}_fts ON {table} USING GIN (text_vector)",
    ]


def text_statements(kind: Kind[Any], dialect: Dialect) -> list[str]:
    """Return the DDL that indexes ``kind``'s text fields on an existing table.

    Run after the table's own statements when the table is created, or alone when a
    kind gains ``text`` on a database whose table exists (rows there are indexed too).
    Empty for a kind without ``text``.
    """
    if not kind.text:
        return []
    if dialect.name == "postgresql":
        return _postgres(kind, dialect.text_config)
    return _sqlite(kind)
