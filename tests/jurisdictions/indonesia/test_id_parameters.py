from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice_core.errors import RuleParameterError
from backoffice_core.jurisdictions.indonesia.parameters import (
    JP_WAGE_CAPS,
    MINIMUM_WAGES,
    PASAL_17,
    PTKP,
    TER_MONTHLY,
    VAT_RATES,
    PtkpStatus,
    TerCategory,
)

TABLES = TER_MONTHLY.at(date(2024, 1, 1)).tables


class TestEffectiveTable:
    def test_date_before_every_version_names_the_date(self):
        """A TER lookup before 2024-01-01 raises RuleParameterError naming the date."""
        with pytest.raises(RuleParameterError, match="2023-12-31"):
            TER_MONTHLY.at(date(2023, 12, 31))

    def test_date_after_closed_versions_raises(self):
        """UMP DKI for 2027 is not published, so asking for it raises."""
        with pytest.raises(RuleParameterError, match="2027-01-01"):
            MINIMUM_WAGES["DKI Jakarta"].at(date(2027, 1, 1))

    def test_jp_cap_changes_in_march(self):
        """The JP cap of February 2026 is the 2025 cap; March 2026 takes the new one."""
        assert JP_WAGE_CAPS.at(date(2026, 2, 28)) == Decimal(10547400)
        assert JP_WAGE_CAPS.at(date(2026, 3, 1)) == Decimal(11086300)

    def test_jp_cap_of_2024_is_the_letter_value(self):
        """The 2024 JP cap is 10.042.300, not the 10.042.000 typo."""
        assert JP_WAGE_CAPS.at(date(2024, 3, 1)) == Decimal(10042300)

    def test_vat_luxury_base_changes_in_february_2025(self):
        """Luxury goods are on 11/12 in January 2025 and on the full price from February."""
        assert VAT_RATES.at(date(2025, 1, 31)).luxury_base_fraction == (11, 12)
        assert VAT_RATES.at(date(2025, 2, 1)).luxury_base_fraction == (1, 1)


class TestTerTables:
    def test_bracket_counts(self):
        """The tables have exactly 44, 40 and 41 brackets."""
        assert [len(TABLES[c].brackets) for c in TerCategory] == [44, 40, 41]

    def test_edge_5400000_is_zero_percent(self):
        """Exactly 5.400.000 in category A is 0%."""
        assert TABLES[TerCategory.A].bracket_for(Decimal(5400000)).rate == 0

    def test_edge_5400001_is_quarter_percent(self):
        """5.400.001 in category A is 0,25%."""
        assert TABLES[TerCategory.A].bracket_for(Decimal(5400001)).rate == Decimal("0.0025")

    def test_category_c_bracket_6_upper_is_9800000(self):
        """Category C bracket 6 ends at 9.800.000 (not the 9.880.000 typo)."""
        assert TABLES[TerCategory.C].brackets[5].upper == Decimal(9800000)

    def test_category_c_bracket_30_upper_is_95600000(self):
        """Category C's 23% bracket ends at 95.600.000."""
        assert TABLES[TerCategory.C].bracket_for(Decimal(95600000)).rate == Decimal("0.23")
        assert TABLES[TerCategory.C].bracket_for(Decimal(95600001)).rate == Decimal("0.24")

    def test_category_b_bracket_26_is_twenty_percent(self):
        """Category B above 58.500.000 up to 64.000.000 is 20%."""
        assert TABLES[TerCategory.B].bracket_for(Decimal(60000000)).rate == Decimal("0.20")

    def test_top_bracket_is_34_percent(self):
        """The open top bracket of each category is 34%."""
        for category in TerCategory:
            assert TABLES[category].bracket_for(Decimal(10**12)).rate == Decimal("0.34")

    def test_category_mapping(self):
        """K/3 maps to C, K/1 to B and TK/0 to A."""
        categories = TER_MONTHLY.at(date(2025, 1, 1)).categories
        assert categories[PtkpStatus.K3] is TerCategory.C
        assert categories[PtkpStatus.K1] is TerCategory.B
        assert categories[PtkpStatus.TK0] is TerCategory.A

    @given(
        st.sampled_from(list(TerCategory)),
        st.integers(min_value=0, max_value=2_000_000_000),
        st.integers(min_value=0, max_value=500_000_000),
    )
    def test_rate_never_falls_as_gross_rises(self, category, gross, extra):
        """Within a category, a higher gross never gets a lower TER rate."""
        table = TABLES[category]
        low = table.bracket_for(Decimal(gross)).rate
        high = table.bracket_for(Decimal(gross + extra)).rate
        assert high >= low


class TestPtkpAndPasal17:
    def test_ptkp_k3(self):
        """K/3 has an annual PTKP of 72.000.000."""
        assert PTKP.at(date(2025, 1, 1))[PtkpStatus.K3] == Decimal(72000000)

    def test_pasal17_cumulative_boundaries(self):
        """The tax at the top of each layer is 3.000.000, 31.500.000, 94.000.000, 1.444.000.000."""
        p17 = PASAL_17.at(date(2025, 1, 1))
        tops = [p17.tax(Decimal(x)) for x in (60000000, 250000000, 500000000, 5000000000)]
        assert tops == [3000000, 31500000, 94000000, 1444000000]

    def test_pasal17_second_layer(self):
        """PKP 67.000.000 is taxed 3.000.000 + 15% x 7.000.000 = 4.050.000."""
        assert PASAL_17.at(date(2025, 1, 1)).tax(Decimal(67000000)) == Decimal(4050000)

    def test_pasal17_of_zero_is_zero(self):
        """A PKP of zero has no tax."""
        assert PASAL_17.at(date(2025, 1, 1)).tax(Decimal(0)) == 0
