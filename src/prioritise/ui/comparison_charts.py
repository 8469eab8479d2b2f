"""Figures that set views side by side: paired bars (two scenarios, the group's split and the
robust compromise, a workshop's groups) and a difference's diverging bars.

Like `charts`, inputs carry display labels already and `separators` is plotly's
decimal-and-thousands pair; `value_format` is a plotly format, shares ('.1%') written as the
page's language writes them. `charts` re-exports these, where the pages take them from.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from prioritise.ui import chart_frame
from prioritise.ui.chart_style import (
    BASE_HEIGHT,
    PALETTE,
    ROW_HEIGHT,
    percent_texts,
    percent_ticks,
    share_decimals,
)

MORE, LESS = "#6a3d9a", "#b8860b"
"""A difference's colours: told apart with any colour vision, and from blue and orange."""


def difference_bars(
    difference: pd.Series,
    value_title: str,
    separators: str,
    title: str | None = None,
    value_format: str = ".1%",
) -> go.Figure:
    """Signed differences as a diverging horizontal bar chart (more purple, less gold): not the
    blue and orange that the side-by-side bars beside it give the two scenarios."""
    ordered = difference.sort_values()
    colours = [MORE if v >= 0 else LESS for v in ordered.to_numpy(dtype=float)]
    decimals = share_decimals(value_format)
    fig = go.Figure(
        go.Bar(
            y=list(ordered.index),
            x=ordered.to_numpy(dtype=float),
            orientation="h",
            marker_color=colours,
            customdata=None if decimals is None else percent_texts(ordered, decimals, True),
            hovertemplate="%{y}: "
            + ("%{x:+" + value_format + "}" if decimals is None else "%{customdata}")
            + "<extra></extra>",
        )
    )
    values = ordered.to_numpy(dtype=float)
    ticks: dict[str, Any] = {"tickformat": "+" + _amount_format(values, value_format), "nticks": 8}
    if value_format.endswith("%") and len(values):
        ticks = percent_ticks(
            float(np.nanmax(values, initial=0.0)),
            float(np.nanmin(values, initial=0.0)),
            signed=True,
        )
        # from the first tick to the last: plotly's own range, on bars a few hundredths of a
        # point long, left the zero as the only tick inside it
        first, last = ticks["tickvals"][0], ticks["tickvals"][-1]
        pad = 0.03 * (last - first)  # a tick at the very edge is not drawn
        ticks["range"] = [first - pad, last + pad]
    fig.update_xaxes(title=value_title, zeroline=True, zerolinewidth=2, **ticks)
    return chart_frame.frame(
        fig, separators, BASE_HEIGHT + ROW_HEIGHT * len(ordered), title, showlegend=False
    )


def _amount_format(values: np.ndarray, value_format: str) -> str:
    """The ticks' format for amounts: whole units when the bars span five or more (+0, +2,
    +4 …), else as many decimals as tell the ticks apart (a span of 0.8 ticks +0.2, +0.4)."""
    span = float(np.nanmax(values, initial=0.0) - np.nanmin(values, initial=0.0))
    places = 0 if span >= 5 else 1 if span >= 0.5 else 2
    return re.sub(r"\.\d+", f".{places}", value_format, count=1)


def paired_bars(
    frame: pd.DataFrame,
    value_title: str,
    separators: str,
    title: str | None = None,
    value_format: str = ".1%",
) -> go.Figure:
    """Side-by-side horizontal bars: one bar group per row, one bar per column (scenario)."""
    fig = go.Figure()
    decimals = share_decimals(value_format)
    value = "%{x:" + value_format + "}" if decimals is None else "%{customdata}"
    for index, column in enumerate(frame.columns):
        fig.add_bar(
            y=list(frame.index),
            x=frame[column].to_numpy(dtype=float),
            name=str(column),
            orientation="h",
            marker_color=PALETTE[index % len(PALETTE)],
            customdata=None if decimals is None else percent_texts(frame[column], decimals),
            hovertemplate="%{y}: " + value + f"<extra>{column}</extra>",
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(autorange="reversed")
    top = float(np.nanmax(frame.to_numpy(dtype=float), initial=0.0))
    ticks = (
        percent_ticks(top)
        if value_format.endswith("%")
        else {"tickformat": value_format.replace(".1", ".0")}
    )
    fig.update_xaxes(title=value_title, **ticks)
    return chart_frame.frame(
        fig, separators, BASE_HEIGHT + 2 * ROW_HEIGHT * len(frame.index), title
    )
