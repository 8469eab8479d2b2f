"""Plotly figures of allocations and trade-offs: pure functions from DataFrames to figures.

Like `prioritise.ui.charts`, inputs carry display labels already and `separators` is plotly's
decimal-and-thousands pair; `unit` is the money unit as shown ('M USD'). Money is drawn with
one decimal, values (the optimiser's objective) with three.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from prioritise.ui.chart_frame import (
    AXIS_TITLE_WIDTH,
    frame,
    legend_name,
    short_label,
    wrap_figures,
    wrap_title,
)
from prioritise.ui.charts import PALETTE, percent_texts, percent_ticks
from prioritise.ui.portfolio import phone_charts

MARK_COLOURS = ("#c8553d", "#6d597a")
AREA_COLOURS = ("#264653", "#8ab17d", "#b56576", "#e9c46a", "#577590", "#7f5539", "#90be6d")
REGION_COLOUR = "#5f6b73"
LINK_ALPHA = 0.5


PHONE_PANEL_TITLE = 14
"""Longest line of a panel's axis title in the phone's two-panel chart of regions."""
PHONE_ROW = 34
"""Pixels per region in that chart on a phone: a name in two lines fits."""


def _layout(fig: go.Figure, separators: str, height: int, **extra: Any) -> go.Figure:
    return frame(fig, separators, height, **extra)


def _rgba(colour: str, alpha: float) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def money_sankey(
    table: pd.DataFrame,
    order: dict[str, Sequence[str]],
    unit: str,
    separators: str,
    phone: bool = False,
) -> go.Figure:
    """Money from programmes to enabling areas to regions.

    `table` has columns programme, enabling_area, region (display labels) and amount; `order`
    gives each column's labels top to bottom (e.g. regions north to south). The links from an
    enabling area to a region add up every programme's money there. The hover names every
    node and link in full; on a `phone` the labels are cut to fit (see `phone_charts`).
    """
    columns = ("programme", "enabling_area", "region")
    present = {c: [x for x in order[c] if x in set(table[c])] for c in columns}
    nodes = [(c, label) for c in columns for label in present[c]]
    index = {node: i for i, node in enumerate(nodes)}
    palettes = {"programme": PALETTE, "enabling_area": AREA_COLOURS, "region": (REGION_COLOUR,)}
    colours = {
        (c, label): palettes[c][i % len(palettes[c])]
        for c in columns
        for i, label in enumerate(present[c])
    }
    sources, targets, values, link_colours = [], [], [], []
    for left, right in (("programme", "enabling_area"), ("enabling_area", "region")):
        flows = table.groupby([left, right], sort=False)["amount"].sum()
        for (a, b), amount in flows.items():
            if amount <= 0:
                continue
            sources.append(index[(left, a)])
            targets.append(index[(right, b)])
            values.append(float(amount))
            link_colours.append(_rgba(colours[(left, a)], LINK_ALPHA))
    tallest = max(len(present[c]) for c in columns)
    height = phone_charts.sankey_height(tallest) if phone else max(420, 34 * tallest)
    pad = phone_charts.SANKEY_PAD if phone else NODE_PAD
    # nodes placed in columns, in the given order top to bottom, each where its money puts it
    places = phone_charts.SANKEY_X if phone else SANKEY_X
    xs = [places[c] for c, _ in nodes]
    ys = [
        y
        for c in columns
        for y in _stacked(
            [float(table.loc[table[c] == x, "amount"].sum()) for x in present[c]],
            pad / (height - SANKEY_MARGIN),
        )
    ]
    labels = [
        phone_charts.short(label, phone_charts.SANKEY_CHARS[c]) if phone else label
        for c, label in nodes
    ]
    names = [label for _, label in nodes]  # whole, for the hover
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            valueformat=",.1f",
            valuesuffix=f" {unit}",
            node={
                "label": labels,
                "customdata": names,
                "color": [colours[node] for node in nodes],
                "pad": pad,
                "thickness": 14,
                "x": xs,
                "y": ys,
                "hovertemplate": "%{customdata}: %{value:,.1f} " + unit + "<extra></extra>",
            },
            link={
                "source": sources,
                "target": targets,
                "value": values,
                "customdata": [[names[a], names[b]] for a, b in zip(sources, targets, strict=True)],
                "color": link_colours,
                "hovertemplate": "%{customdata[0]} → %{customdata[1]}: %{value:,.1f} "
                + unit
                + "<extra></extra>",
            },
            **({"textfont": {"size": phone_charts.SANKEY_FONT}} if phone else {}),
        )
    )
    return _layout(fig, separators, height, margin={"l": 10, "r": 10, "t": 10})


NODE_PAD = 8
"""Pixels between two nodes of a column of the money flow."""
SANKEY_X = {"programme": 0.001, "enabling_area": 0.5, "region": 0.999}
"""Where the money flow's columns stand, left to right."""
SANKEY_MARGIN = 20
"""Pixels of the money flow's height outside its plot (the frame's top and bottom margins)."""


def _stacked(amounts: list[float], pad: float) -> list[float]:
    """The centre (0 top, 1 bottom) of each node of one column stacked top to bottom, each as
    tall as its money, `pad` (a share of the height) apart. Centres spaced evenly would let a
    large node push the small ones under it off the bottom of the chart (plotly moves nodes
    that overlap down)."""
    total = sum(amounts)
    if total <= 0 or not amounts:
        return [(i + 0.5) / max(len(amounts), 1) for i in range(len(amounts))]
    room = max(1.0 - pad * (len(amounts) - 1), 0.05)  # the share of the height nodes fill
    centres, top = [], 0.0
    for amount in amounts:
        tall = room * amount / total
        centres.append(min(max(top + tall / 2, 0.001), 0.999))
        top += tall + pad
    return centres


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
    return _layout(fig, separators, 560)


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
        return _layout(fig, separators, 480)
    names = [str(column) for column in composition.columns] + [label for _, label in marks]
    legend, more = phone_charts.legend_below(names)
    return _layout(fig, separators, 480 + more, legend=legend)


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
    return _layout(fig, separators, 420)
