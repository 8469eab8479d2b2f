"""A larger relaxation of a rule is worth at least a smaller one (docs/model.md §8.2): dropping
a minimum ticket at least lowering it by a tenth, ten more lines at least one more. And a
re-solve cut short that found nothing better says that, never "would add nothing"."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prioritise.allocate import allocation_input, cell_values_of, yardstick_for
from prioritise.allocate.constraints import RulePrice
from prioritise.allocate.prices import at_least_each_step
from prioritise.allocate.text import dropped_message
from prioritise.scenario import load

CHILE = Path(__file__).resolve().parents[2] / "scenarios" / "chile_transforma_2017.toml"
VALUES = st.floats(0.0, 1.0, allow_nan=False)


@given(VALUES, VALUES, VALUES, st.booleans())
def test_ten_more_lines_and_dropping_are_worth_at_least_the_smaller_steps(
    one: float, ten: float, dropped: float, exact: bool
) -> None:
    price = RulePrice("max_lines", dropped, {"lines+1": one, "lines+10": ten}, exact)
    raised = at_least_each_step(price)
    assert raised.steps["lines+1"] == one  # the smallest step is as found
    assert raised.steps["lines+10"] == max(ten, one)
    assert raised.dropped == max(dropped, one, ten)
    assert raised.exact == exact
    assert at_least_each_step(raised) == raised


def test_dropping_a_ticket_is_worth_at_least_lowering_it() -> None:
    cut_short = RulePrice("min_ticket", 0.0, {"ticket-10%": 0.00058}, exact=False)
    assert at_least_each_step(cut_short).dropped == pytest.approx(0.00058)
    no_steps = RulePrice("programme_share[p1].max", 0.002, {}, True)
    assert at_least_each_step(no_steps) == no_steps
    unpriced = RulePrice("min_ticket", None, {"ticket-10%": 0.1}, True)
    assert at_least_each_step(unpriced).dropped is None


@pytest.mark.parametrize(
    ("exact", "said"),
    [
        (True, "Dropping this rule altogether would add nothing."),
        (
            False,
            "Re-solving without this rule found no better split before its time limit ran "
            "out; that none exists was not proven.",
        ),
    ],
)
def test_nothing_is_said_only_of_a_re_solve_that_finished(exact: bool, said: str) -> None:
    scenario = load(CHILE)
    data = allocation_input(scenario, cell_values_of(scenario))
    stick = yardstick_for(data, 0.01, 0.25)
    found = dropped_message(0.0, exact, stick, data)
    assert found is not None and found.text("en") == said


def test_all_the_rules_cost_what_the_only_binding_rule_costs_as_written() -> None:
    """On the tutorial one rule binds (a region's floor): all the rules together cost what
    dropping it adds, written alike ("0.24 index points … 0.21 M USD" in both, not 0.2)."""
    from prioritise.allocate import optimise_scenario

    tutorial = CHILE.parent / "tutorial.toml"
    result = optimise_scenario(load(tutorial).in_language("en"), price_seconds=20.0)
    table = result.constraints
    rows = table[table["binding"] & ~table["kind"].isin(["budget", "budget_year"])]
    (sentence,) = list(rows["sentence"])
    cost = result.rules_cost
    assert cost is not None and cost[1] is not None
    points, money = (part.text("en") for part in cost)
    dropped = f"Dropping this rule altogether would add {points} index points, as much as {money}"
    assert dropped in sentence, (points, money, sentence)
    assert points == "0.24"


def _ticket(found: float | None, most: float | None) -> str:
    """The minimum ticket's sentence (0.5 M USD, 14 lines at it, a dual that alone would
    claim about a point) priced as `optimise` prices it."""
    from prioritise.allocate.text import ConstraintFacts, amount_of, constraint_message

    scenario = load(CHILE)
    data = allocation_input(scenario, cell_values_of(scenario))
    stick = yardstick_for(data, 0.01, 0.25)
    params = {"limit": amount_of(0.5, data), "count": 14}
    facts = ConstraintFacts("min_ticket", None, True, 0.0127, params, room=0.5)
    return constraint_message(facts, data, stick, most, found).text("en")


def test_a_step_that_drops_a_ticket_cut_short_is_priced_at_least_what_was_found() -> None:
    """Lowering a 0.5 ticket by 0.5 is dropping it: when that re-solve was cut short, the
    step says what it found, "at least", not the dual's linear reading of a point."""
    dual = _ticket(None, None)
    assert "would add" in dual and "at least" not in dual
    cut_short = _ticket(0.0002, None)
    assert "would add at least" in cut_short
    nothing = _ticket(0.0, None)
    assert "would add nothing found before its time limit ran out" in nothing
    finished = _ticket(None, 0.0)
    assert "would add nothing" in finished
    assert "found before" not in finished
