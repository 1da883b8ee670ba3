# mypy: disable-error-code="arg-type,list-item"
# These tests pass wrong types on purpose: that is the behaviour under test.
"""Wrong inputs at the boundary of the Indonesian rules: parsed when meant, refused otherwise."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice_core.errors import BackofficeError, RuleParameterError
from backoffice_core.jurisdictions.indonesia import (
    AssetGroup,
    BiayaJabatanCap,
    DepreciationMethod,
    InvalidArgumentTypeError,
    InvalidMonthError,
    InvalidOptionError,
    JkkRiskClass,
    NegativeAmountError,
    OvertimeDay,
    PayPeriod,
    Pph21Options,
    ServiceCounting,
    Shift,
    TaxpayerKind,
    WorkWeek,
    annual_return_due,
    bpjs_contributions,
    carry_forward_tables,
    daily_withholding,
    depreciation_schedule,
    gross_up,
    last_period_withholding,
    monthly_withholding,
    overtime_pay,
    payroll_rules,
    thr_entitlement,
    thr_payment_due,
    vat,
    withhold_year,
)
from backoffice_core.jurisdictions.indonesia.parameters import REVIEWED_THROUGH
from backoffice_core.money import Money, Rounding

ON = date(2025, 3, 1)


def idr(amount: int | str) -> Money:
    return Money(amount, "IDR")


class TestDepreciationMethodAsString:
    @pytest.mark.parametrize("text", ["straight_line", "STRAIGHT_LINE", " Garis Lurus "])
    def test_string_gives_the_straight_line_schedule(self, text):
        """A string naming straight line gives the same schedule as the enum member."""
        expected = depreciation_schedule(
            idr(120000000), AssetGroup.KELOMPOK_2, DepreciationMethod.STRAIGHT_LINE, ON
        )
        assert depreciation_schedule(idr(120000000), "kelompok_2", text, ON) == expected

    def test_straight_line_string_is_not_declining(self):
        """The year after the first is a quarter of cost, not a quarter of book value."""
        schedule = depreciation_schedule(idr(120000000), AssetGroup.KELOMPOK_2, "straight_line", ON)
        assert schedule.method is DepreciationMethod.STRAIGHT_LINE
        assert schedule.for_year(2026) == idr(15000000)

    @pytest.mark.parametrize("method", ["linear", "", None, 1, True])
    def test_unknown_method_is_refused(self, method):
        """Anything but a method or a string naming one raises InvalidOptionError."""
        with pytest.raises(InvalidOptionError, match="depreciation method"):
            depreciation_schedule(idr(1000), AssetGroup.KELOMPOK_1, method, ON)

    def test_unknown_rounding_is_refused(self):
        """A rounding that is not a Rounding nor names one raises InvalidOptionError."""
        with pytest.raises(InvalidOptionError, match="rounding"):
            depreciation_schedule(
                idr(1000), AssetGroup.KELOMPOK_1, "straight_line", ON, rounding="nearest"
            )


class TestEnumOptionsAsStrings:
    def test_biaya_jabatan_cap_monthly_string(self):
        """``biaya_jabatan_cap="monthly"`` selects the monthly cap, not the default."""
        assert Pph21Options(biaya_jabatan_cap="monthly").biaya_jabatan_cap is (
            BiayaJabatanCap.MONTHLY
        )

    def test_biaya_jabatan_cap_string_changes_the_cap(self):
        """A part year with one large month gives the monthly-cap neto from the string."""
        grosses = [idr(30000000), idr(5000000), idr(5000000)]
        args = ("TK/0", date(2025, 3, 1), grosses)
        by_enum = last_period_withholding(
            *args, withheld=idr(0), options=Pph21Options(biaya_jabatan_cap=BiayaJabatanCap.MONTHLY)
        )
        by_text = last_period_withholding(
            *args, withheld=idr(0), options=Pph21Options(biaya_jabatan_cap="MONTHLY")
        )
        default = last_period_withholding(*args, withheld=idr(0))
        assert by_text == by_enum
        assert by_text.neto != default.neto

    def test_thr_counting_days_string(self):
        """``thr_counting="days"`` in the payroll rules selects counting by days."""
        rules = payroll_rules(thr_counting="days", work_week="six_day", bpjs_rounding="down")
        assert rules.thr_counting is ServiceCounting.DAYS
        assert rules.work_week is WorkWeek.SIX_DAY
        assert rules.bpjs_rounding is Rounding.DOWN

    @pytest.mark.parametrize(
        ("choice", "value"),
        [
            ("thr_counting", "weeks"),
            ("work_week", 5),
            ("bpjs_rounding", "nearest"),
            ("jkk_relief", "yes"),
            ("jkk_relief", None),
        ],
    )
    def test_unknown_rule_choice_is_refused(self, choice, value):
        """An enum choice or flag that is not one of its values raises InvalidOptionError."""
        with pytest.raises(InvalidOptionError, match=choice):
            payroll_rules(**{choice: value})

    def test_unknown_pph21_option_is_refused(self):
        """A biaya jabatan cap that names no rule raises InvalidOptionError."""
        with pytest.raises(InvalidOptionError, match="biaya_jabatan_cap"):
            Pph21Options(biaya_jabatan_cap="weekly")

    def test_pph21_options_must_be_options(self):
        """A pph21 choice that is not Pph21Options raises InvalidArgumentTypeError."""
        with pytest.raises(InvalidArgumentTypeError, match="pph21"):
            payroll_rules(pph21="monthly")


class TestHasNpwpMustBeBool:
    @pytest.mark.parametrize("value", [None, 0, 1, "yes", ""])
    def test_monthly_refuses_a_non_bool(self, value):
        """``has_npwp=None`` (or any non-bool) raises instead of adding the surcharge."""
        with pytest.raises(InvalidOptionError, match="has_npwp"):
            monthly_withholding(idr(10000000), "TK/0", ON, has_npwp=value)

    @pytest.mark.parametrize(
        "call",
        [
            lambda: daily_withholding(idr(1000000), ON, has_npwp=None),
            lambda: gross_up(idr(10000000), "TK/0", ON, has_npwp=None),
            lambda: last_period_withholding(
                "TK/0", ON, [idr(10000000)], withheld=idr(0), has_npwp=None
            ),
            lambda: withhold_year("TK/0", 2025, [PayPeriod(1, idr(10000000))], has_npwp=None),
        ],
    )
    def test_other_calculations_refuse_none(self, call):
        """Every calculation with a has_npwp flag refuses None."""
        with pytest.raises(InvalidOptionError, match="has_npwp"):
            call()

    def test_false_still_adds_the_surcharge(self):
        """``has_npwp=False`` still applies the 20% surcharge."""
        result = monthly_withholding(idr(10000000), "TK/0", ON, has_npwp=False)
        assert result.surcharge > idr(0)


class TestAmountsMustBeMoney:
    @pytest.mark.parametrize("value", [10000000, Decimal(10000000), "10000000", 1.5, None])
    def test_raw_number_is_refused_by_name(self, value):
        """A raw number for the gross raises InvalidArgumentTypeError naming the argument."""
        with pytest.raises(InvalidArgumentTypeError, match=r"gross .* not Money"):
            monthly_withholding(value, "TK/0", ON)

    @pytest.mark.parametrize(
        "call",
        [
            lambda: daily_withholding(1000000, ON),
            lambda: gross_up(1000000, "TK/0", ON),
            lambda: last_period_withholding("TK/0", ON, [1000000], withheld=idr(0)),
            lambda: depreciation_schedule(1000000, AssetGroup.KELOMPOK_1, "straight_line", ON),
        ],
    )
    def test_other_calculations_refuse_a_raw_number(self, call):
        """Every calculation refuses a raw number where it expects Money."""
        with pytest.raises(InvalidArgumentTypeError, match="not Money"):
            call()

    @given(st.integers(min_value=18, max_value=29))
    def test_huge_amount_is_refused_by_name(self, digits):
        """An amount of 10**18 rupiah or more raises a named error, not InvalidOperation."""
        with pytest.raises(InvalidArgumentTypeError, match="too large"):
            monthly_withholding(idr(10**digits), "TK/0", ON)

    def test_huge_amount_in_a_year_is_refused(self):
        """The last period refuses a month of 10**29 rupiah with a named error."""
        with pytest.raises(InvalidArgumentTypeError, match="monthly gross"):
            last_period_withholding("TK/0", ON, [idr(10**29)], withheld=idr(0))

    def test_named_errors_are_backoffice_errors(self):
        """Both new errors narrow BackofficeError."""
        assert issubclass(InvalidArgumentTypeError, BackofficeError)
        assert issubclass(InvalidOptionError, BackofficeError)


class TestPayPeriodInputs:
    def test_float_gross_is_refused(self):
        """A float gross raises InvalidArgumentTypeError."""
        with pytest.raises(InvalidArgumentTypeError, match="gross"):
            PayPeriod(1, 1500.5)

    def test_negative_gross_is_refused(self):
        """A negative gross raises NegativeAmountError."""
        with pytest.raises(NegativeAmountError, match="gross"):
            PayPeriod(1, idr(-5))

    def test_negative_zakat_is_refused(self):
        """A negative zakat raises NegativeAmountError."""
        with pytest.raises(NegativeAmountError, match="zakat"):
            PayPeriod(1, idr(5), zakat=idr(-1))

    @pytest.mark.parametrize("value", [3.0, -1, 0, 13, True])
    def test_bad_month_is_refused(self, value):
        """A float, negative or out-of-range month raises InvalidMonthError."""
        with pytest.raises(InvalidMonthError):
            PayPeriod(value, idr(5))


class TestOtherRuleOptions:
    def test_thr_counting_days_string_counts_days(self):
        """``counting="days"`` gives the same THR as ServiceCounting.DAYS, not whole months."""
        args = (idr(6000000), date(2025, 1, 1), date(2025, 4, 16))
        by_text = thr_entitlement(*args, counting="days")
        assert by_text == thr_entitlement(*args, counting=ServiceCounting.DAYS)
        assert by_text.amount != thr_entitlement(*args).amount

    def test_thr_unknown_counting_is_refused(self):
        """A counting that names no rule raises InvalidOptionError."""
        with pytest.raises(InvalidOptionError, match="THR counting"):
            thr_entitlement(idr(6000000), date(2025, 1, 1), date(2025, 4, 16), counting="weeks")

    def test_overtime_day_and_week_as_strings(self):
        """A rest day in a six-day week named by strings pays as the enum members do."""
        by_text = overtime_pay(idr(5190000), 3, "rest_day", work_week="SIX_DAY")
        by_enum = overtime_pay(idr(5190000), 3, OvertimeDay.REST_DAY, work_week=WorkWeek.SIX_DAY)
        assert by_text == by_enum

    def test_overtime_unknown_day_is_refused(self):
        """A day kind that is not an OvertimeDay raises InvalidOptionError."""
        with pytest.raises(InvalidOptionError, match="overtime day"):
            overtime_pay(idr(5190000), 3, "sunday")

    def test_bpjs_relief_must_be_bool(self):
        """``jkk_relief=None`` raises instead of being read as no relief."""
        with pytest.raises(InvalidOptionError, match="jkk_relief"):
            bpjs_contributions(idr(10000000), ON, jkk_relief=None)

    def test_bpjs_relief_outside_its_window_charges_full_jkk(self):
        """Relief asked for after its window (March 2026) charges the normal JKK rate."""
        on = date(2026, 3, 1)
        with_relief = bpjs_contributions(
            idr(10000000), on, risk_class=JkkRiskClass.SEDANG, jkk_relief=True
        )
        without = bpjs_contributions(idr(10000000), on, risk_class=JkkRiskClass.SEDANG)
        assert with_relief == without

    def test_bpjs_rounding_string(self):
        """``rounding="down"`` is Rounding.DOWN."""
        assert bpjs_contributions(idr(10000001), ON, rounding="down") == bpjs_contributions(
            idr(10000001), ON, rounding=Rounding.DOWN
        )

    def test_vat_luxury_must_be_bool(self):
        """``luxury=None`` raises instead of being read as a standard supply."""
        with pytest.raises(InvalidOptionError, match="luxury"):
            vat(idr(1000000), ON, luxury=None)

    def test_deadline_options_as_strings(self):
        """Taxpayer kind and shift named by strings give the enum members' dates."""
        assert annual_return_due(2024, "Individual") == annual_return_due(
            2024, TaxpayerKind.INDIVIDUAL
        )
        holiday = date(2025, 3, 31)
        assert thr_payment_due(holiday, shift="previous") == thr_payment_due(
            holiday, shift=Shift.PREVIOUS_WORKING_DAY
        )

    def test_deadline_unknown_kind_is_refused(self):
        """A taxpayer kind that names none raises InvalidOptionError."""
        with pytest.raises(InvalidOptionError, match="taxpayer kind"):
            annual_return_due(2024, "partnership")


