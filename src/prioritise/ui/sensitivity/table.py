"""The Sensitivity page's table of stability intervals, arranged to be read on a phone too.

The library's table (`SensitivityResult.table`) has ten columns: the weight's set and name,
its current value, the two ends of three intervals and the marks. On a phone (390 px) only the
first two fitted, both names, and not one number. Here the same columns, all of them, come in
the order a reader needs them: the weight's name (pinned, so that it stays in view while the
table is swiped sideways), its current value, the intervals, then the marks and the set.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from prioritise.sensitivity import UNEXPLORED
from prioritise.ui import widgets
from prioritise.ui.workshop import room

SET, NAME, CURRENT = 0, 1, 2
"""Where the library's table has the weight's set, its name and its current value; the
interval ends follow, the marks are last."""


def ordered(table: pd.DataFrame) -> pd.DataFrame:
    """The table's columns, every one, as a phone shows them from the left: name, current value,
    the interval ends, the marks, and the set last."""
    columns = list(table.columns)
    first = [columns[NAME], columns[CURRENT]]
    return table[first + columns[CURRENT + 1 :] + [columns[SET]]]


def written(table: pd.DataFrame, shares: dict[str, Callable[[float], str]]) -> pd.DataFrame:
    """The share columns with an end not looked at (NaN: a split interval not explored to the
    end) written out, `UNEXPLORED` ("—", as the legend says) for the missing ends: the grid
    shows a missing number as "None", whatever the styler says. Such a column is then text;
    the others stay numbers."""
    table = table.copy()
    for column, words in shares.items():
        if column in table.columns and table[column].isna().any():
            table[column] = [UNEXPLORED if pd.isna(v) else words(v) for v in table[column]]
    return table


def show(table: pd.DataFrame, shares: dict[str, Callable[[float], str]], key: str) -> None:
    """The table, reordered (`ordered`), the weight's name pinned to the left edge (narrower
    on a phone, told by its browser's User-Agent); `shares` writes the share columns as
    percentages."""
    table = written(ordered(table), shares)
    numbers = {c: words for c, words in shares.items() if pd.api.types.is_numeric_dtype(table[c])}
    name = str(table.columns[0])
    # a laptop gives the name its whole width ('Especialización regional (cociente de
    # localización)' was cut to '(c'); a phone keeps room for the numbers beside it
    width = (
        widgets.PHONE_NAME_PX
        if room.on_phone()
        else widgets.text_columns(table[[name]])[name]["width"]
    )
    columns = {name: st.column_config.TextColumn(pinned=True, width=width)}
    for column in set(shares) - set(numbers):  # written out: still aligned as numbers
        columns[column] = st.column_config.TextColumn(alignment="right")
    st.dataframe(
        widgets.styled(table, numbers),
        hide_index=True,
        column_config=columns,
        height=widgets.table_height(len(table)),
        key=key,
    )
