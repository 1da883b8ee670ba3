"""Statement layouts: which sections a balance sheet or income statement shows, in order.

A :class:`StatementLayout` is a sequence of :class:`Heading`, :class:`SectionBlock` and
:class:`Subtotal` items. Accounts are placed by their section
(:attr:`~backoffice_core.ledger.Account.section`, inherited from the parent, or the
type's default): the layout never names an account code. The defaults follow the
usual SAK EMKM / SAK ETAP presentation (aset lancar / tidak lancar, liabilitas jangka
pendek / panjang, ekuitas; pendapatan usaha, beban pokok, laba kotor, beban usaha,
laba usaha, lain-lain, laba sebelum pajak, beban pajak, laba bersih). Headings beyond
the standards' minimum line items are practice, so any of this can be replaced.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from backoffice_core.errors import InvalidInputError
from backoffice_core.i18n import register_messages
from backoffice_core.ledger.models import Account, AccountType, Section, Side

__all__ = [
    "Heading",
    "SectionBlock",
    "StatementLayout",
    "Subtotal",
    "balance_sheet_layout",
    "income_statement_layout",
    "resolve_sections",
]


@attrs.frozen
class Heading:
    """A heading line with no amount (``ASET``).

    Args:
        label: A message id (``"assets"``) or a literal text.
    """

    label: str


@attrs.frozen
class SectionBlock:
    """A section: a heading, one line per account placed in it, and its total.

    Args:
        section: The section key (a :class:`~backoffice_core.ledger.Section` value or a
            custom key that accounts carry).
        side: The side a positive amount of the section is on (debit for assets and
            expenses, credit for liabilities, equity and income).
        label: The heading's message id or text; the section key when empty.
        total_label: The total line's message id or text; ``total_<section>`` when
            empty.
    """

    section: str
    side: Side
    label: str = ""
    total_label: str = ""

    @property
    def heading(self) -> str:
        """The heading's message id or text."""
        return self.label or self.section

    @property
    def total(self) -> str:
        """The total line's message id or text."""
        return self.total_label or f"total_{self.section}"


@attrs.frozen
class Subtotal:
    """A computed line: the sum of several sections (``laba kotor``).

    Args:
        label: A message id (``"gross_profit"``) or a literal text.
        sections: The section keys summed.
        side: The side a positive subtotal is on (credit for a profit).
    """

    label: str
    sections: tuple[str, ...]
    side: Side


LayoutItem = Heading | SectionBlock | Subtotal


@attrs.frozen
class StatementLayout:
    """The items of a statement, in display order.

    Args:
        items: Headings, sections and subtotals.
        earnings_section: On a balance sheet, the section where income and expense
            not yet closed to retained earnings show as one line (current-year
            earnings); None on an income statement.
    """

    items: tuple[LayoutItem, ...]
    earnings_section: str | None = None

    @property
    def account_types(self) -> frozenset[AccountType]:
        """The account types the statement reports: balance-sheet or income-statement."""
        if self.earnings_section is not None:
            return frozenset({AccountType.ASSET, AccountType.LIABILITY, AccountType.EQUITY})
        return frozenset({AccountType.INCOME, AccountType.EXPENSE})

    @property
    def sections(self) -> tuple[str, ...]:
        """The keys of the layout's sections, in order."""
        return tuple(i.section for i in self.items if isinstance(i, SectionBlock))

    def __attrs_post_init__(self) -> None:
        known = set(self.sections)
        if len(known) != len(self.sections):
            raise InvalidInputError(f"layout shows a section twice: {list(self.sections)}")
        for item in self.items:
            if isinstance(item, Subtotal) and not set(item.sections) <= known:
                missing = sorted(set(item.sections) - known)
                raise InvalidInputError(
                    f"subtotal {item.label!r} adds sections {missing} that the layout does "
                    "not show; add a SectionBlock for each"
                )
        if self.earnings_section is not None and self.earnings_section not in known:
            raise InvalidInputError(
                f"earnings section {self.earnings_section!r} is not in the layout; "
                "name one of its sections"
            )


