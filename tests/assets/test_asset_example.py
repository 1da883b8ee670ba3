"""examples/assets.py runs on every backend and its postings tie out to the ledger."""

from __future__ import annotations

import runpy
from datetime import date
from pathlib import Path

import pytest

from backoffice_core import BackOffice

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "assets.py"


class TestExample:
    def test_the_example_runs_and_ties_out(
        self, office: BackOffice, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The example prints its reports; the register's totals equal the ledger's balances."""
        runpy.run_path(str(EXAMPLE))["run"](office)
        assert "Koreksi fiskal penyusutan" in capsys.readouterr().out
        end = date(2026, 12, 31)
        laptops = office.assets.reports.register(category="peralatan_kantor").totals[0]
        assert laptops["cost"] == office.ledger.balance("1240", end)
        assert laptops["accumulated"] == -office.ledger.balance("1294", end)
        assert office.ledger.balance("1230", end).is_zero
        assert office.ledger.balance("1293", end).is_zero
