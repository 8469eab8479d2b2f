"""The Initiatives page's figures as a reader meets them: the table's key columns first, index
points written as the command line writes them, an initiative that costs nothing said in words,
and the value-for-money chart with both the frontier and the list on the same axis (money spent
in full) and the initiative no budget can fund marked."""

from __future__ import annotations

import io
import json
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from prioritise import scenario as scenario_io
from prioritise.allocate import order_curve, value_frontier
from prioritise.allocate.portfolio_input import portfolio_input
from prioritise.cli.command_line import main
from prioritise.ui import state
from tests.ui.apptools import ROOT, assert_clean, chart_values, charts, go, start

SHIPPED = "chile_transforma_initiatives_2017"
PATH = ROOT / "scenarios" / f"{SHIPPED}.toml"
SCENARIO = scenario_io.load(PATH)
IDS = [item.id for item in SCENARIO.initiatives]
WORDS = {
    "en": {
        "name": "Initiative",
        "first": ["Initiative", "Funding", "Amount (M USD)", "Index points", "Points per M USD"],
        "points": "index points",
        "per": "points per M USD",
        "no_cost": "no cost",
        "ruled_out": "Ruled out at every budget",
    },
    "es": {
        "name": "Iniciativa",
        "first": [
            "Iniciativa",
            "Financiamiento",
            "Monto (MM USD)",
            "Puntos del índice",
            "Puntos por MM USD",
        ],
        "points": "puntos del índice",
        "per": "puntos por MM USD",
        "no_cost": "sin costo",
        "ruled_out": "Descartada con cualquier presupuesto",
    },
}


def _page(lang: str) -> AppTest:
    at = go(start(SHIPPED, lang), "initiatives")
    assert_clean(at)
    return at


@pytest.fixture(scope="module", params=["en", "es"])
def page(request: pytest.FixtureRequest) -> tuple[str, AppTest]:
    return request.param, _page(request.param)


def _shown(at: AppTest, column: str) -> pd.DataFrame:
    """The table as the reader sees it: its Styler's written values."""
    (element,) = [e for e in at.dataframe if column in e.value.columns]
    shown = element.proto.arrow_data.styler.display_values
    cells = pa.ipc.open_stream(io.BytesIO(shown)).read_all().to_pandas()
    cells.columns = list(element.value.columns)
    return cells


def _cli_points(lang: str, capsys: pytest.CaptureFixture[str]) -> dict[str, tuple[str, str]]:
    """Each initiative's points and points per M USD as `prioritise frontier` writes them."""
    assert main(["frontier", str(PATH), "--lang", lang]) == 0
    out = capsys.readouterr().out
    words = WORDS[lang]
    found = {}
    for item in SCENARIO.initiatives:
        name = item.names.get(lang) or item.name
        line = re.search(
            rf"^\s*\d+\. {re.escape(name)}: (\S+) {words['points']}, .*, (\S+) {words['per']}"
            r"(?: \(.*\))?$",  # a line the rules keep out says so after its figures
            out,
            re.MULTILINE,
        )
        assert line, name
        found[item.id] = (line[1], line[2])
    return found


def test_the_key_columns_come_first_and_points_read_as_the_command_line_writes_them(
    page: tuple[str, AppTest], capsys: pytest.CaptureFixture[str]
) -> None:
    lang, at = page
    words = WORDS[lang]
    (element,) = [e for e in at.dataframe if words["name"] in e.value.columns]
    columns = list(element.value.columns)
    first = words["first"]
    assert columns[: len(first)] == first
    years = [c for c in columns if re.search(r"\b20\d\d\b", c)]
    assert years and columns[-len(years) :] == years  # the yearly costs come last
    config = json.loads(element.proto.columns)
    assert config[first[0]]["pinned"] is True  # the name stays in view when swiped sideways
    shown = _shown(at, words["name"])
    cli = _cli_points(lang, capsys)
    assert list(shown[columns[3]]) == [cli[i][0] for i in IDS]
    assert list(shown[columns[4]]) == [cli[i][1] for i in IDS]
    assert any(re.fullmatch(r"0[.,]\d\d", v) for v in shown[columns[3]])  # two digits: "0,64"


