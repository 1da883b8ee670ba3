"""Every public write method of every service asks the authorizer and is audited.

The services are found by introspection from the public properties of
:class:`~backoffice_core.BackOffice`, and every public method of each is looked up in
:data:`METHODS`, which names it a read or a write. A write comes with a scenario: a
function that prepares a fresh office and returns the call to check. A method added
to a service without an entry here fails :class:`TestInventory`, so none is forgotten.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest
from pydantic import BaseModel

from backoffice_core import BackOffice, Money
from backoffice_core.assets import Asset, AssetStatus, DepreciationPolicy, Method
from backoffice_core.context import Context, UnitOfWork
from backoffice_core.documents import Document, DocumentDraft, RetentionPolicy
from backoffice_core.errors import PermissionDeniedError
from backoffice_core.inventory import Item, MovementType, StockMove
from backoffice_core.jurisdictions import indonesia
from backoffice_core.ledger import Account, AccountType, EntryBatch, EntryDraft, Line
from backoffice_core.payroll import Assignment, ComponentKind, Employee, PayComponent

# Office properties that are infrastructure, not services: the backend and the unit of
# work write without asking anyone (trusted code only, as their docstrings say), and the
# audit trail is what this test reads.
INFRASTRUCTURE = frozenset({"audit", "backend", "context", "unit_of_work"})
DENIAL_ACTION = "access.denial.added"


@attrs.define
class Recorder:
    """An authorizer that records every question and refuses actions under ``refuse``."""

    asked: list[tuple[str, str, str]] = attrs.field(factory=list)
    refuse: str | None = None

    def check(self, actor: str, action: str, subject: str) -> None:
        """Record the question; refuse it when its action starts with ``refuse``."""
        self.asked.append((actor, action, subject))
        if self.refuse is not None and action.startswith(self.refuse):
            raise PermissionDeniedError(
                f"actor {actor!r} may not {action!r} on {subject!r}: refused by the test"
            )


# --- discovery ----------------------------------------------------------------------


def _is_service(value: object) -> bool:
    """A service is an object of this library, not a value, holding a unit of work or context.

    Whatever writes needs the unit of work, and whatever asks the authorizer needs the
    context, so no service that can write escapes the walk.
    """
    cls = type(value)
    if not cls.__module__.startswith("backoffice_core.") or isinstance(value, BaseModel):
        return False
    if isinstance(value, BackOffice):  # a service's handle on its office: the walk's start
        return False
    if attrs.has(cls):
        names = [field.name for field in attrs.fields(cls)]
    else:
        names = list(getattr(value, "__dict__", {}))
    return any(isinstance(getattr(value, name, None), (UnitOfWork, Context)) for name in names)


def _public_methods(obj: object) -> list[str]:
    methods = []
    for name in dir(type(obj)):
        if name.startswith("_"):
            continue
        static = inspect.getattr_static(type(obj), name)
        if inspect.isfunction(static) or isinstance(static, (staticmethod, classmethod)):
            methods.append(name)
    return methods


def _children(obj: object) -> Iterator[tuple[str, object]]:
    for name in dir(obj):
        if name.startswith("_") or name in INFRASTRUCTURE or name in _public_methods(obj):
            continue
        value = getattr(obj, name)
        if _is_service(value):
            yield name, value


def discover(office: BackOffice) -> dict[str, Callable[..., Any]]:
    """Return every public method of every service of ``office`` by dotted path."""
    found: dict[str, Callable[..., Any]] = {}

    def visit(path: str, service: object) -> None:
        for method in _public_methods(service):
            found[f"{path}.{method}"] = getattr(service, method)
        for name, child in _children(service):
            visit(f"{path}.{name}", child)

    for name, service in _children(office):
        visit(name, service)
    return found


# --- set-ups shared by the scenarios --------------------------------------------------

Call = Callable[[], object]
Scenario = Callable[[BackOffice], Call]
JAN5 = date(2026, 1, 5)
RULES = indonesia.payroll_rules()
PAYROLL_ACCOUNTS = indonesia.payroll_accounts()


def rp(amount: int | str) -> Money:
    return Money(amount, "IDR")


CHART = indonesia.chart_of_accounts()


def chart(o: BackOffice) -> BackOffice:
    o.ledger.load_chart(CHART)
    return o


def rent(o: BackOffice, entry_id: str = "rent-1") -> str:
    lines = [Line.debit("6110", rp(5_000)), Line.credit("1110", rp(5_000))]
    return o.ledger.post(JAN5, "Sewa", lines, id=entry_id).id


def checker(o: BackOffice) -> BackOffice:
    """The second person of maker-checker (same authorizer, another actor)."""
    return o.as_actor("budi")


def letter(o: BackOffice, title: str = "Undangan rapat") -> Document:
    return o.documents.register("letter", title, b"%PDF-1.7 letter", "text/plain")


def approved(o: BackOffice, title: str = "Undangan rapat") -> Document:
    doc = letter(o, title)
    o.documents.submit(doc.id)
    return checker(o).documents.approve(doc.id, on=date(2025, 5, 2))


def expired(o: BackOffice) -> Document:
    doc = approved(o)
    o.documents.activate(doc.id)
    return o.documents.expire(doc.id)


def old_archived_invoice(o: BackOffice) -> Document:
    doc = o.documents.register(
        "invoice", "Faktur sewa", b"inv", "text/plain", effective=date(2012, 5, 1)
    )
    o.documents.submit(doc.id)
    checker(o).documents.approve(doc.id, on=date(2015, 3, 1))
    o.documents.activate(doc.id)
    o.documents.expire(doc.id)
    return o.documents.archive(doc.id)


BASIC = PayComponent(
    code="basic", name="Basic salary", kind=ComponentKind.EARNING, social_security_base=True
)


BONUS = PayComponent(code="bonus", name="Bonus", kind=ComponentKind.EARNING, recurring=False)


def employee(emp_id: str = "E001") -> Employee:
    joined = date(2024, 1, 1)
    return Employee(
        id=emp_id,
        name=f"Employee {emp_id}",
        nik="3171011501900001",
        tax_status="TK/0",
        joined=joined,
        department="Sales",
        components=(Assignment(component="basic", amount=rp(10_000_000), effective_from=joined),),
    )


def staffed(o: BackOffice) -> BackOffice:
    chart(o).payroll.define_components(BASIC)
    o.payroll.employees.hire(employee())
    return o


def approved_run(o: BackOffice) -> str:
    run = staffed(o).payroll.calculate("2026-01", RULES)
    checker(o).payroll.approve(run.id, accounts=PAYROLL_ACCOUNTS, on=date(2026, 1, 28))
    return run.id


def laptop(asset_id: str = "lt-1", **changes: Any) -> Asset:
    fields: dict[str, Any] = {
        "id": asset_id,
        "tag": f"TAG-{asset_id}",
        "name": "Laptop",
        "category": "peralatan_kantor",
        "location": "Jakarta",
        "acquired": date(2026, 1, 10),
        "cost": rp(24_000_000),
        "in_service": date(2026, 1, 10),
        "policy": DepreciationPolicy(
            method=Method.STRAIGHT_LINE, useful_life_months=48, salvage=rp(0)
        ),
    }
    fields.update(changes)
    return Asset(**fields)


def categorised(o: BackOffice) -> BackOffice:
    chart(o).assets.add_categories(indonesia.asset_categories())
    return o


def with_laptop(o: BackOffice, **changes: Any) -> BackOffice:
    categorised(o).assets.register(laptop(**changes))
    return o


def stocked(o: BackOffice) -> BackOffice:
    """Chart, stock accounts, a unit, a location and one item with 50 kg received."""
    catalog = chart(o).inventory.catalog
    catalog.set_accounts(indonesia.stock_accounts())
    catalog.add_unit("kg", "Kilogram")
    catalog.add_location("JKT", "Gudang Jakarta")
    catalog.add_location("SBY", "Gudang Surabaya")
    catalog.add_item("BERAS", "Beras", unit="kg")
    o.inventory.receive("BERAS", "JKT", 50, JAN5, unit_cost=rp(12_000))
    return o


def catalogued(o: BackOffice) -> BackOffice:
    """Chart, stock accounts and a unit of measure, nothing stocked."""
    chart(o).inventory.catalog.set_accounts(indonesia.stock_accounts())
    o.inventory.catalog.add_unit("kg", "Kilogram")
    return o


# --- the table --------------------------------------------------------------------------


@attrs.frozen
class Read:
    """A method that reads only."""


@attrs.frozen
class Write:
    """A method that writes, the action prefix it must ask about, and how to call it.

    Args:
        domain: The prefix of the action the method must ask the authorizer about.
        scenario: Prepares a fresh office and returns the call to check.
        each: How many distinct subjects the call must ask about: one per record
            that a bulk call writes.
    """

    domain: str
    scenario: Scenario
    each: int = 1


R = Read()


def _ledger(scenario: Scenario, each: int = 1) -> Write:
    return Write("ledger.", scenario, each)


def _charted(call: Callable[[BackOffice], object]) -> Write:
    """A ledger write on the Indonesian chart."""

    def scenario(o: BackOffice) -> Call:
        chart(o)
        return lambda: call(o)

    return _ledger(scenario)


def _closed(o: BackOffice) -> Call:
    chart(o).ledger.close_period("2026-01")
    return lambda: o.ledger.reopen_period("2026-01")


def _year(o: BackOffice) -> Call:
    lines = [Line.debit("1110", rp(9_000)), Line.credit("4100", rp(9_000))]
    chart(o).ledger.post(date(2026, 3, 1), "Penjualan", lines, id="sale-1")
    return lambda: o.ledger.close_year(2026, "3200")


def _bank(o: BackOffice) -> Call:
    account = Account(
        code="1123", name="Bank BCA", type=AccountType.ASSET, parent="1120", currency="IDR"
    )
    chart(o)
    return lambda: o.ledger.add_account(account)


def _drafts(o: BackOffice) -> Call:
    lines = (Line.debit("1110", rp(1_000)), Line.credit("4100", rp(1_000)))
    drafts = [
        EntryDraft(date=JAN5, description=f"Tunai {n}", lines=lines, id=f"pos-{n}") for n in (1, 2)
    ]
    chart(o)
    return lambda: o.ledger.post_many(drafts)


def _batch(o: BackOffice) -> Call:
    batch = EntryBatch()
    for n in (1, 2):
        batch.entry(JAN5, f"Tunai {n}", id=f"pos-{n}")
        batch.debit("1110", 1_000)
        batch.credit("4100", 1_000)
    chart(o)
    return lambda: o.ledger.import_entries(batch)


def _reverse(o: BackOffice) -> Call:
    entry = rent(chart(o))
    return lambda: o.ledger.reverse(entry, id="rent-1-rev")


def _batch_submitted(o: BackOffice) -> BackOffice:
    """A batch ``B1`` of two entries submitted by budi (the checker is the office's actor)."""
    lines = [Line.debit("6110", rp(5_000)), Line.credit("1110", rp(5_000))]
    drafts = [
        EntryDraft(date=JAN5, description="Sewa", lines=tuple(lines), id=f"b-{n}") for n in (1, 2)
    ]
    chart(o).as_actor("budi").ledger.approvals.submit(drafts, id="B1")
    return o


def _approval_drafts(o: BackOffice) -> Call:
    lines = (Line.debit("6110", rp(5_000)), Line.credit("1110", rp(5_000)))
    chart(o)
    return lambda: o.ledger.approvals.submit(
        [EntryDraft(date=JAN5, description="Sewa", lines=lines, id="b-1")], id="B1"
    )


def _approve_batch(o: BackOffice) -> Call:
    _batch_submitted(o)
    return lambda: o.ledger.approvals.approve("B1")


def _reject_batch(o: BackOffice) -> Call:
    _batch_submitted(o)
    return lambda: o.ledger.approvals.reject("B1", "no invoice")


def _clear_policy(o: BackOffice) -> Call:
    chart(o).ledger.approvals.set_policy(rp(1_000))
    return lambda: o.ledger.approvals.clear_policy()


LEDGER: dict[str, Read | Write] = {
    "ledger.account": R,
    "ledger.accounts": R,
    "ledger.add_account": _ledger(_bank),
    "ledger.approvals.approve": _ledger(_approve_batch, 3),
    "ledger.approvals.batch": R,
    "ledger.approvals.batches": R,
    "ledger.approvals.clear_policy": _ledger(_clear_policy),
    "ledger.approvals.policy": R,
    "ledger.approvals.reject": _ledger(_reject_batch),
    "ledger.approvals.set_policy": _charted(lambda o: o.ledger.approvals.set_policy(rp(1_000))),
    "ledger.approvals.submit": _ledger(_approval_drafts),
    "ledger.balance": R,
    "ledger.balance_sheet": R,
    "ledger.budget_vs_actual": R,
    "ledger.cash_flow": R,
    "ledger.check": R,  # validates drafts without writing
    "ledger.close_period": _charted(lambda o: o.ledger.close_period("2026-01")),
    "ledger.close_year": _ledger(_year),
    "ledger.daily_activity": R,
    "ledger.entries": R,
    "ledger.entry": R,
    "ledger.entry_heads": R,
    "ledger.general_ledger": R,
    "ledger.import_entries": _ledger(_batch, 2),
    "ledger.income_statement": R,
    "ledger.load_chart": _ledger(lambda o: lambda: chart(o), len(CHART)),
    "ledger.lock_period": _charted(lambda o: o.ledger.lock_period("2025-12")),
    "ledger.period": R,
    "ledger.periods": R,
    "ledger.post": _charted(rent),
    "ledger.post_many": _ledger(_drafts, 2),
    "ledger.post_opening_balances": _charted(
        lambda o: o.ledger.post_opening_balances({"1110": rp(5_000), "3100": rp(5_000)})
    ),
    "ledger.reopen_period": _ledger(_closed),
    "ledger.reverse": _ledger(_reverse),
    "ledger.set_budget": _charted(lambda o: o.ledger.set_budget("6110", "2026-01", rp(15_000_000))),
    "ledger.trial_balance": R,
    "ledger.update_account": _charted(lambda o: o.ledger.update_account("1110", name="Kas besar")),
}


def _documents(scenario: Scenario, each: int = 1) -> Write:
    return Write("documents.", scenario, each)


def _submitted(o: BackOffice) -> Document:
    doc = letter(o)
    return o.documents.submit(doc.id)


def _approve(o: BackOffice) -> Call:
    doc = _submitted(o)
    return lambda: checker(o).documents.approve(doc.id, on=date(2025, 5, 2))


def _supersede(o: BackOffice) -> Call:
    old, new = approved(o, "Kontrak lama"), approved(o, "Kontrak baru")
    return lambda: o.documents.supersede(old.id, by=new.id)


def _attach(o: BackOffice) -> Call:
    entry, doc = rent(chart(o)), letter(o)
    return lambda: o.documents.evidence.attach(doc.id, entry)


def _release(o: BackOffice) -> Call:
    doc = letter(o)
    o.documents.retention.hold(doc.id, "sengketa")
    return lambda: o.documents.retention.release(doc.id, "selesai")


def _request_disposal(o: BackOffice) -> Call:
    doc = old_archived_invoice(o)
    return lambda: o.documents.retention.request_disposal(
        [doc.id], reason="jadwal retensi", as_of=date(2025, 6, 1)
    )


def _cancel_disposal(o: BackOffice) -> Call:
    _request_disposal(o)()
    [doc] = o.documents.retention.disposal_requests()
    return lambda: o.documents.retention.cancel_disposal([doc.id], reason="masih dipakai")


def _dispose(o: BackOffice) -> Call:
    _request_disposal(o)()
    [doc] = o.documents.retention.disposal_requests()
    return lambda: checker(o).documents.retention.dispose([doc.id], as_of=date(2025, 6, 1))


def _amend(o: BackOffice) -> Call:
    doc = letter(o)
    return lambda: o.documents.amend(doc.id, expected_version=1, tags=("rapat",))


def _activate(o: BackOffice) -> Call:
    doc = approved(o)
    return lambda: o.documents.activate(doc.id)


def _add_version(o: BackOffice) -> Call:
    doc = letter(o)
    return lambda: o.documents.add_version(doc.id, b"v2", "text/plain")


def _archive(o: BackOffice) -> Call:
    doc = expired(o)
    return lambda: o.documents.archive(doc.id)


def _expire(o: BackOffice) -> Call:
    doc = o.documents.activate(approved(o).id)
    return lambda: o.documents.expire(doc.id)


def _link(o: BackOffice) -> Call:
    doc = letter(o)
    return lambda: o.documents.evidence.link(doc.id, "asset:A-1")


def _hold(o: BackOffice) -> Call:
    doc = letter(o)
    return lambda: o.documents.retention.hold(doc.id, "sengketa")


def _return(o: BackOffice) -> Call:
    doc = _submitted(o)
    return lambda: o.documents.return_to_draft(doc.id)


def _submit(o: BackOffice) -> Call:
    doc = letter(o)
    return lambda: o.documents.submit(doc.id)


RECEIPTS = [
    DocumentDraft(
        kind="receipt", title=f"Kuitansi {n}", content=b"k%d" % n, media_type="text/plain"
    )
    for n in (1, 2)
]
FIVE_YEARS = RetentionPolicy(kind="letter", years=5)

DOCUMENTS: dict[str, Read | Write] = {
    "documents.activate": _documents(_activate),
    "documents.add_version": _documents(_add_version),
    "documents.amend": _documents(_amend),
    "documents.approve": _documents(_approve),
    "documents.archive": _documents(_archive),
    "documents.content": R,
    "documents.evidence.attach": _documents(_attach),
    "documents.evidence.documents_for": R,
    "documents.evidence.entries_for": R,
    "documents.evidence.link": _documents(_link),
    "documents.evidence.linked": R,
    "documents.evidence.links": R,
    "documents.evidence.related": R,
    "documents.evidence.unsupported_entries": R,
    "documents.expire": _documents(_expire),
    "documents.get": R,
    "documents.kinds": R,
    "documents.register": _documents(lambda o: lambda: letter(o)),
    "documents.register_kind": _documents(
        lambda o: lambda: o.documents.register_kind("memo", "Memo internal")
    ),
    "documents.register_many": _documents(
        lambda o: lambda: o.documents.register_many(RECEIPTS), len(RECEIPTS)
    ),
    "documents.retention.cancel_disposal": _documents(_cancel_disposal),
    "documents.retention.disposal": R,
    "documents.retention.disposal_requests": R,
    "documents.retention.dispose": _documents(_dispose),
    "documents.retention.eligible": R,
    "documents.retention.expiring": R,
    "documents.retention.hold": _documents(_hold),
    "documents.retention.policy": R,
    "documents.retention.release": _documents(_release),
    "documents.retention.reminders": R,
    "documents.retention.request_disposal": _documents(_request_disposal),
    "documents.retention.retain_until": R,
    "documents.retention.set_policy": _documents(
        lambda o: lambda: o.documents.retention.set_policy(FIVE_YEARS)
    ),
    "documents.return_to_draft": _documents(_return),
    "documents.revision": R,
    "documents.search.by_number": R,
    "documents.search.find": R,
    "documents.submit": _documents(_submit),
    "documents.supersede": _documents(_supersede),
    "documents.versions": R,
}


def _payroll(scenario: Scenario, each: int = 1) -> Write:
    return Write("payroll.", scenario, each)


def _draft(o: BackOffice) -> Call:
    staffed(o)
    return lambda: o.payroll.draft("2026-01")


def _calculate(o: BackOffice) -> Call:
    staffed(o)
    return lambda: o.payroll.calculate("2026-01", RULES)


def _approve_run(o: BackOffice) -> Call:
    run = staffed(o).payroll.calculate("2026-01", RULES)
    return lambda: checker(o).payroll.approve(
        run.id, accounts=PAYROLL_ACCOUNTS, on=date(2026, 1, 28)
    )


def _pay(o: BackOffice) -> Call:
    run = approved_run(o)
    return lambda: checker(o).payroll.pay(run, on=date(2026, 1, 28), accounts=PAYROLL_ACCOUNTS)


def _correct(o: BackOffice) -> Call:
    run = approved_run(o)
    o.payroll.employees.change_pay("E001", "basic", rp(11_000_000), effective=date(2026, 1, 1))
    return lambda: o.payroll.correct(run, RULES)


def _hire(o: BackOffice) -> Call:
    o.payroll.define_components(BASIC)
    return lambda: o.payroll.employees.hire([employee("E002"), employee("E003")])


def _change_pay(o: BackOffice) -> Call:
    staffed(o)
    return lambda: o.payroll.employees.change_pay(
        "E001", "basic", rp(12_000_000), effective=date(2026, 2, 1)
    )


def _change_status(o: BackOffice) -> Call:
    staffed(o)
    return lambda: o.payroll.employees.change_status(
        "E001", effective=date(2026, 2, 1), department="Ops"
    )


def _leave(o: BackOffice) -> Call:
    staffed(o)
    return lambda: o.payroll.employees.leave("E001", on=date(2026, 3, 31), reason="resign")


PAYROLL: dict[str, Read | Write] = {
    "payroll.approve": _payroll(_approve_run),
    "payroll.calculate": _payroll(_calculate),
    "payroll.components": R,
    "payroll.correct": _payroll(_correct),
    "payroll.define_components": _payroll(
        lambda o: lambda: o.payroll.define_components([BASIC, BONUS]), 2
    ),
    "payroll.draft": _payroll(_draft),
    "payroll.employees.change_pay": _payroll(_change_pay),
    "payroll.employees.change_status": _payroll(_change_status),
    "payroll.employees.events": R,
    "payroll.employees.find": R,
    "payroll.employees.get": R,
    "payroll.employees.hire": _payroll(_hire, 2),
    "payroll.employees.identifiers": R,
    "payroll.employees.leave": _payroll(_leave),
    "payroll.pay": _payroll(_pay),
    "payroll.payslip": R,
    "payroll.payslips": R,
    "payroll.preview": R,  # calculates without writing anything
    "payroll.run": R,
    "payroll.runs": R,
    "payroll.summary": R,
    "payroll.year_payslips": R,
}


def _assets(scenario: Scenario, each: int = 1) -> Write:
    return Write("assets.", scenario, each)


def _categories(o: BackOffice) -> Call:
    chart(o)
    return lambda: o.assets.add_categories(indonesia.asset_categories())


def _register(o: BackOffice) -> Call:
    categorised(o)
    return lambda: o.assets.register(laptop())


def _register_many(o: BackOffice) -> Call:
    categorised(o)
    return lambda: o.assets.register_many([laptop("lt-1"), laptop("lt-2")])


def _place(o: BackOffice) -> Call:
    with_laptop(o, in_service=None, status=AssetStatus.PLANNED)
    return lambda: o.assets.place_in_service("lt-1", date(2026, 1, 10))


def _usage(o: BackOffice) -> Call:
    policy = DepreciationPolicy(
        method=Method.UNITS_OF_PRODUCTION,
        useful_life_months=60,
        salvage=rp(0),
        total_units=Decimal(90_000),
    )
    with_laptop(o, policy=policy)
    return lambda: o.assets.record_usage("lt-1", "2026-01", 1_500)


def _change_policy(o: BackOffice) -> Call:
    with_laptop(o)
    policy = DepreciationPolicy(method=Method.STRAIGHT_LINE, useful_life_months=24, salvage=rp(0))
    return lambda: o.assets.change_policy("lt-1", policy)


def _propose(o: BackOffice) -> Call:
    with_laptop(o)
    return lambda: o.assets.disposals.propose("lt-1", date(2026, 1, 20), "scrap")


def _approve_disposal(o: BackOffice) -> Call:
    disposal = with_laptop(o).assets.disposals.propose("lt-1", date(2026, 1, 20), "scrap")
    return lambda: checker(o).assets.disposals.approve(disposal.id)


def _on_laptop(call: Callable[[BackOffice], object]) -> Write:
    """A write on the registered laptop."""

    def scenario(o: BackOffice) -> Call:
        with_laptop(o)
        return lambda: call(o)

    return _assets(scenario)


ASSETS: dict[str, Read | Write] = {
    "assets.add_categories": _assets(_categories, len(indonesia.asset_categories())),
    "assets.books.carrying_amount": R,
    "assets.books.depreciate": _on_laptop(lambda o: o.assets.books.depreciate("2026-01")),
    "assets.books.depreciating_count": R,
    "assets.books.fiscal_schedule": R,
    "assets.books.impair": _on_laptop(
        lambda o: o.assets.books.impair("lt-1", rp(4_600_000), date(2026, 2, 28))
    ),
    "assets.books.posted_assets": R,
    "assets.books.posted_counts": R,
    "assets.books.revalue": _on_laptop(
        lambda o: o.assets.books.revalue("lt-1", rp(25_000_000), date(2026, 1, 15))
    ),
    "assets.books.runs": R,
    "assets.books.schedule": R,
    "assets.category": R,
    "assets.change_policy": _assets(_change_policy),
    "assets.disposals.approve": _assets(_approve_disposal),
    "assets.disposals.get": R,
    "assets.disposals.pending": R,
    "assets.disposals.propose": _assets(_propose),
    "assets.find": R,
    "assets.get": R,
    "assets.place_in_service": _assets(_place),
    "assets.record_usage": _assets(_usage),
    "assets.register": _assets(_register),
    "assets.register_many": _assets(_register_many, 2),
    "assets.reports.fiscal_correction": R,
    "assets.reports.register": R,
    "assets.reports.schedule": R,
    "assets.set_status": _on_laptop(lambda o: o.assets.set_status("lt-1", AssetStatus.IDLE)),
    "assets.transfer": _on_laptop(lambda o: o.assets.transfer("lt-1", location="Bandung")),
}


def _stock(call: Callable[[BackOffice], object], each: int = 1) -> Write:
    """A write on a stocked office (see :func:`stocked`)."""

    def scenario(o: BackOffice) -> Call:
        stocked(o)
        return lambda: call(o)

    return Write("inventory.", scenario, each)


def _catalog(call: Callable[[BackOffice], object], each: int = 1) -> Write:
    """A write on a catalogue with accounts and a unit (see :func:`catalogued`)."""

    def scenario(o: BackOffice) -> Call:
        catalogued(o)
        return lambda: call(o)

    return Write("inventory.", scenario, each)


def _set_accounts(o: BackOffice) -> Call:
    chart(o)
    return lambda: o.inventory.catalog.set_accounts(indonesia.stock_accounts())


TWO_ITEMS = [Item(sku="GULA", unit="kg"), Item(sku="KOPI", unit="kg")]
MOVES = [
    StockMove(type=MovementType.RECEIPT, item="BERAS", location="SBY", quantity=Decimal(40),
              on=date(2026, 2, 3), value=rp(480_000)),
    StockMove(type=MovementType.ISSUE, item="BERAS", location="JKT", quantity=Decimal(5),
              on=date(2026, 2, 4)),
]  # fmt: skip

INVENTORY: dict[str, Read | Write] = {
    "inventory.adjust": _stock(
        lambda o: o.inventory.adjust("BERAS", "JKT", -2, date(2026, 1, 21), memo="rusak")
    ),
    "inventory.below_reorder_point": R,
    "inventory.catalog.accounts": R,
    "inventory.catalog.add_item": _catalog(
        lambda o: o.inventory.catalog.add_item("GULA", "Gula", unit="kg")
    ),
    "inventory.catalog.add_items": _catalog(
        lambda o: o.inventory.catalog.add_items(TWO_ITEMS), len(TWO_ITEMS)
    ),
    "inventory.catalog.add_location": _catalog(
        lambda o: o.inventory.catalog.add_location("BDG", "Gudang Bandung")
    ),
    "inventory.catalog.add_unit": _catalog(
        lambda o: o.inventory.catalog.add_unit("g", "Gram", base="kg", factor="0.001")
    ),
    "inventory.catalog.item": R,
    "inventory.catalog.items": R,
    "inventory.catalog.location": R,
    "inventory.catalog.locations": R,
    "inventory.catalog.set_accounts": Write("inventory.", _set_accounts),
    "inventory.catalog.units": R,
    "inventory.catalog.update_item": _stock(
        lambda o: o.inventory.catalog.update_item("BERAS", reorder_point=Decimal(5))
    ),
    "inventory.count": _stock(
        lambda o: o.inventory.count("JKT", date(2026, 1, 31), {"BERAS": 48}, id="opname-01")
    ),
    "inventory.issue": _stock(lambda o: o.inventory.issue("BERAS", "JKT", 10, date(2026, 1, 9))),
    "inventory.movement_report": R,
    "inventory.movements": R,
    "inventory.on_hand": R,
    "inventory.receive": _stock(
        lambda o: o.inventory.receive("BERAS", "SBY", 20, date(2026, 1, 8), unit_cost=rp(11_000))
    ),
    "inventory.record": _stock(lambda o: o.inventory.record(MOVES, id="import-feb"), len(MOVES)),
    "inventory.state": R,
    "inventory.transfer": _stock(
        lambda o: o.inventory.transfer("BERAS", "JKT", "SBY", 10, date(2026, 1, 20))
    ),
    "inventory.valuation_report": R,
}


def _run(o: BackOffice) -> Call:
    rules = indonesia.compliance_rules()
    chart(o)
    return lambda: o.compliance.run(rules, as_of=date(2026, 3, 31))


COMPLIANCE: dict[str, Read | Write] = {
    "compliance.calendar": R,
    "compliance.denials": R,  # asks the authorizer ("compliance.denials.list"), writes nothing
    "compliance.last_run": R,
    "compliance.run": Write("compliance.", _run),
    "compliance.runs": R,
}

METHODS: dict[str, Read | Write] = {
    **LEDGER, **DOCUMENTS, **PAYROLL, **ASSETS, **INVENTORY, **COMPLIANCE
}  # fmt: skip
WRITES = sorted(name for name, kind in METHODS.items() if isinstance(kind, Write))
BULK = sorted(name for name, kind in METHODS.items() if isinstance(kind, Write) and kind.each > 1)


# --- the tests --------------------------------------------------------------------------


@pytest.fixture
def recorder() -> Recorder:
    """An authorizer that allows everything and records what it was asked."""
    return Recorder()


@pytest.fixture
def fresh(url: str, recorder: Recorder) -> Iterator[BackOffice]:
    """An office on a fresh entity of each backend, asking ``recorder``."""
    entity = f"PT Write Paths {uuid.uuid4().hex[:12]}"
    with BackOffice.open(url, entity=entity, actor="rina", authorizer=recorder) as opened:
        yield opened


def audit_trail(office: BackOffice) -> list[Any]:
    """The audit records, without the refusals recorded on purpose."""
    return [r for r in office.audit.records() if r.action != DENIAL_ACTION]


def snapshot(office: BackOffice) -> tuple[object, ...]:
    """What the office can read of every domain, through the public services."""
    return (
        audit_trail(office),
        office.ledger.accounts(),
        office.ledger.entries(),
        office.ledger.periods(),
        office.documents.kinds(),
        office.documents.search.find(limit=100).hits,
        office.documents.retention.policy("letter"),
        office.payroll.components(),
        office.payroll.runs(),
        office.payroll.employees.find(),
        office.assets.find(),
        office.assets.disposals.pending(),
        office.assets.books.runs(),
        office.inventory.catalog.items(),
        office.inventory.catalog.locations(),
        office.inventory.catalog.units(),
        office.inventory.movements(),
        office.compliance.runs(),
    )


class TestInventory:
    def test_every_discovered_method_is_classified(self) -> None:
        """Each public method of each service is in the table, and the table names no other."""
        with BackOffice.open("memory://", entity="PT Inventory", actor="rina") as office:
            found = set(discover(office))
        assert sorted(found - set(METHODS)) == [], "classify these as Read or Write"
        assert sorted(set(METHODS) - found) == [], "these methods no longer exist"

    def test_discovery_reaches_nested_services(self) -> None:
        """The walk finds the services behind properties and attributes of services."""
        with BackOffice.open("memory://", entity="PT Inventory", actor="rina") as office:
            services = {name.rsplit(".", 1)[0] for name in discover(office)}
        assert {
            "payroll.employees", "assets.books", "assets.disposals", "assets.reports",
            "inventory.catalog", "documents.retention", "documents.evidence", "documents.search",
        } <= services  # fmt: skip


class TestWritePaths:
    @pytest.mark.parametrize("method", WRITES)
    def test_write_asks_the_authorizer_and_is_audited(
        self, method: str, fresh: BackOffice, recorder: Recorder
    ) -> None:
        """The call asks the authorizer about an action of its domain and appends audit records."""
        write = METHODS[method]
        assert isinstance(write, Write)
        call = write.scenario(fresh)
        asked_before, audited_before = len(recorder.asked), len(audit_trail(fresh))
        call()
        asked = [action for _, action, _ in recorder.asked[asked_before:]]
        assert any(action.startswith(write.domain) for action in asked), (method, asked)
        assert len(audit_trail(fresh)) > audited_before, f"{method} wrote no audit record"

    @pytest.mark.parametrize("method", BULK)
    def test_bulk_write_asks_about_every_record(
        self, method: str, fresh: BackOffice, recorder: Recorder
    ) -> None:
        """A bulk call asks the authorizer about each record it writes, not once for all."""
        write = METHODS[method]
        assert isinstance(write, Write)
        call = write.scenario(fresh)
        asked_before = len(recorder.asked)
        call()
        asked = recorder.asked[asked_before:]
        subjects = {subject for _, action, subject in asked if action.startswith(write.domain)}
        assert len(subjects) >= write.each, (method, asked)

    @pytest.mark.parametrize("method", WRITES)
    def test_refused_write_raises_and_changes_nothing(
        self, method: str, fresh: BackOffice, recorder: Recorder
    ) -> None:
        """Refusing the domain's actions raises PermissionDeniedError and leaves data unchanged."""
        write = METHODS[method]
        assert isinstance(write, Write)
        call = write.scenario(fresh)
        before = snapshot(fresh)
        recorder.refuse = write.domain
        with pytest.raises(PermissionDeniedError):
            call()
        recorder.refuse = None
        assert snapshot(fresh) == before
        assert list(fresh.audit.records())[-1].action == DENIAL_ACTION
