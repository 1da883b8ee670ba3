"""Built-in rules over the ledger and the audit trail, valid in every jurisdiction.

Each rule reads the books through the office's public services (``office.audit``,
``office.ledger``). Parameters a run may give: ``suspense_accounts`` (account codes that
must be zero at each closed period end), ``evidence_threshold`` (a Money above which an
entry needs a source document), ``max_entry_findings`` (above how many flagged entries
the two evidence rules report one aggregated finding, 100 by default) and
``late_posting_grace_days``.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator

from backoffice_core.compliance.models import MAX_EVIDENCE, Severity
from backoffice_core.compliance.rules import Result, Rule, RuleContext, RuleRegistry
from backoffice_core.errors import InvalidInputError
from backoffice_core.i18n import register_messages
from backoffice_core.ledger import EntryHead
from backoffice_core.money import Money
from backoffice_core.periods import Month, PeriodState

__all__ = ["MAX_ENTRY_FINDINGS", "entry_reviews", "large_entries", "ledger_rules"]

MAX_ENTRY_FINDINGS = 100
"""Above this many flagged entries, an evidence rule reports one aggregated finding."""


def _audit_chain(ctx: RuleContext) -> Iterator[Result]:
    """Runs ``office.audit.verify()``; fails naming the first broken record."""
    verification = ctx.office.audit.verify()
    if not verification.ok:
        yield Result.fail(f"audit record {verification.broken_seq}", verification.reason)
    else:
        yield Result.passed("*", f"{verification.checked} records, head {verification.head[:16]}")


def _trial_balance(ctx: RuleContext) -> Iterator[Result]:
    """Builds the trial balance as of the run's day; fails when debits and credits differ."""
    tb = ctx.office.ledger.trial_balance(ctx.as_of)
    if not tb.is_balanced:
        yield Result.fail("trial balance", "debits and credits differ")


def _closed_months(ctx: RuleContext) -> list[Month]:
    return [
        p.period
        for p in ctx.office.ledger.periods()
        if p.state is not PeriodState.OPEN and p.period.last_day <= ctx.as_of
    ]


def _period_history(ctx: RuleContext) -> dict[str, list[tuple[str, object]]]:
    history: dict[str, list[tuple[str, object]]] = {}
    for record in ctx.office.audit.records(action_prefix="ledger.period."):
        history.setdefault(record.subject, []).append((record.action[14:], record.at))
    return history


def _postings_in_closed_periods(ctx: RuleContext) -> Iterator[Result]:
    """Finds regular entries dated in a month and posted after that month's first close.

    The close times come from the audit trail. An entry posted after a reopening needs
    review (the reopening should be documented); one posted into a month never reopened
    fails (it went around the period controls). Not applicable until a month is closed.
    """
    # The first close of a month is when its books were handed over; an entry dated in
    # that month and posted later went in after a reopening (or around the controls).
    history = _period_history(ctx)
    first_close = {
        month: next(at for action, at in events if action in ("closed", "locked"))
        for month, events in history.items()
        if any(action in ("closed", "locked") for action, _ in events)
    }
    if not first_close:
        yield Result.not_applicable("no period has been closed")
        return
    # One read of the heads: each month's entries posted after its first close.
    late = ctx.office.ledger.entry_heads(kinds=["regular"], posted_after_by_month=first_close)
    for entry in late:
        month = entry.period
        closed = first_close[month]
        reopened = [str(at) for action, at in history[month] if action == "reopened"]
        evidence = [
            f"dated {entry.date.isoformat()} in {month}, first closed at {closed}",
            f"posted at {entry.posted_at.isoformat()} by {entry.posted_by}",
        ]
        if reopened:
            yield Result.review(entry.id, *evidence, f"reopened at {', '.join(reopened)}")
        else:
            yield Result.fail(entry.id, *evidence, "the period was never reopened")


def _suspense_zero(ctx: RuleContext) -> Iterator[Result]:
    """Checks each account of ``suspense_accounts`` is zero at every closed month's end.

    The balance shown is debits less credits in the base currency, sub-accounts included.
    """
    codes = ctx.param("suspense_accounts", ())
    if not codes:
        yield Result.not_applicable("no suspense or clearing accounts named (suspense_accounts)")
        return
    months = sorted(_closed_months(ctx))
    if not months:
        return
    for code in codes:
        # One read of the account's days (summed by the store) serves every month end.
        days = ctx.office.ledger.daily_activity(code, None, months[-1].last_day)
        for month in months:
            moved = [d.debit - d.credit for d in days if d.date <= month.last_day]
            balance = sum(moved[1:], moved[0]) if moved else None
            if balance is not None and not balance.is_zero:
                yield Result.fail(
                    f"{code} at {month}",
                    f"balance {balance} at {month.last_day.isoformat()}; it must be cleared",
                )


