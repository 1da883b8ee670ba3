"""Reading tables from people: CSV or XLSX rows, local number and date formats.

Spreadsheets written in Indonesia use ``.`` to group thousands and ``,`` for decimals
(``1.500.000,00``); English ones the other way round. :func:`parse_number` reads
either, strictly (``1.5.00`` is refused, not guessed), and :func:`read_rows` yields a
file's rows as mappings from column heading to text with their row numbers as a
spreadsheet shows them (the heading is row 1). XLSX needs ``openpyxl``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from backoffice_core.errors import InvalidInputError

__all__ = ["NUMBER_FORMATS", "parse_date", "parse_number", "read_rows"]

NUMBER_FORMATS = {"id": (".", ","), "en": (",", ".")}
"""Thousands and decimal separators by format name."""

_SPACES = re.compile(r"[\s\u00a0]")


def parse_number(text: str, number_format: str = "id") -> Decimal:
    """Parse an amount written in ``number_format`` (``"id"`` or ``"en"``).

    Accepts an optional sign or parentheses for a negative, an optional ``Rp``
    prefix, grouping in threes and decimals: ``1.500.000,00``, ``-250.000``,
    ``(1.000)``, ``Rp 15.000.000`` in ``id``; ``1,500,000.00`` in ``en``.

    Raises:
        InvalidInputError: If the text is not a number in that format, naming it.
    """
    try:
        group, point = NUMBER_FORMATS[number_format]
    except KeyError:
        raise InvalidInputError(
            f"number format {number_format!r} is unknown: use 'id' (1.500.000,00) or "
            "'en' (1,500,000.00)"
        ) from None
    raw = _SPACES.sub("", text)
    negative = raw.startswith("(") and raw.endswith(")")
    body = raw[1:-1] if negative else raw
    if body and body[0] in "+-":
        negative = negative or body[0] == "-"
        body = body[1:]
    if body.lower().startswith("rp"):
        body = body[2:]
    whole = rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})+|\d+"
    match = re.fullmatch(rf"({whole})(?:{re.escape(point)}(\d+))?", body)
    if not match:
        raise InvalidInputError(
            f"{text!r} is not a number in the {number_format!r} format "
            f"(thousands {group!r}, decimals {point!r})"
        )
    digits = match.group(1).replace(group, "") + ("." + match.group(2) if match.group(2) else "")
    try:
        value = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits digits only
        raise InvalidInputError(f"{text!r} is not a number") from None
    return -value if negative else value


def parse_date(text: str, date_format: str = "%Y-%m-%d") -> date:
    """Parse a date written as ``date_format`` (``"%d/%m/%Y"`` for 31/01/2026).

    Raises:
        InvalidInputError: If the text does not match, naming it and the format.
    """
    try:
        return datetime.strptime(text.strip(), date_format).date()
    except ValueError:
        raise InvalidInputError(f"{text!r} is not a date in the format {date_format!r}") from None


def read_rows(
    source: str | Path | io.TextIOBase,
    *,
    delimiter: str | None = None,
    number_format: str = "id",
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(row number, {heading: text})`` for every data row of a CSV or XLSX file.

    Args:
        source: A path (``.xlsx`` read with openpyxl, anything else as CSV), or an
            open text stream of CSV.
        delimiter: The CSV delimiter; sniffed from ``,`` and ``;`` when None.
        number_format: How numeric XLSX cells are written out, so that
            :func:`parse_number` reads them back in the same format.

    Raises:
        InvalidInputError: If the file has no heading row, or an XLSX file is given
            without openpyxl installed.
    """
    if isinstance(source, str | Path) and Path(source).suffix.lower() == ".xlsx":
        yield from _xlsx_rows(Path(source), NUMBER_FORMATS.get(number_format, (".", ","))[1])
        return
    if isinstance(source, str | Path):
        with open(source, newline="", encoding="utf-8-sig") as handle:
            yield from _csv_rows(handle.read(), delimiter)
        return
    yield from _csv_rows(source.read(), delimiter)


def _csv_rows(text: str, delimiter: str | None) -> Iterator[tuple[int, dict[str, str]]]:
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        raise InvalidInputError("the file has no heading row: the first row must name columns")
    names = [h.strip() for h in header]
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        yield number, {n: (cells[i].strip() if i < len(cells) else "") for i, n in enumerate(names)}


def _xlsx_rows(path: Path, point: str) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        import openpyxl
    except ImportError:
        raise InvalidInputError(
            f"{path.name} is an XLSX file: install openpyxl to read it, or save it as CSV"
        ) from None
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book.active.iter_rows(values_only=True)
        header = next(rows, None)
        if not header:
            raise InvalidInputError(f"{path.name} has no heading row")
        names = ["" if h is None else str(h).strip() for h in header]
        for number, cells in enumerate(rows, start=2):
            values = ["" if c is None else _xlsx_text(c, point) for c in cells]
            if any(values):
                yield (
                    number,
                    {n: (values[i] if i < len(values) else "") for i, n in enumerate(names)},
                )
    finally:
        book.close()


def _xlsx_text(cell: object, point: str) -> str:
    """Spreadsheet cells come typed: dates become ISO text, numbers ungrouped decimals.

    A float cell is read through its shortest ``repr``, which gives back the number
    as typed (``1500000.25``), never the binary expansion of the double.
    """
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, int | float):
        return format(Decimal(repr(cell)), "f").replace(".", point)
    return str(cell).strip()
