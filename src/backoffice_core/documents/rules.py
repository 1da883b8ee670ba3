"""The rules a documents service runs with: numbering, retention, limits, evidence.

:class:`DocumentRules` gathers what differs between companies and jurisdictions. The
domain's defaults are neutral (template numbers, no retention policy, the backend's
content limit); ``BackOffice`` wires the Indonesian defaults from
``backoffice_core.jurisdictions.indonesia``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from backoffice_core.documents.numbering import NumberFormat, TemplateNumbering
from backoffice_core.documents.retention import RetentionPolicy
from backoffice_core.errors import InvalidInputError
from backoffice_core.money import Money

__all__ = ["DocumentRules"]


def _positive(_instance: object, _attribute: object, value: int | None) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise InvalidInputError(f"max_content_size {value!r} must be a positive number of bytes")


@attrs.frozen
class DocumentRules:
    """Numbering, retention, content limit and evidence threshold of a documents service.

    Args:
        numbering: How approved documents are numbered, unless ``numbering_by_kind``
            names their kind.
        numbering_by_kind: A number format per kind (letters, contracts…).
        retention: Default retention policies (one per kind, and ``"evidence"`` for
            every document linked as evidence of a ledger entry); stored policies
            override them.
        max_content_size: The largest content accepted, in bytes (None: the
            backend's blob limit).
        evidence_threshold: Entries whose debits reach this amount (base currency)
            need a document as evidence (None: every entry does).
    """

    numbering: NumberFormat = attrs.field(factory=TemplateNumbering)
    numbering_by_kind: Mapping[str, NumberFormat] = attrs.field(factory=dict)
    retention: Sequence[RetentionPolicy] = ()
    max_content_size: int | None = attrs.field(default=None, validator=_positive)
    evidence_threshold: Money | None = None

    def numbering_for(self, kind: str) -> NumberFormat:
        """Return the number format of documents of ``kind``."""
        return self.numbering_by_kind.get(kind, self.numbering)

    def default_policy(self, kind: str) -> RetentionPolicy | None:
        """Return the default retention policy of ``kind``, if any."""
        return next((p for p in self.retention if p.kind == kind), None)
