"""The backoffice command line: every command, unknown entities, exit codes, pipes.

Each call of ``main`` opens the URL afresh, as a new process would, so the tests run
on the backends that keep books between calls (SQLite, and PostgreSQL when
available); ``memory://`` forgets everything when a command ends.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest

from backend_urls import BACKENDS, backend_url
from backoffice_core import BackOffice, Money
from backoffice_core.cli import EXIT_CODES, main
from backoffice_core.ledger import EntryDraft, Line

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(params=[b for b in BACKENDS if b != "memory"])
def books(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """A URL and an entity with the Indonesian chart and a rent payment."""
    url = backend_url(request.param, tmp_path)
    entity = f"PT CLI {uuid.uuid4().hex[:8]}"
    assert main(["chart", "load", "--template", "indonesia", "--url", url,
                 "--entity", entity, "--create"]) == 0  # fmt: skip
    with BackOffice.open(url, entity=entity, actor="rina") as office:
        office.ledger.post(
            date(2026, 1, 5),
            "Sewa",
            [
                Line.debit("6110", Money(1000, "IDR"), department="umum"),
                Line.credit("2143", Money(100, "IDR")),
                Line.credit("1121", Money(900, "IDR")),
            ],
        )
    return url, entity


def run(books: tuple[str, str], *args: str) -> int:
    """Run a command against the fixture's URL and entity."""
    url, entity = books
    return main([*args, "--url", url, "--entity", entity])


