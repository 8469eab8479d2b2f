"""The Trade-offs page: budget sweep and frontiers drawn from the library's results, budgets
typed in either language, plain errors for bad input."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritise import scenario as scenario_io
from prioritise.allocate import allocation_input, cell_values_of
from prioritise.allocate.yardstick import reference_value
from prioritise.tradeoffs import budget_sweep, concentration_frontier, equity_frontier
from prioritise.ui import optimising
from tests.ui.apptools import ROOT, assert_clean, chart_values, charts, go, start

TUTORIAL = scenario_io.load(ROOT / "scenarios" / "tutorial.toml")
DEFAULT_BUDGETS = (7.5, 15.0, 30.0, 60.0, 120.0, 700.0)  # ¼ to 4 × 30 M, and 700 M USD


def _tradeoffs(lang: str = "en"):
    at = go(start("tutorial", lang), "tradeoffs")
    assert_clean(at)
    return at


def _by_axis(at, title: str) -> dict:
    for figure in charts(at):
        for axis in ("xaxis", "xaxis2"):
            text = figure["layout"].get(axis, {}).get("title", {}).get("text") or ""
            if text.replace("<br>", " ") == title:  # long titles come in lines
                return figure
    raise AssertionError(f"no chart with the axis {title!r}")


def _vertical_lines(figure: dict) -> list[float]:
    return sorted({shape["x0"] for shape in figure["layout"].get("shapes", [])})


def test_nothing_runs_until_asked_and_then_stays_on() -> None:
    at = _tradeoffs()
    assert not charts(at)
    assert at.text_input(key="tradeoffs_budgets").value == "7.5, 15, 30, 60, 120, 700"
    at.button(key="run_sweep").click().run()
    assert_clean(at)
    assert charts(at) and not at.get("progress")  # the progress bar is gone once done
    at.run()
    assert charts(at)  # a rerun shows the kept result without asking again


@pytest.mark.parametrize(
    ("shipped", "lang", "region"),
    [
        ("tutorial", "es", "a la de Centro,"),
        ("tutorial", "en", "the share of Centre,"),
        ("chile_transforma_2017", "es", "Región Metropolitana de Santiago"),
    ],
)
def test_the_concentration_tab_names_the_region_it_caps(
    shipped: str, lang: str, region: str
) -> None:
    """The second concentration frontier caps the Metropolitan region where there is one,
    else the most populous: the words before it is run name that region, never a
    Metropolitan region the scenario does not have."""
    at = go(start(shipped, lang), "tradeoffs")
    assert_clean(at)
    said = [c.value for c in at.caption if "diversif" in c.value and "Optimi" in c.value]
    assert len(said) == 1 and region in said[0], said
    if shipped == "tutorial":
        assert "Metropolitan" not in said[0] and "Metropolitana" not in said[0]


def test_budget_sweep_chart_is_the_librarys_sweep_with_both_budgets_marked() -> None:
    at = _tradeoffs()
    at.button(key="run_sweep").click().run()
    assert_clean(at)
    expected = budget_sweep(TUTORIAL, DEFAULT_BUDGETS).to_frame()
    figure = _by_axis(at, "Budget (M USD)")
    value, marginal = figure["data"][0], figure["data"][1]
    assert chart_values(value["x"]) == list(DEFAULT_BUDGETS)
    assert np.allclose(chart_values(value["y"]), expected["value_index"])
    # the marginal panel is a step line starting from an empty budget
    assert chart_values(marginal["x"])[0] == 0.0
    assert np.allclose(chart_values(marginal["y"])[1:], expected["marginal_points"])
    assert _vertical_lines(figure) == [30.0, 700.0]  # this scenario and Emilia-Romagna
    # the marks are named in the legend, not by labels on the plot that could overlap
    assert not figure["layout"].get("annotations")
    notes = [t["name"] for t in figure["data"] if t.get("legendgroup") == "marks"]
    read = [n.replace("<br>", " ").replace("\u00a0", " ") for n in notes]  # as a reader reads
    assert read == ["This scenario: 30 M USD", "Emilia-Romagna (Italy) 2014–2020: 700 M USD"]
    # the page says what that far line is: a reference for scale, not a figure of the scenario
    said = [c.value for c in at.caption if c.value.startswith("The line at 700 M USD")]
    assert said and "smart-specialisation" in said[0] and "for scale" in said[0]
    # diminishing returns: each extra million buys less
    assert np.all(np.diff(expected["marginal"].to_numpy()) <= 1e-12)
    areas = [f for f in charts(at) if f["data"][0].get("stackgroup")]
    assert len(areas) == 2  # by programme and by region
    by_region = {t["name"]: chart_values(t["y"]) for t in areas[1]["data"] if t.get("stackgroup")}
    assert list(by_region) == ["North", "Centre", "South"]
    assert np.allclose(np.sum(list(by_region.values()), axis=0), DEFAULT_BUDGETS)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "10, abc, 30",
            "Budgets: value 2 (“abc”) is not a number; write it without thousands separators, like 1500 or 12.5.",
        ),
        ("10 -5", "Budgets: value 2 (-5) must be above zero."),
        ("", "Give at least one budget."),
    ],
)
def test_bad_budgets_get_a_located_plain_error(typed: str, message: str) -> None:
    at = _tradeoffs()
    at.button(key="run_sweep").click().run()
    at.text_input(key="tradeoffs_budgets").set_value(typed).run()
    assert_clean(at)
    assert [e.value for e in at.error] == [message]
    assert not charts(at)


def test_budgets_follow_the_language() -> None:
    at = _tradeoffs()
    at.text_input(key="tradeoffs_budgets").set_value("12.5, 40").run()
    at.sidebar.radio(key="lang").set_value("es").run()
    assert_clean(at)
    assert at.title[0].value == "Disyuntivas"
    assert [tab.label for tab in at.tabs] == [
        "Barrido de presupuesto",
        "Equidad regional",
        "Concentración",
    ]
    assert at.text_input(key="tradeoffs_budgets").value == "12,5; 40"
    go(go(at, "priorities"), "tradeoffs")  # kept while visiting another page
    assert at.text_input(key="tradeoffs_budgets").value == "12,5; 40"
    at.button(key="run_sweep").click().run()
    figure = _by_axis(at, "Presupuesto (MM USD)")
    assert chart_values(figure["data"][0]["x"]) == [12.5, 40.0]


@given(
    budgets=st.lists(
        st.floats(min_value=0.0001, max_value=1e6, allow_nan=False).map(lambda v: round(v, 4)),
        min_size=1,
        max_size=optimising.MAX_BUDGETS,
    ).filter(lambda values: min(values) > 0),
    lang=st.sampled_from(["en", "es"]),
)
@settings(max_examples=60, deadline=None)
def test_written_budgets_read_back_the_same(budgets: list[float], lang: str) -> None:
    text = optimising.budgets_text(budgets, lang)
    assert optimising.parse_budgets(text, lang) == tuple(sorted(set(budgets)))


def test_spanish_commas_are_decimal_marks_unless_a_space_follows() -> None:
    assert optimising.parse_budgets("7,5; 30 700", "es") == (7.5, 30.0, 700.0)
    assert optimising.parse_budgets("50, 175, 700", "es") == (50.0, 175.0, 700.0)
    assert optimising.parse_budgets("50,175", "en") == (50.0, 175.0)


@pytest.mark.parametrize("text", ["1.500; 175", "1.234,5"])
def test_a_spanish_budget_that_reads_two_ways_is_refused(text: str) -> None:
    """'1.500' is fifteen hundred to a Chilean reader and one and a half to the parser: refused,
    as every number box refuses it, not run as 1,50 (an English 1.5 stays 1.5)."""
    with pytest.raises(optimising.BudgetInputError, match="sin separador de miles"):
        optimising.parse_budgets(text, "es")
    assert optimising.parse_budgets("1.5; 175", "en") == (1.5, 175.0)


def test_frontiers_are_the_librarys_with_the_scenarios_rules_marked() -> None:
    at = _tradeoffs()
    at.button(key="run_equity").click().run()
    at.button(key="run_concentration").click().run()
    assert_clean(at)
    equity = equity_frontier(TUTORIAL)
    figure = _by_axis(at, "Minimum money per person in every region (USD)")
    solved = equity.to_frame().query("feasible")
    assert np.allclose(chart_values(figure["data"][0]["x"]), solved["epsilon"])
    assert np.allclose(chart_values(figure["data"][0]["y"]), solved["value_index"])
    best = reference_value(allocation_input(TUTORIAL, cell_values_of(TUTORIAL)))  # index 100
    assert np.allclose(solved["value_index"], 100 * solved["objective"] / best)
    assert _vertical_lines(figure) == pytest.approx([equity.current])
    # value falls as the equity floor rises
    assert np.all(np.diff(solved["objective"].to_numpy()) <= 1e-9)
    programme = concentration_frontier(TUTORIAL, "programme")
    figure = _by_axis(at, "Cap on every programme's share of the budget")
    assert np.allclose(
        chart_values(figure["data"][0]["x"]), programme.to_frame().query("feasible")["epsilon"]
    )
    assert _vertical_lines(figure) == pytest.approx([0.6])  # max_programme_share
    region = _by_axis(at, "Cap on Centre's share of the budget")  # the most populous region
    assert _vertical_lines(region) == pytest.approx([0.6])  # its own cap


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "100 = the most 30 M USD could reach with no rule but the budget."),
        ("es", "100 = lo máximo que lograrían 30 MM USD sin otra regla que el presupuesto."),
    ],
)
def test_what_a_rule_costs_names_the_budget_its_index_counts_from(lang: str, said: str) -> None:
    at = _tradeoffs(lang)
    at.button(key="run_concentration").click().run()
    assert_clean(at)
    assert [box.value for box in at.info if box.value.endswith(said)]


def test_hover_labels_carry_units_and_the_tables_decimals_and_titles_fit() -> None:
    at = _tradeoffs("es")
    at.button(key="run_sweep").click().run()
    at.button(key="run_equity").click().run()
    assert_clean(at)
    sweep = _by_axis(at, "Presupuesto (MM USD)")
    value, marginal = sweep["data"][0], sweep["data"][1]
    assert value["hovertemplate"].startswith("%{x:,.2f} MM USD: %{y:.1f}<extra>")
    assert marginal["hovertemplate"].startswith("%{x:,.2f} MM USD: %{y:.3f}<extra>")
    lower = sweep["layout"]["yaxis2"]["title"]["text"].split("<br>")  # a third of the height
    assert lower == ["Puntos por 1\u00a0MM\u00a0USD", "adicional"]  # the figure with its unit
    assert all(len(line) <= 20 for line in lower)
    areas = [
        trace["hovertemplate"]
        for figure in charts(at)
        for trace in figure["data"]
        if trace.get("stackgroup") == "one"
    ]
    assert areas and all("· %{x:,.2f} MM USD: %{y:,.1f} MM USD<extra>" in h for h in areas)
    equity = _by_axis(at, "Mínimo de dinero por habitante en cada región (USD)")
    assert equity["data"][0]["hovertemplate"].startswith("%{x:,.2f} USD: %{y:.1f}")
    # the scenario's floors are shares of the budget: the mark says what they amount to
    (mark,) = [t["name"] for t in equity["data"] if "este escenario" in t.get("name", "")]
    assert all(len(line) <= 40 for line in mark.split("<br>"))  # in lines a phone shows whole
    mark = mark.replace("<br>", " ").replace("\u00a0", " ")
    assert re.fullmatch(
        r"Pisos regionales de este escenario: al menos \d+,\d\d USD por habitante", mark
    )
