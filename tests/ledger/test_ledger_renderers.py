"""Ledger reports rendered as text, CSV, JSON and HTML."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest

from backoffice_core import BackOffice, Money
from backoffice_core.ledger import Account, AccountType, Line, TrialBalance, generic_chart

JAN_END = date(2026, 1, 31)


@pytest.fixture
def books(office: BackOffice) -> BackOffice:
    """An office with capital, rent and a utility bill on an account whose name has '&'."""
    ledger = office.ledger
    ledger.load_chart(generic_chart())
    ledger.add_account(
        Account(code="6210", name="Water & power", type=AccountType.EXPENSE, parent="6000")
    )
    capital, rent, bill = (
        Money("250000000", "IDR"),
        Money("15000000", "IDR"),
        Money("1234567", "IDR"),
    )
    ledger.post(
        date(2026, 1, 2), "Capital", [Line.debit("1120", capital), Line.credit("3100", capital)]
    )
    ledger.post(date(2026, 1, 5), "Rent", [Line.debit("6110", rent), Line.credit("1120", rent)])
    ledger.post(date(2026, 1, 9), "Bill", [Line.debit("6210", bill), Line.credit("1110", bill)])
    return office


@pytest.fixture
def tb(books: BackOffice) -> TrialBalance:
    """The trial balance of the books at the end of January."""
    return books.ledger.trial_balance(as_of=JAN_END)


class TestRenderText:
    def test_indonesian_grouping(self, tb: TrialBalance) -> None:
        """Amounts in id_ID use '.' to group thousands."""
        text = tb.render(locale="id_ID")
        assert "250.000.000" in text
        assert "235.000.000" in text

    def test_english_grouping(self, tb: TrialBalance) -> None:
        """Amounts in en_US use ',' to group thousands."""
        assert "250,000,000" in tb.render(locale="en_US")

    def test_indonesian_labels(self, tb: TrialBalance) -> None:
        """Title, headings and the total row are in Bahasa Indonesia."""
        lines = tb.render(locale="id_ID").splitlines()
        assert lines[0] == "Neraca saldo"
        assert lines[3].split()[:3] == ["Akun", "Nama", "akun"]
        assert lines[-1].startswith("Jumlah")

    def test_amounts_right_aligned(self, tb: TrialBalance) -> None:
        """Every debit amount ends at the right edge of the debit column."""
        lines = tb.render(locale="id_ID").splitlines()
        debit_end = [m.end() for m in re.finditer(r"-+", lines[4])][3]
        amounts = [ln[:debit_end] for ln in lines[5:] if ln[:debit_end].strip()[-1:].isdigit()]
        assert len(amounts) == 4  # three accounts and the total
        assert all(ln[-1].isdigit() for ln in amounts)
        assert any(ln.endswith(" 1.234.567") for ln in amounts)

    def test_localised_activity(self, books: BackOffice) -> None:
        """The cash-flow statement names activities in the report's language."""
        text = books.ledger.cash_flow(date(2026, 1, 1), JAN_END).render(locale="id_ID")
        assert "Aktivitas operasi" in text
        assert "Aktivitas pendanaan" in text
        assert "operating" not in text

    def test_comparative_heading_is_a_local_date(self, books: BackOffice) -> None:
        """A comparative balance sheet in id_ID heads its columns with Indonesian dates."""
        bs = books.ledger.balance_sheet(JAN_END, compare=date(2025, 12, 31))
        text = bs.render(locale="id_ID")
        assert "Comparative" not in text
        assert "31 Desember 2025" in text


class TestCsv:
    def test_machine_readable_amounts(self, tb: TrialBalance) -> None:
        """Amounts are plain decimals, without grouping, in any locale."""
        rows = list(csv.DictReader(io.StringIO(tb.to_csv(locale="id_ID"))))
        by_account = {r["Akun"]: r for r in rows}
        assert by_account["3100"]["Kredit"] == "250000000"
        assert Decimal(by_account["6210"]["Debit"]) == Decimal("1234567")

    def test_empty_cells(self, tb: TrialBalance) -> None:
        """A side without an amount is an empty cell, not zero."""
        rows = list(csv.DictReader(io.StringIO(tb.to_csv())))
        assert {r["Account"]: r["Debit"] for r in rows}["3100"] == ""

    def test_totals_included(self, tb: TrialBalance) -> None:
        """The total row follows the body rows."""
        rows = list(csv.reader(io.StringIO(tb.to_csv())))
        assert len(rows) == 1 + len(tb.rows) + len(tb.totals)
        assert Decimal(rows[-1][3]) == tb.total_debit.amount

    def test_name_with_comma_is_quoted(self, books: BackOffice) -> None:
        """An account name with a comma stays in one cell."""
        books.ledger.update_account("6210", name="Water, power")
        tb = books.ledger.trial_balance(as_of=JAN_END)
        rows = list(csv.DictReader(io.StringIO(tb.to_csv())))
        assert "Water, power" in {r["Account name"] for r in rows}


class TestJson:
    def test_round_trip(self, tb: TrialBalance) -> None:
        """Every money cell read back from JSON equals the report's amount."""
        document = json.loads(tb.to_json())
        assert len(document["rows"]) == len(tb.rows)
        for row, original in zip(document["rows"], tb.rows, strict=True):
            for key in ("debit", "credit"):
                cell = row[key]
                back = None if cell is None else Money(cell["amount"], cell["currency"])
                assert back == original[key]

    def test_structure(self, tb: TrialBalance) -> None:
        """The document names the title, subtitle and the kind of every column."""
        document = json.loads(tb.to_json(indent=None))
        assert document["title"] == "trial_balance"
        assert document["subtitle"] == tb.subtitle
        assert {"key": "debit", "kind": "money", "label": "Debit"} in document["columns"]

    def test_totals(self, tb: TrialBalance) -> None:
        """The totals are a separate list with the total debit and credit."""
        totals = json.loads(tb.to_json())["totals"]
        assert totals[0]["debit"] == {"amount": "251234567", "currency": "IDR"}
        assert totals[0]["credit"] == totals[0]["debit"]


class TestHtml:
    def test_has_table(self, tb: TrialBalance) -> None:
        """The notebook view is an HTML table with one body row per report row."""
        page = tb._repr_html_()
        assert "<table>" in page
        assert "</table>" in page
        body = page.split("<tbody>")[1].split("</tbody>")[0]
        assert body.count("<tr>") == len(tb.rows)

    def test_escapes_text(self, tb: TrialBalance) -> None:
        """Text from the books is HTML-escaped."""
        page = tb.to_html()
        assert "Water &amp; power" in page
        assert "Water & power" not in page

    def test_localised(self, tb: TrialBalance) -> None:
        """to_html takes a locale for headings and numbers."""
        page = tb.to_html(locale="id_ID")
        assert "<th>Nama akun</th>" in page
        assert "250.000.000" in page
