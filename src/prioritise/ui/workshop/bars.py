"""Share bars for the phones, drawn as one element for a whole list.

A phone's screens show many shares at once (the answer beside the group's, the review, a
previous round). Drawn as one progress bar and one caption per item, a screen is dozens of
elements, and every element is a message the server queues and hands to its event loop: with a
room of phones sending at once, that hand-over, not the arithmetic, is what the server spends
its time on (``benchmarks/workshop_load.py``). One block of plain HTML (no script) carries the
same words and bars in a single element. Their style (``STYLE``) is drawn once per page, with
the phone's own (``phone_result.phone_style``), not with every list of bars.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

import streamlit as st

COLOUR = "#0f5e9c"
"""The theme's primary colour (``.streamlit/config.toml``), as Streamlit's own bars use it."""

STYLE = f"""<style>
.pz-bars {{ margin: 0 0 0.75rem 0; }}
.pz-bar {{ margin: 0 0 0.55rem 0; }}
.pz-head {{ font-weight: 600; margin: 0.6rem 0 0.35rem 0; }}
.pz-name {{ font-size: 0.875rem; color: rgba(49, 51, 63, 0.6); margin-bottom: 0.1rem; }}
.pz-text {{ font-size: 0.95rem; margin-bottom: 0.2rem; overflow-wrap: anywhere; }}
.pz-track {{ height: 0.5rem; border-radius: 0.25rem; background: #eef3f8; overflow: hidden; }}
.pz-fill {{ height: 100%; background: {COLOUR}; border-radius: 0.25rem; }}
</style>"""


@dataclass(frozen=True)
class Bar:
    """One bar: its share (0 to 1, clipped), the words above it and an optional name line."""

    share: float
    text: str
    name: str = ""


@dataclass(frozen=True)
class Heading:
    """A block's title between bars."""

    text: str


def bars_html(rows: Iterable[Bar | Heading]) -> str:
    """The bars as one block of HTML (styled by ``STYLE`` elsewhere on the page); every text
    is escaped."""
    parts = ['<div class="pz-bars">']
    for row in rows:
        if isinstance(row, Heading):
            parts.append(f'<div class="pz-head">{html.escape(row.text)}</div>')
            continue
        width = min(max(float(row.share), 0.0), 1.0) * 100
        name = f'<div class="pz-name">{html.escape(row.name)}</div>' if row.name else ""
        parts.append(
            f'<div class="pz-bar">{name}<div class="pz-text">{html.escape(row.text)}</div>'
            f'<div class="pz-track"><div class="pz-fill" style="width: {width:.1f}%"></div>'
            "</div></div>"
        )
    parts.append("</div>")
    return "".join(parts)


def draw_bars(rows: Iterable[Bar | Heading]) -> None:
    """All the bars in one element."""
    st.html(bars_html(rows))