def large_entries(ctx: RuleContext, threshold: Money) -> list[EntryHead]:
    """Regular entries up to the run's day whose debits reach ``threshold``, read once a run.

    One :meth:`~backoffice_core.ledger.Ledger.entry_heads` query (filtered and summed
    by the store), shared by the rules on unsupported entries.

    Raises:
        InvalidInputError: If ``threshold`` is not Money in the books' base currency.
    """
    if not isinstance(threshold, Money):
        raise InvalidInputError(f"evidence_threshold {threshold!r} must be Money")
    below = Money.from_minor(threshold.to_minor() - 1, threshold.currency)

    def read() -> list[EntryHead]:
        return ctx.office.ledger.entry_heads(  # type: ignore[no-any-return]
            end=ctx.as_of, kinds=["regular"], above=below
        )

    heads: list[EntryHead] = ctx.shared(f"ledger.large_entries {below}", read)
    return heads


def entry_reviews(
    ctx: RuleContext, flagged: list[EntryHead], threshold: Money, why: str
) -> Iterator[Result]:
    """Report entries to review: one finding each, or one for all when there are many.

    Up to ``max_entry_findings`` (a run parameter, :data:`MAX_ENTRY_FINDINGS` by
    default) flagged entries give one "needs review" finding each, its subject the
    entry id. Above it, the matter is the books' process rather than each entry, and a
    report of tens of thousands of findings is not read: one finding for the ledger
    (subject ``"*"``) says how many entries, for what total, and names the largest
    ones in its bounded evidence.

    Args:
        ctx: The run.
        flagged: The entries to review (heads with their debit totals).
        threshold: The run's ``evidence_threshold``.
        why: What is missing, as in ``"without a source"``.

    Raises:
        InvalidInputError: If ``max_entry_findings`` is not a non-negative integer.
    """
    limit = ctx.param("max_entry_findings", MAX_ENTRY_FINDINGS)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise InvalidInputError(
            f"max_entry_findings {limit!r} must be a whole number of findings, 0 or more"
        )
    if len(flagged) <= limit:
        for entry in flagged:
            yield Result.review(
                entry.id, f"{entry.description}: {entry.total} on {entry.date.isoformat()} {why}"
            )
        return
    total = Money.sum((entry.total for entry in flagged), threshold.currency)
    largest = _largest(flagged, MAX_EVIDENCE - 1)
    yield Result.review(
        "*",
        f"{len(flagged)} entries, together {total}, {why} (evidence threshold {threshold}); "
        f"the largest {MAX_EVIDENCE - 1} follow",
        *(f"{e.id}: {e.total} on {e.date.isoformat()}" for e in largest),
    )


def _largest(entries: list[EntryHead], count: int) -> list[EntryHead]:
    """The ``count`` largest entries by total, ties by date then id.

    Only the entries whose total reaches the ``count``-th largest are sorted in full.
    """
    if not entries or count <= 0:
        return []
    cut = heapq.nlargest(count, (e.total.amount for e in entries))[-1]
    tied = [e for e in entries if e.total.amount >= cut]
    return sorted(tied, key=lambda e: (-e.total.to_minor(), e.date, e.id))[:count]


def _unsupported_entries(ctx: RuleContext) -> Iterator[Result]:
    """Lists regular entries above ``evidence_threshold`` that name no source document.

    An entry's amount is the sum of its debits in base currency, read with the ledger's
    :meth:`~backoffice_core.ledger.Ledger.entry_heads` (summed by the store). Each one
    found is a matter to review (the document may exist but not be linked); above
    ``max_entry_findings`` of them, one aggregated finding (see :func:`entry_reviews`).
    """
    threshold = ctx.param("evidence_threshold")
    if threshold is None:
        yield Result.not_applicable("no evidence threshold given (evidence_threshold)")
        return
    heads = large_entries(ctx, threshold)  # in the base currency, as is the threshold
    flagged = [e for e in heads if e.source is None and e.total.amount > threshold.amount]
    yield from entry_reviews(ctx, flagged, threshold, "without a source")


