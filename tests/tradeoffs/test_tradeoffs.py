"""Budget sweeps and ε-constraint frontiers."""

from __future__ import annotations

import dataclasses
import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritise.allocate import optimise_scenario
from prioritise.allocate.input import AllocationError
from prioritise.scenario import load, validate_dict
from prioritise.scenario.schema import FixedAmount, Scenario
from prioritise.tradeoffs import budget_sweep, concentration_frontier, equity_frontier, pick_region
from tests.factories import scenario_dict

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
TOL = 1e-7


def tutorial(**constraints: object) -> Scenario:
    scenario = load(SCENARIOS / "tutorial.toml")
    updated = scenario.constraints.model_copy(update=constraints)
    return scenario.model_copy(update={"constraints": updated})


def generated(seed: int, constraints: dict | None = None, **sizes: int) -> Scenario:
    """A factory scenario with only the given constraints (no binaries: a pure LP)."""
    raw = scenario_dict(seed, **sizes)
    raw["constraints"] = constraints or {}
    return validate_dict(raw)


def _non_increasing(values: list[float], tol: float = 1e-9) -> bool:
    return all(b <= a + tol * max(1.0, abs(a)) for a, b in itertools.pairwise(values))


# ------------------------------------------------------------------------------ budget sweep


def test_sweep_agrees_with_direct_optimisation_and_never_loses_value() -> None:
    scenario = tutorial(spend_all=False)
    budgets = [60.0, 5.0, 30.0, 12.0, 120.0, 30.0]
    sweep = budget_sweep(scenario, budgets)
    assert [p.budget for p in sweep.points] == [5.0, 12.0, 30.0, 60.0, 120.0]
    objectives = [p.objective for p in sweep.points]
    assert all(b >= a - TOL for a, b in itertools.pairwise(objectives))
    for point in sweep.points:
        direct = optimise_scenario(scenario, budget=point.budget)
        assert point.objective == pytest.approx(direct.objective, rel=1e-7)
        assert point.spent == pytest.approx(direct.amounts.sum(), rel=1e-7, abs=1e-9)


def test_marginal_is_the_finite_difference_between_consecutive_budgets() -> None:
    sweep = budget_sweep(tutorial(spend_all=False), [10, 30, 90])
    first, second, third = sweep.points
    # an empty budget is worth nothing, so the first step starts from the origin
    assert first.marginal == pytest.approx(first.objective / 10)
    assert second.marginal == pytest.approx((second.objective - first.objective) / 20)
    assert third.marginal == pytest.approx((third.objective - second.objective) / 60)


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    budgets=st.lists(st.floats(1.0, 400.0), min_size=3, max_size=4, unique=True),
)
def test_concave_returns_give_falling_marginal_value_bounded_by_the_duals(
    seed: int, budgets: list[float]
) -> None:
    """Without binaries and without budget-proportional shares, the value of the budget V(B)
    is concave and the dual price of the budget is a supergradient of it, so for consecutive
    budgets a < b: dual(b) ≤ (V(b) - V(a)) / (b - a) ≤ dual(a)."""
    budgets = sorted(round(b, 3) for b in budgets)
    if min(np.diff(budgets)) < 1e-2:
        budgets = [1.0, 30.0, 300.0]
    sweep = budget_sweep(generated(seed, programmes=3, areas=2, regions=3), budgets)
    points = sweep.points
    assert all(p.feasible for p in points)
    assert _non_increasing([p.marginal for p in points], tol=1e-7)
    for left, right in itertools.pairwise(points):
        slope = right.marginal
        assert right.shadow_price <= slope + 1e-7
        assert slope <= left.shadow_price + 1e-7


def test_marginal_value_falls_with_the_tutorial_rules_too() -> None:
    """The tutorial's shares scale with the budget and keep the problem a linear programme,
    so its value is still concave in the budget."""
    sweep = budget_sweep(tutorial(spend_all=False), [5, 10, 20, 30, 60, 120, 240])
    assert _non_increasing([p.marginal for p in sweep.points], tol=1e-7)
    assert all(p.marginal >= -1e-9 for p in sweep.points)


