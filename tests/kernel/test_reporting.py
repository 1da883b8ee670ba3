from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from backoffice_core import Money, RoleAuthorizer
from backoffice_core.errors import InvalidInputError, PermissionDeniedError
from backoffice_core.i18n import format_money, label
from backoffice_core.reporting import Column, ColumnKind, Label, Report

REPORT = Report(
    title="trial_balance",
    columns=[
        Column("account", "account"),
        Column("amount", "amount", ColumnKind.MONEY),
        Column("date", "date"),
    ],
    rows=[{"account": "1110", "amount": Money("1500000", "IDR"), "date": date(2026, 1, 5)}],
    totals=[{"account": Label("total"), "amount": Money("1500000", "IDR")}],
)


class TestReport:
    def test_text_in_indonesian(self) -> None:
        """Rendering in id_ID uses Indonesian labels and dot grouping."""
        text = REPORT.render("id_ID")
        assert text.startswith("Neraca saldo")
        assert "1.500.000" in text
        assert "Jumlah" in text

    def test_csv_is_machine_readable(self) -> None:
        """CSV holds plain decimals and ISO dates whatever the locale."""
        assert REPORT.to_csv("id_ID").splitlines()[1] == "1110,1500000,2026-01-05"

    def test_json_keeps_currency(self) -> None:
        """JSON rows keep each amount's currency."""
        doc = json.loads(REPORT.to_json())
        assert doc["rows"][0]["amount"] == {"amount": "1500000", "currency": "IDR"}

    def test_html_for_notebooks(self) -> None:
        """The notebook representation is an HTML table."""
        assert "<table>" in REPORT._repr_html_()


class TestI18n:
    def test_money_in_both_languages(self) -> None:
        """Money formats with the locale's symbol and grouping."""
        assert format_money(Money("15000000", "IDR"), "id_ID") == "Rp15.000.000"
        assert format_money(Money("1234.5", "USD"), "en_US") == "$1,234.50"

    def test_unknown_message_is_an_error(self) -> None:
        """Asking for a message id that is not in the catalog names it."""
        with pytest.raises(InvalidInputError, match="no_such"):
            label("no_such", "id_ID")


class TestRoleAuthorizer:
    def test_grants_by_prefix(self) -> None:
        """A role allows actions under its prefixes and nothing else."""
        auth = RoleAuthorizer({"rina": {"accountant"}}, {"accountant": {"ledger.entry."}})
        auth.check("rina", "ledger.entry.post", "x")
        with pytest.raises(PermissionDeniedError, match="rina"):
            auth.check("rina", "ledger.period.closed", "2026-01")


class TestPandas:
    def test_dataframe_has_decimal_amounts(self) -> None:
        """to_pandas gives one column per report column, money as Decimal amounts."""
        frame = REPORT.to_pandas()
        assert list(frame.columns) == ["account", "amount", "date"]
        assert frame.loc[0, "amount"] == Decimal("1500000")
        assert len(frame) == 1  # totals are not body rows
