"""The money flow and the trade-offs' stacked areas on a phone (390 px wide), the laptop's left
as they were.

On a phone the money flow's labels printed over each other (the enabling areas' and the
regions' share the gap between the last two columns, and small regions' labels stood closer
than a line); the stacked areas' legend of sixteen regions filled the top of the chart, left
the plot a third of it and scrolled the budget marks out of sight. The browser test
(tests/ui/browser/test_phone_charts_browser.py) measures the drawn labels and legends; these
check the figures and that the pages choose them by the browser's User-Agent.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from prioritise.ui.portfolio import charts, phone_charts
from prioritise.ui.workshop import room
from tests.ui.apptools import assert_clean, chart_values, start
from tests.ui.apptools import charts as figures_of
from tests.ui.apptools import go as go_to

REGIONS = [
    "Arica y Parinacota", "Tarapacá", "Antofagasta", "Atacama", "Coquimbo", "Valparaíso",
    "Región Metropolitana de Santiago", "Libertador General Bernardo O'Higgins", "Maule",
    "Ñuble", "Biobío", "La Araucanía", "Los Ríos", "Los Lagos",
    "Aysén del General Carlos Ibáñez del Campo", "Magallanes y de la Antártica Chilena",
]  # fmt: skip
AREAS = ["Infraestructura física y tecnológica", "I+D+i", "Capital humano", "Proveedores"]
PROGRAMMES = ["Servicios globales", "Industrias inteligentes", "Pesca y acuicultura", "Salud"]
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1"


def _flow(phone: bool):
    rng = np.random.default_rng(7)
    rows = [
        (p, a, r, float(rng.uniform(0.01, 1.0)) * (40 if "Metropolitana" in r else 1))
        for p, a, r in itertools.product(PROGRAMMES, AREAS, REGIONS)
    ]
    table = pd.DataFrame(rows, columns=["programme", "enabling_area", "region", "amount"])
    order = {"programme": PROGRAMMES, "enabling_area": AREAS, "region": REGIONS}
    return charts.money_sankey(table, order, "MM USD", ",.", phone=phone)


def test_a_laptops_money_flow_is_as_it_was() -> None:
    figure = _flow(phone=False)
    sankey = figure.data[0]
    assert list(sankey.node.label) == PROGRAMMES + AREAS + REGIONS  # whole names
    assert sankey.node.pad == charts.NODE_PAD and sankey.textfont.size is None
    assert sorted(set(sankey.node.x)) == [0.001, 0.5, 0.999]
    assert figure.layout.height == max(420, 34 * len(REGIONS)) + 28  # and the toolbar's band


def test_a_phones_money_flow_cuts_labels_to_their_columns_room() -> None:
    sankey = _flow(phone=True).data[0]
    names = PROGRAMMES + AREAS + REGIONS
    kinds = ["programme"] * 4 + ["enabling_area"] * 4 + ["region"] * 16
    for label, name, kind in zip(sankey.node.label, names, kinds, strict=True):
        assert len(label) <= phone_charts.SANKEY_CHARS[kind], label
        stem = label.removesuffix(phone_charts.ELLIPSIS)
        assert name.startswith(stem) and (label == name) == (stem == label), (label, name)
    assert "Región Metropolitana de Santiago" not in sankey.node.label  # cut…
    assert "Tarapacá" in sankey.node.label and "I+D+i" in sankey.node.label  # …short ones kept
    # the enabling areas' labels and the regions' share the wider gap (the browser test
    # measures that they fit)
    x = phone_charts.SANKEY_X
    assert x["region"] - x["enabling_area"] > x["enabling_area"] - x["programme"]
    assert sankey.textfont.size == phone_charts.SANKEY_FONT


def test_a_phones_money_flow_keeps_a_line_between_neighbouring_labels() -> None:
    figure = _flow(phone=True)
    sankey = figure.data[0]
    layout = figure.layout
    plot = layout.height - layout.margin.t - layout.margin.b
    assert plot >= 600  # taller than a laptop's 524 px, for sixteen regions
    for x in sorted(set(sankey.node.x)):
        ys = sorted(y for y, at in zip(sankey.node.y, sankey.node.x, strict=True) if at == x)
        gaps = [(below - above) * plot for above, below in itertools.pairwise(ys)]
        assert min(gaps) >= phone_charts.SANKEY_FONT + 2, (x, min(gaps))


@pytest.mark.parametrize("phone", [False, True])
def test_every_node_and_band_is_named_in_full_on_hover(phone: bool) -> None:
    sankey = _flow(phone).data[0]
    names = list(sankey.node.customdata)
    assert names == PROGRAMMES + AREAS + REGIONS  # all sixteen regions, whole
    assert sankey.node.hovertemplate.startswith("%{customdata}: ")
    assert sankey.link.hovertemplate.startswith("%{customdata[0]} → %{customdata[1]}: ")
    pairs = [list(pair) for pair in sankey.link.customdata]
    sources, targets = chart_values(sankey.link.source), chart_values(sankey.link.target)
    assert pairs == [[names[s], names[t]] for s, t in zip(sources, targets, strict=True)]


@pytest.mark.parametrize(
    ("label", "chars", "cut"),
    [
        ("Tarapacá", 16, "Tarapacá"),
        ("Libertador General Bernardo O'Higgins", 14, "Libertador…"),
        ("Magallanes y de la Antártica Chilena", 16, "Magallanes…"),  # not "Magallanes y…"
        ("Región Metropolitana de Santiago", 16, "Región Metropol…"),  # a word too short
    ],
)
def test_a_cut_label_ends_after_a_word_when_it_can(label: str, chars: int, cut: str) -> None:
    assert phone_charts.short(label, chars) == cut and len(cut) <= chars


def _areas(phone: bool):
    frame = pd.DataFrame(np.ones((3, 16)), index=[100.0, 200.0, 700.0], columns=REGIONS)
    marks = [(175.0, "Este escenario: 175 MM USD"), (700.0, "Emilia-Romaña (Italia): 700 MM USD")]
    return charts.stacked_areas(frame, marks, "Presupuesto", "MM USD", ",.", phone=phone)


def test_a_phones_stacked_areas_have_their_legend_under_the_plot() -> None:
    desktop, phone = _areas(False), _areas(True)
    assert desktop.layout.legend.yanchor == "top" and desktop.layout.height == 480 + 28
    legend = phone.layout.legend
    assert (legend.orientation, legend.yref, legend.yanchor) == ("h", "container", "bottom")
    assert legend.y == 0
    assert legend.maxheight == 1  # never scrolled out of sight
    names = [*REGIONS, "Este escenario: 175 MM USD", "Emilia-Romaña (Italia): 700 MM USD"]
    rows = phone_charts.legend_rows(names)
    assert rows >= 9  # the long names take a row each
    # the plot keeps the laptop's height: the figure grows by the legend's rows
    assert phone.layout.height == desktop.layout.height + rows * phone_charts.LEGEND_ROW + 20
    assert [t.name for t in phone.data] == [t.name for t in desktop.data]  # every entry kept


def test_a_legends_rows_are_counted_on_the_wide_side() -> None:
    assert phone_charts.legend_rows(["Norte"]) == 1
    assert phone_charts.legend_rows(["Norte", "Centro", "Sur"]) == 1
    assert phone_charts.legend_rows(["x" * 60, "y" * 60]) == 2


@pytest.mark.parametrize("agent", [None, IPHONE])
def test_the_pages_draw_the_phones_figures_for_a_phone(
    agent: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Told by the User-Agent, as the Sensitivity table is: a laptop keeps its figures."""
    monkeypatch.setattr(room, "user_agent", lambda: agent)
    at = go_to(start("tutorial", "es"), "portfolio")
    assert_clean(at)
    sankey = next(f for f in figures_of(at) if f["data"][0]["type"] == "sankey")["data"][0]
    assert sankey["node"]["pad"] == (phone_charts.SANKEY_PAD if agent else charts.NODE_PAD)
    note = any("toque un bloque" in c.value for c in at.caption)
    assert note == bool(agent)  # the phone is told where the whole names are
    at = go_to(at, "tradeoffs")
    at.button(key="run_sweep").click().run()
    assert_clean(at)
    areas = [f for f in figures_of(at) if f["data"][0].get("stackgroup")]
    assert len(areas) == 2
    for figure in areas:
        assert figure["layout"]["legend"]["yanchor"] == ("bottom" if agent else "top")


