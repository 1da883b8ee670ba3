"""Markdown tables generated from the parameter data, for the "Indonesian rules" page.

The documentation never copies a rate by hand: a mkdocs hook replaces a marker in
``docs/guides/indonesia.md`` with :func:`parameter_tables_markdown`, so the published
tables are always the ones the calculations use, version by version.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TypeVar

from backoffice_core.jurisdictions.indonesia.overtime import HOURLY_DIVISOR, OVERTIME_SCHEDULES
from backoffice_core.jurisdictions.indonesia.parameters import (
    BPJS_RATES,
    DEPRECIATION_GROUPS,
    JKK_RELIEF,
    JP_WAGE_CAPS,
    MINIMUM_WAGES,
    PASAL_17,
    PTKP,
    TAX_DEADLINES,
    TER_DAILY,
    TER_MONTHLY,
    VAT_RATES,
    WITHHOLDING,
    Effective,
    EffectiveTable,
)

__all__ = ["parameter_tables_markdown"]

T = TypeVar("T")


def _money(value: Decimal | None) -> str:
    return "no limit" if value is None else f"{value:,.0f}"


def _rate(value: Decimal) -> str:
    return f"{(value * 100).normalize():f}%"


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def _dates(version: Effective[T]) -> tuple[str, str]:
    """Return a version's first day and last day (empty while it is open-ended)."""
    last = version.valid_to.isoformat() if version.valid_to else ""
    return version.valid_from.isoformat(), last


def _validity(version: Effective[T]) -> str:
    until = f"to {version.valid_to.isoformat()}" if version.valid_to else "until further notice"
    return f"*In force from {version.valid_from.isoformat()} {until}; source: {version.source}.*"


def _versions(title: str, table: EffectiveTable[T]) -> Iterable[tuple[str, Effective[T]]]:
    for version in table.versions:
        yield f"### {title}", version


def _ter() -> list[str]:
    out: list[str] = []
    for heading, version in _versions("Monthly TER (PP 58/2023)", TER_MONTHLY):
        out += [heading, "", _validity(version), ""]
        mapping = version.value.categories
        out += _table(
            ["PTKP status", "TER category"], ((s.value, c.value) for s, c in mapping.items())
        )
        for category, ter in version.value.tables.items():
            out += [f"#### Category {category.value} ({len(ter.brackets)} brackets)", ""]
            out += _table(
                ["#", "Monthly gross above", "up to and including", "Rate"],
                ((b.number, _money(b.lower), _money(b.upper), _rate(b.rate)) for b in ter.brackets),
            )
    for heading, daily in _versions("Daily TER (non-permanent workers)", TER_DAILY):
        d = daily.value
        out += [heading, "", _validity(daily), ""]
        out += _table(
            ["Average daily gross", "Withholding"],
            [
                (f"up to {_money(d.zero_up_to)}", "0%"),
                (f"above {_money(d.zero_up_to)} up to {_money(d.rate_up_to)}", _rate(d.rate)),
                (
                    f"above {_money(d.rate_up_to)}",
                    f"Pasal 17 on {_rate(d.above_base_fraction)} of gross",
                ),
            ],
        )
    return out


def _annual() -> list[str]:
    out: list[str] = []
    for heading, version in _versions("PTKP (annual)", PTKP):
        out += [heading, "", _validity(version), ""]
        out += _table(
            ["Status", "Annual PTKP"], ((s.value, _money(a)) for s, a in version.value.items())
        )
    for heading, p17 in _versions(
        "Pasal 17 rates (annual PKP, rounded down to thousands)", PASAL_17
    ):
        out += [heading, "", _validity(p17), ""]
        out += _table(
            ["Layer", "PKP above", "up to", "Rate", "Tax on lower layers"],
            (
                (
                    layer.number,
                    _money(layer.lower),
                    _money(layer.upper),
                    _rate(layer.rate),
                    _money(layer.tax_below),
                )
                for layer in p17.value.layers
            ),
        )
    for heading, w in _versions("Last-period deductions and surcharge", WITHHOLDING):
        v = w.value
        out += [heading, "", _validity(w), ""]
        out += _table(
            ["Item", "Value"],
            [
                ("Biaya jabatan rate", _rate(v.biaya_jabatan_rate)),
                ("Biaya jabatan cap per month", _money(v.biaya_jabatan_monthly_cap)),
                ("Biaya jabatan cap per year", _money(v.biaya_jabatan_annual_cap)),
                ("Surcharge without NPWP or valid NIK", _rate(v.no_npwp_surcharge)),
            ],
        )
    return out


