"""Opening balances: one balanced entry from a mapping of account to balance.

When books move to backoffice_core from another system (or from paper), each
account's balance on the day before the first period kept here is posted as one
opening entry. Amounts are given with the account's normal-balance sign (an asset's
debit balance, a liability's credit balance, both positive; a contra account such as
accumulated depreciation negative), in the base currency.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from backoffice_core.errors import CurrencyMismatchError, InvalidInputError, UnbalancedEntryError
from backoffice_core.ledger.models import Account, Line, Side
from backoffice_core.money import Money

__all__ = ["OpeningAmount", "opening_lines"]

OpeningAmount = Money | Decimal | int | str
"""An opening balance: Money in the base currency, or a number of it (``"1500000.00"``)."""


def _money(code: str, value: OpeningAmount, base: str) -> Money:
    if isinstance(value, Money):
        if value.currency != base:
            raise CurrencyMismatchError(
                f"opening balance {value} of account {code!r} is not in the base currency "
                f"{base}: give its {base} value"
            )
        return value
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise InvalidInputError(
            f"opening balance {value!r} of account {code!r} is not an amount: give Money, "
            "a Decimal, an int or a decimal string"
        )
    try:
        return Money(Decimal(value) if isinstance(value, str) else value, base)
    except (InvalidOperation, ValueError):
        raise InvalidInputError(
            f"opening balance {value!r} of account {code!r} is not a number"
        ) from None


def opening_lines(
    balances: Mapping[str, OpeningAmount],
    chart: Mapping[str, Account],
    base: str,
    balancing_account: str | None,
) -> list[Line]:
    """Return the lines of the opening entry, balanced through ``balancing_account``.

    Raises:
        UnknownAccountError: (from posting) if a code is not in the chart.
        InvalidInputError: If an amount is not one, or an income or expense account
            is given (they open at zero each year).
        UnbalancedEntryError: If the balances do not balance and no balancing
            account is named; the message gives the difference.
    """
    lines: list[Line] = []
    net = Decimal(0)
    for code, value in balances.items():
        money = _money(code, value, base)
        account = chart.get(code)
        if account is not None and account.type.is_temporary:
            raise InvalidInputError(
                f"account {code!r} is an {account.type} account: opening balances are for "
                "assets, liabilities and equity (income and expense start at zero)"
            )
        side = account.normal_balance if account is not None else Side.DEBIT
        if money.amount == 0:
            continue
        if money.amount < 0:
            side = Side.CREDIT if side is Side.DEBIT else Side.DEBIT
        amount = Money(abs(money.amount), base)
        lines.append(Line(account=code, side=side, amount=amount))
        net += amount.amount if side is Side.DEBIT else -amount.amount
    if net:
        if balancing_account is None:
            larger = "debits exceed credits" if net > 0 else "credits exceed debits"
            raise UnbalancedEntryError(
                f"the opening balances do not balance: {larger} by {Money(abs(net), base)}; "
                "correct them, or name a balancing_account (an equity account) to take "
                "the difference"
            )
        side_of = Side.CREDIT if net > 0 else Side.DEBIT
        lines.append(Line(account=balancing_account, side=side_of, amount=Money(abs(net), base)))
    return lines
