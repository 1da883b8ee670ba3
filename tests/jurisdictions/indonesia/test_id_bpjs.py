from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice_core.errors import RuleParameterError
from backoffice_core.jurisdictions.indonesia import (
    JkkRiskClass,
    UnknownJkkClassError,
    bpjs_contributions,
    minimum_wage,
)
from backoffice_core.jurisdictions.indonesia.parameters import BPJS_RATES, JP_WAGE_CAPS
from backoffice_core.money import Money


def idr(amount: int | str) -> Money:
    return Money(amount, "IDR")


EXAMPLE = bpjs_contributions(idr(20000000), date(2025, 6, 1))


class TestReferenceExample:
    def test_kesehatan_capped(self):
        """Reference 4.1: BPJS Kesehatan on the 12.000.000 cap: 480.000 and 120.000."""
        assert (EXAMPLE.kesehatan_employer, EXAMPLE.kesehatan_employee) == (
            Decimal(480000),
            Decimal(120000),
        )

    def test_jht(self):
        """Reference 4.1: JHT 740.000 and 400.000."""
        assert (EXAMPLE.jht_employer, EXAMPLE.jht_employee) == (Decimal(740000), Decimal(400000))

    def test_jp_capped(self):
        """Reference 4.1: JP on the 10.547.400 cap: 210.948 and 105.474."""
        assert (EXAMPLE.jp_employer, EXAMPLE.jp_employee) == (Decimal(210948), Decimal(105474))

    def test_jkk_and_jkm(self):
        """Reference 4.1: JKK 0,24% 48.000 and JKM 0,30% 60.000."""
        assert (EXAMPLE.jkk_employer, EXAMPLE.jkm_employer) == (Decimal(48000), Decimal(60000))

    def test_taxable_premiums(self):
        """Employer JKK + JKM + Kesehatan (588.000) enter the PPh 21 gross; JHT/JP do not."""
        assert EXAMPLE.taxable_premiums == idr(588000)

    def test_deductible(self):
        """Reference 4.1: employee JHT 400.000 + JP 105.474 are deductible; Kesehatan is not."""
        assert EXAMPLE.deductible == idr(505474)

    def test_independent_suite_method(self):
        """Reference 4.1: on a 10.000.000 wage the PPh gross adds 454.000 to 20.000.000."""
        bpjs = bpjs_contributions(idr(10000000), date(2025, 6, 1))
        assert bpjs.taxable_gross(idr(20000000)) == idr(20454000)
        assert bpjs.deductible == idr(300000)


class TestCapsAndClasses:
    def test_jp_cap_of_march_2026(self):
        """From March 2026 JP is capped at 11.086.300: 221.726 and 110.863."""
        bpjs = bpjs_contributions(idr(20000000), date(2026, 3, 1))
        assert (bpjs.jp_employer, bpjs.jp_employee) == (Decimal(221726), Decimal(110863))

    def test_jp_cap_of_february_2026_is_the_old_one(self):
        """February 2026 still uses the 10.547.400 cap."""
        assert bpjs_contributions(idr(20000000), date(2026, 2, 1)).jp_employee == 105474

    def test_risk_class_by_name(self):
        """The class "sangat tinggi" applies 1,74%."""
        bpjs = bpjs_contributions(idr(10000000), date(2025, 6, 1), risk_class="sangat tinggi")
        assert bpjs.jkk_employer == 174000

    def test_jkk_relief_halves_jkk(self):
        """The PP 7/2025 relief halves JKK: sedang 0,89% becomes 0,445%."""
        bpjs = bpjs_contributions(
            idr(10000000), date(2025, 6, 1), risk_class=JkkRiskClass.SEDANG, jkk_relief=True
        )
        assert bpjs.jkk_employer == 44500

    def test_jkk_relief_outside_its_months_charges_the_normal_rate(self):
        """Relief asked for in March 2026 (after PP 36/2025's window) charges full JKK."""
        with_relief = bpjs_contributions(
            idr(10000000), date(2026, 3, 1), risk_class=JkkRiskClass.SEDANG, jkk_relief=True
        )
        assert with_relief.jkk_employer == 89000

    def test_unknown_class_is_named(self):
        """An unknown JKK class raises an error naming it."""
        with pytest.raises(UnknownJkkClassError, match="ekstrem"):
            bpjs_contributions(idr(10000000), date(2025, 6, 1), risk_class="ekstrem")

    def test_minimum_wage_floors_kesehatan(self):
        """A wage below the UMP pays BPJS Kesehatan on the UMP."""
        ump = minimum_wage("DKI Jakarta", date(2026, 1, 1))
        bpjs = bpjs_contributions(idr(4000000), date(2026, 1, 1), minimum_wage=ump)
        assert bpjs.kesehatan_base == 5729876

    def test_before_jp_caps_raises(self):
        """A contribution month before March 2023 has no JP cap and raises."""
        with pytest.raises(RuleParameterError, match="2023-02-01"):
            bpjs_contributions(idr(10000000), date(2023, 2, 1))

    def test_explanation_lists_every_programme(self):
        """The explanation has one line per programme."""
        text = EXAMPLE.explain().render("en")
        for name in ("BPJS Kesehatan", "JHT", "JP", "JKK", "JKM"):
            assert f"{name}: base" in text

    @given(
        st.integers(min_value=0, max_value=1_000_000_000),
        st.dates(min_value=date(2023, 3, 1), max_value=date(2027, 12, 31)),
        st.sampled_from(list(JkkRiskClass)),
    )
    def test_contributions_never_exceed_caps(self, wage, on, risk_class):
        """Kesehatan and JP never exceed their rate times the cap of the month."""
        bpjs = bpjs_contributions(idr(wage), on, risk_class=risk_class)
        rates = BPJS_RATES.at(on)
        jp_cap = JP_WAGE_CAPS.at(on)
        assert bpjs.kesehatan_employer <= rates.kesehatan_cap * rates.kesehatan_employer
        assert bpjs.kesehatan_employee <= rates.kesehatan_cap * rates.kesehatan_employee
        assert bpjs.jp_employer <= jp_cap * rates.jp_employer
        assert bpjs.jp_employee <= jp_cap * rates.jp_employee


class TestMinimumWage:
    def test_dki_2026(self):
        """UMP DKI Jakarta 2026 is 5.729.876."""
        assert minimum_wage("DKI Jakarta", date(2026, 7, 1)) == idr(5729876)

    def test_unknown_region_raises(self):
        """A region without a table raises, naming it."""
        with pytest.raises(RuleParameterError, match="Bali"):
            minimum_wage("Bali", date(2026, 1, 1))
