"""The frame every chart of the app shares: toolbar, title, legend, margins and axis titles.

Pure (no Streamlit): the figure builders of `charts`, `portfolio.charts` and
`robustness.charts` all finish with `frame`, so that one place decides where things go on a
phone (390 px wide) and on a laptop alike:

- plotly's toolbar (the modebar) keeps only "download as PNG" (Streamlit adds its own
  full-screen button), and gets a band of its own at the top of the figure. On a touch screen
  plotly shows the toolbar all the time, so anything drawn under it (the first legend entry, a
  title) would be hidden;
- the title comes under that band and the legend, laid out horizontally, under the title, in
  pixels from the top of the figure; plotly pushes the plot down by the legend's height
  however many rows it wraps to on a narrow screen;
- axis titles longer than `AXIS_TITLE_WIDTH` characters are broken into lines, because plotly
  never wraps a title and cuts it at the edge of a phone's screen.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

import plotly.graph_objects as go

MODEBAR_ROOM = 28
"""Pixels at the top of a figure left to the toolbar (its buttons are 23 px tall)."""
TITLE_ROOM = 30
"""Pixels a chart's title takes under the toolbar's band."""
LEGEND_ROOM = 30
"""Pixels a legend row takes between the title and the plot."""
TITLE_LINE = 22
"""Pixels each further line of a wrapped title takes."""
AXIS_TITLE_WIDTH = 36
"""Longest line of an axis title, in characters: a phone's plot is about 300 px wide."""
ROW_LABELS_AXIS_WIDTH = 22
"""Longest line of the value axis's title under bars with long row labels on a phone: the
labels take about half of its 390 px, and the title is centred under what is left."""
PHONE_LABEL = 20
"""Characters of a line of a row's label on a phone (two lines at most, `short_label`)."""
LEGEND_NAME_WIDTH = 40
"""Longest line of a legend entry's name: a longer one runs past a phone's screen (390 px), as
plotly never wraps it."""
TITLE_WIDTH = 40
"""Longest line of a chart's title, in characters (its letters are larger, its width the
whole figure's)."""
MODEBAR_REMOVE = (
    "zoom",
    "pan",
    "select",
    "lasso",
    "zoomin",
    "zoomout",
    "autoscale",
    "resetscale",
    "resetviews",
    "resetsankeygroup",
    "togglespikelines",
    "togglehover",
    "hovercompare",
    "hoverclosest",
)
"""Every toolbar button but "download as PNG": the charts are read, not explored, and a
toolbar of eight buttons covers half a phone's chart."""


_SHORT_BRACKETS = re.compile(r"\([^()]{1,12}\)")
"""A unit in brackets, "(M USD)": never broken across lines."""


def wrap_title(text: str | None, width: int = AXIS_TITLE_WIDTH) -> str | None:
    """`text` in lines of at most `width` characters (plotly's `<br>`), broken between words
    but never inside a short bracket such as a unit; a title that already has its own line
    breaks is left as it is."""
    if not text or len(text) <= width or "<br>" in text:
        return text
    kept = _SHORT_BRACKETS.sub(lambda unit: unit.group(0).replace(" ", "\u00a0"), text)
    return "<br>".join(textwrap.wrap(kept, width, break_long_words=False))


_FIGURE_AND_UNIT = re.compile(
    r"(?<=\d) (?=[^\s\d])|(?<=\bM) (?=[A-Z]{3}\b)|(?<=\bMM) (?=[A-Z]{3}\b)"
)
"""The spaces of "700 MM USD": a figure is never split from its unit."""


def legend_name(text: str) -> str:
    """A legend entry's name in lines of at most `LEGEND_NAME_WIDTH` characters, a figure kept
    with its unit (plotly never wraps a legend, and cuts it at a phone's edge)."""
    if len(text) <= LEGEND_NAME_WIDTH:
        return text
    return wrap_figures(text, LEGEND_NAME_WIDTH)


def wrap_figures(text: str, width: int) -> str:
    """`text` in lines of at most `width` characters, a figure kept with its unit ("1 M USD"
    on one line)."""
    return wrap_title(_FIGURE_AND_UNIT.sub("\u00a0", text), width) or text


def _wrap_axes(fig: go.Figure, width: int) -> None:
    def wrap(axis: object) -> None:
        title = getattr(axis, "title", None)
        text = title.text if title is not None else None
        axis.update(automargin=True, title_text=wrap_title(text, width))  # type: ignore[attr-defined]

    fig.for_each_xaxis(wrap)
    fig.for_each_yaxis(wrap)


def frame(
    fig: go.Figure,
    separators: str,
    height: int,
    title: str | None = None,
    axis_width: int = AXIS_TITLE_WIDTH,
    **extra: Any,
) -> go.Figure:
    """Lay `fig` out the app's way: `height` is the room for the plot, its axes and a title's
    first line, to which the toolbar's band, a long title's further lines and (with a title) a
    legend row are added; the title is wrapped at `TITLE_WIDTH` characters; `extra` are more
    layout settings (a `margin` adds to the frame's own, its top below the toolbar's band);
    axis titles are wrapped at `axis_width` characters."""
    legend = extra.get("showlegend", True) is not False
    title = wrap_title(title, TITLE_WIDTH)
    lines = title.count("<br>") + 1 if title else 0
    more = TITLE_LINE * (lines - 1) if title else 0  # a title's lines after its first
    head = MODEBAR_ROOM + (TITLE_ROOM + more if title else 0)
    total = height + MODEBAR_ROOM + more + (LEGEND_ROOM if title and legend else 0)
    margin: dict[str, int] = {"l": 10, "r": 10, "t": 10, "b": 10}
    margin |= extra.pop("margin", None) or {}
    margin["t"] += head
    settings: dict[str, object] = {
        "separators": separators,
        "height": total,
        "margin": margin,
        "modebar": {"remove": list(MODEBAR_REMOVE)},
        "title": {
            "text": title,
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "yref": "container",
            "y": 1.0,
            "yanchor": "top",
            "pad": {"t": MODEBAR_ROOM + 4, "l": 10},
        }
        if title
        else None,
        # in the container's pixels: under the toolbar and the title, never beneath them
        "legend": {
            "orientation": "h",
            "yref": "container",
            "y": 1 - head / total,
            "yanchor": "top",
            "x": 0,
        },
    }
    fig.update_layout(**(settings | extra))
    _wrap_axes(fig, axis_width)
    return fig


def short_label(name: str, width: int = PHONE_LABEL, lines: int = 2) -> str:
    """`name` in at most `lines` lines of about `width` characters (plotly's `<br>`), cut with
    "…" if longer: a region's name as a phone's row label (the full name is in the hover)."""
    parts = textwrap.wrap(name, width, break_long_words=False) or [name]
    if len(parts) > lines:
        parts = [*parts[: lines - 1], parts[lines - 1].rstrip(" ,") + "…"]
    return "<br>".join(parts)