def test_sweep_json_matches_the_cli_contract() -> None:
    sweep = budget_sweep(tutorial(), [15, 30])
    document = json.loads(json.dumps(sweep.to_json(), allow_nan=False))
    assert set(document) == {"reference", "points"}
    for point, result in zip(document["points"], sweep.points, strict=True):
        # one index for every budget: the scenario's own budget's (30 M), as `optimise` gives it
        own = optimise_scenario(tutorial(), with_baselines=False).yardstick
        assert own is not None and document["reference"] == pytest.approx(own.reference)
        assert point["value_index"] == pytest.approx(own.index(result.objective))
        assert point["marginal_points"] == pytest.approx(own.index(result.marginal))
        assert {"budget", "objective", "marginal", "totals"} <= set(point)
        assert set(point["totals"]) == {"programme", "enabling_area", "region", "year"}
        for kind in ("programme", "region", "enabling_area", "year"):
            assert sum(point["totals"][kind].values()) == pytest.approx(point["budget"])
        assert point["objective"] == pytest.approx(result.objective)
        assert set(point["totals"]["programme"]) == {"mining", "tourism", "solar"}
        assert set(point["totals"]["year"]) == {"2025", "2026"}


def test_a_budget_without_a_split_is_stepped_over_by_the_marginal_value() -> None:
    """A ticket of 3 M with every region at least 10 %: 4 M has no split. The budgets above
    it take their marginal value from the nearest lower budget with a split, the first from
    no budget at all, as alone; never '–' for a step that starts at the impossible budget."""
    scenario = tutorial(min_ticket=3.0)
    low, middle, high = budget_sweep(scenario, [4, 20, 40]).points
    assert not low.feasible and low.marginal is None
    assert middle.objective is not None and high.objective is not None
    (alone,) = budget_sweep(scenario, [20]).points
    assert middle.marginal == pytest.approx(alone.marginal) == pytest.approx(middle.objective / 20)
    assert high.marginal == pytest.approx((high.objective - middle.objective) / 20)
    gap = budget_sweep(scenario, [20, 25, 40])
    assert gap.points[2].marginal != pytest.approx(high.marginal)  # from 25, not from 20


def test_an_infeasible_budget_is_reported_not_raised() -> None:
    """12 M committed to one line in 2025: a total of 20 M leaves 10 M for 2025, too little."""
    commitment = FixedAmount(
        programme="solar", enabling_area="rd", region="north", year=2025, amount=12.0
    )
    scenario = tutorial(spend_all=False, fixed=[commitment])
    sweep = budget_sweep(scenario, [20, 30, 60])
    low, middle, high = sweep.points
    assert not low.feasible and low.status == "infeasible"
    assert low.objective is None and low.marginal is None and low.message
    # the first split has no marginal value (its committed money rules out starting from
    # nothing); the next one has, from it
    assert middle.feasible and middle.marginal is None
    assert high.marginal == pytest.approx((high.objective - middle.objective) / 30)
    document = json.loads(json.dumps(sweep.to_json(), allow_nan=False))
    assert document["points"][0]["objective"] is None
    assert document["points"][0]["totals"]["programme"] == {}
    text = sweep.format_text()
    assert "infeasible" in text and low.message in text


def test_composition_and_text() -> None:
    sweep = budget_sweep(tutorial(), [15, 30, 60])
    by_programme = sweep.composition("programme")
    assert list(by_programme.index) == [15.0, 30.0, 60.0]
    assert by_programme.sum(axis=1).to_numpy() == pytest.approx([15, 30, 60])
    shares = sweep.composition("region", share=True)
    assert shares.sum(axis=1).to_numpy() == pytest.approx([1, 1, 1])
    text = sweep.format_text()
    assert "Solar energy" in text and "Centre" in text and "M USD" in text
    with pytest.raises(ValueError, match="not a total"):
        sweep.composition("sector")


def test_without_a_value_index_the_text_says_so_instead_of_explaining_it() -> None:
    """No line adds value (reference 0): the tables show no index, and the help line does
    not promise one."""
    sweep = budget_sweep(tutorial(), [15, 30])
    assert "100 = the most" in sweep.format_text()
    blank = dataclasses.replace(sweep, reference=None)
    text = blank.format_text()
    assert "no value index" in text and "100 = the most" not in text
    assert blank.to_json()["reference"] is None
    frontier = equity_frontier(tutorial(), steps=2)
    assert "100 = the most" in frontier.format_text()
    points = [dataclasses.replace(p, value_index=None) for p in frontier.points]
    text = dataclasses.replace(frontier, points=points).format_text()
    assert "no value index" in text and "100 = the most" not in text


