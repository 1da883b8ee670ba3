"""Least-privilege grants for an application role on PostgreSQL.

The journal and the audit chain are append-only: the library never updates or deletes
an entry, a line or an audit record, so an application role gets ``SELECT`` and
``INSERT`` on them and nothing else; the server then refuses an ``UPDATE`` or
``DELETE`` from that role, whatever the code that runs as it. Settings, accounts,
periods and budgets are versioned records that the library updates (an account
renamed, a period closed, a budget changed, settings upserted when books open), so
they also get ``UPDATE``, still never ``DELETE``. ``schema_version`` and the record
kinds registry are read at open. Record kinds' tables get what their kind needs
(``kinds=``), numbering series are updated, and file contents may be deleted, since a
document disposal discards them.

Create the tables as their owner (open the database once as that role, which
migrates it), then apply :func:`application_grants` for the role the application
connects as, and connect as that role (neither a superuser nor the owner).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from backoffice_core.errors import InvalidInputError
from backoffice_core.records import Kind
from backoffice_core.storage.sql.text_index import PG_TEXT_FUNCTION

__all__ = [
    "APPEND_ONLY_TABLES",
    "DISPOSABLE_TABLES",
    "READ_ONLY_TABLES",
    "UPDATABLE_TABLES",
    "application_grants",
]

APPEND_ONLY_TABLES = ("entries", "lines", "audit_records")
"""Tables an application role may read and append to, never change: SELECT, INSERT."""

UPDATABLE_TABLES = ("ledger_settings", "accounts", "periods", "budgets", "record_numbers")
"""Tables of versioned records the library updates: SELECT, INSERT, UPDATE."""

READ_ONLY_TABLES = ("schema_version", "record_kinds")
"""Tables an application role only reads: SELECT."""

DISPOSABLE_TABLES = ("blobs",)
"""File contents, which a disposal discards: SELECT, INSERT, DELETE (never UPDATE)."""

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_$]{0,62}")


def application_grants(
    role: str, schema: str = "public", kinds: Sequence[Kind[Any]] = ()
) -> list[str]:
    """Return the statements that give ``role`` exactly what the library needs.

    They first revoke every privilege the role holds on the library's tables, so
    applying them again, or after broader grants, leaves exactly these.

    Args:
        role: The PostgreSQL role the application connects as.
        schema: The schema holding the library's tables.
        kinds: The record kinds the application stores (create their tables first with
            ``backend.ensure_kind``): an append-only kind's table gets SELECT and INSERT,
            another kind's SELECT, INSERT and UPDATE; none gets DELETE. When a kind
            declares ``text``, the role may also execute the function that computes
            its full-text column (the column is in the kind's table, under its
            row-level security).

    Returns:
        ``REVOKE`` and ``GRANT`` statements, to run as the tables' owner.

    Raises:
        InvalidInputError: If ``role`` or ``schema`` is not a plain SQL identifier.

    Example:
        >>> application_grants("bo_app")[-1]
        'GRANT SELECT, INSERT, UPDATE ON public.ledger_settings, public.accounts, \
public.periods, public.budgets, public.record_numbers TO bo_app'
    """
    for what, name in (("role", role), ("schema", schema)):
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise InvalidInputError(
                f"{what} {name!r} is not a plain SQL identifier (letters, digits, _ and $, "
                "not starting with a digit, at most 63 characters): rename it"
            )

    def tables(names: tuple[str, ...]) -> str:
        return ", ".join(f"{schema}.{n}" for n in names)

    appended = (*APPEND_ONLY_TABLES, *(k.table for k in kinds if k.append_only))
    updated = (*UPDATABLE_TABLES, *(k.table for k in kinds if not k.append_only))
    every = (*READ_ONLY_TABLES, *appended, *updated, *DISPOSABLE_TABLES)
    out = [
        f"REVOKE ALL ON {tables(every)} FROM {role}",
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"GRANT SELECT ON {tables(READ_ONLY_TABLES)} TO {role}",
        f"GRANT SELECT, INSERT ON {tables(appended)} TO {role}",
        f"GRANT SELECT, INSERT, DELETE ON {tables(DISPOSABLE_TABLES)} TO {role}",
        f"GRANT SELECT, INSERT, UPDATE ON {tables(updated)} TO {role}",
    ]
    if any(k.text for k in kinds):
        # The full-text column of such kinds is computed by this function on every write.
        out.append(f"GRANT EXECUTE ON FUNCTION {schema}.{PG_TEXT_FUNCTION} TO {role}")
    return out
