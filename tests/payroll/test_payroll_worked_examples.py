"""The official worked examples of the last tax period, run through office.payroll.

Reference (shared/reference/indonesia.md) section 3: 3.1 (PP 58/2023, Tuan R),
3.3 (PMK 168/2023 B-I.2.1.1, Tuan B joining in September) and 3.7 (PMK 10/2025,
Tuan B with bonuses and a raise). Each month is calculated and approved; the December
payslip must show the annual figures, rounded as the form requires, to the rupiah,
and the BPA1 built from the year's payslips must carry the same lines.
"""

from __future__ import annotations

from datetime import date

from payroll_helpers import ACCOUNTS, RULES, rp

from backoffice_core import BackOffice
from backoffice_core.jurisdictions import indonesia
from backoffice_core.payroll import (
    Assignment,
    ComponentKind,
    Employee,
    EmployeeInput,
    PayComponent,
    PreviousEmployment,
    RunInputs,
)

SALARY = PayComponent(code="salary", name="Salary", name_id="Gaji", kind=ComponentKind.EARNING)
PENSION = PayComponent(
    code="pension",
    name="Pension fund contribution",
    name_id="Iuran pensiun",
    kind=ComponentKind.DEDUCTION,
    taxable=False,
    tax_deductible=True,
)
BONUS = PayComponent(code="bonus", name="Bonus", kind=ComponentKind.EARNING, recurring=False)


def hire(
    office: BackOffice,
    status: str,
    salary: int,
    joined: date,
    *,
    pension: int = 0,
    previous: PreviousEmployment | None = None,
) -> None:
    """Set up the books and hire the example's one employee (no BPJS wage)."""
    office.ledger.load_chart(indonesia.chart_of_accounts())
    office.payroll.define_components([SALARY, PENSION, BONUS])
    assigned = [Assignment(component="salary", amount=rp(salary), effective_from=joined)]
    if pension:
        assigned.append(Assignment(component="pension", amount=rp(pension), effective_from=joined))
    office.payroll.employees.hire(
        Employee(
            id="T1",
            name="Tuan",
            npwp="0123456789012345",
            tax_status=status,
            joined=joined,
            components=tuple(assigned),
            previous_employment=previous,
        )
    )


def pay_year(
    office: BackOffice, year: int, first: int, bonus: dict[int, int] | None = None
) -> None:
    """Calculate and approve the runs of ``first``..December of ``year``."""
    for number in range(first, 13):
        amount = (bonus or {}).get(number)
        inputs = None
        if amount:
            inputs = RunInputs(employees={"T1": EmployeeInput(one_off={"bonus": rp(amount)})})
        run = office.payroll.calculate(f"{year}-{number:02d}", RULES, inputs=inputs)
        office.as_actor("hr.manager").payroll.approve(run.id, accounts=ACCOUNTS)


def figures(office: BackOffice, month: str) -> dict[str, int]:
    """Return the year-end figures the month's payslip shows, in whole rupiah."""
    slip = office.payroll.payslip(month, "T1")
    return {f.code: int(f.amount.amount) for f in slip.tax_figures}


def bpa1_lines(office: BackOffice, year: int) -> dict[int, int]:
    """Return the BPA1 lines of the year (salary on line 1, bonus on line 7)."""
    slips = office.payroll.year_payslips("T1", year)
    slip = indonesia.bpa1(slips, office.payroll.components(), line_of={"salary": 1})
    return {n: int(v.amount) for n, v in slip.lines.items()}


class TestReference31TuanR:
    """PP 58/2023, K/0, 10.000.000 a month, pension 100.000, December 515.000."""

    def test_december_shows_the_annual_figures(self, office: BackOffice) -> None:
        """The December payslip shows neto 112.800.000, PKP 54.300.000 and 515.000."""
        hire(office, "K/0", 10_000_000, date(2024, 1, 1), pension=100_000)
        pay_year(office, 2024, 1)
        taxes = [office.payroll.payslip(f"2024-{m:02d}", "T1").tax for m in range(1, 13)]
        assert taxes == [rp(200_000)] * 11 + [rp(515_000)]
        assert figures(office, "2024-12") == {
            "gross": 120_000_000,
            "biaya_jabatan": 6_000_000,
            "pension": 1_200_000,
            "neto": 112_800_000,
            "neto_year": 112_800_000,
            "ptkp": 58_500_000,
            "pkp": 54_300_000,
            "annual_tax": 2_715_000,
            "withheld": 2_200_000,
            "tax": 515_000,
        }

    def test_bpa1_carries_the_example(self, office: BackOffice) -> None:
        """The BPA1 lines are the example's: 8 gross, 9-12 deductions, 13-23 the tax."""
        hire(office, "K/0", 10_000_000, date(2024, 1, 1), pension=100_000)
        pay_year(office, 2024, 1)
        lines = bpa1_lines(office, 2024)
        assert {n: lines[n] for n in (1, 8, 9, 10, 12, 13, 15, 16, 17, 18, 21, 22, 23)} == {
            1: 120_000_000,
            8: 120_000_000,
            9: 6_000_000,
            10: 1_200_000,
            12: 7_200_000,
            13: 112_800_000,
            15: 112_800_000,
            16: 58_500_000,
            17: 54_300_000,
            18: 2_715_000,
            21: 2_715_000,
            22: 2_200_000,
            23: 515_000,
        }

    def test_payslip_text_shows_the_rounded_taxable_income(self, office: BackOffice) -> None:
        """The Indonesian payslip prints PKP, rounded down to thousands, and the tax."""
        hire(office, "K/0", 10_000_000, date(2024, 1, 1), pension=100_000)
        pay_year(office, 2024, 1)
        slip = office.payroll.payslip("2024-12", "T1")
        text = slip.render("id_ID")
        assert "Perhitungan PPh Pasal 21 setahun" in text
        pkp = next(ln for ln in text.splitlines() if "dibulatkan ke bawah ribuan" in ln)
        assert pkp.split()[-1] == "54.300.000"
        assert '"code": "pkp"' in slip.to_json("id_ID")
        assert "54,300,000" in slip.to_html()


