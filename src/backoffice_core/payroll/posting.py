"""The payroll journal: an account mapping (data) and the balanced lines of a run.

:class:`AccountMapping` says which account each part of a run goes to; it is plain
data, with an Indonesian default in ``jurisdictions.indonesia.payroll_accounts()``.
:func:`summarize` adds a run's payslip lines up by department and cost centre when
the run is calculated; :func:`journal_lines` turns those sums into one balanced entry: salary
expense and employer contributions by department and cost centre (as line
dimensions), tax payable, social-security payables per programme, other deductions,
and net pay payable. A negative sum (a correction that takes pay back) goes to the
other side, so the entry always balances.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

import attrs
from pydantic import BaseModel, ConfigDict, Field

from backoffice_core.ledger import Line, Side
from backoffice_core.money import Money
from backoffice_core.payroll.models import LineKind, Payslip, PostingRow

__all__ = ["AccountMapping", "RunTally", "journal_lines", "settlement_lines", "summarize"]


class AccountMapping(BaseModel):
    """Which ledger account each part of a payroll run is posted to.

    Args:
        salary_expense: Expense for earnings (debit).
        expense_by_component: Expense account per earning code, overriding
            ``salary_expense`` (THR to its own account, say).
        employer_expense: Expense for employer contributions and social security.
        tax_payable: Tax withheld (credit).
        social_security_payable: Payable per social-security programme code.
        social_security_default: Payable for a programme not in the mapping.
        deductions_payable: Other deductions withheld (loan repayments, dues).
        employer_contribution_payable: Employer contributions other than social security.
        net_pay_payable: Net pay owed to employees (credit; debited when paid).
        bank: Account the net pay is paid from.
        dimensions: Employee fields the expense lines carry as dimensions
            (``department``, ``cost_centre``, or both).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    salary_expense: str
    expense_by_component: dict[str, str] = Field(default_factory=dict)
    employer_expense: str
    tax_payable: str
    social_security_payable: dict[str, str] = Field(default_factory=dict)
    social_security_default: str
    deductions_payable: str
    employer_contribution_payable: str
    net_pay_payable: str
    bank: str
    dimensions: tuple[str, ...] = ("department", "cost_centre")

    def accounts(self) -> set[str]:
        """Return every account the mapping names."""
        return {
            self.salary_expense,
            *self.expense_by_component.values(),
            self.employer_expense,
            self.tax_payable,
            *self.social_security_payable.values(),
            self.social_security_default,
            self.deductions_payable,
            self.employer_contribution_payable,
            self.net_pay_payable,
            self.bank,
        }


_TOTALS = ("gross", "tax", "employer_cost", "net")


@attrs.define
class RunTally:
    """The running sums of a run's payslips, added to one chunk at a time.

    A run stores its payslips chunk by chunk and keeps only these sums: the number of
    payslips, the run totals and the lines by kind, code, department and cost centre
    (what approval posts), so its memory does not grow with the number of employees.

    Args:
        currency: The run's currency.
    """

    currency: str
    count: int = 0
    _totals: dict[str, Decimal] = attrs.field(factory=lambda: dict.fromkeys(_TOTALS, Decimal(0)))
    _rows: dict[tuple[LineKind, str, str, str], Decimal] = attrs.field(factory=dict)

    def add(self, payslips: Iterable[Payslip]) -> None:
        """Add ``payslips`` to the sums."""
        totals, rows = self._totals, self._rows
        zero = Decimal(0)
        for slip in payslips:
            self.count += 1
            totals["gross"] += slip.gross.amount
            totals["tax"] += slip.tax.amount
            totals["employer_cost"] += slip.employer_cost.amount
            totals["net"] += slip.net.amount
            department, cost_centre = slip.department, slip.cost_centre
            for line in slip.lines:
                key = (line.kind, line.code, department, cost_centre)
                rows[key] = rows.get(key, zero) + line.amount.amount

    def totals(self) -> dict[str, Money]:
        """Return the run totals: gross, tax, employer cost and net."""
        return {name: Money(value, self.currency) for name, value in self._totals.items()}

    def posting(self) -> tuple[PostingRow, ...]:
        """Return the non-zero line sums, ordered by kind, code, department, cost centre."""
        return tuple(
            PostingRow(kind=k, code=c, department=d, cost_centre=cc, amount=Money(v, self.currency))
            for (k, c, d, cc), v in sorted(self._rows.items())
            if v
        )


def summarize(payslips: Iterable[Payslip]) -> tuple[PostingRow, ...]:
    """Add the payslips' lines up by kind, code, department and cost centre."""
    slips = list(payslips)
    if not slips:
        return ()
    tally = RunTally(slips[0].net.currency)
    tally.add(slips)
    return tally.posting()


_Key = tuple[str, tuple[tuple[str, str], ...]]


def journal_lines(rows: Iterable[PostingRow], mapping: AccountMapping, currency: str) -> list[Line]:
    """Return the balanced lines of one entry for a run's :func:`summarize` rows.

    Debits (expense) are positive sums, credits (payables) negative; each sum becomes
    one line on the side of its sign, and zero sums are left out. Net pay payable is
    earnings less everything withheld, which is the sum of the payslips' net pay.
    """
    sums: defaultdict[_Key, Decimal] = defaultdict(Decimal)
    net = mapping.net_pay_payable, ()
    for row in rows:
        fields = {"department": row.department, "cost_centre": row.cost_centre}
        dims = tuple((n, fields[n]) for n in mapping.dimensions if fields.get(n))
        amount = row.amount.amount
        kind = row.kind
        if kind is LineKind.EARNING:
            account = mapping.expense_by_component.get(row.code, mapping.salary_expense)
            sums[(account, dims)] += amount
            sums[net] -= amount
        elif kind is LineKind.DEDUCTION:
            sums[(mapping.deductions_payable, ())] -= amount
            sums[net] += amount
        elif kind is LineKind.TAX:
            sums[(mapping.tax_payable, ())] -= amount
            sums[net] += amount
        elif kind in (LineKind.SOCIAL_SECURITY, LineKind.EMPLOYER_SOCIAL_SECURITY):
            payable = mapping.social_security_payable.get(row.code, mapping.social_security_default)
            sums[(payable, (("program", row.code),))] -= amount
            if kind is LineKind.EMPLOYER_SOCIAL_SECURITY:
                sums[(mapping.employer_expense, dims)] += amount
            else:
                sums[net] += amount
        elif kind is LineKind.EMPLOYER_CONTRIBUTION:
            sums[(mapping.employer_expense, dims)] += amount
            sums[(mapping.employer_contribution_payable, ())] -= amount
        # benefits in kind are taxable income but no cash: nothing to post
    lines: list[Line] = []
    for (account, dims), amount in sorted(sums.items(), key=lambda kv: (kv[1] < 0, kv[0])):
        if not amount:
            continue
        side = Side.DEBIT if amount > 0 else Side.CREDIT
        value = Money(abs(amount), currency)
        lines.append(Line(account=account, side=side, amount=value, dimensions=dict(dims)))
    return lines


def settlement_lines(net: Money, mapping: AccountMapping) -> list[Line]:
    """Return the lines paying ``net`` out of the bank (taking it back when negative)."""
    amount = abs(net)
    if net.is_negative:
        return [Line.debit(mapping.bank, amount), Line.credit(mapping.net_pay_payable, amount)]
    return [Line.debit(mapping.net_pay_payable, amount), Line.credit(mapping.bank, amount)]
