"""Explanations of Indonesian calculations, printable in Bahasa Indonesia or English.

Every result of the rule pack can produce an :class:`Explanation`: a title and lines
that each name one step (the category, the bracket, the rate, the base, each deduction)
with its value. The labels live in one catalog with an Indonesian and an English text;
numbers are formatted with babel for the chosen language, so that a payroll officer can
show an auditor where each rupiah came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import attrs
from babel.numbers import format_decimal

from backoffice_core.jurisdictions.indonesia.errors import UnsupportedLanguageError
from backoffice_core.money import Money

__all__ = ["Explanation", "ExplanationLine", "Percentage"]

_LOCALES: Mapping[str, str] = {"id": "id_ID", "en": "en_US"}

# Each label is a template; ``{0}``, ``{1}`` are filled with the line's formatted args.
_LABELS: Mapping[str, tuple[str, str]] = {
    # key: (Bahasa Indonesia, English)
    "title.monthly": ("PPh 21 masa {0} (TER bulanan)", "PPh 21 for {0} (monthly TER)"),
    "title.daily": ("PPh 21 pegawai tidak tetap {0}", "PPh 21 of a non-permanent worker, {0}"),
    "title.annual": ("PPh 21 masa pajak terakhir {0}", "PPh 21 for the last tax period, {0}"),
    "title.gross_up": ("Gross-up tunjangan PPh 21 {0}", "PPh 21 tax allowance gross-up, {0}"),
    "title.bpjs": ("Iuran BPJS {0}", "BPJS contributions, {0}"),
    "title.thr": ("Tunjangan Hari Raya", "Religious holiday allowance (THR)"),
    "title.overtime": ("Upah lembur", "Overtime pay"),
    "status": ("Status PTKP", "PTKP status"),
    "category": ("Kategori TER", "TER category"),
    "gross": ("Penghasilan bruto", "Gross income"),
    "daily_gross": ("Rata-rata bruto sehari", "Average daily gross"),
    "days": ("Jumlah hari", "Number of days"),
    "bracket": ("Lapisan TER ke-{0}: > {1} s.d. {2}", "TER bracket {0}: > {1} up to {2}"),
    "bracket_top": ("Lapisan TER ke-{0}: > {1}", "TER bracket {0}: > {1}"),
    "rate": ("Tarif", "Rate"),
    "tax": ("PPh 21", "PPh 21"),
    "surcharge": ("Tambahan 20% tanpa NPWP", "20% surcharge without NPWP"),
    "total_tax": ("PPh 21 dipotong", "PPh 21 withheld"),
    "daily_base_50": ("DPP 50% x bruto", "Base 50% x gross"),
    "gross_year": ("Bruto setahun ({0} bulan)", "Gross for the year ({0} months)"),
    "biaya_jabatan": ("Biaya jabatan 5%, maks. {0}", "Occupational expense 5%, max. {0}"),
    "pension": ("Iuran pensiun/JHT/JP pegawai", "Employee pension/JHT/JP contributions"),
    "zakat": ("Zakat melalui pemberi kerja", "Zakat paid through the employer"),
    "neto": ("Penghasilan neto", "Net income"),
    "previous_neto": ("Neto dari pemberi kerja sebelumnya", "Net income from previous employer"),
    "annualised": ("Neto disetahunkan (x 12/{0})", "Net income annualised (x 12/{0})"),
    "ptkp": ("PTKP {0}", "PTKP {0}"),
    "pkp": ("PKP (dibulatkan ke bawah ribuan)", "Taxable income (rounded down to thousands)"),
    "layer": ("Pasal 17: {0} x {1}", "Article 17: {0} x {1}"),
    "annual_tax": ("PPh Pasal 17 setahun", "Annual Article 17 tax"),
    "prorated": ("Dikali {0}/12 bulan", "Pro-rated x {0}/12 months"),
    "tax_due": ("PPh 21 terutang setahun", "PPh 21 due for the year"),
    "withheld": ("Sudah dipotong masa sebelumnya", "Already withheld in earlier months"),
    "previous_withheld": ("Dipotong pemberi kerja sebelumnya", "Withheld by previous employer"),
    "last_period": ("PPh 21 masa terakhir", "PPh 21 of the last period"),
    "over_withheld": ("Lebih dipotong, dikembalikan", "Over-withheld, to be refunded"),
    "net_base": ("Penghasilan sebelum tunjangan PPh", "Income before the tax allowance"),
    "tax_allowance": ("Tunjangan PPh", "Tax allowance"),
    "solutions": ("Solusi yang mungkin", "Possible solutions"),
    "wage": ("Upah sebulan", "Monthly wage"),
    "bpjs_line": (
        "{0}: dasar {1}, pemberi kerja {2}, pekerja {3}",
        "{0}: base {1}, employer {2}, employee {3}",
    ),
    "employer_total": ("Total pemberi kerja", "Employer total"),
    "employee_total": ("Total pekerja", "Employee total"),
    "taxable_premiums": ("Premi yang menambah bruto PPh 21", "Premiums added to PPh 21 gross"),
    "deductible": ("Iuran pekerja pengurang neto", "Employee contributions deductible"),
    "service": ("Masa kerja (bulan)", "Months of service"),
    "fraction": ("Bagian dari satu bulan upah", "Share of one month's wage"),
    "thr": ("THR", "THR"),
    "hourly": ("Upah sejam (1/173)", "Hourly wage (1/173)"),
    "overtime_hours": ("{0} jam x {1}", "{0} hours x {1}"),
    "overtime_total": ("Upah lembur", "Overtime pay"),
}


@attrs.frozen(slots=True)
class Percentage:
    """A rate shown as a percentage (the value is a fraction: 0.0025 prints 0,25%)."""

    value: Decimal


Value = Money | Percentage | Decimal | int | str
"""What an explanation line can show: money, a rate, a number or a text."""


@attrs.frozen(slots=True)
class ExplanationLine:
    """One step of a calculation.

    Attributes:
        key: The label's key in the catalog.
        value: The value the step produced, or None for a heading-like line.
        args: Values filled into the label's placeholders.
    """

    key: str
    value: Value | None = None
    args: tuple[Value, ...] = ()


def _locale(language: str) -> str:
    locale = _LOCALES.get(language.split("_")[0].split("-")[0].lower())
    if locale is None:
        raise UnsupportedLanguageError(
            f"language {language!r} is not supported: use 'id' (Bahasa Indonesia) or 'en'"
        )
    return locale


def format_value(value: Value, language: str) -> str:
    """Format one value for ``language`` ("id" or "en").

    Raises:
        UnsupportedLanguageError: If ``language`` is neither Indonesian nor English.
    """
    locale = _locale(language)
    if isinstance(value, Money):
        prefix = "Rp" if value.currency == "IDR" else value.currency + " "
        text = format_decimal(abs(value.amount), format="#,##0.##", locale=locale)
        return f"-{prefix}{text}" if value.amount < 0 else f"{prefix}{text}"
    if isinstance(value, Percentage):
        pct = (value.value * 100).normalize()
        return format_decimal(pct, format="#,##0.####", locale=locale) + "%"
    if isinstance(value, Decimal | int):
        return format_decimal(value, format="#,##0.####", locale=locale)
    return value


@attrs.frozen(slots=True)
class Explanation:
    """The steps that produced a result, renderable in Bahasa Indonesia or English.

    Attributes:
        title: The title's label key.
        title_args: Values for the title's placeholders.
        lines: The steps, in the order they were taken.
    """

    title: str
    title_args: tuple[Value, ...]
    lines: tuple[ExplanationLine, ...]

    def label(self, line: ExplanationLine, language: str) -> str:
        """Return the label of ``line`` in ``language``, placeholders filled."""
        index = 0 if _locale(language) == "id_ID" else 1
        template = _LABELS[line.key][index]
        return template.format(*(format_value(a, language) for a in line.args))

    def render(self, language: str = "id") -> str:
        """Return the explanation as aligned text, one step a line.

        Args:
            language: ``"id"`` for Bahasa Indonesia (the default) or ``"en"``.

        Raises:
            UnsupportedLanguageError: If ``language`` is neither.
        """
        index = 0 if _locale(language) == "id_ID" else 1
        title = _LABELS[self.title][index].format(
            *(format_value(a, language) for a in self.title_args)
        )
        rows = [
            (
                self.label(line, language),
                "" if line.value is None else format_value(line.value, language),
            )
            for line in self.lines
        ]
        width = max((len(label) for label, _ in rows), default=0)
        value_width = max((len(value) for _, value in rows), default=0)
        body = [f"  {label:<{width}}  {value:>{value_width}}".rstrip() for label, value in rows]
        return "\n".join([title, *body])

    def keys(self) -> tuple[str, ...]:
        """Return the label keys of the lines, in order (handy in tests and audits)."""
        return tuple(line.key for line in self.lines)

    def __str__(self) -> str:
        return self.render("id")
