"""Reports as objects with rows, rendered as text, HTML, CSV, JSON or a DataFrame.

A :class:`Report` has a title, typed :class:`Column` definitions and rows (mappings
from column key to a value: text, Decimal, Money, date or None). Rendering is separate
from computing: the same report prints in a terminal (:meth:`Report.render`), shows as
a table in a notebook (``_repr_html_``), and exports to CSV, JSON and pandas. Labels
come from the i18n catalog, so a report renders in Bahasa Indonesia or English.
"""

from __future__ import annotations

import csv
import enum
import html
import io
import json
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from backoffice_core.errors import InvalidInputError
from backoffice_core.i18n import (
    CATALOG,
    DEFAULT_LOCALE,
    currency_symbol,
    format_amount,
    format_date,
    format_money,
    label,
    language_of,
)
from backoffice_core.money import Money

__all__ = ["Column", "ColumnKind", "Label", "Report", "Row", "Translated"]

Row = Mapping[str, Any]


class Label(str):
    """A cell that holds a message id, shown translated (``Label("total")``)."""

    __slots__ = ()


class Translated(str):
    """A cell with a text of its own and translations by language (account names).

    ``Translated("Kas", {"en": "Cash on hand"})`` shows "Cash on hand" in an English
    report and "Kas" in any other language.
    """

    __slots__ = ("names",)
    names: Mapping[str, str]

    def __new__(cls, text: str, names: Mapping[str, str] | None = None) -> Translated:
        """Build the cell from its own text and its translations."""
        cell = super().__new__(cls, text)
        cell.names = dict(names or {})
        return cell

    def in_language(self, language: str) -> str:
        """Return the text in ``language``, or the cell's own text."""
        return self.names.get(language, str(self))


class ColumnKind(enum.StrEnum):
    """How a column's values are formatted and aligned."""

    TEXT = "text"
    MONEY = "money"
    NUMBER = "number"
    PERCENT = "percent"
    DATE = "date"


@attrs.frozen
class Column:
    """One column of a report.

    Args:
        key: The key of the value in each row.
        label: A message id from the i18n catalog, or a literal heading.
        kind: How values are formatted.
        dates: One date (a balance-sheet column) or two (a period's first and last
            day) shown under the label in the locale's date format.
    """

    key: str
    label: str
    kind: ColumnKind = ColumnKind.TEXT
    dates: tuple[date, ...] = ()

    def heading(self, locale: str) -> str:
        """Return the column heading in the language of ``locale``."""
        text = label(self.label, locale) if self.label in CATALOG else self.label
        dates = " – ".join(format_date(d, locale, style="long") for d in self.dates)
        return " ".join(part for part in (text, dates) if part)


def _plain(value: Any) -> Any:
    """Turn a cell into JSON-compatible data (money keeps its currency)."""
    if isinstance(value, Money):
        return {"amount": str(value.amount), "currency": value.currency}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


_RIGHT = (ColumnKind.MONEY, ColumnKind.NUMBER, ColumnKind.PERCENT)


def _number(value: Any) -> Any:
    """Unwrap money to its Decimal amount; leave other values alone."""
    return value.amount if isinstance(value, Money) else value


@attrs.frozen
class _Style:
    """How one rendering formats its cells."""

    locale: str
    parentheses: bool = False
    symbol: bool = False


