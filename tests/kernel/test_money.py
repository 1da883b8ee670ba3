from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import BaseModel

from backoffice_core import Money, Rounding
from backoffice_core.errors import CurrencyMismatchError, MoneyError

amounts = st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False)


class TestConstruction:
    def test_refuses_float(self) -> None:
        """A float amount raises MoneyError naming the value."""
        with pytest.raises(MoneyError, match=r"1\.1"):
            Money(1.1, "USD")  # type: ignore[arg-type]

    def test_refuses_unknown_currency(self) -> None:
        """An unknown currency code raises MoneyError naming it."""
        with pytest.raises(MoneyError, match="'RPH'"):
            Money("1", "RPH")

    def test_refuses_text_that_is_not_a_number(self) -> None:
        """A string that is not numeric raises MoneyError."""
        with pytest.raises(MoneyError, match="'lima'"):
            Money("lima", "IDR")

    def test_minor_units_come_from_babel(self) -> None:
        """IDR and JPY have no minor unit, USD has cents."""
        assert Money("15000000", "IDR").to_minor() == 15_000_000
        assert Money("12.34", "USD").to_minor() == 1234
        assert Money.from_minor(1234, "USD") == Money("12.34", "USD")

    def test_unrounded_amount_cannot_be_stored(self) -> None:
        """to_minor refuses an amount finer than the minor unit."""
        with pytest.raises(MoneyError, match="round it first"):
            Money("1.005", "USD").to_minor()


class TestArithmetic:
    def test_mixed_currencies_are_refused(self) -> None:
        """Adding IDR to USD raises CurrencyMismatchError."""
        with pytest.raises(CurrencyMismatchError):
            Money("1", "IDR") + Money("1", "USD")

    def test_multiplying_by_money_is_refused(self) -> None:
        """Money times Money is meaningless and refused."""
        with pytest.raises(MoneyError):
            Money("1", "IDR") * Money("1", "IDR")  # type: ignore[operator]

    def test_rounding_modes_are_named(self) -> None:
        """Each rounding mode rounds a tie the way its name says."""
        value = Money("10.125", "USD")
        assert value.round(Rounding.HALF_UP) == Money("10.13", "USD")
        assert value.round(Rounding.HALF_EVEN) == Money("10.12", "USD")
        assert value.round(Rounding.DOWN) == Money("10.12", "USD")
        assert Money("1234567", "IDR").round(Rounding.DOWN, places=-3) == Money("1234000", "IDR")

    @given(amounts, amounts)
    def test_addition_is_exact(self, a: Decimal, b: Decimal) -> None:
        """Sums are exact, with no float drift."""
        assert (Money(a, "USD") + Money(b, "USD")).amount == a + b

    def test_pydantic_round_trip(self) -> None:
        """A pydantic field holds Money and serialises it as amount and currency."""

        class Invoice(BaseModel):
            total: Money

        invoice = Invoice(total=Money("12.50", "USD"))
        assert Invoice.model_validate_json(invoice.model_dump_json()) == invoice


class TestAllocate:
    @given(
        st.integers(min_value=-(10**9), max_value=10**9),
        st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=12).filter(any),
    )
    def test_parts_add_up_exactly(self, units: int, ratios: list[int]) -> None:
        """Allocated parts always add up to the whole, to the minor unit."""
        whole = Money.from_minor(units, "USD")
        parts = whole.allocate(ratios)
        assert Money.sum(parts, "USD") == whole
        assert all(p.is_zero for p, r in zip(parts, ratios, strict=True) if r == 0)

    def test_leftover_goes_to_the_earliest_largest_remainder(self) -> None:
        """100 in three equal parts is 34, 33, 33."""
        assert Money("100", "IDR").allocate([1, 1, 1]) == [
            Money("34", "IDR"),
            Money("33", "IDR"),
            Money("33", "IDR"),
        ]

    def test_all_zero_ratios_are_refused(self) -> None:
        """Ratios that are all zero raise MoneyError."""
        with pytest.raises(MoneyError):
            Money("100", "IDR").allocate([0, 0])


class TestExactness:
    @given(st.integers(min_value=-(10**29), max_value=10**29))
    @example(10**28 + 1)
    @example(-(10**29) + 3)
    def test_minor_units_round_trip_past_28_digits(self, units: int) -> None:
        """from_minor and to_minor are exact for every amount Money can hold."""
        assert Money.from_minor(units, "USD").to_minor() == units

    @given(
        st.integers(min_value=-(10**29), max_value=10**29),
        st.integers(min_value=-(10**29), max_value=10**29),
    )
    def test_sums_are_exact(self, a: int, b: int) -> None:
        """Adding and subtracting never rounds, even beyond the default 28 digits."""
        x, y = Money.from_minor(a, "USD"), Money.from_minor(b, "USD")
        assert (x + y).to_minor() == a + b
        assert (x - y).to_minor() == a - b
        assert Money.sum([x, y], "USD").to_minor() == a + b
        assert (-x).to_minor() == -a
        assert abs(x).to_minor() == abs(a)

    def test_off_by_one_is_not_rounded_away(self) -> None:
        """10**28 + 1 minus 10**28 is exactly one (the default context would say zero)."""
        big, one = Money(10**28, "IDR"), Money(1, "IDR")
        assert (big + one) - big == one

    def test_inexact_division_raises(self) -> None:
        """A quotient that cannot be held exactly is a MoneyError, not a rounded amount."""
        with pytest.raises(MoneyError, match="no exact result"):
            Money(100, "IDR") / 3

    def test_exact_division(self) -> None:
        """A quotient that terminates is returned exactly."""
        assert Money(100, "IDR") / 8 == Money("12.5", "IDR")

    def test_allocate_large_amounts_exactly(self) -> None:
        """Allocation uses integer arithmetic, so 29-digit amounts split with no unit lost."""
        total = Money(10**28 + 7, "IDR")
        parts = total.allocate([1, 1, 1])
        assert sum(p.to_minor() for p in parts) == 10**28 + 7
        assert max(parts) - min(parts) == Money(1, "IDR")

    @pytest.mark.parametrize("bad", ["1e30", "-1e30", 10**30])
    def test_too_large_is_refused(self, bad: object) -> None:
        """Amounts of 10**30 and more are refused where they are built."""
        with pytest.raises(MoneyError, match="too large"):
            Money(bad, "IDR")  # type: ignore[arg-type]

    def test_tiny_exponent_is_not_stored(self) -> None:
        """1e-5000 has more decimals than any currency: to_minor refuses it."""
        with pytest.raises(MoneyError, match="more decimals"):
            Money("1e-5000", "IDR").to_minor()
