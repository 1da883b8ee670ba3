"""A year of PPh 21 for three employees, with the explanation of December.

Tuan R (K/0, category A, reference 3.1), Tuan B (K/1, category B, bonuses and a raise,
reference 3.7) and Ibu C (K/3, category C, with BPJS premiums in her gross). Run with
``.venv/bin/python examples/indonesia.py``.
"""

from __future__ import annotations

from datetime import date

from backoffice_core import Money
from backoffice_core.jurisdictions import indonesia


def rp(amount: int) -> Money:
    return Money(amount, "IDR")


def tuan_r() -> list[indonesia.PayPeriod]:
    return [indonesia.PayPeriod(m, rp(10_000_000), rp(100_000)) for m in range(1, 13)]


def tuan_b() -> list[indonesia.PayPeriod]:
    pay = dict.fromkeys(range(1, 10), 10000000) | dict.fromkeys((10, 11, 12), 12000000)
    pay[1] += 5_000_000
    pay[3] += 5_000_000
    return [indonesia.PayPeriod(m, rp(amount)) for m, amount in pay.items()]


def ibu_c() -> list[indonesia.PayPeriod]:
    salary = rp(32_000_000)
    periods = []
    for month in range(1, 13):
        bpjs = indonesia.bpjs_contributions(salary, date(2025, month, 1), risk_class="rendah")
        cash = salary + (salary if month == 3 else rp(0))  # THR paid in March, before Lebaran
        periods.append(indonesia.PayPeriod(month, bpjs.taxable_gross(cash), bpjs.deductible))
    return periods


def show(name: str, status: str, tax_year: int, periods: list[indonesia.PayPeriod]) -> None:
    year = indonesia.withhold_year(status, tax_year, periods)
    print(f"== {name}, {status}, {tax_year} ==")
    for month, tax in year.by_month().items():
        gross = next(p.gross for p in periods if p.month == month)
        print(f"  {month:>2}  gross {gross.amount:>14,.0f}  PPh 21 {tax.amount:>12,.0f}")
    print(f"  total PPh 21 {year.total.amount:,.0f}")
    print()
    print(year.last_period.explain().render("id"))
    print()


def main() -> None:
    show("Tuan R", "K/0", 2024, tuan_r())
    show("Tuan B", "K/1", 2025, tuan_b())
    show("Ibu C", "K/3", 2025, ibu_c())


if __name__ == "__main__":
    main()
