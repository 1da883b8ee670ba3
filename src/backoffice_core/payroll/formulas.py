"""Declarative formulas over pay components, typed Python formulas, and their order.

A component's amount is either fixed or computed from other components. The
declarative form is a small expression tree (:class:`Ref`, :class:`Const`,
:class:`Apply`) built with Python operators (``ref("basic") * "0.05"``), stored as JSON
with the component and evaluated with Decimal arithmetic: no string is ever passed to
``eval``. A :class:`PythonFormula` wraps a typed callable and names the components it
reads. :func:`evaluation_order` sorts components so that every formula runs after the
components it reads, and names the circle when there is one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal, DivisionByZero, InvalidOperation
from typing import Annotated, Literal, Union

import attrs
from pydantic import BaseModel, ConfigDict, Field

from backoffice_core.errors import InvalidInputError
from backoffice_core.money import Money, to_decimal
from backoffice_core.payroll.errors import ComponentError, FormulaCycleError

__all__ = [
    "Apply",
    "Const",
    "Expr",
    "FormulaInput",
    "PythonFormula",
    "Ref",
    "const",
    "evaluation_order",
    "ref",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
Operand = Union["Ref", "Const", "Apply", Decimal, int, str]


def _expr(value: Operand) -> Expr:
    if isinstance(value, Ref | Const | Apply):
        return value
    return const(value)


class _Operators:
    """Python operators that build :class:`Apply` nodes."""

    def __add__(self, other: Operand) -> Apply:
        return Apply(op="add", args=(_expr(self), _expr(other)))  # type: ignore[arg-type]

    def __radd__(self, other: Operand) -> Apply:
        return Apply(op="add", args=(_expr(other), _expr(self)))  # type: ignore[arg-type]

    def __sub__(self, other: Operand) -> Apply:
        return Apply(op="sub", args=(_expr(self), _expr(other)))  # type: ignore[arg-type]

    def __rsub__(self, other: Operand) -> Apply:
        return Apply(op="sub", args=(_expr(other), _expr(self)))  # type: ignore[arg-type]

    def __mul__(self, other: Operand) -> Apply:
        return Apply(op="mul", args=(_expr(self), _expr(other)))  # type: ignore[arg-type]

    def __rmul__(self, other: Operand) -> Apply:
        return Apply(op="mul", args=(_expr(other), _expr(self)))  # type: ignore[arg-type]

    def __truediv__(self, other: Operand) -> Apply:
        return Apply(op="div", args=(_expr(self), _expr(other)))  # type: ignore[arg-type]


class Ref(_Operators, BaseModel):
    """The amount of another component of the same payslip (zero when not paid).

    Args:
        code: The referenced component's code.
    """

    model_config = _FROZEN
    op: Literal["ref"] = "ref"
    code: str

    def refs(self) -> set[str]:
        """Return the component codes this expression reads."""
        return {self.code}

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        """Return the referenced amount, zero when the component is not on the payslip."""
        return values.get(self.code, Decimal(0))


class Const(_Operators, BaseModel):
    """A constant number (a rate or an amount in the payroll currency).

    Args:
        value: The number (Decimal, int or a string; never a float).
    """

    model_config = _FROZEN
    op: Literal["const"] = "const"
    value: Decimal

    def refs(self) -> set[str]:
        """Return the component codes this expression reads (none)."""
        return set()

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        """Return the constant."""
        return self.value


class Apply(_Operators, BaseModel):
    """An operation on sub-expressions: add, sub, mul, div, min or max.

    Args:
        op: The operation; ``add``, ``mul``, ``min`` and ``max`` take two or more
            arguments, ``sub`` and ``div`` exactly two.
        args: The operands.
    """

    model_config = _FROZEN
    op: Literal["add", "sub", "mul", "div", "min", "max"]
    args: tuple[Expr, ...]

    def model_post_init(self, _context: object) -> None:
        """Check the number of operands."""
        wanted = 2 if self.op in ("sub", "div") else None
        if len(self.args) < 2 or (wanted is not None and len(self.args) != wanted):
            raise InvalidInputError(
                f"formula operation {self.op!r} got {len(self.args)} operand(s): "
                "give two (sub, div) or two or more (add, mul, min, max)"
            )

    def refs(self) -> set[str]:
        """Return the component codes this expression reads."""
        found: set[str] = set()
        for arg in self.args:
            found |= arg.refs()
        return found

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        """Return the value of the operation with exact Decimal arithmetic.

        Raises:
            InvalidInputError: On a division by zero.
        """
        numbers = [a.evaluate(values) for a in self.args]
        if self.op == "add":
            return sum(numbers, Decimal(0))
        if self.op == "sub":
            return numbers[0] - numbers[1]
        if self.op == "mul":
            result = Decimal(1)
            for n in numbers:
                result *= n
            return result
        if self.op == "div":
            try:
                return numbers[0] / numbers[1]
            except (DivisionByZero, InvalidOperation):
                raise InvalidInputError(
                    f"formula divides {numbers[0]} by zero: check the divisor's component"
                ) from None
        return min(numbers) if self.op == "min" else max(numbers)


Expr = Annotated[Ref | Const | Apply, Field(discriminator="op")]
"""A declarative formula: a tree of :class:`Ref`, :class:`Const` and :class:`Apply`."""

Apply.model_rebuild()


def ref(code: str) -> Ref:
    """Return a reference to component ``code``, to build formulas with operators.

    Example:
        ``ref("basic") * "0.05"`` is 5% of the basic salary;
        ``Apply(op="min", args=(ref("basic") * "0.05", const(500000)))`` caps it.
    """
    return Ref(code=code)


def const(value: Decimal | int | str) -> Const:
    """Return a constant for a formula.

    Raises:
        MoneyError: If ``value`` is a float or not a number.
    """
    return Const(value=to_decimal(value, what="formula constant"))


@attrs.frozen
class FormulaInput:
    """What a :class:`PythonFormula` receives.

    Attributes:
        employee: The employee id.
        month_end: The last day of the pay month.
        values: Amounts of the components already evaluated on this payslip.
        currency: The payroll currency.
    """

    employee: str
    month_end: date
    values: Mapping[str, Money]
    currency: str

    def get(self, code: str) -> Money:
        """Return component ``code``'s amount, zero when it is not on the payslip."""
        return self.values.get(code) or Money.zero(self.currency)


