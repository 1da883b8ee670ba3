"""The double-entry ledger: chart of accounts, journal, periods, budgets and reports."""

from backoffice_core.ledger.batch import EntryBatch
from backoffice_core.ledger.charts import generic_chart
from backoffice_core.ledger.errors import (
    AccountHierarchyError,
    AmountTooLargeError,
    InactiveAccountError,
    UnknownAccountError,
    UnknownEntryError,
)
from backoffice_core.ledger.models import (
    Account,
    AccountType,
    Activity,
    BalanceRow,
    BudgetLine,
    EntryDraft,
    EntryKind,
    JournalEntry,
    LedgerSettings,
    Line,
    LineRow,
    PeriodStatus,
    ReversalDate,
    Side,
)
from backoffice_core.ledger.ports import LedgerStore, StoredEntry, StoredLine
from backoffice_core.ledger.posting import MAX_LINE_UNITS
from backoffice_core.ledger.reports import (
    BalanceSheet,
    BudgetVsActual,
    CashFlowStatement,
    GeneralLedger,
    IncomeStatement,
    TrialBalance,
)
from backoffice_core.ledger.service import Ledger, PostingSummary

__all__ = [
    "MAX_LINE_UNITS",
    "Account",
    "AccountHierarchyError",
    "AccountType",
    "Activity",
    "AmountTooLargeError",
    "BalanceRow",
    "BalanceSheet",
    "BudgetLine",
    "BudgetVsActual",
    "CashFlowStatement",
    "EntryBatch",
    "EntryDraft",
    "EntryKind",
    "GeneralLedger",
    "InactiveAccountError",
    "IncomeStatement",
    "JournalEntry",
    "Ledger",
    "LedgerSettings",
    "LedgerStore",
    "Line",
    "LineRow",
    "PeriodStatus",
    "PostingSummary",
    "ReversalDate",
    "Side",
    "StoredEntry",
    "StoredLine",
    "TrialBalance",
    "UnknownAccountError",
    "UnknownEntryError",
    "generic_chart",
]
