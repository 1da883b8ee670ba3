"""Effective-dated statutory parameters of Indonesia, held as data.

This module owns every number the Indonesian calculations use: the TER tables of
PP 58/2023 (monthly A/B/C and daily), PTKP, the Pasal 17 layers, biaya jabatan, BPJS
rates and wage caps (the JP cap by contribution month from March), JKK risk classes,
minimum wages (UMP) by region, VAT rates and fiscal depreciation groups. Each table is an
:class:`EffectiveTable` of versions with a valid-from and an inclusive valid-to date;
:meth:`EffectiveTable.at` returns the version in force on a date and raises
:class:`~backoffice_core.errors.RuleParameterError` naming the date when no version
covers it, never a silent fallback. The facts come from the project's reference file
(``indonesia.md``), whose section is cited on each table.
"""

from __future__ import annotations

import enum
from bisect import bisect_left
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Generic, TypeVar

import attrs

from backoffice_core.errors import RuleParameterError
from backoffice_core.money import Rounding

__all__ = [
    "BPJS_RATES",
    "DEPRECIATION_GROUPS",
    "JKK_RELIEF",
    "JP_WAGE_CAPS",
    "MINIMUM_WAGES",
    "PASAL_17",
    "PTKP",
    "TAX_DEADLINES",
    "TER_DAILY",
    "TER_MONTHLY",
    "VAT_RATES",
    "WITHHOLDING",
    "AssetGroup",
    "BpjsRates",
    "DailyTer",
    "DepreciationGroup",
    "Effective",
    "EffectiveTable",
    "JkkRiskClass",
    "Pasal17",
    "Pasal17Layer",
    "PtkpStatus",
    "TaxDeadlines",
    "TerBracket",
    "TerCategory",
    "TerParameters",
    "TerTable",
    "VatRates",
    "WithholdingParameters",
]

T = TypeVar("T")
_HUNDRED = Decimal(100)
_ONE = Decimal(1)
_CACHE_LIMIT = 4096


@attrs.frozen(slots=True)
class Effective(Generic[T]):
    """One version of a parameter table and the dates it is in force.

    Attributes:
        valid_from: The first day the version applies.
        valid_to: The last day it applies (inclusive), or None while it is in force.
        value: The parameters themselves.
        source: The regulation the version comes from.
    """

    valid_from: date
    valid_to: date | None
    value: T
    source: str

    def covers(self, on: date) -> bool:
        """Return True if the version is in force on ``on``."""
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@attrs.frozen(slots=True)
class EffectiveTable(Generic[T]):
    """A named, effective-dated parameter table: versions that do not overlap.

    Attributes:
        name: What the table holds, used in error messages.
        versions: The versions, oldest first.
    """

    name: str
    versions: tuple[Effective[T], ...]
    # Payroll asks for the same few dates millions of times; the cache only ever holds
    # answers that the versions give, and is dropped when it grows past a bound.
    _cache: dict[date, T] = attrs.field(factory=dict, init=False, repr=False, eq=False)

    def version_at(self, on: date) -> Effective[T]:
        """Return the version in force on ``on``.

        Raises:
            RuleParameterError: If no version covers ``on``; the message names the date
                and the dates that are covered.
        """
        for version in self.versions:
            if version.covers(on):
                return version
        covered = ", ".join(
            f"{v.valid_from.isoformat()} to {v.valid_to.isoformat() if v.valid_to else 'today'}"
            for v in self.versions
        )
        raise RuleParameterError(
            f"no {self.name} parameters cover {on.isoformat()}: the table covers {covered}; "
            "use a date inside that range or add a version for that date"
        )

    def at(self, on: date) -> T:
        """Return the parameters in force on ``on`` (see :meth:`version_at`)."""
        try:
            return self._cache[on]
        except KeyError:
            value = self.version_at(on).value
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[on] = value
            return value


class PtkpStatus(enum.Enum):
    """The PTKP statuses an employer uses (single/married and up to three dependants)."""

    # Members are singletons compared by identity; the C-level identity hash keeps
    # dictionary lookups in the payroll hot loop fast (Enum's own hash is Python code).
    __hash__ = object.__hash__

    TK0 = "TK/0"
    TK1 = "TK/1"
    TK2 = "TK/2"
    TK3 = "TK/3"
    K0 = "K/0"
    K1 = "K/1"
    K2 = "K/2"
    K3 = "K/3"


