"""The double-entry ledger: chart of accounts, journal, periods, budgets and reports."""

from backoffice_core.ledger.budgets import BudgetVsActual
from backoffice_core.ledger.charts import generic_chart
from backoffice_core.ledger.comparison import Compare
from backoffice_core.ledger.errors import (
    HeaderAccountError,
    InactiveAccountError,
    UnknownAccountError,
    UnknownEntryError,
)
from backoffice_core.ledger.financial_statements import BalanceSheet, IncomeStatement
from backoffice_core.ledger.layouts import (
    Heading,
    SectionBlock,
    StatementLayout,
    Subtotal,
    balance_sheet_layout,
    income_statement_layout,
)
from backoffice_core.ledger.models import (
    Account,
    AccountType,
    Activity,
    BalanceRow,
    BudgetLine,
    DimensionBalanceRow,
    EntryAccountRow,
    EntryDraft,
    EntryKind,
    JournalEntry,
    LedgerSettings,
    Line,
    LineRow,
    PeriodStatus,
    ReversalDate,
    Section,
    Side,
)
from backoffice_core.ledger.ports import LedgerStore
from backoffice_core.ledger.reports import CashFlowStatement, GeneralLedger, TrialBalance
from backoffice_core.ledger.service import Ledger, PostingSummary

__all__ = [
    "Account",
    "AccountType",
    "Activity",
    "BalanceRow",
    "BalanceSheet",
    "BudgetLine",
    "BudgetVsActual",
    "CashFlowStatement",
    "Compare",
    "DimensionBalanceRow",
    "EntryAccountRow",
    "EntryDraft",
    "EntryKind",
    "GeneralLedger",
    "HeaderAccountError",
    "Heading",
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
    "Section",
    "SectionBlock",
    "Side",
    "StatementLayout",
    "Subtotal",
    "TrialBalance",
    "UnknownAccountError",
    "UnknownEntryError",
    "balance_sheet_layout",
    "generic_chart",
    "income_statement_layout",
]
