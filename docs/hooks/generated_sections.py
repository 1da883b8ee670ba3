"""mkdocs hook: replace each marker in a page with Markdown generated from the code.

Registered in ``mkdocs.yml`` under ``hooks:``. Each marker below stands in a page where
the published text must be the one the code uses: the Indonesian parameter tables, the
chart-of-accounts templates and the compliance rules of the Indonesian registry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from backoffice_core.jurisdictions.indonesia import (
    chart_of_accounts,
    compliance_rules,
    parameter_tables_markdown,
)
from backoffice_core.ledger import chart_markdown, generic_chart

SECTIONS: dict[str, Callable[[], str]] = {
    "<!-- indonesia-parameter-tables -->": parameter_tables_markdown,
    "<!-- chart-template: indonesia -->": lambda: chart_markdown(chart_of_accounts()),
    "<!-- chart-template: generic -->": lambda: chart_markdown(generic_chart()),
    "<!-- compliance-rules -->": lambda: compliance_rules().to_markdown(),
}
"""Each marker and what makes its Markdown (called only for a page that holds it)."""


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Replace every marker with its generated section (other pages pass through).

    Args:
        markdown: The page's Markdown source.
        page: The mkdocs page (unused).
        config: The mkdocs configuration (unused).
        files: The site's files (unused).

    Returns:
        The Markdown with the generated sections in place of the markers.
    """
    for marker, make in SECTIONS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, make())
    return markdown
