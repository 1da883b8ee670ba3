"""A month in the back office of PT Maju Jaya, part 1: the ledger.

PT Maju Jaya, a small trading and consulting company in Jakarta, was founded in
December 2025. This script keeps its books: it loads the Indonesian chart of accounts,
posts the founding month and closes the 2025 fiscal year, sets the January budgets,
posts January 2026 (capital, rent, purchases and sales with PPN, a bank fee, a receipt
in US dollars, a mistaken entry and its reversal), pays the salaries through a payroll
run (PPh 21 and BPJS computed, approved by the HR manager, posted and paid), registers
the office equipment in the fixed-asset register and posts its January depreciation,
closes January and prints the reports in Bahasa Indonesia, ends the month with the
compliance report and February's statutory calendar, then verifies the audit trail.

Run it with a storage URL (``sqlite:///pt-maju-jaya.db`` by default)::

    .venv/bin/python examples/quickstart.py memory://
    .venv/bin/python examples/quickstart.py sqlite:///pt-maju-jaya.db

Running it again against the same file changes nothing: every entry has an id, and a
month is booked only while its period is still open (a closed month is final here).
"""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal

from backoffice_core import BackOffice, Money, PeriodState
from backoffice_core.assets import Asset, DepreciationPolicy, Method
from backoffice_core.jurisdictions import indonesia
from backoffice_core.jurisdictions.indonesia import (
    chart_of_accounts,
    payroll_accounts,
    payroll_rules,
)
from backoffice_core.ledger import Ledger, Line, ReversalDate
from backoffice_core.payroll import Assignment, ComponentKind, Employee, PayComponent

DEFAULT_URL = "sqlite:///pt-maju-jaya.db"
LOCALE = "id_ID"
RETAINED_EARNINGS = "3200"  # Saldo laba

# Accounts of the Indonesian template used below.
KAS, BANK, BANK_USD = "1110", "1121", "1122"
PIUTANG, PERSEDIAAN, PPN_MASUKAN, PERALATAN = "1130", "1140", "1171", "1240"
UTANG_USAHA = "2110"
UTANG_PPH4_2, PPN_KELUARAN = "2143", "2145"
MODAL_SAHAM = "3100"
PENJUALAN, PENDAPATAN_JASA = "4100", "4200"
HPP = "5100"
SEWA, LISTRIK, PERLENGKAPAN = "6110", "6120", "6140"
GAJI, BEBAN_PEMASARAN, IKLAN = "6210", "6300", "6310"
BEBAN_BANK, BEBAN_LAIN = "8100", "8900"


def rp(amount: str) -> Money:
    """Return an amount in rupiah."""
    return Money(amount, "IDR")


def book_december_2025(ledger: Ledger) -> None:
    """Post the founding month and close fiscal year 2025 (once)."""
    if ledger.period("2025-12").state is not PeriodState.OPEN:
        return
    ledger.post(
        date(2025, 12, 15),
        "Setoran modal saham tahap I (akta pendirian)",
        [Line.debit(BANK, rp("1000000000")), Line.credit(MODAL_SAHAM, rp("1000000000"))],
        id="capital-2025-12",
        source="Akta No. 12 tanggal 10-12-2025",
    )
    ledger.post(
        date(2025, 12, 18),
        "Biaya notaris dan perizinan pendirian",
        [Line.debit(BEBAN_LAIN, rp("7500000")), Line.credit(BANK, rp("7500000"))],
        id="notary-2025-12",
    )
    ledger.post(
        date(2025, 12, 20),
        "Pembelian laptop dan printer kantor",
        [Line.debit(PERALATAN, rp("60000000")), Line.credit(BANK, rp("60000000"))],
        id="equipment-2025-12",
        source="INV/TKM/2025/12/0311",
    )
    # Income and expense of 2025 go to Saldo laba; every month of 2025 is closed.
    ledger.close_year(2025, RETAINED_EARNINGS)


def set_january_budgets(ledger: Ledger) -> None:
    """Set the January 2026 budget of the main income and expense accounts."""
    budgets = {
        PENJUALAN: "150000000",
        SEWA: "15000000",
        LISTRIK: "3000000",
        GAJI: "60000000",
        BEBAN_PEMASARAN: "5000000",  # a parent: its sub-accounts count as actual
    }
    for account, amount in budgets.items():
        ledger.set_budget(account, "2026-01", rp(amount))


