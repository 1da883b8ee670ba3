"""The Indonesian compliance pack: rules and the statutory calendar as dated obligations.

:func:`compliance_rules` is the jurisdiction-neutral ledger rules plus the Indonesian
tax rules; :func:`statutory_calendar` lists a year's obligations (PPh 21 payment and
return, PPN, BPJS, annual returns, THR) with their due dates moved on the Indonesian
working-day calendar (:mod:`.deadlines`). An obligation counts as done when evidence
exists; by default, a ledger entry whose ``source`` is the obligation's id.

The BPJS payment day is not in the reference this pack is built from, so it is a
parameter (``bpjs_due_day``, the 15th by default), not a constant.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import holidays

from backoffice_core.compliance import (
    Obligation,
    Result,
    Rule,
    RuleContext,
    RuleRegistry,
    Severity,
    domain_rules,
    ledger_rules,
)
from backoffice_core.errors import InvalidInputError
from backoffice_core.i18n import register_messages
from backoffice_core.jurisdictions.indonesia.deadlines import (
    TaxpayerKind,
    annual_return_due,
    next_working_day,
    thr_payment_due,
    withholding_payment_due,
    withholding_return_due,
)
from backoffice_core.jurisdictions.indonesia.errors import InvalidIdentifierError
from backoffice_core.jurisdictions.indonesia.identifiers import validate_nik, validate_npwp
from backoffice_core.jurisdictions.indonesia.pph21 import monthly_withholding
from backoffice_core.jurisdictions.indonesia.rules import minimum_wage
from backoffice_core.money import Money
from backoffice_core.payroll import PAYSLIP
from backoffice_core.periods import Month
from backoffice_core.records import OneOf, Range

__all__ = ["PPH21_PAYABLE", "compliance_rules", "idul_fitri", "statutory_calendar"]

PPH21_PAYABLE = "2141"
"""Utang PPh 21 on the Indonesian chart (a run may name another with ``pph21_payable``)."""


def idul_fitri(year: int) -> date:
    """Return the first day of Idul Fitri in ``year`` from the ``holidays`` calendar.

    Raises:
        InvalidInputError: If the calendar has no Idul Fitri for that year.
    """
    for day, name in sorted(holidays.country_holidays("ID", years=year).items()):
        if "Eid al-Fitr" in name or "Idul Fitri" in name:
            return day
    raise InvalidInputError(f"no Idul Fitri in the holiday calendar for {year}: pass the date")


def _month_end_next(year: int, month: int) -> date:
    following = Month(year, month) + 1
    return next_working_day(following.last_day)


def statutory_calendar(
    year: int,
    *,
    vat_registered: bool = True,
    employer: bool = True,
    thr_holiday: date | None = None,
    bpjs_due_day: int = 15,
) -> list[Obligation]:
    """Return the year's statutory obligations of a company, in due-date order.

    Args:
        year: The tax year (monthly obligations for its 12 months; annual returns for it).
        vat_registered: Include the monthly PPN return (a PKP).
        employer: Include PPh 21, BPJS and THR.
        thr_holiday: The religious holiday THR is paid for (Idul Fitri by default).
        bpjs_due_day: Day of the following month BPJS contributions are paid by.

    Raises:
        InvalidInputError: If the year or the BPJS day is out of range.
    """
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise InvalidInputError(f"year {year!r} must be between 2000 and 2100")
    if not isinstance(bpjs_due_day, int) or not 1 <= bpjs_due_day <= 28:
        raise InvalidInputError(f"bpjs_due_day {bpjs_due_day!r} must be a day 1..28")
    out: list[Obligation] = []
    for month in range(1, 13):
        period = f"{year}-{month:02d}"
        name = calendar.month_name[month]
        if employer:
            out.append(Obligation(
                id=f"pph21-payment-{period}", period=period,
                title=f"Setor PPh 21 masa {period}", title_en=f"Pay PPh 21 for {name} {year}",
                due=withholding_payment_due(year, month),
            ))  # fmt: skip
            out.append(Obligation(
                id=f"pph21-return-{period}", period=period,
                title=f"Lapor SPT Masa PPh 21 {period}",
                title_en=f"File the PPh 21 return for {name} {year}",
                due=withholding_return_due(year, month),
            ))  # fmt: skip
            following = Month(year, month) + 1
            out.append(Obligation(
                id=f"bpjs-payment-{period}", period=period,
                title=f"Bayar iuran BPJS {period}",
                title_en=f"Pay BPJS contributions for {name} {year}",
                due=next_working_day(following.first_day + timedelta(days=bpjs_due_day - 1)),
            ))  # fmt: skip
        if vat_registered:
            out.append(Obligation(
                id=f"ppn-return-{period}", period=period,
                title=f"Setor dan lapor SPT Masa PPN {period}",
                title_en=f"Pay and file the VAT return for {name} {year}",
                due=_month_end_next(year, month),
            ))  # fmt: skip
    out.append(Obligation(
        id=f"annual-return-{year}", period=str(year),
        title=f"Lapor SPT Tahunan PPh Badan {year}",
        title_en=f"File the {year} corporate income tax return",
        due=annual_return_due(year, TaxpayerKind.COMPANY),
    ))  # fmt: skip
    if employer:
        holiday = thr_holiday or idul_fitri(year)
        out.append(Obligation(
            id=f"thr-{year}", period=str(year),
            title=f"Bayar THR (H-7 sebelum {holiday.isoformat()})",
            title_en=f"Pay THR (7 days before {holiday.isoformat()})",
            due=thr_payment_due(holiday),
        ))  # fmt: skip
    return sorted(out, key=lambda o: (o.due, o.id))


def _pph21_paid(ctx: RuleContext) -> Iterator[Result]:
    """Checks that what each month withheld on PPh 21 payable is paid by its due date.

    Credits to the payable (``2141``, or ``pph21_payable``) are the month's withholding;
    debits are payments, which settle the oldest month first. Both are read as the
    account's daily totals (:meth:`~backoffice_core.ledger.Ledger.daily_activity`, summed
    by the store), never line by line. A month fails by what it
    withheld that the payments made up to its due date (the 15th of the next month,
    moved to a working day) do not cover; months not yet due are not judged.
    """
    ledger = ctx.office.ledger
    account = ctx.param("pph21_payable", PPH21_PAYABLE)
    if account not in {a.code for a in ledger.accounts()}:
        yield Result.not_applicable(f"no account {account} (PPh 21 payable) in the chart")
        return
    days = ledger.daily_activity(account, None, ctx.as_of)
    if not any(not day.credit.is_zero for day in days):
        yield Result.not_applicable(f"nothing was withheld on {account}")
        return
    withheld: dict[Month, Decimal] = {}
    payments: list[tuple[date, Decimal]] = []
    for day in days:
        if not day.credit.is_zero:
            month = Month.of(day.date)
            withheld[month] = withheld.get(month, Decimal(0)) + day.credit.amount
        if not day.debit.is_zero:
            payments.append((day.date, day.debit.amount))
    owed_so_far = Decimal(0)
    for month in sorted(withheld):
        owed_so_far += withheld[month]
        due = withholding_payment_due(month.year, month.month)
        if due >= ctx.as_of:
            continue
        paid = sum((amount for day, amount in payments if day <= due), Decimal(0))
        short = min(withheld[month], owed_so_far - paid)
        if short > 0:
            yield Result.fail(
                str(month),
                f"PPh 21 withheld in {month}: {Money(withheld[month], 'IDR')}; "
                f"{Money(short, 'IDR')} not paid by {due.isoformat()}",
                due=due,
            )


def _identifiers(ctx: RuleContext) -> Iterator[Result]:
    """Fails for an employee whose NIK or NPWP is not valid (the masked value is shown).

    The numbers are read alone (``office.payroll.employees.identifiers()``), without
    building each employee's pay.
    """
    employees = ctx.office.payroll.employees.identifiers()
    if not employees:
        yield Result.not_applicable("no employees")
        return
    for employee in employees:
        for name, value, check in (
            ("NIK", employee.nik, validate_nik),
            ("NPWP", employee.npwp, validate_npwp),
        ):
            if value is None:
                continue
            try:
                check(value)
            except InvalidIdentifierError:
                yield Result.fail(employee.id, f"{name} ending {str(value)[-4:]} is not valid")


def _posted_calculations(ctx: RuleContext) -> dict[str, str]:
    """The current calculation of every posted (or paid) run up to the run's day.

    Returns ``{"<run>/<calculation>": month}``, read once per compliance run and shared
    by the payslip rules below.
    """

    def read() -> dict[str, str]:
        return {
            f"{run.id}/{run.calculation}": run.month
            for run in ctx.office.payroll.runs()
            if run.status.value in ("posted", "paid")
            and Month.parse(run.month).last_day <= ctx.as_of
        }

    found: dict[str, str] = ctx.shared("payroll.posted_calculations", read)
    return found


def _slips(ctx: RuleContext, where: dict[str, Any]) -> Iterator[Any]:
    """Yield the payslips matching ``where``, a page at a time.

    The filter (on the payslip store's indexed and totalled columns) runs in the
    store, so only the few candidates a rule must look at closely are read. They are
    counted first: a count reads only an index holding those columns (SQLite uses the
    payslip kind's rollup index), so a book with no candidate reads no payslip row.
    """
    store = ctx.office.unit_of_work.records(PAYSLIP)
    if not store.count(where):
        return
    cursor = None
    while True:
        page = store.find(where, limit=1000, cursor=cursor)
        for stored in page:
            yield stored.record
        cursor = page.next_cursor
        if cursor is None:
            return


def _minimum_wage(ctx: RuleContext) -> Iterator[Result]:
    """Fails for a full month's payslip whose cash earnings are below the regional UMP.

    The region is the run's parameter ``minimum_wage_region`` (``"DKI Jakarta"`` by
    default); part months (joiners, leavers, unpaid leave) are not judged. The store
    selects the payslips whose gross pay is below the month's floor (one query per
    distinct floor); only those are read to see whether they pay a full month.
    """
    region = ctx.param("minimum_wage_region", "DKI Jakarta")
    calculations = _posted_calculations(ctx)
    if not calculations:
        yield Result.not_applicable("no payslip of a posted run")
        return
    floors: dict[str, Money] = {}
    by_floor: dict[Money, list[str]] = {}
    for calc_key, month in calculations.items():
        if month not in floors:
            floors[month] = minimum_wage(region, Month.parse(month).last_day)
        by_floor.setdefault(floors[month], []).append(calc_key)
    for floor, calc_keys in by_floor.items():
        below = Money.from_minor(floor.to_minor() - 1, floor.currency)  # strictly below
        where = {"calc_key": OneOf(*calc_keys), "gross": Range(None, below)}
        for slip in _slips(ctx, where):
            if slip.days_paid < slip.days_in_period:
                continue
            yield Result.fail(
                f"{slip.employee} {slip.month}", f"paid {slip.gross}, UMP {region} {floor}"
            )


def _tax_missing(ctx: RuleContext) -> Iterator[Result]:
    """Fails for a monthly payslip with no PPh 21 where the TER rate gives some.

    The last tax period (December or the leaving month) reconciles the year and may
    legitimately withhold nothing, so it is not judged. The store selects the payslips
    that withheld nothing; only those are read.
    """
    calculations = _posted_calculations(ctx)
    if not calculations:
        yield Result.not_applicable("no payslip of a posted run")
        return
    where = {"calc_key": OneOf(*calculations), "tax": Money(0, "IDR")}
    for slip in _slips(ctx, where):
        if slip.last_period:
            continue
        owed = monthly_withholding(
            slip.taxable_gross, slip.tax_status, Month.parse(slip.month).last_day
        ).tax
        if not owed.is_zero:
            yield Result.fail(f"{slip.employee} {slip.month}", f"no PPh 21; TER gives {owed}")


register_messages(
    {
        "rule.payroll.identifiers.fix": {
            "en": "correct the numbers from the employee's KTP and NPWP card",
            "id": "perbaiki nomornya sesuai KTP dan kartu NPWP karyawan",
        },
        "rule.payroll.minimum_wage.fix": {
            "en": "pay the difference up to the UMP in a correction run",
            "id": "bayar selisih hingga UMP dalam penggajian koreksi",
        },
        "rule.payroll.tax_missing.fix": {
            "en": "check the employee's tax status and recalculate the run",
            "id": "periksa status PTKP karyawan dan hitung ulang penggajian",
        },
        "rule.payroll.identifiers": {
            "en": "Employees' NIK and NPWP are valid",
            "id": "NIK dan NPWP karyawan valid",
        },
        "rule.payroll.minimum_wage": {
            "en": "No full month is paid below the regional minimum wage",
            "id": "Tidak ada upah sebulan penuh di bawah upah minimum provinsi",
        },
        "rule.payroll.tax_missing": {
            "en": "PPh 21 is withheld from every employee who owes it",
            "id": "PPh 21 dipotong dari setiap karyawan yang terutang",
        },
        "rule.tax.pph21_paid": {
            "en": "PPh 21 withheld is paid by its due date",
            "id": "PPh 21 yang dipotong disetor paling lambat tanggal jatuh tempo",
        },
        "rule.tax.pph21_paid.fix": {
            "en": "pay the PPh 21 (with the late-payment interest) and post it",
            "id": "setor PPh 21 (beserta sanksi bunga keterlambatan) dan catat jurnalnya",
        },
    }
)


def compliance_rules() -> RuleRegistry:
    """Return the Indonesian rule set: the ledger and domain rules and the Indonesian ones."""
    return (
        ledger_rules()
        .extend(domain_rules())
        .extend(
            RuleRegistry(
                [
                    Rule(
                        "payroll.identifiers",
                        1,
                        "Employees' NIK and NPWP are valid",
                        "payroll",
                        _identifiers,
                        severity=Severity.MEDIUM,
                        jurisdiction="ID",
                        remediation="correct the numbers from the employee's KTP and NPWP card",
                    ),
                    Rule(
                        "payroll.minimum_wage",
                        1,
                        "No full month is paid below the regional minimum wage",
                        "payroll",
                        _minimum_wage,
                        severity=Severity.HIGH,
                        jurisdiction="ID",
                        remediation="pay the difference up to the UMP in a correction run",
                    ),
                    Rule(
                        "payroll.tax_missing",
                        1,
                        "PPh 21 is withheld from every employee who owes it",
                        "payroll",
                        _tax_missing,
                        severity=Severity.HIGH,
                        jurisdiction="ID",
                        remediation="check the employee's tax status and recalculate the run",
                    ),
                    Rule(
                        "tax.pph21_paid",
                        1,
                        "PPh 21 withheld is paid by its due date",
                        "tax",
                        _pph21_paid,
                        severity=Severity.HIGH,
                        jurisdiction="ID",
                        tags={"tax", "pph21"},
                        remediation="pay the PPh 21 (with the late-payment interest) and post it",
                    ),
                ]
            )
        )
    )
