"""Locale everywhere: the office's default locale, dates, currency, negatives, labels.

Also the messages people read when an entry does not balance, and the filters and
paging of ``ledger.entries()``.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest

from backoffice_core import BackOffice, Money
from backoffice_core.errors import InvalidInputError, UnbalancedEntryError
from backoffice_core.jurisdictions.indonesia import chart_of_accounts
from backoffice_core.ledger import Line, generic_chart
from backoffice_core.ledger.errors import UnknownAccountError

JAN_START, JAN_END = date(2026, 1, 1), date(2026, 1, 31)


def rp(amount: str) -> Money:
    """Return rupiah."""
    return Money(amount, "IDR")


@pytest.fixture
def books(url: str) -> Iterator[BackOffice]:
    """An office whose default locale is id_ID, with a loss in January."""
    entity = f"PT Lokal {uuid.uuid4().hex[:8]}"
    with BackOffice.open(url, entity=entity, actor="rina", locale="id_ID") as office:
        ledger = office.ledger
        ledger.load_chart(chart_of_accounts())
        ledger.post(
            date(2026, 1, 2),
            "Setoran modal",
            [Line.debit("1121", rp("100000000")), Line.credit("3100", rp("100000000"))],
            id="capital",
            source="Akta 12",
        )
        ledger.post(
            date(2026, 1, 5),
            "Sewa kantor",
            [
                Line.debit("6110", rp("7500000"), department="umum"),
                Line.credit("1121", rp("7500000"), memo="transfer BCA"),
            ],
            id="rent",
            source="INV-7",
        )
        ledger.post(
            date(2026, 2, 5),
            "Iklan",
            [
                Line.debit("6310", rp("1000000"), department="pemasaran"),
                Line.credit("1110", rp("1000000")),
            ],
            id="ads",
        )
        yield office


class TestOfficeLocale:
    def test_reports_default_to_office_locale(self, books: BackOffice) -> None:
        """render() with no locale speaks the office's language."""
        text = books.ledger.income_statement(JAN_START, JAN_END).render()
        assert text.splitlines()[0] == "Laporan laba rugi"
        assert books.locale == "id_ID"

    def test_notebook_html_in_office_locale(self, books: BackOffice) -> None:
        """A notebook's _repr_html_ is in the office's language and number format."""
        page = books.ledger.trial_balance(JAN_END)._repr_html_()
        assert "<h4>Neraca saldo</h4>" in page
        assert "100.000.000" in page

    def test_named_locale_wins(self, books: BackOffice) -> None:
        """A locale passed to a renderer overrides the office's."""
        text = books.ledger.trial_balance(JAN_END).render("en_US")
        assert text.splitlines()[0] == "Trial balance"

    def test_unknown_locale_refused(self, url: str) -> None:
        """Opening an office with an unknown locale raises InvalidInputError naming it."""
        with pytest.raises(InvalidInputError, match="'xx_XX'"):
            BackOffice.open(url, entity="PT X", actor="rina", locale="xx_XX")


class TestDatesAndCurrency:
    def test_long_indonesian_date(self, books: BackOffice) -> None:
        """The caption carries the date in words: 31 Januari 2026."""
        caption = books.ledger.balance_sheet(JAN_END).render().splitlines()[1]
        assert "31 Januari 2026" in caption

    def test_currency_symbol_in_caption(self, books: BackOffice) -> None:
        """The caption names the currency by its local symbol, Rp."""
        caption = books.ledger.balance_sheet(JAN_END).render().splitlines()[1]
        assert " · Rp · " in caption

    def test_symbol_on_amounts(self, books: BackOffice) -> None:
        """symbol=True writes Rp on every amount."""
        text = books.ledger.trial_balance(JAN_END).render(symbol=True)
        assert "Rp92.500.000" in text.replace("\xa0", "")

    def test_negatives_in_parentheses(self, books: BackOffice) -> None:
        """parentheses=True writes a loss as (7.500.000) instead of -7.500.000."""
        report = books.ledger.income_statement(JAN_START, JAN_END)
        assert "-7.500.000" in report.render()
        text = report.render(parentheses=True)
        assert "(7.500.000)" in text
        assert "-7.500.000" not in text

    def test_english_date(self, books: BackOffice) -> None:
        """In en_US the same caption reads January 31, 2026."""
        assert "January 31, 2026" in books.ledger.balance_sheet(JAN_END).render("en_US")


