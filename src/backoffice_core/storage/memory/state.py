"""One entity's records in memory, as a committed state and a writer's working copy.

:class:`State` is what a reader sees: settings, chart, periods, budgets, the day
totals behind every balance, and how many journal entries, lines and audit records
are visible. The committed state is never changed in place. A writer works on a copy
(:meth:`State.copy`), copying each dict the first time it changes it, and the commit
publishes the copy by swapping one reference. So a reader never sees a write that is
not committed, and never waits for a writer.
"""

from __future__ import annotations

from typing import Any

from backoffice_core.audit.models import AuditRecord
from backoffice_core.ledger.models import Account, BudgetLine, LedgerSettings, PeriodStatus
from backoffice_core.storage.memory.journal import Journal, SumKey, Sums, SumValue

__all__ = ["Books", "State"]


class State:
    """The records of one entity at one moment (see the module docstring)."""

    __slots__ = (
        "_owned",
        "accounts",
        "audit",
        "budgets",
        "entries",
        "lines",
        "periods",
        "settings",
        "sums",
    )

    def __init__(self) -> None:
        self.settings: LedgerSettings | None = None
        self.accounts: dict[str, Account] = {}
        self.periods: dict[str, PeriodStatus] = {}
        self.budgets: dict[tuple[str, str], BudgetLine] = {}
        self.sums: Sums = {}
        self.entries = 0
        self.lines = 0
        self.audit = 0
        self._owned: set[Any] = set()

    def copy(self) -> State:
        """Return a working copy that shares every dict until it changes one."""
        new = State()
        new.settings = self.settings
        new.accounts, new.periods, new.budgets = self.accounts, self.periods, self.budgets
        new.sums = self.sums
        new.entries, new.lines, new.audit = self.entries, self.lines, self.audit
        return new

    def own(self, name: str) -> dict[Any, Any]:
        """Return the dict ``name`` of this working copy, copying it on first use."""
        if name not in self._owned:
            setattr(self, name, dict(getattr(self, name)))
            self._owned.add(name)
        value: dict[Any, Any] = getattr(self, name)
        return value

    def own_sums(self, key: SumKey) -> dict[int, SumValue]:
        """Return the day totals of ``key`` in this working copy, copied on first use."""
        sums = self.own("sums")
        if key not in self._owned:
            sums[key] = dict(sums.get(key, {}))
            self._owned.add(key)
        days: dict[int, SumValue] = sums[key]
        return days

    def freeze(self) -> State:
        """Return this copy as a committed state (it must not change afterwards)."""
        self._owned = set()
        return self


class Books:
    """One entity's records: the committed state, a writer's copy, and the append-only logs.

    The journal and the audit list are shared by the states: entries beyond a state's
    counts are a transaction's, and a rollback truncates them.
    """

    def __init__(self) -> None:
        self.committed = State()
        self.working: State | None = None
        self.journal = Journal()
        self.audit: list[AuditRecord] = []
