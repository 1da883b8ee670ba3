"""The year-end withholding slip BPA1 (the former form 1721-A1) from a year's payslips.

:func:`bpa1` adds an employee's payslips of one year (approved runs and their
corrections) up into the numbered lines of the slip (reference part 2, section 2.2):
lines 1-8 the gross by kind of income, 9-12 the deductions, 13-23 the PPh 21
computation, taken from the last tax period's reconciliation. The slip renders through
:class:`~backoffice_core.reporting.Report` (text, HTML, CSV, JSON) in Bahasa Indonesia
or English, with the NPWP masked; :func:`bpa1_xml` writes slips as the Coretax
bulk-upload XML, tax ids in full.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from xml.etree import ElementTree as ET

import attrs

from backoffice_core.errors import InvalidInputError
from backoffice_core.jurisdictions.indonesia.identifiers import validate_nitku
from backoffice_core.money import Money
from backoffice_core.payroll import LineKind, PayComponent, Payslip, mask
from backoffice_core.reporting import Column, ColumnKind, Report

__all__ = ["BPA1_LINES", "Bpa1", "bpa1", "bpa1_xml"]

BPA1_LINES: dict[int, tuple[str, str]] = {
    1: ("Gaji atau uang pensiun berkala", "Salary or periodic pension"),
    2: ("Tunjangan PPh", "Tax allowance"),
    3: ("Tunjangan lainnya, uang lembur, dan sebagainya", "Other allowances, overtime"),
    4: ("Honorarium dan imbalan lain sejenisnya", "Honoraria"),
    5: ("Premi asuransi yang dibayarkan pemberi kerja", "Insurance premiums paid by the employer"),
    6: ("Penerimaan dalam bentuk natura dan kenikmatan lainnya", "Benefits in kind"),
    7: ("Tantiem, bonus, gratifikasi, jasa produksi, dan THR", "Bonus, THR"),
    8: ("Jumlah penghasilan bruto (1 s.d. 7)", "Gross income (1 to 7)"),
    9: ("Biaya jabatan/biaya pensiun", "Occupational expense"),
    10: ("Iuran terkait pensiun atau hari tua", "Pension and old-age contributions"),
    11: ("Zakat/sumbangan keagamaan yang bersifat wajib", "Zakat through the employer"),
    12: ("Jumlah pengurangan (9 s.d. 11)", "Total deductions (9 to 11)"),
    13: ("Jumlah penghasilan neto (8 - 12)", "Net income (8 - 12)"),
    14: ("Penghasilan neto masa pajak sebelumnya", "Net income from a previous employer"),
    15: ("Jumlah penghasilan neto setahun/disetahunkan", "Annual net income"),
    16: ("Penghasilan tidak kena pajak (PTKP)", "Non-taxable income (PTKP)"),
    17: ("Penghasilan kena pajak setahun/disetahunkan", "Taxable income (rounded down)"),
    18: ("PPh Pasal 21 atas penghasilan kena pajak", "PPh 21 on the taxable income"),
    19: ("PPh Pasal 21 yang telah dipotong masa pajak sebelumnya", "PPh 21 on the previous slip"),
    20: ("PPh Pasal 21 DTP yang telah dipotong masa pajak sebelumnya", "Government-borne PPh 21"),
    21: ("PPh Pasal 21 terutang (18 - 19 - 20)", "PPh 21 due at this employer"),
    22: ("PPh Pasal 21 yang telah dipotong selain masa pajak terakhir",
         "PPh 21 withheld before the last period"),
    23: ("PPh Pasal 21 kurang/(lebih) bayar masa pajak terakhir",
         "Last-period PPh 21 (negative: refund)"),
}  # fmt: skip
"""The numbered lines of the slip: Indonesian and English label."""


def _default_line(line_kind: LineKind, code: str, component: PayComponent | None) -> int:
    if line_kind in (LineKind.EMPLOYER_SOCIAL_SECURITY, LineKind.EMPLOYER_CONTRIBUTION):
        return 5
    if line_kind is LineKind.BENEFIT_IN_KIND:
        return 6
    if code == "thr" or (component is not None and not component.recurring):
        return 7
    if code == "overtime" or component is None or not component.social_security_base:
        return 3
    return 1


@attrs.frozen
class Bpa1:
    """One employee's BPA1 for one year.

    Attributes:
        year: The tax year.
        employee: The employee id.
        name: The employee's name.
        npwp: The NPWP (masked in renders).
        nik: The NIK (masked in renders).
        tax_status: The PTKP status of the last period.
        month_start: First month of income from this employer.
        month_end: The last tax period.
        lines: Amount of every numbered line, 1 to 23.
    """

    year: int
    employee: str
    name: str
    npwp: str | None = attrs.field(repr=False)
    nik: str | None = attrs.field(repr=False)
    tax_status: str
    month_start: int
    month_end: int
    lines: Mapping[int, Money]

    def report(self, *, language: str = "id") -> Report:
        """Return the slip as a report: number, label and amount of each line.

        Args:
            language: ``"id"`` for the form's wording, ``"en"`` for English labels.
        """
        index = 0 if language == "id" else 1
        rows = [
            {"no": str(n), "label": BPA1_LINES[n][index], "amount": self.lines[n]}
            for n in sorted(self.lines)
        ]
        period = f"{self.month_start:02d}-{self.month_end:02d}/{self.year}"
        return Report(
            title=f"BPA1 (1721-A1) {self.year}",
            columns=(Column("no", "No."), Column("label", "Uraian" if index == 0 else "Item"),
                     Column("amount", "amount", ColumnKind.MONEY)),
            rows=rows,
            subtitle=f"{self.employee} {self.name}, NPWP {mask(self.npwp)}, "
            f"{self.tax_status}, {period}",
        )  # fmt: skip


def bpa1(
    payslips: Sequence[Payslip],
    components: Iterable[PayComponent],
    *,
    line_of: Mapping[str, int] | None = None,
) -> Bpa1:
    """Build the BPA1 of one employee from the year's payslips.

    Args:
        payslips: The employee's payslips of one year from approved runs, corrections
            included (``office.payroll.year_payslips(employee, year)``); the last one
            with ``last_period`` set carries the reconciliation.
        components: The pay components, for the default line of each earning:
            recurring social-security-base earnings on line 1, other recurring earnings
            and overtime on 3, one-off earnings and THR on 7, taxable employer premiums
            and contributions on 5, taxable benefits in kind on 6.
        line_of: Line number (1-7) by component code, overriding the default.

    Raises:
        InvalidInputError: If the payslips are empty, of several employees or years,
            have no last tax period, or a line number is not 1-7.
    """
    if not payslips:
        raise InvalidInputError("bpa1 needs the employee's payslips of the year: none given")
    employees = {s.employee for s in payslips}
    years = {s.month[:4] for s in payslips}
    if len(employees) > 1 or len(years) > 1:
        raise InvalidInputError(
            f"bpa1 takes one employee's payslips of one year; got employees "
            f"{sorted(employees)} and years {sorted(years)}"
        )
    overrides = dict(line_of or {})
    for code, number in overrides.items():
        if number not in range(1, 8):
            raise InvalidInputError(
                f"BPA1 line {number!r} for component {code!r} is not a gross line: use 1 to 7"
            )
    last = [s for s in payslips if s.last_period and s.tax_details.get("method") == "annual"]
    if not last:
        raise InvalidInputError(
            f"employee {payslips[0].employee!r} has no last tax period (December or the "
            f"leaving month) among the {len(payslips)} payslips given: approve that run first"
        )
    final = last[-1]
    catalogue = {c.code: c for c in components}
    currency = final.net.currency
    sums = dict.fromkeys(range(1, 24), Decimal(0))
    for slip in payslips:
        for line in slip.lines:
            if not line.taxable:
                continue
            number = overrides.get(line.code) or _default_line(
                line.kind, line.code, catalogue.get(line.code)
            )
            sums[number] += line.amount.amount
    sums[8] = sum((sums[n] for n in range(1, 8)), Decimal(0))
    details = {k: Decimal(v) for k, v in final.tax_details.items() if k != "method"}
    if sums[8] != details["gross"]:
        raise InvalidInputError(
            f"employee {final.employee!r}: the payslips' taxable lines sum to {sums[8]} but "
            f"the reconciliation's gross is {details['gross']}: pass every payslip of the year"
        )
    sums[9], sums[10], sums[11] = details["biaya_jabatan"], details["pension"], Decimal(0)
    sums[12] = sums[9] + sums[10] + sums[11]
    sums[13] = sums[8] - sums[12]
    sums[14] = details["previous_neto"]
    sums[15] = sums[13] + sums[14]
    sums[16], sums[17], sums[18] = details["ptkp"], details["pkp"], details["tax_due"]
    sums[19], sums[20] = details["previous_withheld"], Decimal(0)
    sums[21] = sums[18] - sums[19] - sums[20]
    sums[22] = details["withheld"]
    sums[23] = sums[21] - sums[22]
    months = sorted(int(s.month[5:]) for s in payslips)
    return Bpa1(
        year=int(final.month[:4]),
        employee=final.employee,
        name=final.name,
        npwp=final.npwp,
        nik=final.nik,
        tax_status=final.tax_status,
        month_start=months[0],
        month_end=int(final.month[5:]),
        lines={n: Money(v, currency) for n, v in sums.items()},
    )


_XML_LINES = {
    "SalaryPensionJhtTht": 1,
    "IncomeTaxBenefit": 2,
    "OtherBenefit": 3,
    "Honorarium": 4,
    "InsurancePaidByEmployer": 5,
    "Natura": 6,
    "TantiemBonusThr": 7,
    "PensionContributionJhtThtFee": 10,
    "Zakat": 11,
    "Article21IncomeTax": 23,
}


def bpa1_xml(slips: Sequence[Bpa1], *, withholder_nitku: str, withholding_date: date) -> str:
    """Return the Coretax bulk-upload XML of year-end slips (root ``A1Bulk/ListOfA1/A1``).

    Amounts are the slips' numbered lines (reference part 2, section 2.2); the tax ids
    are written in full. Every employee is a resident with no tax allowance gross-up
    and no facility (``TaxCertificate`` ``N/A``), kode objek pajak 21-100-01.

    Raises:
        InvalidIdentifierError: If the NITKU is malformed.
        InvalidInputError: If a slip has neither NPWP nor NIK.
    """
    nitku = validate_nitku(withholder_nitku).number
    root = ET.Element("A1Bulk")
    listing = ET.SubElement(root, "ListOfA1")
    for slip in slips:
        tin = slip.npwp or slip.nik
        if not tin:
            raise InvalidInputError(
                f"employee {slip.employee!r} has neither NPWP nor NIK: the BPA1 needs one"
            )
        months = slip.month_end - slip.month_start + 1
        item = ET.SubElement(listing, "A1")
        fields: list[tuple[str, str]] = [
            ("WorkForSecondEmployer", "Yes" if slip.lines[14] else "No"),
            ("TaxPeriodMonthStart", str(slip.month_start)),
            ("TaxPeriodMonthEnd", str(slip.month_end)),
            ("TaxPeriodYear", str(slip.year)),
            ("CounterpartOpt", "Resident"),
            ("CounterpartPassport", ""),
            ("CounterpartTin", tin),
            ("TaxExemptOpt", slip.tax_status),
            ("CounterpartPosition", ""),
            ("TaxObjectCode", "21-100-01"),
            ("NumberOfMonths", str(months)),
            ("StatusOfWithholding", "FullYear" if months == 12 else "PartialYear"),
            ("GrossUpOpt", "No"),
        ]
        fields += [(tag, str(slip.lines[n].amount)) for tag, n in _XML_LINES.items()]
        fields += [
            ("PrevWhTaxSlip", ""),
            ("TaxCertificate", "N/A"),
            ("IDPlaceOfBusinessActivity", nitku),
            ("WithholdingDate", withholding_date.isoformat()),
        ]
        for tag, value in fields:
            ET.SubElement(item, tag).text = value
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)
