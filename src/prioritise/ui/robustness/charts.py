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
from prioritise.ui.chart_frame import frame, short_label
from prioritise.ui.charts import heatmap, percent_ticks

BAND = "#9ec5e8"
MEDIAN = "#0f5e9c"
GROUP = "#e07a1f"
REFERENCE = "#1b2631"
ROW = 34
BASE = 130
PHONE_ROW = 34
"""Pixels per row of the phone's core-index heatmap: a region's name in two lines fits."""
PHONE_TEXT_COLUMNS = 6
"""Up to this many columns, a phone's heatmap cells are wide enough to write their share."""


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
    between: str = "%{customdata[0]:,.2f} – %{customdata[1]:,.2f}"
    """Hover line of the band, in the language ("in 8 of 10 draws, between … and …"); plotly's
    %{customdata[0]} and %{customdata[1]} are its ends (P10 and P90)."""


def fan_chart(frame: pd.DataFrame, words: FanWords, value_title: str, separators: str) -> go.Figure:
    """One row per item: a band from P10 to P90 of its money (8 draws in 10 fall in it), the
    median (on screen, the typical value), the group's split.

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
        hovertemplate="%{y}<br>" + words.between + "<extra></extra>",
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
        legend_traceorder="normal",  # first rank first; the frame places the legend
        uniformtext={"minsize": 10, "mode": "hide"},
    )


def phone_heatmap(
    frame: pd.DataFrame,
    separators: str,
    x_title: str,
    y_title: str | None = None,
    value_format: str = ".0%",
) -> go.Figure:
    """The core-index heatmap for a phone: `frame` (rows top to bottom) is drawn with every
    row's label, in short lines (`short_label`), the full name in the hover; every column's
    label too, upright above the plot, and the colour bar under it so the cells get the
    width. Cells write their share only where a column is wide enough (`PHONE_TEXT_COLUMNS`);
    a tap on a cell shows it.
    """
    rows, columns = [str(i) for i in frame.index], [str(c) for c in frame.columns]
    text = len(columns) <= PHONE_TEXT_COLUMNS
    fig = heatmap(
        frame,
        separators,
        x_title=x_title,
        y_title=y_title,
        value_format=value_format,
        zmin=0.0,
        zmax=1.0,
        text=text,
    )
    fig.update_traces(
        colorbar={"orientation": "h", "y": -0.02, "yanchor": "top", "thickness": 12, "len": 1},
        textfont={"size": 11},
    )
    fig.update_yaxes(
        tickmode="array",
        tickvals=rows,
        ticktext=[short_label(r) for r in rows],
        tickfont={"size": 11},
        automargin=True,
    )
    angle = 90 if not text else 35
    longest = max((len(c) for c in columns), default=0)
    top = min(200, 20 + int(6 * longest * (1 if not text else 0.6)))
    fig.update_xaxes(tickmode="array", tickvals=columns, tickangle=-angle, tickfont={"size": 11})
    height = top + 90 + PHONE_ROW * len(rows)
    fig.update_layout(height=height + 28, margin={"t": top + 28, "b": 70, "l": 10, "r": 10})
    return fig
