"""PPN (VAT) under PMK 131/2024: 12% with the 11/12 DPP nilai lain.

From 1 January 2025 the rate is 12%. Non-luxury supplies are taxed on an "other value"
base (DPP nilai lain) of 11/12 of the price, so the effective rate is 11% (Coretax
transaction code 04); luxury goods subject to PPnBM pay 12% on the full price from
1 February 2025, after a January 2025 transition on 11/12 of the price. The VAT is
computed from the exact base and rounded once; the base is shown rounded the same way.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from backoffice_core.jurisdictions.indonesia._inputs import ONE, flag, idr, option, rupiah
from backoffice_core.jurisdictions.indonesia.parameters import VAT_RATES
from backoffice_core.money import Money, Rounding

__all__ = ["VatCalculation", "vat"]


@attrs.frozen(slots=True)
class VatCalculation:
    """The PPN on one supply.

    Attributes:
        price: The selling price (or replacement / import value).
        luxury: Whether the goods are luxury goods subject to PPnBM.
        base_fraction: The fraction of the price that forms the base, ``(num, den)``.
        exact_base: The DPP before rounding (45.833.333,33... for 50.000.000).
        base: The DPP rounded to the rupiah.
        rate: The statutory rate (12%).
        vat: The VAT, rounded to the rupiah from the exact base.
        transaction_code: "04" (DPP nilai lain) when the base is 11/12 of the price; None
            on the full price, where the code depends on the buyer (01, 02, 03...).
    """

    price: Money
    luxury: bool
    base_fraction: tuple[int, int]
    exact_base: Decimal
    base: Money
    rate: Decimal
    vat: Money
    transaction_code: str | None

    @property
    def effective_rate(self) -> Decimal:
        """The VAT as a fraction of the price (0.11 for the 11/12 base)."""
        numerator, denominator = self.base_fraction
        return self.rate * numerator / denominator


def vat(
    price: Money, on: date, *, luxury: bool = False, rounding: Rounding | str = Rounding.DOWN
) -> VatCalculation:
    """Compute PPN on a supply made on ``on``.

    Args:
        price: The selling price, replacement value or import value, before VAT.
        on: The date of the supply.
        luxury: True for luxury goods subject to PPnBM.
        rounding: Rounding of the base and of the VAT to the rupiah (not verified for
            Coretax; the reference example is exact either way).

    Raises:
        InvalidArgumentTypeError: If ``price`` is not Money or is out of range.
        InvalidOptionError: If ``luxury`` is not a bool or ``rounding`` is unknown.
        NegativeAmountError: If ``price`` is negative.
        RuleParameterError: If no PPN table covers ``on`` (before 2025).
    """
    amount = rupiah(price, "price")
    luxury = flag(luxury, "luxury")
    rounding = option(rounding, Rounding, "rounding")
    params = VAT_RATES.at(on)
    numerator, denominator = (
        params.luxury_base_fraction if luxury else params.standard_base_fraction
    )
    exact_base = amount * numerator / denominator
    # Multiply before dividing so that 12% x 11/12 x price stays exact (11% x price).
    exact_vat = amount * params.rate * numerator / denominator
    code = "04" if numerator != denominator else None
    return VatCalculation(
        price=idr(amount),
        luxury=luxury,
        base_fraction=(numerator, denominator),
        exact_base=exact_base,
        base=idr(exact_base.quantize(ONE, rounding.value)),
        rate=params.rate,
        vat=idr(exact_vat.quantize(ONE, rounding.value)),
        transaction_code=code,
    )
