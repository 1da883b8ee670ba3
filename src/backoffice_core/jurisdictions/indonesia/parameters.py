"""Effective-dated statutory parameters of Indonesia, held as data.

This module owns every number the Indonesian calculations use: the TER tables of
PP 58/2023 (monthly A/B/C and daily), PTKP, the Pasal 17 layers, biaya jabatan, BPJS
rates and wage caps (the JP cap by contribution month from March), JKK risk classes,
minimum wages (UMP) by region, VAT rates and fiscal depreciation groups. Each table is an
:class:`EffectiveTable` (see :mod:`.parameter_types`) of versions with a valid-from
and an inclusive valid-to date;
:meth:`EffectiveTable.at` returns the version in force on a date and raises
:class:`~backoffice_core.errors.RuleParameterError` naming the date when no version
covers it, never a silent fallback. The facts come from the project's reference file
(``indonesia.md``), whose section is cited on each table.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from backoffice_core.jurisdictions.indonesia.parameter_types import (
    REVIEWED_THROUGH,
    AssetGroup,
    BpjsRates,
    DailyTer,
    DepreciationGroup,
    Effective,
    EffectiveTable,
    JkkRiskClass,
    Pasal17,
    Pasal17Layer,
    PtkpStatus,
    TaxDeadlines,
    TerBracket,
    TerCategory,
    TerParameters,
    TerTable,
    VatRates,
    WithholdingParameters,
    carry_forward_tables,
    percent,
)

__all__ = [
    "BPJS_RATES",
    "DEPRECIATION_GROUPS",
    "JKK_RELIEF",
    "JP_WAGE_CAPS",
    "MINIMUM_WAGES",
    "PASAL_17",
    "PTKP",
    "REVIEWED_THROUGH",
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
    "carry_forward_tables",
]


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
            DailyTer(Decimal(450000), Decimal(2500000), percent("0.5"), percent("50")),
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
            WithholdingParameters(percent("5"), Decimal(500000), Decimal(6000000), percent("20")),
            "PMK 168/2023 Pasal 10; UU PPh Pasal 21(5a)",
        ),
    ),
)
"""Biaya jabatan and the no-NPWP surcharge (reference 1.5 and 2.1)."""

_JKK = {
    JkkRiskClass.SANGAT_RENDAH: percent("0.24"),
    JkkRiskClass.RENDAH: percent("0.54"),
    JkkRiskClass.SEDANG: percent("0.89"),
    JkkRiskClass.TINGGI: percent("1.27"),
    JkkRiskClass.SANGAT_TINGGI: percent("1.74"),
}

BPJS_RATES: EffectiveTable[BpjsRates] = EffectiveTable(
    "BPJS rates",
    (
        Effective(
            date(2020, 1, 1),
            None,
            BpjsRates(
                kesehatan_employer=percent("4"),
                kesehatan_employee=percent("1"),
                kesehatan_cap=Decimal(12000000),
                jht_employer=percent("3.7"),
                jht_employee=percent("2"),
                jp_employer=percent("2"),
                jp_employee=percent("1"),
                jkm_employer=percent("0.30"),
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
            date(2025, 2, 1), date(2026, 1, 31), percent("50"), "PP 7/2025, extended by PP 36/2025"
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
            VatRates(percent("12"), (11, 12), (11, 12)),
            "PMK 131/2024 (transition for luxury goods)",
        ),
        Effective(
            date(2025, 2, 1), None, VatRates(percent("12"), (11, 12), (1, 1)), "PMK 131/2024"
        ),
    ),
)
"""PPN rate and tax bases (reference 1.9)."""


def _group(group: AssetGroup, years: int, sl: str, db: str | None) -> DepreciationGroup:
    return DepreciationGroup(group, years, percent(sl), None if db is None else percent(db))


# The groups are written in the statute itself (no yearly rate to review): no horizon.
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
    reviewed_through=None,
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
