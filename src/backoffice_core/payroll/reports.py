"""Payslips as text, HTML and JSON in Bahasa Indonesia or English; the run summary.

The default renders never show identity numbers in full: the NPWP is masked to its
last four digits. A last-period payslip also shows the year-end tax calculation the
rules returned (neto, taxable income rounded as the rules round it, annual tax). The
net pay is also written in Indonesian words (terbilang) on the Indonesian payslip.
"""

from __future__ import annotations

import html
import json
from typing import Any

import attrs

from backoffice_core.i18n import format_amount, register_messages
from backoffice_core.money import Money
from backoffice_core.payroll.models import LineKind, PayrollRun, Payslip
from backoffice_core.payroll.words import terbilang
from backoffice_core.reporting import Column, ColumnKind, Label, Report

__all__ = ["Preview", "payslip_html", "payslip_json", "payslip_text", "run_summary"]

_TEXT: dict[str, dict[str, str]] = {
    "payslip": {"en": "Payslip", "id": "Slip gaji"},
    "employee": {"en": "Employee", "id": "Karyawan"},
    "name": {"en": "Name", "id": "Nama"},
    "department": {"en": "Department", "id": "Departemen"},
    "npwp": {"en": "NPWP", "id": "NPWP"},
    "tax_status": {"en": "Tax status", "id": "Status PTKP"},
    "days": {"en": "Days paid", "id": "Hari dibayar"},
    "earnings": {"en": "Earnings", "id": "Penghasilan"},
    "deductions": {"en": "Deductions", "id": "Potongan"},
    "employer": {"en": "Paid by the employer", "id": "Ditanggung perusahaan"},
    "benefits": {"en": "Benefits in kind", "id": "Natura"},
    "gross": {"en": "Gross pay", "id": "Penghasilan bruto"},
    "total_deductions": {"en": "Total deductions", "id": "Jumlah potongan"},
    "tax": {"en": "Income tax", "id": "PPh"},
    "net": {"en": "Net pay", "id": "Gaji bersih"},
    "employer_cost": {"en": "Employer cost", "id": "Biaya perusahaan"},
    "in_words": {"en": "In words", "id": "Terbilang"},
    "correction": {"en": "Correction (differences)", "id": "Koreksi (selisih)"},
    "summary": {"en": "Payroll run", "id": "Rekap penggajian"},
    "year_end": {"en": "Year-end tax calculation", "id": "Perhitungan PPh Pasal 21 setahun"},
}


def _t(key: str, language: str) -> str:
    texts = _TEXT[key]
    return texts.get(language, texts["en"])


def _language(locale: str) -> str:
    return "id" if locale.replace("-", "_").split("_")[0].lower() == "id" else "en"


def _sections(
    slip: Payslip, language: str
) -> list[tuple[str, list[tuple[str, Any]], str, Money | None]]:
    """(title, [(label, amount)], total label, total) per section of the payslip."""

    def rows(*kinds: LineKind) -> list[tuple[str, Any]]:
        return [(ln.label(language), ln.amount) for ln in slip.lines_of(*kinds)]

    sections: list[tuple[str, list[tuple[str, Any]], str, Money | None]] = [
        (_t("earnings", language), rows(LineKind.EARNING), _t("gross", language), slip.gross),
        (
            _t("deductions", language),
            rows(LineKind.SOCIAL_SECURITY, LineKind.TAX, LineKind.DEDUCTION),
            _t("total_deductions", language),
            slip.deductions,
        ),
        (
            _t("employer", language),
            rows(LineKind.EMPLOYER_SOCIAL_SECURITY, LineKind.EMPLOYER_CONTRIBUTION),
            _t("employer_cost", language),
            slip.employer_cost,
        ),
    ]
    benefits = rows(LineKind.BENEFIT_IN_KIND)
    if benefits:
        sections.append((_t("benefits", language), benefits, "", None))
    if slip.tax_figures:
        figures = [(f.label(language), f.amount) for f in slip.tax_figures]
        sections.append((_t("year_end", language), figures, "", None))
    return sections


def _header(slip: Payslip, language: str) -> list[tuple[str, str]]:
    return [
        (_t("employee", language), slip.employee),
        (_t("name", language), slip.name),
        (_t("department", language), slip.department),
        (_t("npwp", language), slip.masked_npwp),
        (_t("tax_status", language), slip.tax_status),
        (_t("days", language), f"{slip.days_paid}/{slip.days_in_period}"),
    ]


def payslip_text(slip: Payslip, locale: str = "en_US") -> str:
    """Render a payslip as plain text in the language of ``locale``."""
    language = _language(locale)
    title = f"{_t('payslip', language)} {slip.month}"
    if slip.off_cycle:
        title += f" - {_t('correction', language)}"
    out = [title, "=" * len(title)]
    out += [f"{k:<22}{v}" for k, v in _header(slip, language)]
    sections = _sections(slip, language)
    width = max([36, *(len(name) + 1 for _, rows, _, _ in sections for name, _ in rows)])
    for section, rows, total_label, total in sections:
        out += ["", section]
        out += [f"  {name:<{width}}{format_amount(amount, locale):>18}" for name, amount in rows]
        if total is not None:
            out.append(f"  {total_label:<{width}}{format_amount(total, locale):>18}")
    out += ["", f"{_t('net', language):<{width + 2}}{format_amount(slip.net, locale):>18}"]
    if language == "id" and not slip.net.is_negative and slip.net.currency == "IDR":
        out.append(f"{_t('in_words', language)}: {terbilang(slip.net.amount)} rupiah")
    return "\n".join(out) + "\n"


