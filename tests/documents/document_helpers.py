"""Builders shared by the documents tests: a registered letter, an approved contract."""

from __future__ import annotations

from datetime import date
from typing import Any

from backoffice_core import BackOffice
from backoffice_core.documents import Disposal, Document


def letter(office: BackOffice, **extra: Any) -> Document:
    """Register an HRD letter as a draft."""
    values: dict[str, Any] = {
        "department": "HRD",
        "text": "Undangan rapat direksi bulan Mei",
        "tags": ("rapat",),
    }
    values.update(extra)
    return office.documents.register(
        "letter", "Undangan rapat", b"%PDF-1.7 letter", "application/pdf", **values
    )


def approved(office: BackOffice, document: Document, on: date = date(2025, 5, 2)) -> Document:
    """Submit ``document`` and have another actor approve it."""
    office.documents.submit(document.id)
    return office.as_actor("budi").documents.approve(document.id, on=on)


def archived(office: BackOffice, document: Document, on: date = date(2015, 3, 1)) -> Document:
    """Take ``document`` through approval and activation to the archive."""
    approved(office, document, on)
    office.documents.activate(document.id)
    office.documents.expire(document.id)
    return office.documents.archive(document.id)


def corrupt_blob(office: BackOffice, sha256: str) -> None:
    """Overwrite stored content behind the library's back, on any backend."""
    backend: Any = office.backend
    if hasattr(backend, "record_tables"):
        backend.record_tables.blobs[(office.entity, sha256)] = b"tampered"
        return
    with office.transaction(), backend.session(office.entity, write=True) as session:
        session.execute(
            "UPDATE blobs SET content = ? WHERE entity = ? AND sha256 = ?",
            (b"tampered", office.entity, sha256),
        )


def disposed(
    office: BackOffice, ids: list[str], as_of: date = date(2025, 6, 1), reason: str = "jadwal"
) -> list[Disposal]:
    """Have the office's actor request the disposal of ``ids`` and "sari" carry it out."""
    office.documents.retention.request_disposal(ids, reason=reason, as_of=as_of)
    return office.as_actor("sari").documents.retention.dispose(ids, as_of=as_of)
