"""Plotly figure builders: pure functions from DataFrames to figures.

Inputs carry display labels already (translated names as index and columns); `separators`
is plotly's decimal-and-thousands pair (`i18n.plotly_separators`), so that Spanish charts
read "12,5 %". Shares are fractions and shown as percentages.

The palette and the share axes' ticks and texts live in `chart_style`, the side-by-side and
difference bars in `comparison_charts`; both are re-exported here, where the pages and the
other figure builders take them from.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from prioritise.ui import i18n
from prioritise.ui.chart_frame import frame as _frame
from prioritise.ui.chart_frame import legend_name
from prioritise.ui.chart_style import (
    BASE_HEIGHT,
    PALETTE,
    ROW_HEIGHT,
    percent_texts,
    percent_ticks,
    share_decimals,
)
from prioritise.ui.comparison_charts import difference_bars, paired_bars

__all__ = [  # re-exported: the pages and the other figure builders import them from here
    "BASE_HEIGHT",
    "PALETTE",
    "ROW_HEIGHT",
    "difference_bars",
    "paired_bars",
    "percent_texts",
    "percent_ticks",
]


def _layout(
    fig: go.Figure, separators: str, height: int, title: str | None = None, **extra: Any
) -> go.Figure:
    """The app's shared frame (`chart_frame.frame`): toolbar band, title, legend, axis titles."""
    return _frame(fig, separators, height, title, **extra)


def contribution_bars(
    parts: pd.DataFrame, value_title: str, separators: str, title: str | None = None
) -> go.Figure:
    """Stacked horizontal bars: one bar per row (best at the top), one colour per column.

    `parts` holds each row's components (they sum to the row's total).
    """
    totals = parts.sum(axis=1).sort_values(ascending=True)
    ordered = parts.loc[totals.index]
    fig = go.Figure()
    for index, column in enumerate(ordered.columns):
        fig.add_bar(
            y=list(ordered.index),
            x=ordered[column].to_numpy(),
            name=str(column),
            orientation="h",
            marker_color=PALETTE[index % len(PALETTE)],
            customdata=percent_texts(ordered[column]),
            hovertemplate="%{y}<br>" + f"{column}: " + "%{customdata}<extra></extra>",
        )
    fig.add_scatter(  # the total at the end of each bar
        y=list(totals.index),
        x=totals.to_numpy(),
        mode="text",
        text=["  " + text for text in percent_texts(totals)],
        texttemplate="%{text}",
        textposition="middle right",
        showlegend=False,
        hoverinfo="skip",
        cliponaxis=False,
    )
    fig.update_layout(barmode="stack")
    top = float(totals.max() or 1) * 1.15
    fig.update_xaxes(title=value_title, range=[0, top], **percent_ticks(top))
    return _layout(fig, separators, BASE_HEIGHT + ROW_HEIGHT * len(totals), title)


def heatmap(
    frame: pd.DataFrame,
    separators: str,
    title: str | None = None,
    x_title: str | None = None,
    y_title: str | None = None,
    colorscale: str = "Blues",
    value_format: str = ".1%",
    zmin: float | None = None,
    zmax: float | None = None,
    text: bool = True,
) -> go.Figure:
    """A labelled heatmap; rows top to bottom in the frame's order. Shares are written as
    the page's language writes them ('17,9 %' / '17.9%'), cells and colour bar alike."""
    values = frame.to_numpy(dtype=float)
    decimals = share_decimals(value_format)
    shares = decimals is not None
    cell = "%{text}" if shares else "%{z:" + value_format + "}"
    written = None
    colorbar: dict[str, object] = {"tickformat": value_format.replace(".1", ".0")}
    if decimals is not None:
        written = [
            ["" if math.isnan(v) else i18n.percent(float(v), decimals=decimals) for v in row]
            for row in values
        ]
        finite = values[np.isfinite(values)]
        high = float(zmax) if zmax is not None else float(finite.max(initial=0.0))
        low = float(zmin) if zmin is not None else min(0.0, float(finite.min(initial=0.0)))
        colorbar = dict(percent_ticks(high, low))
    fig = go.Figure(
        go.Heatmap(
            z=values,
            x=[str(c) for c in frame.columns],
            y=[str(i) for i in frame.index],
            colorscale=colorscale,
            zmin=zmin,
            zmax=zmax,
            text=written,
            texttemplate=cell if text else None,
            hovertemplate="%{y} · %{x}: " + cell + "<extra></extra>",
            colorbar=colorbar,
        )
    )
    fig.update_yaxes(autorange="reversed", title=y_title)
    angle = 35 if len(frame.columns) <= 8 else 65
    fig.update_xaxes(title=x_title, side="top", tickangle=-angle)
    longest = max((len(str(c)) for c in frame.columns), default=0)
    top = min(240, 20 + int(6.5 * longest * math.sin(math.radians(angle))))
    # the column labels stand above the plot, under the toolbar's band and the title
    height = top + 60 + ROW_HEIGHT * len(frame.index)
    return _layout(fig, separators, height, title, margin={"t": top})