def test_progress_is_reported_after_every_budget() -> None:
    calls: list[tuple[int, int]] = []
    budget_sweep(tutorial(), [10, 20, 30], progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


@pytest.mark.parametrize("budgets", [[], [0, 10], [-5], [float("nan")], ["a"]])
def test_bad_budgets_are_refused_in_words(budgets: list) -> None:
    with pytest.raises(AllocationError, match="budget"):
        budget_sweep(tutorial(), budgets)


@pytest.mark.slow
def test_chile_175_and_700_on_the_same_curve() -> None:
    """Transforma's 175 M (OECD PTPR 2017) and Emilia-Romagna's 700 M on one curve; the LP
    variant (no minimum ticket or line limit) keeps the test fast."""
    scenario = load(SCENARIOS / "chile_transforma_2017.toml")
    scenario = scenario.model_copy(
        update={
            "constraints": scenario.constraints.model_copy(
                update={"min_ticket": None, "max_lines": None}
            )
        }
    )
    sweep = budget_sweep(scenario, [175, 700])
    at_175, at_700 = sweep.points
    assert at_175.objective == pytest.approx(optimise_scenario(scenario).objective, rel=1e-7)
    assert at_700.objective > at_175.objective
    assert 0 < at_700.marginal < at_175.marginal
    assert sweep.composition("region").loc[700.0].sum() == pytest.approx(700)
    metropolitana = sweep.composition("region", share=True)["metropolitana"]
    assert (metropolitana <= 0.35 + 1e-9).all()


# ------------------------------------------------------------------------------- frontiers


def test_equity_frontier_costs_value_and_reaches_the_largest_feasible_floor() -> None:
    """The tutorial caps Centre (3 M people) at 60 % of 30 M USD, so no floor above
    0.6 × 30e6 / 3e6 = 6 USD per person can be met by every region."""
    scenario = tutorial()
    frontier = equity_frontier(scenario, steps=5)
    levels = [p.epsilon for p in frontier.points]
    # after ε = 0, the levels start from the 1 USD per person the optimum already gives
    assert levels == pytest.approx([0, 2.25, 3.5, 4.75, 6])
    assert frontier.points[0].achieved == pytest.approx(1.0)
    assert all(p.feasible for p in frontier.points)
    assert _non_increasing([p.objective for p in frontier.points])
    for point in frontier.points:
        assert point.achieved >= point.epsilon * (1 - 1e-7)
    assert frontier.points[0].objective == pytest.approx(optimise_scenario(scenario).objective)
    # the scenario's own 10 % floor guarantees 0.1 × 30e6 / 3e6 = 1 USD per person
    assert frontier.current == pytest.approx(1.0)
    assert frontier.unit == "USD per person"


def test_equity_frontier_finds_the_limit_other_rules_set() -> None:
    """16 M committed to the North leave 14 M for Centre and South (4 M people): with the
    whole budget spent, no floor above 14e6 / 4e6 = 3.5 USD per person is feasible, although
    the share rules alone would allow 6."""
    commitments = [
        FixedAmount(programme="solar", enabling_area="rd", region="north", year=y, amount=8.0)
        for y in (2025, 2026)
    ]
    calls: list[tuple[int, int]] = []
    frontier = equity_frontier(
        tutorial(fixed=commitments), steps=4, progress=lambda d, t: calls.append((d, t))
    )
    top = frontier.points[-1]
    assert top.feasible
    assert 3.5 - 6 / 2**6 <= top.epsilon <= 3.5 + 1e-9
    assert _non_increasing([p.objective for p in frontier.points])
    assert calls[-1][0] == calls[-1][1] and [d for d, _ in calls] == list(range(1, len(calls) + 1))


def test_programme_concentration_frontier_is_monotone() -> None:
    scenario = tutorial()
    frontier = concentration_frontier(scenario, "programme", steps=5)
    levels = [p.epsilon for p in frontier.points]
    # three programmes: spending everything needs a cap of at least a third
    assert levels[0] == pytest.approx(1 / 3)
    objectives = [p.objective for p in frontier.points]
    assert all(b >= a - 1e-9 for a, b in itertools.pairwise(objectives))
    for point in frontier.points:
        assert point.achieved <= point.epsilon + 1e-7
    # at the top, the cap no longer binds: the optimum without any programme cap
    free = optimise_scenario(tutorial(max_programme_share=None))
    assert objectives[-1] == pytest.approx(free.objective, rel=1e-7)
    assert frontier.current == pytest.approx(0.6)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), which=st.sampled_from(["programme", "metropolitan"]))
