"""Tables in the language's numbers, and a dash (never "None") where a number is missing."""

from __future__ import annotations

import math

import pandas as pd

from prioritise.ui import i18n
from prioritise.ui.widgets import styled


def test_a_column_with_a_missing_number_is_written_out_with_a_dash() -> None:
    frame = pd.DataFrame(
        {"rule": ["lines", "floor"], "price": [math.nan, 0.25], "share": [0.1, 0.3]}
    )
    words = {"price": lambda v: f"{v:.2f}", "share": lambda v: f"{v * 100:.0f} %"}
    shown = styled(frame, words)
    assert shown.data["price"].tolist() == [i18n.DASH, "0.25"]
    assert shown.data["share"].tolist() == [0.1, 0.3]  # complete: still numbers, for sorting
    assert "None" not in shown.to_html() and "nan" not in shown.to_html()
    assert "30 %" in shown.to_html()
    assert math.isnan(frame["price"].iloc[0])  # the caller's frame is left as it was


def test_a_column_of_none_and_numbers_is_written_out_too() -> None:
    frame = pd.DataFrame({"price": [None, 1.5]}, dtype=object)
    shown = styled(frame, {"price": lambda v: f"{v:.1f}", "absent": str})
    assert shown.data["price"].tolist() == [i18n.DASH, "1.5"]