def book_january_2026(ledger: Ledger) -> None:
    """Post January 2026."""
    ledger.post(
        date(2026, 1, 2),
        "Setoran modal saham tahap II",
        [Line.debit(BANK, rp("500000000")), Line.credit(MODAL_SAHAM, rp("500000000"))],
        id="capital-2026-01",
    )
    ledger.post(
        date(2026, 1, 2),
        "Pengisian kas kecil",
        [Line.debit(KAS, rp("10000000")), Line.credit(BANK, rp("10000000"))],
        id="petty-cash-2026-01",
    )
    # Office rent with 10% final income tax (PPh 4 ayat 2) withheld for the landlord:
    # the invoice first, then the payment (the cash-flow statement would show the cash
    # paid, not the tax withheld, even if both were in one entry).
    ledger.post(
        date(2026, 1, 5),
        "Sewa kantor Januari",
        [
            Line.debit(SEWA, rp("15000000")),
            Line.credit(UTANG_USAHA, rp("13500000")),
            Line.credit(UTANG_PPH4_2, rp("1500000")),
        ],
        id="rent-2026-01",
        source="Perjanjian sewa No. 004/SW/XII/2025",
    )
    ledger.post(
        date(2026, 1, 5),
        "Pembayaran sewa kantor Januari",
        [Line.debit(UTANG_USAHA, rp("13500000")), Line.credit(BANK, rp("13500000"))],
        id="rent-payment-2026-01",
    )
    # Goods bought on credit; PPN 12% on DPP nilai lain 11/12 is 11% of the price.
    ledger.post(
        date(2026, 1, 8),
        "Pembelian barang dagangan dari PT Sumber Makmur",
        [
            Line.debit(PERSEDIAAN, rp("150000000")),
            Line.debit(PPN_MASUKAN, rp("16500000")),
            Line.credit(UTANG_USAHA, rp("166500000")),
        ],
        id="purchase-2026-01-001",
        source="SM/INV/2026/0042",
    )
    ledger.post(
        date(2026, 1, 12),
        "Penjualan kepada CV Sinar Abadi",
        [
            Line.debit(PIUTANG, rp("133200000")),
            Line.credit(PENJUALAN, rp("120000000"), project="retail-jakarta"),
            Line.credit(PPN_KELUARAN, rp("13200000")),
        ],
        id="sale-2026-01-001",
        source="INV/MJ/2026/01/001",
    )
    ledger.post(
        date(2026, 1, 12),
        "Harga pokok penjualan INV/MJ/2026/01/001",
        [Line.debit(HPP, rp("72000000")), Line.credit(PERSEDIAAN, rp("72000000"))],
        id="cogs-2026-01-001",
    )
    # A marketing invoice booked on the rent account by mistake, reversed on the same
    # date and booked again on the right account.
    ledger.post(
        date(2026, 1, 15),
        "Iklan media sosial Januari",
        [Line.debit(SEWA, rp("4500000")), Line.credit(BANK, rp("4500000"))],
        id="ads-2026-01-wrong-account",
    )
    ledger.reverse(
        "ads-2026-01-wrong-account",
        ReversalDate.ORIGINAL,
        description="Koreksi: iklan salah dibukukan ke beban sewa",
    )
    ledger.post(
        date(2026, 1, 15),
        "Iklan media sosial Januari",
        [Line.debit(IKLAN, rp("4500000")), Line.credit(BANK, rp("4500000"))],
        id="ads-2026-01",
    )
    ledger.post(
        date(2026, 1, 16),
        "Pembelian alat tulis kantor",
        [Line.debit(PERLENGKAPAN, rp("1750000")), Line.credit(KAS, rp("1750000"))],
        id="supplies-2026-01",
    )
    ledger.post(
        date(2026, 1, 20),
        "Listrik, air dan telepon Januari",
        [Line.debit(LISTRIK, rp("3250000")), Line.credit(BANK, rp("3250000"))],
        id="utilities-2026-01",
    )
    ledger.post(
        date(2026, 1, 20),
        "Penjualan tunai",
        [
            Line.debit(BANK, rp("55500000")),
            Line.credit(PENJUALAN, rp("50000000"), project="retail-jakarta"),
            Line.credit(PPN_KELUARAN, rp("5500000")),
        ],
        id="sale-2026-01-002",
        source="INV/MJ/2026/01/002",
    )
    ledger.post(
        date(2026, 1, 20),
        "Harga pokok penjualan INV/MJ/2026/01/002",
        [Line.debit(HPP, rp("30000000")), Line.credit(PERSEDIAAN, rp("30000000"))],
        id="cogs-2026-01-002",
    )
    # Consulting for a client in Singapore, paid in US dollars at 16,250 rupiah.
    usd_rate = Decimal("16250")
    ledger.post(
        date(2026, 1, 22),
        "Jasa konsultasi untuk Lion Trading Pte Ltd",
        [
            Line.debit(BANK_USD, Money("3000", "USD"), rate=usd_rate),
            Line.credit(PENDAPATAN_JASA, Money("3000", "USD"), rate=usd_rate),
        ],
        id="consulting-2026-01-lion",
        source="INV/MJ/2026/01/003",
    )
    ledger.post(
        date(2026, 1, 22),
        "Biaya transfer masuk valuta asing",
        [
            Line.debit(BEBAN_BANK, Money("15", "USD"), rate=usd_rate),
            Line.credit(BANK_USD, Money("15", "USD"), rate=usd_rate),
        ],
        id="bank-fee-usd-2026-01",
    )
    ledger.post(
        date(2026, 1, 25),
        "Pembayaran utang kepada PT Sumber Makmur",
        [Line.debit(UTANG_USAHA, rp("166500000")), Line.credit(BANK, rp("166500000"))],
        id="payment-2026-01-sm",
        source="SM/INV/2026/0042",
    )
    ledger.post(
        date(2026, 1, 26),
        "Pelunasan piutang CV Sinar Abadi",
        [Line.debit(BANK, rp("133200000")), Line.credit(PIUTANG, rp("133200000"))],
        id="receipt-2026-01-sinar",
        source="INV/MJ/2026/01/001",
    )
    ledger.post(
        date(2026, 1, 31),
        "Biaya administrasi bank Januari",
        [Line.debit(BEBAN_BANK, rp("30000")), Line.credit(BANK, rp("30000"))],
        id="bank-fee-2026-01",
    )


