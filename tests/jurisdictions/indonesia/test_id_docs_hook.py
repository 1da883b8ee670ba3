import importlib.util
from pathlib import Path
from types import ModuleType

from backoffice_core.jurisdictions.indonesia import parameter_tables_markdown

ROOT = Path(__file__).resolve().parents[3]


def load_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "generated_sections", ROOT / "docs" / "hooks" / "generated_sections.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestIndonesiaTablesHook:
    def test_marker_is_replaced_by_generated_tables(self):
        """The hook swaps the marker for the tables generated from the parameters."""
        hook = load_hook()
        page = "# Rules\n\n<!-- indonesia-parameter-tables -->\n"
        assert hook.on_page_markdown(page, None, None, None) == (
            "# Rules\n\n" + parameter_tables_markdown() + "\n"
        )

    def test_other_pages_pass_through(self):
        """A page without the marker is returned unchanged."""
        assert load_hook().on_page_markdown("# Ledger\n", None, None, None) == "# Ledger\n"

    def test_guide_has_the_marker(self):
        """The Indonesian rules guide carries the marker, so its tables are generated."""
        guide = (ROOT / "docs" / "guides" / "indonesia.md").read_text()
        assert "<!-- indonesia-parameter-tables -->" in guide
