"""What the app's figure builders share besides the frame (`chart_frame`): the palette, the
heights of a chart's rows, and shares written on axes and labels as the page's language writes
them ('12,5 %' / '12.5%').

It lies below `charts`: `comparison_charts` (which `charts` re-exports) and the Portfolio
page's `money_flow` and `tradeoff_charts` draw with it without importing `charts`, which
re-exports these names for the other figure builders.
"""

from __future__ import annotations

import math

import pandas as pd

from prioritise.text.format import exact_decimals
from prioritise.ui import i18n

PALETTE = (
    "#0f5e9c",
    "#e07a1f",
    "#2a9d8f",
    "#c8553d",
    "#6d597a",
    "#8ab17d",
    "#e9c46a",
    "#457b9d",
    "#b56576",
    "#264653",
    "#f4a261",
    "#7f5539",
    "#5e548e",
    "#90be6d",
    "#577590",
    "#f94144",
)
ROW_HEIGHT = 26
BASE_HEIGHT = 120

NICE_SHARE_STEPS = (1e-4, 2e-4, 5e-4, 0.001, 0.002, 0.005, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25)
"""Steps between a share axis's ticks: from a hundredth of a point (differences of shares
written to two decimals) to a quarter."""


def percent_ticks(high: float, low: float = 0.0, *, signed: bool = False) -> dict[str, list]:
    """Ticks of a share axis from `low` to `high`, written as the page's language writes shares
    ('20 %' / '20%', with a sign if `signed`): plotly's own percent format has no space before
    the sign."""
    span = max(high - low, 1e-9)
    step = next((s for s in NICE_SHARE_STEPS if s >= span / 5), NICE_SHARE_STEPS[-1])
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    values = [i * step for i in range(first, last + 1)]
    decimals = exact_decimals([100 * v for v in values], 2)  # 2.5 % stays '2.5 %', not '3 %'
    texts = [i18n.percent(v, decimals=decimals, signed=signed and v != 0) for v in values]
    return {"tickvals": values, "ticktext": texts}


def percent_texts(values: pd.Series, decimals: int = 1, signed: bool = False) -> list[str]:
    """Shares written as the page's language writes them ('10,7 %' / '10.7%'): plotly's own
    percent format has no space before the sign."""
    return [
        i18n.percent(float(value), decimals=decimals, signed=signed)
        for value in values.to_numpy(dtype=float)
    ]


def share_decimals(value_format: str) -> int | None:
    """The decimals of a plotly share format ('.1%' → 1, '.0%' → 0); None for any other."""
    if not value_format.endswith("%"):
        return None
    digits = value_format[1:-1]
    return int(digits or 0) if digits.isdigit() else 1
