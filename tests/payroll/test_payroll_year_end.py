"""The last tax period: December reconciliation, leavers, a previous employer's slip."""

from __future__ import annotations

from datetime import date

import pytest
from payroll_helpers import ACCOUNTS, RULES, employee, rp, setup

from backoffice_core import BackOffice
from backoffice_core.errors import InvalidInputError
from backoffice_core.jurisdictions import indonesia
from backoffice_core.payroll import Payslip, PreviousEmployment


def run_months(office: BackOffice, months: range) -> None:
    """Calculate and approve the runs of ``months`` of 2026."""
    for number in months:
        run = office.payroll.calculate(f"2026-{number:02d}", RULES)
        office.as_actor("hr.manager").payroll.approve(run.id, accounts=ACCOUNTS)


def slip_of(office: BackOffice, month: str, emp: str) -> Payslip:
    """Return an employee's payslip of a month's regular run."""
    return office.payroll.payslip(month, emp)


class TestYearEnd:
    def test_december_reconciles_the_year(self, office: BackOffice) -> None:
        """December's tax is the annual tax less the TER withheld in January-November."""
        setup(office)
        run_months(office, range(1, 12))
        december = office.payroll.preview("2026-12", RULES).payslips[0]
        earlier = [slip_of(office, f"2026-{m:02d}", "E001") for m in range(1, 12)]
        periods = [
            indonesia.PayPeriod(
                month=m, gross=s.taxable_gross, pension_contribution=s.tax_deductible
            )
            for m, s in enumerate([*earlier, december], start=1)
        ]
        year = indonesia.withhold_year("K/1", 2026, periods)
        assert december.last_period
        assert december.tax_details["method"] == "annual"
        assert [s.tax for s in earlier] == [year.by_month()[m] for m in range(1, 12)]
        assert december.tax == year.last_period.tax

    def test_december_tax_adds_up_to_the_annual_tax(self, office: BackOffice) -> None:
        """The year's withholding totals the annual tax due of the reconciliation."""
        setup(office)
        run_months(office, range(1, 13))
        slips = [slip_of(office, f"2026-{m:02d}", "E002") for m in range(1, 13)]
        due = rp(slips[-1].tax_details["tax_due"])
        assert sum((s.tax for s in slips), rp(0)) == due

    def test_leaving_month_is_the_last_period(self, office: BackOffice) -> None:
        """A leaver's last month reconciles January to the leaving month."""
        setup(office)
        office.payroll.employees.leave("E002", on=date(2026, 3, 15))
        run_months(office, range(1, 3))
        march = office.payroll.preview("2026-03", RULES).payslips[1]
        earlier = [slip_of(office, f"2026-{m:02d}", "E002") for m in (1, 2)]
        expected = RULES.last_period_withholding(
            "TK/0",
            date(2026, 3, 15),
            [*(s.taxable_gross for s in earlier), march.taxable_gross],
            withheld=sum((s.tax for s in earlier), rp(0)),
            pension_contributions=sum((s.tax_deductible for s in [*earlier, march]), rp(0)),
        )
        assert march.last_period
        assert march.days_paid == 15
        assert march.tax == expected.tax

    def test_previous_employer_slip_counts(self, office: BackOffice) -> None:
        """A December joiner's tax reconciles with the previous employer's neto and tax."""
        setup(office)
        previous = PreviousEmployment(neto=rp(80_000_000), tax_withheld=rp(2_000_000))
        joiner = employee("E003", 9_000_000, joined=date(2026, 12, 1)).model_copy(
            update={"previous_employment": previous}
        )
        office.payroll.employees.hire(joiner)
        slip = office.payroll.preview("2026-12", RULES).payslips[2]
        expected = RULES.last_period_withholding(
            "TK/0",
            date(2026, 12, 31),
            [slip.taxable_gross],
            withheld=rp(0),
            pension_contributions=slip.tax_deductible,
            previous_employer=indonesia.PreviousEmployerSlip(rp(80_000_000), rp(2_000_000)),
        )
        assert slip.tax == expected.tax


