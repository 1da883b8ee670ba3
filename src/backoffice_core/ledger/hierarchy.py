"""The account hierarchy's rules: every parent exists, no account is its own ancestor.

Reports add an account's children into its balance by walking the hierarchy, so a
missing parent or a cycle would make a parent's balance silently drop accounts. The
ledger checks each new or changed account here before it writes anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from backoffice_core.ledger.errors import AccountHierarchyError, UnknownAccountError
from backoffice_core.ledger.models import Account

__all__ = ["check_hierarchy"]


def check_hierarchy(chart: Mapping[str, Account], changed: Iterable[Account]) -> None:
    """Check the parents of ``changed`` accounts against ``chart`` (the chart after the change).

    Args:
        chart: Every account by code, the changed ones included.
        changed: The accounts that are new or whose parent may have changed.

    Raises:
        AccountHierarchyError: If an account is its own parent or its own ancestor.
        UnknownAccountError: If a parent is not in the chart.
    """
    for account in changed:
        if account.parent is None:
            continue
        if account.parent == account.code:
            raise AccountHierarchyError(
                f"account {account.code!r} names itself as parent: give another parent or None"
            )
        path = [account.code]
        parent: str | None = account.parent
        while parent is not None:
            if parent not in chart:
                raise UnknownAccountError(
                    f"parent account {parent!r} of {path[-1]!r} is not in the chart; "
                    "add the parent first"
                )
            if parent in path:
                cycle = " -> ".join([*path[path.index(parent) :], parent])
                raise AccountHierarchyError(
                    f"account {account.code!r} with parent {account.parent!r} makes a cycle "
                    f"({cycle}): an account cannot be its own ancestor; choose another parent"
                )
            path.append(parent)
            parent = chart[parent].parent
