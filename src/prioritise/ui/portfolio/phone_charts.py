"""How the money flow and the stacked areas are laid out on a phone (390 px wide).

Pure (no Streamlit): the pages tell a phone by its browser's User-Agent
(`prioritise.ui.workshop.room.is_phone`, as the Sensitivity table does) and pass `phone=True`
to the figure builders of `charts`, which take their phone settings from here. A laptop's
figures are left exactly as they were.

- The money flow's three columns share about 340 px: plotly writes the first two columns'
  labels to the right of their nodes and the last column's to the left, so the enabling areas'
  labels and the regions' share the gap between the last two columns. On a phone the middle
  column moves left, every label is cut to the characters its gap holds (the whole name is in
  the hover, the region's in the Regions tab too), the letters are smaller, and the nodes of a
  column are at least a line of text apart, on a taller chart.
- A legend of sixteen regions laid over the top of a 480 px chart left the plot a third of it
  and scrolled its last entries (the budget marks) out of sight. On a phone the legend comes
  under the plot, its entries in full, and the figure grows by the legend's rows.
"""

from __future__ import annotations

from collections.abc import Sequence

ELLIPSIS = "…"
JOINS = frozenset({"y", "e", "o", "de", "del", "la", "las", "los", "el", "en", "and", "of", "the"})
"""Little words a cut label does not end with ("Magallanes…", not "Magallanes y…")."""

SANKEY_FONT = 11
"""Size of the money flow's labels on a phone (plotly's default is 12)."""
SANKEY_PAD = 14
"""Pixels between two nodes of a column on a phone: a label's line, so that the labels of
neighbouring nodes, each written at its node's middle, never overlap."""
SANKEY_ROW = 44
"""Pixels of the phone's money flow for each node of its tallest column."""
SANKEY_MIN_HEIGHT = 560
SANKEY_X = {"programme": 0.001, "enabling_area": 0.4, "region": 0.999}
"""Where the columns stand on a phone (on a laptop the middle one is at 0.5)."""
SANKEY_CHARS = {"programme": 20, "enabling_area": 14, "region": 16}
"""The longest label of each column on a phone, in characters: at 11 px a letter takes about
5.5 px, so the programmes' labels fill at most 110 px of their 120 px gap, and the enabling
areas' and the regions' (77 + 88 px) share the 175 px gap after it."""

LEGEND_FONT = 11
"""Size of the legend's words under a phone's stacked areas."""
LEGEND_ROW = 29
"""Pixels of one row of that legend, as Chromium draws it."""
LEGEND_WIDTH = 330
"""Pixels a row of the legend holds on a phone (the figure is about 358 px wide)."""
LEGEND_SYMBOL = 46
"""Pixels of an entry's symbol and the gaps around it."""
LETTER = 6.2
"""The widest average letter of the legend's words, in pixels (11 px Source Sans)."""
LEGEND_GAP = 20
"""Pixels between the x axis's title and the legend's first row."""


def short(label: str, chars: int) -> str:
    """`label` cut to at most `chars` characters, "…" included: after a whole word when that
    keeps 60 % of the room, else within the word."""
    if len(label) <= chars:
        return label
    room = label[: chars - 1]
    words = room.split(" ")[:-1]  # the whole words that fit
    while words and words[-1].lower() in JOINS:
        words.pop()
    kept = " ".join(words).rstrip(" ,;:-–(")
    if len(kept) >= 0.6 * chars:
        return kept + ELLIPSIS
    return room.rstrip() + ELLIPSIS


def sankey_height(tallest: int) -> int:
    """The phone's money flow's height (plot and margins) for a tallest column of `tallest`."""
    return max(SANKEY_MIN_HEIGHT, SANKEY_ROW * tallest)


def legend_rows(names: Sequence[str]) -> int:
    """Rows the legend of `names` takes on a phone: plotly lays entries left to right and
    starts a new row when the next one does not fit; estimated on the wide side."""
    rows, used = 1, 0.0
    for name in names:
        wide = LEGEND_SYMBOL + LETTER * len(name)
        if used and used + wide > LEGEND_WIDTH:
            rows, used = rows + 1, 0.0
        used += wide
    return rows


def legend_below(names: Sequence[str]) -> tuple[dict[str, object], int]:
    """The phone's legend under the plot, and the pixels to add to the figure for it."""
    rows = legend_rows(names)
    legend: dict[str, object] = {
        "orientation": "h",
        "yref": "container",
        "y": 0,
        "yanchor": "bottom",
        "x": 0,
        "font": {"size": LEGEND_FONT},
        "maxheight": 1,  # never scrolled: the figure is as tall as the legend needs
    }
    return legend, rows * LEGEND_ROW + LEGEND_GAP
