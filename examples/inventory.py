"""A month in the back office of PT Maju Jaya, part 2: the warehouse in February 2026.

Runs after ``examples/quickstart.py`` on the same storage (``make demo`` does both) and
keeps the stock of PT Maju Jaya's trading side: the catalog (units, two warehouses,
three items valued FIFO or at moving average), the Indonesian stock accounts, the
February receipts, sales, a transfer between warehouses, breakage, the end-of-month
stock count, the items below their reorder point, and the stock reports in Bahasa
Indonesia. The cost of goods sold, receipts and count differences are posted to the
ledger in the same unit of work; the script checks that Persediaan equals the stock
value.

Run it with a storage URL (``sqlite:///pt-maju-jaya.db`` by default)::

    .venv/bin/python examples/inventory.py memory://
    .venv/bin/python examples/inventory.py sqlite:///pt-maju-jaya.db

Running it again changes nothing: every movement has an id, so a replay is a no-op.
"""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal

from backoffice_core import BackOffice, Money
from backoffice_core.inventory import Inventory
from backoffice_core.jurisdictions import indonesia

DEFAULT_URL = "sqlite:///pt-maju-jaya.db"
LOCALE = "id_ID"
PERSEDIAAN, KAS = "1140", "1110"


def rp(amount: str) -> Money:
    """Return an amount in rupiah."""
    return Money(amount, "IDR")


def catalog(inventory: Inventory) -> None:
    """Units, warehouses and items (adding them again is harmless)."""
    cat = inventory.catalog
    cat.set_accounts(indonesia.stock_accounts())
    cat.add_unit("kg", "Kilogram")
    cat.add_unit("g", "Gram", base="kg", factor="0.001")
    cat.add_unit("pcs", "Buah")
    cat.add_location("JKT", "Gudang Jakarta Utara")
    cat.add_location("BKS", "Gudang Bekasi")
    cat.add_item("KOPI-ARB", "Kopi arabika Gayo", unit="kg", valuation="fifo",
                 reorder_point=Decimal(40), reorder_quantity=Decimal(100))  # fmt: skip
    cat.add_item("GULA-AREN", "Gula aren", unit="kg", valuation="average",
                 reorder_point=Decimal(20))  # fmt: skip
    cat.add_item("CANGKIR", "Cangkir keramik", unit="pcs", valuation="fifo",
                 conversions={"dus": Decimal(24)})  # fmt: skip


def february(inventory: Inventory) -> None:
    """Receipts, sales, a transfer, breakage and the month-end count."""
    inventory.receive("KOPI-ARB", "JKT", 120, date(2026, 2, 2), value=rp("21600000"),
                      reference="SJ/PTG/0201", id="gr-2026-02-01")  # fmt: skip
    inventory.receive("GULA-AREN", "JKT", 50, date(2026, 2, 2), unit_cost=rp("32000"),
                      reference="SJ/ARN/0202", id="gr-2026-02-02")  # fmt: skip
    inventory.receive("CANGKIR", "JKT", 5, date(2026, 2, 3), unit="dus",
                      value=rp("3600000"), account=KAS, id="gr-2026-02-03")  # fmt: skip
    inventory.issue("KOPI-ARB", "JKT", 70, date(2026, 2, 10), reference="FJ-0210",
                    id="so-2026-02-10")  # fmt: skip
    inventory.receive("KOPI-ARB", "JKT", 60, date(2026, 2, 12), value=rp("11400000"),
                      reference="SJ/PTG/0212", id="gr-2026-02-12")  # fmt: skip
    inventory.transfer("KOPI-ARB", "JKT", "BKS", 30, date(2026, 2, 14), id="tr-2026-02-14")
    inventory.issue("KOPI-ARB", "JKT", 65, date(2026, 2, 18), reference="FJ-0218",
                    id="so-2026-02-18")  # fmt: skip
    inventory.issue("GULA-AREN", "JKT", "35.5", date(2026, 2, 20), reference="FJ-0220",
                    id="so-2026-02-20")  # fmt: skip
    inventory.adjust("CANGKIR", "JKT", -4, date(2026, 2, 21), memo="pecah saat bongkar muat",
                     id="adj-2026-02-21")  # fmt: skip
    inventory.count("JKT", date(2026, 2, 28),
                    {"KOPI-ARB": Decimal("14.5"), "GULA-AREN": Decimal("14.5"), "CANGKIR": 116},
                    id="opname-2026-02-jkt")  # fmt: skip


def main(url: str = DEFAULT_URL) -> None:
    """Keep PT Maju Jaya's February stock on ``url`` and print the stock reports."""
    with BackOffice.open(url, entity="PT Maju Jaya", actor="rina") as office:
        office.ledger.load_chart(indonesia.chart_of_accounts())
        inventory = office.inventory
        with office.transaction():
            catalog(inventory)
            february(inventory)
        end = date(2026, 2, 28)
        print(inventory.valuation_report(end, locale=LOCALE).render(LOCALE))
        print()
        print(inventory.movement_report(date(2026, 2, 1), end, item="KOPI-ARB",
                                        locale=LOCALE).render(LOCALE))  # fmt: skip
        print()
        for line in inventory.below_reorder_point(end):
            order = "" if line.reorder_quantity is None else f", pesan {line.reorder_quantity}"
            print(f"Di bawah titik pesan ulang: {line.item} {line.on_hand} {line.unit} "
                  f"(titik {line.reorder_point}{order})")  # fmt: skip
        # January's purchases were booked to Persediaan directly (quickstart.py); the
        # stock movements of February move the account by exactly the stock value.
        stock_value = sum((lv.value.amount for lv in inventory.on_hand(end)), Decimal(0))
        moved = office.ledger.balance(PERSEDIAAN, end) - office.ledger.balance(
            PERSEDIAAN, date(2026, 1, 31)
        )
        print(f"Nilai persediaan {rp(str(stock_value))}; mutasi akun {PERSEDIAAN}: {moved}")
        print(office.audit.verify())


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_URL)
