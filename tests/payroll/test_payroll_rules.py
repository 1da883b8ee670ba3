"""The Indonesian rules satisfy the payroll domain's PayrollRules protocol."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from payroll_helpers import RULES, rp

from backoffice_core.errors import InvalidInputError
from backoffice_core.jurisdictions import indonesia
from backoffice_core.jurisdictions.indonesia import UnknownPtkpStatusError
from backoffice_core.payroll import EarlierMonth, EmploymentType, PayrollRules, TaxRequest

DEC = date(2026, 12, 31)


def request(**fields: object) -> TaxRequest:
    """Return a tax request for a permanent employee with a tax id."""
    values: dict[str, object] = {
        "employee": "E1",
        "status": "K/1",
        "has_tax_id": True,
        "employment_type": EmploymentType.PERMANENT,
        "on": date(2026, 1, 31),
        "taxable_gross": rp(12_000_000),
        "deductible": rp(300_000),
        "days_worked": 31,
        "last_period": False,
    }
    return TaxRequest(**(values | fields))  # type: ignore[arg-type]


class TestIndonesianPayrollRules:
    def test_satisfies_the_protocol(self) -> None:
        """payroll_rules() is a PayrollRules."""
        assert isinstance(indonesia.payroll_rules(), PayrollRules)

    def test_monthly_tax_delegates_to_ter(self) -> None:
        """A month that is not the last tax period uses the TER withholding."""
        result = RULES.withholding(request())
        assert result.method == "TER"
        assert (
            result.tax
            == indonesia.monthly_withholding(rp(12_000_000), "K/1", date(2026, 1, 31)).tax
        )

    def test_last_period_delegates_to_the_reconciliation(self) -> None:
        """December uses the last-period calculation over the earlier months."""
        earlier = tuple(
            EarlierMonth(m, rp(12_000_000), rp(360_000), rp(300_000)) for m in range(1, 12)
        )
        result = RULES.withholding(request(on=DEC, last_period=True, earlier=earlier))
        expected = indonesia.last_period_withholding(
            "K/1",
            DEC,
            [rp(12_000_000)] * 12,
            withheld=rp(360_000 * 11),
            pension_contributions=rp(300_000 * 12),
        )
        assert (result.method, result.tax) == ("annual", expected.tax)

    def test_daily_worker_uses_daily_ter(self) -> None:
        """A daily worker is taxed with the daily TER over the days worked."""
        result = RULES.withholding(
            request(
                employment_type=EmploymentType.DAILY, taxable_gross=rp(6_000_000), days_worked=10
            )
        )
        expected = indonesia.daily_withholding(rp(6_000_000), date(2026, 1, 31), days=10)
        assert result.tax == expected.tax

    def test_social_security_maps_every_programme(self) -> None:
        """The five BPJS programmes come back with the rules' employer and employee parts."""
        parts = {c.program: c for c in RULES.social_security(rp(10_000_000), date(2026, 1, 31))}
        bpjs = RULES.bpjs(rp(10_000_000), date(2026, 1, 31))
        assert set(parts) == {"KESEHATAN", "JHT", "JP", "JKK", "JKM"}
        assert sum((c.employer for c in parts.values()), rp(0)) == bpjs.employer_total
        assert sum((c.employee for c in parts.values()), rp(0)) == bpjs.employee_total
        taxable = sum((c.employer for c in parts.values() if c.employer_taxable), rp(0))
        assert taxable == bpjs.taxable_premiums

    def test_unknown_status_is_refused(self) -> None:
        """An unknown PTKP status raises the rules' named error."""
        with pytest.raises(UnknownPtkpStatusError, match="X/9"):
            RULES.check_status("X/9")

    def test_unknown_overtime_day_is_refused(self) -> None:
        """An overtime day kind the rules do not know is named in the error."""
        with pytest.raises(InvalidInputError, match="holiday-ish"):
            RULES.overtime_pay(rp(10_000_000), Decimal(2), "holiday-ish")
