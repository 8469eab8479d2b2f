"""Charts of the Sensitivity page: the intervals of one weight with its marks, the ranking and
the budget at the chosen value, and the tornado. Labels arrive translated."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from prioritise.ui import i18n
from prioritise.ui.chart_frame import AXIS_TITLE_WIDTH, ROW_LABELS_AXIS_WIDTH
from prioritise.ui.charts import BASE_HEIGHT, PALETTE, ROW_HEIGHT, _layout, percent_ticks


def interval_strip(
    intervals: dict[str, tuple[float, float]],
    current: float,
    chosen: float,
    names: dict[str, str],
    separators: str,
) -> go.Figure:
    """One bar per interval from its low to its high end, the current value as a line and the
    chosen value as a diamond; the axis is the weight, 0–100 %."""
    fig = go.Figure()
    labels = [names[key] for key in intervals]
    fig.add_trace(
        go.Bar(
            y=labels,
            x=[high - low for low, high in intervals.values()],
            base=[low for low, _ in intervals.values()],
            orientation="h",
            marker_color=PALETTE[0],
            opacity=0.55,
            name=names["interval"],
            customdata=[
                f"{i18n.percent(low)} – {i18n.percent(high)}" for low, high in intervals.values()
            ],
            hovertemplate="%{customdata}<extra></extra>",  # the page's percent, not plotly's
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[chosen] * len(labels),
            y=labels,
            mode="markers",
            marker={"symbol": "diamond", "size": 12, "color": PALETTE[1]},
            name=names["chosen"],
        )
    )
    fig.add_vline(x=current, line_dash="dash", line_color=PALETTE[3])
    fig.add_trace(  # the line's name in the legend: a label on the plot would sit on a bar
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines",
            line={"dash": "dash", "color": PALETTE[3]},
            name=names["current"],
        )
    )
    fig.update_xaxes(range=[0, 1], **percent_ticks(1.0))
    return _layout(fig, separators, BASE_HEIGHT + ROW_HEIGHT * 3)


def _bars(fig: go.Figure, series: list[tuple[pd.Series, str, str]]) -> None:
    """Horizontal bars, one trace per (values by row label, legend name, colour)."""
    for values, name, colour in series:
        fig.add_trace(
            go.Bar(
                y=list(values.index),
                x=values.to_numpy(),
                orientation="h",
                name=name,
                marker_color=colour,
            )
        )
    fig.update_yaxes(autorange="reversed")


def value_bars(
    values: pd.Series,
    before: pd.Series,
    names: dict[str, str],
    separators: str,
    percent: bool,
    axis: str | None = None,
) -> go.Figure:
    """Values by programme at the chosen weight next to their values now; `axis` names the
    unit of the values' axis."""
    fig = go.Figure()
    _bars(fig, [(before, names["now"], "#b0b7bf"), (values, names["chosen"], PALETTE[0])])
    if percent:
        top = float(max(values.max(), before.max(), 0.0))
        fig.update_xaxes(range=[0, top * 1.05 or 1.0], **percent_ticks(top))
    if axis:
        fig.update_xaxes(title=axis)
    return _layout(fig, separators, BASE_HEIGHT + ROW_HEIGHT * 2 * len(values), barmode="group")


TORNADO_ROW = 44
"""Least pixels of a tornado's row: room for its two bars, one above the other."""


def tornado_chart(
    bars: pd.DataFrame, names: dict[str, str], separators: str, phone: bool = False
) -> go.Figure:
    """Per weight (rows, widest first), the programme's money at the lowest and at the highest
    stakeholder's weight, as changes from now. The two bars of a row stand one above the
    other: drawn over each other, the shorter vanished under the longer whenever both moved
    the same way. On a `phone` the labels leave the plot half the width, and the axis title is
    wrapped to fit it."""
    fig = go.Figure()
    low = pd.Series(bars["from_now_low"].to_numpy(), index=bars["label"])
    high = pd.Series(bars["from_now_high"].to_numpy(), index=bars["label"])
    _bars(fig, [(low, names["at_low"], PALETTE[2]), (high, names["at_high"], PALETTE[1])])
    fig.update_xaxes(title=names["axis"], zeroline=True, zerolinecolor="#5f6b73")
    return _layout(
        fig,
        separators,
        BASE_HEIGHT + rows_height(bars["label"], TORNADO_ROW),
        barmode="group",
        bargap=0.3,
        bargroupgap=0.05,
        axis_width=ROW_LABELS_AXIS_WIDTH if phone else AXIS_TITLE_WIDTH,
    )


LABEL_LINE = 16
"""Pixels of one line of a row's label: a row is as tall as its label's lines need."""


def rows_height(labels: Iterable[str], least: int = ROW_HEIGHT) -> int:
    """The height of bar rows whose labels take several lines (`<br>`): plotly gives every
    row the same height, so each gets what the tallest label needs (at least `least`), and
    no label runs into the next."""
    shown = list(labels)
    lines = max((label.count("<br>") + 1 for label in shown), default=1)
    return len(shown) * max(least, LABEL_LINE * lines + 8)
