"""The last period's year-to-date figures, summed by the store, equal the payslips' own."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from payroll_helpers import ACCOUNTS, RULES, employee, rp, setup

from backoffice_core import BackOffice, Money
from backoffice_core.jurisdictions import indonesia
from backoffice_core.payroll import EarlierMonth, Payslip, RunStatus, YearToDate
from backoffice_core.payroll.ports import PAYSLIP, RUN
from backoffice_core.payroll.queries import closed_keys, earlier_months, year_before, year_to_date
from backoffice_core.periods import Month
from backoffice_core.records import Range

DECEMBER = Month.parse("2026-12")
CLOSED = (RunStatus.APPROVED, RunStatus.POSTED, RunStatus.PAID)
MONTHLY_CAP = indonesia.payroll_rules(pph21=indonesia.Pph21Options(biaya_jabatan_cap="monthly"))


def approve(office: BackOffice, run_id: str) -> None:
    """Approve ``run_id`` as the HR manager (maker-checker)."""
    office.as_actor("hr.manager").payroll.approve(run_id, accounts=ACCOUNTS)


def a_year(office: BackOffice) -> None:
    """January to November of five employees with history, corrections and a leaver.

    E001 and E002 stay all year; E003 joins on 10 March; E004 leaves on 15 July.
    March is calculated twice (E001's raise came between): only the second counts.
    February is corrected (E002's back-dated raise): the difference adds to the month.
    E005 is hired after April was approved, back-dated to April: April's correction
    pays E005 a whole month that no regular run paid. A correction of May is
    calculated and never approved: it must not count.
    """
    setup(office)
    office.payroll.employees.hire(
        [
            employee("E003", 8_000_000, joined=date(2026, 3, 10), department="Ops"),
            employee("E004", 25_000_000, status="K/2"),
        ]
    )
    office.payroll.employees.leave("E004", on=date(2026, 7, 15))
    for number in range(1, 12):
        month = f"2026-{number:02d}"
        if number == 3:
            office.payroll.calculate(month, RULES)
            office.payroll.employees.change_pay(
                "E001", "basic", rp(11_000_000), effective=date(2026, 3, 1)
            )
        run = office.payroll.calculate(month, RULES)
        approve(office, run.id)
        if number == 2:
            office.payroll.employees.change_pay(
                "E002", "basic", rp(6_400_000), effective=date(2026, 2, 1)
            )
            approve(office, office.payroll.correct(run.id, RULES).id)
        if number == 4:
            office.payroll.employees.hire(
                employee("E005", 7_000_000, joined=date(2026, 4, 1), status="K/0")
            )
            approve(office, office.payroll.correct(run.id, RULES).id)
        if number == 5:
            office.payroll.employees.change_pay(
                "E002", "basic", rp(9_000_000), effective=date(2026, 5, 1)
            )
            office.payroll.correct(run.id, RULES)  # calculated, never approved


def from_payslips(office: BackOffice) -> dict[str, dict[int, list[Money]]]:
    """Each employee's closed payslips of January to November, summed per month.

    Read the plain way: every closed run's current payslips, loaded whole.
    """
    found: dict[str, dict[int, list[Money]]] = defaultdict(dict)
    for run in office.payroll.runs():
        if run.status not in CLOSED or run.month >= str(DECEMBER):
            continue
        slip: Payslip
        for slip in office.payroll.payslips(run.id):
            values = [slip.taxable_gross, slip.tax, slip.tax_deductible]
            month = int(slip.month[5:])
            before = found[slip.employee].get(month)
            found[slip.employee][month] = (
                values if before is None else [a + b for a, b in zip(before, values, strict=True)]
            )
    return found


def keys(office: BackOffice) -> list[str]:
    """The calc keys of the closed runs before December."""
    return closed_keys(office.unit_of_work.records(RUN), year_before(DECEMBER))


class TestYearToDate:
    def test_sums_equal_the_payslips(self, office: BackOffice) -> None:
        """The store's sums per employee equal the closed payslips' months and sums."""
        a_year(office)
        slips = office.unit_of_work.records(PAYSLIP)
        summed = year_to_date(slips, keys(office), Range("E001", "E999"))
        expected = {
            emp: YearToDate(
                len(months),
                Money.sum((v[0] for v in months.values()), "IDR"),
                Money.sum((v[1] for v in months.values()), "IDR"),
                Money.sum((v[2] for v in months.values()), "IDR"),
            )
            for emp, months in from_payslips(office).items()
        }
        assert summed == expected
        assert {emp: ytd.months for emp, ytd in summed.items()} == {
            "E001": 11,
            "E002": 11,
            "E003": 9,
            "E004": 7,
            "E005": 8,
        }

    def test_months_equal_the_payslips(self, office: BackOffice) -> None:
        """The store's sums per employee and month equal the closed payslips' months."""
        a_year(office)
        slips = office.unit_of_work.records(PAYSLIP)
        by_month = earlier_months(slips, keys(office), Range("E001", "E999"))
        expected = {
            emp: tuple(EarlierMonth(n, *months[n]) for n in sorted(months))
            for emp, months in from_payslips(office).items()
        }
        assert by_month == expected

    def test_a_chunk_reads_only_its_employees(self, office: BackOffice) -> None:
        """Summing the ids E002 to E003 gives those two employees' figures alone."""
        a_year(office)
        slips = office.unit_of_work.records(PAYSLIP)
        whole = year_to_date(slips, keys(office), Range("E001", "E999"))
        assert year_to_date(slips, keys(office), Range("E002", "E003")) == {
            e: whole[e] for e in ("E002", "E003")
        }

    def test_december_reconciles_the_payslips_year(self, office: BackOffice) -> None:
        """December's tax equals the reconciliation over the payslips' own months."""
        a_year(office)
        history = from_payslips(office)
        december = office.payroll.preview(DECEMBER, RULES)
        assert december.problems == ()
        assert sorted(s.employee for s in december.payslips) == ["E001", "E002", "E003", "E005"]
        for slip in december.payslips:
            months = history[slip.employee]
            year = RULES.last_period_withholding(
                slip.tax_status,
                DECEMBER.last_day,
                [months[n][0] for n in sorted(months)] + [slip.taxable_gross],
                withheld=Money.sum((v[1] for v in months.values()), "IDR"),
                pension_contributions=Money.sum((v[2] for v in months.values()), "IDR")
                + slip.tax_deductible,
            )
            assert (slip.tax, slip.tax_details["months_worked"]) == (
                year.tax,
                str(len(months) + 1),
            )

    def test_monthly_cap_reads_each_month(self, office: BackOffice) -> None:
        """Under the monthly biaya jabatan cap, December reconciles month by month."""
        a_year(office)
        history = from_payslips(office)
        december = office.payroll.preview(DECEMBER, MONTHLY_CAP)
        assert (MONTHLY_CAP.monthly_history, RULES.monthly_history) == (True, False)
        for slip in december.payslips:
            months = history[slip.employee]
            year = MONTHLY_CAP.last_period_withholding(
                slip.tax_status,
                DECEMBER.last_day,
                [months[n][0] for n in sorted(months)] + [slip.taxable_gross],
                withheld=Money.sum((v[1] for v in months.values()), "IDR"),
                pension_contributions=Money.sum((v[2] for v in months.values()), "IDR")
                + slip.tax_deductible,
            )
            assert slip.tax == year.tax
