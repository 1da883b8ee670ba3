"""mkdocs hook: fill the chart-template page with tables generated from the templates.

Registered in ``mkdocs.yml`` under ``hooks:``. The markers
``<!-- chart-template: indonesia -->`` and ``<!-- chart-template: generic -->`` are
replaced with :func:`backoffice_core.ledger.chart_markdown` of the template, so the
published chart is the one ``load_chart`` loads.
"""

from __future__ import annotations

from typing import Any

from backoffice_core.jurisdictions.indonesia import chart_of_accounts
from backoffice_core.ledger import chart_markdown, generic_chart

MARKERS = {
    "<!-- chart-template: indonesia -->": chart_of_accounts,
    "<!-- chart-template: generic -->": generic_chart,
}


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Replace each chart marker with the template's table (other pages pass through).

    Args:
        markdown: The page's Markdown source.
        page: The mkdocs page (unused).
        config: The mkdocs configuration (unused).
        files: The site's files (unused).

    Returns:
        The Markdown with the tables in place of the markers.
    """
    for marker, template in MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, chart_markdown(template()))
    return markdown
