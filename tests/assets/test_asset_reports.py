"""Reports: the register, a schedule and the fiscal correction, in every format."""

from __future__ import annotations

import json
from datetime import date

from asset_fixtures import idr, laptop, prepare, straight_line

from backoffice_core import BackOffice
from backoffice_core.assets import DepreciationPolicy, Method


class TestRegisterReport:
    def test_the_register_lists_book_values_with_a_total(self, office: BackOffice) -> None:
        """Each asset shows cost, accumulated depreciation and book value; totals follow."""
        prepare(office).assets.register_many([laptop("a"), laptop("b")])
        office.assets.books.depreciate("2026-02")
        report = office.assets.reports.register()
        assert [r["book_value"] for r in report.rows] == [idr(23_000_000)] * 2
        assert report.totals[0]["accumulated"] == idr(2_000_000)

    def test_the_register_renders_in_indonesian(self, office: BackOffice) -> None:
        """The text rendering uses Indonesian headings and status names."""
        prepare(office).assets.register(laptop())
        text = office.assets.reports.register().render("id_ID")
        assert "Daftar aset tetap" in text
        assert "Nilai buku" in text
        assert "digunakan" in text

    def test_the_register_exports_csv_json_and_html(self, office: BackOffice) -> None:
        """CSV, JSON and HTML carry the same asset."""
        prepare(office).assets.register(laptop())
        report = office.assets.reports.register()
        assert "TAG-lt-1" in report.to_csv()
        assert json.loads(report.to_json())["rows"][0]["cost"]["amount"] == "24000000"
        assert "<table>" in report.to_html("en_US")


class TestScheduleReport:
    def test_the_schedule_marks_posted_months(self, office: BackOffice) -> None:
        """Posted months say so; the forecast follows; the total is the depreciable amount."""
        prepare(office).assets.register(laptop())
        office.assets.books.depreciate("2026-01")
        report = office.assets.reports.schedule("lt-1")
        assert [str(r["posted"]) for r in report.rows[:2]] == ["yes", "no"]
        assert report.totals[0]["depreciation"] == idr(24_000_000)
        assert "Jadwal penyusutan" in report.render("id_ID")


class TestFiscalCorrection:
    def test_a_faster_commercial_book_gives_a_positive_correction(self, office: BackOffice) -> None:
        """Two commercial years against four fiscal ones (Kelompok 1) differ per year."""
        prepare(office).assets.register(
            laptop(
                acquired=date(2026, 1, 1),
                in_service=date(2026, 1, 1),
                policy=straight_line(months=24),
            )
        )
        report = office.assets.reports.fiscal_correction()
        corrections = {r["year"]: r["correction"] for r in report.rows}
        assert corrections == {
            "2026": idr(6_000_000),
            "2027": idr(6_000_000),
            "2028": idr(-6_000_000),
            "2029": idr(-6_000_000),
        }
        assert "Koreksi" in report.render("id_ID")

    def test_the_fiscal_schedule_comes_from_the_fiscal_book(self, office: BackOffice) -> None:
        """A vehicle on fiscal declining balance uses the Kelompok 2 rate of 25%."""
        policy = DepreciationPolicy(
            method=Method.DOUBLE_DECLINING, useful_life_months=96, salvage=idr(0)
        )
        prepare(office).assets.register(
            laptop(
                category="kendaraan",
                cost=idr(200_000_000),
                acquired=date(2026, 1, 1),
                in_service=date(2026, 1, 1),
                policy=policy,
                fiscal_method="saldo menurun",
            )
        )
        fiscal = office.assets.books.fiscal_schedule("lt-1").by_year()
        assert fiscal[2026] == idr(50_000_000)
        assert office.assets.books.schedule("lt-1").by_year()[2026] == idr(50_000_000)
