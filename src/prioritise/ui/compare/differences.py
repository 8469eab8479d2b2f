"""Differences of two scenarios' shares as the Compare page shows them, without Streamlit.

The table writes each share rounded; a difference worked out from the unrounded shares
could disagree with the figures beside it (6,2 % and 6,2 %, "+0,1"). Here the shares are
first rounded as shown and the difference is theirs, written with as many decimals as the
shares; the chart draws the same differences, so that both agree on what moved most.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from prioritise.text import rounded

LEAST_DECIMALS, MOST_DECIMALS = 1, 3
LEAST_UNITS = 5
"""The largest difference is at least this many units of the last decimal shown: 0,06
points shows as +0,06 (two decimals), not +0,1 or 0,0."""


def percent_decimals(differences: Iterable[float]) -> int:
    """Decimals of shares written in percent that show their differences (fractions): one,
    unless the largest difference is smaller than `LEAST_UNITS` tenths of a point; three at
    most."""
    largest = max((abs(v) for v in differences if math.isfinite(v)), default=0.0) * 100
    for decimals in range(LEAST_DECIMALS, MOST_DECIMALS + 1):
        if largest == 0 or largest * 10**decimals >= LEAST_UNITS - 1e-9:
            return decimals
    return MOST_DECIMALS


def as_shown(shares: pd.Series, decimals: int) -> pd.Series:
    """Shares (fractions) as a table writes them in percent with `decimals`, as fractions."""
    return shares.map(lambda v: rounded(100 * v, decimals) / 100 if math.isfinite(v) else math.nan)


def shown_difference(current: pd.Series, other: pd.Series, decimals: int) -> pd.Series:
    """`other` − `current`, shares rounded as shown first: the difference of the figures."""
    return (as_shown(other, decimals) - as_shown(current, decimals)).round(12)
