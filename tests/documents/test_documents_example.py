"""The runnable example of the documents domain keeps running."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "documents.py"


class TestExample:
    def test_example_runs_and_numbers_the_letter(self, capsys: pytest.CaptureFixture[str]) -> None:
        """examples/documents.py prints the letter number, the gap and the disposal."""
        runpy.run_path(str(EXAMPLE), run_name="example")["main"]("memory://")
        out = capsys.readouterr().out
        assert "001/HRD/PTMJ/III/2025" in out
        assert "amended tags of 001/GA/PTMJ/I/2025: sewa, gudang" in out
        assert "reports joko finds: 0" in out
        assert "reports rina finds: 1" in out
        assert "no evidence: 2025-01-03 Uang muka pemasok" in out
        assert "disposed Faktur 2014: kept until 2024-12-31" in out
        assert "audit chain intact" in out
