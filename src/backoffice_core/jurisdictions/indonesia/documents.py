"""Indonesian defaults for the documents domain: letter numbers and retention periods.

:class:`LetterNumbering` numbers approved documents in the common Indonesian
``{seq:03}/{unit}/{company}/{month}/{year}`` form (``001/HRD/PTMJ/V/2025``), with a
counter per unit that resets yearly or monthly. :func:`retention_policies` are the
statutory periods: books, records and the documents underlying the bookkeeping are
kept 10 years (UU KUP Pasal 28 ayat 11), counted from the end of the company's
financial year (UU 8/1997 Dokumen Perusahaan Pasal 11); other company documents are
kept "according to their usefulness", so they get no default and the company sets its
own. :func:`document_rules` bundles both for ``BackOffice``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

import attrs

from backoffice_core.documents import (
    Document,
    DocumentRules,
    NumberReset,
    RetentionPolicy,
    RetentionStart,
    series_period,
)
from backoffice_core.jurisdictions.indonesia.letters import LetterNumber

__all__ = ["UNIT_CODES", "LetterNumbering", "company_code", "document_rules", "retention_policies"]

UNIT_CODES: Mapping[str, str] = {
    "agreement": "PKS",
    "contract": "KONTRAK",
    "form": "FORM",
    "invoice": "INV",
    "letter": "SRT",
    "minutes": "NOTULEN",
    "other": "DOK",
    "policy": "KEB",
    "receipt": "KWT",
    "report": "LAP",
}
"""The unit code of a document without a department, by kind (Perjanjian Kerja Sama,
Surat, Kuitansi, Laporan, Kebijakan…)."""

_KUP = "UU KUP Pasal 28(11); UU 8/1997 Pasal 11: 10 tahun sejak akhir tahun buku"


def company_code(entity: str) -> str:
    """Return a company code from its name: a word in capitals whole, else its initial.

    Example:
        >>> company_code("PT Maju Jaya")
        'PTMJ'
    """
    parts = list(re.findall(r"[A-Za-z0-9]+", entity))
    code = "".join(w if w.isupper() else w[0].upper() for w in parts)
    return code or "CO"


@attrs.frozen
class LetterNumbering:
    """Indonesian letter numbers, such as ``001/HRD/PTMJ/V/2025``.

    Args:
        company: The company code (None leaves the segment out).
        reset: When the counter of a unit starts again from 1.
        units: The unit code per kind, used when a document has no department.

    The unit is the document's department when it has one, else its kind's code; every
    document of one unit shares one counter per period (the unit's agenda book).
    """

    company: str | None = None
    reset: NumberReset = attrs.field(default=NumberReset.YEARLY, converter=NumberReset)
    units: Mapping[str, str] = attrs.field(factory=lambda: dict(UNIT_CODES))

    def unit(self, document: Document) -> str:
        """Return the unit code written in ``document``'s number."""
        return document.department or self.units.get(document.kind, document.kind.upper())

    def series(self, document: Document, on: date) -> str:
        """Return ``surat/<unit>/<period>``: one counter per unit and period."""
        return f"surat/{self.unit(document)}/{series_period(self.reset, on)}"

    def format(self, sequence: int, document: Document, on: date) -> str:
        """Write the number with :class:`~.letters.LetterNumber`."""
        return LetterNumber(sequence, self.unit(document), self.company, on.month, on.year).format()


def retention_policies() -> list[RetentionPolicy]:
    """Return the statutory retention policies (10 years after the fiscal year ends).

    Invoices, receipts and reports are books, records or their evidence; contracts
    and agreements underlie the bookkeeping and are counted from the fiscal year in
    which they expire; ``"evidence"`` applies to any document linked as evidence of a
    ledger entry.
    """
    start = RetentionStart.FISCAL_YEAR_OF_DATE
    expiry = RetentionStart.FISCAL_YEAR_OF_EXPIRY
    return [
        RetentionPolicy(kind="evidence", years=10, start=start, basis=_KUP),
        RetentionPolicy(kind="invoice", years=10, start=start, basis=_KUP),
        RetentionPolicy(kind="receipt", years=10, start=start, basis=_KUP),
        RetentionPolicy(kind="report", years=10, start=start, basis=_KUP),
        RetentionPolicy(kind="contract", years=10, start=expiry, basis=_KUP),
        RetentionPolicy(kind="agreement", years=10, start=expiry, basis=_KUP),
    ]


def document_rules(
    entity: str, *, reset: NumberReset | str = NumberReset.YEARLY, company: str | None = None
) -> DocumentRules:
    """Return the Indonesian documents rules for ``entity``.

    Args:
        entity: The company's name; its code comes from :func:`company_code`.
        reset: Yearly or monthly numbering.
        company: The company code, if not derived from the name.
    """
    numbering = LetterNumbering(company or company_code(entity), NumberReset(reset))
    return DocumentRules(numbering=numbering, retention=tuple(retention_policies()))
