from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from backoffice_core.jurisdictions.indonesia import gross_up
from backoffice_core.money import Money


def idr(amount: int | str) -> Money:
    return Money(amount, "IDR")


class TestGrossUp:
    def test_two_solutions_near_an_edge(self):
        """Reference 2.1.7: base 14.100.000 in A solves at 15.000.000 and 15.161.290,32."""
        result = gross_up(idr(14100000), "TK/0", date(2025, 1, 1))
        assert [s.quantize(Decimal("0.01")) for s in result.solutions] == [
            Decimal("15000000.00"),
            Decimal("15161290.32"),
        ]

    def test_smallest_solution_is_chosen(self):
        """The documented rule picks the smallest solution, 15.000.000 at 6%."""
        result = gross_up(idr(14100000), "TK/0", date(2025, 1, 1))
        assert (result.gross, result.tax_allowance, result.withholding.tax) == (
            idr(15000000),
            idr(900000),
            idr(900000),
        )

    def test_zero_bracket_needs_no_allowance(self):
        """A base in the 0% bracket is its own gross."""
        assert gross_up(idr(5000000), "TK/0", date(2025, 1, 1)).tax_allowance == idr(0)

    @given(
        st.integers(min_value=0, max_value=2_000_000_000),
        st.sampled_from(["TK/0", "K/1", "K/3"]),
        st.booleans(),
    )
    def test_employee_keeps_the_base(self, base, status, has_npwp):
        """After withholding on the grossed-up income the employee keeps exactly the base."""
        result = gross_up(idr(base), status, date(2025, 1, 1), has_npwp=has_npwp)
        assert result.net == idr(base)
