"""backoffice_core: typed models and services for a company's back office."""

from backoffice_core.errors import BackofficeError
from backoffice_core.money import Money, Rounding

__all__ = ["BackofficeError", "Money", "Rounding"]
__version__ = "0.1.0"
