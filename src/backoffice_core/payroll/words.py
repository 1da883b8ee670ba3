"""Amounts in Indonesian words ("terbilang"), as a payslip states its net pay.

Written from the rules of Indonesian numerals: ``se-`` for one ten, hundred or
thousand (``sepuluh``, ``seratus``, ``seribu``), ``belas`` for 11-19, ``puluh``,
``ratus``, and the scale words ``ribu``, ``juta``, ``miliar``, ``triliun``.
"""

from __future__ import annotations

from decimal import Decimal

from backoffice_core.errors import InvalidInputError

__all__ = ["terbilang"]

_UNITS = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu"))


def _below_thousand(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words.append("seratus" if hundreds == 1 else f"{_UNITS[hundreds]} ratus")
    if rest >= 20:
        tens, unit = divmod(rest, 10)
        words.append(f"{_UNITS[tens]} puluh")
        if unit:
            words.append(_UNITS[unit])
    elif rest >= 12:
        words.append(f"{_UNITS[rest - 10]} belas")
    elif rest == 11:
        words.append("sebelas")
    elif rest == 10:
        words.append("sepuluh")
    elif rest:
        words.append(_UNITS[rest])
    return words


def terbilang(amount: Decimal | int) -> str:
    """Return a whole non-negative amount in Indonesian words.

    Example:
        ``terbilang(1_250_000)`` is ``"satu juta dua ratus lima puluh ribu"``.

    Raises:
        InvalidInputError: If ``amount`` is negative, not whole, or 10^15 or more.
    """
    value = Decimal(amount)
    if value < 0 or value != value.to_integral_value() or value >= 10**15:
        raise InvalidInputError(
            f"cannot write {amount!r} in words: give a whole amount from 0 below 10^15"
        )
    n = int(value)
    if n == 0:
        return "nol"
    words: list[str] = []
    for scale, name in _SCALES:
        count, n = divmod(n, scale)
        if count:
            words.append(
                "seribu"
                if scale == 1000 and count == 1
                else " ".join([*_below_thousand(count), name])
            )
    words.extend(_below_thousand(n))
    return " ".join(words)
