"""A share axis names each tick exactly: a tick at 2.5 % never reads '3 %'; a chart's title and
legend never overlap."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritise.ui import chart_frame, charts
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
    assert "2,5\u00a0%" in texts or "2.5%" in texts, texts


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


def test_a_titled_chart_keeps_its_legend_between_the_title_and_the_plot() -> None:
    """The legend row and the title never overlap, nor does the toolbar cover either: the
    title comes under the toolbar's band, the legend (placed in pixels from the top) under
    the title, and the top margin holds all three."""
    shares = pd.DataFrame(
        {"Growth": [0.5, 0.2, 0.3], "Jobs": [0.5, 0.8, 0.7]}, index=["P1", "P2", "P3"]
    )
    group = pd.Series({"Growth": 1 / 3, "Jobs": 2 / 3})
    fig = charts.weight_spread(shares, group, "weight", "group", ".,", title="Everyone")
    layout = fig.layout
    assert layout.title.yref == "container" and layout.title.y == 1.0
    assert layout.title.yanchor == "top" and layout.title.pad.t >= chart_frame.MODEBAR_ROOM
    assert layout.legend.yref == "container" and layout.legend.yanchor == "top"
    legend_top = (1 - layout.legend.y) * layout.height
    assert legend_top >= chart_frame.MODEBAR_ROOM + chart_frame.TITLE_ROOM - 1e-6
    assert layout.margin.t >= chart_frame.MODEBAR_ROOM + chart_frame.TITLE_ROOM
    untitled = charts.weight_spread(shares, group, "weight", "group", ".,")
    assert untitled.layout.margin.t < layout.margin.t  # no room kept for a title not there


def test_share_hovers_write_percentages_the_language_s_way() -> None:
    """The hover of a weight's intervals, of each stakeholder's weights and of shares of the
    budget says '12,5 %' (no-break space, as every Spanish table does), not plotly's '12,5%'."""
    from prioritise.ui import i18n
    from prioritise.ui.portfolio.charts import frontier_chart, stacked_areas
    from prioritise.ui.sensitivity.charts import interval_strip

    names = {"a": "Minería", "interval": "Intervalo", "chosen": "Elegido", "current": "Actual"}
    strip = interval_strip({"a": (0.125, 0.3)}, 0.2, 0.25, names, ",.")
    weights = pd.DataFrame({"Minería": [0.125, 0.875]}, index=["Gobierno", "Industria"])
    spread = charts.weight_spread(weights, pd.Series({"Minería": 0.5}), "Peso", "Grupo", ",.")
    shares = pd.DataFrame({"Minería": [0.125, 0.5]}, index=[10.0, 20.0])
    areas = stacked_areas(shares, [], "Presupuesto", "Parte", ",.", share=True, unit="MM USD")
    assert list(strip.data[0].customdata) == ["12,5\u00a0% – 30,0\u00a0%"]
    assert list(spread.data[0].customdata) == [i18n.percent(0.125)] == ["12,5\u00a0%"]
    assert list(spread.data[-1].customdata) == ["50,0\u00a0%"]
    assert list(areas.data[0].customdata) == ["12,5\u00a0%", "50,0\u00a0%"]
    differences = charts.difference_bars(pd.Series({"Minería": 0.125, "Turismo": -0.05}), "Δ", ",.")
    assert list(differences.data[0].customdata) == ["-5,0\u00a0%", "+12,5\u00a0%"]
    paired = charts.paired_bars(
        pd.DataFrame({"A": [0.125], "B": [0.5]}, index=["Minería"]), "P", ",."
    )
    assert [list(t.customdata) for t in paired.data] == [["12,5\u00a0%"], ["50,0\u00a0%"]]
    levels = pd.DataFrame(
        {"epsilon": [0.1, 0.2], "value_index": [90.0, 95.0], "feasible": [False, True]}
    )
    titles = {"level": "Tope", "objective": "Índice", "current": "Ahora"}
    frontier = frontier_chart(levels, 0.2, titles, ",.", share=True)
    assert [list(t.customdata) for t in frontier.data[:2]] == [["20,0\u00a0%"], ["10,0\u00a0%"]]
    money = charts.paired_bars(
        pd.DataFrame({"A": [12.5]}, index=["x"]), "M", ",.", value_format=",.1f"
    )
    assert money.data[0].customdata is None and "%{x:,.1f}" in money.data[0].hovertemplate
    for trace in (
        *strip.data,
        *spread.data,
        *areas.data,
        *differences.data,
        *paired.data,
        *frontier.data,
    ):
        assert "%}" not in (trace.hovertemplate or ""), trace.hovertemplate


def test_a_phone_s_tornado_wraps_its_axis_title_to_the_room_its_labels_leave() -> None:
    """On a phone the weights' labels take half of 390 px, and the value axis's title, at its
    desktop width, ran off the right edge ('Cambio del dinero del program…')."""
    from prioritise.ui.chart_frame import ROW_LABELS_AXIS_WIDTH
    from prioritise.ui.sensitivity.charts import tornado_chart

    bars = pd.DataFrame(
        {"label": ["Minería", "Turismo"], "from_now_low": [-1.0, 0.5], "from_now_high": [2.0, -0.5]}
    )
    axis = "Cambio del dinero del programa desde ahora (MM USD)"
    names = {"at_low": "En el mínimo", "at_high": "En el máximo", "axis": axis}
    desktop = tornado_chart(bars, names, ",.").layout.xaxis.title.text
    phone = tornado_chart(bars, names, ",.", phone=True).layout.xaxis.title.text
    assert phone.count("<br>") > desktop.count("<br>")
    assert max(len(line) for line in phone.split("<br>")) <= ROW_LABELS_AXIS_WIDTH
    assert phone.replace("<br>", " ").replace("\u00a0", " ") == axis
