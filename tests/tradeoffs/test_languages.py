"""Sweeps and frontiers, read in Spanish and in English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prioritise.allocate import AllocationError
from prioritise.scenario import load
from prioritise.scenario.schema import FixedAmount, Scenario
from prioritise.tradeoffs import BudgetSweep, Frontier, budget_sweep, concentration_frontier
from tests.allocate.language_checks import check_language

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture(scope="module")
def tutorial() -> Scenario:
    """The tutorial with a commitment that makes the smallest budget infeasible."""
    scenario = load(SCENARIOS / "tutorial.toml")
    commitment = FixedAmount(
        programme="solar", enabling_area="rd", region="north", year=2025, amount=12.0
    )
    constraints = scenario.constraints.model_copy(
        update={"spend_all": False, "fixed": [commitment]}
    )
    return scenario.model_copy(update={"constraints": constraints})


@pytest.fixture(scope="module")
def sweep(tutorial: Scenario) -> BudgetSweep:
    return budget_sweep(tutorial, [20, 30.5, 60])


@pytest.fixture(scope="module")
def frontier(tutorial: Scenario) -> Frontier:
    return concentration_frontier(tutorial, "programme", steps=2)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_sweep_reads_in_one_language(tutorial: Scenario, sweep: BudgetSweep, lang: str) -> None:
    text = sweep.format_text(lang)
    check_language(text, lang, tutorial)
    if lang == "es":
        assert text.startswith("Barrido de presupuesto (MM USD)")
        assert "infactible" in text and "30,50" in text
    else:
        assert text.startswith("Budget sweep (M USD)")
        assert "infeasible" in text and "30.50" in text
    assert sweep.points[0].message_text(lang) in text


def test_sweep_json_follows_the_language(sweep: BudgetSweep) -> None:
    spanish, english = sweep.to_json("es"), sweep.to_json("en")
    assert set(spanish) == {"reference", "points"}
    keys = {
        "budget",
        "objective",
        "marginal",
        "totals",
        "status",
        "feasible",
        "shadow_price",
        "spent",
        "message",
        "value_index",
        "marginal_points",
        "shadow_price_points",
    }
    assert all(set(point) == keys for point in spanish["points"] + english["points"])
    assert spanish["points"][0]["message"].startswith("Ninguna asignación")
    assert english["points"][0]["message"].startswith("No allocation")
    assert sweep.to_json() == english  # the tutorial speaks English
    json.dumps(english, allow_nan=False)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_frontier_reads_in_one_language(
    tutorial: Scenario, frontier: Frontier, lang: str
) -> None:
    text = frontier.format_text(lang)
    check_language(text, lang, tutorial)
    if lang == "es":
        assert "la mayor participación de un programa en el presupuesto" in text
    else:
        assert "the largest programme's share of the budget" in text
    payload = frontier.to_json(lang)
    assert set(payload) == {"kind", "measure", "unit", "region", "current", "points"}
    assert payload["measure"] == frontier.measure_note.text(lang)
    assert payload["unit"] == "share"


def test_errors_are_localized(tutorial: Scenario) -> None:
    with pytest.raises(AllocationError) as caught:
        concentration_frontier(tutorial, "programme", steps=1)
    assert caught.value.text("es") == "Una frontera necesita al menos 2 pasos (se recibió 1)."
    assert str(caught.value) == "A frontier needs at least 2 steps (got 1)."


def test_the_sweeps_tables_give_whole_names_and_budgets_as_above() -> None:
    """Region names are not cut mid-word, and the budgets heading the composition tables read
    as in the first table (43,75, not 43,8)."""
    chile = load(SCENARIOS / "chile_transforma_2017.toml")
    text = budget_sweep(chile, [43.75, 175.0]).format_text("es")
    longest = max((region.names.get("es", region.name) for region in chile.regions), key=len)
    assert len(longest) > 28 and longest in text
    assert "43,8" not in text and text.count("43,75") >= 3