register_messages(
    {
        "current_assets": {"en": "Current assets", "id": "Aset lancar"},
        "non_current_assets": {"en": "Non-current assets", "id": "Aset tidak lancar"},
        "current_liabilities": {"en": "Current liabilities", "id": "Liabilitas jangka pendek"},
        "non_current_liabilities": {
            "en": "Non-current liabilities",
            "id": "Liabilitas jangka panjang",
        },
        "cost_of_revenue": {"en": "Cost of revenue", "id": "Beban pokok pendapatan"},
        "operating_expenses": {"en": "Operating expenses", "id": "Beban usaha"},
        "other_income": {"en": "Other income", "id": "Pendapatan lain-lain"},
        "other_expenses": {"en": "Other expenses", "id": "Beban lain-lain"},
        "income_tax": {"en": "Income tax expense", "id": "Beban pajak penghasilan"},
        "total_current_assets": {"en": "Total current assets", "id": "Jumlah aset lancar"},
        "total_non_current_assets": {
            "en": "Total non-current assets",
            "id": "Jumlah aset tidak lancar",
        },
        "total_current_liabilities": {
            "en": "Total current liabilities",
            "id": "Jumlah liabilitas jangka pendek",
        },
        "total_non_current_liabilities": {
            "en": "Total non-current liabilities",
            "id": "Jumlah liabilitas jangka panjang",
        },
        "total_liabilities": {"en": "Total liabilities", "id": "Jumlah liabilitas"},
        "total_equity": {"en": "Total equity", "id": "Jumlah ekuitas"},
        "total_revenue": {"en": "Total revenue", "id": "Jumlah pendapatan usaha"},
        "total_cost_of_revenue": {
            "en": "Total cost of revenue",
            "id": "Jumlah beban pokok pendapatan",
        },
        "total_operating_expenses": {
            "en": "Total operating expenses",
            "id": "Jumlah beban usaha",
        },
        "total_other_income": {"en": "Total other income", "id": "Jumlah pendapatan lain-lain"},
        "total_other_expenses": {"en": "Total other expenses", "id": "Jumlah beban lain-lain"},
        "total_income_tax": {"en": "Total income tax expense", "id": "Jumlah beban pajak"},
        "gross_profit": {"en": "Gross profit", "id": "Laba kotor"},
        "operating_profit": {"en": "Operating profit", "id": "Laba usaha"},
        "profit_before_tax": {"en": "Profit before tax", "id": "Laba sebelum pajak"},
    }
)

_D, _C = Side.DEBIT, Side.CREDIT
_CA, _NCA = Section.CURRENT_ASSETS.value, Section.NON_CURRENT_ASSETS.value
_CL, _NCL = Section.CURRENT_LIABILITIES.value, Section.NON_CURRENT_LIABILITIES.value
_EQ = Section.EQUITY.value
_REV, _COR = Section.REVENUE.value, Section.COST_OF_REVENUE.value
_OPX, _OI = Section.OPERATING_EXPENSES.value, Section.OTHER_INCOME.value
_OX, _TAX = Section.OTHER_EXPENSES.value, Section.INCOME_TAX.value


def balance_sheet_layout() -> StatementLayout:
    """Return the SAK EMKM / ETAP balance-sheet layout (laporan posisi keuangan)."""
    return StatementLayout(
        (
            Heading("assets"),
            SectionBlock(_CA, _D),
            SectionBlock(_NCA, _D),
            Subtotal("total_assets", (_CA, _NCA), _D),
            Heading("liabilities"),
            SectionBlock(_CL, _C),
            SectionBlock(_NCL, _C),
            Subtotal("total_liabilities", (_CL, _NCL), _C),
            SectionBlock(_EQ, _C),
            Subtotal("total_liabilities_equity", (_CL, _NCL, _EQ), _C),
        ),
        earnings_section=_EQ,
    )


def income_statement_layout() -> StatementLayout:
    """Return the SAK EMKM / ETAP income-statement layout by function (laba rugi)."""
    return StatementLayout(
        (
            SectionBlock(_REV, _C),
            SectionBlock(_COR, _D),
            Subtotal("gross_profit", (_REV, _COR), _C),
            SectionBlock(_OPX, _D),
            Subtotal("operating_profit", (_REV, _COR, _OPX), _C),
            SectionBlock(_OI, _C),
            SectionBlock(_OX, _D),
            Subtotal("profit_before_tax", (_REV, _COR, _OPX, _OI, _OX), _C),
            SectionBlock(_TAX, _D),
            Subtotal("net_income", (_REV, _COR, _OPX, _OI, _OX, _TAX), _C),
        )
    )


def resolve_sections(chart: Mapping[str, Account]) -> dict[str, str]:
    """Return every account's section: its own, its nearest ancestor's, or its type's.

    An account whose parent has a different account type does not inherit from it
    (an income account below an expense header still reads as income).
    """
    out: dict[str, str] = {}

    def section_of(code: str, trail: Sequence[str]) -> str:
        if code in out:
            return out[code]
        account = chart[code]
        if account.section is not None:
            found = str(account.section)
        elif (
            account.parent is not None
            and account.parent in chart
            and account.parent not in trail
            and chart[account.parent].type is account.type
        ):
            found = section_of(account.parent, [*trail, code])
        else:
            found = Section.default_for(account.type).value
        out[code] = found
        return found

    for code in chart:
        section_of(code, [])
    return out
