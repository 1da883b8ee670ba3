"""The payroll, assets and inventory rules: each passing and failing, on every backend."""

from __future__ import annotations

from datetime import date

import pytest

from backoffice_core import BackOffice, Money
from backoffice_core.compliance import Finding, Outcome
from backoffice_core.jurisdictions import indonesia
from backoffice_core.payroll import Assignment, ComponentKind, Employee, PayComponent

VALID_NIK = "3171011501900001"


def rp(amount: int | str) -> Money:
    return Money(amount, "IDR")


@pytest.fixture
def books(office: BackOffice) -> BackOffice:
    office.ledger.load_chart(indonesia.chart_of_accounts())
    return office


def hire(office: BackOffice, salary: int, *, nik: str | None = None, status: str = "TK/0") -> None:
    office.payroll.define_components(
        PayComponent(code="basic", name="Basic", kind=ComponentKind.EARNING,
                     social_security_base=True)
    )  # fmt: skip
    joined = date(2025, 6, 1)
    office.payroll.employees.hire(
        [Employee(id="E-1", name="Budi", tax_status=status, joined=joined, nik=nik,
                  department="ops", components=(Assignment(component="basic",
                  amount=rp(salary), effective_from=joined),))]
    )  # fmt: skip


def pay_january(office: BackOffice) -> None:
    run = office.payroll.calculate("2026-01", indonesia.payroll_rules())
    office.as_actor("hr.manager").payroll.approve(
        run.id, accounts=indonesia.payroll_accounts(), on=date(2026, 1, 28)
    )


def findings(office: BackOffice, rule_id: str) -> list[Finding]:
    report = office.compliance.run(
        indonesia.compliance_rules(), as_of=date(2026, 3, 31), save=False
    )
    return [f for f in report.findings if f.rule_id == rule_id]


def outcomes(office: BackOffice, rule_id: str) -> list[tuple[Outcome, str]]:
    return [(f.outcome, f.subject) for f in findings(office, rule_id)]


class TestPayrollRules:
    def test_run_ties_out_and_pays_above_minimum(self, books: BackOffice) -> None:
        """A run posted through the library ties out, pays above the UMP and withholds."""
        hire(books, 15_000_000, nik=VALID_NIK)
        pay_january(books)
        for rule in ("payroll.ledger_tie_out", "payroll.minimum_wage", "payroll.tax_missing",
                     "payroll.identifiers", "payroll.maker_checker"):  # fmt: skip
            assert [o for o, _ in outcomes(books, rule)] == [Outcome.PASS], rule

    def test_pay_below_the_minimum_wage_fails(self, books: BackOffice) -> None:
        """A full month paid below the DKI Jakarta UMP fails for that employee and month."""
        hire(books, 3_000_000)
        pay_january(books)
        assert outcomes(books, "payroll.minimum_wage") == [(Outcome.FAIL, "E-1 2026-01")]

    def test_invalid_nik_fails(self, books: BackOffice) -> None:
        """An employee whose NIK is not valid fails, the number shown masked."""
        hire(books, 15_000_000, nik="1234567890123456")
        (finding,) = findings(books, "payroll.identifiers")
        assert (finding.outcome, finding.subject) == (Outcome.FAIL, "E-1")
        assert "1234567890123456" not in "".join(finding.evidence)

    def test_rules_without_payroll_are_not_applicable(self, books: BackOffice) -> None:
        """With no runs, the payroll rules say not applicable rather than pass."""
        for rule in ("payroll.ledger_tie_out", "payroll.minimum_wage", "payroll.maker_checker"):
            assert [o for o, _ in outcomes(books, rule)] == [Outcome.NOT_APPLICABLE], rule


class TestInventoryRules:
    def test_negative_stock_rule(self, books: BackOffice) -> None:
        """No stock: not applicable; stock on hand above zero: pass."""
        assert [o for o, _ in outcomes(books, "inventory.negative_stock")] == [
            Outcome.NOT_APPLICABLE
        ]


def laptop(office: BackOffice) -> None:
    from backoffice_core.assets import Asset, DepreciationPolicy, Method

    office.assets.add_categories(indonesia.asset_categories())
    office.assets.register(
        Asset(id="laptop", tag="PK-1", name="Laptop", category="peralatan_kantor",
              acquired=date(2025, 12, 20), cost=rp(48_000_000), in_service=date(2026, 1, 2),
              policy=DepreciationPolicy(method=Method.STRAIGHT_LINE, useful_life_months=48,
                                        salvage=rp(0)))
    )  # fmt: skip


