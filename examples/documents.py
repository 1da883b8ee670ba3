"""A month of documents at PT Maju Jaya: a lease, a numbered letter, evidence, disposal.

Registers and approves a lease and an HRD letter (maker-checker, Indonesian letter
number), corrects the lease's tags, keeps a secret report out of an accountant's
search, pays the rent with the receipt as evidence, finds documents by text and tag,
lists expiring contracts and unsupported entries, and disposes of an old invoice after
its ten-year retention (requested by one person, carried out by another). Run with
``.venv/bin/python examples/documents.py [URL]`` (``memory://`` by default).
"""

from __future__ import annotations

import sys
from datetime import date

from backoffice_core import BackOffice, Money
from backoffice_core.compliance import AccessPolicy
from backoffice_core.context import Context
from backoffice_core.documents import Document
from backoffice_core.ledger import Line, generic_chart


def approve(office: BackOffice, document: Document, on: date) -> Document:
    """Submit as the maker, approve as the checker."""
    office.documents.submit(document.id)
    return office.as_actor("budi").documents.approve(document.id, on=on)


def main(url: str = "memory://") -> None:
    with BackOffice.open(url, entity="PT Maju Jaya", actor="rina") as office:
        office.ledger.load_chart(generic_chart())
        docs = office.documents

        lease = docs.register(
            "contract",
            "Sewa gudang Cikarang",
            b"%PDF lease",
            "application/pdf",
            department="GA",
            parties=("PT Logistik Jaya",),
            tags=("sewa",),
            effective=date(2025, 1, 1),
            expires=date(2025, 12, 31),
            text="Sewa gudang di Cikarang selama satu tahun",
        )
        lease = approve(office, lease, date(2025, 1, 2))
        docs.activate(lease.id)
        letter = approve(
            office,
            docs.register(
                "letter",
                "Pemberitahuan cuti bersama",
                b"Yth. karyawan",
                "text/plain",
                department="HRD",
                text="cuti bersama Idul Fitri",
            ),
            date(2025, 3, 20),
        )
        print(f"{lease.number:<28} {lease.title}")
        print(f"{letter.number:<28} {letter.title}")

        # A correction of metadata, based on the revision read (audited).
        lease = docs.amend(
            lease.id, expected_version=docs.revision(lease.id), tags=("sewa", "gudang")
        )
        print(f"amended tags of {lease.number}: {', '.join(lease.tags)}")

        # A secret document: an actor without documents.read.secret neither finds nor reads it.
        policy = AccessPolicy({"rina": {"document_controller"}, "joko": {"accountant"}})
        controller = BackOffice(office.backend, Context(office.entity, "rina", policy))
        controller.documents.register(
            "report", "Gaji direksi 2025", b"gaji", "text/plain", confidentiality="secret"
        )
        joko = BackOffice(office.backend, Context(office.entity, "joko", policy))
        print("reports joko finds:", len(joko.documents.search.find(kind="report")))
        print("reports rina finds:", len(controller.documents.search.find(kind="report")))

        receipt = docs.register(
            "receipt", "Kuitansi sewa gudang", b"kuitansi", "image/png", effective=date(2025, 1, 2)
        )
        rent = Money("60000000", "IDR")
        office.ledger.post(
            date(2025, 1, 2),
            "Sewa gudang 2025",
            [Line.debit("6110", rent), Line.credit("1120", rent)],
            source=receipt.id,
        )
        office.ledger.post(
            date(2025, 1, 3),
            "Uang muka pemasok",
            [Line.debit("1200", rent), Line.credit("1120", rent)],
        )
        threshold = Money("10000000", "IDR")
        for entry in docs.evidence.unsupported_entries(threshold):
            print(f"no evidence: {entry.date} {entry.description}")

        print("found:", [d.title for d in docs.search.find("gudang", tag="sewa")])
        for item in docs.retention.expiring(30, as_of=date(2025, 12, 15)):
            print(f"expires {item.on} ({item.days_left} days): {item.title}")

        old = docs.register(
            "invoice", "Faktur 2014", b"old", "application/pdf", effective=date(2014, 3, 1)
        )
        approve(office, old, date(2014, 3, 1))
        for step in (docs.activate, docs.expire, docs.archive):
            step(old.id)
        eligible = [d.id for d in docs.retention.eligible(as_of=date(2025, 12, 31))]
        # Disposal is maker-checker: one person requests it, another carries it out.
        docs.retention.request_disposal(eligible, reason="Jadwal retensi", as_of=date(2025, 12, 31))
        checker = office.as_actor("sari").documents
        for disposal in checker.retention.dispose(eligible, as_of=date(2025, 12, 31)):
            print(f"disposed {disposal.title}: kept until {disposal.retain_until}")
        print(office.audit.verify())


if __name__ == "__main__":
    main(*sys.argv[1:])
