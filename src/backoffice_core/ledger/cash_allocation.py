"""What each cash entry's cash paid for: the allocation behind the direct cash flow.

The cash an entry moves (the net of its cash-account lines) is spread over the
counter-lines on the other side of the entry, in proportion to their amounts, with
the largest-remainder rule so that no minor unit is lost. Counter-lines on the same
side as the cash move no cash: rent of 10,000,000 paid as 9,000,000 from the bank
and 1,000,000 of PPh 4 ayat (2) withheld is 9,000,000 paid for rent, and no cash
received for the tax payable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from backoffice_core.ledger.models import EntryAccountRow

__all__ = ["allocate", "cash_by_counter_account"]


def allocate(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` minor units in proportion to positive ``weights``, exactly.

    Each part is rounded down, then the units left over go one each to the parts with
    the largest remainders (the earliest first on a tie). The parts add up to
    ``total`` and carry its sign.
    """
    whole = sum(weights)
    if whole <= 0:
        return [0] * len(weights)
    size = abs(total)
    parts = [size * w // whole for w in weights]
    left = size - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(size * weights[i] % whole), i))
    for i in order[:left]:
        parts[i] += 1
    sign = 1 if total >= 0 else -1
    return [sign * p for p in parts]


def cash_by_counter_account(rows: Iterable[EntryAccountRow], cash: set[str]) -> dict[str, int]:
    """Return the cash received (positive) or paid (negative) per counter-account.

    Args:
        rows: Per entry and account, the signed base units of every entry that
            touches cash (:meth:`~backoffice_core.ledger.LedgerStore.cash_entry_lines`).
        cash: The cash account codes.
    """
    entries: dict[str, list[EntryAccountRow]] = {}
    for row in rows:
        entries.setdefault(row.entry_id, []).append(row)
    out: dict[str, int] = {}
    for lines in entries.values():
        moved = sum(r.base for r in lines if r.account in cash)
        if moved == 0:
            continue
        # Cash debited (received) is explained by the credits, and the other way round.
        others = [r for r in lines if r.account not in cash and r.base * moved < 0]
        parts = allocate(moved, [abs(r.base) for r in others])
        for row, part in zip(others, parts, strict=True):
            out[row.account] = out.get(row.account, 0) + part
    return out
