"""Getting data in and out: opening balances, journal and bank imports, exports."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice_core import BackOffice, Money
from backoffice_core.errors import CurrencyMismatchError, InvalidInputError, UnbalancedEntryError
from backoffice_core.i18n import format_amount
from backoffice_core.jurisdictions.indonesia import chart_of_accounts
from backoffice_core.ledger import (
    BankColumns,
    BankRule,
    ImportMode,
    ImportResult,
    JournalColumns,
    JournalEntry,
    JournalImportError,
    Line,
    import_journal,
    journal_csv,
    journal_json,
    match_statement,
    parse_number,
    to_beancount,
)
from backoffice_core.ledger.opening import OpeningAmount


def rp(amount: str) -> Money:
    """Return rupiah."""
    return Money(amount, "IDR")


@pytest.fixture
def books(office: BackOffice) -> BackOffice:
    """An office with the Indonesian chart and nothing posted."""
    office.ledger.load_chart(chart_of_accounts())
    return office


OPENING: dict[str, OpeningAmount] = {
    "1110": "5000000",
    "1121": rp("95000000"),
    "1240": Decimal("60000000"),
    "1294": "-10000000",
    "2110": "20000000",
    "3100": "100000000",
    "3200": "30000000",
}


class TestOpeningBalances:
    def test_one_call(self, books: BackOffice) -> None:
        """A mapping of balances posts one entry and each account shows its balance."""
        entry = books.ledger.post_opening_balances(OPENING, on="2025-12-31")
        assert entry.date == date(2025, 12, 31)
        ledger = books.ledger
        assert ledger.balance("1294", date(2025, 12, 31)) == rp("-10000000")
        assert ledger.balance("3200", date(2025, 12, 31)) == rp("30000000")
        assert ledger.trial_balance(date(2025, 12, 31)).is_balanced

    def test_dated_before_first_period(self, books: BackOffice) -> None:
        """Without a date it goes on the last day of the month before the first entry's."""
        books.ledger.post(
            date(2026, 3, 10), "x", [Line.debit("6110", rp("1")), Line.credit("1110", rp("1"))]
        )
        entry = books.ledger.post_opening_balances(OPENING)
        assert entry.date == date(2026, 2, 28)

    def test_unbalanced_refused(self, books: BackOffice) -> None:
        """Balances that do not balance are refused with the difference; nothing is written."""
        with pytest.raises(UnbalancedEntryError, match="credits exceed debits by IDR 1000"):
            books.ledger.post_opening_balances({"1110": "1000", "3100": "2000"}, on="2025-12-31")
        assert books.ledger.entries() == []

    def test_balancing_account(self, books: BackOffice) -> None:
        """A balancing account takes the difference."""
        books.ledger.post_opening_balances(
            {"1110": "3000", "2110": "1000"}, on="2025-12-31", balancing_account="3200"
        )
        assert books.ledger.balance("3200", date(2025, 12, 31)) == rp("2000")

    def test_income_account_refused(self, books: BackOffice) -> None:
        """An income account has no opening balance."""
        with pytest.raises(InvalidInputError, match="'4100' is an income account"):
            books.ledger.post_opening_balances({"4100": "1", "1110": "1"}, on="2025-12-31")

    def test_foreign_money_refused(self, books: BackOffice) -> None:
        """A balance in another currency than the base one is refused by account."""
        with pytest.raises(CurrencyMismatchError, match="'1122'"):
            books.ledger.post_opening_balances({"1122": Money("10", "USD")}, on="2025-12-31")

    def test_idempotent(self, books: BackOffice) -> None:
        """Posting the same opening balances again writes nothing new."""
        first = books.ledger.post_opening_balances(OPENING, on="2025-12-31")
        again = books.ledger.post_opening_balances(OPENING, on="2025-12-31")
        assert first.id == again.id
        assert len(books.ledger.entries()) == 1


