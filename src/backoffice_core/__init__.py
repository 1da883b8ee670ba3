"""backoffice_core: typed models and services for a company's back office.

The names most programs need are here; each domain package (``ledger``, ``audit``,
``storage``, ``jurisdictions``) exports the rest.
"""

from backoffice_core.context import AllowAll, Authorizer, Context, RoleAuthorizer
from backoffice_core.errors import BackofficeError
from backoffice_core.money import Money, Rounding
from backoffice_core.office import BackOffice
from backoffice_core.periods import FiscalCalendar, Month, PeriodState

__all__ = [
    "AllowAll",
    "Authorizer",
    "BackOffice",
    "BackofficeError",
    "Context",
    "FiscalCalendar",
    "Money",
    "Month",
    "PeriodState",
    "RoleAuthorizer",
    "Rounding",
]
__version__ = "0.1.0"
