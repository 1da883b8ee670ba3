"""A generic chart-of-accounts template for any jurisdiction.

:func:`generic_chart` returns a small, hierarchical chart in English (with the
Indonesian names in ``names["id"]``) with the codes the examples use. Headers take no
postings, and the top of each statement section carries its
:class:`~backoffice_core.ledger.Section`; jurisdiction packs provide their own (see
``backoffice_core.jurisdictions.indonesia.chart_of_accounts``).
"""

from __future__ import annotations

from collections.abc import Iterable

from backoffice_core.ledger.layouts import resolve_sections
from backoffice_core.ledger.models import Account, AccountType, Activity, Section

__all__ = ["chart_markdown", "generic_chart"]

_A, _L, _E, _I, _X = (
    AccountType.ASSET,
    AccountType.LIABILITY,
    AccountType.EQUITY,
    AccountType.INCOME,
    AccountType.EXPENSE,
)
_CA, _NCA, _CL, _NCL, _EQ = (
    Section.CURRENT_ASSETS,
    Section.NON_CURRENT_ASSETS,
    Section.CURRENT_LIABILITIES,
    Section.NON_CURRENT_LIABILITIES,
    Section.EQUITY,
)
_REV, _COR, _OPX, _OI, _OX = (
    Section.REVENUE,
    Section.COST_OF_REVENUE,
    Section.OPERATING_EXPENSES,
    Section.OTHER_INCOME,
    Section.OTHER_EXPENSES,
)

_GENERIC: tuple[tuple[str, str, AccountType, str | None, dict[str, object]], ...] = (
    ("1000", "Assets", _A, None, {"section": _CA, "postable": False, "names": {"id": "Aset"}}),
    (
        "1100",
        "Cash and cash equivalents",
        _A,
        "1000",
        {"cash": True, "postable": False, "names": {"id": "Kas dan setara kas"}},
    ),
    ("1110", "Cash on hand", _A, "1100", {"cash": True, "names": {"id": "Kas"}}),
    ("1120", "Bank", _A, "1100", {"cash": True, "names": {"id": "Bank"}}),
    ("1200", "Accounts receivable", _A, "1000", {"names": {"id": "Piutang usaha"}}),
    ("1300", "Inventory", _A, "1000", {"names": {"id": "Persediaan"}}),
    ("1400", "Prepaid expenses", _A, "1000", {"names": {"id": "Biaya dibayar di muka"}}),
    (
        "1500",
        "Property, plant and equipment",
        _A,
        "1000",
        {
            "activity": Activity.INVESTING,
            "section": _NCA,
            "names": {"id": "Aset tetap"},
        },
    ),
    (
        "1590",
        "Accumulated depreciation",
        _A,
        "1500",
        {"activity": Activity.INVESTING, "names": {"id": "Akumulasi penyusutan"}},
    ),
    (
        "2000",
        "Liabilities",
        _L,
        None,
        {"section": _CL, "postable": False, "names": {"id": "Liabilitas"}},
    ),
    ("2100", "Accounts payable", _L, "2000", {"names": {"id": "Utang usaha"}}),
    ("2200", "Taxes payable", _L, "2000", {"names": {"id": "Utang pajak"}}),
    ("2300", "Accrued expenses", _L, "2000", {"names": {"id": "Biaya yang masih harus dibayar"}}),
    (
        "2500",
        "Long-term loans",
        _L,
        "2000",
        {
            "activity": Activity.FINANCING,
            "section": _NCL,
            "names": {"id": "Utang bank jangka panjang"},
        },
    ),
    ("3000", "Equity", _E, None, {"section": _EQ, "postable": False, "names": {"id": "Ekuitas"}}),
    ("3100", "Share capital", _E, "3000", {"names": {"id": "Modal saham"}}),
    ("3200", "Retained earnings", _E, "3000", {"names": {"id": "Saldo laba"}}),
    (
        "4000",
        "Revenue",
        _I,
        None,
        {"section": _REV, "postable": False, "names": {"id": "Pendapatan"}},
    ),
    ("4100", "Sales", _I, "4000", {"names": {"id": "Penjualan"}}),
    (
        "4900",
        "Other income",
        _I,
        "4000",
        {"section": _OI, "names": {"id": "Pendapatan lain-lain"}},
    ),
    (
        "5000",
        "Cost of sales",
        _X,
        None,
        {"section": _COR, "names": {"id": "Beban pokok penjualan"}},
    ),
    (
        "6000",
        "Operating expenses",
        _X,
        None,
        {"section": _OPX, "postable": False, "names": {"id": "Beban usaha"}},
    ),
    ("6100", "Salaries and wages", _X, "6000", {"names": {"id": "Beban gaji dan upah"}}),
    ("6110", "Rent", _X, "6000", {"names": {"id": "Beban sewa"}}),
    ("6200", "Utilities", _X, "6000", {"names": {"id": "Beban utilitas"}}),
    ("6300", "Depreciation", _X, "6000", {"names": {"id": "Beban penyusutan"}}),
    ("6900", "Other expenses", _X, "6000", {"section": _OX, "names": {"id": "Beban lain-lain"}}),
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


def chart_markdown(accounts: Iterable[Account]) -> str:
    """Return a chart as a Markdown table: code, both names, type, section, header.

    The section shown is the one the statements use (the account's own, inherited
    from its parent, or its type's default). The docs' chart page is generated with
    this from the templates, so it always shows what the code loads.
    """
    chart = {a.code: a for a in accounts}
    sections = resolve_sections(chart)
    rows = [
        "| Code | Nama (Bahasa Indonesia) | Name (English) | Type | Section | Header |",
        "|---|---|---|---|---|---|",
    ]
    for code, account in chart.items():
        name_id = account.names.get("id", account.name)
        name_en = account.names.get("en", account.name)
        indent = "&nbsp;&nbsp;" * _depth(chart, code)
        header = "yes" if not account.postable else ""
        rows.append(
            f"| {code} | {indent}{name_id} | {indent}{name_en} | {account.type} "
            f"| {sections[code]} | {header} |"
        )
    return "\n".join(rows) + "\n"


def _depth(chart: dict[str, Account], code: str) -> int:
    depth, seen, parent = 0, {code}, chart[code].parent
    while parent is not None and parent in chart and parent not in seen:
        seen.add(parent)
        depth += 1
        parent = chart[parent].parent
    return depth
