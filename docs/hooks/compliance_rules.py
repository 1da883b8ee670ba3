"""mkdocs hook: fill the compliance rules page with a section per rule of the registry.

Registered in ``mkdocs.yml`` under ``hooks:``. The marker ``<!-- compliance-rules -->``
in a page is replaced with the Indonesian rule set's
:meth:`~backoffice_core.compliance.RuleRegistry.to_markdown`, so the published rules
are the ones the code runs.
"""

from __future__ import annotations

from typing import Any

from backoffice_core.jurisdictions.indonesia import compliance_rules

MARKER = "<!-- compliance-rules -->"


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Replace the marker with the generated rule sections (other pages pass through).

    Args:
        markdown: The page's Markdown source.
        page: The mkdocs page (unused).
        config: The mkdocs configuration (unused).
        files: The site's files (unused).

    Returns:
        The Markdown with the rules in place of the marker.
    """
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, compliance_rules().to_markdown())