class TestParseNumber:
    @given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
    def test_round_trip_indonesian(self, value: Decimal) -> None:
        """An amount written the Indonesian way (1.500.000,00) reads back exactly."""
        text = format_amount(value, "id_ID", digits=2)
        assert parse_number(text, "id") == value

    @given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
    def test_round_trip_english(self, value: Decimal) -> None:
        """An amount written the English way (1,500,000.00) reads back exactly."""
        assert parse_number(format_amount(value, "en_US", digits=2), "en") == value

    @pytest.mark.parametrize(
        ("text", "value"),
        [("Rp 15.000.000", "15000000"), ("(1.000)", "-1000"), ("1500000,5", "1500000.5")],
    )
    def test_forms(self, text: str, value: str) -> None:
        """The Rp prefix, parentheses and ungrouped digits are read."""
        assert parse_number(text) == Decimal(value)

    @pytest.mark.parametrize("text", ["1.5.00", "1,500.00", "abc", ""])
    def test_refused(self, text: str) -> None:
        """Text that is not an Indonesian number is refused, not guessed."""
        with pytest.raises(InvalidInputError, match="is not a number"):
            parse_number(text)


JOURNAL = """no;tanggal;keterangan;akun;debet;kredit;dept
J-1;02/01/2026;Setoran modal;1121;100.000.000,00;;
J-1;02/01/2026;Setoran modal;3100;;100.000.000,00;
J-2;05/01/2026;Sewa kantor;6110;15.000.000,00;;umum
J-2;05/01/2026;Sewa kantor;2143;;1.500.000,00;
J-2;05/01/2026;Sewa kantor;1121;;13.500.000,00;
"""

COLUMNS = JournalColumns(
    id="no", date="tanggal", description="keterangan", account="akun",
    debit="debet", credit="kredit", dimensions={"department": "dept"},
)  # fmt: skip


def load(books: BackOffice, text: str, **options: Any) -> ImportResult:
    """Import ``text`` with the Indonesian column names and date format."""
    return import_journal(
        books.ledger, io.StringIO(text), columns=COLUMNS, date_format="%d/%m/%Y", **options
    )


