from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice_core.jurisdictions.indonesia import (
    BiayaJabatanCap,
    EmploymentPeriodError,
    InvalidMonthError,
    PayPeriod,
    Pph21Options,
    PreviousEmployerSlip,
    TaxYearWithholding,
    last_period_withholding,
    withhold_year,
)
from backoffice_core.jurisdictions.indonesia.parameters import PASAL_17
from backoffice_core.money import Money


def idr(amount: int | str) -> Money:
    return Money(amount, "IDR")


def tuan_r() -> TaxYearWithholding:
    periods = [PayPeriod(m, idr(10000000), idr(100000)) for m in range(1, 13)]
    return withhold_year("K/0", 2024, periods)


def tuan_b_2024() -> TaxYearWithholding:
    periods = [PayPeriod(m, idr(15500000), idr(100000)) for m in range(9, 13)]
    return withhold_year("TK/0", 2024, periods)


def tuan_b_2025() -> TaxYearWithholding:
    gross = dict.fromkeys(range(1, 10), 10000000) | {10: 12000000, 11: 12000000, 12: 12000000}
    gross[1] += 5000000
    gross[3] += 5000000
    return withhold_year("K/1", 2025, [PayPeriod(m, idr(g)) for m, g in gross.items()])


class TestTuanR:
    def test_january_to_november(self):
        """Reference 3.1: Jan-Nov each withhold 200.000."""
        months = tuan_r().by_month()
        assert all(months[m] == idr(200000) for m in range(1, 12))

    def test_december(self):
        """Reference 3.1: December withholds 515.000."""
        assert tuan_r().last_period.tax == idr(515000)

    def test_december_steps(self):
        """Reference 3.1: neto 112.800.000, PKP 54.300.000, annual tax 2.715.000."""
        last = tuan_r().last_period
        assert (last.neto, last.pkp, last.annual_tax) == (
            idr(112800000),
            idr(54300000),
            idr(2715000),
        )

    def test_year_total_is_annual_tax(self):
        """The twelve months add up to the annual tax."""
        assert tuan_r().total == idr(2715000)


class TestTuanBJoinsInSeptember:
    def test_monthly_ter(self):
        """Reference 3.3: Sep-Nov each withhold 1.085.000."""
        months = tuan_b_2024().by_month()
        assert [months[m] for m in (9, 10, 11)] == [idr(1085000)] * 3

    def test_biaya_jabatan_capped_by_months(self):
        """Reference 3.3: biaya jabatan is min(3.100.000, 4 x 500.000) = 2.000.000."""
        assert tuan_b_2024().last_period.biaya_jabatan_amount == Decimal(2000000)

    def test_over_withholding_is_negative(self):
        """Reference 3.3: December is -2.975.000 (over-withheld, refunded), not clamped."""
        last = tuan_b_2024().last_period
        assert last.tax == idr(-2975000)
        assert last.is_over_withheld

    def test_annual_tax(self):
        """Reference 3.3: PKP 5.600.000, tax 280.000, full-year PTKP."""
        last = tuan_b_2024().last_period
        assert (last.pkp, last.annual_tax) == (idr(5600000), idr(280000))

    def test_explanation_says_refund(self):
        """The December explanation says the amount is over-withheld."""
        assert "Lebih dipotong" in tuan_b_2024().last_period.explain().render("id")

    def test_monthly_cap_rule_gives_same_result_for_flat_pay(self):
        """With the monthly cap rule a flat 15.500.000 also gives 4 x 500.000."""
        options = Pph21Options(biaya_jabatan_cap=BiayaJabatanCap.MONTHLY)
        periods = [PayPeriod(m, idr(15500000), idr(100000)) for m in range(9, 13)]
        result = withhold_year("TK/0", 2024, periods, options=options)
        assert result.last_period.biaya_jabatan_amount == Decimal(2000000)


class TestTuanBK1Bonuses:
    def test_monthly_withholding(self):
        """Reference 3.7: Jan 900.000, Feb 150.000, Oct 360.000."""
        months = tuan_b_2025().by_month()
        assert (months[1], months[2], months[3], months[9], months[10]) == (
            idr(900000),
            idr(150000),
            idr(900000),
            idr(150000),
            idr(360000),
        )

    def test_december(self):
        """Reference 3.7: December 480.000 after 3.570.000 withheld."""
        last = tuan_b_2025().last_period
        assert (last.withheld_amount, last.tax) == (Decimal(3570000), idr(480000))

    def test_annual_tax_in_two_layers(self):
        """Reference 3.7: PKP 67.000.000 gives 4.050.000."""
        last = tuan_b_2025().last_period
        assert (last.gross, last.pkp, last.tax_due) == (
            idr(136000000),
            idr(67000000),
            idr(4050000),
        )


