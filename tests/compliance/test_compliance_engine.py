"""The compliance engine: registry, runs, severities, crashing rules, stored runs, reports."""

from __future__ import annotations

import json
import runpy
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import attrs
import pytest

from backoffice_core import BackOffice
from backoffice_core.compliance import (
    MAX_EVIDENCE,
    ComplianceReport,
    Outcome,
    Result,
    Rule,
    RuleContext,
    RuleRegistry,
    Severity,
)
from backoffice_core.errors import InvalidInputError, NotFoundError, PermissionDeniedError


def failing(ctx: RuleContext) -> Iterator[Result]:
    yield Result.fail("acct-1", *[f"line {n}" for n in range(50)], due=date(2026, 2, 15))


def passing(ctx: RuleContext) -> Iterator[Result]:
    return iter(())


def crashing(ctx: RuleContext) -> Iterator[Result]:
    raise ZeroDivisionError("division by zero in a rule")


def registry() -> RuleRegistry:
    return RuleRegistry(
        [
            Rule("demo.failing", 1, "Always fails", "ledger", failing, severity="high"),
            Rule("demo.passing", 1, "Always passes", "ledger", passing),
            Rule("demo.crashing", 1, "Crashes", "payroll", crashing, severity="low"),
        ]
    )


class TestRegistry:
    def test_duplicate_rule_id_is_refused(self) -> None:
        """Registering a rule id twice raises InvalidInputError."""
        rules = registry()
        with pytest.raises(InvalidInputError, match="registered twice"):
            rules.register(Rule("demo.passing", 2, "Again", "ledger", passing))
        assert len(rules) == 3

    def test_unknown_severity_and_bad_ids_are_refused(self) -> None:
        """An unknown severity, a malformed id or a bad version raises InvalidInputError."""
        with pytest.raises(InvalidInputError, match="severity 'urgent' is unknown"):
            Rule("demo.x", 1, "x", "ledger", passing, severity="urgent")
        with pytest.raises(InvalidInputError, match="dotted lower-case"):
            Rule("Demo X", 1, "x", "ledger", passing)
        with pytest.raises(InvalidInputError, match="version"):
            Rule("demo.x", 0, "x", "ledger", passing)

    def test_digest_changes_with_the_rules(self) -> None:
        """Equal rule sets have equal digests; a new version changes the digest."""
        assert registry().digest() == registry().digest()
        bumped = RuleRegistry(
            [*[r for r in registry() if r.id != "demo.passing"],
             Rule("demo.passing", 2, "Always passes", "ledger", passing)]
        )  # fmt: skip
        assert bumped.digest() != registry().digest()
        with pytest.raises(NotFoundError):
            registry().get("demo.none")

    def test_select_by_tags_and_domain(self) -> None:
        """select() keeps the rules of the given domains."""
        assert [r.id for r in registry().select(domains=["payroll"])] == ["demo.crashing"]


