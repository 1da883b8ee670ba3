"""Ledger-specific errors, each a narrower case of a kernel error."""

from __future__ import annotations

from backoffice_core.errors import (
    InvalidInputError,
    MoneyError,
    NotFoundError,
    StateError,
)

__all__ = [
    "AccountHierarchyError",
    "AmountTooLargeError",
    "ApprovalRequiredError",
    "HeaderAccountError",
    "InactiveAccountError",
    "UnknownAccountError",
    "UnknownEntryError",
]


class AmountTooLargeError(MoneyError):
    """A line or budget amount is above :data:`~backoffice_core.ledger.MAX_LINE_UNITS`."""


class AccountHierarchyError(InvalidInputError):
    """An account's parent is itself, is missing, or makes the hierarchy a cycle."""


class UnknownAccountError(NotFoundError, InvalidInputError):
    """A line or budget names an account code that is not in the chart."""


class InactiveAccountError(StateError, InvalidInputError):
    """A line posts to an account that has been deactivated."""


class UnknownEntryError(NotFoundError):
    """No posted entry has the given id."""


class HeaderAccountError(InvalidInputError):
    """A line posts to a header account (``postable=False``) that only groups others."""


class ApprovalRequiredError(StateError):
    """A posting's total is above the approval threshold: submit it for approval instead."""
