"""Reading a spreadsheet of initiatives as a grid of plain cells: an Excel workbook (.xlsx) or a
CSV file, bounded in size, with no formula ever evaluated.

A cell becomes None (empty), text, a number, true/false, or a `Bad` cell (a formula, an
error value such as #DIV/0!, a date) that the checks report at its place. Every problem is a
`SheetProblem`: a sheet, a row and a column as the reader sees them in the spreadsheet (row 1
is the header), and a message.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from prioritise.text import Integer, LocalizedError, Message, msg

MAX_FILE_BYTES = 5 * 1024 * 1024
"""The largest spreadsheet read, as stored on disk."""
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
"""The largest workbook read, unpacked (a small .xlsx may unpack to gigabytes)."""
MAX_ROWS = 2000
"""The most initiatives one spreadsheet may hold."""
MAX_COLUMNS = 200
MAX_CELL_CHARS = 2000
SHEET_NAMES = ("Initiatives", "Iniciativas")
"""The sheet read from a workbook when it has one of these names; else its first sheet."""


@dataclass(frozen=True)
class Bad:
    """A cell the import never reads as a value: a formula, an error value, a date."""

    kind: str  # "formula", "error" or "date"
    shown: str


Cell = None | str | float | int | bool | Bad


@dataclass(frozen=True)
class SheetProblem:
    """One problem of a spreadsheet: where it is (sheet, row, column) and what is wrong.

    `row` is the spreadsheet's row number (1 is the header); `column` the column's header, or
    its letter where the header itself is the problem. A problem of the whole sheet has
    neither; a problem of the scenario file the rows go into has no sheet either.
    """

    sheet: str | None
    row: int | None
    column: str | None
    message: Message

    def text(self, lang: str) -> str:
        return self.message.text(lang)

    def line(self, lang: str) -> str:
        """The located sentence: `Initiatives, row 7, column cost_2026: must be a number`."""
        problem = self.message
        if self.sheet is None:
            return problem.text(lang)
        if self.row is None:
            return msg("scenario.sheet.at_sheet", sheet=self.sheet, problem=problem).text(lang)
        if self.column is None:
            return msg(
                "scenario.sheet.at_row", sheet=self.sheet, row=self.row, problem=problem
            ).text(lang)
        return msg(
            "scenario.sheet.at_cell",
            sheet=self.sheet,
            row=self.row,
            column=self.column,
            problem=problem,
        ).text(lang)

    def to_json(self, lang: str) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.text(lang),
        }


class SheetError(LocalizedError, ValueError):
    """A spreadsheet of initiatives that cannot be imported, with every problem found."""

    def __init__(self, problems: list[SheetProblem]) -> None:
        super().__init__("scenario.sheet.problems", count=len(problems))
        self.problems = problems

    def lines(self, lang: str) -> list[str]:
        return [problem.line(lang) for problem in self.problems]

    def text(self, lang: str) -> str:
        return "\n".join(self.lines(lang))


@dataclass
class Grid:
    """The cells of one sheet: its name, the header row, and the rows below it by number."""

    sheet: str
    header: list[Cell]
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)


def _whole_file(sheet: str, message_id: str, **params: Any) -> SheetError:
    return SheetError([SheetProblem(sheet, None, None, msg(message_id, **params))])


def _excel_cell(value: Any, data_type: str | None) -> Cell:
    if value is None or value == "":
        return None
    if data_type == "f":  # a text cell that starts with "=" is text: Excel shows it as such
        return Bad("formula", str(getattr(value, "text", value)))
    if data_type == "e":
        return Bad("error", str(value))
    if isinstance(value, datetime | date | time | timedelta):
        return Bad("date", str(value))
    if isinstance(value, str):  # opened from our CSV, Excel shows its apostrophe: taken off
        return value[1:] if _KEPT_FROM_FORMULA.match(value) else value
    if isinstance(value, bool | int | float):
        return value
    return Bad("formula", str(value))  # an array formula or anything else computed


def _bounded(rows: list[list[Cell]], sheet: str) -> Grid:
    """The grid without trailing empty rows; too many rows or columns is an error."""
    while rows and all(c is None for c in rows[-1]):
        rows.pop()
    if not rows:
        raise _whole_file(sheet, "scenario.sheet.empty")
    if len(rows) > MAX_ROWS + 1:
        raise _whole_file(sheet, "scenario.sheet.too_many_rows", limit=Integer(MAX_ROWS))
    if any(
        len(row) > MAX_COLUMNS and any(c is not None for c in row[MAX_COLUMNS:]) for row in rows
    ):
        raise _whole_file(sheet, "scenario.sheet.too_many_columns", limit=Integer(MAX_COLUMNS))
    body = [(i, row) for i, row in enumerate(rows[1:], start=2) if any(c is not None for c in row)]
    if not body:
        raise _whole_file(sheet, "scenario.sheet.empty")
    return Grid(sheet, rows[0], body)


def read_xlsx(data: bytes, origin: str) -> Grid:
    """The initiatives sheet of a workbook, read without evaluating anything."""
    from openpyxl import load_workbook  # loaded only when a workbook is read

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _whole_file(origin, "scenario.sheet.not_xlsx") from None
    if unpacked > MAX_UNPACKED_BYTES:
        limit = Integer(MAX_UNPACKED_BYTES >> 20)
        raise _whole_file(origin, "scenario.sheet.unpacks_large", megabytes=limit)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise _whole_file(origin, "scenario.sheet.not_xlsx") from None
    try:
        names = book.sheetnames
        chosen = next((n for n in names if n in SHEET_NAMES), names[0] if names else None)
        if chosen is None:
            raise _whole_file(origin, "scenario.sheet.empty")
        sheet = book[chosen]
        rows: list[list[Cell]] = []
        for row in sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS + 1):
            rows.append([_excel_cell(c.value, getattr(c, "data_type", None)) for c in row])
    finally:
        book.close()
    return _bounded(rows, chosen)


def _decoded(data: bytes, origin: str) -> str:
    if b"\x00" in data:
        raise _whole_file(origin, "scenario.sheet.not_csv")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _whole_file(origin, "scenario.sheet.not_csv")


def delimiter_of(text: str) -> str:
    """`;` where the header line has more semicolons than commas (Excel in Spanish writes
    these, with decimal commas), a tab for a tab-separated file, else `,`."""
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet program take a CSV cell for a formula. Text written to a CSV file
that starts so, after any apostrophes, gets one more apostrophe before it
(`initiative_template`), which the reader takes off again: the file can be opened without
running anything (OWASP, "CSV injection"), and an apostrophe the text had stays. Excel shows
that apostrophe, and keeps it in a workbook saved from the file, so the workbook reader takes
it off too; a workbook written here adds one only to text that had its own (`guarded`)."""
_KEPT_FROM_FORMULA = re.compile("'+[" + re.escape("".join(FORMULA_STARTS)) + "]")