class TerCategory(enum.Enum):
    """The TER categories of PP 58/2023 Pasal 2(4)."""

    # Members are singletons compared by identity; the C-level identity hash keeps
    # dictionary lookups in the payroll hot loop fast (Enum's own hash is Python code).
    __hash__ = object.__hash__

    A = "A"
    B = "B"
    C = "C"


class JkkRiskClass(enum.Enum):
    """The five work-accident (JKK) risk classes of PP 44/2015 Pasal 16(2)."""

    # Members are singletons compared by identity; the C-level identity hash keeps
    # dictionary lookups in the payroll hot loop fast (Enum's own hash is Python code).
    __hash__ = object.__hash__

    SANGAT_RENDAH = "sangat rendah"
    RENDAH = "rendah"
    SEDANG = "sedang"
    TINGGI = "tinggi"
    SANGAT_TINGGI = "sangat tinggi"


class AssetGroup(enum.Enum):
    """The fiscal asset groups of UU PPh Pasal 11."""

    KELOMPOK_1 = "kelompok 1"
    KELOMPOK_2 = "kelompok 2"
    KELOMPOK_3 = "kelompok 3"
    KELOMPOK_4 = "kelompok 4"
    PERMANENT_BUILDING = "bangunan permanen"
    NON_PERMANENT_BUILDING = "bangunan tidak permanen"


def _pct(text: str) -> Decimal:
    return Decimal(text) / _HUNDRED


@attrs.frozen(slots=True)
class TerBracket:
    """One TER bracket: gross above ``lower`` up to and including ``upper``.

    Attributes:
        number: The bracket's number in its table, from 1.
        lower: The exclusive lower bound (the first bracket includes 0).
        upper: The inclusive upper bound, or None for the open top bracket.
        rate: The rate as a fraction (0.0025 for 0,25%).
    """

    number: int
    lower: Decimal
    upper: Decimal | None
    rate: Decimal


