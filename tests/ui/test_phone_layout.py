"""The app's charts, wide tables and tab bars read on a phone (390 px wide) as on a laptop.

Charts: plotly's toolbar, shown all the time on a touch screen, sits at the top right of every
figure; nothing (title, legend) may be drawn under it, and long axis titles come in lines.
The budget marks are named in the legend, not by labels that printed over each other. The
Sensitivity page's table shows a weight's name and numbers first; the Robustness page's tab
labels fit a phone's width in both languages.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from prioritise import scenario as scenario_io
from prioritise.text import t
from prioritise.ui import chart_frame, charts
from prioritise.ui.chart_frame import MODEBAR_REMOVE, MODEBAR_ROOM, TITLE_ROOM
from prioritise.ui.portfolio import charts as portfolio_charts
from prioritise.ui.robustness import charts as robustness_charts
from prioritise.ui.sensitivity import charts as sensitivity_charts
from prioritise.ui.sensitivity.table import ordered
from prioritise.ui.widgets import PHONE_NAME_PX, PHONE_NUMBER_PX, TEXT_CHAR_PX, TEXT_PADDING_PX
from prioritise.ui.workshop import room
from tests.ui.apptools import ROOT, assert_clean, start
from tests.ui.apptools import go as go_to

PROGRAMMES = ["Mining", "Tourism", "Solar energy", "Agro-food"]
REGIONS = ["Arica y Parinacota", "Metropolitana de Santiago", "Magallanes"]
MARKS = [
    (175.0, "Este escenario: 175 MM USD"),
    (700.0, "Emilia-Romaña (Italia) 2014–2020: 700 MM USD"),
]


def _sweep() -> go.Figure:
    points = pd.DataFrame(
        {
            "budget": [43.75, 87.5, 175.0, 350.0, 700.0],
            "value_index": [36.0, 60.0, 88.0, 118.0, 147.0],
            "marginal_points": [0.8, 0.55, 0.32, 0.17, 0.08],
        }
    )
    titles = {"objective": "Índice de valor", "marginal": "Puntos", "budget": "Presupuesto"}
    return portfolio_charts.sweep_chart(points, MARKS, titles, ",.")


def _figures() -> Iterator[tuple[str, go.Figure, bool]]:
    """(name, figure, titled) of a builder of each chart module."""
    parts = pd.DataFrame(np.full((4, 2), 0.1), index=PROGRAMMES, columns=["Growth", "Jobs"])
    yield "contribution", charts.contribution_bars(parts, "value", ".,", title="Value"), True
    yield "contribution untitled", charts.contribution_bars(parts, "value", ".,"), False
    yield "heatmap", charts.heatmap(parts, ".,", title="Core index"), True
    group = pd.Series({"Growth": 0.4, "Jobs": 0.6})
    yield "spread", charts.weight_spread(parts, group, "weight", "group", ".,"), False
    yield "sweep", _sweep(), False
    areas = pd.DataFrame(np.ones((3, 4)), index=[100.0, 200.0, 700.0], columns=PROGRAMMES)
    yield "areas", portfolio_charts.stacked_areas(areas, MARKS, "budget", "money", ".,"), False
    money = pd.DataFrame({"amount": [10.0, 50.0, 5.0], "per_capita": [40.0, 7.0, 30.0]}, REGIONS)
    yield "regions", portfolio_charts.region_money(money, ("Money", "Per person"), ".,"), False
    fan = pd.DataFrame(
        {"p10": [1.0, 2.0, 3.0], "p50": [2.0, 3.0, 4.0], "p90": [3.0, 4.0, 5.0]}, REGIONS
    ).assign(group=[2.0, 3.0, 4.0])
    words = robustness_charts.FanWords("Range in 8 of 10 draws", "Typical value", "group")
    yield "fan", robustness_charts.fan_chart(fan, words, "money", ".,"), False
    yield "phone heatmap", robustness_charts.phone_heatmap(parts.T, ".,", "Programme"), False
    ranks = pd.DataFrame(  # thirteen ranks: a legend of two rows, above the first bar
        np.full((13, 13), 1 / 13), [f"p{i}" for i in range(13)], [f"Rank {i}" for i in range(13)]
    )
    yield "ranks", robustness_charts.rank_bars(ranks, "share of draws", ".,"), False
    names = {"first": "first place", "interval": "interval", "chosen": "chosen", "current": "now"}
    strip = sensitivity_charts.interval_strip({"first": (0.1, 0.5)}, 0.3, 0.35, names, ".,")
    yield "strip", strip, False


@pytest.mark.parametrize(("name", "figure", "titled"), list(_figures()), ids=lambda v: "")
def test_nothing_is_drawn_under_the_toolbar(name: str, figure: go.Figure, titled: bool) -> None:
    """The toolbar keeps "download as PNG" only, and has the top band to itself: the legend
    (placed in pixels from the figure's top, however many rows it wraps to) and the title
    start below it; plotly pushes the plot below the legend."""
    layout = figure.layout
    removed = set(layout.modebar.remove)
    assert set(MODEBAR_REMOVE) <= removed and "toimage" not in removed, name
    legend = layout.legend
    assert (legend.orientation, legend.yref, legend.yanchor) == ("h", "container", "top"), name
    top = (1 - legend.y) * layout.height  # pixels above the legend's first row
    assert top >= MODEBAR_ROOM + (TITLE_ROOM if titled else 0) - 1e-6, name
    assert layout.margin.t >= MODEBAR_ROOM + (TITLE_ROOM if titled else 0), name
    if titled:
        assert layout.title.yref == "container" and layout.title.pad.t >= MODEBAR_ROOM, name


def test_the_core_index_heatmap_names_every_region_on_a_phone() -> None:
    """With a column per region, a phone showed about 6 of Chile's 16 region names; the phone's
    heatmap has a row per region, every one named in at most two short lines (told apart), the
    full name in the hover, and every programme named above the plot."""
    chile = scenario_io.load(ROOT / "scenarios" / "chile_transforma_2017.toml")
    regions = [r.names["es"] for r in chile.regions_north_to_south()]
    programmes = [p.names["es"] for p in chile.programmes]
    shares = np.random.default_rng(0).random((len(regions), len(programmes)))
    figure = robustness_charts.phone_heatmap(
        pd.DataFrame(shares, index=regions, columns=programmes), ",.", "Programa"
    )
    axis = figure.layout.yaxis
    assert len(regions) == 16 and axis.tickmode == "array" and list(axis.tickvals) == regions
    shown = list(axis.ticktext)
    assert len(set(shown)) == 16
    for full, label in zip(regions, shown, strict=True):
        lines = label.split("<br>")
        assert len(lines) <= 2 and all(len(line) <= 21 for line in lines), label
        assert full.startswith(" ".join(lines).rstrip("…")), label
    assert "Región Metropolitana<br>de Santiago" in shown
    heat = figure.data[0]
    assert list(heat.y) == regions and heat.hovertemplate.startswith("%{y} · %{x}")
    assert list(figure.layout.xaxis.tickvals) == programmes
    assert figure.layout.height >= robustness_charts.PHONE_ROW * 16
    assert heat.texttemplate is None  # 13 columns: too narrow to write a share; a tap shows it
    few = robustness_charts.phone_heatmap(pd.DataFrame(shares[:, :3], index=regions), ",.", "x")
    assert few.data[0].texttemplate == "%{text}"  # a programme's few enabling areas: written


def test_the_toolbar_keeps_its_band_on_a_chart_with_its_own_top_margin() -> None:
    """The bump chart keeps 40 px above its plot for its column labels: the band comes on top."""
    ranks = pd.DataFrame({"A": [1, 2], "B": [2, 1]}, index=["Mining", "Tourism"])
    figure = charts.rank_lines(ranks, "rank", ".,")
    assert figure.layout.margin.t == 40 + MODEBAR_ROOM


def test_long_axis_titles_come_in_lines_a_phone_shows_whole() -> None:
    """The Spanish equity axis ('Mínimo de dinero por habitante en cada región (USD)') was cut
    at a phone's edge: it comes in lines of at most 36 characters, no word lost or broken."""
    title = t("ui.tradeoffs_views.equity_axis", "es", currency="USD")
    points = pd.DataFrame(
        {"epsilon": [0.0, 10.0, 20.0], "value_index": [100.0, 98.0, 90.0], "feasible": True}
    )
    titles = {"level": title, "objective": "Índice de valor", "current": "Regla actual"}
    figure = portfolio_charts.frontier_chart(points, 10.0, titles, ",.", share=False)
    shown = figure.layout.xaxis.title.text
    lines = shown.split("<br>")
    assert len(lines) >= 2 and all(len(line) <= chart_frame.AXIS_TITLE_WIDTH for line in lines)
    assert " ".join(lines) == title
    assert figure.layout.xaxis.automargin  # the margin grows to hold the lines
    assert figure.layout.yaxis.title.text == "Índice de valor"  # short titles stay whole


def test_a_long_chart_title_comes_in_lines_with_room_for_them() -> None:
    parts = pd.DataFrame({"Growth": [0.1, 0.2]}, index=["Mining", "Tourism"])
    long = "Cómo reparte cada actor sus ponderaciones entre los criterios de la región"
    one = charts.contribution_bars(parts, "value", ".,", title="Short")
    two = charts.contribution_bars(parts, "value", ".,", title=long)
    lines = two.layout.title.text.split("<br>")
    assert " ".join(lines) == long and all(len(line) <= chart_frame.TITLE_WIDTH for line in lines)
    more = chart_frame.TITLE_LINE * (len(lines) - 1)  # the room of the lines after the first
    assert len(lines) > 1 and two.layout.margin.t == one.layout.margin.t + more
    assert two.layout.height == one.layout.height + more


def test_budget_marks_are_named_in_the_legend_not_printed_over_each_other() -> None:
    """Two marks' labels printed on the plot overlapped each other, the lines and the data on a
    phone; now each mark's dashed line has a legend entry of its colour and dash."""
    figure = _sweep()
    assert not figure.layout.annotations
    entries = [trace for trace in figure.data if trace.legendgroup == portfolio_charts.MARK_GROUP]
    read = [e.name.replace("<br>", " ").replace("\u00a0", " ") for e in entries]
    assert read == [label for _, label in MARKS]
    # in lines a phone shows whole (plotly never wraps a legend), a figure kept with its unit
    assert all(len(line) <= 40 for e in entries for line in e.name.split("<br>"))
    assert any("<br>" in e.name for e in entries) and "700\u00a0MM\u00a0USD" in entries[1].name
    lines = [shape for shape in figure.layout.shapes if shape.type == "line"]
    assert sorted({s.x0 for s in lines}) == [175.0, 700.0]  # in both panels
    for entry, colour in zip(entries, portfolio_charts.MARK_COLOURS, strict=True):
        assert entry.line.dash == "dash" and entry.line.color == colour
        assert {s.line.color for s in lines if s.line.color == colour}  # the same colour
        assert list(entry.x) == [None]  # a legend entry only: nothing drawn, nothing hovered


def test_the_interval_table_puts_a_weights_name_and_numbers_first() -> None:
    """Ten columns, all kept: name, current value and the interval ends first (a phone shows
    the first three or so), then the marks and the weight's set."""
    library = pd.DataFrame(
        [["Criteria", "Growth", 0.3, 0.1, 0.5, 0.2, 0.4, 0.25, 0.35, "decisive"]],
        columns=["Set", "Weight", "Now", "F0", "F1", "R0", "R1", "S0", "S1", "Marks"],
    )
    shown = ordered(library)
    assert list(shown.columns) == [
        "Weight", "Now", "F0", "F1", "R0", "R1", "S0", "S1", "Marks", "Set"
    ]  # fmt: skip
    assert shown.iloc[0].to_dict() == library.iloc[0].to_dict()


IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1"


@pytest.mark.parametrize("agent", [None, IPHONE])
def test_the_sensitivity_page_shows_the_reordered_table_with_the_name_pinned(
    agent: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The name stays in view while the table is swiped; on a phone it is narrower, so that the
    numbers beside it show."""
    monkeypatch.setattr(room, "user_agent", lambda: agent)
    at = go_to(start("tutorial", "es"), "sensitivity")
    at.button(key="sensitivity_run").click().run()
    assert_clean(at)
    (element,) = [e for e in at.dataframe if "Ponderación" in e.value.columns]
    columns = list(element.value.columns)
    assert columns[:3] == ["Ponderación", "Valor actual", "Primer lugar: desde"]
    assert columns[-1] == "Conjunto de ponderaciones" and len(columns) == 10
    name = json.loads(element.proto.columns)["Ponderación"]
    assert name["pinned"] is True
    # on a laptop the whole name: 'Especialización regional (cociente de localización)'
    longest = max(len(str(v)) for v in ["Ponderación", *element.value["Ponderación"]])
    wide = round(longest * TEXT_CHAR_PX + TEXT_PADDING_PX)
    assert name.get("width") == (PHONE_NAME_PX if agent else wide)


@pytest.mark.parametrize("agent", [None, IPHONE])
def test_the_floors_and_caps_fit_a_phones_width(
    agent: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A region's name took most of a phone's width and "Máximo %" needed a swipe: on a phone
    the name, the minimum and the maximum fit the screen's 358 pixels."""
    monkeypatch.setattr(room, "user_agent", lambda: agent)
    at = start("chile_transforma_2017", "es")
    assert_clean(at)
    (regions,) = [e for e in at.data_editor if e.key and e.key.endswith(":cons_regions")]
    columns = json.loads(regions.proto.columns)
    widths = [columns[name].get("width") for name in ("name", "min", "max")]
    if agent is None:
        assert widths == [None, None, None]  # as wide as their contents
    else:
        assert widths == [PHONE_NAME_PX, PHONE_NUMBER_PX, PHONE_NUMBER_PX]
        assert sum(widths) <= 358 - 2 * 16  # the table's padding inside the screen


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_robustness_tabs_fit_a_phones_width(lang: str) -> None:
    """At 390 px the tab bar holds about 45 characters of labels with their gaps: longer, and
    the last tabs are hidden past the screen's edge. Each tab's section says in its own heading
    what it shows."""
    labels = [
        t(f"ui.robustness.tab_{name}", lang)
        for name in ("core", "regions", "programmes", "lists", "compromise")
    ]
    assert sum(len(label) for label in labels) <= 42, labels


def test_a_split_end_not_looked_at_shows_a_dash_not_none() -> None:
    """The grid shows a missing number as "None" whatever the styler says: a column with an
    end not looked at is written out, with "—" there; the other columns stay numbers."""
    import math

    import pandas as pd

    from prioritise.ui.sensitivity.table import written

    frame = pd.DataFrame({"a": [0.2, math.nan], "b": [0.1, 0.3]})
    words = {"a": lambda v: f"{v * 100:.1f} %", "b": lambda v: f"{v * 100:.1f} %"}
    shown = written(frame, words)
    assert list(shown["a"]) == ["20.0 %", "—"]
    assert shown["b"].tolist() == [0.1, 0.3]


def test_the_weights_tables_laid_out_for_a_phone_carry_no_line_to_swipe() -> None:
    """The ranks, the weights they give and the priorities beside them fit a phone's width
    (`PHONE_NAME_PX`): the line above tables that says to swipe is emptied for them."""
    from prioritise.ui import widgets
    from prioritise.ui.weights import editor, panels

    css = widgets.table_swipe_css("es", phone=True)
    for key in (editor.RANK_TABLE, panels.WEIGHTS_TABLE, panels.EFFECT_TABLE):
        assert key in widgets.FITTING_TABLES
        assert f'[class*="-{key}"] [data-testid="stElementContainer"]' in css
