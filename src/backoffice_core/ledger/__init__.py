"""The double-entry ledger: chart of accounts, journal, periods, budgets and reports."""

from backoffice_core.ledger.approvals import (
    APPROVAL_POLICY,
    BATCHES,
    ApprovalPolicy,
    BatchApprovals,
    BatchStatus,
    JournalBatch,
)
from backoffice_core.ledger.batch import EntryBatch
from backoffice_core.ledger.budgets import BudgetVsActual
from backoffice_core.ledger.charts import chart_markdown, generic_chart
from backoffice_core.ledger.comparison import Compare
from backoffice_core.ledger.errors import (
    AccountHierarchyError,
    AmountTooLargeError,
    ApprovalRequiredError,
    HeaderAccountError,
    InactiveAccountError,
    UnknownAccountError,
    UnknownEntryError,
)
from backoffice_core.ledger.financial_statements import BalanceSheet, IncomeStatement
from backoffice_core.ledger.heads import DayActivity, EntryHead
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
from backoffice_core.ledger.ports import LedgerStore, StoredEntry, StoredLine
from backoffice_core.ledger.posting import MAX_LINE_UNITS
from backoffice_core.ledger.reports import CashFlowStatement, GeneralLedger, TrialBalance
from backoffice_core.ledger.service import Ledger, PostingSummary  # isort: split

from backoffice_core.ledger.bank_import import (
    BankColumns,
    BankRule,
    StatementMatch,
    match_statement,
)
from backoffice_core.ledger.exports import journal_csv, journal_json, to_beancount
from backoffice_core.ledger.journal_import import (
    ImportMode,
    ImportResult,
    JournalColumns,
    JournalImportError,
    RowProblem,
    import_journal,
)
from backoffice_core.ledger.tabular import parse_number

__all__ = [
    "APPROVAL_POLICY",
    "BATCHES",
    "MAX_LINE_UNITS",
    "Account",
    "AccountHierarchyError",
    "AccountType",
    "Activity",
    "AmountTooLargeError",
    "ApprovalPolicy",
    "ApprovalRequiredError",
    "BalanceRow",
    "BalanceSheet",
    "BankColumns",
    "BankRule",
    "BatchApprovals",
    "BatchStatus",
    "BudgetLine",
    "BudgetVsActual",
    "CashFlowStatement",
    "Compare",
    "DayActivity",
    "DimensionBalanceRow",
    "EntryAccountRow",
    "EntryBatch",
    "EntryDraft",
    "EntryHead",
    "EntryKind",
    "GeneralLedger",
    "HeaderAccountError",
    "Heading",
    "ImportMode",
    "ImportResult",
    "InactiveAccountError",
    "IncomeStatement",
    "JournalBatch",
    "JournalColumns",
    "JournalEntry",
    "JournalImportError",
    "Ledger",
    "LedgerSettings",
    "LedgerStore",
    "Line",
    "LineRow",
    "PeriodStatus",
    "PostingSummary",
    "ReversalDate",
    "RowProblem",
    "Section",
    "SectionBlock",
    "Side",
    "StatementLayout",
    "StatementMatch",
    "StoredEntry",
    "StoredLine",
    "Subtotal",
    "TrialBalance",
    "UnknownAccountError",
    "UnknownEntryError",
    "balance_sheet_layout",
    "chart_markdown",
    "generic_chart",
    "import_journal",
    "income_statement_layout",
    "journal_csv",
    "journal_json",
    "match_statement",
    "parse_number",
    "to_beancount",
]
