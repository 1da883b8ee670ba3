"""Ledger-specific errors, each a narrower case of a kernel error."""

from __future__ import annotations

from backoffice_core.errors import InvalidInputError, NotFoundError, StateError

__all__ = [
    "HeaderAccountError",
    "InactiveAccountError",
    "UnknownAccountError",
    "UnknownEntryError",
]


class UnknownAccountError(NotFoundError, InvalidInputError):
    """A line or budget names an account code that is not in the chart."""


class InactiveAccountError(StateError, InvalidInputError):
    """A line posts to an account that has been deactivated."""


class UnknownEntryError(NotFoundError):
    """No posted entry has the given id."""


class HeaderAccountError(InvalidInputError):
    """A line posts to a header account (``postable=False``) that only groups others."""
