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