@attrs.frozen(slots=True)
class TerTable:
    """A TER table of one category, searched by bisection on the upper bounds.

    Attributes:
        category: The TER category.
        brackets: The brackets, lowest first; the last one is open at the top.
    """

    category: TerCategory
    brackets: tuple[TerBracket, ...]
    _uppers: tuple[Decimal, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        uppers = tuple(b.upper for b in self.brackets if b.upper is not None)
        object.__setattr__(self, "_uppers", uppers)

    @classmethod
    def from_pairs(cls, category: TerCategory, pairs: list[tuple[int | None, str]]) -> TerTable:
        """Build a table from ``(upper bound or None, rate in percent)`` pairs."""
        brackets = []
        lower = Decimal(0)
        for number, (upper, rate) in enumerate(pairs, start=1):
            up = None if upper is None else Decimal(upper)
            brackets.append(TerBracket(number, lower, up, _pct(rate)))
            lower = up if up is not None else lower
        return cls(category, tuple(brackets))

    def bracket_for(self, gross: Decimal) -> TerBracket:
        """Return the bracket whose interval (lower, upper] holds ``gross``."""
        return self.brackets[bisect_left(self._uppers, gross)]


@attrs.frozen(slots=True)
class TerParameters:
    """The monthly TER tables and the PTKP status to category mapping.

    Attributes:
        tables: One table per category.
        categories: The category of each PTKP status.
    """

    tables: Mapping[TerCategory, TerTable]
    categories: Mapping[PtkpStatus, TerCategory]


@attrs.frozen(slots=True)
class DailyTer:
    """Daily TER of PP 58/2023 Lampiran D for non-permanent workers paid daily.

    Attributes:
        zero_up_to: Average daily gross up to this amount is not taxed.
        rate_up_to: Up to this amount the ``rate`` applies to the daily gross.
        rate: The daily TER rate as a fraction.
        above_base_fraction: Above ``rate_up_to`` Pasal 17 applies to this part of gross.
    """

    zero_up_to: Decimal
    rate_up_to: Decimal
    rate: Decimal
    above_base_fraction: Decimal


@attrs.frozen(slots=True)
class Pasal17Layer:
    """One layer of the Pasal 17(1)(a) progressive rates.

    Attributes:
        number: The layer's number, from 1.
        lower: Annual PKP above which the layer starts.
        upper: Annual PKP at which it ends (inclusive), or None at the top.
        rate: The rate as a fraction.
        tax_below: The tax on all lower layers together.
    """

    number: int
    lower: Decimal
    upper: Decimal | None
    rate: Decimal
    tax_below: Decimal


@attrs.frozen(slots=True)
class Pasal17:
    """The progressive Pasal 17(1)(a) rates with cumulative bracket boundaries.

    Attributes:
        layers: The layers, lowest first.
    """

    layers: tuple[Pasal17Layer, ...]
    _uppers: tuple[Decimal, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        uppers = tuple(layer.upper for layer in self.layers if layer.upper is not None)
        object.__setattr__(self, "_uppers", uppers)

    @classmethod
    def from_pairs(cls, pairs: list[tuple[int | None, str]]) -> Pasal17:
        """Build the layers from ``(cumulative upper bound or None, rate in percent)``."""
        layers = []
        lower = Decimal(0)
        below = Decimal(0)
        for number, (upper, rate) in enumerate(pairs, start=1):
            up = None if upper is None else Decimal(upper)
            layers.append(Pasal17Layer(number, lower, up, _pct(rate), below))
            if up is not None:
                # Whole rupiah by construction; quantize only drops the ".00".
                below = (below + (up - lower) * _pct(rate)).quantize(_ONE, Rounding.DOWN.value)
                lower = up
        return cls(tuple(layers))

    def layer_for(self, pkp: Decimal) -> Pasal17Layer:
        """Return the highest layer that ``pkp`` reaches."""
        return self.layers[bisect_left(self._uppers, pkp)]

    def tax(self, pkp: Decimal) -> Decimal:
        """Return the Pasal 17 tax on a PKP of zero or more (exact, no rounding).

        A PKP in whole thousands always gives whole rupiah; the result is then shown
        without decimals.
        """
        if pkp <= 0:
            return Decimal(0)
        layer = self.layers[bisect_left(self._uppers, pkp)]
        tax = layer.tax_below + (pkp - layer.lower) * layer.rate
        if tax == tax.to_integral_value():
            return tax.quantize(_ONE, Rounding.DOWN.value)
        return tax

    def breakdown(self, pkp: Decimal) -> tuple[tuple[Pasal17Layer, Decimal, Decimal], ...]:
        """Return ``(layer, amount of PKP in it, tax on it)`` for every layer reached."""
        parts = []
        for layer in self.layers:
            if pkp <= layer.lower:
                break
            top = pkp if layer.upper is None else min(pkp, layer.upper)
            amount = top - layer.lower
            parts.append((layer, amount, amount * layer.rate))
        return tuple(parts)


@attrs.frozen(slots=True)
class WithholdingParameters:
    """Last-period deductions and the no-NPWP surcharge (PMK 168/2023 Pasal 10).

    Attributes:
        biaya_jabatan_rate: Occupational expense rate on gross (5%).
        biaya_jabatan_monthly_cap: Cap per month worked (500.000).
        biaya_jabatan_annual_cap: Cap per year (6.000.000).
        no_npwp_surcharge: Extra withholding without NPWP or valid NIK (20%).
    """

    biaya_jabatan_rate: Decimal
    biaya_jabatan_monthly_cap: Decimal
    biaya_jabatan_annual_cap: Decimal
    no_npwp_surcharge: Decimal


@attrs.frozen(slots=True)
class BpjsRates:
    """BPJS contribution rates (fractions) and the BPJS Kesehatan wage cap.

    Attributes:
        kesehatan_employer: BPJS Kesehatan, employer part (4%).
        kesehatan_employee: BPJS Kesehatan, employee part (1%).
        kesehatan_cap: Monthly wage cap of BPJS Kesehatan.
        jht_employer: JHT, employer part (3,7%).
        jht_employee: JHT, employee part (2%).
        jp_employer: JP, employer part (2%).
        jp_employee: JP, employee part (1%).
        jkm_employer: JKM, employer only (0,30%).
        jkk: JKK rate of each risk class, employer only.
    """

    kesehatan_employer: Decimal
    kesehatan_employee: Decimal
    kesehatan_cap: Decimal
    jht_employer: Decimal
    jht_employee: Decimal
    jp_employer: Decimal
    jp_employee: Decimal
    jkm_employer: Decimal
    jkk: Mapping[JkkRiskClass, Decimal]


@attrs.frozen(slots=True)
class VatRates:
    """PPN rate and the fraction of the price that forms the tax base (DPP).

    Attributes:
        rate: The statutory rate (12%).
        standard_base_fraction: DPP nilai lain fraction for non-luxury supplies (11/12).
        luxury_base_fraction: DPP fraction for luxury goods (11/12 in January 2025, then 1).
    """

    rate: Decimal
    standard_base_fraction: tuple[int, int]
    luxury_base_fraction: tuple[int, int]


@attrs.frozen(slots=True)
class DepreciationGroup:
    """Useful life and rates of one fiscal asset group (UU PPh Pasal 11).

    Attributes:
        group: The asset group.
        useful_life_years: The useful life in years.
        straight_line_rate: The straight-line rate as a fraction.
        declining_balance_rate: The declining-balance rate, or None where not allowed.
    """

    group: AssetGroup
    useful_life_years: int
    straight_line_rate: Decimal
    declining_balance_rate: Decimal | None


@attrs.frozen(slots=True)
class TaxDeadlines:
    """Days of the following month by which monthly withholding is paid and reported.

    Attributes:
        payment_day: Day of the following month for paying PPh 21/26.
        return_day: Day of the following month for filing the SPT Masa PPh 21/26.
        individual_annual: (month, day) after year end of the individual annual return.
        company_annual: (month, day) after year end of the corporate annual return.
    """

    payment_day: int
    return_day: int
    individual_annual: tuple[int, int]
    company_annual: tuple[int, int]


# Reference 1.1 (PP 58/2023 Lampiran A, B, C), in force from 1 January 2024.
_TER_A: list[tuple[int | None, str]] = [
    (5400000, "0"), (5650000, "0.25"), (5950000, "0.5"), (6300000, "0.75"), (6750000, "1"),
    (7500000, "1.25"), (8550000, "1.5"), (9650000, "1.75"), (10050000, "2"), (10350000, "2.25"),
    (10700000, "2.5"), (11050000, "3"), (11600000, "3.5"), (12500000, "4"), (13750000, "5"),
    (15100000, "6"), (16950000, "7"), (19750000, "8"), (24150000, "9"), (26450000, "10"),
    (28000000, "11"), (30050000, "12"), (32400000, "13"), (35400000, "14"), (39100000, "15"),
    (43850000, "16"), (47800000, "17"), (51400000, "18"), (56300000, "19"), (62200000, "20"),
    (68600000, "21"), (77500000, "22"), (89000000, "23"), (103000000, "24"), (125000000, "25"),
    (157000000, "26"), (206000000, "27"), (337000000, "28"), (454000000, "29"), (550000000, "30"),
    (695000000, "31"), (910000000, "32"), (1400000000, "33"), (None, "34"),
]  # fmt: skip
_TER_B: list[tuple[int | None, str]] = [
    (6200000, "0"), (6500000, "0.25"), (6850000, "0.5"), (7300000, "0.75"), (9200000, "1"),
    (10750000, "1.5"), (11250000, "2"), (11600000, "2.5"), (12600000, "3"), (13600000, "4"),
    (14950000, "5"), (16400000, "6"), (18450000, "7"), (21850000, "8"), (26000000, "9"),
    (27700000, "10"), (29350000, "11"), (31450000, "12"), (33950000, "13"), (37100000, "14"),
    (41100000, "15"), (45800000, "16"), (49500000, "17"), (53800000, "18"), (58500000, "19"),
    (64000000, "20"), (71000000, "21"), (80000000, "22"), (93000000, "23"), (109000000, "24"),
    (129000000, "25"), (163000000, "26"), (211000000, "27"), (374000000, "28"), (459000000, "29"),
    (555000000, "30"), (704000000, "31"), (957000000, "32"), (1405000000, "33"), (None, "34"),
]  # fmt: skip
_TER_C: list[tuple[int | None, str]] = [
    (6600000, "0"), (6950000, "0.25"), (7350000, "0.5"), (7800000, "0.75"), (8850000, "1"),
    (9800000, "1.25"), (10950000, "1.5"), (11200000, "1.75"), (12050000, "2"), (12950000, "3"),
    (14150000, "4"), (15550000, "5"), (17050000, "6"), (19500000, "7"), (22700000, "8"),
    (26600000, "9"), (28100000, "10"), (30100000, "11"), (32600000, "12"), (35400000, "13"),
    (38900000, "14"), (43000000, "15"), (47400000, "16"), (51200000, "17"), (55800000, "18"),
    (60400000, "19"), (66700000, "20"), (74500000, "21"), (83200000, "22"), (95600000, "23"),
    (110000000, "24"), (134000000, "25"), (169000000, "26"), (221000000, "27"), (390000000, "28"),
    (463000000, "29"), (561000000, "30"), (709000000, "31"), (965000000, "32"), (1419000000, "33"),
    (None, "34"),
]  # fmt: skip

TER_MONTHLY: EffectiveTable[TerParameters] = EffectiveTable(
    "monthly TER",
    (
        Effective(
            date(2024, 1, 1),
            None,
            TerParameters(
                tables={
                    TerCategory.A: TerTable.from_pairs(TerCategory.A, _TER_A),
                    TerCategory.B: TerTable.from_pairs(TerCategory.B, _TER_B),
                    TerCategory.C: TerTable.from_pairs(TerCategory.C, _TER_C),
                },
                categories={
                    PtkpStatus.TK0: TerCategory.A,
                    PtkpStatus.TK1: TerCategory.A,
                    PtkpStatus.K0: TerCategory.A,
                    PtkpStatus.TK2: TerCategory.B,
                    PtkpStatus.TK3: TerCategory.B,
                    PtkpStatus.K1: TerCategory.B,
                    PtkpStatus.K2: TerCategory.B,
                    PtkpStatus.K3: TerCategory.C,
                },
            ),
            "PP 58/2023 Pasal 2, Lampiran A-C",
        ),
    ),
)
"""Monthly TER tables A, B and C (reference 1.1)."""

TER_DAILY: EffectiveTable[DailyTer] = EffectiveTable(
    "daily TER",
    (
        Effective(
            date(2024, 1, 1),
            None,
            DailyTer(Decimal(450000), Decimal(2500000), _pct("0.5"), _pct("50")),
            "PP 58/2023 Lampiran D; PMK 168/2023 Pasal 12(2), 16(2)",
        ),
    ),
)
"""Daily TER for non-permanent workers (reference 1.2)."""

PTKP: EffectiveTable[Mapping[PtkpStatus, Decimal]] = EffectiveTable(
    "PTKP",
    (
        Effective(
            date(2016, 1, 1),
            None,
            {
                PtkpStatus.TK0: Decimal(54000000),
                PtkpStatus.TK1: Decimal(58500000),
                PtkpStatus.TK2: Decimal(63000000),
                PtkpStatus.TK3: Decimal(67500000),
                PtkpStatus.K0: Decimal(58500000),
                PtkpStatus.K1: Decimal(63000000),
                PtkpStatus.K2: Decimal(67500000),
                PtkpStatus.K3: Decimal(72000000),
            },
            "PMK 101/PMK.010/2016",
        ),
    ),
)
"""Annual PTKP by status (reference 1.3)."""

PASAL_17: EffectiveTable[Pasal17] = EffectiveTable(
    "Pasal 17",
    (
        Effective(
            date(2022, 1, 1),
            None,
            Pasal17.from_pairs(
                [
                    (60000000, "5"),
                    (250000000, "15"),
                    (500000000, "25"),
                    (5000000000, "30"),
                    (None, "35"),
                ]
            ),
            "UU PPh Pasal 17(1)(a) as amended by UU 7/2021 (HPP)",
        ),
    ),
)
"""Pasal 17(1)(a) rates on annual PKP (reference 1.4)."""

WITHHOLDING: EffectiveTable[WithholdingParameters] = EffectiveTable(
    "PPh 21 withholding",
    (
        Effective(
            date(2024, 1, 1),
            None,
            WithholdingParameters(_pct("5"), Decimal(500000), Decimal(6000000), _pct("20")),
            "PMK 168/2023 Pasal 10; UU PPh Pasal 21(5a)",
        ),
    ),
)
"""Biaya jabatan and the no-NPWP surcharge (reference 1.5 and 2.1)."""

_JKK = {
    JkkRiskClass.SANGAT_RENDAH: _pct("0.24"),
    JkkRiskClass.RENDAH: _pct("0.54"),
    JkkRiskClass.SEDANG: _pct("0.89"),
    JkkRiskClass.TINGGI: _pct("1.27"),
    JkkRiskClass.SANGAT_TINGGI: _pct("1.74"),
}

BPJS_RATES: EffectiveTable[BpjsRates] = EffectiveTable(
    "BPJS rates",
    (
        Effective(
            date(2020, 1, 1),
            None,
            BpjsRates(
                kesehatan_employer=_pct("4"),
                kesehatan_employee=_pct("1"),
                kesehatan_cap=Decimal(12000000),
                jht_employer=_pct("3.7"),
                jht_employee=_pct("2"),
                jp_employer=_pct("2"),
                jp_employee=_pct("1"),
                jkm_employer=_pct("0.30"),
                jkk=_JKK,
            ),
            "PP 44/2015, 45/2015, 46/2015; Perpres 75/2019, 59/2024",
        ),
    ),
)
"""BPJS rates and the BPJS Kesehatan cap (reference 1.6)."""

JP_WAGE_CAPS: EffectiveTable[Decimal] = EffectiveTable(
    "JP wage cap",
    (
        Effective(date(2023, 3, 1), date(2024, 2, 29), Decimal(9559600), "BPJS TK B/77/022023"),
        Effective(date(2024, 3, 1), date(2025, 2, 28), Decimal(10042300), "BPJS TK B/1387/022024"),
        Effective(date(2025, 3, 1), date(2026, 2, 28), Decimal(10547400), "BPJS TK B/726/022025"),
        Effective(date(2026, 3, 1), None, Decimal(11086300), "BPJS TK B/1226/022026"),
    ),
)
"""JP monthly wage cap by contribution month, changing each March (reference 1.6)."""

JKK_RELIEF: EffectiveTable[Decimal] = EffectiveTable(
    "JKK relief",
    (
        Effective(
            date(2025, 2, 1), date(2026, 1, 31), _pct("50"), "PP 7/2025, extended by PP 36/2025"
        ),
    ),
)
"""Discount on JKK for eligible labour-intensive industries (reference 1.6)."""

MINIMUM_WAGES: Mapping[str, EffectiveTable[Decimal]] = {
    "DKI Jakarta": EffectiveTable(
        "UMP DKI Jakarta",
        (
            Effective(date(2024, 1, 1), date(2024, 12, 31), Decimal(5067381), "UMP DKI 2024"),
            Effective(date(2025, 1, 1), date(2025, 12, 31), Decimal(5396761), "Permenaker 16/2024"),
            Effective(date(2026, 1, 1), date(2026, 12, 31), Decimal(5729876), "PP 49/2025"),
        ),
    ),
}
"""Provincial minimum wage (UMP) by region; add a region as a new key (reference 1.12)."""

VAT_RATES: EffectiveTable[VatRates] = EffectiveTable(
    "PPN",
    (
        Effective(
            date(2025, 1, 1),
            date(2025, 1, 31),
            VatRates(_pct("12"), (11, 12), (11, 12)),
            "PMK 131/2024 (transition for luxury goods)",
        ),
        Effective(date(2025, 2, 1), None, VatRates(_pct("12"), (11, 12), (1, 1)), "PMK 131/2024"),
    ),
)
"""PPN rate and tax bases (reference 1.9)."""


def _group(group: AssetGroup, years: int, sl: str, db: str | None) -> DepreciationGroup:
    return DepreciationGroup(group, years, _pct(sl), None if db is None else _pct(db))


DEPRECIATION_GROUPS: EffectiveTable[Mapping[AssetGroup, DepreciationGroup]] = EffectiveTable(
    "fiscal depreciation",
    (
        Effective(
            date(2009, 1, 1),
            None,
            {
                g.group: g
                for g in (
                    _group(AssetGroup.KELOMPOK_1, 4, "25", "50"),
                    _group(AssetGroup.KELOMPOK_2, 8, "12.5", "25"),
                    _group(AssetGroup.KELOMPOK_3, 16, "6.25", "12.5"),
                    _group(AssetGroup.KELOMPOK_4, 20, "5", "10"),
                    _group(AssetGroup.PERMANENT_BUILDING, 20, "5", None),
                    _group(AssetGroup.NON_PERMANENT_BUILDING, 10, "10", None),
                )
            },
            "UU PPh Pasal 11 as amended by UU 36/2008 and UU 7/2021; PMK 72/2023",
        ),
    ),
)
"""Fiscal depreciation groups, lives and rates (reference 1.8)."""

TAX_DEADLINES: EffectiveTable[TaxDeadlines] = EffectiveTable(
    "tax deadlines",
    (
        Effective(
            date(2024, 1, 1), date(2024, 12, 31), TaxDeadlines(10, 20, (3, 31), (4, 30)),
            "PMK 242/2014; UU KUP Pasal 3(3)",
        ),
        Effective(
            date(2025, 1, 1), None, TaxDeadlines(15, 20, (3, 31), (4, 30)),
            "PMK 81/2024 Pasal 94(2), 100; UU KUP Pasal 3(3)",
        ),
    ),
)  # fmt: skip
"""Payment and filing days, looked up by the date the obligation falls due (reference 1.10)."""
