"""A run computed and stored in chunks: same payslips, one add per chunk, all or nothing."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from payroll_helpers import ACCOUNTS, RULES, employee, setup

from backoffice_core import BackOffice
from backoffice_core.errors import PermissionDeniedError
from backoffice_core.payroll import PayrollCalculationError, Payslip, RunStatus, run_calculation


class RefuseOne:
    """An authorizer that refuses to calculate one payslip and allows the rest."""

    def __init__(self, subject: str) -> None:
        self.subject = subject

    def check(self, actor: str, action: str, subject: str) -> None:
        """Refuse ``payroll.payslip.calculate`` on the one subject."""
        if action == "payroll.payslip.calculate" and subject == self.subject:
            raise PermissionDeniedError(f"actor {actor!r} may not {action!r} on {subject!r}")


def small_chunks(monkeypatch: pytest.MonkeyPatch, size: int = 1) -> None:
    """Make a run read, compute and store ``size`` employees at a time."""
    monkeypatch.setattr(run_calculation, "CHUNK_SIZE", size)


def staffed(office: BackOffice) -> None:
    """The two employees of the shared setup and a third one."""
    setup(office)
    office.payroll.employees.hire(employee("E003", 8_000_000, department="Ops"))


def payslip_adds(office: BackOffice) -> list[str]:
    """Return the subjects of the audited payslip writes."""
    return [r.subject for r in office.audit.records() if r.action == "payroll.payslip.added"]


class TestChunkedRun:
    def test_chunks_give_the_same_payslips(
        self, office: BackOffice, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Calculated one employee at a time, a run has the payslips of one chunk."""
        staffed(office)
        whole = office.payroll.preview("2026-01", RULES).payslips
        small_chunks(monkeypatch)
        run = office.payroll.calculate("2026-01", RULES)
        stored = office.payroll.payslips(run.id)

        def content(slips: tuple[Payslip, ...] | list[Payslip]) -> list[tuple[object, ...]]:
            return [(s.employee, s.lines, s.gross, s.tax, s.net, s.tax_details) for s in slips]

        assert content(stored) == content(whole)
        assert run.employees == 3
        assert run.net == sum((s.net for s in stored), run.net * 0)

    def test_each_chunk_is_one_add(
        self, office: BackOffice, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Two employees per chunk store three payslips in two audited writes."""
        staffed(office)
        small_chunks(monkeypatch, 2)
        office.payroll.calculate("2026-01", RULES)
        assert payslip_adds(office) == ["2 records", "2026-01/1/E003"]

    def test_failure_in_a_later_chunk_writes_nothing(
        self, office: BackOffice, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The last employee failing rolls back the payslips of the earlier chunks."""
        staffed(office)
        office.payroll.employees.change_status("E003", effective=date(2026, 1, 1), tax_status="X/9")
        small_chunks(monkeypatch)
        with pytest.raises(PayrollCalculationError, match="E003"):
            office.payroll.calculate("2026-01", RULES)
        assert office.payroll.runs() == []
        assert payslip_adds(office) == []

    def test_refused_payslip_in_a_later_chunk_writes_nothing(
        self, url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A payslip the actor may not calculate, in the last chunk, rolls back the run."""
        entity = f"PT Refuse {uuid.uuid4().hex[:12]}"
        with BackOffice.open(
            url, entity=entity, actor="rina", authorizer=RefuseOne("2026-01/1/E003")
        ) as office:
            staffed(office)
            small_chunks(monkeypatch)
            with pytest.raises(PermissionDeniedError, match="E003"):
                office.payroll.calculate("2026-01", RULES)
            assert office.payroll.runs() == []
            assert payslip_adds(office) == []

    def test_every_failing_employee_is_listed(
        self, office: BackOffice, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Failures in different chunks are all named in the one error."""
        staffed(office)
        for emp in ("E001", "E003"):
            office.payroll.employees.change_status(
                emp, effective=date(2026, 1, 1), tax_status="X/9"
            )
        small_chunks(monkeypatch)
        with pytest.raises(PayrollCalculationError) as raised:
            office.payroll.calculate("2026-01", RULES)
        assert [p.split("'")[1] for p in raised.value.problems] == ["E001", "E003"]

    def test_last_period_reads_the_history_per_chunk(
        self, office: BackOffice, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A leaver's reconciliation is the same whether the history is read per chunk."""
        staffed(office)
        office.payroll.employees.leave("E002", on=date(2026, 2, 20))
        small_chunks(monkeypatch)
        run = office.payroll.calculate("2026-01", RULES)
        office.as_actor("hr.manager").payroll.approve(run.id, accounts=ACCOUNTS)
        chunked = office.payroll.preview("2026-02", RULES).payslips
        monkeypatch.setattr(run_calculation, "CHUNK_SIZE", 1000)
        whole = office.payroll.preview("2026-02", RULES).payslips
        assert chunked == whole
        leaver: Payslip = next(s for s in chunked if s.employee == "E002")
        assert leaver.last_period
        assert leaver.tax_details["months_worked"] == "2"
        assert office.payroll.run(run.id).status is RunStatus.POSTED
