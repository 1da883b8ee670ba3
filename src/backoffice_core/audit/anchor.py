"""Keeping the chain's head outside the database: :class:`AnchorFile`.

Anyone who can write the database can rewrite the chain consistently, or cut its
tail off: the hashes have no secret. An anchor is the head (sequence number and hash)
kept where the database cannot reach. :meth:`AuditTrail.verify(anchor=...)
<backoffice_core.audit.AuditTrail.verify>` then checks that the chain still holds the
anchored record unchanged (a rewrite changes its hash) and reaches that far (a cut
tail does not). An anchor file is updated on request by ``verify`` or after every
commit when registered with ``backend.on_commit``.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import attrs

from backoffice_core.audit.models import AuditRecord
from backoffice_core.errors import IntegrityError, StorageError

__all__ = ["AnchorFile", "AnchoredHead"]


@attrs.frozen
class AnchoredHead:
    """A head kept outside the database.

    Args:
        seq: The sequence number of the anchored record.
        hash: Its hash.
    """

    seq: int
    hash: str


@attrs.define
class AnchorFile:
    """A JSON file holding the latest head of each entity's chain.

    It only moves forward: a head whose sequence number is not above the anchored one
    is not written, so a truncated chain cannot overwrite the evidence of its length.
    Calling the object writes a record, so it can be given to ``backend.on_commit``.
    Writes replace the file atomically; one writer process per file (threads of one
    process share a lock).

    Args:
        path: The file; created on the first write. Keep it on storage the
            database's users cannot write.
    """

    path: Path = attrs.field(converter=Path)
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False, repr=False)

    def _load(self) -> dict[str, dict[str, object]]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise StorageError(f"cannot read anchor file {self.path}: {exc}") from exc
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise IntegrityError(
                f"anchor file {self.path} is not a JSON object of heads: restore it from a "
                "copy, or delete it to start anchoring afresh"
            )
        return data

    def read(self, entity: str) -> AnchoredHead | None:
        """Return the anchored head of ``entity``, or None if none is kept.

        Raises:
            IntegrityError: If the file is not an anchor file.
            StorageError: If it cannot be read.
        """
        item = self._load().get(entity)
        if item is None:
            return None
        seq, hash_ = item.get("seq"), item.get("hash")
        if not isinstance(seq, int) or not isinstance(hash_, str):
            raise IntegrityError(
                f"anchor file {self.path} holds no valid head for {entity!r}: {item!r}"
            )
        return AnchoredHead(seq, hash_)

    def write(self, record: AuditRecord) -> bool:
        """Anchor ``record`` as its entity's head if it is beyond the anchored one.

        Returns:
            True if the file changed.

        Raises:
            StorageError: If the file cannot be written.
        """
        with self._lock:
            data = self._load()
            current = data.get(record.entity)
            kept = current.get("seq") if isinstance(current, dict) else None
            if isinstance(kept, int) and kept >= record.seq:
                return False
            data[record.entity] = {"seq": record.seq, "hash": record.hash}
            tmp = self.path.with_name(self.path.name + ".tmp")
            try:
                with tmp.open("w", encoding="utf-8") as out:
                    json.dump(data, out, sort_keys=True, indent=1)
                    out.flush()
                    os.fsync(out.fileno())
                tmp.replace(self.path)
            except OSError as exc:
                raise StorageError(f"cannot write anchor file {self.path}: {exc}") from exc
            return True

    def __call__(self, record: AuditRecord) -> None:
        """Anchor ``record`` (a commit hook: see ``Backend.on_commit``)."""
        self.write(record)
