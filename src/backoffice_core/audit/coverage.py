"""Proving stored records against the chain: the extension point of ``verify()``.

The chain alone proves only itself. A domain whose writes are audited supplies a
:class:`Coverage`: during :meth:`~backoffice_core.audit.AuditTrail.verify` it is handed
every chain record whose action it owns, in chain order, re-derives the digest of the
stored record that record describes, and at the end checks that every record in its
store was covered by the chain. The first :class:`Discrepancy` it reports ends the
verification and is named in the result.

The ledger's coverage is :class:`~backoffice_core.audit.LedgerCoverage`. A generic
record store adds one coverage for its kinds, with no change here: re-derive the digest
of each stored record from its stored fields, compare it with the chain's last digest
for that subject, and report stored subjects the chain never mentions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import attrs

from backoffice_core.audit.models import AuditRecord

__all__ = ["CatchUp", "Coverage", "CoverageCheck", "Discrepancy"]


@attrs.frozen
class Discrepancy:
    """A stored record or row that disagrees with the audit chain.

    Args:
        record: Names the stored record or row, such as ``"entry 'rent-01'"``.
        reason: What disagrees, and with which value.
        seq: The audit record involved, if there is one.
    """

    record: str
    reason: str
    seq: int | None = None


CatchUp = Callable[[], int]
"""Reads the chain records committed since verification read the last one, checks
their links, hands each to every coverage's :meth:`CoverageCheck.see`, and returns how
many it read. A coverage calls it in :meth:`CoverageCheck.finish` after reading its
stored records, so that writes committed meanwhile are not taken for tampering."""


class CoverageCheck(Protocol):
    """One verification run of a :class:`Coverage` (it may keep state between calls)."""

    def see(self, record: AuditRecord) -> Discrepancy | None:
        """Check the stored record that chain ``record`` describes.

        Called in chain order for each record whose action starts with one of the
        coverage's prefixes, also for records read by a catch-up.
        """
        ...

    def finish(self, catch_up: CatchUp) -> Discrepancy | None:
        """Check that every stored record was covered by a chain record seen."""
        ...


class Coverage(Protocol):
    """One domain's stored records, provable against the chain (the extension point)."""

    @property
    def prefixes(self) -> tuple[str, ...]:
        """The action prefixes whose records describe this domain's stored records."""
        ...

    def start(self) -> CoverageCheck:
        """Begin one verification run."""
        ...