def _regions(phone: bool):
    money = pd.DataFrame(
        {"amount": np.linspace(2.6, 61.3, 16), "per_capita": np.linspace(25.4, 2.9, 16)}, REGIONS
    )
    titles = ("Dinero (MM USD)", "Por habitante (USD)")
    return charts.region_money(money, titles, ",.", highlight=REGIONS[:2], phone=phone)


def test_a_phones_regions_come_in_short_lines_with_titles_that_fit_their_panel() -> None:
    desktop, phone = _regions(False), _regions(True)
    assert list(desktop.data[0].y) == REGIONS  # a laptop's as it was
    assert desktop.layout.xaxis.title.text == "Dinero (MM USD)"
    rows = list(phone.data[0].y)
    assert all(row.count("<br>") <= 1 for row in rows)
    assert all(len(line) <= 21 for row in rows for line in row.split("<br>"))
    assert list(phone.data[0].customdata) == REGIONS  # the whole name in the hover
    assert "%{customdata}" in phone.data[0].hovertemplate
    for axis in (phone.layout.xaxis, phone.layout.xaxis2):
        lines = axis.title.text.split("<br>")
        assert len(lines) == 2 and all(len(line) <= 14 for line in lines)
    assert phone.layout.xaxis.range[1] > desktop.layout.xaxis.range[1]  # room for 61,3


