"""mkdocs hook: fill the Indonesian rules page with tables generated from the parameters.

Registered in ``mkdocs.yml`` under ``hooks:``. The marker
``<!-- indonesia-parameter-tables -->`` in a page is replaced with
:func:`backoffice_core.jurisdictions.indonesia.parameter_tables_markdown`, so the
published tables are the ones the code uses.
"""

from __future__ import annotations

from typing import Any

from backoffice_core.jurisdictions.indonesia import parameter_tables_markdown

MARKER = "<!-- indonesia-parameter-tables -->"


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Replace the marker with the generated parameter tables (other pages pass through).

    Args:
        markdown: The page's Markdown source.
        page: The mkdocs page (unused).
        config: The mkdocs configuration (unused).
        files: The site's files (unused).

    Returns:
        The Markdown with the tables in place of the marker.
    """
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, parameter_tables_markdown())