def test_concentration_frontiers_trade_value_for_diversification(seed: int, which: str) -> None:
    scenario = generated(seed, {"spend_all": True}, programmes=3, areas=2, regions=4)
    frontier = concentration_frontier(scenario, which, steps=4)
    feasible = [p for p in frontier.points if p.feasible]
    assert feasible
    objectives = [p.objective for p in feasible]
    assert all(b >= a - 1e-9 for a, b in itertools.pairwise(objectives))
    assert all(p.achieved <= p.epsilon + 1e-7 for p in feasible)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_equity_frontiers_are_monotone(seed: int) -> None:
    scenario = generated(seed, {"spend_all": True, "max_region_share": 0.5}, regions=4)
    frontier = equity_frontier(scenario, steps=4)
    assert all(p.feasible for p in frontier.points)
    assert _non_increasing([p.objective for p in frontier.points])
    assert all(p.achieved >= p.epsilon * (1 - 1e-7) for p in frontier.points)


def test_metropolitan_frontier_caps_the_chosen_region() -> None:
    scenario = generated(1, {"spend_all": True}, programmes=3, areas=2, regions=4)
    region = pick_region(scenario)
    populations = {r.id: r.population for r in scenario.regions}
    assert region == max(populations, key=populations.get)
    frontier = concentration_frontier(scenario, "metropolitan", steps=4)
    assert frontier.region == region
    index = scenario.region_ids.index(region)
    for point in frontier.points:
        share = point.allocation.totals.region["share"].iloc[index]
        assert share == pytest.approx(point.achieved)
        assert share <= point.epsilon + 1e-7
    # the top of the range is the share the optimum takes without the cap
    free = optimise_scenario(scenario)
    assert frontier.points[-1].epsilon == pytest.approx(
        free.totals.region["share"].iloc[index], rel=1e-6
    )
    document = json.loads(json.dumps(frontier.to_json(), allow_nan=False))
    assert document["kind"] == "metropolitan" and len(document["points"]) == 4
    assert "share of the budget" in frontier.format_text()


def test_an_overall_region_cap_does_not_hold_the_metropolitan_frontier() -> None:
    """With max_region_share = 40 %, the frontier may still lift the chosen region above 40 %
    while every other region stays capped."""
    scenario = generated(5, {"spend_all": True, "max_region_share": 0.4}, regions=4)
    region = pick_region(scenario)
    frontier = concentration_frontier(scenario, "metropolitan", steps=3, region=region)
    index = scenario.region_ids.index(region)
    for point in frontier.points:
        shares = point.allocation.totals.region["share"].to_numpy()
        others = np.delete(shares, index)
        assert (others <= 0.4 + 1e-7).all()


def test_region_is_found_by_id_or_population() -> None:
    scenario = tutorial()
    assert pick_region(scenario) == "centre"  # most populous; there is no 'metropolitana'
    assert pick_region(scenario, "south") == "south"
    with pytest.raises(AllocationError, match="no region 'atlantis'"):
        pick_region(scenario, "atlantis")
    chile = load(SCENARIOS / "chile_transforma_2017.toml")
    assert pick_region(chile) == "metropolitana"


def test_frontier_arguments_are_checked() -> None:
    with pytest.raises(AllocationError, match="programme' or 'metropolitan"):
        concentration_frontier(tutorial(), "sector")
    with pytest.raises(AllocationError, match="at least 2 steps"):
        equity_frontier(tutorial(), steps=1)
    raw = scenario_dict(0)
    for region in raw["regions"]:
        del region["population"]
    raw["returns"]["capacity_basis"] = "equal"
    with pytest.raises(AllocationError, match="population"):
        equity_frontier(validate_dict(raw))
