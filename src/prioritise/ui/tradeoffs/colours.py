"""Colours for many stacked areas, without Streamlit: one per region or programme, none twice.

The app's `charts.PALETTE` has sixteen colours, several of them close (three blues, two
oranges, two greens), and it starts over past them: sixteen regions stacked in order got
Valparaíso and Los Lagos the same green. Here the hue goes once round from warm to cool
(regions north to south read like the map: the desert north warm, Patagonia cool) in equal
steps as the eye sees them (OKLCH, not HSL, whose greens all look alike), and the lightness
alternates, so that two neighbouring areas always differ in both.
"""

from __future__ import annotations

import math

FIRST_HUE, LAST_HUE = 60.0, 320.0
"""OKLCH hues of the first and last colour: orange round to violet; the red between them is
left to the dashed line of the scenario's own budget."""
LIGHTNESS = (0.56, 0.78)
"""Dark and light, in turns (OKLCH lightness)."""
CHROMA = 0.13
"""Colourfulness every hue can show on a screen at both lightnesses (OKLCH chroma)."""


def _srgb(linear: float) -> int:
    """A linear-light channel as an 8-bit sRGB value, clipped to the screen's range."""
    linear = min(max(linear, 0.0), 1.0)
    value = 12.92 * linear if linear <= 0.0031308 else 1.055 * linear ** (1 / 2.4) - 0.055
    return round(255 * value)


def oklch(lightness: float, chroma: float, hue: float) -> str:
    """An OKLCH colour (hue in degrees) as '#rrggbb' (Björn Ottosson's OKLab matrices)."""
    a, b = chroma * math.cos(math.radians(hue)), chroma * math.sin(math.radians(hue))
    l_ = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
    m_ = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
    s_ = (lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3
    red = 4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_
    green = -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_
    blue = -0.0041960863 * l_ - 0.7034186147 * m_ + 1.7076147010 * s_
    return "#" + "".join(f"{_srgb(channel):02x}" for channel in (red, green, blue))


def spread_colours(count: int) -> list[str]:
    """`count` colours ('#rrggbb'), hue evenly spread from orange to violet and lightness
    alternating dark and light."""
    step = (LAST_HUE - FIRST_HUE) / max(count - 1, 1)
    return [oklch(LIGHTNESS[i % 2], CHROMA, FIRST_HUE + i * step) for i in range(max(count, 0))]
