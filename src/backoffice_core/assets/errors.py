"""The fixed-asset register's errors, each a narrower kind of a library error.

The tree, under :mod:`backoffice_core.errors`::

    InvalidInputError
    └── PolicyError            a depreciation policy or amount cannot be used
    NotFoundError
    └── UnknownAssetError      no asset, category or disposal with that id
    StateError
    └── AssetStateError        the asset's status forbids the operation (disposed, planned)
"""

from __future__ import annotations

from backoffice_core.errors import InvalidInputError, NotFoundError, StateError

__all__ = ["AssetStateError", "PolicyError", "UnknownAssetError"]


class PolicyError(InvalidInputError):
    """A depreciation policy, cost, salvage or amount cannot be used for an asset."""


class UnknownAssetError(NotFoundError):
    """No asset, category or disposal is registered under the id given."""


class AssetStateError(StateError):
    """The asset's status forbids the operation (depreciating a disposed asset)."""
