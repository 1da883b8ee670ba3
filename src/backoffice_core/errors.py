"""The one error hierarchy of backoffice_core.

Every error the library raises on purpose derives from :class:`BackofficeError`, and
every message says three things: what was wrong, with which value, and what to do.
Bad input raises before anything is written, so catching one of these never leaves a
half-written store behind.

The tree::

    BackofficeError
    ├── InvalidInputError (ValueError)        a value is malformed or out of range
    │   ├── MoneyError                        float amounts, bad currency codes
    │   │   └── CurrencyMismatchError         arithmetic across currencies
    │   ├── UnbalancedEntryError              debits differ from credits
    │   ├── RecordKindError                   a record kind is declared wrongly
    │   └── RuleParameterError                no rule table covers a date or key
    ├── NotFoundError (LookupError)           a record or account does not exist
    ├── ConflictError                         the store holds something that disagrees
    │   ├── ConcurrencyError                  a stale version was written
    │   └── DuplicateIdError                  an id is reused with other content
    ├── StateError                            the operation is not allowed now
    │   └── PeriodClosedError                 posting into a closed or locked period
    ├── PermissionDeniedError                 the actor may not do this
    ├── EntityMismatchError                   a record belongs to another entity
    └── StorageError                          the backend failed or is misconfigured
        ├── MigrationError                    the schema cannot be brought up to date
        └── IntegrityError                    stored data fails a consistency check
"""

from __future__ import annotations

__all__ = [
    "BackofficeError",
    "ConcurrencyError",
    "ConflictError",
    "CurrencyMismatchError",
    "DuplicateIdError",
    "EntityMismatchError",
    "IntegrityError",
    "InvalidInputError",
    "MigrationError",
    "MoneyError",
    "NotFoundError",
    "PeriodClosedError",
    "PermissionDeniedError",
    "RecordKindError",
    "RuleParameterError",
    "StateError",
    "StorageError",
    "UnbalancedEntryError",
]


class BackofficeError(Exception):
    """Base class of every error raised on purpose by backoffice_core."""


class InvalidInputError(BackofficeError, ValueError):
    """A value given to the library is malformed or out of range."""


class MoneyError(InvalidInputError):
    """An amount or currency cannot be used as money (a float, an unknown code)."""


class CurrencyMismatchError(MoneyError):
    """Two amounts in different currencies were combined."""


class UnbalancedEntryError(InvalidInputError):
    """A journal entry's debits and credits differ (per currency or in base currency)."""


class RecordKindError(InvalidInputError):
    """A record kind is declared wrongly, or stored data does not fit its declaration."""


class RuleParameterError(InvalidInputError):
    """No parameter table of a rule covers the date or key that was asked for."""


class NotFoundError(BackofficeError, LookupError):
    """A record, account or period that was asked for does not exist."""


class ConflictError(BackofficeError):
    """The store already holds something that disagrees with the request."""


class ConcurrencyError(ConflictError):
    """A write was based on a stale version of an aggregate; nothing was written."""


class DuplicateIdError(ConflictError):
    """A client-supplied id was reused with different content."""


class StateError(BackofficeError):
    """The operation is not allowed in the current state of the record."""


class PeriodClosedError(StateError):
    """A posting or change targets a closed or locked accounting period."""


class PermissionDeniedError(BackofficeError):
    """The acting user is not allowed to perform the operation."""


class EntityMismatchError(BackofficeError):
    """A record belongs to another legal entity than the office that touched it."""


class StorageError(BackofficeError):
    """The storage backend failed or is misconfigured."""


class MigrationError(StorageError):
    """The stored schema cannot be brought to the version this library needs."""


class IntegrityError(StorageError):
    """Stored data fails a consistency check (a broken audit chain, a lost row)."""
