"""The spreadsheet of a scenario's initiatives: an empty template to fill in, or the
initiatives it has, as an Excel workbook (with a sheet that explains every column) or a CSV
file written as Excel writes CSV in the language asked for; `initiative_sheet` reads either
back.

Headers are ids, the same in every language; the explanations are in the language asked for.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from prioritise.scenario.schema import Criterion, Scenario
from prioritise.scenario.sheet_cells import guarded
from prioritise.scenario.sheet_columns import Column, sheet_columns
from prioritise.scenario.sheet_names import REFERENCED, shown_names
from prioritise.scenario.template_checks import add_checks, flag_words
from prioritise.text import ListOf, Message, money_unit, msg, name_of, t

HEADER_COLOUR = "1F4E78"
_TEXTS = {
    "id": "scenario.template.col.id",
    "name_es": "scenario.template.col.name_es",
    "name_en": "scenario.template.col.name_en",
    "description": "scenario.template.col.description",
    "programme": "scenario.template.col.programme",
    "enabling_area": "scenario.template.col.enabling_area",
    "region": "scenario.template.col.region",
    "partial_min": "scenario.template.col.partial_min",
    "requires": "scenario.template.col.requires",
    "excludes": "scenario.template.col.excludes",
    "must": "scenario.template.col.must",
    "must_not": "scenario.template.col.must_not",
    "pool": "scenario.template.col.pool",
    "source": "scenario.template.col.source",
}
_BETTER = {"max": "scenario.template.higher_better", "min": "scenario.template.lower_better"}
_SENTENCE_ENDS = (".", "?", "!", "…")


def initiative_rows(scenario: Scenario, lang: str | None = None) -> list[dict[str, Any]]:
    """The scenario's initiatives as spreadsheet rows (header → value; absent when empty), each
    description in `lang` (by default the scenario's language) where the file gives one."""
    own = scenario.scenario.language
    rows = []
    for item in scenario.initiatives:
        row: dict[str, Any] = {"id": item.id}
        for code in ("es", "en"):
            text = item.names.get(code) or (item.name if code == own else "")
            if text:
                row[f"name_{code}"] = text
        described = item.description_in(lang or own)
        if described:
            row["description"] = described
        for key in ("programme", "enabling_area", "region", "pool", "source"):
            if getattr(item, key):
                row[key] = getattr(item, key)
        for year, amount in zip(scenario.years, item.cost, strict=False):
            row[f"cost_{year}"] = amount
        if item.partial is not None:
            row["partial_min"] = item.partial.min
        for key in ("requires", "excludes"):
            if getattr(item, key):
                row[key] = ", ".join(getattr(item, key))
        for key in ("must", "must_not"):
            if getattr(item, key):
                row[key] = True
        for name, score in item.scores.items():
            row[f"score_{name}"] = score
        rows.append(row)
    return rows


def _ids(scenario: Scenario, key: str, lang: str) -> Message | ListOf | str:
    """What a column of items may hold, as the Read me lists it: 'Minería (mining)', the name
    the list offers and the id that is read too."""
    shown = shown_names(scenario, key, lang)
    if not shown:
        return msg("scenario.template.none")
    return ListOf(
        [text if text == ident else f"{text} ({ident})" for ident, text in shown.items()], "or"
    )


def _score_text(criterion: Criterion, lang: str) -> str:
    if criterion.scale is not None:
        low, high = criterion.scale
        scale: Message = msg("scenario.template.scale", low=_plain(low), high=_plain(high))
    else:
        scale = msg("scenario.template.any_number")
    text = t("scenario.template.col.score", lang, name=name_of(criterion, lang), scale=scale)
    extra = [t(_BETTER[criterion.direction], lang), criterion.description_in(lang)]
    return " ".join([text, *(_sentence(part) for part in extra if part.strip())])


def _sentence(part: str) -> str:
    """`part` as a sentence: a capital first and one full stop last, none added to one that
    already ends its sentence ('… of the sectors it serves.', not '… serves..')."""
    part = part.strip()
    part = part[:1].upper() + part[1:]
    return part if part.endswith(_SENTENCE_ENDS) else part + "."


def _plain(value: float) -> str:
    return f"{value:g}"


def column_text(scenario: Scenario, column: Column, lang: str) -> str:
    """What to write in one column, in `lang`."""
    if column.kind == "cost":
        unit = money_unit(scenario.scenario.unit, scenario.scenario.currency, lang)
        year = scenario.years[int(column.part or 0)]
        return t("scenario.template.col.cost", lang, year=year, unit=unit)
    if column.kind == "score":
        criterion = next(c for c in scenario.criteria if c.id == column.part)
        return _score_text(criterion, lang)
    if column.header in REFERENCED:
        return t(_TEXTS[column.header], lang, ids=_ids(scenario, column.header, lang))
    return t(_TEXTS[column.header], lang)


CSV_MARKS = {"es": (";", ","), "en": (",", ".")}
"""Separator and decimal mark of a CSV file in each language, as Excel writes CSV there: a
Spanish Excel splits a line at semicolons and reads `2,5`, so a comma-separated file would open
as one column. The reader (`sheet_cells.delimiter_of`) takes either back."""


def _csv_bytes(headers: list[str], rows: list[dict[str, Any]], lang: str, flags: set[str]) -> bytes:
    """The rows as CSV in `lang`'s way (`CSV_MARKS`), flags as the words the workbook's lists
    offer ('sí'), with a byte order mark: without one, Excel reads UTF-8 as Windows-1252 and
    'región' comes out as 'regiÃ³n'."""
    delimiter, decimal = CSV_MARKS.get(lang, CSV_MARKS["en"])
    yes = flag_words(lang)[0]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(
            [yes if h in flags and row.get(h) else _csv_value(row.get(h), decimal) for h in headers]
        )
    return buffer.getvalue().encode("utf-8-sig")


def _csv_value(value: Any, decimal: str) -> str:
    if value is None:
        return ""
    if isinstance(value, float):  # every digit, and 2 rather than 2.0
        text = repr(value).removesuffix(".0")
        return text.replace(".", decimal)
    if isinstance(value, str):  # text, never a formula: the reader takes the apostrophe off
        return guarded(value, csv=True)
    return str(value)


def _xlsx_value(value: Any) -> Any:
    return guarded(value, csv=False) if isinstance(value, str) else value


def never_formulas(sheet: Any) -> None:
    """Text that starts with '=' kept as text: openpyxl would write it as a formula, which a
    spreadsheet program then runs. The import reads such a text cell back as text."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"


def _xlsx_bytes(
    scenario: Scenario, lang: str, columns: list[Column], rows: list[dict[str, Any]]
) -> bytes:
    from openpyxl import Workbook  # loaded only when a workbook is written
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor=HEADER_COLOUR)
    wrapped = Alignment(wrap_text=True, vertical="top")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = t("scenario.template.sheet", lang)
    headers = [c.header for c in columns]
    sheet.append(headers)
    flags = {c.header for c in columns if c.kind == "flag"}
    for row in rows:  # a flag as the word its drop-down list offers ('sí'), not TRUE
        sheet.append(
            [
                flag_words(lang)[0] if h in flags and row.get(h) else _xlsx_value(row.get(h))
                for h in headers
            ]
        )
    for j, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=j)
        cell.font, cell.fill = bold, fill
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(12, len(column.header) + 4)
        if column.kind in ("cost", "score", "share"):
            for line in range(2, len(rows) + 2):
                sheet.cell(row=line, column=j).number_format = "0.00##"
    sheet.freeze_panes = "B2"
    readme = book.create_sheet(t("scenario.template.readme", lang))
    intro = t(
        "scenario.template.intro",
        lang,
        sheet=sheet.title,
        command=t("scenario.template.command", lang, into="--into"),
    )
    readme.append([intro])
    readme.merge_cells(start_row=1, start_column=1, end_row=1, end_column=2)
    readme.row_dimensions[1].height = 75
    readme["A1"].alignment = wrapped
    readme.append([])
    readme.append([t("scenario.template.column", lang), t("scenario.template.meaning", lang)])
    for cell in readme[3]:
        cell.font, cell.fill = bold, fill
    for column in columns:
        readme.append([column.header, column_text(scenario, column, lang)])
        readme.cell(row=readme.max_row, column=2).alignment = wrapped
    readme.column_dimensions["A"].width = 24
    readme.column_dimensions["B"].width = 100
    add_checks(book, sheet, scenario, columns, lang)
    for written in book.worksheets:
        never_formulas(written)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def initiative_sheet_bytes(
    scenario: Scenario, lang: str | None = None, kind: str = "xlsx", filled: bool = False
) -> bytes:
    """The spreadsheet of `scenario`'s initiatives as a file's bytes: `kind` "xlsx" (with a
    "Read me" sheet in `lang`, by default the scenario's language) or "csv"; empty (a
    template) unless `filled`, which writes the initiatives the scenario has."""
    chosen = lang or scenario.scenario.language
    columns = sheet_columns(scenario)
    rows = initiative_rows(scenario, chosen) if filled else []
    for header in REFERENCED:  # names, as the drop-down lists offer them (`sheet_names`)
        shown = shown_names(scenario, header, chosen)
        for row in rows:
            if header in row:
                row[header] = shown.get(row[header], row[header])
    if kind == "csv":
        flags = {c.header for c in columns if c.kind == "flag"}
        return _csv_bytes([c.header for c in columns], rows, chosen, flags)
    if kind != "xlsx":
        raise ValueError(f"unknown spreadsheet kind {kind!r}: xlsx or csv")
    return _xlsx_bytes(scenario, chosen, columns, rows)


def template_bytes(scenario: Scenario, lang: str | None = None, kind: str = "xlsx") -> bytes:
    """An empty spreadsheet of initiatives for `scenario`, ready to fill in (for downloads)."""
    return initiative_sheet_bytes(scenario, lang, kind)
