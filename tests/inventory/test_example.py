"""examples/inventory.py runs on every backend and its stock ties out to the ledger."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "inventory.py"


class TestExample:
    def test_february_stock_ties_out(self, url: str, capsys: pytest.CaptureFixture[str]) -> None:
        """The example's stock value equals the movement of Persediaan, twice (a replay)."""
        namespace = runpy.run_path(str(EXAMPLE))
        namespace["main"](url)
        namespace["main"](url)
        out = capsys.readouterr().out
        assert out.count("Nilai persediaan IDR 12099000; mutasi akun 1140: IDR 12099000") == 2
        assert "audit chain intact" in out