STAFF = [  # id, name, PTKP status, basic salary, department
    ("MJ-001", "Budi Santoso", "K/2", "15000000", "operasional"),
    ("MJ-002", "Rina Kusuma", "K/0", "12000000", "operasional"),
    ("MJ-003", "Agus Salim", "TK/0", "8000000", "operasional"),
    ("MJ-004", "Sari Wulandari", "TK/1", "14000000", "penjualan"),
    ("MJ-005", "Dewi Lestari", "K/1", "11000000", "penjualan"),
]


def pay_january_2026(office: BackOffice) -> None:
    """Pay January's salaries through a payroll run: calculated, approved, posted, paid.

    The clerk (this office's actor) calculates; the HR manager approves on the 28th,
    which posts the journal (salaries by department, employer BPJS, PPh 21 and BPJS
    payables, net pay), and the net pay is transferred the same day.
    """
    joined = date(2025, 12, 1)
    office.payroll.define_components(
        PayComponent(code="basic", name="Basic salary", name_id="Gaji pokok",
                     kind=ComponentKind.EARNING, social_security_base=True)
    )  # fmt: skip
    office.payroll.employees.hire(
        [
            Employee(id=emp_id, name=name, tax_status=status, joined=joined,
                     department=department, cost_centre=department,
                     components=(Assignment(component="basic", amount=rp(basic),
                                            effective_from=joined),))
            for emp_id, name, status, basic, department in STAFF
        ]
    )  # fmt: skip
    run = office.payroll.calculate("2026-01", payroll_rules())
    manager = office.as_actor("hr.manager").payroll
    manager.approve(run.id, accounts=payroll_accounts(), on=date(2026, 1, 28))
    manager.pay(run.id, on=date(2026, 1, 28), accounts=payroll_accounts())


