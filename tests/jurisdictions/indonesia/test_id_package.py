from datetime import date
from decimal import Decimal

import pytest

import backoffice_core.jurisdictions.indonesia as indonesia
from backoffice_core.jurisdictions.indonesia import (
    IndonesianPayrollRules,
    JkkRiskClass,
    UnsupportedLanguageError,
    monthly_withholding,
    parameter_tables_markdown,
    payroll_rules,
)
from backoffice_core.jurisdictions.indonesia._inputs import idr
from backoffice_core.money import Money


class TestPublicApi:
    def test_all_is_sorted(self):
        """__all__ is sorted (constants and classes before functions, as ruff sorts)."""
        assert indonesia.__all__ == sorted(indonesia.__all__, key=lambda n: (not n[0].isupper(), n))

    def test_all_is_complete(self):
        """Every public name imported into the package is listed in __all__."""
        public = {
            name
            for name, value in vars(indonesia).items()
            if not name.startswith("_")
            and getattr(value, "__module__", "").startswith("backoffice_core.jurisdictions")
        }
        assert public == set(indonesia.__all__)

    def test_every_name_is_documented(self):
        """Every exported name has a docstring."""
        assert [n for n in indonesia.__all__ if not getattr(indonesia, n).__doc__] == []


class TestFastMoney:
    def test_internal_rupiah_equals_money(self):
        """The rule pack's fast rupiah constructor builds the same Money as the constructor."""
        fast = idr(Decimal("1234.5"))
        assert fast == Money("1234.5", "IDR")
        assert hash(fast) == hash(Money("1234.5", "IDR"))
        assert repr(fast) == repr(Money("1234.5", "IDR"))


class TestPayrollRules:
    def test_defaults(self):
        """The default rules round TER down and use the lowest JKK class."""
        rules = payroll_rules()
        assert isinstance(rules, IndonesianPayrollRules)
        assert rules.jkk_class is JkkRiskClass.SANGAT_RENDAH

    def test_choices_apply(self):
        """A chosen JKK class reaches the BPJS calculation."""
        rules = payroll_rules(jkk_class=JkkRiskClass.SEDANG)
        assert rules.bpjs(Money(10000000, "IDR"), date(2025, 6, 1)).jkk_employer == 89000

    def test_unknown_choice_is_refused(self):
        """An unknown choice raises TypeError."""
        with pytest.raises(TypeError):
            payroll_rules(colour="red")

    def test_region_floors_kesehatan(self):
        """With a region the UMP floors the BPJS Kesehatan base."""
        rules = payroll_rules(region="DKI Jakarta")
        assert rules.bpjs(Money(1000000, "IDR"), date(2025, 6, 1)).kesehatan_base == 5396761

    def test_last_period_through_rules(self):
        """The rules object reconciles the last period like the function does."""
        rules = payroll_rules()
        result = rules.last_period_withholding(
            "K/0", date(2024, 12, 1), [Money(10000000, "IDR")] * 12,
            withheld=Money(2200000, "IDR"), pension_contributions=Money(1200000, "IDR"),
        )  # fmt: skip
        assert result.tax == Money(515000, "IDR")


class TestExplanation:
    def test_unsupported_language(self):
        """Rendering in French raises, naming the language."""
        result = monthly_withholding(Money(10000000, "IDR"), "K/0", date(2024, 1, 1))
        with pytest.raises(UnsupportedLanguageError, match="fr"):
            result.explain().render("fr")

    def test_locale_names_are_accepted(self):
        """Locale names id_ID and en_US render like id and en."""
        explanation = monthly_withholding(Money(10000000, "IDR"), "K/0", date(2024, 1, 1)).explain()
        assert explanation.render("id_ID") == explanation.render("id")
        assert explanation.render("en_US") == explanation.render("en")


class TestParameterTables:
    def test_tables_come_from_data(self):
        """The generated Markdown holds the TER edge and the JP cap of 2026."""
        text = parameter_tables_markdown()
        assert "| 1 | 0 | 5,400,000 | 0% |" in text
        assert "11,086,300" in text
        assert "#### Category C (41 brackets)" in text
