"""Indonesian defaults of the documents domain: letter numbers, company codes, retention."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from backoffice_core.documents import Document, NumberReset, RetentionStart
from backoffice_core.jurisdictions.indonesia import (
    LetterNumbering,
    company_code,
    document_rules,
    parse_letter_number,
    retention_policies,
)


def doc(kind: str = "letter", department: str | None = "HRD") -> Document:
    """A document as numbering sees it."""
    return Document(
        id="d",
        kind=kind,
        title="t",
        department=department,
        created_at=datetime(2025, 5, 2, tzinfo=UTC),
        created_by="rina",
    )


class TestLetterNumbering:
    def test_formats_the_common_convention(self) -> None:
        """Sequence 1 of HRD in May 2025 for PTMJ is 001/HRD/PTMJ/V/2025."""
        numbering = LetterNumbering("PTMJ")
        assert numbering.format(1, doc(), date(2025, 5, 2)) == "001/HRD/PTMJ/V/2025"

    def test_kind_code_without_department(self) -> None:
        """A contract without a department uses the kind's unit code."""
        assert LetterNumbering("PTMJ").format(12, doc("agreement", None), date(2025, 1, 9)) == (
            "012/PKS/PTMJ/I/2025"
        )

    def test_series_resets_yearly_or_monthly(self) -> None:
        """The series names the year, or the year and month for a monthly reset."""
        assert LetterNumbering("X").series(doc(), date(2025, 5, 2)) == "surat/HRD/2025"
        monthly = LetterNumbering("X", NumberReset.MONTHLY)
        assert monthly.series(doc(), date(2025, 5, 2)) == "surat/HRD/2025-05"

    @given(seq=st.integers(1, 99999), day=st.dates(date(1000, 1, 1), date(9999, 12, 31)))
    def test_numbers_parse_back(self, seq: int, day: date) -> None:
        """Every number written parses back to its sequence, month and year."""
        parsed = parse_letter_number(LetterNumbering("PTMJ").format(seq, doc(), day))
        assert (parsed.sequence, parsed.month, parsed.year) == (seq, day.month, day.year)


class TestDefaults:
    def test_company_code_from_name(self) -> None:
        """Capitalised words stay whole, others give their initial."""
        assert company_code("PT Maju Jaya") == "PTMJ"
        assert company_code("CV. Sinar Abadi Makmur") == "CVSAM"

    def test_books_and_evidence_are_kept_ten_years(self) -> None:
        """Invoices, receipts, reports and evidence get 10 years from the fiscal year end."""
        policies = {p.kind: p for p in retention_policies()}
        for kind in ("invoice", "receipt", "report", "evidence"):
            assert policies[kind].years == 10
            assert policies[kind].start is RetentionStart.FISCAL_YEAR_OF_DATE
        assert policies["contract"].start is RetentionStart.FISCAL_YEAR_OF_EXPIRY
        assert "letter" not in policies

    def test_rules_bundle_numbering_and_retention(self) -> None:
        """document_rules numbers letters for the entity and carries the policies."""
        rules = document_rules("PT Maju Jaya", reset="monthly")
        number = rules.numbering_for("letter").format(3, doc(), date(2025, 5, 2))
        assert number == "003/HRD/PTMJ/V/2025"
        assert rules.default_policy("invoice") is not None
