"""The backoffice command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from backoffice_core import BackOffice, Money
from backoffice_core.cli import main
from backoffice_core.ledger import Line


@pytest.fixture
def books(tmp_path: Path) -> str:
    """An SQLite file with one rent payment of PT CLI."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert main(["chart", "load", "--url", url, "--entity", "PT CLI"]) == 0
    with BackOffice.open(url, entity="PT CLI", actor="rina") as office:
        office.ledger.post(
            date(2026, 1, 5),
            "Sewa",
            [Line.debit("6110", Money(900, "IDR")), Line.credit("1120", Money(900, "IDR"))],
        )
    return url


class TestCli:
    def test_trial_balance_as_json(self, books: str, capsys: pytest.CaptureFixture[str]) -> None:
        """`report trial-balance --format json` prints the report's JSON."""
        assert (
            main(
                [
                    "report",
                    "trial-balance",
                    "--url",
                    books,
                    "--entity",
                    "PT CLI",
                    "--as-of",
                    "2026-01-31",
                    "--format",
                    "json",
                ]
            )
            == 0
        )
        doc = json.loads(capsys.readouterr().out)
        assert doc["totals"][0]["debit"] == {"amount": "900", "currency": "IDR"}

    def test_income_statement_in_indonesian(
        self, books: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`report income-statement --locale id_ID` prints Indonesian labels."""
        assert (
            main(
                [
                    "report",
                    "income-statement",
                    "--url",
                    books,
                    "--entity",
                    "PT CLI",
                    "--from",
                    "2026-01-01",
                    "--to",
                    "2026-01-31",
                    "--locale",
                    "id_ID",
                ]
            )
            == 0
        )
        assert "Laporan laba rugi" in capsys.readouterr().out

    def test_audit_verify(self, books: str, capsys: pytest.CaptureFixture[str]) -> None:
        """`audit verify` exits 0 on an intact chain and says so."""
        assert main(["audit", "verify", "--url", books, "--entity", "PT CLI"]) == 0
        assert "intact" in capsys.readouterr().out

    def test_bad_url_exits_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown storage URL exits 2 with the library's message."""
        assert main(["audit", "verify", "--url", "ftp://x", "--entity", "PT CLI"]) == 2
        assert "ftp://x" in capsys.readouterr().err
