"""The generic record store: what a domain stores (:class:`Kind`) and the port it uses.

Every domain but the ledger and the audit chain keeps its aggregates through one port,
:class:`Records`, declared here once and implemented once per backend. A domain
declares a :class:`Kind` (its name, a frozen pydantic model, a key function, the fields
to index and to total) and asks its unit of work for ``uow.records(KIND)``; it never
touches a storage file. On SQL backends each kind is a table whose indexed and totalled
fields are lifted to typed columns, so filters, ordering and totals run in the database.

Writes join the open unit of work (savepoints included) and append to the audit chain:
one change per write call, whose state digests every record written (see
:func:`batch_state`), so :meth:`~backoffice_core.audit.AuditTrail.verify` can re-derive
it from the stored rows. File contents go through :class:`BlobStore`, content-addressed
by SHA-256 and written in the same unit of work.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Generic, Protocol, TypeVar

import attrs
from pydantic import BaseModel

from backoffice_core.errors import InvalidInputError, RecordKindError
from backoffice_core.record_bodies import batch_state, body_digest, body_json
from backoffice_core.record_fields import Field, Rollup, check_text_field, field_type, rollup_of

__all__ = [
    "INT64_MAX",
    "BlobRef",
    "BlobStore",
    "Field",
    "Kind",
    "OneOf",
    "Page",
    "Prefix",
    "Range",
    "Records",
    "Rollup",
    "Stored",
    "TotalsRow",
    "Where",
    "batch_state",
    "body_digest",
    "body_json",
]

M = TypeVar("M", bound=BaseModel)
V = TypeVar("V", bound=BaseModel)

_KIND_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
INT64_MAX = 2**63 - 1
"""The largest integer a typed column holds (SQL BIGINT)."""


@attrs.frozen
class Kind(Generic[M]):
    """What a domain stores: a named, versioned, frozen pydantic model and its layout.

    Args:
        name: Dotted, lower case, such as ``"payroll.employee"``; unique in the library.
        model: A frozen pydantic model (``model_config = ConfigDict(frozen=True)``).
        key: Returns a record's key (unique per entity and kind).
        indexed: Fields that ``find`` filters and orders by and ``totals`` groups by.
        totals: Numeric fields (int, Decimal, Money) that ``totals`` sums.
        append_only: Records are never replaced (movements, events).
        version: The model's version; bump it when the model changes shape.
        scales: Decimal places kept for each Decimal total (6 when not named).
        upgrade: Turns a stored body of an older ``version`` into the current shape.
        text: Fields that :meth:`Records.search` matches words in (str, a list or
            tuple of str, or Optional of one); a full-text index follows every write.
        rollups: Groupings of the totals that SQL answers from a covering index
            (see :class:`Rollup`); a tuple of field names stands for
            ``Rollup(by=<those fields>)``.
        unindexed: Indexed fields whose typed column gets no SQL index of its own:
            filters, orders and totals on them work as on any indexed field, served
            by another index (a rollup's covering index that starts with the field,
            another field's index) or by a scan. Each index costs every insert a
            B-tree update, so a write-heavy kind keeps only those its queries need.

    Raises:
        RecordKindError: If a name is malformed, the model is not frozen, a field
            cannot be indexed, totalled or searched, a rollup names a field that is
            not indexed (or the kind totals nothing), or ``unindexed`` names a field
            that is not indexed.

    Example:
        >>> from pydantic import BaseModel, ConfigDict
        >>> class Note(BaseModel):
        ...     model_config = ConfigDict(frozen=True)
        ...     id: str
        ...     topic: str
        >>> NOTE = Kind("demo.note", Note, key=lambda n: n.id, indexed=("topic",))
        >>> NOTE.table
        'rec_demo_note'
    """

    name: str
    model: type[M]
    key: Callable[[M], str]
    indexed: tuple[str, ...] = ()
    totals: tuple[str, ...] = ()
    append_only: bool = False
    version: int = 1
    scales: Mapping[str, int] = attrs.field(factory=dict)
    upgrade: Callable[[int, dict[str, Any]], dict[str, Any]] | None = None
    text: tuple[str, ...] = ()
    rollups: tuple[Rollup, ...] = ()
    unindexed: tuple[str, ...] = ()
    fields: tuple[Field, ...] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str) or not _KIND_NAME.match(self.name):
            raise RecordKindError(
                f"kind name {self.name!r} must be dotted lower-case words, "
                "such as 'payroll.employee'"
            )
        if not (isinstance(self.model, type) and issubclass(self.model, BaseModel)):
            raise RecordKindError(f"kind {self.name!r}: the model must be a pydantic model")
        if not self.model.model_config.get("frozen"):
            raise RecordKindError(
                f"kind {self.name!r}: {self.model.__name__} must be frozen "
                "(model_config = ConfigDict(frozen=True)): stored records never change in place"
            )
        if not isinstance(self.version, int) or self.version < 1:
            raise RecordKindError(f"kind {self.name!r}: version {self.version!r} must be >= 1")
        fields: list[Field] = []
        seen: set[str] = set()
        for total, names in ((False, self.indexed), (True, self.totals)):
            for name in names:
                if not _FIELD_NAME.match(name) or name in seen:
                    raise RecordKindError(
                        f"kind {self.name!r}: field {name!r} is malformed or named twice"
                    )
                seen.add(name)
                token = field_type(self.name, self.model, name, total=total)
                scale = self.scales.get(name, 6) if token == "decimal" else 0
                if not 0 <= scale <= 18:
                    raise RecordKindError(f"kind {self.name!r}: scale of {name!r} must be 0..18")
                fields.append(Field(name, token, scale))
        object.__setattr__(self, "fields", tuple(fields))
        self._check_text()
        self._check_rollups()
        self._check_unindexed()

    def _check_unindexed(self) -> None:
        if isinstance(self.unindexed, str) or not isinstance(self.unindexed, tuple | list):
            raise RecordKindError(
                f"kind {self.name!r}: unindexed={self.unindexed!r} must be a tuple of "
                "field names, such as unindexed=('location',)"
            )
        names = tuple(self.unindexed)
        for name in names:
            if not isinstance(name, str) or name not in self.indexed or names.count(name) > 1:
                raise RecordKindError(
                    f"kind {self.name!r}: unindexed field {name!r} is not one of the indexed "
                    f"fields {list(self.indexed)} or is named twice"
                )
        object.__setattr__(self, "unindexed", names)

    def _check_rollups(self) -> None:
        if isinstance(self.rollups, Rollup) or not isinstance(self.rollups, tuple | list):
            raise RecordKindError(
                f"kind {self.name!r}: rollups={self.rollups!r} must be a tuple of rollups, "
                "such as rollups=(Rollup(by=('item',), where=('on',)),)"
            )
        rollups = tuple(rollup_of(self.name, self.indexed, self.totals, r) for r in self.rollups)
        for i, rollup in enumerate(rollups):
            if rollup in rollups[:i]:
                raise RecordKindError(f"kind {self.name!r}: {rollup!r} is declared twice")
        object.__setattr__(self, "rollups", rollups)

    def _check_text(self) -> None:
        if isinstance(self.text, str) or not isinstance(self.text, tuple | list):
            raise RecordKindError(
                f"kind {self.name!r}: text={self.text!r} must be a tuple of field names, "
                "such as text=('title',)"
            )
        names = tuple(self.text)
        for name in names:
            if not isinstance(name, str) or not _FIELD_NAME.match(name) or names.count(name) > 1:
                raise RecordKindError(
                    f"kind {self.name!r}: full-text field {name!r} is malformed or named twice"
                )
            check_text_field(self.name, self.model, name)
        object.__setattr__(self, "text", names)

    @property
    def table(self) -> str:
        """The SQL table that holds this kind's records."""
        return "rec_" + self.name.replace(".", "_")

    def field(self, name: str) -> Field:
        """Return the stored layout of indexed or totalled field ``name``.

        Raises:
            InvalidInputError: If the field is neither indexed nor totalled.
        """
        for item in self.fields:
            if item.name == name:
                return item
        raise InvalidInputError(
            f"kind {self.name!r} has no indexed or totalled field {name!r}: "
            f"use one of {[f.name for f in self.fields]}"
        )

    def key_of(self, record: M) -> str:
        """Return ``record``'s key, checking that it is a record of this kind.

        Raises:
            InvalidInputError: If ``record`` is not a model of this kind, or its key is
                not a non-empty string.
        """
        if not isinstance(record, self.model):
            raise InvalidInputError(
                f"{type(record).__name__} is not a {self.model.__name__}: "
                f"kind {self.name!r} stores only that model"
            )
        key = self.key(record)
        if not isinstance(key, str) or not key.strip() or len(key) > 500 or "\x00" in key:
            raise InvalidInputError(
                f"kind {self.name!r}: key {key!r} must be a non-empty string of at most "
                "500 characters without NUL"
            )
        return key

    def load(self, version: int, body: str | Mapping[str, Any]) -> M:
        """Rebuild a record from its stored body, upgrading an older model version."""
        if version == self.version and isinstance(body, str):
            # pydantic parses and validates the JSON in one pass, without Python dicts.
            return self.model.model_validate_json(body)
        data = json.loads(body) if isinstance(body, str) else dict(body)
        if version != self.version:
            if self.upgrade is None or version > self.version:
                raise RecordKindError(
                    f"kind {self.name!r}: a stored record has model version {version}, "
                    f"this code knows {self.version}; give the kind an upgrade function"
                )
            data = self.upgrade(version, data)
        return self.model.model_validate(data)


@attrs.frozen
class Stored(Generic[M]):
    """A record as stored: its key, its version (1 when added) and the record."""

    key: str
    version: int
    record: M


@attrs.frozen
class Page(Generic[M]):
    """One page of :meth:`Records.find`; pass ``next_cursor`` to get the next one."""

    items: tuple[Stored[M], ...]
    next_cursor: str | None

    def __iter__(self) -> Iterator[Stored[M]]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class OneOf:
    """A filter: the field equals one of ``values``, as in ``OneOf("hr", "it")``."""

    __slots__ = ("values",)
    values: tuple[Any, ...]

    def __init__(self, *values: Any) -> None:
        if not values:
            raise InvalidInputError("OneOf() needs at least one value")
        self.values = tuple(values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OneOf) and other.values == self.values

    def __hash__(self) -> int:
        return hash(self.values)

    def __repr__(self) -> str:
        return f"OneOf{self.values!r}"


@attrs.frozen
class Range:
    """A filter: ``low <= field <= high`` (either end may be None for open)."""

    low: Any = None
    high: Any = None


@attrs.frozen
class Prefix:
    """A filter on a text field: it starts with ``text``."""

    text: str


Where = Mapping[str, Any]
"""Filters by field: a value (equality; None matches a missing value), OneOf, Range, Prefix.

Indexed fields take all four; totalled fields take a value, None or a Range (a Money
filter matches amounts in its own currency only)."""


@attrs.frozen
class TotalsRow:
    """One group of :meth:`Records.totals`.

    Args:
        group: The grouped fields' values (Money totals also group by currency, under
            ``"<field>.currency"``).
        sums: Each totalled field's exact sum.
        count: How many records the group holds.
    """

    group: Mapping[str, Any]
    sums: Mapping[str, Any]
    count: int


class Records(Protocol[M]):
    """One entity's records of one kind (implemented once per backend).

    Reads see committed data and this thread's own open transaction. Writes need an
    open transaction (``with office.transaction():`` or a service call) and are audited.
    """

    kind: Kind[M]

    def get(self, key: str) -> Stored[M] | None:
        """Return the record stored under ``key``, or None."""
        ...

    def get_many(self, keys: Sequence[str]) -> dict[str, Stored[M]]:
        """Return the stored records among ``keys``, by key (missing ones left out)."""
        ...

    def find(
        self,
        where: Where | None = None,
        *,
        order_by: Sequence[str] = (),
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[M]:
        """Return records matching ``where``, ordered, one page at a time.

        Args:
            where: Filters on indexed fields (and ``"key"``); totalled fields take a
                value, None or a :class:`Range` (``{"gross": Range(None, floor)}``).
            order_by: Indexed fields, ``"-field"`` for descending; ties by key.
            limit: Records per page (None: every match in one page).
            cursor: ``next_cursor`` of the previous page.
        """
        ...

    def find_view(
        self,
        view: type[V],
        where: Where | None = None,
        *,
        order_by: Sequence[str] = (),
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Page[V]:
        """Return :meth:`find`'s page with each record read as ``view``, a few of its fields.

        ``view`` is a pydantic model naming some of the kind's fields with their types
        (see :mod:`backoffice_core.record_views`): each body is parsed straight into
        it, much faster than building a large record whole. Pages and cursors are
        those of :meth:`find` with the same arguments.

        Raises:
            InvalidInputError: If ``view`` is not a pydantic model, names a field the
                kind does not have, or forbids extra fields; or as :meth:`find`.
        """
        ...

    def count(self, where: Where | None = None) -> int:
        """Return how many records match ``where`` (the filters of :meth:`find`)."""
        ...

    def add(self, records: Iterable[M]) -> list[Stored[M]]:
        """Store new records (version 1) as one audited write.

        A key already stored with the same content is skipped (idempotent replay).

        Raises:
            DuplicateIdError: If a key is stored with other content, or given twice.
        """
        ...

    def replace(self, record: M, *, expected_version: int, action: str = "replaced") -> Stored[M]:
        """Store a new version of a record, if nobody changed it since ``expected_version``.

        Raises:
            NotFoundError: If no record has that key.
            ConcurrencyError: If the stored version is not ``expected_version``.
            StateError: If the kind is append-only.
        """
        ...

    def replace_many(
        self, changes: Iterable[tuple[M, int]], *, action: str = "replaced"
    ) -> list[Stored[M]]:
        """Store new versions of many records at once, all or nothing, as one audited write.

        Each change is ``(record, expected_version)``. Every version is checked under the
        entity's write lock before anything is written; on SQL the rows are written in
        one statement batch, and the audit trail gains one record whose state digests
        every new version (action ``"<kind>.<action>"``).

        Args:
            changes: ``(record, expected_version)`` pairs, each key once.
            action: The audit action's last word (one lower-case word).

        Raises:
            NotFoundError: If a key is not stored (nothing is written).
            ConcurrencyError: If a stored version is not the expected one (nothing is
                written).
            InvalidInputError: If a key is given twice or a pair is malformed.
            StateError: If the kind is append-only.
        """
        ...

    def totals(self, by: Sequence[str] = (), where: Where | None = None) -> list[TotalsRow]:
        """Sum the kind's totalled fields per group of ``by`` (one query on SQL).

        ``where`` takes the filters of :meth:`find`, totalled fields included.
        """
        ...

    def search(
        self,
        query: str,
        where: Where | None = None,
        *,
        limit: int = 20,
        cursor: str | None = None,
    ) -> Page[M]:
        """Return the records whose full-text fields hold every word of ``query``.

        Words match case- and accent-insensitively; a word ending in ``*`` matches as a
        prefix; everything else in the query is plain text, never search syntax. The
        best match comes first (ties by key); ``where`` takes the filters of
        :meth:`find` and joins the text match in one query on SQL.

        Args:
            query: Words to find, at most 1,000 characters.
            where: Filters on indexed fields (and ``"key"``).
            limit: Records per page (1 to 1,000).
            cursor: ``next_cursor`` of the previous page of the same search.

        Raises:
            InvalidInputError: If the kind declares no ``text`` fields, the query has no
                word or is too long, or the cursor is not one of this search.
        """
        ...

    def next_number(self, series: str) -> int:
        """Return the next number of ``series`` (1, 2, 3…), gapless for committed work.

        The number is taken under the entity's write lock in the open transaction: a
        rollback returns it, so committed numbers never skip and are never reused.
        """
        ...

    def scan(self) -> Iterator[tuple[str, int, str]]:
        """Yield ``(key, version, body)`` of every record, by key (for verification)."""
        ...


@attrs.frozen
class BlobRef:
    """A stored file content: its SHA-256 (hex), its size in bytes."""

    sha256: str
    size: int


class BlobStore(Protocol):
    """One entity's file contents, content-addressed by SHA-256, in the database."""

    max_size: int

    def put(self, content: bytes) -> BlobRef:
        """Store ``content`` (once per digest) in the open transaction.

        Raises:
            InvalidInputError: If it is not bytes or is larger than ``max_size``.
        """
        ...

    def put_many(self, contents: Iterable[bytes]) -> list[BlobRef]:
        """Store many contents (once per digest) as one write and one audit record.

        Every content is checked before anything is stored; the references come back
        in the order given (a content given twice is stored once).

        Raises:
            InvalidInputError: If one is not bytes or is larger than ``max_size``
                (naming its place in the batch); nothing is stored.
        """
        ...

    def get(self, sha256: str) -> bytes:
        """Return the content with digest ``sha256``.

        Raises:
            NotFoundError: If it is not stored (or was discarded).
            IntegrityError: If the stored bytes no longer match their digest.
        """
        ...

    def exists(self, sha256: str) -> bool:
        """Return True if content with digest ``sha256`` is stored."""
        ...

    def discard(self, sha256: str) -> bool:
        """Drop the content with digest ``sha256``; return False if it was not stored."""
        ...
