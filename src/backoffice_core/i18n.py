"""Locale formatting and the message catalog, in Bahasa Indonesia and English.

Numbers, money and dates are formatted with babel; report titles and column labels
come from :data:`CATALOG`, keyed by a stable message id, with one text per language.
A locale is any babel locale name (``"id_ID"``, ``"en_US"``, ``"id"``); its language
picks the catalog text, and English is the fallback for languages not in the catalog.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel.core import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_format_date
from babel.numbers import format_currency, format_decimal, get_currency_symbol

from backoffice_core.errors import InvalidInputError
from backoffice_core.money import Money, minor_unit

__all__ = [
    "CATALOG",
    "DEFAULT_LOCALE",
    "currency_symbol",
    "format_amount",
    "format_date",
    "format_money",
    "label",
    "language_of",
    "register_messages",
]

DEFAULT_LOCALE = "en_US"

CATALOG: dict[str, dict[str, str]] = {
    "account": {"en": "Account", "id": "Akun"},
    "account_name": {"en": "Account name", "id": "Nama akun"},
    "actual": {"en": "Actual", "id": "Realisasi"},
    "amount": {"en": "Amount", "id": "Jumlah"},
    "assets": {"en": "Assets", "id": "Aset"},
    "balance": {"en": "Balance", "id": "Saldo"},
    "balance_sheet": {"en": "Balance sheet", "id": "Laporan posisi keuangan (neraca)"},
    "budget": {"en": "Budget", "id": "Anggaran"},
    "budget_vs_actual": {"en": "Budget vs actual", "id": "Anggaran vs realisasi"},
    "cash_flow": {
        "en": "Cash flow statement (direct method)",
        "id": "Laporan arus kas (metode langsung)",
    },
    "cash_in": {"en": "Cash received", "id": "Kas masuk"},
    "cash_out": {"en": "Cash paid", "id": "Kas keluar"},
    "closing_cash": {"en": "Cash at end of period", "id": "Kas akhir periode"},
    "credit": {"en": "Credit", "id": "Kredit"},
    "current": {"en": "Current", "id": "Berjalan"},
    "date": {"en": "Date", "id": "Tanggal"},
    "debit": {"en": "Debit", "id": "Debit"},
    "description": {"en": "Description", "id": "Keterangan"},
    "entry": {"en": "Entry", "id": "Jurnal"},
    "equity": {"en": "Equity", "id": "Ekuitas"},
    "expense": {"en": "Expense", "id": "Beban"},
    "expenses": {"en": "Expenses", "id": "Beban"},
    "general_ledger": {"en": "General ledger", "id": "Buku besar"},
    "income": {"en": "Income", "id": "Pendapatan"},
    "income_statement": {"en": "Income statement", "id": "Laporan laba rugi"},
    "liabilities": {"en": "Liabilities", "id": "Liabilitas"},
    "liability": {"en": "Liability", "id": "Liabilitas"},
    "asset": {"en": "Asset", "id": "Aset"},
    "net_change": {"en": "Net change in cash", "id": "Kenaikan (penurunan) bersih kas"},
    "net_income": {"en": "Net income", "id": "Laba (rugi) bersih"},
    "opening_cash": {"en": "Cash at start of period", "id": "Kas awal periode"},
    "operating": {"en": "Operating activities", "id": "Aktivitas operasi"},
    "investing": {"en": "Investing activities", "id": "Aktivitas investasi"},
    "financing": {"en": "Financing activities", "id": "Aktivitas pendanaan"},
    "period": {"en": "Period", "id": "Periode"},
    "revenue": {"en": "Revenue", "id": "Pendapatan usaha"},
    "total": {"en": "Total", "id": "Jumlah"},
    "total_assets": {"en": "Total assets", "id": "Jumlah aset"},
    "total_liabilities_equity": {
        "en": "Total liabilities and equity",
        "id": "Jumlah liabilitas dan ekuitas",
    },
    "trial_balance": {"en": "Trial balance", "id": "Neraca saldo"},
    "type": {"en": "Type", "id": "Jenis"},
    "variance": {"en": "Variance", "id": "Selisih"},
    "as_of": {"en": "as of", "id": "per"},
    "from_to": {"en": "from {start} to {end}", "id": "dari {start} sampai {end}"},
    "retained_earnings_current": {
        "en": "Current year earnings",
        "id": "Laba tahun berjalan",
    },
}


@lru_cache(maxsize=64)
def _locale(name: str) -> Locale:
    try:
        return Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise InvalidInputError(
            f"locale {name!r} is unknown: use a name such as 'id_ID' or 'en_US'"
        ) from None


def language_of(locale: str) -> str:
    """Return the language code of ``locale`` (``"id"`` for ``"id_ID"``).

    Raises:
        InvalidInputError: If the locale is unknown.
    """
    return str(_locale(locale).language)


def register_messages(messages: Mapping[str, Mapping[str, str]]) -> None:
    """Add or replace catalog entries (message id to language to text).

    Domains and jurisdiction packs call this at import time for their own labels.
    """
    for key, texts in messages.items():
        CATALOG[key] = dict(texts)


def label(key: str, locale: str = DEFAULT_LOCALE, **values: object) -> str:
    """Return the catalog text for ``key`` in the language of ``locale``.

    Args:
        key: A message id from :data:`CATALOG`.
        locale: A babel locale name.
        **values: Placeholders to fill with ``str.format``.

    Raises:
        InvalidInputError: If ``key`` is not in the catalog or the locale is unknown.
    """
    texts = CATALOG.get(key)
    if texts is None:
        raise InvalidInputError(f"message id {key!r} is not in the catalog: register it first")
    language = _locale(locale).language
    text = texts.get(language, texts["en"])
    return text.format(**values) if values else text


def currency_symbol(currency: str, locale: str = DEFAULT_LOCALE) -> str:
    """Return the symbol ``locale`` writes ``currency`` with (``Rp`` for IDR in id_ID)."""
    return str(get_currency_symbol(currency, locale=_locale(locale)))


def _bracket(text: str, negative: bool, parentheses: bool) -> str:
    if not (negative and parentheses):
        return text
    return f"({text.replace('-', '', 1).replace(chr(0x2212), '', 1)})"


def format_money(money: Money, locale: str = DEFAULT_LOCALE, *, parentheses: bool = False) -> str:
    """Format ``money`` with its currency symbol the way ``locale`` writes it.

    ``format_money(Money("15000000", "IDR"), "id_ID")`` gives ``Rp15.000.000``.

    Args:
        money: The amount.
        locale: A babel locale name.
        parentheses: Write a negative amount in parentheses (``(Rp7.500.000)``).
    """
    text = str(format_currency(money.amount, money.currency, locale=_locale(locale)))
    return _bracket(text, money.amount < 0, parentheses)


def format_amount(
    value: Decimal | Money,
    locale: str = DEFAULT_LOCALE,
    *,
    digits: int = 0,
    parentheses: bool = False,
) -> str:
    """Format a bare number (no symbol) with grouping; money keeps its minor unit.

    Args:
        value: A Decimal, or Money (formatted with its currency's decimals).
        locale: A babel locale name.
        digits: Decimals for a bare Decimal.
        parentheses: Write a negative number in parentheses (``(7.500.000)``).
    """
    if isinstance(value, Money):
        digits = minor_unit(value.currency)
        value = value.amount
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    text = str(format_decimal(value, format=pattern, locale=_locale(locale)))
    return _bracket(text, value < 0, parentheses)


def format_date(day: date, locale: str = DEFAULT_LOCALE, *, style: str = "medium") -> str:
    """Format ``day`` in ``style`` of ``locale``.

    Args:
        day: The date.
        locale: A babel locale name.
        style: ``"medium"`` (``5 Jan 2026``), ``"long"`` (``5 Januari 2026`` in
            id_ID), ``"short"`` or ``"full"``.
    """
    return str(_babel_format_date(day, format=style, locale=_locale(locale)))
