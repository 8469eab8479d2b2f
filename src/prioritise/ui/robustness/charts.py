"""Plotly figures of the Robustness page: pure functions from labelled DataFrames to figures.

Inputs carry display labels already (translated names as index and columns), rows top to
bottom in the order given; `separators` is plotly's decimal-and-thousands pair
(`i18n.plotly_separators`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from prioritise.ui import i18n
from prioritise.ui.chart_frame import frame
from prioritise.ui.charts import percent_ticks

BAND = "#9ec5e8"
MEDIAN = "#0f5e9c"
GROUP = "#e07a1f"
REFERENCE = "#1b2631"
ROW = 34
BASE = 130


def _layout(fig: go.Figure, separators: str, height: int, **extra: Any) -> go.Figure:
    return frame(fig, separators, height, **extra)


@dataclass(frozen=True)
class FanWords:
    """Legend and hover words of a fan chart, in the language on screen."""

    band: str
    median: str
    group: str
    reference: str = ""
    reached: str = ""
    """Hover line of the reference marker; plotly's %{customdata} is the share of draws in
    which the item reaches it, already written in the language ("reached in %{customdata} of
    the draws")."""


def fan_chart(frame: pd.DataFrame, words: FanWords, value_title: str, separators: str) -> go.Figure:
    """One row per item: a band from P10 to P90 of its money, the median, the group's split.

    `frame` is indexed by label (top row first) with columns p10, p50, p90 and group; an
    optional `reference` column (e.g. the money a population share would give) is drawn as a
    black mark, with `reached` (the share of draws, as text in the language) in its hover.
    """
    labels = [str(i) for i in frame.index]
    p10, p50, p90 = (frame[q].to_numpy(dtype=float) for q in ("p10", "p50", "p90"))
    money = "%{x:,.2f}"
    fig = go.Figure()
    fig.add_bar(
        y=labels,
        x=p90 - p10,
        base=p10,
        orientation="h",
        name=words.band,
        marker={"color": BAND},
        customdata=np.column_stack([p10, p90]),
        hovertemplate="%{y}<br>P10 %{customdata[0]:,.2f} – P90 %{customdata[1]:,.2f}"
        "<extra></extra>",
        width=0.55,
    )
    fig.add_scatter(
        y=labels,
        x=p50,
        mode="markers",
        name=words.median,
        marker={"symbol": "line-ns-open", "size": 22, "color": MEDIAN, "line": {"width": 4}},
        hovertemplate="%{y}<br>" + f"{words.median}: {money}<extra></extra>",
    )
    fig.add_scatter(
        y=labels,
        x=frame["group"].to_numpy(dtype=float),
        mode="markers",
        name=words.group,
        marker={"symbol": "diamond", "size": 12, "color": GROUP, "line": {"width": 1}},
        hovertemplate="%{y}<br>" + f"{words.group}: {money}<extra></extra>",
    )
    if "reference" in frame.columns and frame["reference"].notna().any():
        reached = frame.get("reached", pd.Series("", index=frame.index))
        fig.add_scatter(
            y=labels,
            x=frame["reference"].to_numpy(dtype=float),
            mode="markers",
            name=words.reference,
            marker={"symbol": "x-thin-open", "size": 14, "color": REFERENCE, "line": {"width": 3}},
            customdata=reached.astype(str).to_numpy(dtype=object),
            hovertemplate="%{y}<br>" + f"{words.reference}: {money}<br>{words.reached}"
            "<extra></extra>",
        )
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(title=value_title, rangemode="tozero", tickformat=",.0f")
    return _layout(fig, separators, BASE + ROW * len(labels), barmode="overlay")


def rank_bars(shares: pd.DataFrame, value_title: str, separators: str) -> go.Figure:
    """Stacked horizontal bars: one per item (top row first), one segment per rank.

    `shares` holds the share of draws (0-1) at each rank, columns labelled and ordered from the
    first rank; the first rank gets the darkest colour.
    """
    count = len(shares.columns)
    positions = np.linspace(0.95, 0.15, count) if count > 1 else [0.95]
    colours = sample_colorscale("Blues", list(positions))
    fig = go.Figure()
    labels = [str(i) for i in shares.index]
    for colour, column in zip(colours, shares.columns, strict=True):
        values = shares[column].to_numpy(dtype=float)
        fig.add_bar(
            y=labels,
            x=values,
            orientation="h",
            name=str(column),
            marker={"color": colour},
            # shares as the page's language writes them ('91 %'): plotly's own has no space
            text=[i18n.percent(float(v), decimals=0) for v in values],
            customdata=[i18n.percent(float(v)) for v in values],
            texttemplate="%{text}",
            textposition="inside",
            insidetextanchor="middle",
            hovertemplate="%{y}<br>" + f"{column}: " + "%{customdata}<extra></extra>",
        )
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(title=value_title, range=[0, 1], **percent_ticks(1.0))
    return _layout(
        fig,
        separators,
        BASE + 20 + ROW * len(labels),
        barmode="stack",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "traceorder": "normal"},
        uniformtext={"minsize": 10, "mode": "hide"},
    )