class TestAssetRules:
    def test_closed_month_without_depreciation_fails(self, books: BackOffice) -> None:
        """An in-service asset with January closed but not depreciated fails; run, it passes."""
        laptop(books)
        books.ledger.close_period("2026-01")
        assert outcomes(books, "assets.depreciated") == [(Outcome.FAIL, "laptop")]
        books.ledger.reopen_period("2026-01")
        books.assets.books.depreciate("2026-01")
        books.ledger.close_period("2026-01")
        assert outcomes(books, "assets.depreciated") == [(Outcome.PASS, "*")]

    def test_asset_registered_after_the_run_fails(self, books: BackOffice) -> None:
        """A backdated asset registered after January's run fails even though a run exists."""
        from backoffice_core.assets import Asset, DepreciationPolicy, Method

        laptop(books)
        books.assets.books.depreciate("2026-01")
        books.assets.register(
            Asset(id="desk", tag="PK-2", name="Desk", category="peralatan_kantor",
                  acquired=date(2025, 12, 20), cost=rp(4_800_000), in_service=date(2026, 1, 3),
                  policy=DepreciationPolicy(method=Method.STRAIGHT_LINE, useful_life_months=48,
                                            salvage=rp(0)))
        )  # fmt: skip
        books.ledger.close_period("2026-01")
        assert outcomes(books, "assets.depreciated") == [(Outcome.FAIL, "desk")]

    def test_disposed_postings_do_not_hide_a_missing_month(self, books: BackOffice) -> None:
        """A disposed asset's January posting does not stand in for a missing one."""
        laptop(books)
        desk(books, in_service=date(2026, 1, 3))
        books.assets.books.depreciate("2026-01", assets=["desk"])
        disposal = books.assets.disposals.propose("desk", date(2026, 2, 2), "scrap")
        books.as_actor("budi").assets.disposals.approve(disposal.id)
        books.ledger.close_period("2026-01")
        assert outcomes(books, "assets.depreciated") == [(Outcome.FAIL, "laptop")]

    def test_asset_in_service_later_passes(self, books: BackOffice) -> None:
        """An asset placed in service in February is not expected in January's postings."""
        laptop(books)
        desk(books, in_service=date(2026, 2, 5))
        books.assets.books.depreciate("2026-02")
        books.ledger.close_period("2026-01")
        books.ledger.close_period("2026-02")
        assert outcomes(books, "assets.depreciated") == [(Outcome.PASS, "*")]

    def test_missing_month_of_a_later_asset_fails(self, books: BackOffice) -> None:
        """Of two assets, the one whose February was not posted fails, naming February."""
        laptop(books)
        desk(books, in_service=date(2026, 2, 5))
        books.assets.books.depreciate("2026-02", assets=["laptop"])
        books.ledger.close_period("2026-01")
        books.ledger.close_period("2026-02")
        (finding,) = findings(books, "assets.depreciated")
        assert (finding.outcome, finding.subject) == (Outcome.FAIL, "desk")
        assert finding.evidence == ("no depreciation posted for 2026-02",)

    def test_no_disposals_is_not_applicable(self, books: BackOffice) -> None:
        """With no disposed asset the disposal rule is not applicable."""
        laptop(books)
        assert outcomes(books, "assets.disposed_carry_nothing") == [(Outcome.NOT_APPLICABLE, "*")]


class TestDocumentRules:
    def test_contract_expiring_soon_needs_review(self, books: BackOffice) -> None:
        """An active contract expiring within 30 days is flagged, due on its expiry."""
        docs = books.documents
        lease = docs.register("contract", "Sewa kantor", b"%PDF sewa", "application/pdf",
                              effective=date(2025, 4, 1), expires=date(2026, 4, 15))  # fmt: skip
        assert outcomes(books, "documents.contracts_expiring") == [(Outcome.PASS, "*")]
        docs.submit(lease.id)
        books.as_actor("budi").documents.approve(lease.id)
        (finding,) = findings(books, "documents.contracts_expiring")
        assert (finding.outcome, finding.subject, finding.due) == (
            Outcome.NEEDS_REVIEW, lease.id, date(2026, 4, 15)
        )  # fmt: skip
        assert outcomes(books, "documents.approved_numbered") == [(Outcome.PASS, "*")]

    def test_entry_without_a_document_needs_review(self, books: BackOffice) -> None:
        """An entry above the threshold that no document supports is flagged."""
        from backoffice_core.ledger import Line

        books.ledger.post(date(2026, 1, 5), "Sewa", [Line.debit("6110", rp(150_000_000)),
                          Line.credit("1110", rp(150_000_000))], id="sewa")  # fmt: skip
        params = {"evidence_threshold": rp(100_000_000)}
        report = books.compliance.run(indonesia.compliance_rules(), as_of=date(2026, 3, 31),
                                      params=params, save=False)  # fmt: skip
        flagged = [(f.outcome, f.subject) for f in report.findings
                   if f.rule_id == "ledger.documented_entries"]  # fmt: skip
        assert flagged == [(Outcome.NEEDS_REVIEW, "sewa")]


def desk(office: BackOffice, *, in_service: date) -> None:
    from backoffice_core.assets import Asset, DepreciationPolicy, Method

    office.assets.register(
        Asset(id="desk", tag="PK-2", name="Desk", category="peralatan_kantor",
              acquired=date(2025, 12, 20), cost=rp(4_800_000), in_service=in_service,
              policy=DepreciationPolicy(method=Method.STRAIGHT_LINE, useful_life_months=48,
                                        salvage=rp(0)))
    )  # fmt: skip
