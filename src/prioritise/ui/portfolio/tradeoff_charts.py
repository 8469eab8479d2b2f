"""Figures of the trade-offs: value against budget, the split's composition against budget and
value against the level of one rule, with marks (the scenario's own budget, its rule) drawn as
dashed lines named in the legend.

Like `charts`, inputs carry display labels already and `separators` is plotly's
decimal-and-thousands pair. `charts` re-exports these, where the Trade-offs page takes them
from.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from prioritise.ui.chart_frame import frame, legend_name, wrap_figures
from prioritise.ui.chart_style import PALETTE, percent_texts, percent_ticks
from prioritise.ui.portfolio import phone_charts

MARK_COLOURS = ("#c8553d", "#6d597a")
MARK_GROUP = "marks"
"""The legend group of the marks' legend entries (they carry no data)."""


def _marks(fig: go.Figure, marks: Sequence[tuple[float, str]], rows: int = 1) -> None:
    """Dashed vertical lines at given x, each named by an entry of the legend, not by a label
    on the plot: two marks' labels, long in Spanish, printed over each other, the lines and the
    data on a phone, wherever they were put."""
    for i, (x, label) in enumerate(marks):
        colour = MARK_COLOURS[i % len(MARK_COLOURS)]
        line = {"line_dash": "dash", "line_color": colour, "line_width": 2}
        for row in range(1, rows + 1):
            fig.add_vline(x=x, **line, **({"row": row, "col": 1} if rows > 1 else {}))
        fig.add_scatter(  # the legend's entry: a dashed line and the mark's name
            x=[None],
            y=[None],
            mode="lines",
            name=legend_name(label),
            line={"dash": "dash", "color": colour, "width": 2},
            legendgroup=MARK_GROUP,
            hoverinfo="skip",
            **({"row": 1, "col": 1} if rows > 1 else {}),
        )


def sweep_chart(
    points: pd.DataFrame,
    marks: Sequence[tuple[float, str]],
    titles: dict[str, str],
    separators: str,
) -> go.Figure:
    """Value against budget (top) and the value bought by each extra unit of money (bottom).

    `points` has columns budget, value_index, marginal_points (`BudgetSweep.to_frame`); `marks`
    are (budget, label) lines, e.g. the scenario's own budget and the 700 M reference; `titles`
    has keys budget, objective, marginal, marginal_axis (the lower panel's short title) and
    unit (the money's, for the hover: budgets to two decimals, as the table writes them).
    """
    budget = ("%{x:,.2f} " + titles.get("unit", "")).rstrip()
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.1, row_heights=[0.62, 0.38]
    )
    fig.add_scatter(
        x=points["budget"],
        y=points["value_index"],
        mode="lines+markers",
        name=titles["objective"],
        line={"color": PALETTE[0], "width": 3},
        marker={"size": 9},
        hovertemplate=budget + ": %{y:.1f}<extra>" + titles["objective"] + "</extra>",
        row=1,
        col=1,
    )
    steps = points.dropna(subset=["marginal_points"])
    if len(steps) and steps.index[0] == points.index[0]:  # the first step starts from nothing
        steps = pd.concat([steps.iloc[:1].assign(budget=0.0), steps])
    fig.add_scatter(
        x=steps["budget"],
        y=steps["marginal_points"],
        mode="lines",
        line={"shape": "vh", "color": PALETTE[1], "width": 2},
        fill="tozeroy",
        name=legend_name(titles["marginal"]),
        hovertemplate=budget + ": %{y:.3f}<extra>" + titles["marginal"] + "</extra>",
        row=2,
        col=1,
    )
    _marks(fig, marks, rows=2)
    fig.update_yaxes(title=titles["objective"], rangemode="tozero", row=1, col=1)
    # the lower panel is a third of the chart's height: a short title (the legend has the
    # long one) in two short lines, each shorter than the panel is high
    lower = wrap_figures(titles.get("marginal_axis", titles["marginal"]), 20)
    fig.update_yaxes(title=lower, rangemode="tozero", row=2, col=1)
    fig.update_xaxes(title=titles["budget"], rangemode="tozero", row=2, col=1)
    return frame(fig, separators, 560)


