"""Pay components: declarative and Python formulas, dependency order, cycles."""

from __future__ import annotations

from datetime import date

import pytest
from payroll_helpers import RULES, rp, setup

from backoffice_core import BackOffice, Money
from backoffice_core.payroll import (
    Apply,
    Assignment,
    ComponentError,
    ComponentKind,
    FormulaCycleError,
    FormulaInput,
    PayComponent,
    PayrollCalculationError,
    PythonFormula,
    const,
    evaluation_order,
    ref,
)


def earning(code: str, **fields: object) -> PayComponent:
    """Return an earning component."""
    return PayComponent(code=code, name=code.title(), kind=ComponentKind.EARNING, **fields)


def assigned(basic: int, *codes: str) -> tuple[Assignment, ...]:
    """Return a basic salary and the given components (formula amounts) from 2024."""
    start = date(2024, 1, 1)
    return (
        Assignment(component="basic", amount=rp(basic), effective_from=start),
        *(Assignment(component=code, effective_from=start) for code in codes),
    )


class TestFormulas:
    def test_formulas_run_in_dependency_order(self, office: BackOffice) -> None:
        """A chain c -> b -> basic evaluates basic, then b, then c, whatever the codes."""
        setup(office)
        office.payroll.define_components(
            [
                earning("aa_top", formula=ref("zz_mid") + 1000),
                earning("zz_mid", formula=ref("basic") / 10),
            ]
        )
        office.payroll.employees.hire(
            office.payroll.employees.get("E002").model_copy(
                update={
                    "id": "E005",
                    "components": (
                        Assignment(
                            component="basic",
                            amount=rp(10_000_000),
                            effective_from=date(2024, 1, 1),
                        ),
                        Assignment(component="aa_top", effective_from=date(2024, 1, 1)),
                        Assignment(component="zz_mid", effective_from=date(2024, 1, 1)),
                    ),
                }
            )
        )
        slip = office.payroll.preview("2026-01", RULES).payslips[2]
        assert slip.amount_of("zz_mid") == rp(1_000_000)
        assert slip.amount_of("aa_top") == rp(1_001_000)

    def test_expression_evaluates_with_decimals(self) -> None:
        """min(5% of basic, 400,000) is evaluated exactly."""
        formula = Apply(op="min", args=(ref("basic") * "0.05", const(400_000)))
        assert formula.evaluate({"basic": rp(10_000_000).amount}) == 400_000
        assert formula.evaluate({"basic": rp(6_000_000).amount}) == 300_000

    def test_expression_survives_storage(self, office: BackOffice) -> None:
        """A formula is stored as data and read back equal."""
        setup(office)
        stored = {c.code: c for c in office.payroll.components()}
        assert stored["meal"].formula == ref("basic") * "0.05"

    def test_cycle_is_refused_naming_it(self, office: BackOffice) -> None:
        """Two formulas reading each other raise an error that names the circle."""
        setup(office)
        office.payroll.define_components(earning("x", formula=ref("basic") * 1))
        with pytest.raises(FormulaCycleError, match="x -> y -> x"):
            office.payroll.define_components(
                [earning("x", formula=ref("y") * 1), earning("y", formula=ref("x") * 1)]
            )
        assert {c.code: c for c in office.payroll.components()}["x"].formula == ref("basic") * 1

    def test_order_names_a_longer_cycle(self) -> None:
        """evaluation_order names every member of a three-component circle."""
        with pytest.raises(FormulaCycleError, match="a -> b -> c -> a"):
            evaluation_order({"a": {"b"}, "b": {"c"}, "c": {"a"}})

    def test_undefined_reference_is_refused(self, office: BackOffice) -> None:
        """A formula reading an undefined component is refused with both names."""
        setup(office)
        with pytest.raises(ComponentError, match=r"'x'.*'nothing'"):
            office.payroll.define_components(earning("x", formula=ref("nothing") * 2))

    def test_python_formula_is_called_with_values(self, office: BackOffice) -> None:
        """A typed Python formula reads the components it depends on."""
        setup(office)

        def seniority(data: FormulaInput) -> Money:
            return data.get("basic") * 2 / 100

        office.payroll.define_components(earning("seniority", function="seniority"))
        office.payroll.employees.hire(
            office.payroll.employees.get("E002").model_copy(
                update={
                    "id": "E003",
                    "components": (
                        Assignment(
                            component="basic", amount=rp(7_000_000), effective_from=date(2024, 1, 1)
                        ),
                        Assignment(component="seniority", effective_from=date(2024, 1, 1)),
                    ),
                }
            )
        )
        functions = {"seniority": PythonFormula(seniority, depends_on=("basic",))}
        slip = office.payroll.preview("2026-01", RULES, functions=functions).payslips[2]
        assert slip.amount_of("seniority") == rp(140_000)

    def test_failing_formula_names_employee_and_component(self, office: BackOffice) -> None:
        """A formula that raises fails the run with the employee and component named."""
        setup(office)

        def broken(data: FormulaInput) -> Money:
            raise ZeroDivisionError("no")

        office.payroll.define_components(earning("bad", function="broken"))
        office.payroll.employees.change_pay("E001", "bad", rp(0), effective=date(2026, 1, 1))
        office.payroll.employees.hire(
            office.payroll.employees.get("E002").model_copy(
                update={
                    "id": "E004",
                    "components": (Assignment(component="bad", effective_from=date(2024, 1, 1)),),
                }
            )
        )
        functions = {"broken": PythonFormula(broken)}
        with pytest.raises(PayrollCalculationError, match=r"E004.*'bad'.*ZeroDivisionError"):
            office.payroll.calculate("2026-01", RULES, functions=functions)
        assert office.payroll.runs() == []

    def test_reserved_code_is_refused(self, office: BackOffice) -> None:
        """A component may not take a code the run uses for its own lines."""
        setup(office)
        with pytest.raises(ComponentError, match="'overtime' is reserved"):
            office.payroll.define_components(earning("overtime"))
        assert "overtime" not in {c.code for c in office.payroll.components()}


class TestTaxDeductible:
    def test_only_a_deduction_is_tax_deductible(self) -> None:
        """An earning flagged tax_deductible is refused, naming the component."""
        with pytest.raises(ComponentError, match=r"'bonus'.*only a deduction"):
            earning("bonus", tax_deductible=True)

    def test_deductible_deduction_counts_for_the_annual_tax(self, office: BackOffice) -> None:
        """A tax-deductible deduction adds to the payslip's annual deduction."""
        setup(office)
        dues = PayComponent(
            code="fund",
            name="Pension fund",
            kind=ComponentKind.DEDUCTION,
            taxable=False,
            tax_deductible=True,
            amount=rp(100_000),
        )
        office.payroll.define_components(dues)
        before = office.payroll.preview("2026-01", RULES).payslips[0]
        office.payroll.employees.change_pay("E001", "fund", rp(100_000), effective=date(2026, 1, 1))
        after = office.payroll.preview("2026-01", RULES).payslips[0]
        assert after.tax_deductible - before.tax_deductible == rp(100_000)
        assert after.taxable_gross == before.taxable_gross
