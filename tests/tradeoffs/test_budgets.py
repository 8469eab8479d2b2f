"""The budgets a sweep proposes: the same on the command line and in the app, written the way
a person would, the scenario's own budget and the reference kept exact."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prioritise.allocate import lines_scenario
from prioritise.scenario import load
from prioritise.tradeoffs import default_budgets, readable_budget
from prioritise.tradeoffs.budgets import proposed_budgets

SCENARIOS = Path(__file__).parents[2] / "scenarios"


@pytest.mark.parametrize(
    ("budgets", "exact", "proposed"),
    [
        (
            [32.8125, 65.625, 131.25, 262.5, 525, 700],
            [131.25, 700],
            [32.8, 65.6, 131.25, 263, 525, 700],
        ),
        ([7.5, 15, 30, 60, 120, 700], [30, 700], [7.5, 15, 30, 60, 120, 700]),
        ([0.123456, 1234.5], [], [0.123, 1235]),
        ([43.7512, 87.5024], [43.7512], [43.7512, 87.5]),
    ],
)
def test_proposed_budgets_have_three_significant_digits_but_the_scenarios_own(
    budgets: list[float], exact: list[float], proposed: list[float]
) -> None:
    assert proposed_budgets(budgets, exact) == proposed


def test_a_mixed_scenario_s_lines_get_readable_budgets_around_their_own() -> None:
    """The lines of the shipped mixed scenario get 131.25 M USD: the budgets around it are
    32.8, not 32.8125 (the command line used to print 32,81 and 65,63)."""
    lines = lines_scenario(load(SCENARIOS / "chile_transforma_initiatives_2017.toml"))
    assert float(lines.budget.total) == 131.25
    assert default_budgets(lines) == [32.8, 65.6, 131.25, 263, 525, 700]


def test_the_default_scenario_s_budgets() -> None:
    chile = load(SCENARIOS / "chile_transforma_2017.toml")
    assert default_budgets(chile) == [43.8, 87.5, 175, 350, 700]


def test_a_budget_in_another_currency_has_no_reference() -> None:
    chile = load(SCENARIOS / "chile_transforma_2017.toml")
    meta = chile.scenario.model_copy(update={"currency": "EUR"})
    budget = chile.budget.model_copy(update={"total": 7.5})
    other = chile.model_copy(update={"scenario": meta, "budget": budget})
    assert default_budgets(other) == [1.88, 3.75, 7.5, 15, 30]


@given(st.floats(min_value=1e-6, max_value=1e9, allow_nan=False))
def test_a_readable_budget_is_within_half_its_third_digit_and_stays_so(value: float) -> None:
    shown = readable_budget(value)
    assert abs(shown - value) <= 0.005 * value * (1 + 1e-9)  # three significant digits
    assert readable_budget(shown) == shown