def depreciate_january(office: BackOffice) -> None:
    """Register the December purchase of laptops and printer, depreciate January."""
    office.assets.add_categories(indonesia.asset_categories())
    office.assets.register(
        Asset(
            id="equipment-2025-12",
            tag="MJ-PK-001",
            name="Laptop dan printer kantor",
            category="peralatan_kantor",
            location="Jakarta",
            custodian="EMP-001",
            cost_centre="admin",
            acquired=date(2025, 12, 20),
            cost=rp("60000000"),
            in_service=date(2026, 1, 2),
            source_document="INV/TKM/2025/12/0311",
            policy=DepreciationPolicy(
                method=Method.STRAIGHT_LINE, useful_life_months=48, salvage=rp("0")
            ),
            fiscal_method="garis lurus",
        )
    )
    office.assets.books.depreciate("2026-01")


def file_january_documents(office: BackOffice) -> None:
    """File the documents behind January's entries; the entries name them as source."""
    docs = office.documents
    lease = docs.register(
        "contract",
        "Perjanjian sewa ruang kantor",
        b"%PDF-1.7 perjanjian sewa",
        "application/pdf",
        number="004/SW/XII/2025",
        department="GA",
        parties=("PT Graha Sudirman",),
        effective=date(2026, 1, 1),
        expires=date(2026, 12, 31),
        text="Sewa ruang kantor dua belas bulan, PPh 4 ayat 2 dipotong penyewa",
    )
    for number, title in (
        ("SM/INV/2026/0042", "Faktur PT Sumber Makmur"),
        ("INV/MJ/2026/01/001", "Faktur penjualan CV Sinar Abadi"),
    ):
        docs.register(
            "invoice",
            title,
            title.encode(),
            "application/pdf",
            number=number,
            effective=date(2026, 1, 8),
        )
    docs.submit(lease.id)
    office.as_actor("budi").documents.approve(lease.id)
    docs.activate(lease.id)


def main(url: str = DEFAULT_URL) -> None:
    """Keep PT Maju Jaya's books on ``url`` and print its January 2026 reports."""
    with BackOffice.open(url, entity="PT Maju Jaya", actor="rina", locale=LOCALE) as office:
        ledger = office.ledger
        ledger.load_chart(chart_of_accounts())
        book_december_2025(ledger)
        if ledger.period("2026-01").state is PeriodState.OPEN:
            # The whole month commits at once, closing included, or not at all.
            with office.transaction():
                set_january_budgets(ledger)
                book_january_2026(ledger)
                pay_january_2026(office)
                depreciate_january(office)
                file_january_documents(office)
                ledger.close_period("2026-01")

        jan_start, jan_end, dec_end = date(2026, 1, 1), date(2026, 1, 31), date(2025, 12, 31)
        reports = [
            ledger.trial_balance(as_of=jan_end),
            ledger.income_statement(jan_start, jan_end),
            ledger.balance_sheet(jan_end, compare=dec_end),
            ledger.cash_flow(jan_start, jan_end),
            ledger.budget_vs_actual("2026-01", "2026-01"),
            office.assets.reports.register(),
        ]
        for report in reports:
            # The office's locale (id_ID): dates in words, Rp, losses in parentheses.
            print(report.render(parentheses=True), end="\n\n")

        threshold = rp("100000000")
        print("Jurnal di atas Rp 100.000.000 tanpa dokumen pendukung:")
        for entry in office.documents.evidence.unsupported_entries(threshold, start=jan_start):
            print(f"  {entry.date} {entry.description}")
        print()

        # The month ends with the compliance report and the statutory calendar.
        compliance = office.compliance.run(
            indonesia.compliance_rules(),
            as_of=date(2026, 2, 5),
            params={"evidence_threshold": threshold},
            save=False,
        )
        print(compliance.render(locale=LOCALE), end="\n\n")
        print("Kalender kewajiban Februari 2026:")
        calendar = office.compliance.calendar(
            indonesia.statutory_calendar(2026), as_of=date(2026, 2, 5)
        )
        for item in calendar:
            if item.due.month == 2 and item.due.year == 2026:
                print(f"  {item.due}  {item.state.value:9}  {item.title}")
        print()

        verification = office.audit.verify()
        print(verification)
        print(f"Hash kepala jejak audit (simpan di tempat lain): {office.audit.head()}")
        if not verification:
            raise SystemExit(1)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_URL)
