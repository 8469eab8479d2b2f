"""The allocation report as an Excel workbook (openpyxl), one sheet per report table.

Every figure is written as a number with a display format (money with thousands separators,
shares as percentages), so that the workbook can be summed, sorted and charted as it is.
Excel shows a format's decimal and thousands marks in the reader's own locale; the format only
adds what a locale cannot: Spanish puts a space before the percent sign, and the optimality gap
gets three decimals so that 0.00077 reads 0.077 %, not 0.1 %. Headers are bold on a coloured
band, frozen, with filters; columns are as wide as their content (long sentences wrap).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from prioritise.report.tables import Table
from prioritise.text import number, percent_sign

NUMBER_FORMATS = {
    "money": "#,##0.00",
    "per_capita": "#,##0.00",
    "share": "0.0%",
    "small_share": "0.000%",
    "value": "0.0000",
    "index": "0.0",
    "seconds": "0.00",
    "points": "0.000",
    "int": "#,##0",
    "year": "0",
}
FORMATS_ATTR = "formats"
"""`DataFrame.attrs` key of an extra sheet's format kinds by column (see `robustness_tables`)."""
LANG_ATTR = "lang"
"""`DataFrame.attrs` key of the language an extra sheet is written in."""
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
WRAPPED = Alignment(wrap_text=True, vertical="top")
MAX_WIDTH = {"text": 80, "default": 48}
MIN_WIDTH = 8
SHEET_NAME_LIMIT = 31
_FORBIDDEN = re.compile(r"[\[\]\*\?/\\:]")


def number_format_of(kind: str, lang: str) -> str | None:
    """The Excel number format of a kind of figure for the report's language."""
    found = NUMBER_FORMATS.get(kind)
    if found is not None and found.endswith("%"):
        spacing = percent_sign(lang)[:-1]  # what text.format writes before the sign
        return found[:-1] + "".join("\\" + c for c in spacing) + "%"
    return found


def _clean(value: float) -> float:
    """Arithmetic dust off: 12 significant digits, and 0 for a leftover like -2e-14 (which a
    spreadsheet shows as "-0,00")."""
    return 0.0 if abs(value) < 1e-9 else float(f"{value:.12g}")


def _cell(value: Any) -> Any:
    """A value openpyxl stores natively: numbers stay numbers, NaN becomes an empty cell."""
    if value is None:
        return None
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return _clean(float(value)) if math.isfinite(value) else None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def _width(values: list[Any], header: str, kind: str) -> float:
    longest = len(str(header))
    for value in values[:2000]:
        if value is None:
            continue
        if isinstance(value, float):
            text = number(value, "en", 4 if kind == "value" else 3 if kind == "points" else 2)
        else:
            text = str(value)
        longest = max(longest, len(text))
    cap = MAX_WIDTH["text"] if kind == "text" else MAX_WIDTH["default"]
    return float(min(max(longest + 2, MIN_WIDTH), cap))


def write_table(sheet: Worksheet, table: Table) -> None:
    """Header, rows, number formats, widths, frozen header and filters for one table."""
    frame = table.frame
    headers = [str(c) for c in frame.columns]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAPPED
    columns = [[_cell(v) for v in frame[c].tolist()] for c in frame.columns]
    for row in zip(*columns, strict=True) if columns else []:
        sheet.append(list(row))
    for j, header in enumerate(headers, start=1):
        kind = table.formats.get(header, "")
        if not kind and frame.dtypes.iloc[j - 1].kind == "f":
            kind = "value"
        letter = get_column_letter(j)
        number_format = number_format_of(kind, table.lang)
        if number_format or kind == "text":
            for cell in sheet[letter][1:]:
                if number_format:
                    cell.number_format = number_format
                if kind == "text":
                    cell.alignment = WRAPPED
        sheet.column_dimensions[letter].width = _width(columns[j - 1], header, kind)
    if table.row_formats and len(headers) > 1:
        for i, kind in enumerate(table.row_formats, start=2):
            cell = sheet.cell(row=i, column=2)
            cell.alignment = Alignment(horizontal="left", wrap_text=True, vertical="top")
            row_format = number_format_of(kind, table.lang)
            if row_format:
                cell.number_format = row_format
        sheet.column_dimensions["B"].width = MAX_WIDTH["text"]
    sheet.freeze_panes = "A2"
    if len(frame) and not table.row_formats:
        sheet.auto_filter.ref = sheet.dimensions


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """An extra sheet's frame with a meaningful index kept as columns and flat headers."""
    if not isinstance(frame.index, pd.RangeIndex) or any(n is not None for n in frame.index.names):
        frame = frame.reset_index()
    if isinstance(frame.columns, pd.MultiIndex):
        frame = frame.copy()
        frame.columns = [" ".join(str(p) for p in c if str(p)) for c in frame.columns]
    return frame


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unused sheet name: no []:*?/\\, at most 31 characters."""
    base = _FORBIDDEN.sub(" ", str(title)).strip()[:SHEET_NAME_LIMIT] or "Sheet"
    name, n = base, 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        name, n = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix, n + 1
    return name


def workbook(
    tables: list[Table],
    extra_sheets: Mapping[str, pd.DataFrame] | None = None,
    lang: str | None = None,
) -> Workbook:
    """A workbook of the report tables, then any extra sheets in the order given.

    Extra sheets take their format kinds from ``frame.attrs["formats"]`` and are formatted for
    `lang` (default: the report tables' language).
    """
    languages = [table.lang for table in tables]
    extras_given = (extra_sheets or {}).values()
    languages += [f.attrs.get(LANG_ATTR) for f in extras_given if isinstance(f, pd.DataFrame)]
    chosen = lang or next((str(found) for found in languages if found), "en")
    book = Workbook()
    first = book.active
    taken: set[str] = set()
    extras = []
    for title, frame in (extra_sheets or {}).items():
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"extra sheet '{title}' must be a pandas DataFrame")
        formats = dict(frame.attrs.get(FORMATS_ATTR, {}))
        extras.append(Table(str(title), str(title), _flat(frame), formats, lang=chosen))
    for table in [*tables, *extras]:
        name = sheet_name(table.title, taken)
        taken.add(name)
        sheet = book.create_sheet(name)
        write_table(sheet, table)
    if first is not None:
        book.remove(first)
    return book


def excel_bytes_of(
    tables: list[Table],
    extra_sheets: Mapping[str, pd.DataFrame] | None = None,
    lang: str | None = None,
) -> bytes:
    buffer = io.BytesIO()
    workbook(tables, extra_sheets, lang).save(buffer)
    return buffer.getvalue()