@attrs.frozen
class Report:
    """A report: a title, columns and rows, with renderers.

    Every renderer takes a locale; when it is omitted the report's own ``locale`` is
    used (the office's default locale, for the reports its services build), so that a
    notebook's ``_repr_html_`` speaks the office's language.

    Args:
        title: A message id from the i18n catalog, or a literal title.
        columns: The columns, in display order.
        rows: The body rows.
        totals: Rows shown after a rule (totals, subtotals).
        subtitle: A line under the title (entity, account), already in final form.
        period: The report's date, or its first and last day, shown after the
            subtitle in the locale's long date format (``31 Januari 2026``).
        currency: The currency of the money columns, named in the caption by its
            symbol in the locale (``Rp``).
        locale: The default locale of the renderers; en_US when None.
    """

    title: str
    columns: Sequence[Column]
    rows: Sequence[Row]
    totals: Sequence[Row] = ()
    subtitle: str = ""
    period: tuple[date, ...] = ()
    currency: str | None = None
    locale: str | None = None

    def _style(self, locale: str | None, parentheses: bool = False, symbol: bool = False) -> _Style:
        return _Style(locale or self.locale or DEFAULT_LOCALE, parentheses, symbol)

    def heading(self, locale: str | None = None) -> str:
        """Return the title in the language of ``locale``."""
        where = self._style(locale).locale
        return label(self.title, where) if self.title in CATALOG else self.title

    def caption(self, locale: str | None = None) -> str:
        """Return the line under the title: subtitle, currency and period in ``locale``."""
        where = self._style(locale).locale
        dates = " – ".join(format_date(d, where, style="long") for d in self.period)
        money = currency_symbol(self.currency, where) if self.currency else ""
        return " · ".join(part for part in (self.subtitle, money, dates) if part)

    def _cell(self, column: Column, value: Any, style: _Style) -> str:
        locale = style.locale
        if value is None:
            return ""
        if column.kind is ColumnKind.MONEY and isinstance(value, Money | Decimal):
            if style.symbol and isinstance(value, Money):
                return format_money(value, locale, parentheses=style.parentheses)
            return format_amount(value, locale, parentheses=style.parentheses)
        if column.kind is ColumnKind.NUMBER and isinstance(value, Decimal | int):
            # As many decimals as the value has (a quantity of 2.5 kg shows 2.5).
            number = Decimal(value)
            exponent = number.normalize().as_tuple().exponent if number else 0
            places = max(0, -exponent) if isinstance(exponent, int) else 0
            return format_amount(number, locale, digits=places)
        if column.kind is ColumnKind.PERCENT and isinstance(value, Decimal | int):
            return format_amount(Decimal(value), locale, digits=1, parentheses=style.parentheses)
        if isinstance(value, Label):
            return label(value, locale) if value in CATALOG else str(value)
        if isinstance(value, Translated):
            return value.in_language(language_of(locale))
        if isinstance(value, date):
            return format_date(value, locale)
        if isinstance(value, enum.Enum):
            key = str(value.value)
            return label(key, locale) if key in CATALOG else key
        return str(value)

    def render(
        self, locale: str | None = None, *, parentheses: bool = False, symbol: bool = False
    ) -> str:
        """Render as a plain-text table for a terminal.

        Args:
            locale: A babel locale name such as ``"id_ID"``; the report's by default.
            parentheses: Show negative amounts in parentheses (``(7.500.000)``).
            symbol: Show the currency symbol on every amount (``Rp15.000.000``).
        """
        style = self._style(locale, parentheses, symbol)
        where = style.locale
        headers = [c.heading(where) for c in self.columns]
        body = [[self._cell(c, row.get(c.key), style) for c in self.columns] for row in self.rows]
        foot = [[self._cell(c, row.get(c.key), style) for c in self.columns] for row in self.totals]
        widths = [len(h) for h in headers]
        for line in body + foot:
            widths = [max(w, len(cell)) for w, cell in zip(widths, line, strict=True)]

        def fmt(cells: Sequence[str]) -> str:
            parts = []
            for column, width, cell in zip(self.columns, widths, cells, strict=True):
                parts.append(cell.rjust(width) if column.kind in _RIGHT else cell.ljust(width))
            return "  ".join(parts).rstrip()

        rule = "  ".join("-" * w for w in widths)
        out = [self.heading(where)]
        if self.caption(where):
            out.append(self.caption(where))
        out += ["", fmt(headers), rule, *(fmt(line) for line in body)]
        if foot:
            out += [rule, *(fmt(line) for line in foot)]
        return "\n".join(out)

    def __str__(self) -> str:
        return self.render()

    def to_html(
        self, locale: str | None = None, *, parentheses: bool = False, symbol: bool = False
    ) -> str:
        """Render as an HTML table (what a notebook shows); options as :meth:`render`.

        Headings and totals inside the body (rows marked ``_style``) are bold.
        """
        esc = html.escape
        style = self._style(locale, parentheses, symbol)
        where = style.locale

        def row_html(row: Row, tag: str = "td") -> str:
            cells = []
            for c in self.columns:
                align = ' style="text-align:right"' if c.kind in _RIGHT else ""
                text = esc(self._cell(c, row.get(c.key), style))
                if row.get("_style") and tag == "td" and text:
                    text = f"<strong>{text}</strong>"
                cells.append(f"<{tag}{align}>{text}</{tag}>")
            return "<tr>" + "".join(cells) + "</tr>"

        head = "".join(f"<th>{esc(c.heading(where))}</th>" for c in self.columns)
        parts = [f"<h4>{esc(self.heading(where))}</h4>"]
        if self.caption(where):
            parts.append(f"<p>{esc(self.caption(where))}</p>")
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>")
        parts += [row_html(r) for r in self.rows]
        parts.append("</tbody>")
        if self.totals:
            parts.append("<tfoot>" + "".join(row_html(r, "th") for r in self.totals) + "</tfoot>")
        parts.append("</table>")
        return "".join(parts)

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_records(self) -> list[dict[str, Any]]:
        """Return body and total rows as JSON-compatible dicts (money as amount + currency)."""
        keys = [c.key for c in self.columns]
        return [{k: _plain(row.get(k)) for k in keys} for row in [*self.rows, *self.totals]]

    def to_json(self, *, indent: int | None = 2, locale: str | None = None) -> str:
        """Return the report as JSON: title, subtitle, columns and rows.

        Cells keep machine-readable values (message ids, ISO dates, amounts with their
        currency); ``heading``, each column's ``label`` and a ``label`` beside every
        message-id cell give the texts in ``locale`` (the report's by default).
        """
        style = self._style(locale)
        records = self.to_records()
        for record, row in zip(records, [*self.rows, *self.totals], strict=True):
            for key in list(record):
                if isinstance(row.get(key), Label | Translated):
                    record[f"{key}_label"] = self._text(row.get(key), style)
        document = {
            "title": self.title,
            "heading": self.heading(style.locale),
            "subtitle": self.subtitle,
            "currency": self.currency,
            "period": [d.isoformat() for d in self.period],
            "columns": [
                {"key": c.key, "kind": c.kind.value, "label": c.heading(style.locale)}
                for c in self.columns
            ],
            "rows": records[: len(self.rows)],
            "totals": records[len(self.rows) :],
        }
        return json.dumps(document, indent=indent, ensure_ascii=False)

    def _text(self, value: Any, style: _Style) -> str:
        return self._cell(Column("", ""), value, style)

    def to_csv(self, locale: str | None = None) -> str:
        """Return the rows as CSV with localised headings and texts, machine-readable values.

        Money and numbers are written as plain decimals (``15000000.00``), dates as ISO
        8601, so that a spreadsheet reads them as numbers in any locale; labels (total
        rows), account names and activities are in the language of ``locale``.
        """
        style = self._style(locale)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([c.heading(style.locale) for c in self.columns])
        for row in [*self.rows, *self.totals]:
            cells = []
            for c in self.columns:
                raw = row.get(c.key)
                if isinstance(raw, Label | Translated | enum.Enum):
                    cells.append(self._text(raw, style))
                    continue
                value = _plain(_number(raw))
                cells.append("" if value is None else str(value))
            writer.writerow(cells)
        return buffer.getvalue()

    def to_pandas(self) -> Any:
        """Return the body rows as a pandas DataFrame (money as Decimal amounts).

        Raises:
            InvalidInputError: If pandas is not installed (``pip install backoffice-core[pandas]``).
        """
        try:
            import pandas as pd
        except ImportError:
            raise InvalidInputError(
                "to_pandas() needs pandas: install it with 'pip install backoffice-core[pandas]'"
            ) from None
        records = [{c.key: _number(row.get(c.key)) for c in self.columns} for row in self.rows]
        return pd.DataFrame.from_records(records, columns=[c.key for c in self.columns])