def test_a_phones_years_have_every_programme_in_a_legend_under_the_plot() -> None:
    years = pd.DataFrame(np.ones((3, 13)), index=[2017, 2018, 2019], columns=REGIONS[:13])
    budgets = pd.Series([55.0, 60.0, 60.0], index=years.index)
    desktop = charts.year_bars(years, budgets, "MM USD", "Presupuesto del año", ",.")
    phone = charts.year_bars(years, budgets, "MM USD", "Presupuesto del año", ",.", phone=True)
    assert desktop.layout.legend.yanchor == "top" and desktop.layout.height == 460 + 28
    legend = phone.layout.legend
    assert (legend.yref, legend.yanchor, legend.y, legend.maxheight) == (
        "container",
        "bottom",
        0,
        1,
    )
    names = [*REGIONS[:13], "Presupuesto del año"]
    more = phone_charts.legend_rows(names) * phone_charts.LEGEND_ROW + phone_charts.LEGEND_GAP
    assert phone.layout.height == desktop.layout.height + more


@pytest.mark.parametrize("agent", [None, IPHONE])
def test_a_phones_agreement_map_numbers_the_stakeholders_and_names_them_under_it(
    agent: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a phone the stakeholders' names beside and above the map left the grid a sixth of
    the screen and were cut at its edge: a phone's map numbers them, and lists the numbers with
    the names under it; a laptop's names them on the axes, as before."""
    monkeypatch.setattr(room, "user_agent", lambda: agent)
    at = go_to(start("chile_transforma_2017", "es"), "stakeholders")
    assert_clean(at)
    heatmap = next(f for f in figures_of(at) if f["data"][0]["type"] == "heatmap")
    trace = heatmap["data"][0]
    people = list(trace["y"])
    assert len(people) == 7 and list(trace["x"]) == people
    key = [m.value for m in at.markdown if m.value.startswith("1. ")]
    if agent is None:
        assert "CORFO — oficina del programa Transforma" in people and key == []
        return
    assert people == [str(k) for k in range(1, 8)]
    assert trace["showscale"] is False
    assert heatmap["layout"]["xaxis"]["type"] == heatmap["layout"]["yaxis"]["type"] == "category"
    names = key[0].splitlines()
    assert len(names) == 7 and names[0] == "1. CORFO — oficina del programa Transforma"