class TestJournalImport:
    def test_imports_indonesian_numbers(self, books: BackOffice) -> None:
        """Rows grouped by id become entries; 1.500.000,00 reads as 1500000."""
        result = load(books, JOURNAL)
        assert result.posted == 2
        ledger = books.ledger
        assert ledger.balance("1121", date(2026, 1, 31)) == rp("86500000")
        rent = ledger.entry("J-2")
        assert rent.lines[0].dimensions == {"department": "umum"}

    def test_idempotent(self, books: BackOffice) -> None:
        """Importing the same file again posts nothing new."""
        load(books, JOURNAL)
        again = load(books, JOURNAL)
        assert (again.posted, again.already_posted) == (0, 2)
        assert len(books.ledger.entries()) == 2

    def test_row_errors_name_row_and_column(self, books: BackOffice) -> None:
        """Bad cells are reported by row and column, and nothing is written."""
        bad = JOURNAL.replace("15.000.000,00", "15.000.00,0").replace(";2143;", ";2999;")
        with pytest.raises(JournalImportError) as caught:
            load(books, bad)
        problems = {(p.row, p.column) for p in caught.value.problems}
        assert (4, "debet") in problems
        assert (5, "akun") in problems
        assert "row 4, column 'debet'" in str(caught.value)
        assert books.ledger.entries() == []

    def test_skip_bad_rows(self, books: BackOffice) -> None:
        """In skip mode the entries with a bad row are left out and the rest posted."""
        bad = JOURNAL.replace(";2143;", ";2999;")
        result = load(books, bad, mode=ImportMode.SKIP_BAD_ROWS)
        assert result.posted == 1
        assert result.skipped == ("J-2",)
        assert [e.id for e in books.ledger.entries()] == ["J-1"]

    def test_unbalanced_entry_on_its_first_row(self, books: BackOffice) -> None:
        """An entry that does not balance is reported on its first row."""
        bad = JOURNAL.replace(";;13.500.000,00;", ";;13.000.000,00;")
        with pytest.raises(JournalImportError) as caught:
            load(books, bad)
        (problem,) = caught.value.problems
        assert (problem.row, problem.column) == (4, None)
        assert "credits exceed debits" not in problem.message
        assert "debits exceed credits by IDR 500000" in problem.message

    def test_one_date_per_entry(self, books: BackOffice) -> None:
        """Rows of one entry with another date are a problem on that row's date column."""
        bad = JOURNAL.replace("J-2;05/01/2026;Sewa kantor;1121", "J-2;06/01/2026;Sewa kantor;1121")
        with pytest.raises(JournalImportError) as caught:
            load(books, bad)
        assert [(p.row, p.column) for p in caught.value.problems] == [(6, "tanggal")]

    def test_missing_column(self, books: BackOffice) -> None:
        """A mapping that names a column the file lacks is refused by name."""
        with pytest.raises(InvalidInputError, match="no column 'debet'"):
            load(books, JOURNAL.replace("debet", "debit"))

    def test_signed_amount_english(self, books: BackOffice) -> None:
        """A signed amount column in English format with ISO dates imports too."""
        text = 'id,date,description,account,amount\nA,2026-01-02,Cash,1110,"1,000.00"\n'
        text += 'A,2026-01-02,Cash,3100,"-1,000.00"\n'
        columns = JournalColumns(debit=None, credit=None, amount="amount")
        import_journal(books.ledger, io.StringIO(text), columns=columns, number_format="en")
        assert books.ledger.balance("1110", date(2026, 1, 2)) == rp("1000")

    def test_progress(self, books: BackOffice) -> None:
        """The progress callback hears how many entries were checked."""
        seen: list[tuple[int, int]] = []
        load(books, JOURNAL, progress=lambda done, total: seen.append((done, total)))
        assert seen[-1] == (2, 2)

    def test_xlsx(self, books: BackOffice, tmp_path: Path) -> None:
        """An XLSX file with typed numbers and dates imports like a CSV."""
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["id", "date", "description", "account", "debit", "credit"])
        sheet.append(["X", date(2026, 1, 3), "Kas", "1110", 1500000.0, None])
        sheet.append(["X", date(2026, 1, 3), "Kas", "3100", None, 1500000.0])
        path = tmp_path / "jurnal.xlsx"
        book.save(path)
        import_journal(books.ledger, path)
        assert books.ledger.balance("1110", date(2026, 1, 3)) == rp("1500000")


STATEMENT = """Tanggal,Keterangan,Mutasi,Referensi
03/01/2026,SETORAN TUNAI PELANGGAN,"25.000.000,00",R1
05/01/2026,BIAYA ADM BANK,"-15.000,00",R2
07/01/2026,TRANSFER KE PLN LISTRIK,"-1.250.000,00",R3
09/01/2026,TRF DARI ENTAH,"500.000,00",R4
"""
RULES = [
    BankRule("BIAYA ADM", "8100", "Biaya administrasi bank"),
    BankRule("PLN|listrik", "6120"),
    BankRule("SETORAN", "1130"),
]
BANK_COLUMNS = BankColumns(date="Tanggal", description="Keterangan", amount="Mutasi",
                           reference="Referensi")  # fmt: skip


