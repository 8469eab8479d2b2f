"""Plotly figures of allocations and trade-offs: pure functions from DataFrames to figures.

Like `prioritise.ui.charts`, inputs carry display labels already and `separators` is plotly's
decimal-and-thousands pair; `unit` is the money unit as shown ('M USD'). Money is drawn with
one decimal, values (the optimiser's objective) with three.

Here the money by region and by year; the money flow lives in `money_flow`, the trade-offs'
figures in `tradeoff_charts`, both re-exported here, where the pages take them from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from prioritise.ui.chart_frame import AXIS_TITLE_WIDTH, frame, short_label, wrap_title
from prioritise.ui.charts import PALETTE
from prioritise.ui.portfolio import phone_charts
from prioritise.ui.portfolio.money_flow import NODE_PAD, money_sankey
from prioritise.ui.portfolio.tradeoff_charts import (
    MARK_COLOURS,
    MARK_GROUP,
    frontier_chart,
    stacked_areas,
    sweep_chart,
)

__all__ = [  # re-exported: the pages and the tests import them from here
    "MARK_COLOURS",
    "MARK_GROUP",
    "NODE_PAD",
    "frontier_chart",
    "money_sankey",
    "stacked_areas",
    "sweep_chart",
]

PHONE_PANEL_TITLE = 14
"""Longest line of a panel's axis title in the phone's two-panel chart of regions."""
PHONE_ROW = 34
"""Pixels per region in that chart on a phone: a name in two lines fits."""


def _layout(fig: go.Figure, separators: str, height: int, **extra: Any) -> go.Figure:
    return frame(fig, separators, height, **extra)


def region_money(
    frame: pd.DataFrame,
    titles: tuple[str, str],
    separators: str,
    highlight: Sequence[str] = (),
    phone: bool = False,
) -> go.Figure:
    """Regions north (top) to south (bottom): money and money per person side by side.

    `frame` is indexed by region label in north-to-south order with columns `amount` and
    `per_capita`; `highlight` labels (decentralisation pilots) get a darker bar. On a phone
    each panel is a quarter of 390 px: the regions' names come in two short lines (whole in
    the hover), the axis titles in lines of a panel's width, three ticks, and room for the
    largest bar's figure beside it.
    """
    labels = list(frame.index)
    rows = [short_label(label) for label in labels] if phone else labels
    colours = ["#0f5e9c" if label in highlight else "#7fa7c9" for label in labels]
    gap = 0.12 if phone else 0.04  # on a phone the panels' end ticks would touch
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=gap)
    for col, (column, spec) in enumerate((("amount", ",.1f"), ("per_capita", ",.1f")), start=1):
        values = frame[column].astype(float).to_numpy()
        fig.add_bar(
            y=rows,
            x=values,
            orientation="h",
            marker_color=colours,
            text=values,
            texttemplate="%{x:" + spec + "}",
            textposition="outside",
            cliponaxis=False,
            customdata=labels,
            hovertemplate="%{customdata}: %{x:" + spec + "}<extra>" + titles[col - 1] + "</extra>",
            showlegend=False,
            row=1,
            col=col,
        )
        finite = values[np.isfinite(values)]
        top = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
        title = wrap_title(titles[col - 1], PHONE_PANEL_TITLE) if phone else titles[col - 1]
        fig.update_xaxes(
            title=title,
            range=[0, top * (1.7 if phone else 1.3)],
            nticks=3 if phone else None,
            row=1,
            col=col,
        )
    fig.update_yaxes(autorange="reversed")
    height = 120 + (PHONE_ROW if phone else 30) * len(labels)
    return _layout(
        fig, separators, height, axis_width=PHONE_PANEL_TITLE if phone else AXIS_TITLE_WIDTH
    )


def year_bars(
    by_year: pd.DataFrame,
    budgets: pd.Series,
    unit: str,
    budget_name: str,
    separators: str,
    phone: bool = False,
) -> go.Figure:
    """Money per year stacked by programme (columns), with each year's budget as a marker.

    On a `phone` the legend of every programme comes under the plot, in full, as under the
    stacked areas (a scrolled legend over the plot hid the budgets' figures)."""
    years = [str(y) for y in by_year.index]
    fig = go.Figure()
    for i, column in enumerate(by_year.columns):
        fig.add_bar(
            x=years,
            y=by_year[column].to_numpy(dtype=float),
            name=str(column),
            marker_color=PALETTE[i % len(PALETTE)],
            hovertemplate=f"{column} · " + "%{x}: %{y:,.1f} " + unit + "<extra></extra>",
        )
    fig.add_scatter(
        x=years,
        y=budgets.to_numpy(dtype=float),
        mode="markers+text",
        name=budget_name,
        marker={"symbol": "line-ew-open", "size": 40, "color": "#1b2631", "line": {"width": 3}},
        texttemplate="%{y:,.1f}",
        textposition="top center",
        hovertemplate=budget_name + " %{x}: %{y:,.1f} " + unit + "<extra></extra>",
    )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title=unit, rangemode="tozero")
    fig.update_xaxes(type="category")
    if not phone:
        return _layout(fig, separators, 460)
    legend, more = phone_charts.legend_below([*map(str, by_year.columns), budget_name])
    return _layout(fig, separators, 460 + more, legend=legend)
