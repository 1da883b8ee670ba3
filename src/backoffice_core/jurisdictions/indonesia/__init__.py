"""Indonesian statutory calculations: PPh 21, BPJS, THR, overtime, depreciation, PPN.

Pure, typed functions and attrs value objects, with no storage and no services. The
parameters (TER tables, PTKP, Pasal 17, BPJS rates and caps, UMP, PPN, depreciation
groups, deadlines) are effective-dated data in :mod:`.parameters`; every result can
explain itself in Bahasa Indonesia or English. :func:`payroll_rules` bundles what the
payroll domain needs and :func:`payroll_accounts` maps a run onto
:func:`chart_of_accounts`, the ledger's chart template.
"""

from __future__ import annotations

from backoffice_core.jurisdictions.indonesia.asset_books import (
    FiscalDepreciationBook,
    asset_categories,
)
from backoffice_core.jurisdictions.indonesia.bpa1 import Bpa1, bpa1, bpa1_xml
from backoffice_core.jurisdictions.indonesia.bpjs import (
    BpjsContributions,
    BpjsProgram,
    Contribution,
    bpjs_contributions,
    jkk_class,
)
from backoffice_core.jurisdictions.indonesia.bpmp import Bpmp, BpmpRow, bpmp
from backoffice_core.jurisdictions.indonesia.chart import chart_of_accounts
from backoffice_core.jurisdictions.indonesia.compliance import (
    compliance_rules,
    idul_fitri,
    statutory_calendar,
)
from backoffice_core.jurisdictions.indonesia.deadlines import (
    Shift,
    TaxpayerKind,
    annual_return_due,
    is_working_day,
    next_working_day,
    previous_working_day,
    thr_payment_due,
    withholding_payment_due,
    withholding_return_due,
)
from backoffice_core.jurisdictions.indonesia.depreciation import (
    DepreciationMethod,
    DepreciationPeriod,
    DepreciationSchedule,
    depreciation_schedule,
)
from backoffice_core.jurisdictions.indonesia.documents import (
    LetterNumbering,
    company_code,
    document_rules,
    retention_policies,
)
from backoffice_core.jurisdictions.indonesia.errors import (
    DepreciationMethodError,
    EmploymentPeriodError,
    InvalidArgumentTypeError,
    InvalidIdentifierError,
    InvalidLetterNumberError,
    InvalidMonthError,
    InvalidOptionError,
    NegativeAmountError,
    OvertimeHoursError,
    UnknownJkkClassError,
    UnknownPtkpStatusError,
    UnsupportedLanguageError,
)
from backoffice_core.jurisdictions.indonesia.explanation import (
    Explanation,
    ExplanationLine,
    Percentage,
)
from backoffice_core.jurisdictions.indonesia.grossup import GrossUp, gross_up
from backoffice_core.jurisdictions.indonesia.identifiers import (
    Nik,
    Nitku,
    Npwp,
    format_npwp,
    nitku,
    validate_nik,
    validate_nitku,
    validate_npwp,
)
from backoffice_core.jurisdictions.indonesia.inventory import stock_accounts
from backoffice_core.jurisdictions.indonesia.letters import LetterNumber, parse_letter_number
from backoffice_core.jurisdictions.indonesia.overtime import (
    OvertimeDay,
    OvertimePay,
    WorkWeek,
    hourly_wage,
    overtime_pay,
)
from backoffice_core.jurisdictions.indonesia.parameters import (
    AssetGroup,
    EffectiveTable,
    JkkRiskClass,
    PtkpStatus,
    TerCategory,
    carry_forward_tables,
)
from backoffice_core.jurisdictions.indonesia.payroll_accounts import payroll_accounts
from backoffice_core.jurisdictions.indonesia.pph21 import (
    BiayaJabatanCap,
    DailyWithholding,
    MonthlyWithholding,
    Pph21Options,
    daily_withholding,
    employment_months,
    monthly_withholding,
    ter_category,
)
from backoffice_core.jurisdictions.indonesia.reconciliation import (
    AnnualReconciliation,
    PayPeriod,
    PreviousEmployerSlip,
    TaxYearWithholding,
    last_period_withholding,
    withhold_year,
)
from backoffice_core.jurisdictions.indonesia.rules import (
    IndonesianPayrollRules,
    minimum_wage,
    payroll_rules,
)
from backoffice_core.jurisdictions.indonesia.tables import parameter_tables_markdown
from backoffice_core.jurisdictions.indonesia.thr import (
    ServiceCounting,
    ThrEntitlement,
    average_monthly_wage,
    thr_entitlement,
    thr_late_fine,
)
from backoffice_core.jurisdictions.indonesia.vat import VatCalculation, vat

__all__ = [
    "AnnualReconciliation",
    "AssetGroup",
    "BiayaJabatanCap",
    "Bpa1",
    "BpjsContributions",
    "BpjsProgram",
    "Bpmp",
    "BpmpRow",
    "Contribution",
    "DailyWithholding",
    "DepreciationMethod",
    "DepreciationMethodError",
    "DepreciationPeriod",
    "DepreciationSchedule",
    "EffectiveTable",
    "EmploymentPeriodError",
    "Explanation",
    "ExplanationLine",
    "FiscalDepreciationBook",
    "GrossUp",
    "IndonesianPayrollRules",
    "InvalidArgumentTypeError",
    "InvalidIdentifierError",
    "InvalidLetterNumberError",
    "InvalidMonthError",
    "InvalidOptionError",
    "JkkRiskClass",
    "LetterNumber",
    "LetterNumbering",
    "MonthlyWithholding",
    "NegativeAmountError",
    "Nik",
    "Nitku",
    "Npwp",
    "OvertimeDay",
    "OvertimeHoursError",
    "OvertimePay",
    "PayPeriod",
    "Percentage",
    "Pph21Options",
    "PreviousEmployerSlip",
    "PtkpStatus",
    "ServiceCounting",
    "Shift",
    "TaxYearWithholding",
    "TaxpayerKind",
    "TerCategory",
    "ThrEntitlement",
    "UnknownJkkClassError",
    "UnknownPtkpStatusError",
    "UnsupportedLanguageError",
    "VatCalculation",
    "WorkWeek",
    "annual_return_due",
    "asset_categories",
    "average_monthly_wage",
    "bpa1",
    "bpa1_xml",
    "bpjs_contributions",
    "bpmp",
    "carry_forward_tables",
    "chart_of_accounts",
    "company_code",
    "compliance_rules",
    "daily_withholding",
    "depreciation_schedule",
    "document_rules",
    "employment_months",
    "format_npwp",
    "gross_up",
    "hourly_wage",
    "idul_fitri",
    "is_working_day",
    "jkk_class",
    "last_period_withholding",
    "minimum_wage",
    "monthly_withholding",
    "next_working_day",
    "nitku",
    "overtime_pay",
    "parameter_tables_markdown",
    "parse_letter_number",
    "payroll_accounts",
    "payroll_rules",
    "previous_working_day",
    "retention_policies",
    "statutory_calendar",
    "stock_accounts",
    "ter_category",
    "thr_entitlement",
    "thr_late_fine",
    "thr_payment_due",
    "validate_nik",
    "validate_nitku",
    "validate_npwp",
    "vat",
    "withhold_year",
    "withholding_payment_due",
    "withholding_return_due",
]
