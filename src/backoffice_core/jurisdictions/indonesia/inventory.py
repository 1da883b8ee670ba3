"""The Indonesian default ledger accounts of stock, on the Indonesian chart template.

Receipts debit Persediaan (1140) against Utang usaha (2110); the cost of goods issued
goes to Harga pokok penjualan (5100); stock found by a count is Pendapatan lain-lain
lainnya (7900) and stock lost Beban lain-lain lainnya (8900). The chart template has no
goods-received clearing account: add one and map it if purchases are invoiced later.
"""

from __future__ import annotations

from backoffice_core.inventory import StockAccounts

__all__ = ["stock_accounts"]


def stock_accounts(category: str = "default") -> StockAccounts:
    """Return the stock accounts of ``category`` on :func:`chart_of_accounts`.

    Example:
        >>> stock_accounts().cost_of_goods
        '5100'
    """
    return StockAccounts(
        category=category,
        inventory="1140",
        cost_of_goods="5100",
        payable="2110",
        adjustment_gain="7900",
        adjustment_loss="8900",
    )