def _bpjs() -> list[str]:
    out: list[str] = []
    for heading, version in _versions("BPJS rates", BPJS_RATES):
        r = version.value
        out += [heading, "", _validity(version), ""]
        out += _table(
            ["Programme", "Employer", "Employee", "Wage cap"],
            [
                (
                    "BPJS Kesehatan",
                    _rate(r.kesehatan_employer),
                    _rate(r.kesehatan_employee),
                    _money(r.kesehatan_cap),
                ),
                ("JHT", _rate(r.jht_employer), _rate(r.jht_employee), "none"),
                ("JP", _rate(r.jp_employer), _rate(r.jp_employee), "see JP wage cap"),
                ("JKM", _rate(r.jkm_employer), "0%", "none"),
            ],
        )
        out += _table(
            ["JKK risk class", "Employer rate"], ((k.value, _rate(v)) for k, v in r.jkk.items())
        )
    out += ["### JP wage cap (by contribution month)", ""]
    out += _table(
        ["From", "To", "Cap", "Source"],
        (
            (
                *_dates(v),
                _money(v.value),
                v.source,
            )
            for v in JP_WAGE_CAPS.versions
        ),
    )
    out += ["### JKK relief for eligible labour-intensive industries", ""]
    out += _table(
        ["From", "To", "Discount on JKK", "Source"],
        (
            (
                *_dates(v),
                _rate(v.value),
                v.source,
            )
            for v in JKK_RELIEF.versions
        ),
    )
    out += ["### Minimum wage (UMP)", ""]
    out += _table(
        ["Region", "From", "To", "UMP", "Source"],
        (
            (
                region,
                *_dates(v),
                _money(v.value),
                v.source,
            )
            for region, table in sorted(MINIMUM_WAGES.items())
            for v in table.versions
        ),
    )
    return out


def _other() -> list[str]:
    out = ["### PPN (VAT)", ""]
    out += _table(
        ["From", "To", "Rate", "Base, other supplies", "Base, luxury goods", "Source"],
        (
            (
                *_dates(v),
                _rate(v.value.rate),
                "{}/{} of price".format(*v.value.standard_base_fraction),
                "{}/{} of price".format(*v.value.luxury_base_fraction),
                v.source,
            )
            for v in VAT_RATES.versions
        ),
    )
    for heading, version in _versions("Fiscal depreciation groups", DEPRECIATION_GROUPS):
        out += [heading, "", _validity(version), ""]
        out += _table(
            ["Group", "Useful life (years)", "Straight line", "Declining balance"],
            (
                (
                    g.group.value,
                    g.useful_life_years,
                    _rate(g.straight_line_rate),
                    "not allowed"
                    if g.declining_balance_rate is None
                    else _rate(g.declining_balance_rate),
                )
                for g in version.value.values()
            ),
        )
    out += [f"### Overtime (PP 35/2021; hourly wage = monthly wage / {HOURLY_DIVISOR})", ""]
    out += _table(
        ["Work week", "Day", "Hours x multiplier"],
        (
            (
                f"{week.value}-day",
                day.value,
                ", ".join(f"{'rest' if h is None else h} h x {m}" for h, m in schedule),
            )
            for (week, day), schedule in OVERTIME_SCHEDULES.items()
        ),
    )
    out += ["### Deadlines (moved to the next working day)", ""]
    out += _table(
        [
            "Due from",
            "Due to",
            "Pay PPh 21/26",
            "File SPT Masa",
            "Annual, individual",
            "Annual, company",
        ],
        (
            (
                *_dates(v),
                f"day {v.value.payment_day} of next month",
                f"day {v.value.return_day} of next month",
                "{1}/{0}".format(*v.value.individual_annual),
                "{1}/{0}".format(*v.value.company_annual),
            )
            for v in TAX_DEADLINES.versions
        ),
    )
    return out


def parameter_tables_markdown() -> str:
    """Return every Indonesian parameter table as Markdown, version by version."""
    lines = [
        "## Parameter tables",
        "",
        "*Generated from `backoffice_core.jurisdictions.indonesia.parameters`.*",
        "",
    ]
    lines += _ter() + _annual() + _bpjs() + _other()
    return "\n".join(lines).rstrip() + "\n"
