"""Off-cycle corrections: a payslip that holds the difference against what was paid.

An approved run never changes. To correct a month, the month is calculated again and
each new payslip is compared with the sum of the payslips the approved runs of that
month already hold for the employee; the correction's payslip keeps only the
differences, line by line, so posting it moves exactly the difference.
"""

from __future__ import annotations

from collections.abc import Sequence

from backoffice_core.money import Money
from backoffice_core.payroll.models import LineKind, Payslip, PayslipLine

__all__ = ["difference"]

_TOTALS = ("gross", "taxable_gross", "deductions", "tax", "tax_deductible", "employer_cost", "net")


def difference(new: Payslip, paid: Sequence[Payslip] | None) -> Payslip | None:
    """Return ``new`` minus the sum of ``paid``, or None when nothing differs.

    Lines are matched on (kind, code); a line that only exists on one side appears
    with its (possibly negative) amount. Totals are differences of totals, which are
    sums of the lines, so the difference payslip's lines still add up.
    """
    paid = paid or []
    currency = new.net.currency
    amounts: dict[tuple[LineKind, str], Money] = {}
    template: dict[tuple[LineKind, str], PayslipLine] = {}
    for slip, sign in [(new, 1), *((p, -1) for p in paid)]:
        for line in slip.lines:
            key = (line.kind, line.code)
            template.setdefault(key, line)
            signed = line.amount if sign > 0 else -line.amount
            amounts[key] = amounts.get(key, Money.zero(currency)) + signed
    lines = tuple(
        template[key].model_copy(update={"amount": amount})
        for key, amount in amounts.items()
        if amount
    )
    if not lines:
        return None
    totals = {
        name: getattr(new, name) - Money.sum((getattr(p, name) for p in paid), currency)
        for name in _TOTALS
    }
    # the month counts once among the months paid: here only if nothing paid it before
    month_count = 0 if paid else 1
    update = {"lines": lines, "off_cycle": True, "month_count": month_count, **totals}
    return new.model_copy(update=update)