class TestTranslatedLabels:
    def test_csv_totals_translated(self, books: BackOffice) -> None:
        """CSV total rows carry the label in the language, not the message id."""
        report = books.ledger.income_statement(JAN_START, JAN_END)
        rows = list(csv.reader(io.StringIO(report.to_csv())))
        names = [r[1] for r in rows]
        assert "Laba (rugi) bersih" in names
        assert "net_income" not in names
        assert rows[-1][2] == "-7500000"

    def test_csv_english_account_names(self, books: BackOffice) -> None:
        """In en_US the Indonesian chart's names are English in CSV too."""
        rows = list(
            csv.DictReader(io.StringIO(books.ledger.trial_balance(JAN_END).to_csv("en_US")))
        )
        assert {r["Account name"] for r in rows} >= {"Rent expense", "Bank - rupiah"}

    def test_json_keeps_ids_and_adds_labels(self, books: BackOffice) -> None:
        """JSON keeps the message id and adds its text in the locale."""
        document = json.loads(books.ledger.income_statement(JAN_START, JAN_END).to_json())
        total = document["totals"][0]
        assert (total["name"], total["name_label"]) == ("net_income", "Laba (rugi) bersih")
        assert document["heading"] == "Laporan laba rugi"

    def test_generic_chart_in_indonesian(self, url: str) -> None:
        """The generic (English) chart shows its Indonesian names in id_ID."""
        with BackOffice.open(url, entity="PT G", actor="rina") as office:
            office.ledger.load_chart(generic_chart())
            office.ledger.post(
                JAN_END, "x", [Line.debit("6110", rp("1")), Line.credit("1110", rp("1"))]
            )
            tb = office.ledger.trial_balance(JAN_END)
            assert "Beban sewa" in tb.render("id_ID")
            assert "Rent" in tb.render("en_US")


class TestUnbalancedMessages:
    def test_one_currency(self, books: BackOffice) -> None:
        """An IDR-only entry names the larger side and the difference, without conversion."""
        with pytest.raises(UnbalancedEntryError) as caught:
            books.ledger.post(
                JAN_END,
                "bad",
                [Line.debit("6110", rp("100000")), Line.credit("1110", rp("90000"))],
                id="bad",
            )
        message = str(caught.value)
        assert "debits exceed credits by IDR 10000" in message
        assert "conversion" not in message
        assert "base_amount" not in message
        assert "-" not in message.split("by")[1]

    def test_credits_exceed(self, books: BackOffice) -> None:
        """When credits are larger the message says so, with a positive amount."""
        with pytest.raises(UnbalancedEntryError, match="credits exceed debits by IDR 10000"):
            books.ledger.post(
                JAN_END,
                "bad",
                [Line.debit("6110", rp("90000")), Line.credit("1110", rp("100000"))],
            )

    def test_foreign_currency(self, books: BackOffice) -> None:
        """A foreign-currency imbalance is named in that currency."""
        with pytest.raises(UnbalancedEntryError, match="in USD: credits exceed debits by USD 1"):
            books.ledger.post(
                JAN_END,
                "bad",
                [
                    Line.debit("1122", Money("10", "USD"), rate=Decimal("16000")),
                    Line.credit("4100", Money("11", "USD"), rate=Decimal("16000")),
                ],
            )


class TestEntriesFilters:
    def test_date_range(self, books: BackOffice) -> None:
        """Start and end keep the entries dated between them (ISO strings accepted)."""
        found = books.ledger.entries(start="2026-01-03", end=JAN_END)
        assert [e.id for e in found] == ["rent"]

    def test_account_includes_sub_accounts(self, books: BackOffice) -> None:
        """An account filter matches lines on the account or any account below it."""
        assert [e.id for e in books.ledger.entries(account="1100")] == ["capital", "rent", "ads"]
        assert [e.id for e in books.ledger.entries(account="6300")] == ["ads"]

    def test_source_dimension_text(self, books: BackOffice) -> None:
        """Source, dimension values and text (also in line memos) filter too."""
        ledger = books.ledger
        assert [e.id for e in ledger.entries(source="INV-7")] == ["rent"]
        assert [e.id for e in ledger.entries(dimensions={"department": "pemasaran"})] == ["ads"]
        assert [e.id for e in ledger.entries(text="bca")] == ["rent"]

    def test_paging(self, books: BackOffice) -> None:
        """Limit and offset page through the matches in posting order."""
        assert [e.id for e in books.ledger.entries(limit=2)] == ["capital", "rent"]
        assert [e.id for e in books.ledger.entries(offset=2, limit=2)] == ["ads"]

    def test_bad_arguments(self, books: BackOffice) -> None:
        """A negative limit or an unknown account is refused by name."""
        with pytest.raises(InvalidInputError, match="limit -1"):
            books.ledger.entries(limit=-1)
        with pytest.raises(UnknownAccountError, match="'9999'"):
            books.ledger.entries(account="9999")