class TestRun:
    def test_crashing_rule_is_an_error_finding(self, office: BackOffice) -> None:
        """A rule that raises becomes an error finding and the other rules still run."""
        report = office.compliance.run(registry(), as_of=date(2026, 3, 1))
        outcomes = {f.rule_id: f.outcome for f in report.findings}
        assert outcomes == {
            "demo.failing": Outcome.FAIL,
            "demo.passing": Outcome.PASS,
            "demo.crashing": Outcome.ERROR,
        }
        crashed = next(f for f in report.findings if f.rule_id == "demo.crashing")
        assert crashed.evidence == ("ZeroDivisionError: division by zero in a rule",)

    def test_shared_read_happens_once_per_run(self, office: BackOffice) -> None:
        """Two rules asking ctx.shared for the same name read it once per run."""
        reads: list[int] = []

        def read() -> int:
            reads.append(1)
            return len(reads)

        def check(ctx: RuleContext) -> Iterator[Result]:
            yield Result.passed("*", f"read {ctx.shared('demo.read', read)}")

        rules = RuleRegistry([Rule(f"demo.shared{n}", 1, "Shared", "demo", check) for n in (1, 2)])
        report = office.compliance.run(rules, save=False)
        assert [f.evidence for f in report.findings] == [("read 1",), ("read 1",)]
        office.compliance.run(rules, save=False)
        assert len(reads) == 2

    def test_evidence_is_bounded(self, office: BackOffice) -> None:
        """A finding keeps at most MAX_EVIDENCE lines, the last counting the rest."""
        report = office.compliance.run(registry(), save=False)
        failed = next(f for f in report.findings if f.rule_id == "demo.failing")
        assert len(failed.evidence) == MAX_EVIDENCE
        assert failed.evidence[-1] == "… and 41 more"
        assert failed.due == date(2026, 2, 15)

    def test_severity_override_per_run(self, office: BackOffice) -> None:
        """A run may raise or lower a rule's severity; unknown names are refused."""
        report = office.compliance.run(registry(), severities={"demo.failing": "critical"})
        assert report.failures[0].severity is Severity.CRITICAL
        with pytest.raises(InvalidInputError, match="not in the set"):
            office.compliance.run(registry(), severities={"demo.none": "low"})
        with pytest.raises(InvalidInputError, match="unknown"):
            office.compliance.run(registry(), severities={"demo.failing": "urgent"})

    def test_actor_who_may_not_read_is_refused(self, office: BackOffice) -> None:
        """A run by an actor the authorizer refuses raises and stores nothing."""

        @attrs.frozen
        class NoCompliance:
            def check(self, actor: str, action: str, subject: str) -> None:
                if action.startswith("compliance."):
                    raise PermissionDeniedError(f"{actor} may not {action} on {subject}")

        denied = BackOffice(office.backend, attrs.evolve(office.context, authorizer=NoCompliance()))
        with pytest.raises(PermissionDeniedError):
            denied.compliance.run(registry())
        assert office.compliance.runs() == []

    def test_runs_are_stored_and_compared(self, office: BackOffice) -> None:
        """A stored run reads back equal, and the next run reports what changed."""
        first = office.compliance.run(registry(), as_of=date(2026, 3, 1))
        assert office.compliance.last_run() == first
        fixed = RuleRegistry([Rule("demo.failing", 1, "Always fails", "ledger", passing)])
        second = office.compliance.run(fixed, as_of=date(2026, 3, 2))
        assert office.compliance.runs()[0] == second
        change = second.compare(first)
        assert not change.same_rules
        assert [f.rule_id for f in change.resolved] == ["demo.failing", "demo.crashing"]
        assert change.new == ()
        assert change.persisting == ()


class TestReport:
    def report(self, office: BackOffice) -> ComplianceReport:
        return office.compliance.run(registry(), as_of=date(2026, 3, 1), save=False)

    def test_text_groups_by_severity_in_both_languages(self, office: BackOffice) -> None:
        """The text report lists failures by severity and domain, in Indonesian or English."""
        report = self.report(office)
        text = report.render("id_ID")
        assert "2 dari 3 temuan perlu tindakan" in text
        assert text.index("Tinggi · ledger") < text.index("Rendah · payroll")
        assert "jatuh tempo 15 Feb 2026" in text
        assert "2 of 3 findings need action" in report.render("en_US")

    def test_html_is_escaped(self, office: BackOffice) -> None:
        """HTML output escapes entity names and evidence."""
        evil = RuleRegistry(
            [Rule("demo.evil", 1, "x", "ledger", lambda c: [Result.fail("<script>", "<b>")])]
        )
        html = office.compliance.run(evil, save=False).to_html()
        assert "<script>" not in html
        assert "&lt;script&gt;" in html

    def test_json_and_sarif(self, office: BackOffice) -> None:
        """JSON round-trips; SARIF 2.1.0 has one result per finding with its level."""
        report = self.report(office)
        assert ComplianceReport.model_validate_json(report.to_json()) == report
        sarif = json.loads(report.to_sarif())
        assert sarif["version"] == "2.1.0"
        results = sarif["runs"][0]["results"]
        assert [(r["ruleId"], r["kind"], r["level"]) for r in results] == [
            ("demo.failing", "fail", "error"),
            ("demo.passing", "pass", "none"),
            ("demo.crashing", "fail", "error"),
        ]
        assert sarif["runs"][0]["properties"]["rulesetDigest"] == registry().digest()


class TestExample:
    def test_example_prints_the_report_and_calendar(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """examples/compliance.py runs and prints an Indonesian report and calendar."""
        script = Path(__file__).resolve().parents[2] / "examples" / "compliance.py"
        runpy.run_path(str(script))["main"]("memory://")
        out = capsys.readouterr().out
        assert "Laporan kepatuhan: PT Maju Jaya" in out
        assert "Setor PPh 21 masa 2026-01" in out

    def test_rules_page_lists_every_rule(self) -> None:
        """The generated rules page has a section for each rule of the registry."""
        from backoffice_core.jurisdictions import indonesia

        page = indonesia.compliance_rules().to_markdown()
        assert [line[5:-1] for line in page.splitlines() if line.startswith("### ")] == [
            rule.id for rule in indonesia.compliance_rules()
        ]
