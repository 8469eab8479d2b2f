"""The Compare page: priorities and allocation of two scenarios, with their differences."""

from __future__ import annotations

import numpy as np

from prioritise import scenario as scenario_io
from prioritise.allocate import optimise_scenario
from prioritise.scoring.tree import value_tree
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
        if figure["layout"]["xaxis"]["title"]["text"] == "Difference (other − current)":
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
    expected = {names[p]: other[p] - current[p] for p in current.index}
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
    assert np.isclose(sum(shown.values()), 0.0)  # parts of one whole on both sides
    assert np.allclose(sorted(shown.values()), sorted((theirs - mine).to_numpy()))
    words = " ".join(c.value for c in at.caption)
    assert f"({len(current.programmes)} en el actual y {len(other.programmes)} en el otro)" in words
    # the table says its figures are parts of the shared programmes, not the chart's priorities
    (table,) = [e.value for e in at.dataframe if "Orden de prioridad (actual)" in e.value.columns]
    parts = [c for c in table.columns if c.endswith(": parte entre los programas compartidos")]
    assert len(parts) == 2
    assert np.allclose(table[parts].sum().to_numpy(), 1.0)


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
