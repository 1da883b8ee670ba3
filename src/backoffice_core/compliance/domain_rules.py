"""Built-in rules over documents, payroll, fixed assets and inventory (any jurisdiction).

They read the domains through the office's public services: ``office.documents``,
``office.payroll``, ``office.assets`` and ``office.inventory``. A domain an office does
not use (no runs, no assets, no items) makes its rules not applicable rather than
passing silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from backoffice_core.compliance.ledger_rules import entry_reviews, large_entries
from backoffice_core.compliance.models import Severity
from backoffice_core.compliance.rules import Result, Rule, RuleContext, RuleRegistry
from backoffice_core.documents import DOCUMENTS, ENTRY, LINKS, DocumentStatus
from backoffice_core.i18n import register_messages
from backoffice_core.payroll import PAYSLIP
from backoffice_core.periods import Month
from backoffice_core.records import OneOf

__all__ = ["domain_rules"]

_POSTED = ("posted", "paid")
_DEPRECIATING = ("in_service", "idle", "under_repair")


def _payroll_maker_checker(ctx: RuleContext) -> Iterator[Result]:
    """Fails for a payroll run approved by the actor who prepared it."""
    runs = ctx.office.payroll.runs()
    if not runs:
        yield Result.not_applicable("no payroll runs")
        return
    for run in runs:
        if run.approved_by is not None and run.approved_by == run.prepared_by:
            yield Result.fail(run.id, f"prepared and approved by {run.approved_by}")


def _payroll_ties_out(ctx: RuleContext) -> Iterator[Result]:
    """Checks every posted run against its payslips and its journal entry.

    The payslips' net pay and tax must add up to the run's totals (summed by the
    payslip store, one query for every run), the run's journal entry must exist in the
    ledger, and it must credit the run's net pay in one line.
    """
    runs = [r for r in ctx.office.payroll.runs() if r.status.value in _POSTED]
    if not runs:
        yield Result.not_applicable("no posted payroll runs")
        return
    keys = {f"{run.id}/{run.calculation}": run for run in runs}
    store = ctx.office.unit_of_work.records(PAYSLIP)
    sums = {
        row.group["calc_key"]: row.sums
        for row in store.totals(by=("calc_key",), where={"calc_key": OneOf(*keys)})
    }
    for key, run in keys.items():
        net = sums[key]["net"].amount if key in sums else run.net.amount * 0
        tax = sums[key]["tax"].amount if key in sums else run.tax.amount * 0
        if net != run.net.amount or tax != run.tax.amount:
            yield Result.fail(
                run.id, f"payslips: net {net}, tax {tax}; run: net {run.net}, tax {run.tax}"
            )
            continue
        try:
            entry = ctx.office.ledger.entry(run.journal_entry)
        except Exception:
            yield Result.fail(run.id, f"journal entry {run.journal_entry!r} is not in the ledger")
            continue
        credits = {line.amount.amount for line in entry.lines if line.side.value == "credit"}
        if run.net.amount > 0 and run.net.amount not in credits:
            yield Result.fail(run.id, f"entry {entry.id} credits no line of net pay {run.net}")


def _assets_depreciated(ctx: RuleContext) -> Iterator[Result]:
    """Finds in-service assets with no depreciation posted for a closed month.

    A closed month is one the ledger closed (or locked) on or before the run's day;
    months before an asset's in-service date, and assets fully depreciated, are skipped.
    First the store counts, per closed month, the depreciating assets with the month
    posted (:meth:`~backoffice_core.assets.AssetBooks.posted_counts`); when every month
    has all of them (:meth:`~backoffice_core.assets.AssetBooks.depreciating_count`),
    the rule passes without loading any asset. Otherwise the depreciating assets are
    read once, and only in a month whose count falls short of the assets in service by
    then are the assets without a posting for it
    (:meth:`~backoffice_core.assets.AssetBooks.posted_assets`) looked at, each through
    its schedule; one failure per asset names its missing months.
    """
    books = ctx.office.assets.books
    depreciating = books.depreciating_count()
    if not depreciating:
        yield Result.not_applicable("no asset in service")
        return
    closed = sorted(
        p.period for p in ctx.office.ledger.periods()
        if p.state.value != "open" and p.period.last_day <= ctx.as_of
    )  # fmt: skip
    if not closed:
        return
    posted = books.posted_counts(closed)
    if all(posted[str(m)] == depreciating for m in closed):
        return
    assets = [a for a in ctx.office.assets.find({"status": OneOf(*_DEPRECIATING)}) if a.in_service]
    starts: dict[Month, int] = {}
    for asset in assets:
        start = Month.of(asset.in_service)
        starts[start] = starts.get(start, 0) + 1
    suspects: dict[str, list[str]] = {}
    for month in closed:
        expected = sum(n for start, n in starts.items() if start <= month)
        if posted[str(month)] == expected:
            continue  # a month is posted once per asset, never before it is in service
        done = books.posted_assets(month)
        for asset in assets:
            if asset.id not in done and Month.of(asset.in_service) <= month:
                suspects.setdefault(asset.id, []).append(str(month))
    for asset_id in sorted(suspects):
        schedule = books.schedule(asset_id)
        due = {str(row.month) for row in schedule.rows if not row.depreciation.is_zero}
        missing = [m for m in suspects[asset_id] if m in due]
        if missing:
            yield Result.fail(asset_id, f"no depreciation posted for {', '.join(missing)}")


def _disposed_carry_nothing(ctx: RuleContext) -> Iterator[Result]:
    """Fails for a disposed asset that still carries a book value."""
    disposed = ctx.office.assets.find({"status": "disposed"})
    if not disposed:
        yield Result.not_applicable("no disposed assets")
        return
    for asset in disposed:
        value = ctx.office.assets.books.carrying_amount(asset.id)
        if not value.is_zero:
            yield Result.fail(asset.id, f"disposed, yet carries {value}")


def _negative_stock(ctx: RuleContext) -> Iterator[Result]:
    """Fails for an item and location whose quantity on hand is below zero."""
    levels = ctx.office.inventory.on_hand(ctx.as_of)
    if not levels:
        yield Result.not_applicable("no stock movements")
        return
    for level in levels:
        if level.quantity < 0:
            yield Result.fail(f"{level.item} @ {level.location}", f"on hand {level.quantity}")


def _contracts_expiring(ctx: RuleContext) -> Iterator[Result]:
    """Lists approved or active contracts and agreements expiring within N days.

    N is the run's parameter ``expiry_warning_days`` (30 by default); each is a matter
    to review, due on its expiry date.
    """
    days = ctx.param("expiry_warning_days", 30)
    for reminder in ctx.office.documents.retention.expiring(days, as_of=ctx.as_of):
        yield Result.review(
            reminder.document,
            f"{reminder.title} expires {reminder.on.isoformat()}",
            due=reminder.on,
        )


def _retention_over(ctx: RuleContext) -> Iterator[Result]:
    """Lists archived documents whose retention ended and that are not yet disposed."""
    for document in ctx.office.documents.retention.eligible(ctx.as_of):
        yield Result.review(document.id, f"{document.title}: retention over, not disposed")


def _approved_unnumbered(ctx: RuleContext) -> Iterator[Result]:
    """Fails for an approved or active document that carries no number.

    The document store is asked for exactly those (status approved or active, number
    empty), so numbered documents are never read.
    """
    store = ctx.office.unit_of_work.records(DOCUMENTS)
    where = {"status": OneOf(DocumentStatus.APPROVED, DocumentStatus.ACTIVE), "number": None}
    cursor = None
    while True:
        page = store.find(where, limit=500, cursor=cursor)
        for stored in page.items:
            document = stored.record
            yield Result.fail(document.id, f"{document.title} is {document.status.value}")
        cursor = page.next_cursor
        if cursor is None:
            return


def _supported(ctx: RuleContext, heads: list[Any]) -> set[str]:
    """The ids of ``heads`` a registered document supports: linked, or named by source.

    A document is linked to an entry as ``entry:<id>``; a source names a document by
    its id or its number (a disposed document still counts: its metadata is kept).
    Read 500 at a time with ``OneOf`` filters, never document by document, each
    ordered by the field filtered on (so that SQLite reads that field's index rather
    than every record in key order).
    """
    links = ctx.office.unit_of_work.records(LINKS)
    documents = ctx.office.unit_of_work.records(DOCUMENTS)
    out: set[str] = set()
    targets = [f"{ENTRY}:{h.id}" for h in heads]
    for i in range(0, len(targets), 500):
        page = links.find({"target": OneOf(*targets[i : i + 500])}, order_by=("target",))
        out |= {s.record.target.partition(":")[2] for s in page.items}
    named = sorted({h.source for h in heads if h.source and h.id not in out})
    live: set[str] = set()
    for i in range(0, len(named), 500):
        part = named[i : i + 500]
        live |= set(documents.get_many(part))
        found = documents.find({"number": OneOf(*part)}, order_by=("number",))
        live |= {s.record.number for s in found.items if s.record.number}
    return out | {h.id for h in heads if h.source in live}


def _unsupported_by_documents(ctx: RuleContext) -> Iterator[Result]:
    """Lists entries above ``evidence_threshold`` that no registered document supports.

    A document supports an entry when it is linked to it or named in its ``source``.
    The entries are read as heads with their totals
    (:meth:`~backoffice_core.ledger.Ledger.entry_heads`, filtered and summed by the
    store); their links and named documents 500 at a time. Above ``max_entry_findings``
    unsupported entries, one aggregated finding (see
    :func:`~backoffice_core.compliance.ledger_rules.entry_reviews`).
    """
    threshold = ctx.param("evidence_threshold")
    if threshold is None:
        yield Result.not_applicable("no evidence threshold given (evidence_threshold)")
        return
    heads = large_entries(ctx, threshold)  # debits reaching it, as the documents service counts
    supported = _supported(ctx, heads)
    flagged = [entry for entry in heads if entry.id not in supported]
    yield from entry_reviews(ctx, flagged, threshold, "supported by no registered document")


register_messages(
    {
        "rule.payroll.maker_checker.fix": {
            "en": "have another person review and approve",
            "id": "minta orang lain meninjau dan menyetujui",
        },
        "rule.payroll.ledger_tie_out.fix": {
            "en": "find the difference and post a correction run",
            "id": "cari selisihnya dan jurnal penggajian koreksi",
        },
        "rule.assets.depreciated.fix": {
            "en": "reopen the month and run the depreciation",
            "id": "buka kembali bulannya dan jalankan penyusutan",
        },
        "rule.assets.disposed_carry_nothing.fix": {
            "en": "post the remaining book value to the disposal's gain or loss",
            "id": "jurnal sisa nilai buku ke laba atau rugi pelepasan",
        },
        "rule.documents.contracts_expiring.fix": {
            "en": "renew, renegotiate or let the contract lapse on purpose",
            "id": "perpanjang, negosiasi ulang, atau biarkan kontrak berakhir dengan sengaja",
        },
        "rule.documents.retention_over.fix": {
            "en": "review the eligible list and dispose of it",
            "id": "tinjau daftar yang memenuhi syarat dan musnahkan",
        },
        "rule.documents.approved_numbered.fix": {
            "en": "number the document in its series",
            "id": "beri nomor dokumen dalam serinya",
        },
        "rule.ledger.documented_entries.fix": {
            "en": "register the supporting document and link it to the entry",
            "id": "daftarkan dokumen pendukung dan tautkan ke jurnalnya",
        },
        "rule.inventory.negative_stock.fix": {
            "en": "record the missing receipt or count the stock",
            "id": "catat penerimaan yang terlewat atau hitung persediaan",
        },
        "rule.documents.contracts_expiring": {
            "en": "Contracts expiring soon are reviewed",
            "id": "Kontrak yang segera berakhir ditinjau",
        },
        "rule.documents.retention_over": {
            "en": "Documents past retention are disposed of",
            "id": "Dokumen yang lewat masa retensi dimusnahkan",
        },
        "rule.documents.approved_numbered": {
            "en": "Approved documents carry a number",
            "id": "Dokumen yang disetujui memiliki nomor",
        },
        "rule.ledger.documented_entries": {
            "en": "Entries above the threshold are supported by a registered document",
            "id": "Jurnal di atas batas didukung dokumen yang terdaftar",
        },
        "rule.payroll.maker_checker": {
            "en": "A payroll run is approved by someone other than its preparer",
            "id": "Penggajian disetujui oleh orang lain dari penyusunnya",
        },
        "rule.payroll.ledger_tie_out": {
            "en": "Posted payroll runs tie out to their payslips and journal entries",
            "id": "Penggajian yang dijurnal cocok dengan slip gaji dan jurnalnya",
        },
        "rule.assets.depreciated": {
            "en": "In-service assets are depreciated for every closed month",
            "id": "Aset yang digunakan disusutkan untuk setiap bulan yang ditutup",
        },
        "rule.assets.disposed_carry_nothing": {
            "en": "Disposed assets carry no book value",
            "id": "Aset yang dilepas tidak lagi memiliki nilai buku",
        },
        "rule.inventory.negative_stock": {
            "en": "No stock on hand is negative",
            "id": "Tidak ada persediaan yang bersaldo negatif",
        },
    }
)


def domain_rules() -> RuleRegistry:
    """Return the built-in documents, payroll, assets and inventory rules."""
    return RuleRegistry(
        [
            Rule("payroll.maker_checker", 1, "A payroll run is approved by someone other than "
                 "its preparer", "payroll", _payroll_maker_checker, severity=Severity.HIGH,
                 tags={"maker-checker"}, remediation="have another person review and approve"),
            Rule("payroll.ledger_tie_out", 1, "Posted payroll runs tie out to their payslips "
                 "and journal entries", "payroll", _payroll_ties_out, severity=Severity.HIGH,
                 remediation="find the difference and post a correction run"),
            Rule("assets.depreciated", 2, "In-service assets are depreciated for every closed "
                 "month", "assets", _assets_depreciated, severity=Severity.MEDIUM,
                 remediation="reopen the month and run the depreciation"),
            Rule("assets.disposed_carry_nothing", 1, "Disposed assets carry no book value",
                 "assets", _disposed_carry_nothing, severity=Severity.MEDIUM,
                 remediation="post the remaining book value to the disposal's gain or loss"),
            Rule("documents.contracts_expiring", 1, "Contracts expiring soon are reviewed",
                 "documents", _contracts_expiring, severity=Severity.LOW,
                 remediation="renew, renegotiate or let the contract lapse on purpose"),
            Rule("documents.retention_over", 1, "Documents past retention are disposed of",
                 "documents", _retention_over, severity=Severity.LOW,
                 remediation="review the eligible list and dispose of it"),
            Rule("documents.approved_numbered", 1, "Approved documents carry a number",
                 "documents", _approved_unnumbered, severity=Severity.MEDIUM,
                 remediation="number the document in its series"),
            Rule("ledger.documented_entries", 2, "Entries above the threshold are supported "
                 "by a registered document", "ledger", _unsupported_by_documents,
                 severity=Severity.MEDIUM, tags={"evidence"},
                 remediation="register the supporting document and link it to the entry"),
            Rule("inventory.negative_stock", 1, "No stock on hand is negative", "inventory",
                 _negative_stock, severity=Severity.MEDIUM,
                 remediation="record the missing receipt or count the stock"),
        ]
    )  # fmt: skip
