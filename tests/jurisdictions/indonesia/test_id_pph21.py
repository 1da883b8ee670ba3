from datetime import date
from decimal import Decimal

import pytest

from backoffice_core.errors import CurrencyMismatchError, RuleParameterError
from backoffice_core.jurisdictions.indonesia import (
    NegativeAmountError,
    Pph21Options,
    TerCategory,
    UnknownPtkpStatusError,
    bpjs_contributions,
    daily_withholding,
    employment_months,
    monthly_withholding,
    ter_category,
)
from backoffice_core.jurisdictions.indonesia.errors import (
    EmploymentPeriodError,
    InvalidMonthError,
)
from backoffice_core.money import Money, Rounding


def idr(amount: int | str) -> Money:
    return Money(amount, "IDR")


class TestMonthlyWithholding:
    def test_tuan_r_january(self):
        """Reference 3.1: K/0, gross 10.000.000 is TER A 2%, 200.000."""
        result = monthly_withholding(idr(10000000), "K/0", date(2024, 1, 1))
        assert (result.rate, result.tax) == (Decimal("0.02"), idr(200000))

    def test_tuan_b_2024_september(self):
        """Reference 3.3: TK/0, gross 15.500.000 is TER A 7%, 1.085.000."""
        assert monthly_withholding(idr(15500000), "TK/0", date(2024, 9, 1)).tax == idr(1085000)

    def test_tuan_f_category_c(self):
        """Reference 3.6 B-I.3: K/3, 30.000.000 is TER C 11%, 3.300.000."""
        result = monthly_withholding(idr(30000000), "K/3", date(2024, 1, 1))
        assert result.category is TerCategory.C
        assert result.tax == idr(3300000)

    def test_tuan_h_category_b(self):
        """Reference 3.6 B-I.5: K/2, 6.800.000 (pension not deducted) is TER B 0,5%, 34.000."""
        assert monthly_withholding(idr(6800000), "K/2", date(2024, 7, 1)).tax == idr(34000)

    def test_ter_edge_5400000_has_no_tax(self):
        """Reference 1.1: 5.400.000 in category A is 0%, so no tax."""
        assert monthly_withholding(idr(5400000), "TK/0", date(2025, 1, 1)).tax == idr(0)

    def test_ter_edge_5400001_is_rounded_down(self):
        """5.400.001 at 0,25% is 13.500,0025, rounded down to 13.500."""
        assert monthly_withholding(idr(5400001), "TK/0", date(2025, 1, 1)).tax == idr(13500)

    def test_rounding_is_an_option(self):
        """With UP rounding, 13.500,0025 becomes 13.501 instead of 13.500."""
        options = Pph21Options(ter_rounding=Rounding.UP)
        result = monthly_withholding(idr(5400001), "TK/0", date(2025, 1, 1), options=options)
        assert result.tax == idr(13501)

    def test_bpjs_example_gross(self):
        """Reference 4.1: wage 20.000.000 plus JKK, JKM, Kesehatan is 20.588.000, TER A 9%."""
        bpjs = bpjs_contributions(idr(20000000), date(2025, 6, 1))
        gross = bpjs.taxable_gross(idr(20000000))
        assert gross == idr(20588000)
        assert monthly_withholding(gross, "TK/0", date(2025, 6, 1)).tax == idr(1852920)

    def test_no_npwp_adds_twenty_percent(self):
        """Without NPWP or valid NIK the withholding is 120%: 200.000 becomes 240.000."""
        result = monthly_withholding(idr(10000000), "K/0", date(2024, 1, 1), has_npwp=False)
        assert (result.surcharge, result.tax) == (idr(40000), idr(240000))

    def test_explanation_names_category_bracket_and_rate(self):
        """The explanation shows the category, the bracket and the rate in Indonesian."""
        text = monthly_withholding(idr(15500000), "TK/0", date(2024, 9, 1)).explain().render("id")
        assert "Kategori TER" in text
        assert "Lapisan TER ke-17: > Rp15.100.000 s.d. Rp16.950.000" in text
        assert "7%" in text
        assert "Rp1.085.000" in text

    def test_explanation_in_english(self):
        """The same explanation renders in English with English number format."""
        text = monthly_withholding(idr(15500000), "TK/0", date(2024, 9, 1)).explain().render("en")
        assert "TER bracket 17: > Rp15,100,000 up to Rp16,950,000" in text

    def test_unknown_status_is_named(self):
        """A status that is not a PTKP status raises an error naming it."""
        with pytest.raises(UnknownPtkpStatusError, match="K/4"):
            monthly_withholding(idr(1), "K/4", date(2025, 1, 1))

    def test_annual_return_status_is_refused(self):
        """K/I/1 is an annual-return status, not an employer's."""
        with pytest.raises(UnknownPtkpStatusError, match="K/I/1"):
            monthly_withholding(idr(1), "K/I/1", date(2025, 1, 1))

    def test_negative_gross_is_refused(self):
        """A negative gross raises an error naming the amount."""
        with pytest.raises(NegativeAmountError, match="-1"):
            monthly_withholding(idr(-1), "K/0", date(2025, 1, 1))

    def test_other_currency_is_refused(self):
        """Gross in another currency than IDR is refused."""
        with pytest.raises(CurrencyMismatchError, match="USD"):
            monthly_withholding(Money("2000", "USD"), "K/3", date(2025, 1, 1))

    def test_date_before_ter_raises(self):
        """A tax period before 2024 raises RuleParameterError naming the date."""
        with pytest.raises(RuleParameterError, match="2023-06-01"):
            monthly_withholding(idr(10000000), "K/0", date(2023, 6, 1))


class TestTerCategory:
    def test_status_without_slash(self):
        """Statuses may be written without the slash ("TK2")."""
        assert ter_category("TK2", date(2025, 1, 1)) is TerCategory.B


class TestEmploymentMonths:
    def test_september_to_december(self):
        """Joining in September and staying to December is 4 months."""
        assert employment_months(9) == 4

    def test_leaving_before_joining_is_refused(self):
        """A leaving month before the joining month names both months."""
        with pytest.raises(
            EmploymentPeriodError, match="leaving month 3 is before joining month 5"
        ):
            employment_months(5, 3)

    def test_month_outside_range_is_refused(self):
        """Month 13 is not a month."""
        with pytest.raises(InvalidMonthError, match="13"):
            employment_months(13)


class TestDailyWithholding:
    def test_up_to_450000_is_free(self):
        """A daily gross of 450.000 is not taxed."""
        assert daily_withholding(idr(450000), date(2025, 1, 1)).tax == idr(0)

    def test_half_percent_band(self):
        """Five days at 500.000 (2.500.000) are taxed 0,5%: 12.500."""
        assert daily_withholding(idr(2500000), date(2025, 1, 1), days=5).tax == idr(12500)

    def test_above_2500000_uses_pasal17_on_half(self):
        """One day at 3.000.000 is taxed 5% x 1.500.000 = 75.000."""
        result = daily_withholding(idr(3000000), date(2025, 1, 1))
        assert (result.rate, result.tax) == (None, idr(75000))

    def test_zero_days_is_refused(self):
        """A payment for zero days is refused."""
        with pytest.raises(EmploymentPeriodError, match="0"):
            daily_withholding(idr(100), date(2025, 1, 1), days=0)