class TestBiayaJabatanCapRules:
    def test_monthly_cap_differs_when_pay_varies(self):
        """Months of 5.000.000 and 20.000.000: aggregate 1.000.000, monthly 750.000."""
        grosses = [idr(5000000), idr(20000000)]
        aggregate = last_period_withholding("TK/0", date(2025, 2, 1), grosses, withheld=idr(0))
        monthly = last_period_withholding(
            "TK/0",
            date(2025, 2, 1),
            grosses,
            options=Pph21Options(biaya_jabatan_cap=BiayaJabatanCap.MONTHLY),
            withheld=idr(0),
        )
        assert aggregate.biaya_jabatan_amount == Decimal(1000000)
        assert monthly.biaya_jabatan_amount == Decimal(750000)


class TestSpecialCases:
    def test_zakat_is_deducted(self):
        """Zakat through the employer lowers neto by its amount."""
        grosses = [idr(10000000)] * 12
        without = last_period_withholding("K/0", date(2024, 12, 1), grosses, withheld=idr(0))
        with_zakat = last_period_withholding(
            "K/0", date(2024, 12, 1), grosses, withheld=idr(0), zakat=idr(2400000)
        )
        assert without.neto - with_zakat.neto == idr(2400000)

    def test_previous_employer_slip_adds_neto_and_credit(self):
        """A previous employer's neto and tax enter the annual calculation."""
        slip = PreviousEmployerSlip(neto=idr(30000000), tax_withheld=idr(500000))
        result = last_period_withholding(
            "TK/0", date(2024, 12, 1), [idr(10000000)] * 6, withheld=idr(1000000),
            previous_employer=slip,
        )  # fmt: skip
        # neto 60.000.000 - 3.000.000 + 30.000.000 = 87.000.000; PKP 33.000.000; tax 1.650.000
        assert (result.pkp, result.tax_due) == (idr(33000000), idr(1650000))
        assert result.tax == idr(150000)

    def test_residency_ends_mid_year_annualises_then_prorates(self):
        """Six liable months: neto x 12/6, Pasal 17, then x 6/12."""
        result = last_period_withholding(
            "TK/0", date(2024, 6, 1), [idr(20000000)] * 6, withheld=idr(0), liable_months=6
        )
        # neto 120.000.000 - 3.000.000 = 117.000.000; x2 = 234.000.000; PKP 180.000.000
        # tax 3.000.000 + 15% x 120.000.000 = 21.000.000; x 6/12 = 10.500.000
        assert (result.pkp, result.annual_tax, result.tax) == (
            idr(180000000),
            idr(21000000),
            idr(10500000),
        )

    def test_no_npwp_surcharge_on_annual_tax(self):
        """Without NPWP the annual tax is 120%: Tuan R's 2.715.000 becomes 3.258.000."""
        periods = [PayPeriod(m, idr(10000000), idr(100000)) for m in range(1, 13)]
        result = withhold_year("K/0", 2024, periods, has_npwp=False)
        assert result.last_period.tax_due == idr(3258000)
        assert result.total == idr(3258000)

    def test_liable_months_outside_range_is_refused(self):
        """Thirteen liable months is refused, naming the value."""
        with pytest.raises(InvalidMonthError, match="13"):
            last_period_withholding(
                "TK/0", date(2024, 6, 1), [idr(1)], withheld=idr(0), liable_months=13
            )

    def test_months_out_of_order_are_refused(self):
        """Pay periods must be in calendar order."""
        periods = [PayPeriod(5, idr(1)), PayPeriod(3, idr(1))]
        with pytest.raises(EmploymentPeriodError, match="month 3 follows month 5"):
            withhold_year("TK/0", 2025, periods)

    def test_pay_period_month_is_checked(self):
        """A pay period in month 0 is refused."""
        with pytest.raises(InvalidMonthError, match="0"):
            PayPeriod(0, idr(1))


class TestAnnualInvariant:
    @settings(max_examples=200)
    @given(
        st.lists(st.integers(min_value=0, max_value=300_000_000), min_size=1, max_size=12),
        st.sampled_from(["TK/0", "TK/3", "K/0", "K/2", "K/3"]),
        st.integers(min_value=0, max_value=5_000_000),
    )
    def test_annual_tax_is_pasal17_of_rounded_pkp(self, grosses, status, pension):
        """The annual tax equals Pasal 17 of the PKP, which is a multiple of 1.000."""
        result = last_period_withholding(
            status, date(2025, 12, 1), [idr(g) for g in grosses], withheld=idr(0),
            pension_contributions=idr(pension),
        )  # fmt: skip
        assert result.pkp_amount % 1000 == 0
        assert result.pkp_amount >= 0
        assert result.annual_tax_amount == PASAL_17.at(date(2025, 12, 1)).tax(result.pkp_amount)
        assert result.annual_tax_amount == result.annual_tax_amount.to_integral_value()
