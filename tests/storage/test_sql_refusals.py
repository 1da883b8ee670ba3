"""Refused input leaves an SQLite database byte-for-byte as it was."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from backoffice_core import BackOffice, Context, Money
from backoffice_core.errors import BackofficeError
from backoffice_core.ledger import Account, AccountType, EntryDraft, Line, generic_chart


def idr(amount: int) -> Money:
    """Return rupiah."""
    return Money(amount, "IDR")


def dump(path: Path) -> str:
    """Return the SQL text dump of the database file."""
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def unbalanced(office: BackOffice) -> object:
    """Post an entry whose debits exceed its credits."""
    return office.ledger.post(
        date(2026, 1, 6), "x", [Line.debit("6110", idr(2)), Line.credit("1120", idr(1))]
    )


def unknown_account(office: BackOffice) -> object:
    """Post to an account that is not in the chart."""
    return office.ledger.post(
        date(2026, 1, 6), "x", [Line.debit("9999", idr(1)), Line.credit("1120", idr(1))]
    )


def inactive_account(office: BackOffice) -> object:
    """Post to the deactivated account 6900."""
    return office.ledger.post(
        date(2026, 1, 6), "x", [Line.debit("6900", idr(1)), Line.credit("1120", idr(1))]
    )


def wrong_currency(office: BackOffice) -> object:
    """Post rupiah to the USD-only account 1130."""
    return office.ledger.post(
        date(2026, 1, 6), "x", [Line.debit("1130", idr(1)), Line.credit("1120", idr(1))]
    )


def float_amount(office: BackOffice) -> object:
    """Build a line from a float amount."""
    return Line.debit("6110", Money(0.1, "IDR"))  # type: ignore[arg-type]


def closed_period(office: BackOffice) -> object:
    """Post into December 2025, which is closed."""
    return office.ledger.post(
        date(2025, 12, 31), "x", [Line.debit("6110", idr(1)), Line.credit("1120", idr(1))]
    )


def reused_id(office: BackOffice) -> object:
    """Post other content under the id of the posted rent entry."""
    return office.ledger.post(
        date(2026, 1, 5),
        "Sewa",
        [Line.debit("6110", idr(7)), Line.credit("1120", idr(7))],
        id="rent",
    )


def bad_bulk(office: BackOffice) -> object:
    """Bulk-post one good and one unbalanced draft."""
    good = EntryDraft(
        date=date(2026, 1, 7),
        description="ok",
        id="ok",
        lines=(Line.debit("6110", idr(1)), Line.credit("1120", idr(1))),
    )
    bad = EntryDraft(
        date=date(2026, 1, 7),
        description="bad",
        id="bad",
        lines=(Line.debit("6110", idr(2)), Line.credit("1120", idr(1))),
    )
    return office.ledger.post_many([good, bad])


def missing_rate(office: BackOffice) -> object:
    """Post a USD line without its exchange rate."""
    return office.ledger.post(
        date(2026, 1, 6),
        "x",
        [Line.debit("1130", Money(1, "USD")), Line.credit("4100", Money(1, "USD"))],
    )


def other_entity_reversal(office: BackOffice) -> object:
    """Reverse, from PT Dua's office on the same file, an entry of PT Satu."""
    other = BackOffice(office.backend, Context("PT Dua", "budi"))
    return other.ledger.reverse("rent")


CASES: list[Callable[[BackOffice], object]] = [
    unbalanced,
    unknown_account,
    inactive_account,
    wrong_currency,
    float_amount,
    closed_period,
    reused_id,
    bad_bulk,
    missing_rate,
    other_entity_reversal,
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__)
def test_refused_input_changes_no_byte(
    case: Callable[[BackOffice], object], tmp_path: Path
) -> None:
    """Each refused operation raises a library error and leaves the dump identical."""
    path = tmp_path / "books.db"
    with BackOffice.open(f"sqlite:///{path}", entity="PT Satu", actor="rina") as office:
        office.ledger.load_chart(generic_chart())
        office.ledger.add_account(
            Account(code="1130", name="Bank USD", type=AccountType.ASSET, currency="USD", cash=True)
        )
        office.ledger.update_account("6900", active=False)
        office.ledger.post(
            date(2026, 1, 5),
            "Sewa",
            [Line.debit("6110", idr(5)), Line.credit("1120", idr(5))],
            id="rent",
        )
        office.ledger.close_period("2025-12")
        BackOffice(office.backend, Context("PT Dua", "budi"))  # PT Dua's books exist too
        before = dump(path)
        with pytest.raises(BackofficeError):
            case(office)
        assert dump(path) == before
        assert office.ledger.balance("6110", date(2026, 12, 31)) == idr(5)
