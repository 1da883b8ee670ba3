"""The default payroll account mapping on the Indonesian chart of accounts.

Salaries and wages to 6210 (Beban gaji dan upah), THR to 6220, employer BPJS and other
employer contributions to 6230 (Beban BPJS); PPh 21 to 2141 (Utang PPh 21); BPJS
Kesehatan to 2151 and the four BPJS Ketenagakerjaan programmes (JHT, JP, JKK, JKM) to
2152, each line tagged with its programme; other deductions and employer contributions
to 2130 (Biaya yang masih harus dibayar); net pay to 2120 (Utang gaji), paid from 1121
(Bank - rupiah).
"""

from __future__ import annotations

from typing import Any

from backoffice_core.errors import InvalidInputError
from backoffice_core.payroll import AccountMapping

__all__ = ["payroll_accounts"]


def payroll_accounts(**overrides: Any) -> AccountMapping:
    """Return the payroll account mapping on :func:`.chart_of_accounts`, with overrides.

    Args:
        **overrides: Any field of :class:`~backoffice_core.payroll.AccountMapping`,
            such as ``bank="1110"`` to pay from cash.

    Raises:
        InvalidInputError: If an override is not a field of the mapping.
    """
    fields: dict[str, Any] = {
        "salary_expense": "6210",
        "expense_by_component": {"thr": "6220"},
        "employer_expense": "6230",
        "tax_payable": "2141",
        "social_security_payable": {
            "KESEHATAN": "2151",
            "JHT": "2152",
            "JP": "2152",
            "JKK": "2152",
            "JKM": "2152",
        },
        "social_security_default": "2152",
        "deductions_payable": "2130",
        "employer_contribution_payable": "2130",
        "net_pay_payable": "2120",
        "bank": "1121",
    }
    unknown = sorted(set(overrides) - set(AccountMapping.model_fields))
    if unknown:
        raise InvalidInputError(
            f"payroll account mapping has no field {unknown[0]!r}: use one of "
            f"{', '.join(AccountMapping.model_fields)}"
        )
    return AccountMapping(**(fields | overrides))