def guarded(text: str, csv: bool) -> str:
    """`text` as written to a sheet, so that the reader gives it back as it was: in a CSV file
    with an apostrophe before text that starts as a formula would, after any apostrophes; in a
    workbook (where text is never run) only before such text that starts with an apostrophe."""
    if not text.lstrip("'").startswith(FORMULA_STARTS):
        return text
    return f"'{text}" if csv or text.startswith("'") else text


def _csv_cell(raw: str) -> Cell:
    """A CSV cell: a formula is refused; text kept from being one loses one apostrophe (the
    cell as written: a space before the apostrophe means the writer did not put it there)."""
    if raw.startswith("="):
        return Bad("formula", raw.strip())
    if _KEPT_FROM_FORMULA.match(raw):
        return raw[1:].strip()
    return raw.strip() or None


def read_csv(data: bytes, origin: str) -> tuple[Grid, str]:
    """The rows of a CSV file as text cells, and its delimiter (which says its decimal mark)."""
    text = _decoded(data, origin)
    delimiter = delimiter_of(text)
    rows: list[list[Cell]] = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append([_csv_cell(c) for c in record])
            if len(rows) > MAX_ROWS + 2:
                break
    except csv.Error:
        raise _whole_file(origin, "scenario.sheet.not_csv") from None
    return _bounded(rows, origin), delimiter
