"""The documents domain's errors, each a subclass of the library's hierarchy.

::

    InvalidInputError
    ├── UnknownDocumentKindError      a kind that was never registered
    └── DocumentContentError          empty or oversized content
    NotFoundError
    └── UnknownDocumentError          no document with that id
    DuplicateIdError
    └── DuplicateNumberError          a number another document of the kind carries
    StateError
    ├── InvalidTransitionError        a lifecycle step the status does not allow
    ├── SelfApprovalError             maker-checker: approving one's own version,
    │                                 disposing of what one requested to dispose of
    └── DisposalRefusedError          inside retention, under legal hold, no policy
"""

from __future__ import annotations

from backoffice_core.errors import DuplicateIdError, InvalidInputError, NotFoundError, StateError

__all__ = [
    "DisposalRefusedError",
    "DocumentContentError",
    "DuplicateNumberError",
    "InvalidTransitionError",
    "SelfApprovalError",
    "UnknownDocumentError",
    "UnknownDocumentKindError",
]


class UnknownDocumentKindError(InvalidInputError):
    """A document names a kind that is neither built in nor registered."""


class DocumentContentError(InvalidInputError):
    """A document's content is empty, not bytes, or larger than the configured limit."""


class UnknownDocumentError(NotFoundError):
    """No document has the id that was asked for."""


class DuplicateNumberError(DuplicateIdError):
    """A number is already carried by another document of the same kind."""


class InvalidTransitionError(StateError):
    """A lifecycle step that the document's current status does not allow."""


class SelfApprovalError(StateError):
    """One person tried both steps of a maker-checker pair.

    The author of a document's current version approving it, or the person who
    requested a disposal carrying it out.
    """


class DisposalRefusedError(StateError):
    """A disposal inside the retention period, under legal hold, or without a policy."""
