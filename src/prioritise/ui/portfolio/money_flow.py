"""The money flow: a Sankey diagram of money from programmes to enabling areas to regions.

Its nodes stand in the order given, each as tall as its money and where its money puts it
(`_stacked`); on a phone it takes its sizes from `phone_charts`. `charts` re-exports it, where
the Portfolio page takes it from.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from prioritise.ui.chart_frame import frame
from prioritise.ui.chart_style import PALETTE
from prioritise.ui.portfolio import phone_charts

AREA_COLOURS = ("#264653", "#8ab17d", "#b56576", "#e9c46a", "#577590", "#7f5539", "#90be6d")
REGION_COLOUR = "#5f6b73"
LINK_ALPHA = 0.5
NODE_PAD = 8
"""Pixels between two nodes of a column of the money flow."""
SANKEY_X = {"programme": 0.001, "enabling_area": 0.5, "region": 0.999}
"""Where the money flow's columns stand, left to right."""
SANKEY_MARGIN = 20
"""Pixels of the money flow's height outside its plot (the frame's top and bottom margins)."""


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
    return frame(fig, separators, height, margin={"l": 10, "r": 10, "t": 10})


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
