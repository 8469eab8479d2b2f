"""The Compare page: priorities and allocation of two scenarios, with their differences."""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from prioritise import scenario as scenario_io
from prioritise.allocate import optimise_scenario
from prioritise.scoring.tree import value_tree
from prioritise.ui.compare import differences
from tests.ui.apptools import ROOT, assert_clean, chart_values, charts, go, start

TUTORIAL = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")
# the same tutorial with twice the budget and the ministry caring only about jobs
VARIANT = (
    TUTORIAL.replace("total = 30.0", "total = 60.0")
    .replace("per_year = [15.0, 15.0]", "per_year = [30.0, 30.0]")
    .replace("criteria = { growth = 50, exports = 30, jobs = 20 }", "criteria = { jobs = 100 }")
)


def _differences(at) -> list[dict[str, float]]:
    """The bars of each difference chart on the page, by label."""
    found = []
    for figure in charts(at):
        if figure["layout"]["xaxis"]["title"]["text"].startswith("Difference (other − current"):
            trace = figure["data"][0]
            found.append(dict(zip(chart_values(trace["y"]), chart_values(trace["x"]), strict=True)))
    return found


def _compare_with_variant(at):
    go(at, "compare")
    at.radio(key="compare_source").set_value("upload").run()
    at.file_uploader(key="compare_upload").set_value(
        ("variant.toml", VARIANT.encode(), "application/toml")
    ).run()
    assert_clean(at)
    return at


def test_priority_differences_are_the_other_minus_the_current() -> None:
    at = _compare_with_variant(start("tutorial", "en"))
    current = value_tree(scenario_io.loads(TUTORIAL)).programmes
    other = value_tree(scenario_io.loads(VARIANT)).programmes
    names = {"mining": "Mining", "tourism": "Tourism", "solar": "Solar energy"}
    # the differences of the shares as the table writes them (one decimal here)
    assert differences.percent_decimals(other - current) == 1
    written = differences.shown_difference(current, other, 1)
    expected = {names[p]: written[p] for p in current.index}
    shown = _differences(at)[0]
    assert shown.keys() == expected.keys()
    assert np.allclose([shown[k] for k in expected], list(expected.values()))
    assert "Tourism" in shown and shown["Tourism"] > 0  # jobs favour tourism


def test_allocation_differences_after_optimising_both() -> None:
    at = _compare_with_variant(start("tutorial", "en"))
    assert not [m for m in at.metric if m.label == "Funded lines"]  # nothing solved yet
    at.button(key="compare_optimise").click().run()
    assert_clean(at)
    assert len([m for m in at.metric if m.label == "Funded lines"]) == 2
    current = optimise_scenario(scenario_io.loads(TUTORIAL)).totals.programme["amount"]
    other = optimise_scenario(scenario_io.loads(VARIANT)).totals.programme["amount"]
    money = _differences(at)[1]
    names = {"mining": "Mining", "tourism": "Tourism", "solar": "Solar energy"}
    assert np.allclose(
        [money[names[p]] for p in current.index], (other - current).to_numpy(), atol=1e-6
    )
    assert np.isclose(sum(money.values()), 30.0)  # both spend all: 60 − 30
    (axis,) = [
        f["layout"]["xaxis"]
        for f in charts(at)
        if f["layout"]["xaxis"]["title"]["text"].startswith("Difference (other − current, ")
    ]
    assert axis["title"]["text"] == "Difference (other − current, M USD)"  # money has its unit
    spread = max(money.values()) - min(money.values())
    assert spread >= 5 and axis["tickformat"] == "+,.0f" and axis["nticks"] == 8


def test_a_broken_file_to_compare_is_reported_plainly() -> None:
    at = go(start("tutorial", "en"), "compare")
    at.radio(key="compare_source").set_value("upload").run()
    broken = TUTORIAL.replace('name = "Tutorial"', "name = ")
    at.file_uploader(key="compare_upload").set_value(
        ("broken.toml", broken.encode(), "application/toml")
    ).run()
    assert_clean(at)
    message = "\n".join(e.value for e in at.error)
    assert "broken.toml could not be opened" in message and "line" in message
    assert at.session_state["scenario_text"] == scenario_io.dumps(scenario_io.loads(TUTORIAL))


