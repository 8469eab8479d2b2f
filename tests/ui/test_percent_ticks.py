"""A share axis names each tick exactly: a tick at 2.5 % never reads '3 %'."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from prioritise.ui.charts import percent_ticks


def _read(text: str) -> float:
    """'2,5 %', '+2.5%' or '-6 %' back to a share, in either language's writing."""
    return float(text.replace("%", "").replace(" ", "").replace(",", ".")) / 100


@settings(max_examples=200, deadline=None)
@given(st.floats(0.001, 1.0), st.floats(0.0, 1.0), st.booleans())
def test_every_tick_reads_as_its_value(high: float, below: float, signed: bool) -> None:
    ticks = percent_ticks(high, -below * high if signed else 0.0, signed=signed)
    assert len(ticks["tickvals"]) >= 2
    for value, text in zip(ticks["tickvals"], ticks["ticktext"], strict=True):
        assert abs(_read(text) - value) < 1e-9, (value, text)


def test_quarter_steps_keep_their_decimal() -> None:
    texts = percent_ticks(0.125)["ticktext"]
    assert "2,5 %" in texts or "2.5%" in texts, texts


def test_a_heatmap_of_shares_writes_them_the_language_s_way() -> None:
    """'17,9 %' in Spanish (the space before the sign), never plotly's own '17,9%'; an empty
    cell stays empty; the colour bar's ticks are named exactly."""
    import math

    import pandas as pd

    from prioritise.ui.charts import heatmap
    from prioritise.ui.i18n import percent

    frame = pd.DataFrame({"a": [0.179, 0.27], "b": [0.107, math.nan]}, index=["x", "y"])
    figure = heatmap(frame, ",.", value_format=".1%")
    (trace,) = figure.data
    assert [list(row) for row in trace.text] == [
        [percent(0.179, decimals=1), percent(0.107, decimals=1)],
        [percent(0.27, decimals=1), ""],
    ]
    assert trace.texttemplate == "%{text}" and "%{text}" in trace.hovertemplate
    for value, text in zip(trace.colorbar.tickvals, trace.colorbar.ticktext, strict=True):
        assert abs(_read(text) - value) < 1e-9
    plain = heatmap(frame.fillna(0.0), ",.", value_format=".2f")  # not shares: plotly writes
    assert plain.data[0].text is None and plain.data[0].texttemplate == "%{z:.2f}"