class TestDatesPastTheTables:
    def test_date_years_past_the_review_raises(self):
        """A withholding in 2031 raises RuleParameterError instead of using today's TER."""
        with pytest.raises(RuleParameterError, match="2031-01-01"):
            monthly_withholding(idr(10000000), "TK/0", date(2031, 1, 1))

    def test_bpjs_years_past_the_review_raises(self):
        """BPJS contributions in 2031 raise RuleParameterError naming the date."""
        with pytest.raises(RuleParameterError, match="2031-06-01"):
            bpjs_contributions(idr(10000000), date(2031, 6, 1))

    def test_opt_in_carries_the_last_table_forward(self):
        """Inside carry_forward_tables a 2031 date uses the last version of the tables."""
        last = monthly_withholding(idr(10000000), "TK/0", REVIEWED_THROUGH)
        with carry_forward_tables():
            later = monthly_withholding(idr(10000000), "TK/0", date(2031, 1, 1))
        assert (later.rate, later.tax) == (last.rate, last.tax)

    def test_opt_in_does_not_outlive_its_block(self):
        """A date carried forward inside the block raises again after it."""
        with carry_forward_tables():
            monthly_withholding(idr(10000000), "TK/0", date(2032, 2, 1))
        with pytest.raises(RuleParameterError, match="2032-02-01"):
            monthly_withholding(idr(10000000), "TK/0", date(2032, 2, 1))

    def test_statutory_depreciation_groups_have_no_horizon(self):
        """An asset bought in 2035 still gets the statute's depreciation groups."""
        schedule = depreciation_schedule(
            idr(120000000), AssetGroup.KELOMPOK_1, "straight_line", date(2035, 1, 1)
        )
        assert schedule.for_year(2035) == idr(30000000)
