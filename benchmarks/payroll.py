"""Benchmark: a monthly payroll run end to end against the bare rule calls.

Hires N employees with 12 pay components each (basic salary, seven fixed allowances,
two formula allowances, a deduction and an employer contribution) on a fresh backend,
then times, through the public API, ``payroll.calculate`` (every payslip computed and
stored) and ``payroll.approve`` by a second user (the run approved, one journal entry
posted through the ledger, the run marked posted). The baseline, timed in the same
run, is the bare Indonesian rule calls for the same employees in a loop: BPJS
contributions and the TER withholding on the same gross, with no components, storage
or posting. The script prints wall-clock figures, this process's CPU time (which a
loaded machine inflates less) and their ratios; it asserts nothing.

Run: ``.venv/bin/python benchmarks/payroll.py [--employees 10000] [--url sqlite:///x.db]``.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from datetime import date
from pathlib import Path

from backoffice_core import BackOffice, Money
from backoffice_core.jurisdictions import indonesia
from backoffice_core.payroll import Assignment, ComponentKind, Employee, PayComponent, ref

JOINED = date(2025, 1, 1)
ALLOWANCES = ["housing", "transport", "meal", "phone", "position", "family", "skill"]


def rp(value: int) -> Money:
    """Return rupiah."""
    return Money(value, "IDR")


def components() -> list[PayComponent]:
    """Return the 12 components of every employee."""
    earning = ComponentKind.EARNING
    found = [PayComponent(code="basic", name="Basic", kind=earning, social_security_base=True)]
    found += [
        PayComponent(code=a, name=a.title(), kind=earning, social_security_base=a == "position")
        for a in ALLOWANCES
    ]
    found += [
        PayComponent(code="attendance", name="Attendance", kind=earning,
                     formula=ref("basic") * "0.03"),
        PayComponent(code="seniority", name="Seniority", kind=earning,
                     formula=ref("basic") * "0.02"),
        PayComponent(code="union", name="Union dues", kind=ComponentKind.DEDUCTION, taxable=False),
        PayComponent(code="pension", name="Pension", kind=ComponentKind.EMPLOYER_CONTRIBUTION,
                     taxable=False, formula=ref("basic") * "0.05"),
    ]  # fmt: skip
    return found


def employees(count: int, seed: int = 11) -> list[Employee]:
    """Return ``count`` deterministic employees in ten departments."""
    rng = random.Random(seed)
    statuses = [s.value for s in indonesia.PtkpStatus]
    people = []
    for i in range(count):
        basic = rng.randrange(5_000_000, 60_000_000, 1_000)
        assigned = [Assignment(component="basic", amount=rp(basic), effective_from=JOINED)]
        assigned += [
            Assignment(component=a, amount=rp(rng.randrange(100_000, 2_000_000, 1_000)),
                       effective_from=JOINED)
            for a in ALLOWANCES
        ]  # fmt: skip
        assigned += [
            Assignment(component=c, effective_from=JOINED)
            for c in ("attendance", "seniority", "pension")
        ]
        assigned.append(Assignment(component="union", amount=rp(25_000), effective_from=JOINED))
        people.append(
            Employee(
                id=f"E{i:06d}",
                name=f"Employee {i}",
                npwp=f"{i:016d}",
                tax_status=rng.choice(statuses),
                joined=JOINED,
                department=f"D{i % 10}",
                cost_centre=f"CC{i % 25}",
                components=tuple(assigned),
            )
        )
    return people


def baseline(people: list[Employee], rules: indonesia.IndonesianPayrollRules) -> Money:
    """The bare rule calls: BPJS on the wage and TER on the same gross, per employee."""
    on = date(2026, 1, 31)
    total = rp(0)
    for person in people:
        amounts = {a.component: a.amount for a in person.components if a.amount is not None}
        basic = amounts["basic"]
        wage = basic + amounts["position"]
        cash = Money.sum([v for k, v in amounts.items() if k != "union"], "IDR")
        cash += basic * 5 / 100  # the two formula allowances, 3% + 2% of basic
        bpjs = rules.bpjs(wage, on)
        tax = rules.monthly_withholding(bpjs.taxable_gross(cash), person.tax_status, on)
        total += tax.tax
    return total


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--url", default=None, help="backend URL (default: a temporary SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{Path(folder) / 'payroll.db'}"
        run_once(url, args.employees)


def run_once(url: str, count: int) -> None:
    """Set up ``count`` employees on ``url`` and time the run against the baseline."""
    rules = indonesia.payroll_rules()
    entity = f"PT Bench {count} {time.time_ns()}"
    people = employees(count)
    with BackOffice.open(url, entity=entity, actor="payroll.clerk") as office:
        office.ledger.load_chart(indonesia.chart_of_accounts())
        office.payroll.define_components(components())
        start = time.perf_counter()
        for i in range(0, count, 5_000):
            office.payroll.employees.hire(people[i : i + 5_000])
        hired = time.perf_counter() - start

        start, cpu = time.perf_counter(), time.process_time()
        base_tax = baseline(people, rules)
        raw = time.perf_counter() - start
        raw_cpu = time.process_time() - cpu

        start, cpu = time.perf_counter(), time.process_time()
        run = office.payroll.calculate("2026-01", rules)
        calculated = time.perf_counter() - start
        start = time.perf_counter()
        office.as_actor("hr.manager").payroll.approve(run.id, accounts=indonesia.payroll_accounts())
        approved = time.perf_counter() - start
        run_cpu = time.process_time() - cpu
    total = calculated + approved
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"backend: {url.split(':', 1)[0]}, employees: {count:,}, components each: 12")
    print(f"hire (setup, not in the total): {hired:.2f} s")
    print(f"bare rule calls (baseline):     {raw:.2f} s  ({count / raw:,.0f} employees/s)")
    print(f"calculate (computed + stored):  {calculated:.2f} s")
    print(f"approve (posted, one entry):    {approved:.2f} s")
    print(f"run end to end:                 {total:.2f} s  ({count / total:,.0f} employees/s)")
    print(f"run / baseline:                 {total / raw:.1f}x")
    print(
        f"CPU time of this process: run {run_cpu:.2f} s, baseline {raw_cpu:.2f} s "
        f"({run_cpu / raw_cpu:.1f}x; the server's own CPU is not counted)"
    )
    print(f"tax: run {run.tax}, baseline {base_tax} (same: {run.tax == base_tax})")
    print(f"peak memory (max RSS):          {rss:,.0f} MB")


if __name__ == "__main__":
    main()
