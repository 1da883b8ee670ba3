"""Approving a calculated run (maker-checker) with its journal entry, and paying it.

Both steps run in one unit of work with the ledger: the run's new state and the
entry are committed together or not at all. Everything is checked (the run's state,
who prepared it, the actor's permission) before the first write.
"""

from __future__ import annotations

from datetime import date

from backoffice_core.context import Context, UnitOfWork
from backoffice_core.errors import NotFoundError, PermissionDeniedError
from backoffice_core.ledger import Ledger
from backoffice_core.payroll.errors import RunStateError
from backoffice_core.payroll.models import PayrollRun, RunStatus
from backoffice_core.payroll.ports import RUN
from backoffice_core.payroll.posting import AccountMapping, journal_lines, settlement_lines
from backoffice_core.payroll.queries import parse_month
from backoffice_core.records import Records, Stored

__all__ = ["approve_run", "pay_run"]


def _stored_run(
    runs: Records[PayrollRun], run_id: str, status: RunStatus, verb: str
) -> Stored[PayrollRun]:
    """Return the stored run, refusing a missing one or one not in ``status``."""
    found = runs.get(run_id)
    if found is None:
        raise NotFoundError(f"payroll run {run_id!r} does not exist: calculate it first")
    run = found.record
    if run.status is not status:
        raise RunStateError(
            f"payroll run {run_id!r} is {run.status.value}: only a {status.value} run can be {verb}"
        )
    return found


def approve_run(
    context: Context,
    uow: UnitOfWork,
    ledger: Ledger,
    run_id: str,
    accounts: AccountMapping,
    on: date | None,
) -> PayrollRun:
    """Approve and post a run (see :meth:`.service.Payroll.approve`)."""
    with uow.transaction():
        store = uow.records(RUN)
        found = _stored_run(store, run_id, RunStatus.CALCULATED, "approved")
        run = found.record
        if run.prepared_by == context.actor:
            raise PermissionDeniedError(
                f"actor {context.actor!r} prepared payroll run {run_id!r} and may "
                "not approve it: another user must approve (maker-checker)"
            )
        context.authorize("payroll.run.approve", run_id)
        approved = run.model_copy(
            update={"status": RunStatus.APPROVED, "approved_by": context.actor}
        )
        stored = store.replace(approved, expected_version=found.version, action="approved")
        lines = journal_lines(run.posting, accounts, run.gross.currency)
        entry_id = None
        if lines:
            entry = ledger.post(
                on or parse_month(run.month).last_day,
                f"Payroll {run.id}",
                lines,
                id=f"payroll-{run.id}",
                source=f"payroll.run/{run.id}",
            )
            entry_id = entry.id
        posted = approved.model_copy(update={"status": RunStatus.POSTED, "journal_entry": entry_id})
        store.replace(posted, expected_version=stored.version, action="posted")
        return posted


def pay_run(
    context: Context,
    uow: UnitOfWork,
    ledger: Ledger,
    run_id: str,
    on: date,
    accounts: AccountMapping,
) -> PayrollRun:
    """Mark a posted run paid and post the settlement (see :meth:`.service.Payroll.pay`)."""
    with uow.transaction():
        store = uow.records(RUN)
        found = _stored_run(store, run_id, RunStatus.POSTED, "paid")
        run = found.record
        context.authorize("payroll.run.pay", run_id)
        entry_id = None
        if run.net:
            entry = ledger.post(
                on,
                f"Payroll {run.id} paid",
                settlement_lines(run.net, accounts),
                id=f"payroll-{run.id}-paid",
                source=f"payroll.run/{run.id}",
            )
            entry_id = entry.id
        paid = run.model_copy(
            update={"status": RunStatus.PAID, "pay_date": on, "settlement_entry": entry_id}
        )
        store.replace(paid, expected_version=found.version, action="paid")
        return paid
