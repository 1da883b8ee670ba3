"""An Indonesian chart of accounts template with SAK-style names in Bahasa Indonesia.

:func:`chart_of_accounts` returns a hierarchical chart for a small Indonesian company
(PT) that keeps its books in rupiah: current and fixed assets, short- and long-term
liabilities with the statutory payables (PPh 21, PPh 23, PPh 4 ayat (2), PPh 25/29,
PPN, BPJS), equity, revenue, cost of sales, operating expenses and non-operating
items. Headers group the leaves (``parent``) and take no postings (``postable=False``);
cash and bank accounts are flagged ``cash=True``; fixed assets and bank loans carry
their cash-flow activity. The top account of each SAK EMKM / ETAP statement section
carries its :class:`~backoffice_core.ledger.Section` (the accounts below inherit it),
and every account has its English name in ``names["en"]``.

Codes follow the usual Indonesian numbering (1 aset, 2 liabilitas, 3 ekuitas,
4 pendapatan, 5 beban pokok, 6 beban usaha, 7 pendapatan lain, 8 beban lain,
9 pajak penghasilan). The codes that the examples and guides rely on stay fixed:
``1110`` Kas, ``1121`` Bank - rupiah, ``3200`` Saldo laba, ``6110`` Beban sewa.

Accounts that can only ever hold rupiah (cash on hand, the rupiah bank account,
taxes and social security, payroll, retained earnings, depreciation and exchange
differences) are restricted to the books' currency; accounts that foreign-currency
transactions go through (the foreign-currency bank account, receivables, payables,
sales, purchases) accept any currency, because every entry must balance in each
currency it uses.
"""

from __future__ import annotations

from typing import NamedTuple

from backoffice_core.ledger.models import Account, AccountType, Activity, Section

__all__ = ["chart_of_accounts"]

_A, _L, _E, _I, _X = (
    AccountType.ASSET,
    AccountType.LIABILITY,
    AccountType.EQUITY,
    AccountType.INCOME,
    AccountType.EXPENSE,
)
_INV, _FIN = Activity.INVESTING, Activity.FINANCING
_CA, _NCA, _CL, _NCL, _EQ = (
    Section.CURRENT_ASSETS,
    Section.NON_CURRENT_ASSETS,
    Section.CURRENT_LIABILITIES,
    Section.NON_CURRENT_LIABILITIES,
    Section.EQUITY,
)
_REV, _COR, _OPX, _OI, _OX, _TAX = (
    Section.REVENUE,
    Section.COST_OF_REVENUE,
    Section.OPERATING_EXPENSES,
    Section.OTHER_INCOME,
    Section.OTHER_EXPENSES,
    Section.INCOME_TAX,
)


class _Row(NamedTuple):
    code: str
    name: str
    name_en: str
    type: AccountType
    parent: str | None
    rupiah: bool = True
    """Restricted to the books' currency; headers and foreign-currency accounts are not."""
    cash: bool = False
    activity: Activity | None = None
    section: Section | None = None
    """Set on the top of each statement section; the accounts below inherit it."""
    header: bool = False
    """Groups other accounts and takes no postings."""


