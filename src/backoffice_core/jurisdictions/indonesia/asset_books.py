"""The Indonesian fiscal book of the asset register, and default asset categories.

:class:`FiscalDepreciationBook` implements the register's
:class:`~backoffice_core.assets.FiscalBook` seam with :func:`.depreciation_schedule`
(UU PPh Pasal 11: groups 1 to 4 and buildings, straight line or declining balance,
buildings straight line only). :func:`asset_categories` maps the usual categories to the
Indonesian chart of accounts (:func:`.chart_of_accounts`) and to their fiscal group; the
mapping is data, so a company with another chart builds its own categories.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import attrs

from backoffice_core.assets import AccountMapping, Category
from backoffice_core.errors import InvalidInputError
from backoffice_core.jurisdictions.indonesia.depreciation import (
    DepreciationMethod,
    depreciation_schedule,
)
from backoffice_core.jurisdictions.indonesia.parameter_types import AssetGroup
from backoffice_core.money import Money
from backoffice_core.periods import Month

__all__ = ["FiscalDepreciationBook", "asset_categories"]


@attrs.frozen
class FiscalDepreciationBook:
    """The Pasal 11 fiscal depreciation as the register's fiscal book.

    The fiscal class is an :class:`~backoffice_core.jurisdictions.indonesia.AssetGroup`
    value (``"kelompok 2"``, ``"bangunan permanen"``) and the method a
    :class:`~backoffice_core.jurisdictions.indonesia.DepreciationMethod` value
    (``"garis lurus"``, ``"saldo menurun"``).
    """

    def monthly(
        self, fiscal_class: str, method: str, cost: Money, acquired: date
    ) -> Sequence[tuple[Month, Money]]:
        """Return the fiscal depreciation of each month, from the acquisition month.

        Raises:
            InvalidInputError: If the group or method is unknown.
            DepreciationMethodError: If declining balance is asked for a building.
        """
        try:
            group = AssetGroup(fiscal_class)
        except ValueError:
            raise InvalidInputError(
                f"fiscal class {fiscal_class!r} is not an asset group: use one of "
                f"{[g.value for g in AssetGroup]}"
            ) from None
        try:
            fiscal_method = DepreciationMethod(method)
        except ValueError:
            raise InvalidInputError(
                f"fiscal method {method!r} is unknown: use one of "
                f"{[m.value for m in DepreciationMethod]}"
            ) from None
        schedule = depreciation_schedule(cost, group, fiscal_method, acquired)
        return [(Month(p.year, p.month or 1), p.depreciation) for p in schedule.months]


def _accounts(cost: str, accumulated: str) -> AccountMapping:
    return AccountMapping(
        fixed_asset=cost,
        accumulated_depreciation=accumulated,
        depreciation_expense="6130",
        gain_on_disposal="7900",
        loss_on_disposal="8900",
        revaluation_surplus="3500",
        impairment_loss="8900",
    )


def asset_categories() -> list[Category]:
    """Return default categories on the Indonesian chart of accounts.

    ``bangunan`` (1220 / 1292, permanent building), ``kendaraan`` (1230 / 1293,
    Kelompok 2) and ``peralatan_kantor`` (1240 / 1294, Kelompok 1). All charge
    depreciation to 6130 Beban penyusutan; a gain goes to 7900, a loss and an
    impairment to 8900, a revaluation surplus to 3500 Surplus revaluasi aset tetap.
    """
    return [
        Category(
            code="bangunan",
            name="Bangunan",
            accounts=_accounts("1220", "1292"),
            fiscal_class=AssetGroup.PERMANENT_BUILDING.value,
        ),
        Category(
            code="kendaraan",
            name="Kendaraan",
            accounts=_accounts("1230", "1293"),
            fiscal_class=AssetGroup.KELOMPOK_2.value,
        ),
        Category(
            code="peralatan_kantor",
            name="Peralatan kantor",
            accounts=_accounts("1240", "1294"),
            fiscal_class=AssetGroup.KELOMPOK_1.value,
        ),
    ]
