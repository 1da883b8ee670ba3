"""THR (Tunjangan Hari Raya Keagamaan): the religious holiday allowance.

Under Permenaker 6/2016 a worker with at least one month of continuous service gets a
THR: one month's wage after 12 months of service, otherwise ``months / 12`` of it. The
regulation does not say whether a partial month counts, so the counting rule is an
option (whole completed months by default, or days/30 for the partial month). THR is
non-wage income: it is not part of the BPJS wage base but is part of the PPh 21 gross
of the month it is paid. Late payment costs a fine of 5% of the THR payable.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import attrs
from dateutil.relativedelta import relativedelta

from backoffice_core.errors import InvalidInputError
from backoffice_core.jurisdictions.indonesia._inputs import ONE, TWELVE, ZERO, idr, option, rupiah
from backoffice_core.jurisdictions.indonesia.errors import EmploymentPeriodError
from backoffice_core.jurisdictions.indonesia.explanation import Explanation, ExplanationLine
from backoffice_core.money import Money, Rounding

__all__ = [
    "ServiceCounting",
    "ThrEntitlement",
    "average_monthly_wage",
    "service_months",
    "thr_entitlement",
    "thr_late_fine",
]

_THIRTY = Decimal(30)
_LATE_FINE = Decimal("0.05")


class ServiceCounting(enum.Enum):
    """How months of service are counted for a proportional THR (reference 6.6)."""

    WHOLE_MONTHS = "whole_months"
    """Only completed months count (common practice; the default)."""
    DAYS = "days"
    """Completed months plus the remaining days / 30."""


def service_months(
    start: date, as_of: date, counting: ServiceCounting | str = ServiceCounting.WHOLE_MONTHS
) -> Decimal:
    """Return the months of continuous service from ``start`` to ``as_of``.

    A month is complete on the same day of the next month (1 January to 1 February is
    one month).

    Raises:
        EmploymentPeriodError: If ``as_of`` is before ``start``.
        InvalidOptionError: If ``counting`` is not a :class:`ServiceCounting` nor a
            string naming one (``"days"``).
    """
    counting = option(counting, ServiceCounting, "THR counting")
    if as_of < start:
        raise EmploymentPeriodError(
            f"service start {start.isoformat()} is after {as_of.isoformat()}: "
            "count service up to a date on or after the start"
        )
    delta = relativedelta(as_of, start)
    months = Decimal(delta.years * 12 + delta.months)
    if counting is ServiceCounting.DAYS:
        months += Decimal(delta.days) / _THIRTY
    return months


@attrs.frozen(slots=True)
class ThrEntitlement:
    """A worker's THR for one religious holiday.

    Attributes:
        monthly_wage: One month's wage (clean wage, or basic + fixed allowances).
        months_of_service: Service counted up to the cut-off date.
        fraction: The share of one month's wage (1 after 12 months, 0 under 1 month).
        amount: The THR, rounded to the rupiah.
    """

    monthly_wage: Money
    months_of_service: Decimal
    fraction: Decimal
    amount: Money

    @property
    def eligible(self) -> bool:
        """True when the worker has at least one month of service."""
        return self.fraction > 0

    def explain(self) -> Explanation:
        """Return the wage, the months of service, the share and the THR."""
        return Explanation(
            "title.thr",
            (),
            (
                ExplanationLine("wage", self.monthly_wage),
                ExplanationLine("service", self.months_of_service),
                ExplanationLine("fraction", self.fraction.quantize(Decimal("0.0001"))),
                ExplanationLine("thr", self.amount),
            ),
        )


def thr_entitlement(
    monthly_wage: Money,
    service_start: date,
    as_of: date,
    *,
    counting: ServiceCounting | str = ServiceCounting.WHOLE_MONTHS,
    rounding: Rounding | str = Rounding.HALF_UP,
) -> ThrEntitlement:
    """Compute the THR (Permenaker 6/2016).

    Args:
        monthly_wage: One month's wage; for daily workers see :func:`average_monthly_wage`.
        service_start: The first day of continuous service.
        as_of: The date service is counted to (usually the religious holiday).
        counting: Whole completed months (default) or days/30 for a partial month.
        rounding: Rounding of a proportional THR to the rupiah (not regulated).

    Raises:
        InvalidArgumentTypeError: If ``monthly_wage`` is not Money or is out of range.
        InvalidOptionError: If ``counting`` or ``rounding`` is not one of its members
            (nor a string naming one).
        NegativeAmountError: If ``monthly_wage`` is negative.
        EmploymentPeriodError: If ``as_of`` is before ``service_start``.
    """
    wage = rupiah(monthly_wage, "monthly wage")
    rounding = option(rounding, Rounding, "rounding")
    months = service_months(service_start, as_of, counting)
    if months < 1:
        fraction = ZERO
    elif months >= TWELVE:
        fraction = ONE
    else:
        fraction = months / TWELVE
    amount = (wage * months / TWELVE) if ZERO < fraction < ONE else wage * fraction
    return ThrEntitlement(
        monthly_wage=idr(wage),
        months_of_service=months,
        fraction=fraction,
        amount=idr(amount.quantize(ONE, rounding.value)),
    )


def average_monthly_wage(monthly_wages: Sequence[Money]) -> Money:
    """Return a daily or casual worker's THR wage: the average of the last 12 months.

    With fewer than 12 months of service, pass every month worked: the average is over
    the service period. The average is exact; round the THR, not the wage.

    Raises:
        InvalidInputError: If no wages are given.
        NegativeAmountError: If a wage is negative.
    """
    if not monthly_wages:
        raise InvalidInputError("no monthly wages given: pass at least one month's wage")
    recent = [rupiah(w, "monthly wage") for w in monthly_wages[-12:]]
    return idr(sum(recent, ZERO) / len(recent))


def thr_late_fine(thr_payable: Money) -> Money:
    """Return the late-payment fine: 5% of the THR payable, to the rupiah (half up).

    Raises:
        NegativeAmountError: If ``thr_payable`` is negative.
    """
    return idr(
        (rupiah(thr_payable, "THR payable") * _LATE_FINE).quantize(ONE, Rounding.HALF_UP.value)
    )
