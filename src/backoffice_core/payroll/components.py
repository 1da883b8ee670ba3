"""The pay component catalogue: defining components and checking their formulas.

:func:`define_components` validates a batch against the stored catalogue (reserved
codes, formulas that refer to undefined components, cycles) before it writes
anything, authorizes every component, then adds the new ones and replaces the
changed ones.
"""

from __future__ import annotations

from collections.abc import Iterable

from backoffice_core.context import Context, UnitOfWork
from backoffice_core.payroll.errors import ComponentError
from backoffice_core.payroll.formulas import check_formula, evaluation_order
from backoffice_core.payroll.models import PayComponent
from backoffice_core.payroll.ports import COMPONENT
from backoffice_core.payroll.queries import read_all

__all__ = ["RESERVED_CODES", "define_components"]

RESERVED_CODES = frozenset({"overtime", "thr", "tax"})
"""Line codes a run makes itself; no pay component may use them."""


def _check_codes(batch: list[PayComponent]) -> None:
    for component in batch:
        if component.code in RESERVED_CODES:
            raise ComponentError(
                f"pay component code {component.code!r} is reserved for the lines a run "
                f"makes itself ({', '.join(sorted(RESERVED_CODES))}): choose another code"
            )


def _check_formulas(catalogue: dict[str, PayComponent]) -> None:
    deps: dict[str, set[str]] = {}
    for code, component in catalogue.items():
        refs = set() if component.formula is None else component.formula.refs()
        if component.formula is not None:
            check_formula(code, component.formula)
        for needed in sorted(refs - set(catalogue)):
            raise ComponentError(
                f"pay component {code!r} refers to {needed!r}, which is not defined: "
                "define it first or in the same call"
            )
        deps[code] = refs
    evaluation_order(deps)


def define_components(
    context: Context, uow: UnitOfWork, components: PayComponent | Iterable[PayComponent]
) -> list[PayComponent]:
    """Add or redefine pay components (see :meth:`.service.Payroll.define_components`).

    Raises:
        ComponentError: If a formula refers to an undefined component, or a code is
            reserved (``overtime``, ``thr``, ``tax``).
        FormulaCycleError: If formulas would refer to each other in a circle.
    """
    batch = [components] if isinstance(components, PayComponent) else list(components)
    _check_codes(batch)
    with uow.transaction():
        store = uow.records(COMPONENT)
        stored = {c.code: c for c in read_all(store, {})}
        _check_formulas({**stored, **{c.code: c for c in batch}})
        for component in batch:
            context.authorize("payroll.component.define", component.code)
        versions = store.get_many([c.code for c in batch])
        store.add([c for c in batch if c.code not in stored])
        for component in batch:
            found = versions.get(component.code)
            if found is not None and found.record != component:
                store.replace(component, expected_version=found.version, action="redefined")
    return batch
