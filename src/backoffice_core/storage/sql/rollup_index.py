"""The covering indexes of a record kind's rollups, on SQLite and PostgreSQL.

A :class:`~backoffice_core.records.Rollup` names the fields a kind's totals are grouped
by and filtered on. Its index holds, after ``entity``, the group columns in the
rollup's order, the currency column of each Money total (totals group by currency
too), the filter columns, and the totalled columns, so that ``SUM … GROUP BY`` over
those fields reads the index alone and meets the groups in index order (no sort):

- SQLite: every column is a key column (``… USING COVERING INDEX``).
- PostgreSQL: the group, currency and filter columns are key columns, ``NULLS FIRST``
  as the store orders totals; the totalled columns are ``INCLUDE``-d (an index-only
  scan reads them, the B-tree does not sort by them).

The statements are part of the kind's layout and digest only for a kind that declares
rollups, so every other kind keeps the digest it had before rollups existed. An index
is named after a digest of its rollup (not its place in the declaration), and the
statements are sorted by name, so declaring the same rollups in another order is the
same layout, and a rollup added later gets its own index next to the ones there.
"""

from __future__ import annotations

import hashlib
from typing import Any

from backoffice_core.records import Kind, Rollup
from backoffice_core.storage.sql.dialect import Dialect

__all__ = ["rollup_index", "rollup_statements"]


def rollup_index(kind: Kind[Any], rollup: Rollup) -> str:
    """Return the name of ``rollup``'s index on ``kind``'s table."""
    spec = ",".join(rollup.by) + "|" + ",".join(rollup.where)
    return f"{kind.table}_r{hashlib.sha256(spec.encode()).hexdigest()[:10]}"


def _statement(kind: Kind[Any], rollup: Rollup, dialect: Dialect) -> str:
    currencies = [f"f_{f.name}__ccy" for f in kind.fields if f.type == "money"]
    keys = [*(f"f_{name}" for name in rollup.by), *currencies]
    keys += [f"f_{name}" for name in rollup.where]
    totals = [f"f_{name}" for name in kind.totals]
    name, table = rollup_index(kind, rollup), kind.table
    if dialect.name == "postgresql":
        ordered = ", ".join(f"{column} NULLS FIRST" for column in keys)
        return f"CREATE INDEX {name} ON {table} (entity, {ordered}) INCLUDE ({', '.join(totals)})"
    return f"CREATE INDEX {name} ON {table} (entity, {', '.join([*keys, *totals])})"


def rollup_statements(
    kind: Kind[Any], dialect: Dialect, rollups: tuple[Rollup, ...] | None = None
) -> list[str]:
    """Return the DDL of ``kind``'s rollup indexes (or of ``rollups`` among them).

    Run after the table's statements when the table is created, or alone when a kind
    gains rollups on a database whose table exists (the index covers the rows there).
    Empty for a kind without rollups.
    """
    chosen = kind.rollups if rollups is None else rollups
    ordered = sorted(chosen, key=lambda r: rollup_index(kind, r))
    return [_statement(kind, rollup, dialect) for rollup in ordered]
