"""The Indonesian chart of accounts template."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from backoffice_core import BackOffice, Money
from backoffice_core.errors import CurrencyMismatchError
from backoffice_core.jurisdictions.indonesia.chart import chart_of_accounts
from backoffice_core.ledger import AccountType, Activity, Line


class TestChartOfAccounts:
    def test_codes_are_unique(self) -> None:
        """No code appears twice in the template."""
        codes = [a.code for a in chart_of_accounts()]
        assert len(codes) == len(set(codes))

    def test_parents_come_first(self) -> None:
        """Every parent is in the template and listed before its children."""
        seen: set[str] = set()
        for account in chart_of_accounts():
            assert account.parent is None or account.parent in seen, account.code
            seen.add(account.code)

    def test_parent_has_child_type(self) -> None:
        """A child account has the same type as its parent."""
        chart = {a.code: a for a in chart_of_accounts()}
        mixed = [a.code for a in chart.values() if a.parent and chart[a.parent].type != a.type]
        assert mixed == []

    def test_every_type_present(self) -> None:
        """Assets, liabilities, equity, income and expenses all have accounts."""
        assert {a.type for a in chart_of_accounts()} == set(AccountType)

    def test_fixed_codes(self) -> None:
        """1110 is Kas, 6110 is Beban sewa and 3200 is Saldo laba, as the guides use them."""
        chart = {a.code: a for a in chart_of_accounts()}
        assert (chart["1110"].name, chart["1110"].type) == ("Kas", AccountType.ASSET)
        assert (chart["6110"].name, chart["6110"].type) == ("Beban sewa", AccountType.EXPENSE)
        assert (chart["3200"].name, chart["3200"].type) == ("Saldo laba", AccountType.EQUITY)

    def test_cash_accounts(self) -> None:
        """Exactly the cash and bank accounts are flagged as cash."""
        cash = {a.code for a in chart_of_accounts() if a.cash}
        assert cash == {"1110", "1120", "1121", "1122"}

    def test_activities(self) -> None:
        """Fixed assets are investing, long-term bank loans and equity are financing."""
        chart = {a.code: a for a in chart_of_accounts()}
        assert chart["1240"].cash_flow_activity is Activity.INVESTING
        assert chart["2210"].cash_flow_activity is Activity.FINANCING
        assert chart["3100"].cash_flow_activity is Activity.FINANCING
        assert chart["2141"].cash_flow_activity is Activity.OPERATING

    def test_statutory_accounts(self) -> None:
        """The tax and social-security accounts a PT needs are present by name."""
        names = {a.name for a in chart_of_accounts()}
        expected = {
            "PPN Masukan",
            "PPN Keluaran",
            "Utang PPh 21",
            "Utang PPh 23",
            "Utang PPh 25/29",
            "Utang BPJS Kesehatan",
            "Utang BPJS Ketenagakerjaan",
            "Beban tunjangan hari raya (THR)",
        }
        assert expected <= names

    def test_rupiah_accounts(self) -> None:
        """Tax payables are restricted to IDR while the foreign-currency bank is open."""
        chart = {a.code: a for a in chart_of_accounts()}
        assert chart["2141"].currency == "IDR"
        assert chart["1110"].currency == "IDR"
        assert chart["1122"].currency is None

    def test_other_books_currency(self) -> None:
        """The rupiah-only accounts follow the currency argument."""
        chart = {a.code: a for a in chart_of_accounts("USD")}
        assert chart["3200"].currency == "USD"


class TestChartInLedger:
    def test_loads(self, office: BackOffice) -> None:
        """Every account of the template loads into a ledger."""
        assert office.ledger.load_chart(chart_of_accounts()) == len(chart_of_accounts())

    def test_loads_twice(self, office: BackOffice) -> None:
        """Loading the template a second time adds nothing."""
        office.ledger.load_chart(chart_of_accounts())
        assert office.ledger.load_chart(chart_of_accounts()) == 0

    def test_rent_posts(self, office: BackOffice) -> None:
        """Paying rent from Kas moves 6110 and 1110 by the amount."""
        office.ledger.load_chart(chart_of_accounts())
        rent = Money("15000000", "IDR")
        office.ledger.post(
            date(2026, 1, 5),
            "Sewa kantor Januari",
            [Line.debit("6110", rent), Line.credit("1110", rent)],
        )
        assert office.ledger.balance("6110", date(2026, 1, 31)) == rent
        assert office.ledger.balance("1100", date(2026, 1, 31)) == -rent

    def test_rupiah_account_refuses_dollars(self, office: BackOffice) -> None:
        """A dollar line on Kas is refused because Kas holds rupiah only."""
        office.ledger.load_chart(chart_of_accounts())
        usd, rate = Money("100", "USD"), Decimal("16000")
        lines = [Line.debit("1110", usd, rate=rate), Line.credit("4200", usd, rate=rate)]
        with pytest.raises(CurrencyMismatchError):
            office.ledger.post(date(2026, 1, 5), "Dollar cash", lines)