_CHART: tuple[_Row, ...] = (
    # --- Aset ------------------------------------------------------------------------
    _Row("1000", "Aset", "Assets", _A, None, rupiah=False, header=True),
    _Row(
        "1100",
        "Aset lancar",
        "Current assets",
        _A,
        "1000",
        rupiah=False,
        section=_CA,
        header=True,
    ),
    _Row("1110", "Kas", "Cash on hand", _A, "1100", cash=True),
    _Row("1120", "Bank", "Bank", _A, "1100", rupiah=False, cash=True, header=True),
    _Row("1121", "Bank - rupiah", "Bank - rupiah", _A, "1120", cash=True),
    _Row(
        "1122",
        "Bank - valuta asing",
        "Bank - foreign currency",
        _A,
        "1120",
        rupiah=False,
        cash=True,
    ),
    _Row("1130", "Piutang usaha", "Trade receivables", _A, "1100", rupiah=False),
    _Row(
        "1139",
        "Cadangan kerugian penurunan nilai piutang",
        "Allowance for impairment of receivables",
        _A,
        "1130",
    ),
    _Row("1140", "Persediaan", "Inventory", _A, "1100", rupiah=False),
    _Row("1150", "Uang muka", "Advances", _A, "1100", rupiah=False),
    _Row("1160", "Biaya dibayar di muka", "Prepaid expenses", _A, "1100", rupiah=False),
    _Row("1170", "Pajak dibayar di muka", "Prepaid taxes", _A, "1100", rupiah=False, header=True),
    _Row("1171", "PPN Masukan", "Input VAT", _A, "1170"),
    _Row("1172", "PPh 23 dibayar di muka", "Prepaid income tax art. 23", _A, "1170"),
    _Row("1173", "PPh 25 dibayar di muka", "Prepaid income tax art. 25", _A, "1170"),
    _Row(
        "1200",
        "Aset tetap",
        "Fixed assets",
        _A,
        "1000",
        rupiah=False,
        activity=_INV,
        section=_NCA,
        header=True,
    ),
    _Row("1210", "Tanah", "Land", _A, "1200", rupiah=False, activity=_INV),
    _Row("1220", "Bangunan", "Buildings", _A, "1200", rupiah=False, activity=_INV),
    _Row("1230", "Kendaraan", "Vehicles", _A, "1200", rupiah=False, activity=_INV),
    _Row("1240", "Peralatan kantor", "Office equipment", _A, "1200", rupiah=False, activity=_INV),
    _Row(
        "1290",
        "Akumulasi penyusutan",
        "Accumulated depreciation",
        _A,
        "1200",
        rupiah=False,
        activity=_INV,
        header=True,
    ),
    _Row(
        "1292",
        "Akumulasi penyusutan bangunan",
        "Accumulated depreciation - buildings",
        _A,
        "1290",
        activity=_INV,
    ),
    _Row(
        "1293",
        "Akumulasi penyusutan kendaraan",
        "Accumulated depreciation - vehicles",
        _A,
        "1290",
        activity=_INV,
    ),
    _Row(
        "1294",
        "Akumulasi penyusutan peralatan kantor",
        "Accumulated depreciation - office equipment",
        _A,
        "1290",
        activity=_INV,
    ),
    # --- Liabilitas ------------------------------------------------------------------
    _Row("2000", "Liabilitas", "Liabilities", _L, None, rupiah=False, header=True),
    _Row(
        "2100",
        "Liabilitas jangka pendek",
        "Current liabilities",
        _L,
        "2000",
        rupiah=False,
        section=_CL,
        header=True,
    ),
    _Row("2110", "Utang usaha", "Trade payables", _L, "2100", rupiah=False),
    _Row("2120", "Utang gaji", "Salaries payable", _L, "2100"),
    _Row("2130", "Biaya yang masih harus dibayar", "Accrued expenses", _L, "2100", rupiah=False),
    _Row("2140", "Utang pajak", "Taxes payable", _L, "2100", rupiah=False, header=True),
    _Row("2141", "Utang PPh 21", "Income tax art. 21 payable", _L, "2140"),
    _Row("2142", "Utang PPh 23", "Income tax art. 23 payable", _L, "2140"),
    _Row("2143", "Utang PPh 4 ayat (2)", "Final income tax art. 4(2) payable", _L, "2140"),
    _Row("2144", "Utang PPh 25/29", "Income tax art. 25/29 payable", _L, "2140"),
    _Row("2145", "PPN Keluaran", "Output VAT", _L, "2140"),
    _Row("2150", "Utang BPJS", "BPJS payable", _L, "2100", rupiah=False, header=True),
    _Row("2151", "Utang BPJS Kesehatan", "BPJS Health payable", _L, "2150"),
    _Row("2152", "Utang BPJS Ketenagakerjaan", "BPJS Employment payable", _L, "2150"),
    _Row("2160", "Pendapatan diterima di muka", "Unearned revenue", _L, "2100", rupiah=False),
    _Row(
        "2200",
        "Liabilitas jangka panjang",
        "Non-current liabilities",
        _L,
        "2000",
        rupiah=False,
        section=_NCL,
        header=True,
    ),
    _Row(
        "2210",
        "Utang bank jangka panjang",
        "Long-term bank loans",
        _L,
        "2200",
        rupiah=False,
        activity=_FIN,
    ),
    _Row("2220", "Liabilitas imbalan kerja", "Employee benefit obligations", _L, "2200"),
    # --- Ekuitas (financing by default) ----------------------------------------------
    _Row("3000", "Ekuitas", "Equity", _E, None, rupiah=False, section=_EQ, header=True),
    _Row("3100", "Modal saham", "Share capital", _E, "3000", rupiah=False),
    _Row("3150", "Tambahan modal disetor", "Additional paid-in capital", _E, "3000", rupiah=False),
    _Row("3200", "Saldo laba", "Retained earnings", _E, "3000"),
    _Row("3300", "Laba tahun berjalan", "Profit for the year", _E, "3000"),
    _Row("3400", "Dividen", "Dividends", _E, "3000"),
    _Row("3500", "Surplus revaluasi aset tetap", "Revaluation surplus of fixed assets", _E, "3000"),
    # --- Pendapatan ------------------------------------------------------------------
    _Row("4000", "Pendapatan usaha", "Revenue", _I, None, rupiah=False, section=_REV, header=True),
    _Row("4100", "Penjualan", "Sales", _I, "4000", rupiah=False),
    _Row(
        "4190",
        "Retur dan potongan penjualan",
        "Sales returns and discounts",
        _I,
        "4000",
        rupiah=False,
    ),
    _Row("4200", "Pendapatan jasa", "Service revenue", _I, "4000", rupiah=False),
    # --- Beban pokok -----------------------------------------------------------------
    _Row(
        "5000",
        "Beban pokok pendapatan",
        "Cost of revenue",
        _X,
        None,
        rupiah=False,
        section=_COR,
        header=True,
    ),
    _Row("5100", "Harga pokok penjualan", "Cost of goods sold", _X, "5000", rupiah=False),
    # --- Beban usaha -----------------------------------------------------------------
    _Row(
        "6000",
        "Beban usaha",
        "Operating expenses",
        _X,
        None,
        rupiah=False,
        section=_OPX,
        header=True,
    ),
    _Row(
        "6100",
        "Beban umum dan administrasi",
        "General and administrative expenses",
        _X,
        "6000",
        rupiah=False,
        header=True,
    ),
    _Row("6110", "Beban sewa", "Rent expense", _X, "6100", rupiah=False),
    _Row("6120", "Beban listrik, air dan telepon", "Electricity, water and telephone", _X, "6100"),
    _Row("6130", "Beban penyusutan", "Depreciation expense", _X, "6100"),
    _Row("6140", "Beban perlengkapan kantor", "Office supplies expense", _X, "6100", rupiah=False),
    _Row("6150", "Beban pajak", "Tax expense", _X, "6100"),
    _Row("6200", "Beban karyawan", "Employee expenses", _X, "6000", rupiah=False, header=True),
    _Row("6210", "Beban gaji dan upah", "Salaries and wages", _X, "6200"),
    _Row(
        "6220",
        "Beban tunjangan hari raya (THR)",
        "Religious holiday allowance (THR)",
        _X,
        "6200",
    ),
    _Row("6230", "Beban BPJS", "BPJS expense", _X, "6200"),
    _Row("6300", "Beban pemasaran", "Marketing expenses", _X, "6000", rupiah=False, header=True),
    _Row("6310", "Beban iklan dan promosi", "Advertising and promotion", _X, "6300", rupiah=False),
    # --- Pendapatan dan beban lain-lain ----------------------------------------------
    _Row(
        "7000",
        "Pendapatan lain-lain",
        "Other income",
        _I,
        None,
        rupiah=False,
        section=_OI,
        header=True,
    ),
    _Row("7100", "Pendapatan bunga", "Interest income", _I, "7000", rupiah=False),
    _Row("7200", "Laba selisih kurs", "Foreign exchange gain", _I, "7000"),
    _Row(
        "7900",
        "Pendapatan lain-lain lainnya",
        "Miscellaneous other income",
        _I,
        "7000",
        rupiah=False,
    ),
    _Row(
        "8000",
        "Beban lain-lain",
        "Other expenses",
        _X,
        None,
        rupiah=False,
        section=_OX,
        header=True,
    ),
    _Row("8100", "Beban bank", "Bank charges", _X, "8000", rupiah=False),
    _Row("8200", "Beban bunga", "Interest expense", _X, "8000", rupiah=False),
    _Row("8300", "Rugi selisih kurs", "Foreign exchange loss", _X, "8000"),
    _Row(
        "8900",
        "Beban lain-lain lainnya",
        "Miscellaneous other expenses",
        _X,
        "8000",
        rupiah=False,
    ),
    _Row("9000", "Beban pajak penghasilan", "Income tax expense", _X, None, section=_TAX),
)


def chart_of_accounts(currency: str = "IDR") -> list[Account]:
    """Return the Indonesian chart of accounts template, parents before children.

    Load it with ``office.ledger.load_chart(chart_of_accounts())``; loading it again
    is harmless.

    Args:
        currency: The books' currency, to which rupiah-only accounts (cash on hand,
            the rupiah bank account, taxes, social security, payroll, retained
            earnings, depreciation, exchange differences) are restricted. Headers
            and the accounts foreign-currency transactions go through accept any
            currency.

    Returns:
        A new list of accounts, ordered by code.
    """
    return [
        Account(
            code=row.code,
            name=row.name,
            type=row.type,
            parent=row.parent,
            currency=currency if row.rupiah else None,
            cash=row.cash,
            activity=row.activity,
            section=row.section,
            postable=not row.header,
            names={"en": row.name_en},
        )
        for row in _CHART
    ]
