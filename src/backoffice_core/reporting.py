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
    format_amount,
    format_date,
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
        dates = " – ".join(format_date(d, locale) for d in self.dates)
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


def _number(value: Any) -> Any:
    """Unwrap money to its Decimal amount; leave other values alone."""
    return value.amount if isinstance(value, Money) else value


@attrs.frozen
class Report:
    """A report: a title, columns and rows, with renderers.

    Args:
        title: A message id from the i18n catalog, or a literal title.
        columns: The columns, in display order.
        rows: The body rows.
        totals: Rows shown after a rule (totals, subtotals).
        subtitle: A line under the title (entity, currency), already in final form.
        period: The report's date, or its first and last day, shown after the
            subtitle in the locale's date format.
    """

    title: str
    columns: Sequence[Column]
    rows: Sequence[Row]
    totals: Sequence[Row] = ()
    subtitle: str = ""
    period: tuple[date, ...] = ()

    def heading(self, locale: str = DEFAULT_LOCALE) -> str:
        """Return the title in the language of ``locale``."""
        return label(self.title, locale) if self.title in CATALOG else self.title

    def caption(self, locale: str = DEFAULT_LOCALE) -> str:
        """Return the line under the title: the subtitle and the period in ``locale``."""
        dates = " – ".join(format_date(d, locale) for d in self.period)
        return " · ".join(part for part in (self.subtitle, dates) if part)

    def _cell(self, column: Column, value: Any, locale: str) -> str:
        if value is None:
            return ""
        if column.kind is ColumnKind.MONEY and isinstance(value, Money | Decimal):
            return format_amount(value, locale)
        if column.kind is ColumnKind.NUMBER and isinstance(value, Decimal | int):
            return format_amount(Decimal(value), locale, digits=0)
        if column.kind is ColumnKind.PERCENT and isinstance(value, Decimal | int):
            return format_amount(Decimal(value), locale, digits=1)
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

    def _cells(self, row: Row, locale: str) -> list[str]:
        return [self._cell(c, row.get(c.key), locale) for c in self.columns]

    def render(self, locale: str = DEFAULT_LOCALE) -> str:
        """Render as a plain-text table for a terminal.

        Args:
            locale: A babel locale name such as ``"id_ID"``.
        """
        headers = [c.heading(locale) for c in self.columns]
        body = [[self._cell(c, row.get(c.key), locale) for c in self.columns] for row in self.rows]
        foot = [
            [self._cell(c, row.get(c.key), locale) for c in self.columns] for row in self.totals
        ]
        widths = [len(h) for h in headers]
        for line in body + foot:
            widths = [max(w, len(cell)) for w, cell in zip(widths, line, strict=True)]

        def fmt(cells: Sequence[str]) -> str:
            parts = []
            for column, width, cell in zip(self.columns, widths, cells, strict=True):
                right = column.kind in (ColumnKind.MONEY, ColumnKind.NUMBER, ColumnKind.PERCENT)
                parts.append(cell.rjust(width) if right else cell.ljust(width))
            return "  ".join(parts).rstrip()

        rule = "  ".join("-" * w for w in widths)
        out = [self.heading(locale)]
        if self.caption(locale):
            out.append(self.caption(locale))
        out += ["", fmt(headers), rule, *(fmt(line) for line in body)]
        if foot:
            out += [rule, *(fmt(line) for line in foot)]
        return "\n".join(out)

    def __str__(self) -> str:
        return self.render()

    def to_html(self, locale: str = DEFAULT_LOCALE) -> str:
        """Render as an HTML table (what a notebook shows)."""
        esc = html.escape

        def row_html(row: Row, tag: str = "td") -> str:
            cells = []
            for c in self.columns:
                align = (
                    ' style="text-align:right"' if c.kind in ("money", "number", "percent") else ""
                )
                cells.append(f"<{tag}{align}>{esc(self._cell(c, row.get(c.key), locale))}</{tag}>")
            return "<tr>" + "".join(cells) + "</tr>"

        head = "".join(f"<th>{esc(c.heading(locale))}</th>" for c in self.columns)
        parts = [f"<h4>{esc(self.heading(locale))}</h4>"]
        if self.caption(locale):
            parts.append(f"<p>{esc(self.caption(locale))}</p>")
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

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return the report as JSON: title, subtitle, columns and rows."""
        document = {
            "title": self.title,
            "subtitle": self.subtitle,
            "period": [d.isoformat() for d in self.period],
            "columns": [{"key": c.key, "kind": c.kind.value} for c in self.columns],
            "rows": self.to_records()[: len(self.rows)],
            "totals": self.to_records()[len(self.rows) :],
        }
        return json.dumps(document, indent=indent, ensure_ascii=False)

    def to_csv(self, locale: str = DEFAULT_LOCALE) -> str:
        """Return the rows as CSV with localised headings and machine-readable values.

        Money and numbers are written as plain decimals (``15000000.00``), dates as ISO
        8601, so that a spreadsheet reads them as numbers in any locale.
        """
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([c.heading(locale) for c in self.columns])
        for row in [*self.rows, *self.totals]:
            cells = []
            for c in self.columns:
                value = _plain(_number(row.get(c.key)))
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
