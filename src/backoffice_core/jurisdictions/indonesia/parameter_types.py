"""The value types of the Indonesian parameter tables: effective dating and each table's row.

:class:`EffectiveTable` holds versions of a parameter with a valid-from and an inclusive
valid-to date and answers which version is in force on a date (or raises
:class:`~backoffice_core.errors.RuleParameterError` naming the date). The enums name
PTKP statuses, TER categories, JKK risk classes and depreciation groups; the attrs
classes hold one version of each table (TER brackets, Pasal 17 layers, BPJS rates, …).
The numbers themselves live in :mod:`~backoffice_core.jurisdictions.indonesia.parameters`.
"""

from __future__ import annotations

import enum
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from decimal import Decimal
from typing import Final, Generic, TypeVar

import attrs

from backoffice_core.errors import RuleParameterError
from backoffice_core.money import Rounding

__all__ = [
    "REVIEWED_THROUGH",
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
    "percent",
]

T = TypeVar("T")
_HUNDRED = Decimal(100)
_ONE = Decimal(1)
_CACHE_LIMIT = 4096

REVIEWED_THROUGH: Final = date(2027, 12, 31)
"""The last date the tables were checked against the regulations.

A version still in force (no valid-to date) is known to apply up to here; a later date
raises :class:`~backoffice_core.errors.RuleParameterError` unless the caller opts in
with :func:`carry_forward_tables`.
"""

_CARRY_FORWARD: ContextVar[bool] = ContextVar("carry_forward_tables", default=False)


@contextmanager
def carry_forward_tables() -> Iterator[None]:
    """Let dates past :data:`REVIEWED_THROUGH` use the last version of each table.

    Inside the ``with`` block (and only in the current thread or task), a table whose
    latest version is still in force answers for any later date, as if the rates had
    not changed. Use it for projections, knowing the figures may be out of date.

    Example:
        >>> from datetime import date
        >>> from backoffice_core.jurisdictions.indonesia.parameters import PTKP
        >>> with carry_forward_tables():
        ...     PTKP.at(date(2031, 1, 1))[PtkpStatus.TK0]
        Decimal('54000000')
    """
    token = _CARRY_FORWARD.set(True)
    try:
        yield
    finally:
        _CARRY_FORWARD.reset(token)


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
        reviewed_through: The last date a version still in force is known to apply
            (see :data:`REVIEWED_THROUGH`), or None for a table fixed by statute.
    """

    name: str
    versions: tuple[Effective[T], ...]
    reviewed_through: date | None = REVIEWED_THROUGH
    # Payroll asks for the same few dates millions of times; the cache only ever holds
    # answers that the versions give, and is dropped when it grows past a bound.
    _cache: dict[date, T] = attrs.field(factory=dict, init=False, repr=False, eq=False)

    def version_at(self, on: date) -> Effective[T]:
        """Return the version in force on ``on``.

        Raises:
            RuleParameterError: If no version covers ``on``, or if ``on`` is past
                ``reviewed_through`` outside :func:`carry_forward_tables`; the message
                names the date and the dates that are covered.
        """
        for version in self.versions:
            if version.covers(on):
                horizon = self.reviewed_through
                if horizon is not None and on > horizon and not _CARRY_FORWARD.get():
                    raise RuleParameterError(
                        f"{self.name} parameters for {on.isoformat()} are not known: the "
                        f"tables were reviewed through {horizon.isoformat()}; use an "
                        "earlier date, add a version, or wrap the call in "
                        "carry_forward_tables() to use the last version"
                    )
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
            if self.reviewed_through is not None and on > self.reviewed_through:
                return value  # carried forward: not cached, the opt-in is per call
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


def percent(text: str) -> Decimal:
    """Return a percentage written as text (``"0.25"`` for 0,25%) as a fraction."""
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
            brackets.append(TerBracket(number, lower, up, percent(rate)))
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
            layers.append(Pasal17Layer(number, lower, up, percent(rate), below))
            if up is not None:
                # Whole rupiah by construction; quantize only drops the ".00".
                below = (below + (up - lower) * percent(rate)).quantize(_ONE, Rounding.DOWN.value)
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
