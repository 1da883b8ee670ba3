"""PT Maju Jaya's fixed assets: register, depreciate, revalue, dispose, report.

Run it with ``python examples/assets.py [URL]`` (an in-memory backend by default). It
loads the Indonesian chart and asset categories, buys and registers a car, laptops and
an existing building taken over with its opening depreciation, runs three months of
depreciation (one journal entry a month, by cost centre), transfers a laptop, impairs
one, sells the car (proposed by Rina, approved by Budi: maker-checker), and prints the
asset register, a schedule and the fiscal correction in Bahasa Indonesia.
"""

from __future__ import annotations

import sys
from datetime import date

from backoffice_core import BackOffice, Money
from backoffice_core.assets import Asset, DepreciationPolicy, Method, Proration
from backoffice_core.jurisdictions import indonesia
from backoffice_core.ledger import Line

LOCALE = "id_ID"


def rp(amount: int) -> Money:
    """Rupiah."""
    return Money(amount, "IDR")


def purchases(office: BackOffice) -> None:
    """Post the purchase invoices (the acquisitions the register links to)."""
    for entry_id, day, account, amount in (
        ("INV-CAR-01", date(2026, 1, 5), "1230", 300_000_000),
        ("INV-LT-07", date(2026, 1, 12), "1240", 48_000_000),
    ):
        office.ledger.post(
            day,
            f"Pembelian aset {entry_id}",
            [Line.debit(account, rp(amount)), Line.credit("2110", rp(amount))],
            id=entry_id,
        )


def register(office: BackOffice) -> None:
    """Register a car, two laptops and an existing building."""
    car = Asset(
        id="car-01",
        tag="B 1234 MJ",
        name="Toyota Innova",
        category="kendaraan",
        location="Jakarta",
        custodian="EMP-007",
        cost_centre="sales",
        acquired=date(2026, 1, 5),
        cost=rp(300_000_000),
        in_service=date(2026, 1, 5),
        source_document="INV-CAR-01",
        policy=DepreciationPolicy(
            method=Method.DOUBLE_DECLINING,
            useful_life_months=96,
            salvage=rp(50_000_000),
            switch_to_straight_line=True,
        ),
        fiscal_method="saldo menurun",
    )
    laptops = [
        Asset(
            id=f"lt-{n}",
            tag=f"MJ-LT-{n:03d}",
            name="Laptop 14 inci",
            category="peralatan_kantor",
            location="Jakarta",
            custodian=f"EMP-00{n}",
            cost_centre="admin",
            acquired=date(2026, 1, 12),
            cost=rp(24_000_000),
            in_service=date(2026, 1, 16),
            source_document="INV-LT-07",
            policy=DepreciationPolicy(
                method=Method.STRAIGHT_LINE,
                useful_life_months=36,
                salvage=rp(0),
                proration=Proration.DAILY,
            ),
            fiscal_method="garis lurus",
        )
        for n in (1, 2)
    ]
    building = Asset(
        id="bldg-01",
        tag="MJ-GD-001",
        name="Gudang Cikarang",
        category="bangunan",
        location="Cikarang",
        cost_centre="ops",
        acquired=date(2021, 1, 4),
        cost=rp(2_400_000_000),
        in_service=date(2021, 1, 4),
        policy=DepreciationPolicy(
            method=Method.STRAIGHT_LINE, useful_life_months=240, salvage=rp(0)
        ),
        fiscal_method="garis lurus",
        opening_accumulated=rp(600_000_000),
        depreciation_start="2026-01",
    )
    office.assets.register_many([car, *laptops, building])


def run(office: BackOffice) -> None:
    """Run PT Maju Jaya's first quarter of fixed assets in ``office`` and print reports."""
    office.ledger.load_chart(indonesia.chart_of_accounts())
    office.assets.add_categories(indonesia.asset_categories())
    with office.transaction():
        purchases(office)
        register(office)
    books = office.assets.books
    for month in ("2026-01", "2026-02", "2026-03"):
        run = books.depreciate(month)
        if run is not None:
            print(f"{run.id}: {run.assets} aset, {run.amount}")
    office.assets.transfer("lt-2", location="Surabaya", custodian="EMP-011")
    books.impair("lt-1", rp(2_000_000), date(2026, 3, 31))
    sale = office.assets.disposals.propose(
        "car-01", date(2026, 4, 2), "sale", proceeds=rp(280_000_000), proceeds_account="1121"
    )
    approved = office.as_actor("budi").assets.disposals.approve(sale.id)
    print(f"Penjualan mobil disetujui oleh {approved.approved_by}: laba/rugi {approved.gain}")
    print()
    print(office.assets.reports.register().render(LOCALE), end="\n\n")
    print(office.assets.reports.schedule("lt-2").render(LOCALE).split("\n2026-07")[0])
    print()
    print(office.assets.reports.fiscal_correction(["lt-1", "lt-2", "bldg-01"]).render(LOCALE))


def main(url: str = "memory://") -> None:
    """Run the story on a backend opened from ``url``."""
    with BackOffice.open(url, entity="PT Maju Jaya", actor="rina") as office:
        run(office)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "memory://")