class TestReference33TuanB2024:
    """PMK 168/2023 B-I.2.1.1: TK/0 joins in September, December refunds 2.975.000."""

    def test_december_refunds_the_over_withholding(self, office: BackOffice) -> None:
        """Biaya jabatan is capped at 4 x 500.000 and December is -2.975.000."""
        hire(office, "TK/0", 15_500_000, date(2024, 9, 1), pension=100_000)
        pay_year(office, 2024, 9)
        taxes = [office.payroll.payslip(f"2024-{m:02d}", "T1").tax for m in range(9, 13)]
        assert taxes == [rp(1_085_000)] * 3 + [rp(-2_975_000)]
        assert figures(office, "2024-12") == {
            "gross": 62_000_000,
            "biaya_jabatan": 2_000_000,
            "pension": 400_000,
            "neto": 59_600_000,
            "neto_year": 59_600_000,
            "ptkp": 54_000_000,
            "pkp": 5_600_000,
            "annual_tax": 280_000,
            "withheld": 3_255_000,
            "tax": -2_975_000,
        }
        december = office.payroll.payslip("2024-12", "T1")
        assert december.net == rp(15_500_000 - 100_000 + 2_975_000)

    def test_bpa1_shows_the_part_year(self, office: BackOffice) -> None:
        """The BPA1 covers September to December and ends in the refund."""
        hire(office, "TK/0", 15_500_000, date(2024, 9, 1), pension=100_000)
        pay_year(office, 2024, 9)
        slip = indonesia.bpa1(
            office.payroll.year_payslips("T1", 2024),
            office.payroll.components(),
            line_of={"salary": 1},
        )
        assert (slip.month_start, slip.month_end) == (9, 12)
        assert [int(slip.lines[n].amount) for n in (8, 9, 10, 13, 17, 18, 22, 23)] == [
            62_000_000,
            2_000_000,
            400_000,
            59_600_000,
            5_600_000,
            280_000,
            3_255_000,
            -2_975_000,
        ]


class TestReference37TuanB2025:
    """PMK 10/2025 Lampiran B no. 2: K/1, bonuses in January and March, a raise in October."""

    def test_december_is_480_000(self, office: BackOffice) -> None:
        """Every month's TER B withholding and December's 480.000 are the example's."""
        hire(office, "K/1", 10_000_000, date(2020, 3, 1))
        office.payroll.employees.change_pay(
            "T1", "salary", rp(12_000_000), effective=date(2025, 10, 1)
        )
        pay_year(office, 2025, 1, bonus={1: 5_000_000, 3: 5_000_000})
        taxes = [
            int(office.payroll.payslip(f"2025-{m:02d}", "T1").tax.amount) for m in range(1, 13)
        ]
        assert taxes == [900_000, 150_000, 900_000] + [150_000] * 6 + [360_000] * 2 + [480_000]
        assert figures(office, "2025-12") == {
            "gross": 136_000_000,
            "biaya_jabatan": 6_000_000,
            "neto": 130_000_000,
            "neto_year": 130_000_000,
            "ptkp": 63_000_000,
            "pkp": 67_000_000,
            "annual_tax": 4_050_000,
            "withheld": 3_570_000,
            "tax": 480_000,
        }
        lines = bpa1_lines(office, 2025)
        assert (lines[1], lines[7], lines[8], lines[17], lines[23]) == (
            126_000_000,
            10_000_000,
            136_000_000,
            67_000_000,
            480_000,
        )


class TestWholeRupiahFigures:
    """A gross whose 5% has sen: the slip's figures are still whole rupiah."""

    def test_neto_is_whole_rupiah_and_the_tax_unchanged(self, office: BackOffice) -> None:
        """Biaya jabatan 499.999,50 shows as 500.000, neto as 9.499.990; PKP is unchanged."""
        previous = PreviousEmployment(neto=rp(80_000_000), tax_withheld=rp(1_000_000))
        hire(office, "TK/0", 9_999_990, date(2026, 12, 1), previous=previous)
        pay_year(office, 2026, 12)
        assert figures(office, "2026-12") == {
            "gross": 9_999_990,
            "biaya_jabatan": 500_000,
            "neto": 9_499_990,
            "previous_neto": 80_000_000,
            "neto_year": 89_499_990,
            "ptkp": 54_000_000,
            "pkp": 35_499_000,
            "annual_tax": 1_774_950,
            "previous_withheld": 1_000_000,
            "withheld": 0,
            "tax": 774_950,
        }

    def test_bpa1_lines_are_whole_rupiah_and_add_up(self, office: BackOffice) -> None:
        """Every BPA1 line is a whole rupiah and 13 = 8 - 12, 15 = 13 + 14."""
        previous = PreviousEmployment(neto=rp(80_000_000), tax_withheld=rp(1_000_000))
        hire(office, "TK/0", 9_999_990, date(2026, 12, 1), previous=previous)
        pay_year(office, 2026, 12)
        slip = indonesia.bpa1(office.payroll.year_payslips("T1", 2026), office.payroll.components())
        assert all(v.is_rounded() for v in slip.lines.values())
        assert slip.lines[13] == slip.lines[8] - slip.lines[12]
        assert slip.lines[15] == slip.lines[13] + slip.lines[14]
        assert slip.lines[17] == rp(35_499_000)