def region_strip(
    values: pd.Series,
    value_title: str,
    separators: str,
    highlight: Sequence[str] = (),
    title: str | None = None,
    width: int = 420,
) -> go.Figure:
    """Regions north (top) to south (bottom) as a tall, narrow bar chart, like Chile's map.

    `values` is indexed by region label in north-to-south order; `highlight` labels (e.g. the
    decentralisation pilots) get a darker bar.
    """
    colours = ["#0f5e9c" if label in highlight else "#7fa7c9" for label in values.index]
    fig = go.Figure(
        go.Bar(
            y=list(values.index),
            x=values.to_numpy(dtype=float),
            orientation="h",
            marker_color=colours,
            text=percent_texts(values),
            texttemplate="%{text}",
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    top = float(values.max() or 1) * 1.3
    fig.update_xaxes(title=value_title, range=[0, top], **percent_ticks(top))
    return _layout(
        fig, separators, BASE_HEIGHT + 30 * len(values), title, width=width, showlegend=False
    )


def rank_lines(
    ranks: pd.DataFrame, rank_title: str, separators: str, title: str | None = None
) -> go.Figure:
    """A bump chart: columns are views (methods, stakeholders), rows are items, y is the rank."""
    fig = go.Figure()
    for index, (item, row) in enumerate(ranks.iterrows()):
        fig.add_scatter(
            x=[str(c) for c in ranks.columns],
            y=row.to_numpy(dtype=float),
            mode="lines+markers+text",
            name=str(item),
            text=[""] * (len(row) - 1) + [str(item)],
            textposition="middle right",
            cliponaxis=False,
            line={"color": PALETTE[index % len(PALETTE)], "width": 2},
            hovertemplate=f"{item}: " + "%{y}<extra>%{x}</extra>",
        )
    fig.update_yaxes(autorange="reversed", title=rank_title, dtick=1)
    fig.update_xaxes(side="top")
    return _layout(
        fig,
        separators,
        BASE_HEIGHT + ROW_HEIGHT * len(ranks.index),
        title,
        showlegend=False,
        margin={"l": 40, "r": 190, "t": 40, "b": 10},
    )


def weight_spread(
    individual: pd.DataFrame,
    group: pd.Series,
    value_title: str,
    group_name: str,
    separators: str,
    title: str | None = None,
) -> go.Figure:
    """Each stakeholder's weight per item as a dot, the group weight as a diamond.

    `individual` is stakeholders × items (labels), rows summing to 1; `group` by item label.
    """
    fig = go.Figure()
    for index, (who, row) in enumerate(individual.iterrows()):
        fig.add_scatter(
            x=row.to_numpy(dtype=float),
            y=[str(c) for c in individual.columns],
            mode="markers",
            name=str(who),
            marker={"size": 10, "color": PALETTE[index % len(PALETTE)], "opacity": 0.75},
            customdata=percent_texts(row),
            hovertemplate=f"{who} · " + "%{y}: %{customdata}<extra></extra>",
        )
    fig.add_scatter(
        x=group.reindex(individual.columns).to_numpy(dtype=float),
        y=[str(c) for c in individual.columns],
        mode="markers",
        name=group_name,
        marker={"size": 16, "symbol": "diamond-open", "color": "#1b2631", "line": {"width": 2}},
        customdata=percent_texts(group.reindex(individual.columns)),
        hovertemplate=f"{group_name} · " + "%{y}: %{customdata}<extra></extra>",
    )
    fig.update_yaxes(autorange="reversed")
    top = float(
        max(
            np.nanmax(individual.to_numpy(dtype=float), initial=0.0),
            np.nanmax(group.to_numpy(dtype=float), initial=0.0),
        )
    )
    fig.update_xaxes(title=value_title, rangemode="tozero", **percent_ticks(top))
    return _layout(fig, separators, BASE_HEIGHT + 40 + 34 * len(individual.columns), title)


def value_for_money(
    points: pd.DataFrame,
    frontier: pd.DataFrame,
    budget: float,
    titles: dict[str, str],
    separators: str,
) -> go.Figure:
    """Initiatives along the order of buy and the efficient frontier of portfolios.

    `points` has one row per initiative: `x` and `y` (cumulative cost and value along the order
    of buy), `group` (the legend's word: funded, not funded…), `colour` and `hover` (its name,
    cost, value and value per cost, written out); `frontier` has `budget` and `value` (the best
    portfolio's value at each budget). `titles` names the axes (`x`, `y`), the frontier line
    (`frontier`) and the budget marker (`budget`).
    """
    fig = go.Figure()
    fig.add_scatter(
        x=frontier["budget"].to_numpy(dtype=float),
        y=frontier["value"].to_numpy(dtype=float),
        mode="lines",
        line={"shape": "hv", "color": PALETTE[9], "width": 2},
        name=legend_name(titles["frontier"]),
        hoverinfo="skip",
    )
    for group, part in points.groupby("group", sort=False):
        fig.add_scatter(
            x=part["x"].to_numpy(dtype=float),
            y=part["y"].to_numpy(dtype=float),
            mode="markers",
            marker={"size": 10, "color": part["colour"].iloc[0], "line": {"width": 1}},
            name=str(group),
            customdata=part["hover"].tolist(),
            hovertemplate="%{customdata}<extra></extra>",
        )
    fig.add_vline(x=budget, line_dash="dot", line_color=PALETTE[3])
    fig.add_annotation(
        x=budget,
        y=0,
        yref="paper",
        text=" " + titles["budget"],
        showarrow=False,
        xanchor="left",
        yanchor="bottom",
    )
    fig.update_xaxes(title=titles["x"], rangemode="tozero")
    fig.update_yaxes(title=titles["y"], rangemode="tozero")
    return _layout(fig, separators, 420)