def payslip_html(slip: Payslip, locale: str = "en_US") -> str:
    """Render a payslip as an HTML fragment in the language of ``locale``."""
    language = _language(locale)
    esc = html.escape
    parts = [f"<h4>{esc(_t('payslip', language))} {esc(slip.month)}</h4><table>"]
    parts += [f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in _header(slip, language)]
    parts.append("</table>")
    for section, rows, total_label, total in _sections(slip, language):
        parts.append(f"<table><thead><tr><th colspan=2>{esc(section)}</th></tr></thead><tbody>")
        parts += [
            f'<tr><td>{esc(n)}</td><td style="text-align:right">'
            f"{esc(format_amount(a, locale))}</td></tr>"
            for n, a in rows
        ]
        if total is not None:
            parts.append(
                f'<tr><th>{esc(total_label)}</th><th style="text-align:right">'
                f"{esc(format_amount(total, locale))}</th></tr>"
            )
        parts.append("</tbody></table>")
    parts.append(
        f"<p><strong>{esc(_t('net', language))}: {esc(format_amount(slip.net, locale))}"
        "</strong></p>"
    )
    if language == "id" and not slip.net.is_negative and slip.net.currency == "IDR":
        words = terbilang(slip.net.amount)
        parts.append(f"<p>{esc(_t('in_words', language))}: {esc(words)} rupiah</p>")
    return "".join(parts)


def payslip_json(slip: Payslip, locale: str = "en_US", *, indent: int | None = 2) -> str:
    """Render a payslip as JSON with line names in the language of ``locale``.

    Amounts are decimal strings with their currency; the NPWP is masked.
    """
    language = _language(locale)

    def money(value: Any) -> dict[str, str]:
        return {"amount": str(value.amount), "currency": value.currency}

    document = {
        "month": slip.month,
        "run": slip.run,
        "employee": slip.employee,
        "name": slip.name,
        "department": slip.department,
        "npwp": slip.masked_npwp,
        "tax_status": slip.tax_status,
        "days_paid": slip.days_paid,
        "days_in_period": slip.days_in_period,
        "off_cycle": slip.off_cycle,
        "lines": [
            {
                "code": ln.code,
                "name": ln.label(language),
                "kind": ln.kind.value,
                "amount": money(ln.amount),
            }
            for ln in slip.lines
        ],
        "gross": money(slip.gross),
        "deductions": money(slip.deductions),
        "tax": money(slip.tax),
        "employer_cost": money(slip.employer_cost),
        "net": money(slip.net),
    }
    if slip.tax_figures:
        document["year_end"] = [
            {"code": f.code, "name": f.label(language), "amount": money(f.amount)}
            for f in slip.tax_figures
        ]
    if language == "id" and not slip.net.is_negative and slip.net.currency == "IDR":
        document["terbilang"] = f"{terbilang(slip.net.amount)} rupiah"
    return json.dumps(document, indent=indent, ensure_ascii=False)


register_messages({f"payroll.{key}": texts for key, texts in _TEXT.items()})

_SUMMARY_COLUMNS = (
    Column("employee", "payroll.employee"),
    Column("name", "payroll.name"),
    Column("department", "payroll.department"),
    Column("gross", "payroll.gross", ColumnKind.MONEY),
    Column("deductions", "payroll.total_deductions", ColumnKind.MONEY),
    Column("tax", "payroll.tax", ColumnKind.MONEY),
    Column("employer_cost", "payroll.employer_cost", ColumnKind.MONEY),
    Column("net", "payroll.net", ColumnKind.MONEY),
)


def run_summary(run: PayrollRun, payslips: list[Payslip]) -> Report:
    """Return a report with one row per payslip and a total row equal to the run's."""
    rows = [
        {
            "employee": s.employee,
            "name": s.name,
            "department": s.department,
            "gross": s.gross,
            "deductions": s.deductions,
            "tax": s.tax,
            "employer_cost": s.employer_cost,
            "net": s.net,
        }
        for s in payslips
    ]
    currency = run.net.currency
    totals = {
        name: Money.sum((getattr(s, name) for s in payslips), currency)
        for name in ("gross", "deductions", "tax", "employer_cost", "net")
    }
    return Report(
        title=f"Payroll run / Rekap penggajian {run.id}",
        columns=_SUMMARY_COLUMNS,
        rows=rows,
        totals=[{"employee": Label("total"), **totals}],
        subtitle=f"{run.status.value}, {run.employees} payslip(s)",
    )


@attrs.frozen
class Preview:
    """A calculation that wrote nothing: the payslips that worked and the problems.

    Attributes:
        month: The pay month.
        payslips: The payslips of the employees that could be calculated.
        problems: One message per employee that failed, naming the employee and the
            component or input at fault.
    """

    month: str
    payslips: tuple[Payslip, ...]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when every employee was calculated."""
        return not self.problems
