"""A generic chart-of-accounts template for any jurisdiction.

:func:`generic_chart` returns a small, hierarchical chart in English with the codes
the examples use; jurisdiction packs provide their own (see
``backoffice_core.jurisdictions.indonesia.chart_of_accounts``).
"""

from __future__ import annotations

from backoffice_core.ledger.models import Account, AccountType, Activity

__all__ = ["generic_chart"]

_A, _L, _E, _I, _X = (
    AccountType.ASSET,
    AccountType.LIABILITY,
    AccountType.EQUITY,
    AccountType.INCOME,
    AccountType.EXPENSE,
)

_GENERIC: tuple[tuple[str, str, AccountType, str | None, dict[str, object]], ...] = (
    ("1000", "Assets", _A, None, {}),
    ("1100", "Cash and cash equivalents", _A, "1000", {"cash": True}),
    ("1110", "Cash on hand", _A, "1100", {"cash": True}),
    ("1120", "Bank", _A, "1100", {"cash": True}),
    ("1200", "Accounts receivable", _A, "1000", {}),
    ("1300", "Inventory", _A, "1000", {}),
    ("1400", "Prepaid expenses", _A, "1000", {}),
    ("1500", "Property, plant and equipment", _A, "1000", {"activity": Activity.INVESTING}),
    ("1590", "Accumulated depreciation", _A, "1500", {"activity": Activity.INVESTING}),
    ("2000", "Liabilities", _L, None, {}),
    ("2100", "Accounts payable", _L, "2000", {}),
    ("2200", "Taxes payable", _L, "2000", {}),
    ("2300", "Accrued expenses", _L, "2000", {}),
    ("2500", "Long-term loans", _L, "2000", {"activity": Activity.FINANCING}),
    ("3000", "Equity", _E, None, {}),
    ("3100", "Share capital", _E, "3000", {}),
    ("3200", "Retained earnings", _E, "3000", {}),
    ("4000", "Revenue", _I, None, {}),
    ("4100", "Sales", _I, "4000", {}),
    ("4900", "Other income", _I, "4000", {}),
    ("5000", "Cost of sales", _X, None, {}),
    ("6000", "Operating expenses", _X, None, {}),
    ("6100", "Salaries and wages", _X, "6000", {}),
    ("6110", "Rent", _X, "6000", {}),
    ("6200", "Utilities", _X, "6000", {}),
    ("6300", "Depreciation", _X, "6000", {}),
    ("6900", "Other expenses", _X, "6000", {}),
)


def generic_chart(currency: str | None = None) -> list[Account]:
    """Return a generic chart of accounts.

    Args:
        currency: Restrict every account to this currency; any currency when None.
    """
    return [
        Account.model_validate(
            {
                "code": code,
                "name": name,
                "type": kind,
                "parent": parent,
                "currency": currency,
                **extra,
            }
        )
        for code, name, kind, parent, extra in _GENERIC
    ]