class TestReports:
    def test_trial_balance_as_json(
        self, books: tuple[str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`report trial-balance --format json` prints the report's JSON."""
        assert (
            run(books, "report", "trial-balance", "--as-of", "2026-01-31", "--format", "json") == 0
        )
        doc = json.loads(capsys.readouterr().out)
        assert doc["totals"][0]["debit"] == {"amount": "1000", "currency": "IDR"}

    def test_income_statement_in_indonesian(
        self, books: tuple[str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`--locale id_ID` prints Indonesian labels and dates."""
        assert run(books, "report", "income-statement", "--from", "2026-01-01", "--to",
                   "2026-01-31", "--locale", "id_ID", "--parentheses") == 0  # fmt: skip
        out = capsys.readouterr().out
        assert "Laporan laba rugi" in out
        assert "31 Januari 2026" in out
        assert "(1.000)" in out

    def test_balance_sheet_compare_csv(
        self, books: tuple[str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`--compare previous-period --format csv` adds the comparative column."""
        assert run(books, "report", "balance-sheet", "--as-of", "2026-01-31",
                   "--compare", "previous-period", "--format", "csv") == 0  # fmt: skip
        header = capsys.readouterr().out.splitlines()[0]
        assert header.endswith('"January 31, 2026","December 31, 2025"')

    def test_cash_flow_html(
        self, books: tuple[str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`--format html` prints an HTML table."""
        assert run(books, "report", "cash-flow", "--from", "2026-01-01", "--to", "2026-01-31",
                   "--format", "html") == 0  # fmt: skip
        out = capsys.readouterr().out
        assert out.startswith("<h4>Cash flow statement")
        assert "<table>" in out

    def test_general_ledger(
        self, books: tuple[str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`report general-ledger --account` prints one account's lines."""
        assert (
            run(books, "report", "general-ledger", "--account", "1121", "--to", "2026-01-31") == 0
        )
        assert "Sewa" in capsys.readouterr().out

    def test_budget_vs_actual(
        self, books: tuple[str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`report budget-vs-actual` prints the report (empty without budgets)."""
        assert run(books, "report", "budget-vs-actual", "--from", "2026-01-01", "--to",
                   "2026-01-31") == 0  # fmt: skip
        assert "Budget vs actual" in capsys.readouterr().out

    def test_by_and_where(self, books: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
        """`--where` filters by a dimension and `--by` groups by one."""
        assert run(books, "report", "trial-balance", "--as-of", "2026-01-31",
                   "--where", "department=umum", "--format", "json") == 0  # fmt: skip
        rows = json.loads(capsys.readouterr().out)["rows"]
        assert [r["account"] for r in rows] == ["6110"]
        assert run(books, "report", "income-statement", "--from", "2026-01-01", "--to",
                   "2026-01-31", "--by", "department") == 0  # fmt: skip
        assert "umum" in capsys.readouterr().out


class TestOtherCommands:
    def test_audit_verify(self, books: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
        """`audit verify` exits 0 on an intact chain and says so."""
        assert run(books, "audit", "verify") == 0
        assert "intact" in capsys.readouterr().out

    def test_audit_head(self, books: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
        """`audit head` prints the head hash, which `--expect-head` then checks."""
        assert run(books, "audit", "head") == 0
        head = capsys.readouterr().out.strip()
        assert len(head) == 64
        assert (
            run(books, "audit", "verify", "--expect-head", "f" * 64)
            == EXIT_CODES["audit chain broken"]
        )

    def test_close_period(self, books: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
        """`close-period` closes a month; closing it again is a state error (exit 4)."""
        assert run(books, "close-period", "2026-01") == 0
        assert "2026-01 closed" in capsys.readouterr().out
        assert run(books, "close-period", "2026-01") == 4
        assert "closed" in capsys.readouterr().err

    def test_entities(self, books: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
        """`entities` lists the entities with books on the URL."""
        assert main(["entities", "--url", books[0]]) == 0
        assert books[1] in capsys.readouterr().out.splitlines()


class TestRefusals:
    def test_unknown_entity_refused(
        self, books: tuple[str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A mistyped entity exits 3, lists the known ones and creates nothing."""
        url, entity = books
        code = main(["report", "trial-balance", "--url", url, "--entity", entity + "x"])
        assert code == EXIT_CODES["not found (unknown entity, account, entry)"]
        err = capsys.readouterr().err
        assert repr(entity) in err
        assert "--create" in err
        assert main(["entities", "--url", url]) == 0
        assert entity + "x" not in capsys.readouterr().out.splitlines()

    def test_missing_sqlite_file_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A sqlite URL whose file does not exist exits 3 and creates no file."""
        path = tmp_path / "typo.db"
        code = main(["report", "trial-balance", "--url", f"sqlite:///{path}", "--entity", "PT"])
        assert code == 3
        assert "no database at" in capsys.readouterr().err
        assert not path.exists()

    def test_unknown_account_exit_3(
        self, books: tuple[str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An unknown account is a not-found error."""
        assert run(books, "report", "general-ledger", "--account", "9999") == 3

    def test_bad_compare_exit_2(
        self, books: tuple[str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A --compare that is neither a policy nor a date is bad input."""
        assert run(books, "report", "balance-sheet", "--compare", "yesterday") == 2
        assert "'yesterday'" in capsys.readouterr().err

    def test_bad_url_exits_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown storage URL exits 2 with the library's message."""
        assert main(["audit", "verify", "--url", "ftp://x", "--entity", "PT CLI"]) == 2
        assert "ftp://x" in capsys.readouterr().err

    def test_bad_date_is_usage_error(self, books: tuple[str, str]) -> None:
        """A malformed date is an argparse usage error (exit 2)."""
        with pytest.raises(SystemExit) as caught:
            run(books, "report", "trial-balance", "--as-of", "31/01/2026")
        assert caught.value.code == 2


class TestPipe:
    def test_closed_pipe_no_traceback(self, tmp_path: Path) -> None:
        """Piping a long report into a reader that stops early prints no traceback."""
        url = f"sqlite:///{tmp_path / 'pipe.db'}"
        with BackOffice.open(url, entity="PT Pipa", actor="rina") as office:
            from backoffice_core.jurisdictions.indonesia import chart_of_accounts

            office.ledger.load_chart(chart_of_accounts())
            start = date(2026, 1, 1)
            office.ledger.post_many(
                EntryDraft(
                    date=start + timedelta(days=n % 28),
                    description=f"Penjualan tunai nomor {n} dengan keterangan panjang",
                    lines=(
                        Line.debit("1110", Money(1000 + n, "IDR")),
                        Line.credit("4100", Money(1000 + n, "IDR")),
                    ),
                )
                for n in range(3000)
            )
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        proc = subprocess.Popen(
            [sys.executable, "-m", "backoffice_core.cli", "report", "general-ledger",
             "--account", "1110", "--to", "2026-01-31", "--url", url, "--entity", "PT Pipa"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        )  # fmt: skip
        with proc:
            assert proc.stdout is not None
            assert proc.stderr is not None
            proc.stdout.readline()
            proc.stdout.close()
            err = proc.stderr.read().decode()
            assert proc.wait() == EXIT_CODES["closed output pipe"]
        assert "Traceback" not in err
        assert err == ""


JOURNAL = """no;tanggal;keterangan;akun;debet;kredit
J-1;02/01/2026;Setoran modal;1121;100.000.000,00;
J-1;02/01/2026;Setoran modal;3100;;100.000.000,00
J-2;03/01/2026;Salah;1110;1.000,00;
J-2;03/01/2026;Salah;9999;;1.000,00
"""
JOURNAL_COLUMNS = [
    *("--column", "id=no", "--column", "date=tanggal", "--column", "description=keterangan"),
    *("--column", "account=akun", "--column", "debit=debet", "--column", "credit=kredit"),
    *("--date-format", "%d/%m/%Y"),
]


class TestTransfers:
    def test_import_journal_all_or_nothing(
        self, books: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A journal with a bad row is refused whole (exit 2), naming row and column."""
        path = tmp_path / "jurnal.csv"
        path.write_text(JOURNAL)
        assert run(books, "import", "journal", str(path), *JOURNAL_COLUMNS) == 2
        assert "row 5, column 'akun'" in capsys.readouterr().err

    def test_import_journal_skip_bad_rows(
        self, books: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--skip-bad-rows posts the good entries and lists the skipped ones."""
        path = tmp_path / "jurnal.csv"
        path.write_text(JOURNAL)
        assert run(books, "import", "journal", str(path), *JOURNAL_COLUMNS, "--skip-bad-rows") == 0
        captured = capsys.readouterr()
        assert "1 entries posted, 0 already posted, 1 skipped" in captured.out
        assert "skipped: row 5" in captured.err

    def test_import_bank_and_post(
        self, books: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The import bank command prints the drafts its rules make, and --post posts them."""
        path = tmp_path / "mutasi.csv"
        path.write_text('date,description,amount\n05/01/2026,BIAYA ADM,"-15.000,00"\n')
        args = ["import", "bank", str(path), "--bank-account", "1121", "--rule", "ADM=8100"]
        assert run(books, *args) == 0
        assert "row 2: 2026-01-05 BIAYA ADM -> 8100 debit IDR 15000" in capsys.readouterr().out
        assert run(books, *args, "--post") == 0
        assert "1 entries posted" in capsys.readouterr().out

    def test_export_beancount(
        self, books: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The export beancount command writes a file with the entries and balance assertions."""
        out = tmp_path / "books.beancount"
        assert run(books, "export", "beancount", "--output", str(out)) == 0
        text = out.read_text()
        assert '* "Sewa"' in text
        assert " balance Expenses:6000-Operating-expenses" in text

    @pytest.mark.parametrize("kind", ["journal-csv", "journal-json"])
    def test_export_journal(
        self, books: tuple[str, str], kind: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The export journal-csv and journal-json commands print the journal."""
        assert run(books, "export", kind) == 0
        assert "6110" in capsys.readouterr().out


class TestDocs:
    def test_exit_status_table_matches(self) -> None:
        """The CLI page's exit-status table lists exactly the codes the CLI uses."""
        page = (ROOT / "docs" / "guides" / "cli.md").read_text()
        table = page.split("## Exit status")[1]
        cells = [line.split("|")[1].strip() for line in table.splitlines() if line.startswith("|")]
        documented = {int(cell) for cell in cells if cell.isdigit()}
        assert documented == set(EXIT_CODES.values())
