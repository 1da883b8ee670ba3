"""Benchmark: a full tax year of PPh 21 with BPJS for many employees.

For each employee (varied PTKP status, pay and JKK class) the library computes, for every
month of 2025, the BPJS contributions and the PPh 21: the TER withholding in January to
November and the last-period reconciliation in December. That is 12 "monthly
calculations" per employee. A bare loop then does the same arithmetic with plain Decimal
(bisect on the same bracket bounds, no result objects, no checks) as a baseline. The
script prints both rates and their ratio; it asserts nothing about time.

Run: ``.venv/bin/python benchmarks/indonesia.py [--employees 100000]``.
"""

from __future__ import annotations

import argparse
import random
import time
from bisect import bisect_left
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from backoffice_core.jurisdictions.indonesia import (
    JkkRiskClass,
    PtkpStatus,
    bpjs_contributions,
    last_period_withholding,
    monthly_withholding,
)
from backoffice_core.jurisdictions.indonesia.parameters import (
    BPJS_RATES,
    JP_WAGE_CAPS,
    PASAL_17,
    PTKP,
    TER_MONTHLY,
)
from backoffice_core.money import Money

YEAR = 2025
DATES = [date(YEAR, m, 1) for m in range(1, 13)]


def make_employees(count: int, seed: int = 2025) -> list[tuple[PtkpStatus, Money, JkkRiskClass]]:
    rng = random.Random(seed)
    statuses = list(PtkpStatus)
    classes = list(JkkRiskClass)
    return [
        (
            rng.choice(statuses),
            Money(rng.randrange(4_000_000, 80_000_000, 1_000), "IDR"),
            rng.choice(classes),
        )
        for _ in range(count)
    ]


def library_year(employees: list[tuple[PtkpStatus, Money, JkkRiskClass]]) -> Decimal:
    total = Decimal(0)
    for status, salary, risk in employees:
        grosses = []
        withheld = Decimal(0)
        pension = Decimal(0)
        for on in DATES[:11]:
            bpjs = bpjs_contributions(salary, on, risk_class=risk)
            gross = bpjs.taxable_gross(salary)
            grosses.append(gross)
            withheld += monthly_withholding(gross, status, on).tax_amount
            pension += bpjs.deductible_amount
        december = DATES[11]
        bpjs = bpjs_contributions(salary, december, risk_class=risk)
        grosses.append(bpjs.taxable_gross(salary))
        last = last_period_withholding(
            status,
            december,
            grosses,
            withheld=Money(withheld, "IDR"),
            pension_contributions=Money(pension + bpjs.deductible_amount, "IDR"),
        )
        total += withheld + last.tax_amount
    return total


def bare_year(employees: list[tuple[PtkpStatus, Money, JkkRiskClass]]) -> Decimal:
    ter = TER_MONTHLY.at(DATES[0])
    uppers = {
        c: [b.upper for b in t.brackets if b.upper is not None] for c, t in ter.tables.items()
    }
    rates = {c: [b.rate for b in t.brackets] for c, t in ter.tables.items()}
    p17 = PASAL_17.at(DATES[11])
    ptkp = PTKP.at(DATES[11])
    one, thousand = Decimal(1), Decimal(1000)
    total = Decimal(0)
    for status, salary, risk in employees:
        wage = salary.amount
        category = ter.categories[status]
        up, rt = uppers[category], rates[category]
        gross_sum = withheld = pension = Decimal(0)
        for month, on in enumerate(DATES):
            r = BPJS_RATES.at(on)
            cap = JP_WAGE_CAPS.at(on)
            k_base = min(wage, r.kesehatan_cap)
            jp_base = min(wage, cap)
            premiums = (
                (k_base * r.kesehatan_employer).quantize(one, ROUND_HALF_UP)
                + (wage * r.jkk[risk]).quantize(one, ROUND_HALF_UP)
                + (wage * r.jkm_employer).quantize(one, ROUND_HALF_UP)
            )
            pension += (wage * r.jht_employee).quantize(one, ROUND_HALF_UP) + (
                jp_base * r.jp_employee
            ).quantize(one, ROUND_HALF_UP)
            (k_base * r.kesehatan_employee).quantize(one, ROUND_HALF_UP)
            (wage * r.jht_employer).quantize(one, ROUND_HALF_UP)
            (jp_base * r.jp_employer).quantize(one, ROUND_HALF_UP)
            gross = wage + premiums
            gross_sum += gross
            if month < 11:
                withheld += (gross * rt[bisect_left(up, gross)]).quantize(one, ROUND_DOWN)
        biaya = min(gross_sum * Decimal("0.05"), Decimal(6000000))
        neto = gross_sum - biaya - pension
        pkp = max(neto - ptkp[status], Decimal(0)) // thousand * thousand
        total += p17.tax(pkp)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=100_000)
    args = parser.parse_args()
    employees = make_employees(args.employees)
    calculations = args.employees * 12

    start = time.perf_counter()
    library_total = library_year(employees)
    library_seconds = time.perf_counter() - start

    start = time.perf_counter()
    bare_total = bare_year(employees)
    bare_seconds = time.perf_counter() - start

    if library_total != bare_total:
        raise SystemExit(f"totals differ: library {library_total} vs bare loop {bare_total}")
    library_rate = calculations / library_seconds
    bare_rate = calculations / bare_seconds
    print(f"employees:                {args.employees:>12,}")
    print(f"monthly calculations:     {calculations:>12,}  (11 TER months + December, with BPJS)")
    print(f"PPh 21 for the year:      {library_total:>12,.0f} IDR (library = bare loop)")
    print(
        f"library:                  {library_rate:>12,.0f} calculations/s"
        f"  ({library_seconds:.2f} s)"
    )
    print(f"bare Decimal loop:        {bare_rate:>12,.0f} calculations/s  ({bare_seconds:.2f} s)")
    print(f"library / bare loop:      {library_rate / bare_rate:>12.2f}")


if __name__ == "__main__":
    main()