def test_two_sectors_that_read_the_same_are_told_apart_by_their_scenario() -> None:
    at = go(start("chile_transforma_2017", "es"), "compare")
    at.radio(key="compare_source").set_value("shipped").run()
    at.selectbox(key="compare_shipped").set_value("chile_clusters_2008").run()
    assert_clean(at)
    shown = " ".join(str(trace.get("y")) for figure in charts(at) for trace in figure["data"])
    assert "Agroalimentos (Chile Transforma 2017)" in shown
    assert "Agroalimentos (Política de clústeres de Chile 2008)" in shown
    assert "(agrofood)" not in shown and "(agribusiness)" not in shown
    ticks = [t for figure in charts(at) for t in figure["layout"]["xaxis"].get("ticktext", [])]
    shares = [t for t in ticks if "%" in t]
    assert shares and all(t.endswith("\u00a0%") for t in shares), shares  # "20 %", "+5 %"
    assert any(t.startswith("+") for t in shares)  # the differences are signed


def test_programmes_both_scenarios_score_are_compared_by_their_part_of_what_they_share() -> None:
    """13 programmes share Chile 2017's priorities and 5 share Chile 2008's: a shared programme
    is compared by its part of what the shared ones hold in each scenario, so that the other
    scenario's fewer programmes do not make every shared one look favoured."""
    at = go(start("chile_transforma_2017", "es"), "compare")
    at.radio(key="compare_source").set_value("shipped").run()
    at.selectbox(key="compare_shipped").set_value("chile_clusters_2008").run()
    assert_clean(at)
    current = value_tree(scenario_io.load(ROOT / "scenarios" / "chile_transforma_2017.toml"))
    other = value_tree(scenario_io.load(ROOT / "scenarios" / "chile_clusters_2008.toml"))
    shared = current.programmes.index.intersection(other.programmes.index)
    assert 0 < len(shared) < len(current.programmes)
    mine = current.programmes[shared] / current.programmes[shared].sum()
    theirs = other.programmes[shared] / other.programmes[shared].sum()
    shown = next(
        dict(zip(chart_values(f["data"][0]["y"]), chart_values(f["data"][0]["x"]), strict=True))
        for f in charts(at)
        if f["layout"]["xaxis"]["title"]["text"] == "Diferencia (otro − actual)"
    )
    assert len(shown) == len(shared)
    assert np.isclose(sum(shown.values()), 0.0, atol=0.002)  # parts of one whole on both sides
    written = differences.shown_difference(
        mine, theirs, differences.percent_decimals(theirs - mine)
    )
    assert np.allclose(sorted(shown.values()), sorted(written.to_numpy()))
    words = " ".join(c.value for c in at.caption)
    assert f"({len(current.programmes)} en el actual y {len(other.programmes)} en el otro)" in words
    # the table says its figures are parts of the shared programmes, not the chart's priorities,
    # under it: in its headers the words pushed the numbers out of sight on a phone
    (table,) = [e.value for e in at.dataframe if "Orden de prioridad (actual)" in e.value.columns]
    parts = list(table.columns[:2])
    assert parts == ["Actual: Chile Transforma 2017", "Otro: Política de clústeres de Chile 2008"]
    assert np.allclose(table[parts].sum().to_numpy(), 1.0)
    assert f"{parts[0]} y {parts[1]}: la parte de cada programa en lo que reúnen" in words
    assert not any("compartidos" in column for column in table.columns)