class TestBpa1:
    def test_bpa1_lines_add_up_to_the_year(self, office: BackOffice) -> None:
        """Line 8 is the year's taxable gross, line 23 the December tax, 21 - 22 = 23."""
        setup(office)
        run_months(office, range(1, 13))
        slips = office.payroll.year_payslips("E001", 2026)
        slip = indonesia.bpa1(slips, office.payroll.components())
        lines = slip.lines
        assert lines[8] == sum((s.taxable_gross for s in slips), rp(0))
        assert lines[1] == rp(120_000_000)
        assert lines[23] == slips[-1].tax
        assert lines[21] - lines[22] == lines[23]
        assert lines[13] == lines[8] - lines[12]

    def test_bpa1_renders_with_a_masked_npwp(self, office: BackOffice) -> None:
        """The slip's report uses the form's wording and hides the NPWP."""
        setup(office)
        run_months(office, range(1, 13))
        slip = indonesia.bpa1(
            office.payroll.year_payslips("E002", 2026), office.payroll.components()
        )
        text = slip.report().render("id_ID")
        assert "Gaji atau uang pensiun berkala" in text
        assert "0123456789012345" not in text + slip.report().to_csv() + repr(slip)
        assert "************2345" in text

    def test_bpa1_xml_carries_the_lines_and_full_ids(self, office: BackOffice) -> None:
        """The Coretax XML has the gross lines, the last-period tax and the NPWP in full."""
        setup(office)
        run_months(office, range(1, 13))
        slip = indonesia.bpa1(
            office.payroll.year_payslips("E001", 2026), office.payroll.components()
        )
        xml = indonesia.bpa1_xml(
            [slip], withholder_nitku="0123456789012345000000", withholding_date=date(2026, 12, 31)
        )
        assert f"<SalaryPensionJhtTht>{slip.lines[1].amount}</SalaryPensionJhtTht>" in xml
        assert f"<Article21IncomeTax>{slip.lines[23].amount}</Article21IncomeTax>" in xml
        assert "<CounterpartTin>0123456789012345</CounterpartTin>" in xml
        assert "<NumberOfMonths>12</NumberOfMonths>" in xml

    def test_bpa1_needs_the_last_period(self, office: BackOffice) -> None:
        """Without the December (or leaving) payslip the slip is refused."""
        setup(office)
        run_months(office, range(1, 3))
        with pytest.raises(InvalidInputError, match="last tax period"):
            indonesia.bpa1(office.payroll.year_payslips("E001", 2026), office.payroll.components())


NITKU = "0123456789012345000000"


class TestBpmp:
    def test_bpmp_lists_the_ter_months(self, office: BackOffice) -> None:
        """The monthly list has one row per employee with gross, TER rate and tax."""
        setup(office)
        run = office.payroll.calculate("2026-01", RULES)
        slips = office.payroll.payslips(run.id)
        listing = indonesia.bpmp(slips, withholder_nitku=NITKU, withholding_date=date(2026, 1, 31))
        assert [r.employee for r in listing.rows] == ["E001", "E002"]
        for row, slip in zip(listing.rows, slips, strict=True):
            assert row.gross == slip.taxable_gross
            assert row.tax == slip.tax
            assert row.gross.amount * row.rate // 1 == slip.tax.amount

    def test_bpmp_masks_in_the_report_and_not_in_the_xml(self, office: BackOffice) -> None:
        """The report hides the NPWP; the Coretax XML carries it in full."""
        setup(office)
        run = office.payroll.calculate("2026-01", RULES)
        listing = indonesia.bpmp(
            office.payroll.payslips(run.id),
            withholder_nitku=NITKU,
            withholding_date=date(2026, 1, 31),
        )
        assert "0123456789012345" not in listing.report().render() + listing.report().to_csv()
        xml = listing.to_xml()
        assert "<CounterpartTin>0123456789012345</CounterpartTin>" in xml
        assert "<TaxObjectCode>21-100-01</TaxObjectCode>" in xml

    def test_bpmp_leaves_out_the_last_period(self, office: BackOffice) -> None:
        """December is reported on the BPA1, not on the monthly list."""
        setup(office)
        run_months(office, range(1, 12))
        run = office.payroll.calculate("2026-12", RULES)
        listing = indonesia.bpmp(
            office.payroll.payslips(run.id),
            withholder_nitku=NITKU,
            withholding_date=date(2026, 12, 31),
        )
        assert listing.rows == ()

    def test_bad_nitku_is_refused(self, office: BackOffice) -> None:
        """A NITKU that is not 22 digits is refused with the value named."""
        setup(office)
        run = office.payroll.calculate("2026-01", RULES)
        with pytest.raises(InvalidInputError, match="12345"):
            indonesia.bpmp(
                office.payroll.payslips(run.id),
                withholder_nitku="12345",
                withholding_date=date(2026, 1, 31),
            )