def _batch_maker_checker(ctx: RuleContext) -> Iterator[Result]:
    """Fails for a journal batch approved by the actor who submitted it.

    Reads the batches of ``office.ledger.approvals``; not applicable when none was
    approved. The service refuses such an approval, so a failure means the stored
    batch was changed around it.
    """
    approved = ctx.office.ledger.approvals.batches("approved")
    if not approved:
        yield Result.not_applicable("no approved journal batches")
        return
    for batch in approved:
        if batch.decided_by == batch.submitted_by:
            yield Result.fail(batch.id, f"submitted and approved by {batch.submitted_by}")


register_messages(
    {
        "rule.ledger.maker_checker": {
            "en": "A journal batch is approved by someone other than its preparer",
            "id": "Batch jurnal disetujui oleh orang lain dari penyusunnya",
        },
        "rule.ledger.maker_checker.fix": {
            "en": "reverse the entries and have another person approve a new batch",
            "id": "balik jurnalnya dan minta orang lain menyetujui batch baru",
        },
        "rule.ledger.audit_chain": {"en": "The audit chain is intact", "id": "Rantai audit utuh"},
        "rule.ledger.trial_balance": {
            "en": "The trial balance balances",
            "id": "Neraca saldo seimbang",
        },
        "rule.ledger.closed_period_postings": {
            "en": "No posting into a period after it was closed",
            "id": "Tidak ada jurnal ke periode yang sudah ditutup",
        },
        "rule.ledger.suspense_zero": {
            "en": "Suspense and clearing accounts are zero at each closed period end",
            "id": "Akun sementara dan kliring bersaldo nol di akhir periode yang ditutup",
        },
        "rule.ledger.unsupported_entries": {
            "en": "Entries above the threshold name a supporting document",
            "id": "Jurnal di atas batas mencantumkan dokumen pendukung",
        },
        "rule.ledger.audit_chain.fix": {
            "en": "restore the altered rows from a backup; investigate who changed them",
            "id": "pulihkan baris yang diubah dari cadangan; selidiki siapa yang mengubahnya",
        },
        "rule.ledger.trial_balance.fix": {
            "en": "find the unbalanced data with office.audit.verify()",
            "id": "temukan data yang tidak seimbang dengan office.audit.verify()",
        },
        "rule.ledger.closed_period_postings.fix": {
            "en": "reverse it and post it in an open period, or document the reopening",
            "id": "balik jurnalnya dan catat di periode terbuka, atau catat alasan pembukaan",
        },
        "rule.ledger.suspense_zero.fix": {
            "en": "reclassify the open items to their proper accounts",
            "id": "reklasifikasi pos terbuka ke akun yang semestinya",
        },
        "rule.ledger.unsupported_entries.fix": {
            "en": "register the supporting document and link it as the entry's source",
            "id": "daftarkan dokumen pendukung dan tautkan sebagai sumber jurnal",
        },
    }
)


def ledger_rules() -> RuleRegistry:
    """Return the built-in ledger and audit rules (jurisdiction-neutral)."""
    return RuleRegistry(
        [
            Rule(
                "ledger.audit_chain",
                1,
                "The audit chain is intact",
                "ledger",
                _audit_chain,
                severity=Severity.CRITICAL,
                tags={"audit"},
                remediation="restore the altered rows from a backup; investigate who changed them",
            ),
            Rule(
                "ledger.trial_balance",
                1,
                "The trial balance balances",
                "ledger",
                _trial_balance,
                severity=Severity.CRITICAL,
                remediation="find the unbalanced data with office.audit.verify()",
            ),
            Rule(
                "ledger.closed_period_postings",
                1,
                "No posting into a period after it was closed",
                "ledger",
                _postings_in_closed_periods,
                severity=Severity.HIGH,
                tags={"period-close"},
                remediation="reverse it and post it in an open period, or document the reopening",
            ),
            Rule(
                "ledger.suspense_zero",
                1,
                "Suspense and clearing accounts are zero at each closed period end",
                "ledger",
                _suspense_zero,
                severity=Severity.MEDIUM,
                tags={"period-close"},
                remediation="reclassify the open items to their proper accounts",
            ),
            Rule(
                "ledger.unsupported_entries",
                2,
                "Entries above the threshold name a supporting document",
                "ledger",
                _unsupported_entries,
                severity=Severity.MEDIUM,
                tags={"evidence"},
                remediation="register the supporting document and link it as the entry's source",
            ),
            Rule(
                "ledger.maker_checker",
                1,
                "A journal batch is approved by someone other than its preparer",
                "ledger",
                _batch_maker_checker,
                severity=Severity.HIGH,
                tags={"maker-checker"},
                remediation="reverse the entries and have another person approve a new batch",
            ),
        ]
    )