def test_differences_do_not_wear_the_colours_of_the_two_scenarios() -> None:
    """Blue and orange are the current and the other scenario beside the differences: a gain
    in blue would read as 'the current one'."""
    at = _compare_with_variant(start("tutorial", "en"))
    paired = {
        trace["marker"]["color"]
        for figure in charts(at)
        for trace in figure["data"]
        if str(trace.get("name", "")).startswith(("Current", "Other"))
    }
    bars = [
        figure["data"][0]
        for figure in charts(at)
        if figure["layout"]["xaxis"]["title"]["text"] == "Difference (other − current)"
    ]
    assert paired and bars
    for trace in bars:
        colours = set(chart_values(trace["marker"]["color"]))
        assert colours and not colours & paired


def _shown_cells(element) -> pd.DataFrame:
    """A table as the reader sees it: its Styler's written values."""
    shown = element.proto.arrow_data.styler.display_values
    cells = pa.ipc.open_stream(io.BytesIO(shown)).read_all().to_pandas()
    cells.columns = list(element.value.columns)
    return cells


def _figure(text: str) -> float:
    """A share or a change as written ('6,24 %', '+0,06', '6.24%'), in points."""
    return float(text.replace("\u00a0", "").replace("%", "").replace(",", "."))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_difference_is_that_of_the_shares_shown_and_the_chart_agrees(lang: str) -> None:
    """The mixed scenario against the one without initiatives: their priorities differ by a
    few hundredths of a point, so the shares are written to two decimals and the difference is
    that of the written shares; the chart draws the same differences on a scale with ticks."""
    at = go(start("chile_transforma_initiatives_2017", lang), "compare")
    at.radio(key="compare_source").set_value("shipped").run()
    at.selectbox(key="compare_shipped").set_value("chile_transforma_2017").run()
    assert_clean(at)
    difference = {
        "en": "Difference (% points)",
        "es": "Diferencia (puntos %)",
    }
    (element,) = [e for e in at.dataframe if difference[lang] in e.value.columns]
    cells = _shown_cells(element)
    current, other, change = (cells.iloc[:, k] for k in range(3))
    assert all(re.fullmatch(r"\d+[.,]\d\d\u00a0?%", text) for text in [*current, *other])
    worked_out = [_figure(b) - _figure(a) for a, b in zip(current, other, strict=True)]
    assert np.allclose([_figure(text) for text in change], worked_out, atol=1e-9)
    assert max(abs(v) for v in worked_out) > 0  # the differences show
    (figure,) = [
        f
        for f, e in zip(charts(at), at.get("plotly_chart"), strict=True)
        if e.proto.id.endswith("-compare_programmes_diff")
    ]
    bars = dict(
        zip(chart_values(figure["data"][0]["y"]), chart_values(figure["data"][0]["x"]), strict=True)
    )
    table = dict(zip(element.value.index, worked_out, strict=True))
    assert bars.keys() == table.keys()
    assert np.allclose([100 * bars[k] for k in table], list(table.values()), atol=1e-9)
    axis = figure["layout"]["xaxis"]
    low, high = axis["range"]
    inside = [v for v in axis["tickvals"] if low - 1e-12 <= v <= high + 1e-12]
    assert len(inside) >= 3 and low <= min(bars.values()) and max(bars.values()) <= high
    assert len(set(axis["ticktext"])) == len(axis["ticktext"])  # no two ticks read the same


@pytest.mark.parametrize(
    ("changes", "decimals"),
    [([0.023, -0.01], 1), ([0.005], 1), ([0.0006, -0.0004], 2), ([0.0004], 3), ([0.0], 1)],
)
def test_shares_get_the_decimals_their_largest_difference_needs(
    changes: list[float], decimals: int
) -> None:
    assert differences.percent_decimals([*changes, float("nan")]) == decimals


def test_a_difference_is_worked_out_from_the_shares_as_written() -> None:
    current = pd.Series({"construction": 0.061798, "health": 0.077244})
    other = pd.Series({"construction": 0.062419, "health": 0.077512})
    # 6,2 % and 6,2 %: no difference; 7,7 % and 7,8 %: a tenth of a point
    assert differences.shown_difference(current, other, 1).tolist() == [0.0, 0.001]
    assert differences.shown_difference(current, other, 2).tolist() == [0.0006, 0.0003]