def stacked_areas(
    composition: pd.DataFrame,
    marks: Sequence[tuple[float, str]],
    x_title: str,
    y_title: str,
    separators: str,
    share: bool = False,
    phone: bool = False,
    unit: str = "",
    colours: Sequence[str] = PALETTE,
) -> go.Figure:
    """Composition against budget: one stacked area per column (money or share of budget).

    On a `phone` the legend comes under the plot and the figure grows by its rows (see
    `phone_charts`). `unit` is the money's, for the hover; `colours` one per column."""
    fig = go.Figure()
    money = f" {unit}".rstrip()
    value = "%{customdata}" if share else "%{y:,.1f}" + money
    for i, column in enumerate(composition.columns):
        fig.add_scatter(
            customdata=percent_texts(composition[column]) if share else None,
            x=composition.index.to_numpy(dtype=float),
            y=composition[column].to_numpy(dtype=float),
            name=str(column),
            mode="lines",
            stackgroup="one",
            line={"width": 0.5, "color": colours[i % len(colours)]},
            fillcolor=colours[i % len(colours)],  # solid: plotly's own is paler, hard to tell
            hovertemplate=f"{column} · " + "%{x:,.2f}" + money + ": " + value + "<extra></extra>",
        )
    _marks(fig, marks)
    fig.update_xaxes(title=x_title, rangemode="tozero")
    fig.update_yaxes(
        title=y_title,
        range=[0, 1] if share else None,
        rangemode="tozero",
        **(percent_ticks(1.0) if share else {}),
    )
    if not phone:
        return frame(fig, separators, 480)
    names = [str(column) for column in composition.columns] + [label for _, label in marks]
    legend, more = phone_charts.legend_below(names)
    return frame(fig, separators, 480 + more, legend=legend)


def frontier_chart(
    points: pd.DataFrame,
    current: float | None,
    titles: dict[str, str],
    separators: str,
    share: bool,
) -> go.Figure:
    """Value against the level ε of one rule; the scenario's own rule as a dashed line.

    `points` has columns epsilon, value_index, feasible; `titles` has keys level, objective,
    current (the label of the marked rule) and, optionally, level_unit (for the hover); `share`
    draws ε as a percentage.
    """
    solved = points[points["feasible"]]
    # a share as the page writes it ('12,5 %'), an amount with plotly's digits and its unit
    level = "%{customdata}" if share else "%{x:,.2f}" + f" {titles.get('level_unit', '')}".rstrip()
    fig = go.Figure()
    fig.add_scatter(
        x=solved["epsilon"],
        y=solved["value_index"],
        customdata=percent_texts(solved["epsilon"]) if share else None,
        mode="lines+markers",
        name=titles["objective"],
        line={"color": PALETTE[0], "width": 3, "shape": "linear"},
        marker={"size": 9},
        hovertemplate=level + ": %{y:.1f}<extra></extra>",
        showlegend=False,
    )
    failed = points[~points["feasible"]]
    if len(failed):
        low = float(solved["value_index"].min()) if len(solved) else 0.0
        fig.add_scatter(
            x=failed["epsilon"],
            y=[low] * len(failed),
            customdata=percent_texts(failed["epsilon"]) if share else None,
            mode="markers",
            name=titles.get("infeasible", "infeasible"),
            marker={"symbol": "x", "size": 10, "color": "#c8553d"},
            hovertemplate=level + "<extra></extra>",
        )
    if current is not None:
        _marks(fig, [(current, titles["current"])])
    levels = points["epsilon"].to_numpy(dtype=float)
    ticks = percent_ticks(float(np.nanmax(levels, initial=0.0))) if share and len(levels) else {}
    fig.update_xaxes(title=titles["level"], **ticks)
    fig.update_yaxes(title=titles["objective"])
    return frame(fig, separators, 420)
