"""The roundings of the last-period figures: whole rupiah shown, the statutory PKP kept."""

from datetime import date
from decimal import ROUND_FLOOR, Decimal

from hypothesis import given
from hypothesis import strategies as st

from backoffice_core.jurisdictions.indonesia import PreviousEmployerSlip, last_period_withholding
from backoffice_core.jurisdictions.indonesia.parameters import PTKP, PtkpStatus
from backoffice_core.jurisdictions.indonesia.reconciliation import ceil_rupiah, floor_rupiah
from backoffice_core.money import Money

ON = date(2026, 12, 31)
GROSSES = st.lists(st.integers(0, 400_000_000), min_size=1, max_size=12)


def idr(amount: int) -> Money:
    return Money(amount, "IDR")


def exact_pkp(grosses: list[int], pension: int, previous: int, status: str) -> Decimal:
    """PKP from the unrounded 5% biaya jabatan (aggregate cap), rounded down to thousands."""
    gross = Decimal(sum(grosses))
    biaya_jabatan = min(
        gross * Decimal("0.05"), Decimal(500_000 * len(grosses)), Decimal(6_000_000)
    )
    neto = gross - biaya_jabatan - pension + previous
    taxable = neto - PTKP.at(ON)[PtkpStatus(status)]
    return max(Decimal(0), (taxable / 1000).to_integral_value(ROUND_FLOOR) * 1000)


class TestYearEndRounding:
    def test_rupiah_roundings_are_named(self):
        """Biaya jabatan rounds up to the rupiah, an annualised neto down."""
        assert ceil_rupiah(Decimal("499999.05")) == Decimal(500000)
        assert floor_rupiah(Decimal("9499990.95")) == Decimal(9499990)

    @given(
        GROSSES,
        st.integers(0, 2_000_000),
        st.integers(0, 100_000_000),
        st.sampled_from(["TK/0", "K/1", "K/3"]),
    )
    def test_whole_rupiah_figures_keep_the_statutory_pkp(
        self, grosses: list[int], pension: int, previous: int, status: str
    ):
        """Neto and biaya jabatan are whole rupiah and PKP equals the unrounded one's."""
        year = last_period_withholding(
            status,
            ON,
            [idr(g) for g in grosses],
            withheld=idr(0),
            pension_contributions=idr(pension),
            previous_employer=PreviousEmployerSlip(idr(previous), idr(0)),
        )
        assert year.biaya_jabatan_amount == year.biaya_jabatan_amount.to_integral_value()
        assert year.neto_amount == year.neto_amount.to_integral_value()
        assert year.pkp_amount == exact_pkp(grosses, pension, previous, status)
        assert year.pkp_amount % 1000 == 0

    @given(GROSSES, st.integers(1, 12))
    def test_annualised_neto_is_whole_rupiah(self, grosses: list[int], liable: int):
        """Annualised neto (x 12/n) is rounded down to the rupiah; PKP stays a thousand."""
        year = last_period_withholding(
            "TK/0", ON, [idr(g) for g in grosses], withheld=idr(0), liable_months=liable
        )
        annualised = year.annualised_neto_amount
        assert annualised is not None
        assert annualised == annualised.to_integral_value()
        assert annualised <= year.neto_amount * 12 / liable < annualised + 1
        assert year.pkp_amount % 1000 == 0
