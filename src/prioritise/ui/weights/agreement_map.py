"""The agreement map (Kendall's τ between every two stakeholders), on a laptop and on a phone.

Pure (no Streamlit): the page tells a phone by its browser's User-Agent
(`prioritise.ui.workshop.room.is_phone`). On a 390 px screen the stakeholders' names, written
beside and above the grid, left the grid a sixth of the width and were cut at the screen's
edge ("cina del programa Transforma"), so a phone's map numbers the stakeholders on both axes,
with no colour bar (the note under the map says what the colours mean), and the page lists the
numbers with their names under it.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from prioritise.ui import charts, i18n

PHONE_CELL_PX = 40
"""Height of a phone's row: a square cell in a seven-stakeholder grid on a 390 px screen."""
TICKS = (-1.0, -0.5, 0.0, 0.5, 1.0)
"""The colour bar's ticks: τ runs from −1 to 1."""


def tau_text(value: float) -> str:
    """A τ as the page writes numbers, two decimals ('' where there is none)."""
    return "" if math.isnan(value) else i18n.number(value, decimals=2)


def agreement_map(
    matrix: pd.DataFrame, separators: str, phone: bool
) -> tuple[go.Figure, list[str]]:
    """The map of `matrix` (τ between the stakeholders its index and columns name) and, on a
    phone, the key of its numbers: "1. name" for each stakeholder in the grid's order (none on
    a laptop, whose map names them)."""
    numbers = [i18n.number(k, decimals=0) for k in range(1, len(matrix.index) + 1)]
    shown = pd.DataFrame(matrix.to_numpy(), index=numbers, columns=numbers) if phone else matrix
    figure = charts.heatmap(
        shown, separators, colorscale="RdBu", value_format=".2f", zmin=-1, zmax=1
    )
    # cells and colour bar written alike, as the page's tables write numbers ('-0,35'):
    # plotly's own format wrote the cells with a hyphen and the colour bar with a minus sign
    figure.update_traces(
        text=[[tau_text(v) for v in row] for row in matrix.to_numpy(dtype=float)],
        texttemplate="%{text}",
        hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
        colorbar={"tickvals": list(TICKS), "ticktext": [tau_text(v) for v in TICKS]},
    )
    if not phone:
        return figure, []
    figure.update_traces(showscale=False)
    figure.update_xaxes(tickangle=0, type="category")  # numbers as names, every one written
    figure.update_yaxes(type="category")
    top = 60  # the toolbar's band and the numbers above the grid
    figure.update_layout(
        height=top + 40 + PHONE_CELL_PX * len(numbers),
        margin={"t": top, "l": 30, "r": 10},
    )
    key = [f"{number}. {name}" for number, name in zip(numbers, matrix.index, strict=True)]
    return figure, key
