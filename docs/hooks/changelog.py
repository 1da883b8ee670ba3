"""MkDocs hook: the Changelog page shows CHANGELOG.md from the project root."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Replace the changelog page's marker with the text of CHANGELOG.md."""
    if "<!-- changelog -->" in markdown:
        return markdown.replace("<!-- changelog -->", (ROOT / "CHANGELOG.md").read_text())
    return markdown