@attrs.frozen
class PythonFormula:
    """A typed Python function that computes a component from others.

    Args:
        function: Called with a :class:`FormulaInput`; returns Money in the payroll
            currency (it is rounded with the component's rounding).
        depends_on: The component codes the function reads; they are evaluated first.
    """

    function: Callable[[FormulaInput], Money]
    depends_on: tuple[str, ...] = ()


def evaluation_order(dependencies: Mapping[str, Iterable[str]]) -> list[str]:
    """Return the codes so that each comes after every code it depends on.

    Codes are visited in sorted order, so the order is deterministic. A dependency on a
    code that is not in ``dependencies`` is ignored (it evaluates as zero).

    Raises:
        FormulaCycleError: If formulas depend on each other in a circle; the message
            names it, such as ``a -> b -> a``.
    """
    order: list[str] = []
    state: dict[str, int] = {}  # 1: being visited, 2: done
    path: list[str] = []

    def visit(code: str) -> None:
        if state.get(code) == 2:
            return
        if state.get(code) == 1:
            circle = [*path[path.index(code) :], code]
            raise FormulaCycleError(
                f"pay component formulas form a cycle: {' -> '.join(circle)}; "
                "make one of them a fixed amount or refer to another component"
            )
        state[code] = 1
        path.append(code)
        for needed in sorted(set(dependencies[code])):
            if needed in dependencies:
                visit(needed)
        path.pop()
        state[code] = 2
        order.append(code)

    for code in sorted(dependencies):
        visit(code)
    return order


def check_formula(code: str, formula: Expr) -> None:
    """Refuse a formula that reads its own component.

    Raises:
        FormulaCycleError: If ``formula`` refers to ``code``.
    """
    if code in formula.refs():
        raise FormulaCycleError(
            f"pay component {code!r} refers to itself: {code} -> {code}; "
            "a formula can only read other components"
        )


def describe(error: Exception) -> str:
    """Return a short text for an exception raised by a user's formula."""
    if isinstance(error, ComponentError | InvalidInputError):
        return str(error)
    return f"{type(error).__name__}: {error}"