class TestBankImport:
    def test_rules_make_drafts(self, books: BackOffice) -> None:
        """Each matched row becomes a draft against its rule's account; nothing is posted."""
        match = match_statement(
            books.ledger, io.StringIO(STATEMENT), "1121", RULES, columns=BANK_COLUMNS
        )
        assert [d.lines[1].account for d in match.drafts] == ["1130", "8100", "6120"]
        assert match.drafts[1].description == "Biaya administrasi bank"
        assert match.drafts[0].lines[0].side.value == "debit"
        assert match.unmatched == ((5, "TRF DARI ENTAH"),)
        assert books.ledger.entries() == []

    def test_confirm_posts_once(self, books: BackOffice) -> None:
        """Posting the confirmed drafts twice writes them once."""
        match = match_statement(
            books.ledger, io.StringIO(STATEMENT), "1121", RULES, columns=BANK_COLUMNS
        )
        books.ledger.post_many(match.drafts)
        assert books.ledger.post_many(match.drafts).already_posted == 3
        assert books.ledger.balance("1121", date(2026, 1, 31)) == rp("23735000")

    def test_debit_credit_columns(self, books: BackOffice) -> None:
        """A statement with separate debit and credit columns reads the same."""
        text = "date;description;db;cr\n05/01/2026;BIAYA ADM;15.000,00;\n"
        columns = BankColumns(amount=None, debit="db", credit="cr")
        match = match_statement(books.ledger, io.StringIO(text), "1121", RULES, columns=columns)
        assert match.drafts[0].lines[0].side.value == "credit"
        assert match.drafts[0].lines[0].amount == rp("15000")

    def test_bad_row_reported(self, books: BackOffice) -> None:
        """A row with a bad amount is a problem naming its row and column."""
        text = STATEMENT.replace('"-15.000,00"', "lima belas ribu")
        match = match_statement(
            books.ledger, io.StringIO(text), "1121", RULES, columns=BANK_COLUMNS
        )
        assert [(p.row, p.column) for p in match.problems] == [(3, "Mutasi")]


def _posted(books: BackOffice) -> None:
    ledger = books.ledger
    ledger.post_opening_balances(OPENING, on="2025-12-31")
    ledger.post(
        date(2026, 1, 5),
        'Sewa "kantor"',
        [Line.debit("6110", rp("15000000")), Line.credit("2143", rp("1500000")),
         Line.credit("1121", rp("13500000"))],
        source="INV-1",
    )  # fmt: skip
    usd = Money("1000", "USD")
    rate = Decimal("16250.5")
    ledger.post(
        date(2026, 1, 9),
        "Jasa konsultasi",
        [Line.debit("1122", usd, rate=rate), Line.credit("4200", usd, rate=rate)],
    )


class TestBeancount:
    def test_bean_check_passes(self, books: BackOffice, tmp_path: Path) -> None:
        """bean-check accepts the export, balance assertions included."""
        pytest.importorskip("beancount")
        _posted(books)
        path = tmp_path / "books.beancount"
        path.write_text(to_beancount(books.ledger))
        check = subprocess.run(
            [sys.executable, "-m", "beancount.scripts.check", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert check.returncode == 0, check.stdout + check.stderr
        assert " balance " in path.read_text()

    def test_balances_equal_trial_balance(self, books: BackOffice) -> None:
        """Each account's beancount weight in IDR equals its trial-balance amount."""
        pytest.importorskip("beancount")
        from beancount import loader
        from beancount.core import convert, data, realization

        _posted(books)
        entries, errors, _ = loader.load_string(to_beancount(books.ledger))
        assert errors == []
        real = realization.realize([e for e in entries if not isinstance(e, data.Balance)])
        tb = books.ledger.trial_balance(date(2026, 12, 31))
        for row in tb.rows:
            expected = row["debit"].amount if row["debit"] else -row["credit"].amount
            name = next(
                n for n in (a.account for a in realization.iter_children(real))
                if n.split(":")[-1].startswith(f"{row['account']}-")
            )  # fmt: skip
            postings = realization.get(real, name).txn_postings
            weight = sum(
                convert.get_weight(tp.posting).number
                for tp in postings
                if isinstance(tp, data.TxnPosting)
            )
            assert weight == expected, row["account"]


class TestJournalExport:
    def test_csv_one_row_per_line(self, books: BackOffice) -> None:
        """The CSV has a row per posted line with plain amounts and the base value."""
        _posted(books)
        rows = journal_csv(books.ledger, start="2026-01-01").splitlines()
        assert rows[0].startswith("entry,date,description")
        assert len(rows) == 1 + 5
        assert any(",1122,1000.00,,USD,16250500,IDR,16250.5," in r for r in rows)

    def test_json_round_trip(self, books: BackOffice) -> None:
        """The JSON export reads back into the same entries."""
        _posted(books)
        back = [JournalEntry.model_validate(d) for d in json.loads(journal_json(books.ledger))]
        assert back == books.ledger.entries()
