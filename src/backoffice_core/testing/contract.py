"""The backend contract suite: behaviour every backend must show through the public API.

Each ``test_*`` method opens offices with :meth:`BackendContract.open_office` (which a
subclass implements for its backend), acts through :class:`~backoffice_core.BackOffice`
only, and checks the outcome. Refused operations are checked to leave the books
exactly as they were (:func:`snapshot`). The suite needs no pytest import; pytest
collects it through the ``Test…`` subclass.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from backoffice_core.context import Context
from backoffice_core.errors import (
    BackofficeError,
    ConcurrencyError,
    ConflictError,
    CurrencyMismatchError,
    DuplicateIdError,
    InvalidInputError,
    MoneyError,
    PeriodClosedError,
    StateError,
    UnbalancedEntryError,
)
from backoffice_core.ledger import (
    Account,
    AccountType,
    EntryDraft,
    HeaderAccountError,
    InactiveAccountError,
    JournalEntry,
    LedgerSettings,
    Line,
    ReversalDate,
    UnknownAccountError,
    UnknownEntryError,
    generic_chart,
)
from backoffice_core.ledger.posting import fingerprint
from backoffice_core.money import Money
from backoffice_core.office import BackOffice

__all__ = ["BackendContract", "Snapshot", "snapshot"]


def IDR(amount: str | int) -> Money:  # noqa: N802 - reads like the currency it builds
    """Return rupiah."""
    return Money(amount, "IDR")


@attrs.frozen
class Snapshot:
    """Everything an office can read of its books, for before/after comparisons."""

    entries: tuple[JournalEntry, ...]
    accounts: tuple[Account, ...]
    periods: tuple[Any, ...]
    trial_balance: str
    audit_head: str
    audit_count: int


def snapshot(office: BackOffice, as_of: date = date(2100, 12, 31)) -> Snapshot:
    """Read everything visible to ``office`` (entries, chart, periods, audit)."""
    return Snapshot(
        entries=tuple(office.ledger.entries()),
        accounts=tuple(office.ledger.accounts()),
        periods=tuple(office.ledger.periods()),
        trial_balance=office.ledger.trial_balance(as_of).to_json(),
        audit_head=office.audit.head(),
        audit_count=sum(1 for _ in office.audit.records()),
    )


class BackendContract(abc.ABC):
    """The contract suite; subclass it as ``Test<Backend>Contract``."""

    _opened: list[BackOffice]

    @abc.abstractmethod
    def open_office(self, entity: str, actor: str = "rina") -> BackOffice:
        """Return an office on the backend under test, bound to ``entity``.

        Offices opened twice with the same entity in one test must share the books.
        """

    def setup_method(self) -> None:
        """Start each test with no offices open."""
        self._opened = []

    def teardown_method(self) -> None:
        """Close the offices a test opened."""
        for office in self._opened:
            office.close()

    def office(self, entity: str = "PT Contract", actor: str = "rina") -> BackOffice:
        """Open an office with the generic chart loaded."""
        opened = self.open_office(entity, actor)
        self._opened.append(opened)
        opened.ledger.load_chart(generic_chart())
        return opened

    @staticmethod
    @contextmanager
    def refused(office: BackOffice, error: type[BackofficeError]) -> Iterator[None]:
        """Expect ``error`` and that the books are unchanged afterwards."""
        before = snapshot(office)
        try:
            yield
        except error:
            pass
        else:
            raise AssertionError(f"expected {error.__name__}, nothing was raised")
        after = snapshot(office)
        assert after == before, "a refused operation changed the books"

    @staticmethod
    def rent(office: BackOffice, entry_id: str = "rent-01", day: int = 5) -> JournalEntry:
        """Post a rent payment of IDR 15,000,000."""
        return office.ledger.post(
            date(2026, 1, day),
            "Sewa kantor",
            [Line.debit("6110", IDR("15000000")), Line.credit("1120", IDR("15000000"))],
            id=entry_id,
        )

    # --- posting ----------------------------------------------------------------------
    def test_post_reads_back_identical(self) -> None:
        """A posted entry reads back equal, lines, dimensions and tags included."""
        office = self.office()
        posted = office.ledger.post(
            date(2026, 1, 5),
            "Sewa 'kantor'; DROP TABLE entries;--",
            [
                Line.debit("6110", IDR("15000000"), memo="Jan", department="HQ", tags=("rent",)),
                Line.credit("1120", IDR("15000000")),
            ],
            id="rent-01",
            source="INV/001",
            memo="memo",
        )
        assert office.ledger.entry("rent-01") == posted
        assert office.ledger.entries() == [posted]

    def test_same_id_same_content_is_a_no_op(self) -> None:
        """Posting the same id and content twice writes one entry and one audit record."""
        office = self.office()
        first = self.rent(office)
        head = office.audit.head()
        again = self.rent(office)
        assert again == first
        assert len(office.ledger.entries()) == 1
        assert office.audit.head() == head

    def test_same_id_other_content_is_refused(self) -> None:
        """Reusing an id with other content raises DuplicateIdError and writes nothing."""
        office = self.office()
        self.rent(office)
        with self.refused(office, DuplicateIdError):
            self.rent(office, day=6)

    def test_unbalanced_entry_is_refused(self) -> None:
        """An entry whose debits differ from credits is refused."""
        office = self.office()
        with self.refused(office, UnbalancedEntryError):
            office.ledger.post(
                date(2026, 1, 5), "x", [Line.debit("6110", IDR(100)), Line.credit("1120", IDR(99))]
            )

    def test_unknown_account_is_refused(self) -> None:
        """A line on an account not in the chart is refused."""
        office = self.office()
        with self.refused(office, UnknownAccountError):
            office.ledger.post(
                date(2026, 1, 5), "x", [Line.debit("9999", IDR(100)), Line.credit("1120", IDR(100))]
            )

    def test_inactive_account_is_refused(self) -> None:
        """A line on a deactivated account is refused."""
        office = self.office()
        office.ledger.update_account("6110", active=False)
        with self.refused(office, InactiveAccountError):
            self.rent(office)

    def test_wrong_currency_is_refused(self) -> None:
        """A line whose currency is not its account's currency is refused."""
        office = self.office()
        office.ledger.add_account(
            Account(code="1130", name="Bank USD", type=AccountType.ASSET, currency="USD", cash=True)
        )
        with self.refused(office, CurrencyMismatchError):
            office.ledger.post(
                date(2026, 1, 5), "x", [Line.debit("1130", IDR(100)), Line.credit("1120", IDR(100))]
            )

    def test_float_amount_is_refused(self) -> None:
        """A float amount never becomes money."""
        office = self.office()
        with self.refused(office, MoneyError):
            office.ledger.post(
                date(2026, 1, 5),
                "x",
                [
                    Line.debit("6110", Money(1.5, "IDR")),  # type: ignore[arg-type]
                    Line.credit("1120", IDR(1)),
                ],
            )

    def test_bulk_posting_is_all_or_nothing(self) -> None:
        """One bad draft in post_many writes none of the drafts."""
        office = self.office()
        good = EntryDraft(
            date=date(2026, 1, 5),
            description="ok",
            id="a",
            lines=(Line.debit("6110", IDR(1)), Line.credit("1120", IDR(1))),
        )
        bad = EntryDraft(
            date=date(2026, 1, 5),
            description="bad",
            id="b",
            lines=(Line.debit("6110", IDR(2)), Line.credit("1120", IDR(1))),
        )
        with self.refused(office, UnbalancedEntryError):
            office.ledger.post_many([good, bad])

    def test_foreign_currency_converts_at_the_rate(self) -> None:
        """USD lines convert to base currency at their rate; the entry balances in both."""
        office = self.office()
        office.ledger.add_account(
            Account(code="1130", name="Bank USD", type=AccountType.ASSET, currency="USD", cash=True)
        )
        entry = office.ledger.post(
            date(2026, 1, 10),
            "USD receipt",
            [
                Line.debit("1130", Money("1000.00", "USD"), rate=Decimal("16250.5")),
                Line.credit("4100", Money("1000.00", "USD"), rate=Decimal("16250.5")),
            ],
        )
        assert entry.lines[0].base_amount == IDR("16250500")
        assert office.ledger.balance("1130", date(2026, 1, 31), currency="USD") == Money(
            "1000.00", "USD"
        )
        assert office.ledger.balance("1130", date(2026, 1, 31)) == IDR("16250500")

    # --- reversals --------------------------------------------------------------------
    def test_reversal_zeroes_the_balances(self) -> None:
        """Reversing an entry brings its accounts back to zero and links the two."""
        office = self.office()
        self.rent(office)
        reversal = office.ledger.reverse("rent-01", ReversalDate.NEXT_PERIOD)
        assert reversal.reverses == "rent-01"
        assert reversal.date == date(2026, 2, 1)
        assert office.ledger.balance("6110", date(2026, 2, 28)).is_zero

    def test_second_reversal_is_refused(self) -> None:
        """An entry already reversed cannot be reversed again under another id."""
        office = self.office()
        self.rent(office)
        office.ledger.reverse("rent-01")
        assert office.ledger.reverse("rent-01") == office.ledger.entry("reversal-of-rent-01")
        with self.refused(office, StateError):
            office.ledger.reverse("rent-01", id="another")

    def test_reversing_an_unknown_entry_is_refused(self) -> None:
        """Reversing an id nobody posted raises UnknownEntryError."""
        office = self.office()
        with self.refused(office, UnknownEntryError):
            office.ledger.reverse("nope")

    # --- periods ----------------------------------------------------------------------
    def test_closed_period_refuses_postings(self) -> None:
        """Posting into a closed period is refused until it is reopened."""
        office = self.office()
        office.ledger.close_period("2026-01")
        with self.refused(office, PeriodClosedError):
            self.rent(office)
        office.ledger.reopen_period("2026-01")
        self.rent(office)

    def test_locked_period_cannot_reopen(self) -> None:
        """A locked period refuses postings and cannot be reopened."""
        office = self.office()
        office.ledger.lock_period("2026-01")
        with self.refused(office, PeriodClosedError):
            self.rent(office)
        with self.refused(office, StateError):
            office.ledger.reopen_period("2026-01")

    def test_year_end_close_moves_profit_to_retained_earnings(self) -> None:
        """Closing a year zeroes income and expense into retained earnings."""
        office = self.office()
        self.rent(office)
        office.ledger.post(
            date(2026, 3, 1),
            "Sale",
            [Line.debit("1120", IDR(40_000_000)), Line.credit("4100", IDR(40_000_000))],
        )
        office.ledger.close_year(2026, "3200")
        end = date(2026, 12, 31)
        assert office.ledger.balance("4100", end).is_zero
        assert office.ledger.balance("6110", end).is_zero
        assert office.ledger.balance("3200", end) == IDR(25_000_000)
        assert office.ledger.period("2026-06").state == "closed"
        statement = office.ledger.income_statement(date(2026, 1, 1), end)
        assert statement.net_income == IDR(25_000_000)

    # --- transactions, isolation, concurrency -----------------------------------------
    def test_failed_unit_of_work_rolls_everything_back(self) -> None:
        """An exception inside office.transaction() undoes every write in it."""
        office = self.office()
        before = snapshot(office)
        try:
            with office.transaction():
                self.rent(office)
                office.ledger.close_period("2026-02")
                raise RuntimeError("boom")
        except RuntimeError:
            pass
        assert snapshot(office) == before

    def test_failed_inner_block_undoes_only_itself(self) -> None:
        """A nested block that fails is undone; the outer unit of work still commits."""
        office = self.office()
        with office.transaction():
            self.rent(office, "rent-01")
            try:
                with office.transaction():
                    self.rent(office, "rent-02", day=6)
                    office.ledger.close_period("2026-03")
                    raise RuntimeError("boom")
            except RuntimeError:
                pass
            self.rent(office, "rent-03", day=7)
        assert [e.id for e in office.ledger.entries()] == ["rent-01", "rent-03"]
        assert office.ledger.period("2026-03").state == "open"
        subjects = [r.subject for r in office.audit.records()]
        assert "rent-02" not in subjects
        assert "2026-03" not in subjects
        assert office.audit.verify().ok

    def test_entities_never_see_each_other(self) -> None:
        """An office bound to one entity cannot read or touch another's records."""
        first = self.office("PT Satu")
        second = self.office("PT Dua")
        self.rent(first)
        assert second.ledger.entries() == []
        assert second.ledger.trial_balance(date(2026, 12, 31)).rows == []
        with self.refused(second, UnknownEntryError):
            second.ledger.reverse("rent-01")
        self.rent(second)  # the same id is free in another entity
        assert first.audit.head() != second.audit.head()

    def test_stale_version_raises_concurrency_error(self) -> None:
        """Updating an account from a stale version raises ConcurrencyError."""
        office = self.office()
        version = office.ledger.account("6110").version
        office.ledger.update_account("6110", name="Sewa", expected_version=version)
        with self.refused(office, ConcurrencyError):
            office.ledger.update_account("6110", name="Rent", expected_version=version)

    def test_other_base_currency_is_refused(self) -> None:
        """Reopening books with another base currency raises ConflictError."""
        office = self.office("PT Kurs")
        self.rent(office)
        try:
            self.open_office_with("PT Kurs", base_currency="USD")
        except ConflictError:
            return
        raise AssertionError("expected ConflictError")

    def open_office_with(self, entity: str, **settings: Any) -> BackOffice:
        """Open an office with explicit settings (for the settings tests)."""
        opened = self.open_office(entity, "rina")
        self._opened.append(opened)
        return BackOffice(
            opened.backend, Context(entity, "rina"), settings=LedgerSettings(**settings)
        )

    # --- audit ------------------------------------------------------------------------
    def test_every_change_is_audited_and_chained(self) -> None:
        """Each write appends audit records by its actor, and the chain verifies."""
        office = self.office()
        count = sum(1 for _ in office.audit.records())
        self.rent(office)
        office.as_actor("budi").ledger.close_period("2026-01")
        records = list(office.audit.records(after_seq=count))
        assert [(r.action, r.subject, r.actor) for r in records] == [
            ("ledger.entry.posted", "rent-01", "rina"),
            ("ledger.period.closed", "2026-01", "budi"),
        ]
        result = office.audit.verify()
        assert result.ok, str(result)
        assert result.head == office.audit.head() == records[-1].hash

    def test_audit_records_filter_by_action_prefix(self) -> None:
        """records(action_prefix=...) yields exactly the matching records, in order."""
        office = self.office()
        self.rent(office)
        office.ledger.close_period("2026-01")
        office.ledger.reopen_period("2026-01")
        every = list(office.audit.records())
        for prefix in ("ledger.period.", "ledger.entry.", "ledger.", "nothing.", ""):
            expected = [r for r in every if r.action.startswith(prefix)]
            assert list(office.audit.records(action_prefix=prefix)) == expected, prefix
        assert [r.action for r in office.audit.records(action_prefix="ledger.period.")] == [
            "ledger.period.closed",
            "ledger.period.reopened",
        ]
        after = every[-2].seq
        assert list(office.audit.records(after, action_prefix="ledger.period.")) == every[-1:]
        try:
            office.audit.records(action_prefix=5)  # type: ignore[arg-type]
        except InvalidInputError:
            pass
        else:
            raise AssertionError("a non-text action prefix was accepted")

    def test_stored_entries_stream_the_journal(self) -> None:
        """iter_stored_entries yields every entry in posting order, as its fingerprint hashed it."""
        office = self.office()
        self.rent(office)
        usd = [
            Line.debit("6110", Money("10.00", "USD"), rate=Decimal(16000), memo="m",
                       tags=("t",), project="p"),
            Line.credit("1120", Money("10.00", "USD"), rate=Decimal(16000)),
        ]  # fmt: skip
        office.ledger.post(date(2026, 1, 6), "Jasa", usd, id="usd-01")
        office.ledger.reverse("rent-01")
        store = office.backend.ledger_store(office.entity)
        stored = list(store.iter_stored_entries())
        posted = office.ledger.entries()
        assert [(e.seq, e.id) for e in stored] == [(n, e.id) for n, e in enumerate(posted, start=1)]
        for got, entry in zip(stored, posted, strict=True):
            assert got.exists
            assert (got.fingerprint, got.posted_by, got.posted_at, got.kind) == (
                entry.fingerprint, entry.posted_by, entry.posted_at, entry.kind.value
            )  # fmt: skip
            content = tuple(line[4:] for line in got.lines)
            assert fingerprint(got.date, got.description, got.source, got.memo, entry.kind,
                               got.reverses, content) == entry.fingerprint  # fmt: skip

    def test_verify_proves_every_write_path(self) -> None:
        """After posts, a bulk posting, a reversal, budgets and period moves, verify() holds."""
        office = self.office()
        self.rent(office)
        office.ledger.post_many(
            [
                EntryDraft(date=date(2026, 1, 7), description=f"b{n}", id=f"b-{n}",
                           lines=(Line.debit("6110", IDR(n + 1)),
                                  Line.credit("1120", IDR(n + 1))))
                for n in range(3)
            ]
        )  # fmt: skip
        office.ledger.reverse("rent-01")
        office.ledger.update_account("6110", name="Sewa gedung")
        office.ledger.set_budget("6110", "2026-01", IDR(1))
        office.ledger.set_budget("6110", "2026-01", IDR(2))
        office.ledger.close_period("2026-01")
        office.ledger.reopen_period("2026-01")
        result = office.audit.verify()
        assert result.ok, str(result)

    def test_budget_vs_actual(self) -> None:
        """Budgets compare with actual movements per account."""
        office = self.office()
        self.rent(office)
        office.ledger.set_budget("6110", "2026-01", IDR(20_000_000))
        report = office.ledger.budget_vs_actual("2026-01", "2026-01")
        assert report.expense_budget == IDR(20_000_000)
        assert report.expense_actual == IDR(15_000_000)

    def test_header_account_refused(self) -> None:
        """Posting to a header account is refused and the books are unchanged."""
        office = self.office()
        with self.refused(office, HeaderAccountError):
            office.ledger.post(
                date(2026, 1, 5),
                "Header",
                [Line.debit("6000", IDR(1)), Line.credit("1120", IDR(1))],
            )

    def test_entities_lists_opened_books(self) -> None:
        """The backend lists an entity once its books are opened."""
        office = self.office("PT Listed")
        assert "PT Listed" in office.backend.entities()

    def test_reports_by_dimension(self) -> None:
        """Lines carry dimensions that the trial balance filters on."""
        office = self.office()
        office.ledger.post(
            date(2026, 1, 5),
            "Sewa",
            [
                Line.debit("6110", IDR(700), department="umum"),
                Line.debit("6110", IDR(300), department="jual"),
                Line.credit("1120", IDR(1000)),
            ],
        )
        tb = office.ledger.trial_balance(date(2026, 1, 31), where={"department": "jual"})
        assert tb.total_debit == IDR(300)

    def test_trial_balance_balances(self) -> None:
        """The trial balance's debits equal its credits and match the postings."""
        office = self.office()
        self.rent(office)
        tb = office.ledger.trial_balance(date(2026, 1, 31))
        assert tb.is_balanced
        assert tb.total_debit == IDR(15_000_000)
