"""An Indonesian chart of accounts template with SAK-style names in Bahasa Indonesia.

:func:`chart_of_accounts` returns a hierarchical chart for a small Indonesian company
(PT) that keeps its books in rupiah: current and fixed assets, short- and long-term
liabilities with the statutory payables (PPh 21, PPh 23, PPh 4 ayat (2), PPh 25/29,
PPN, BPJS), equity, revenue, cost of sales, operating expenses and non-operating
items. Headers group the leaves (``parent``); cash and bank accounts are flagged
``cash=True``; fixed assets and bank loans carry their cash-flow activity.

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

from backoffice_core.ledger.models import Account, AccountType, Activity

__all__ = ["chart_of_accounts"]

_A, _L, _E, _I, _X = (
    AccountType.ASSET,
    AccountType.LIABILITY,
    AccountType.EQUITY,
    AccountType.INCOME,
    AccountType.EXPENSE,
)
_INV, _FIN = Activity.INVESTING, Activity.FINANCING


class _Row(NamedTuple):
    code: str
    name: str
    type: AccountType
    parent: str | None
    rupiah: bool = True
    """Restricted to the books' currency; headers and foreign-currency accounts are not."""
    cash: bool = False
    activity: Activity | None = None


_CHART: tuple[_Row, ...] = (
    # --- Aset ------------------------------------------------------------------------
    _Row("1000", "Aset", _A, None, rupiah=False),
    _Row("1100", "Aset lancar", _A, "1000", rupiah=False),
    _Row("1110", "Kas", _A, "1100", cash=True),
    _Row("1120", "Bank", _A, "1100", rupiah=False, cash=True),
    _Row("1121", "Bank - rupiah", _A, "1120", cash=True),
    _Row("1122", "Bank - valuta asing", _A, "1120", rupiah=False, cash=True),
    _Row("1130", "Piutang usaha", _A, "1100", rupiah=False),
    _Row("1139", "Cadangan kerugian penurunan nilai piutang", _A, "1130"),
    _Row("1140", "Persediaan", _A, "1100", rupiah=False),
    _Row("1150", "Uang muka", _A, "1100", rupiah=False),
    _Row("1160", "Biaya dibayar di muka", _A, "1100", rupiah=False),
    _Row("1170", "Pajak dibayar di muka", _A, "1100", rupiah=False),
    _Row("1171", "PPN Masukan", _A, "1170"),
    _Row("1172", "PPh 23 dibayar di muka", _A, "1170"),
    _Row("1173", "PPh 25 dibayar di muka", _A, "1170"),
    _Row("1200", "Aset tetap", _A, "1000", rupiah=False, activity=_INV),
    _Row("1210", "Tanah", _A, "1200", rupiah=False, activity=_INV),
    _Row("1220", "Bangunan", _A, "1200", rupiah=False, activity=_INV),
    _Row("1230", "Kendaraan", _A, "1200", rupiah=False, activity=_INV),
    _Row("1240", "Peralatan kantor", _A, "1200", rupiah=False, activity=_INV),
    _Row("1290", "Akumulasi penyusutan", _A, "1200", rupiah=False, activity=_INV),
    _Row("1292", "Akumulasi penyusutan bangunan", _A, "1290", activity=_INV),
    _Row("1293", "Akumulasi penyusutan kendaraan", _A, "1290", activity=_INV),
    _Row("1294", "Akumulasi penyusutan peralatan kantor", _A, "1290", activity=_INV),
    # --- Liabilitas ------------------------------------------------------------------
    _Row("2000", "Liabilitas", _L, None, rupiah=False),
    _Row("2100", "Liabilitas jangka pendek", _L, "2000", rupiah=False),
    _Row("2110", "Utang usaha", _L, "2100", rupiah=False),
    _Row("2120", "Utang gaji", _L, "2100"),
    _Row("2130", "Biaya yang masih harus dibayar", _L, "2100", rupiah=False),
    _Row("2140", "Utang pajak", _L, "2100", rupiah=False),
    _Row("2141", "Utang PPh 21", _L, "2140"),
    _Row("2142", "Utang PPh 23", _L, "2140"),
    _Row("2143", "Utang PPh 4 ayat (2)", _L, "2140"),
    _Row("2144", "Utang PPh 25/29", _L, "2140"),
    _Row("2145", "PPN Keluaran", _L, "2140"),
    _Row("2150", "Utang BPJS", _L, "2100", rupiah=False),
    _Row("2151", "Utang BPJS Kesehatan", _L, "2150"),
    _Row("2152", "Utang BPJS Ketenagakerjaan", _L, "2150"),
    _Row("2160", "Pendapatan diterima di muka", _L, "2100", rupiah=False),
    _Row("2200", "Liabilitas jangka panjang", _L, "2000", rupiah=False),
    _Row("2210", "Utang bank jangka panjang", _L, "2200", rupiah=False, activity=_FIN),
    _Row("2220", "Liabilitas imbalan kerja", _L, "2200"),
    # --- Ekuitas (financing by default) ----------------------------------------------
    _Row("3000", "Ekuitas", _E, None, rupiah=False),
    _Row("3100", "Modal saham", _E, "3000", rupiah=False),
    _Row("3150", "Tambahan modal disetor", _E, "3000", rupiah=False),
    _Row("3200", "Saldo laba", _E, "3000"),
    _Row("3300", "Laba tahun berjalan", _E, "3000"),
    _Row("3400", "Dividen", _E, "3000"),
    _Row("3500", "Surplus revaluasi aset tetap", _E, "3000"),
    # --- Pendapatan ------------------------------------------------------------------
    _Row("4000", "Pendapatan usaha", _I, None, rupiah=False),
    _Row("4100", "Penjualan", _I, "4000", rupiah=False),
    _Row("4190", "Retur dan potongan penjualan", _I, "4000", rupiah=False),
    _Row("4200", "Pendapatan jasa", _I, "4000", rupiah=False),
    # --- Beban pokok -----------------------------------------------------------------
    _Row("5000", "Beban pokok pendapatan", _X, None, rupiah=False),
    _Row("5100", "Harga pokok penjualan", _X, "5000", rupiah=False),
    # --- Beban usaha -----------------------------------------------------------------
    _Row("6000", "Beban usaha", _X, None, rupiah=False),
    _Row("6100", "Beban umum dan administrasi", _X, "6000", rupiah=False),
    _Row("6110", "Beban sewa", _X, "6100", rupiah=False),
    _Row("6120", "Beban listrik, air dan telepon", _X, "6100"),
    _Row("6130", "Beban penyusutan", _X, "6100"),
    _Row("6140", "Beban perlengkapan kantor", _X, "6100", rupiah=False),
    _Row("6150", "Beban pajak", _X, "6100"),
    _Row("6200", "Beban karyawan", _X, "6000", rupiah=False),
    _Row("6210", "Beban gaji dan upah", _X, "6200"),
    _Row("6220", "Beban tunjangan hari raya (THR)", _X, "6200"),
    _Row("6230", "Beban BPJS", _X, "6200"),
    _Row("6300", "Beban pemasaran", _X, "6000", rupiah=False),
    _Row("6310", "Beban iklan dan promosi", _X, "6300", rupiah=False),
    # --- Pendapatan dan beban lain-lain ----------------------------------------------
    _Row("7000", "Pendapatan lain-lain", _I, None, rupiah=False),
    _Row("7100", "Pendapatan bunga", _I, "7000", rupiah=False),
    _Row("7200", "Laba selisih kurs", _I, "7000"),
    _Row("7900", "Pendapatan lain-lain lainnya", _I, "7000", rupiah=False),
    _Row("8000", "Beban lain-lain", _X, None, rupiah=False),
    _Row("8100", "Beban bank", _X, "8000", rupiah=False),
    _Row("8200", "Beban bunga", _X, "8000", rupiah=False),
    _Row("8300", "Rugi selisih kurs", _X, "8000"),
    _Row("8900", "Beban lain-lain lainnya", _X, "8000", rupiah=False),
    _Row("9000", "Beban pajak penghasilan", _X, None),
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
        )
        for row in _CHART
    ]
