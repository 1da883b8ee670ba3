from datetime import date
from decimal import Decimal

import pytest

from backoffice_core.errors import RuleParameterError
from backoffice_core.jurisdictions.indonesia import vat
from backoffice_core.money import Money


def idr(amount: int | str) -> Money:
    return Money(amount, "IDR")


class TestVat:
    def test_reference_example_base(self):
        """Reference 1.9: price 50.000.000 has DPP nilai lain 45.833.333,33."""
        result = vat(idr(50000000), date(2025, 3, 1))
        assert result.exact_base.quantize(Decimal("0.01")) == Decimal("45833333.33")

    def test_reference_example_vat(self):
        """Reference 1.9: the VAT is 5.500.000, 11% of the price."""
        result = vat(idr(50000000), date(2025, 3, 1))
        assert (result.vat, result.effective_rate) == (idr(5500000), Decimal("0.11"))

    def test_other_value_base_uses_code_04(self):
        """Supplies on the 11/12 base are invoiced with transaction code 04."""
        assert vat(idr(50000000), date(2025, 3, 1)).transaction_code == "04"

    def test_luxury_from_february_is_full_12_percent(self):
        """Luxury goods from 1 February 2025 pay 12% of the price."""
        assert vat(idr(50000000), date(2025, 2, 1), luxury=True).vat == idr(6000000)

    def test_luxury_in_january_2025_is_11_percent(self):
        """Luxury goods in January 2025 pay 12% x 11/12 of the price."""
        assert vat(idr(50000000), date(2025, 1, 31), luxury=True).vat == idr(5500000)

    def test_before_2025_raises(self):
        """A supply in 2024 is not covered by these tables and raises, naming the date."""
        with pytest.raises(RuleParameterError, match="2024-12-31"):
            vat(idr(1), date(2024, 12, 31))
