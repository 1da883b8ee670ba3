"""Every ```python block of the docs and the README runs, page by page, in order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backoffice_core import BackOffice

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def blocks(page: Path) -> list[str]:
    """Return the python code blocks of ``page``."""
    return BLOCK.findall(page.read_text())


@pytest.mark.parametrize(
    "page", [p for p in PAGES if blocks(p)], ids=lambda p: str(p.relative_to(ROOT))
)
def test_code_blocks_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the page's code blocks in one namespace, in a scratch directory."""
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    try:
        for number, code in enumerate(blocks(page), start=1):
            # dont_inherit: a block runs as a user's script, without this module's
            # "from __future__ import annotations" (pydantic models need real annotations).
            code_object = compile(code, f"{page.name}[block {number}]", "exec", dont_inherit=True)
            exec(code_object, namespace)
    finally:
        for value in namespace.values():
            if isinstance(value, BackOffice):
                value.close()
