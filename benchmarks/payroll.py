"""Benchmark: a monthly payroll run end to end against the bare rule calls.

Hires N employees with 12 pay components each (basic salary, seven fixed allowances,
two formula allowances, a deduction and an employer contribution) on a fresh backend,
then times, through the public API, ``payroll.calculate`` (every payslip computed and
stored) and ``payroll.approve`` by a second user (the run approved, one journal entry
posted through the ledger, the run marked posted). The baseline, timed in the same
run, is the bare Indonesian rule calls for the same employees in a loop: BPJS
contributions and the TER withholding on the same gross, with no components, storage
or posting. For each phase the script prints the wall-clock time, this process's CPU
time (which a loaded machine inflates less), the CPU ratio to the baseline and the
peak resident memory, with the load average before and after; it asserts nothing.

With ``--december`` the months January to November are calculated and approved first
(setup), and the timed run is December's, whose last-period reconciliation reads the
year-to-date figures of every employee: one ``totals`` query (SQL ``GROUP BY``) per
chunk of employees sums their earlier payslips, none of which is loaded.

Run: ``.venv/bin/python benchmarks/payroll.py [--employees 10000] [--url sqlite:///x.db]
[--december]``.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import tempfile
import threading
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


def employees(count: int, start: int = 0) -> list[Employee]:
    """Return employees ``start`` to ``start + count - 1``, the same on every call."""
    statuses = [s.value for s in indonesia.PtkpStatus]
    people = []
    for i in range(start, start + count):
        rng = random.Random(i)
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


class Phase:
    """Time one phase: wall clock, this process's CPU time and its peak resident memory.

    The peak is sampled from ``/proc/self/statm`` every few milliseconds by a thread
    while the phase runs (the process-wide ``ru_maxrss`` only ever grows, so it cannot
    tell the phases apart); on a system without ``/proc`` it falls back to that.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.wall = self.cpu = 0.0
        self.peak_mb = 0.0
        self._stop = threading.Event()

    def _sample(self) -> None:
        while not self._stop.wait(0.005):
            self.peak_mb = max(self.peak_mb, rss_mb())

    def __enter__(self) -> Phase:
        self.peak_mb = rss_mb()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu
        self._stop.set()
        self._thread.join()
        self.peak_mb = max(self.peak_mb, rss_mb())


def rss_mb() -> float:
    """Return this process's resident memory now (its peak so far without /proc)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--url", default=None, help="backend URL (default: a temporary SQLite)")
    parser.add_argument(
        "--december",
        action="store_true",
        help="approve January to November first (setup), then time December's run, "
        "which reconciles the year from the earlier payslips",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{Path(folder) / 'payroll.db'}"
        run_once(url, args.employees, december=args.december)


def run_once(url: str, count: int, *, december: bool = False) -> None:
    """Set up ``count`` employees on ``url`` and time the run against the baseline."""
    rules = indonesia.payroll_rules()
    entity = f"PT Bench {count} {time.time_ns()}"
    load_before = os.getloadavg()
    with BackOffice.open(url, entity=entity, actor="payroll.clerk") as office:
        office.ledger.load_chart(indonesia.chart_of_accounts())
        office.payroll.define_components(components())
        with Phase("hire (setup, not in the run)") as hire:
            for i in range(0, count, 5_000):
                office.payroll.employees.hire(employees(min(5_000, count - i), start=i))
        phases = [hire]
        month = "2026-01"
        if december:
            with Phase("January-November (setup)") as earlier:
                for number in range(1, 12):
                    prior = office.payroll.calculate(f"2026-{number:02d}", rules)
                    office.as_actor("hr.manager").payroll.approve(
                        prior.id, accounts=indonesia.payroll_accounts()
                    )
            phases.append(earlier)
            month = "2026-12"
        with Phase(f"calculate {month} (+ stored)") as calc:
            run = office.payroll.calculate(month, rules)
        with Phase("approve (approved + posted)") as approve:
            office.as_actor("hr.manager").payroll.approve(
                run.id, accounts=indonesia.payroll_accounts()
            )
    # the baseline last, so that the employees it holds in memory weigh on no other phase
    people = employees(count)
    with Phase("bare rule calls (baseline)") as raw:
        base_tax = baseline(people, rules)
    load_after = os.getloadavg()
    wall, cpu = calc.wall + approve.wall, calc.cpu + approve.cpu
    print(f"backend: {url.split(':', 1)[0]}, employees: {count:,}, components each: 12")
    print(f"load average (1, 5, 15 min): before {_load(load_before)}, after {_load(load_after)}")
    print(f"{'phase':<32}{'wall':>9}{'CPU':>9}{'CPU / baseline':>16}{'peak RSS':>11}")
    for phase in (*phases, raw, calc, approve):
        print(
            f"{phase.name:<32}{phase.wall:>8.2f}s{phase.cpu:>8.2f}s"
            f"{phase.cpu / raw.cpu:>15.1f}x{phase.peak_mb:>8,.0f} MB"
        )
    print(
        f"{'run end to end (calc + approve)':<32}{wall:>8.2f}s{cpu:>8.2f}s"
        f"{cpu / raw.cpu:>15.1f}x{max(calc.peak_mb, approve.peak_mb):>8,.0f} MB"
    )
    print(
        f"per employee: {cpu / count * 1000:.3f} ms CPU, {wall / count * 1000:.3f} ms wall; "
        f"run / baseline in wall time {wall / raw.wall:.1f}x "
        "(CPU is this process only; a PostgreSQL server's CPU is not counted)"
    )
    if december:
        print(f"tax: December reconciliation {run.tax}; a January of bare TER calls {base_tax}")
    else:
        print(f"tax: run {run.tax}, baseline {base_tax} (same: {run.tax == base_tax})")


def _load(values: tuple[float, float, float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":
    main()
