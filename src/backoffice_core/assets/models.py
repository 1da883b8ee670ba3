"""The fixed-asset register's data: assets, depreciation policies, account mappings, postings.

Everything here is a frozen pydantic model: what is stored through the record store or
crosses the public API. An :class:`Asset` holds its current state (where it is, who keeps
it, its cost and the adjustments made to it since); what has been depreciated lives in
append-only :class:`DepreciationPosting` records, one per asset and month, so a later
change to the asset can never alter a period already posted.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from backoffice_core.assets.errors import PolicyError
from backoffice_core.money import Money

__all__ = [
    "AccountMapping",
    "Asset",
    "AssetStatus",
    "Category",
    "DepreciationPolicy",
    "DepreciationPosting",
    "DepreciationRun",
    "Disposal",
    "DisposalKind",
    "DisposalStatus",
    "Method",
    "Proration",
    "Usage",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]


class AssetStatus(enum.StrEnum):
    """Where an asset is in its life."""

    PLANNED = "planned"
    """Ordered or under construction: registered, not yet depreciated."""
    IN_SERVICE = "in_service"
    IDLE = "idle"
    """Not used for now; still depreciated (the asset still wears out and ages)."""
    UNDER_REPAIR = "under_repair"
    """Being repaired; still depreciated."""
    DISPOSED = "disposed"
    """Sold or scrapped; never depreciated again."""

    @property
    def depreciates(self) -> bool:
        """True for the statuses a monthly run depreciates."""
        return self in (AssetStatus.IN_SERVICE, AssetStatus.IDLE, AssetStatus.UNDER_REPAIR)


class Method(enum.StrEnum):
    """The depreciation methods of the commercial book."""

    STRAIGHT_LINE = "straight_line"
    DECLINING_BALANCE = "declining_balance"
    """A fixed yearly rate on the book value (``rate``)."""
    DOUBLE_DECLINING = "double_declining"
    """Declining balance at twice the straight-line rate."""
    SUM_OF_YEARS_DIGITS = "sum_of_years_digits"
    UNITS_OF_PRODUCTION = "units_of_production"
    """By recorded usage against the total units the asset is expected to produce."""
    MANUAL = "manual"
    """An amount per month given by the user."""

    @classmethod
    def parse(cls, value: Method | str) -> Method:
        """Return the method named ``value`` (its value, such as ``"straight_line"``).

        Raises:
            PolicyError: If no method has that name.
        """
        try:
            return cls(value)
        except ValueError:
            raise PolicyError(
                f"depreciation method {value!r} is unknown: use one of {[m.value for m in cls]}"
            ) from None


class Proration(enum.StrEnum):
    """How the first and last month of a schedule are counted."""

    MONTHLY = "monthly"
    """The in-service month counts in full; the life ends after whole months."""
    DAILY = "daily"
    """The first month counts by the days in service; the last month takes the rest."""


class DepreciationPolicy(BaseModel):
    """How one book depreciates an asset.

    Args:
        method: The method.
        useful_life_months: The useful life in months (whole years for the declining
            balance and sum-of-years-digits methods, whose rates are yearly).
        salvage: The residual value the book value never goes below.
        proration: Monthly or daily pro-rata of the first and last month.
        rate: The yearly rate of :attr:`Method.DECLINING_BALANCE`, as a fraction
            (``Decimal("0.25")``).
        switch_to_straight_line: For the declining-balance methods, switch to
            straight line in the year it gives more.
        total_units: For units of production, what the asset is expected to produce.
        manual_amounts: For a manual schedule, one amount per month from the first
            month of depreciation; they add up to cost minus salvage.
    """

    model_config = _FROZEN

    method: Method
    useful_life_months: int
    salvage: Money
    proration: Proration = Proration.MONTHLY
    rate: Decimal | None = None
    switch_to_straight_line: bool = False
    total_units: Decimal | None = None
    manual_amounts: tuple[Money, ...] = ()

    @classmethod
    def create(
        cls, method: Method | str, useful_life_months: int, salvage: Money, **options: Any
    ) -> DepreciationPolicy:
        """Build a policy from loose input (a method name as text), refusing bad values.

        Args:
            method: A :class:`Method` or its value, such as ``"double_declining"``.
            useful_life_months: The useful life in months.
            salvage: The residual value.
            **options: ``proration``, ``rate``, ``switch_to_straight_line``,
                ``total_units`` or ``manual_amounts``.

        Raises:
            PolicyError: If the method is unknown or a value does not fit its field.
        """
        try:
            return cls(
                method=Method.parse(method),
                useful_life_months=useful_life_months,
                salvage=salvage,
                **options,
            )
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()
            )
            raise PolicyError(f"depreciation policy is invalid: {problems}") from None


class AccountMapping(BaseModel):
    """The ledger accounts an asset category posts to.

    Args:
        fixed_asset: The asset's cost (debited on acquisition, credited on disposal).
        accumulated_depreciation: Contra-asset credited by depreciation and impairment.
        depreciation_expense: Debited by the monthly run.
        gain_on_disposal: Credited with a gain on disposal.
        loss_on_disposal: Debited with a loss on disposal.
        revaluation_surplus: Equity credited by an upward revaluation.
        impairment_loss: Debited by an impairment or a downward revaluation.
    """

    model_config = _FROZEN

    fixed_asset: Code
    accumulated_depreciation: Code
    depreciation_expense: Code
    gain_on_disposal: Code
    loss_on_disposal: Code
    revaluation_surplus: Code
    impairment_loss: Code


class Category(BaseModel):
    """A class of assets (vehicles, office equipment) and the accounts it posts to.

    Args:
        code: A short code, such as ``"kendaraan"``.
        name: A name for reports.
        accounts: The ledger accounts.
        fiscal_class: The class the fiscal book knows the category by (for Indonesia
            an asset group such as ``"kelompok 2"``), or None when the fiscal book
            does not depreciate it.
    """

    model_config = _FROZEN

    code: Code
    name: Name
    accounts: AccountMapping
    fiscal_class: str | None = None


class Asset(BaseModel):
    """One fixed asset in the register, in its current state.

    Args:
        id: The asset id (the record key).
        tag: The label on the asset (a barcode or plate number).
        name: What it is.
        category: A :class:`Category` code.
        location: Where it is.
        custodian: The employee id of whoever keeps it.
        cost_centre: The cost centre its depreciation is charged to.
        acquired: The acquisition date.
        cost: The acquisition cost.
        in_service: The date it was put in service (None while planned).
        status: Where it is in its life.
        source_document: The id of the invoice or contract it came with.
        policy: The commercial book's depreciation policy.
        fiscal_method: The fiscal book's method name (for Indonesia ``"garis lurus"`` or
            ``"saldo menurun"``), or None when there is no fiscal book.
        opening_accumulated: Depreciation before the register took the asset over.
        depreciation_start: The first month the register depreciates (``"2026-01"``).
        revaluation: The net change of the gross value by revaluations.
        impairment: The impairment losses recognised.
    """

    model_config = _FROZEN

    id: Code
    tag: Code
    name: Name
    category: Code
    location: str = ""
    custodian: str = ""
    cost_centre: str = ""
    acquired: date
    cost: Money
    in_service: date | None = None
    status: AssetStatus = AssetStatus.PLANNED
    source_document: str | None = None
    policy: DepreciationPolicy
    fiscal_method: str | None = None
    opening_accumulated: Money | None = None
    depreciation_start: str | None = None
    revaluation: Money | None = None
    impairment: Money | None = None

    def _zero(self, value: Money | None) -> Money:
        return Money.zero(self.cost.currency) if value is None else value

    @property
    def opening(self) -> Money:
        """The opening accumulated depreciation (zero when none was given)."""
        return self._zero(self.opening_accumulated)

    @property
    def revalued(self) -> Money:
        """The net change of the gross value by revaluations (zero when none)."""
        return self._zero(self.revaluation)

    @property
    def impaired(self) -> Money:
        """The impairment losses recognised (zero when none)."""
        return self._zero(self.impairment)

    @property
    def gross(self) -> Money:
        """Cost plus the net change by revaluations."""
        return self.cost + self.revalued


class DepreciationPosting(BaseModel):
    """One month of an asset's depreciation as posted (append-only).

    Args:
        asset: The asset id.
        month: The month, ``"2026-01"``.
        amount: The depreciation of the month.
        run: The run that posted it (its journal entry id).
        cost_centre: The cost centre charged.
    """

    model_config = _FROZEN

    asset: str
    month: str
    amount: Money
    run: str
    cost_centre: str = ""


class DepreciationRun(BaseModel):
    """One depreciation run and the journal entry it posted.

    Args:
        id: The run id, also the journal entry id (``"depreciation-2026-01-1"``).
        month: The month depreciated.
        posted_on: The entry date (the month's last day).
        assets: How many assets it depreciated.
        months: How many asset-months it posted (catch-up months included).
        amount: The depreciation it posted.
        entry: The journal entry id (None when every amount was zero).
        run_by: The actor.
        run_at: When (UTC).
    """

    model_config = _FROZEN

    id: str
    month: str
    posted_on: date
    assets: int
    months: int
    amount: Money
    entry: str | None
    run_by: str
    run_at: datetime


class Usage(BaseModel):
    """The units an asset produced in one month (units-of-production method).

    Args:
        asset: The asset id.
        month: The month, ``"2026-01"``.
        units: The units produced (positive).
    """

    model_config = _FROZEN

    asset: str
    month: str
    units: Decimal = Field(gt=0)


class DisposalKind(enum.StrEnum):
    """How an asset leaves the register."""

    SALE = "sale"
    SCRAP = "scrap"


class DisposalStatus(enum.StrEnum):
    """Maker-checker state of a disposal."""

    PROPOSED = "proposed"
    APPROVED = "approved"


class Disposal(BaseModel):
    """A disposal, proposed by one actor and approved by another.

    Args:
        id: The disposal id.
        asset: The asset id.
        on: The disposal date.
        kind: Sale or scrap.
        proceeds: What the buyer pays (zero for a scrap).
        proceeds_account: The account debited with the proceeds (cash, bank, receivable).
        status: Proposed or approved.
        prepared_by: The actor who proposed it.
        approved_by: The actor who approved it.
        entry: The journal entry posted on approval.
        gain: The gain (positive) or loss (negative) posted.
    """

    model_config = _FROZEN

    id: Code
    asset: str
    on: date
    kind: DisposalKind
    proceeds: Money
    proceeds_account: str | None = None
    status: DisposalStatus = DisposalStatus.PROPOSED
    prepared_by: str
    approved_by: str | None = None
    entry: str | None = None
    gain: Money | None = None
