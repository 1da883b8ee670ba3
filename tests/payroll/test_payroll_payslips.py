"""Payslips rendered as text, HTML and JSON in Bahasa Indonesia and English; the summary."""

from __future__ import annotations

import json

from payroll_helpers import RULES, setup

from backoffice_core import BackOffice
from backoffice_core.payroll import terbilang


class TestPayslips:
    def test_indonesian_text_has_labels_and_terbilang(self, office: BackOffice) -> None:
        """The Indonesian payslip uses Indonesian labels and states net pay in words."""
        setup(office)
        run = office.payroll.calculate("2026-01", RULES)
        slip = office.payroll.payslip(run.id, "E002")
        text = slip.render("id_ID")
        assert "Slip gaji" in text
        assert "Gaji bersih" in text
        assert f"Terbilang: {terbilang(slip.net.amount)} rupiah" in text

    def test_english_text_has_english_labels(self, office: BackOffice) -> None:
        """The English payslip uses English labels and no terbilang."""
        setup(office)
        run = office.payroll.calculate("2026-01", RULES)
        text = office.payroll.payslip(run.id, "E001").render("en_US")
        assert "Payslip" in text
        assert "Net pay" in text
        assert "Terbilang" not in text

    def test_renders_mask_the_npwp(self, office: BackOffice) -> None:
        """Text, HTML and JSON show only the NPWP's last four digits."""
        setup(office)
        run = office.payroll.calculate("2026-01", RULES)
        slip = office.payroll.payslip(run.id, "E001")
        for rendered in (slip.render("id_ID"), slip.to_html("id_ID"), slip.to_json("id_ID")):
            assert "0123456789012345" not in rendered
            assert "************2345" in rendered

    def test_json_lines_sum_to_net(self, office: BackOffice) -> None:
        """The JSON payslip's earnings less withheld lines equal its net."""
        setup(office)
        run = office.payroll.calculate("2026-01", RULES)
        data = json.loads(office.payroll.payslip(run.id, "E001").to_json("en_US"))
        sign = {"earning": 1, "deduction": -1, "social_security": -1, "tax": -1}
        net = sum(int(ln["amount"]["amount"]) * sign.get(ln["kind"], 0) for ln in data["lines"])
        assert net == int(data["net"]["amount"])

    def test_summary_totals_equal_the_run(self, office: BackOffice) -> None:
        """The run summary's total row equals the run's net and tax."""
        setup(office)
        run = office.payroll.calculate("2026-01", RULES)
        report = office.payroll.summary(run.id)
        (total,) = report.totals
        assert (total["net"], total["tax"]) == (run.net, run.tax)
        assert "E001" in report.render()
        assert "<table>" in report.to_html()


class TestTerbilang:
    def test_words(self) -> None:
        """Amounts are written the Indonesian way (se-, belas, puluh, ratus, ribu, juta)."""
        assert terbilang(0) == "nol"
        assert terbilang(11) == "sebelas"
        assert terbilang(115) == "seratus lima belas"
        assert terbilang(1_000) == "seribu"
        assert terbilang(21_000) == "dua puluh satu ribu"
        assert terbilang(1_250_000) == "satu juta dua ratus lima puluh ribu"
        assert terbilang(10_437_623) == (
            "sepuluh juta empat ratus tiga puluh tujuh ribu enam ratus dua puluh tiga"
        )