def test_the_chart_puts_the_frontier_and_the_list_on_money_spent_in_full(
    page: tuple[str, AppTest],
) -> None:
    """The line is the library's frontier at what each level's best portfolio spends (pools
    included), the points the order of buy at what the list costs up to each one: on that
    axis no portfolio beats the list bought down without rules, and the chart shows it."""
    lang, at = page
    data = portfolio_input(SCENARIO)
    frontier = value_frontier(data)
    curve = order_curve(data)
    figure = next(f for f in charts(at) if any(t.get("mode") == "markers" for t in f["data"]))
    line = next(t for t in figure["data"] if t.get("mode") == "lines")
    solved = sorted((p for p in frontier.points if p.objective is not None), key=lambda p: p.cost)
    xs, ys = chart_values(line["x"]), chart_values(line["y"])
    assert xs == pytest.approx([p.cost for p in solved])
    assert ys == pytest.approx([p.value_index for p in solved])
    assert any(p.from_pools > 1 for p in solved)  # the budget level alone would shift the line

    markers = [t for t in figure["data"] if t.get("mode") == "markers"]
    points = sorted(
        (
            (x, y, h)
            for t in markers
            for x, y, h in zip(
                chart_values(t["x"]), chart_values(t["y"]), t["customdata"], strict=True
            )
        ),
        key=lambda p: p[0],
    )
    assert [p[0] for p in points] == pytest.approx([c.cost for c in curve])
    assert [p[1] for p in points] == pytest.approx([data.points(c.value) for c in curve])
    # every frontier point lies on or below the path through the list's points, at its cost
    path_x = [0.0] + [c.cost for c in curve]
    path_y = [0.0] + [data.points(c.value) for c in curve]
    assert all(y <= np.interp(x, path_x, path_y) + 1e-6 for x, y in zip(xs, ys, strict=True))

    # the initiative a must_not rules out is marked in a group of its own and named below
    (ruled,) = [t for t in markers if t["name"] == WORDS[lang]["ruled_out"]]
    (out,) = [i for i in IDS if SCENARIO.initiatives[IDS.index(i)].must_not]
    name = SCENARIO.initiatives[IDS.index(out)].names[lang]
    assert len(chart_values(ruled["x"])) == 1 and name in ruled["customdata"][0]
    assert any(name in m.value and WORDS[lang]["ruled_out"][:9] in m.value for m in at.markdown)

    # the marker stands at what the chosen portfolio spends: the frontier at this budget
    (here,) = [p for p in frontier.points if abs(p.budget - frontier.budget) < 1e-9]
    (marker,) = [s for s in figure["layout"]["shapes"] if s.get("type") == "line"]
    assert marker["x0"] == pytest.approx(here.cost)
    captions = " ".join(c.value for c in at.caption)
    assert ("funding pools included" if lang == "en" else "incluido lo que ponen") in captions
    below = max(p.budget for p in frontier.points if p.objective is None)
    amount = f"{below:.2f}".replace(".", "," if lang == "es" else ".")
    assert amount in captions  # no portfolio meets the rules below the line's first point


@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_initiative_that_costs_nothing_has_no_cost_not_inf(lang: str) -> None:
    at = _page(lang)
    words = WORDS[lang]
    target = next(i for i in IDS if not SCENARIO.initiatives[IDS.index(i)].must)
    pick = next(s for s in at.selectbox if s.key and s.key.endswith(":init_edit_pick"))
    at = pick.select(target).run()
    for box in at.text_input:
        if box.key and f":init_cost:{target}:" in box.key:
            box.set_value("0")
    at = next(b for b in at.button if b.key and "FormSubmitter" in b.key).click().run()
    assert_clean(at)
    edited = scenario_io.loads(at.session_state[state.KEY_TEXT])
    assert sum(edited.initiatives[IDS.index(target)].cost) == 0
    shown = _shown(at, words["name"])
    ratios = list(shown[words["first"][4]])
    assert ratios[IDS.index(target)] == words["no_cost"]
    assert not [r for r in ratios if "inf" in r.lower() or r in ("None", "nan")]
    assert any(f"“{words['no_cost']}”" in c.value for c in at.caption)  # the note says why
    figure = next(f for f in charts(at) if any(t.get("mode") == "markers" for t in f["data"]))
    hovers = [h for t in figure["data"] if t.get("mode") == "markers" for h in t["customdata"]]
    name = SCENARIO.initiatives[IDS.index(target)].names[lang]
    (hover,) = [h for h in hovers if f"<b>{name}</b>" in h]
    assert f": {words['no_cost']}<br>" in hover and "inf" not in hover.lower()
