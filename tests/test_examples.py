"""The demo (``make demo``) prints sectioned statements with Rp and Indonesian dates."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"example_{name}", ROOT / "examples" / name)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class TestQuickstart:
    def test_prints_sak_statements(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The demo's statements have SAK sections, Rp and dates in Indonesian words."""
        _load("quickstart.py").main("memory://")
        out = capsys.readouterr().out
        for words in (
            "Aset lancar",
            "Aset tidak lancar",
            "Liabilitas jangka pendek",
            "Laba kotor",
            "Laba usaha",
            "Laba sebelum pajak",
            "Anggaran vs realisasi",
            " · Rp · 31 Januari 2026",
        ):
            assert words in out
