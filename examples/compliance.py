"""The end of PT Maju Jaya's month: a compliance report and the statutory calendar.

Posts a January and February payroll with PPh 21 withheld, pays January's PPh 21 on
time and forgets February's, then prints the Indonesian compliance report and the first
obligations of the year's statutory calendar, in Bahasa Indonesia.

Run: ``.venv/bin/python examples/compliance.py [URL]`` (memory by default).
"""

from __future__ import annotations

import sys
from datetime import date

from backoffice_core import BackOffice, Money
from backoffice_core.jurisdictions import indonesia
from backoffice_core.ledger import Line


def rp(amount: int) -> Money:
    return Money(amount, "IDR")


def main(url: str = "memory://") -> None:
    with BackOffice.open(url, entity="PT Maju Jaya", actor="rina") as office:
        office.ledger.load_chart(indonesia.chart_of_accounts())
        for month in (1, 2):
            office.ledger.post(
                date(2026, month, 28),
                f"Gaji bulan {month}",
                [Line.debit("6110", rp(42_000_000)), Line.credit("2141", rp(1_260_000)),
                 Line.credit("1110", rp(40_740_000))],
                id=f"gaji-2026-{month:02d}",
            )  # fmt: skip
        office.ledger.post(
            date(2026, 2, 13),
            "Setor PPh 21 Januari",
            [Line.debit("2141", rp(1_260_000)), Line.credit("1110", rp(1_260_000))],
            id="pph21-2026-01",
            source="pph21-payment-2026-01",
        )
        report = office.compliance.run(
            indonesia.compliance_rules(),
            as_of=date(2026, 3, 31),
            params={"evidence_threshold": rp(25_000_000)},
        )
        print(report.render(locale="id_ID"))
        print()
        print("Kalender kewajiban 2026 (per 31 Maret 2026):")
        obligations = office.compliance.calendar(
            indonesia.statutory_calendar(2026), as_of=date(2026, 3, 31)
        )
        for item in obligations[:10]:
            print(f"  {item.due.isoformat()}  {item.state.value:9}  {item.title}")


if __name__ == "__main__":
    main(*sys.argv[1:2])
