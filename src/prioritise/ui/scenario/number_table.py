"""Table cells that write and read numbers the reader's way.

`st.column_config.NumberColumn` writes its numbers with a printf format ("55.00" on a Spanish
screen), and its cell editor reads a decimal mark from the *browser's* language, not the app's:
in a browser set to English, "1,5" typed in a Spanish table loses its comma as a thousands mark
and is kept as 15, with no word said. The number columns of the Scenario page's tables are text
columns instead: each cell shows its number as a number box does (`number_box.number_text`,
with a column's usual decimals, "55,00"), and what is typed is read as a number box reads it
(`number_box.read_number`). A cell left as it was shown keeps the number behind it, every
digit of it (an even split's 58,3333 is 175/3). A cell that cannot be read, or is not allowed,
comes back as a problem that names the table, the row and the column and quotes what was
typed; the caller refuses the whole form with it and applies nothing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from numbers import Real
from typing import Any

import pandas as pd
import streamlit as st

from prioritise.text import decimal_mark
from prioritise.ui import i18n, number_box, widgets
from prioritise.ui.number_box import AMOUNT, Allowed, Reading

tr = i18n.page_text("scenario_number_table")

MORE_DECIMALS = 2
"""How many decimals a cell shows beyond its column's usual ones, at most: a typed 12,345 shows
as typed, and 175/3 as 58,3333, not with a float's 15 digits."""


@dataclass(frozen=True)
class Column:
    """A number column: its header (as a message names it), the numbers it takes and the
    decimals it usually shows ('55,00': 2)."""

    label: str
    allowed: Allowed = AMOUNT
    decimals: int = 0


@dataclass(frozen=True)
class TableReading:
    """The numbers read from a table (NaN where a cell is empty or refused) and every cell's
    reading, refusals included."""

    numbers: pd.DataFrame
    readings: tuple[Reading, ...]

    @property
    def problems(self) -> list[str]:
        """The refused cells, as Markdown bullets for `widgets.show_lines`."""
        return number_box.problem_lines(self.readings)


def _empty(value: Any) -> bool:
    """No entry: None, NaN, a missing value of pandas, blank text."""
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list, say: something was entered
        return False


def _number(value: Any) -> float | None:
    if _empty(value) or isinstance(value, bool) or not isinstance(value, Real):
        return None
    return float(value)


def cell_text(value: Any, lang: str, decimals: int = 0) -> str:
    """A number as its cell shows it: as a number box writes it ('1,5'), with at least
    `decimals` decimals ('55,00') so that a column's figures line up and at most
    `MORE_DECIMALS` more (see `read_table` for the digits beyond). Empty for no number."""
    number = _number(value)
    if number is None:
        return ""
    written = number_box.number_text(round(number, decimals + MORE_DECIMALS), lang)
    if decimals <= 0 or not written:
        return written
    mark = decimal_mark(lang)
    whole, _, fraction = written.partition(mark)
    return f"{whole}{mark}{fraction.ljust(decimals, '0')}"


def shown(table: pd.DataFrame, columns: Mapping[str, Column], lang: str) -> pd.DataFrame:
    """`table` with its number `columns` as text written the reader's way; an empty cell is
    None, which the editor shows as empty."""
    result = table.copy()
    for name, column in columns.items():
        texts = [cell_text(value, lang, column.decimals) or None for value in table[name]]
        result[name] = pd.Series(texts, index=table.index, dtype=object)
    return result


def typed_text(value: Any, lang: str) -> str:
    """What a cell holds, as text to read: an edited cell holds what was typed; a cell the
    editor gives back as a number (never typed as text) is written exactly, the reader's way."""
    if isinstance(value, str):
        return value
    number = _number(value)
    return "" if number is None else number_box.number_text(number, lang)


def without_blank_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The rows with anything in them: a row added to a table and left empty is no entry."""
    filled = [not all(_empty(value) for value in row) for row in table.itertuples(index=False)]
    return table.loc[pd.Series(filled, index=table.index, dtype=bool)]


def cell_name(table: str, row: str, column: str, lang: str) -> str:
    """Where a cell is, for a message: the table, the row by its name, the column."""
    return tr("cell", lang, table=table, row=widgets.plain_markdown(row), column=column)


def row_names(table: pd.DataFrame, named_by: Sequence[str], lang: str) -> list[str]:
    """Each row's name for a message: what its `named_by` cells hold (a region's name; a
    programme, region and year), or its place in the table when they are empty."""
    names = []
    for place, row in enumerate(table[list(named_by)].itertuples(index=False), start=1):
        said = [typed_text(value, lang) for value in row]
        names.append(" · ".join(part for part in said if part) or str(place))
    return names


def missing_cells(
    table: pd.DataFrame, needed: Mapping[str, str], name: str, named_by: Sequence[str], lang: str
) -> list[str]:
    """The empty cells of `needed` (column: its header) in the rows that hold anything, as
    Markdown bullets: a row half filled in is refused, not left out unsaid. (Streamlit's own
    `required` mark on a column speaks English only.)"""
    rows = without_blank_rows(table)
    names = row_names(rows, named_by, lang)
    return [
        "- " + tr("missing", lang, cell=cell_name(name, row, header, lang))
        for column, header in needed.items()
        for row, value in zip(names, rows[column], strict=True)
        if _empty(value)
    ]


def _as_shown(original: pd.DataFrame | None, label: Any, column: str) -> float | None:
    """The number behind a cell of `original` (the table before it was shown), if it has
    one: a row added in the editor has none."""
    if original is None or label not in original.index:
        return None
    return _number(original.at[label, column])


def read_table(
    table: pd.DataFrame,
    columns: Mapping[str, Column],
    lang: str,
    name: str,
    named_by: Sequence[str],
    original: pd.DataFrame | None = None,
) -> TableReading:
    """The number columns of an edited `table` read the reader's way: '1,5' (or '1.5') in
    Spanish, '1.5' in English, refusing what a number box refuses ('1.500' in Spanish could be
    fifteen hundred or one and a half). A cell still showing what `shown` wrote for the same
    row of `original` keeps that number, with the digits the cell left out. Rows left empty
    are left out. `name` names the table and `named_by` the columns that name its rows, for
    the messages."""
    rows = without_blank_rows(table)
    numbers = rows.copy()
    readings: list[Reading] = []
    names = row_names(rows, named_by, lang)
    places = [str(place) for place in range(1, len(rows) + 1)]
    for column, about in columns.items():
        values: list[float] = []
        named = places if column in named_by else names  # not by the cell being refused
        for row, label, value in zip(named, rows.index, rows[column], strict=True):
            typed = typed_text(value, lang)
            before = _as_shown(original, label, column)
            if before is not None and typed == cell_text(before, lang, about.decimals):
                reading = Reading(typed, before)  # left as it was
            else:
                where = cell_name(name, row, about.label, lang)
                reading = number_box.read_number(typed, lang, where, about.allowed)
            readings.append(reading)
            values.append(math.nan if reading.value is None else reading.value)
        numbers[column] = pd.Series(values, index=rows.index, dtype=float)
    return TableReading(numbers, tuple(readings))


def text_column(column: Column, lang: str, **options: Any) -> Any:
    """The editor's column for numbers written as text: aligned as numbers are, with a help
    that says how to write one ('1,25')."""
    return st.column_config.TextColumn(
        column.label,
        help=number_box.help_text(lang, column.allowed),
        alignment="right",
        **options,
    )
