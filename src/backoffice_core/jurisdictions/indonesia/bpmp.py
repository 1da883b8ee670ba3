"""The monthly withholding list (BPMP) of a payroll run, as a report and Coretax XML.

:func:`bpmp` lists, for every payslip of a month taxed with the monthly TER, the
fields of the monthly slip for permanent employees (reference part 2, section 2.3):
period, employee's tax id (NIK or 16-digit NPWP), PTKP status, kode objek pajak
21-100-01, the gross (the TER base) and the TER rate, with the PPh 21 it gives. The
last tax period is not listed: it is reported on the year-end slip (BPA1). The report
masks the tax ids; :meth:`Bpmp.to_xml` writes them in full for the Coretax bulk upload
(root ``MmPayrollBulk/ListOfMmPayroll/MmPayroll``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from xml.etree import ElementTree as ET

import attrs

from backoffice_core.errors import InvalidInputError
from backoffice_core.jurisdictions.indonesia.identifiers import validate_nitku
from backoffice_core.money import Money
from backoffice_core.payroll import Payslip, mask
from backoffice_core.reporting import Column, ColumnKind, Report

__all__ = ["Bpmp", "BpmpRow", "bpmp"]

OBJECT_CODE = "21-100-01"
"""Kode objek pajak of PPh 21 on permanent employees."""


@attrs.frozen
class BpmpRow:
    """One employee's monthly slip.

    Attributes:
        month: Tax period month.
        year: Tax period year.
        employee: Employee id.
        name: Employee name.
        tin: NIK or NPWP in full (masked in the report).
        status: PTKP status.
        gross: The month's gross (TER base).
        rate: The TER rate as a fraction.
        tax: The PPh 21 withheld.
    """

    month: int
    year: int
    employee: str
    name: str
    tin: str = attrs.field(repr=False)
    status: str
    gross: Money
    rate: Decimal
    tax: Money


@attrs.frozen
class Bpmp:
    """The BPMP list of one month.

    Attributes:
        withholder_nitku: The employer's NITKU (22 digits).
        withholding_date: The date of withholding on the slips.
        rows: One row per employee taxed with the monthly TER.
    """

    withholder_nitku: str
    withholding_date: date
    rows: tuple[BpmpRow, ...]

    def report(self) -> Report:
        """Return the list as a report (text, HTML, CSV, JSON) with the tax ids masked."""
        columns = (
            Column("period", "Masa pajak"), Column("employee", "payroll.employee"),
            Column("name", "payroll.name"), Column("tin", "NPWP/NIK"),
            Column("status", "Status"), Column("object", "Kode objek pajak"),
            Column("gross", "Penghasilan kotor", ColumnKind.MONEY),
            Column("rate", "Tarif (%)"), Column("tax", "PPh 21", ColumnKind.MONEY),
        )  # fmt: skip
        rows = [
            {"period": f"{r.month:02d}/{r.year}", "employee": r.employee, "name": r.name,
             "tin": mask(r.tin), "status": r.status, "object": OBJECT_CODE, "gross": r.gross,
             "rate": str((r.rate * 100).normalize()), "tax": r.tax}
            for r in self.rows
        ]  # fmt: skip
        total = Money.sum((r.tax for r in self.rows), "IDR")
        return Report(
            title="BPMP",
            columns=columns,
            rows=rows,
            totals=[{"period": "Jumlah", "tax": total}],
            subtitle=f"NITKU {mask(self.withholder_nitku)}, {self.withholding_date.isoformat()}",
        )

    def to_xml(self) -> str:
        """Return the Coretax bulk-upload XML of the list, tax ids in full."""
        root = ET.Element("MmPayrollBulk")
        listing = ET.SubElement(root, "ListOfMmPayroll")
        for r in self.rows:
            item = ET.SubElement(listing, "MmPayroll")
            fields = [
                ("TaxPeriodMonth", str(r.month)),
                ("TaxPeriodYear", str(r.year)),
                ("CounterpartOpt", "Resident"),
                ("CounterpartPassport", ""),
                ("CounterpartTin", r.tin),
                ("StatusTaxExemption", r.status),
                ("Position", ""),
                ("TaxCertificate", "N/A"),
                ("TaxObjectCode", OBJECT_CODE),
                ("Gross", str(r.gross.amount)),
                ("Rate", str((r.rate * 100).normalize())),
                ("IDPlaceOfBusinessActivity", self.withholder_nitku),
                ("WithholdingDate", self.withholding_date.isoformat()),
            ]
            for tag, value in fields:
                ET.SubElement(item, tag).text = value
        ET.indent(root)
        return ET.tostring(root, encoding="unicode", xml_declaration=True)


def bpmp(payslips: Sequence[Payslip], *, withholder_nitku: str, withholding_date: date) -> Bpmp:
    """Build the BPMP list from a run's payslips.

    Args:
        payslips: The payslips of a regular run (``office.payroll.payslips(run_id)``).
        withholder_nitku: The employer's NITKU.
        withholding_date: The date of withholding.

    Raises:
        InvalidIdentifierError: If the NITKU is malformed.
        InvalidInputError: If a listed employee has neither NIK nor NPWP on the payslip.
    """
    nitku = validate_nitku(withholder_nitku).number
    rows = []
    for slip in payslips:
        if slip.tax_details.get("method") != "TER" or slip.off_cycle:
            continue
        tin = slip.npwp or slip.nik
        if not tin:
            raise InvalidInputError(
                f"employee {slip.employee!r} has neither NIK nor NPWP: the BPMP needs one; "
                "record it with payroll.employees.change_status(...)"
            )
        rows.append(
            BpmpRow(
                month=int(slip.month[5:]),
                year=int(slip.month[:4]),
                employee=slip.employee,
                name=slip.name,
                tin=tin,
                status=slip.tax_status,
                gross=slip.taxable_gross,
                rate=Decimal(slip.tax_details["rate"]),
                tax=slip.tax,
            )
        )
    return Bpmp(nitku, withholding_date, tuple(rows))
