"""Each public module's __all__ is sorted, complete and importable."""

from __future__ import annotations

import importlib
import inspect

import pytest

MODULES = [
    "backoffice_core",
    "backoffice_core.assets",
    "backoffice_core.audit",
    "backoffice_core.audit",
    "backoffice_core.collector",
    "backoffice_core.compliance",
    "backoffice_core.context",
    "backoffice_core.documents",
    "backoffice_core.errors",
    "backoffice_core.i18n",
    "backoffice_core.inventory",
    "backoffice_core.ids",
    "backoffice_core.ledger",
    "backoffice_core.money",
    "backoffice_core.periods",
    "backoffice_core.records",
    "backoffice_core.record_views",
    "backoffice_core.record_fields",
    "backoffice_core.record_bodies",
    "backoffice_core.prebuilt",
    "backoffice_core.reporting",
    "backoffice_core.storage",
    "backoffice_core.testing",
    "backoffice_core.jurisdictions.indonesia",
    "backoffice_core.payroll",
]


def isort_key(name: str) -> tuple[int, str]:
    """Sort like ruff's RUF022: CONSTANTS, then Classes, then functions."""
    if name.isupper():
        return (0, name)
    return (1 if name[:1].isupper() else 2, name)


@pytest.mark.parametrize("name", MODULES)
def test_all_is_sorted_and_importable(name: str) -> None:
    """__all__ is sorted (constants, classes, functions) and every name in it exists."""
    module = importlib.import_module(name)
    exported = list(module.__all__)
    assert exported == sorted(exported, key=isort_key)
    for item in exported:
        assert hasattr(module, item), f"{name}.{item} is in __all__ but missing"


@pytest.mark.parametrize("name", MODULES)
def test_public_names_have_docstrings(name: str) -> None:
    """Every exported class and function carries a docstring."""
    module = importlib.import_module(name)
    assert module.__doc__
    for item in module.__all__:
        value = getattr(module, item)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert inspect.getdoc(value), f"{name}.{item} has no docstring"


@pytest.mark.parametrize("name", MODULES)
def test_all_is_complete(name: str) -> None:
    """Every public class or function defined in a package module is exported."""
    module = importlib.import_module(name)
    if not hasattr(module, "__path__"):
        return
    exported = set(module.__all__)
    for attr, value in vars(module).items():
        if attr.startswith("_") or not (inspect.isclass(value) or inspect.isfunction(value)):
            continue
        if getattr(value, "__module__", "").startswith(name + "."):
            assert attr in exported, f"{name}.{attr} is imported but not in __all__"
