"""Answers a facilitator can defend: the value index, fair baselines, the price of every rule
and where each region's money comes from — each checked against an independent re-solve or
recomputation (docs/model.md §8.2, §8.4, §10)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritise.allocate import (
    DEFAULT_GAP,
    Allocation,
    Baseline,
    allocation_input,
    optimise,
    optimise_scenario,
    reference_value,
)
from prioritise.allocate.results import allocation_table
from prioritise.cli.text import format_allocation
from prioritise.scenario import load
from prioritise.scenario.schema import Scenario
from prioritise.text import msg
from tests.allocate.helpers import check_allocation, random_values, with_constraints
from tests.factories import make_scenario

LINES = {"spend_all": True, "max_lines": 4, "min_ticket": 1.0}
TUTORIAL = Path(__file__).resolve().parents[2] / "scenarios" / "tutorial.toml"


@pytest.fixture(scope="module")
def tutorial() -> Scenario:
    return load(TUTORIAL)


def _solve(scenario: Scenario, seed: int, **options: Any) -> Allocation:
    return optimise(allocation_input(scenario, random_values(scenario, seed)), **options)


def _gap(objective: float) -> float:
    return 2 * DEFAULT_GAP * abs(objective) + 1e-9


@settings(max_examples=25, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), budget=st.floats(1.0, 400.0))
def test_reference_value_is_the_optimum_with_no_rule_but_the_budget(
    tutorial: Scenario, seed: int, budget: float
) -> None:
    free = with_constraints(tutorial)
    data = allocation_input(free, random_values(free, seed), budget)
    solved = optimise(data, with_baselines=False, gap=0.0)
    assert reference_value(data) == pytest.approx(solved.objective, rel=1e-7, abs=1e-12)


@settings(max_examples=10, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), floor=st.sampled_from([0.0, 0.1, 0.25, 0.3]))
def test_value_index_lies_in_zero_to_hundred_and_rules_lower_it(
    tutorial: Scenario, seed: int, floor: float
) -> None:
    rules = with_constraints(tutorial, min_region_share=floor or None, **LINES)
    result = _solve(rules, seed)
    assert 0 < result.value_index <= 100 + 1e-9
    free = _solve(with_constraints(tutorial), seed)
    assert free.value_index == pytest.approx(100.0, abs=100 * DEFAULT_GAP)
    assert result.value_index <= free.value_index + 100 * DEFAULT_GAP


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fair_baselines_obey_every_rule_and_never_beat_the_optimum(
    tutorial: Scenario, seed: int
) -> None:
    rules = with_constraints(
        tutorial,
        region_share={"centre": {"max": 0.3}, "south": {"min": 0.2}},
        concentration=0.7,
        **LINES,
    )
    data = allocation_input(rules, random_values(rules, seed))
    result = optimise(data)
    fair = [b for b in result.baselines if b.obeys_rules]
    assert {b.name for b in fair} == {"proportional", "population"}
    for baseline in fair:
        table = allocation_table(data, baseline.amounts)
        assert check_allocation(rules, table) == []
        assert baseline.gain >= -_gap(result.objective)
        assert 0 < baseline.value_index <= result.value_index + 100 * DEFAULT_GAP
    plain = [b for b in result.baselines if not b.obeys_rules]
    assert any(check_allocation(rules, allocation_table(data, b.amounts)) for b in plain)


def test_the_line_limit_has_the_price_of_one_more_line(tutorial: Scenario) -> None:
    rules = with_constraints(tutorial, **LINES)
    result = _solve(rules, 3, price_seconds=30)
    row = result.constraints.set_index("name").loc["max_lines"]
    assert row["binding"]
    one_more = _solve(with_constraints(tutorial, **{**LINES, "max_lines": 5}), 3)
    ten_more = _solve(with_constraints(tutorial, **{**LINES, "max_lines": 14}), 3)
    unlimited = _solve(with_constraints(tutorial, **{**LINES, "max_lines": None}), 3)
    assert row["shadow_price"] > 0
    assert row["shadow_price"] == pytest.approx(
        one_more.objective - result.objective, abs=_gap(one_more.objective)
    )
    assert row["lines+10"] == pytest.approx(
        ten_more.objective - result.objective, abs=_gap(ten_more.objective)
    )
    assert row["value_if_dropped"] == pytest.approx(
        unlimited.objective - result.objective, abs=_gap(unlimited.objective)
    )
    assert row["price_exact"]
    entry = next(c for c in result.to_json()["constraints"] if c["name"] == "max_lines")
    assert entry["shadow_price"] == pytest.approx(row["shadow_price"])
    assert entry["value_one_more_line"] == pytest.approx(row["shadow_price"])
    assert "one more line would add" in entry["sentence"]


def test_a_lower_ticket_and_a_dropped_floor_are_priced_by_re_solving(tutorial: Scenario) -> None:
    changes = {
        "spend_all": True,
        "min_ticket": 2.0,
        "region_share": {"north": {"min": 0.6}},
    }
    rules = with_constraints(tutorial, **changes)
    result = _solve(rules, 5, price_seconds=30)
    table = result.constraints.set_index("name")
    assert table.loc["region_share[north].min", "binding"]
    no_floor = _solve(with_constraints(tutorial, spend_all=True, min_ticket=2.0), 5)
    assert table.loc["region_share[north].min", "value_if_dropped"] == pytest.approx(
        no_floor.objective - result.objective, abs=_gap(no_floor.objective)
    )
    assert table.loc["min_ticket", "binding"]
    lower = _solve(with_constraints(tutorial, **{**changes, "min_ticket": 1.8}), 5)
    assert table.loc["min_ticket", "ticket-10%"] == pytest.approx(
        lower.objective - result.objective, abs=_gap(lower.objective)
    )
    payload = result.to_json()
    for entry in payload["constraints"]:
        if entry["binding"] and entry["kind"] not in ("budget", "budget_year"):
            assert entry["value_if_dropped"] >= 0
            assert entry["value_if_dropped_as_budget"] == pytest.approx(
                entry["value_if_dropped"] / payload["marginal_value_of_budget"]
            )


def test_costs_in_money_divide_by_the_value_of_budget(tutorial: Scenario) -> None:
    result = _solve(with_constraints(tutorial, region_share={"north": {"min": 0.5}}), 2)
    table = result.constraints.set_index("name")
    budget = table.loc["budget", "shadow_price"]
    assert result.yardstick.marginal == pytest.approx(budget)
    floor = table.loc["region_share[north].min"]
    assert floor["price_as_budget"] == pytest.approx(floor["shadow_price"] / budget)


def test_money_sources_add_up_and_name_what_holds_money(tutorial: Scenario) -> None:
    values = random_values(tutorial, 4)
    free = optimise(allocation_input(with_constraints(tutorial, spend_all=True), values))
    assert free.sources["held"].sum() == pytest.approx(0.0, abs=1e-9)
    shares = free.totals.region["share"]
    region = str(shares.idxmin())
    rules = with_constraints(
        tutorial,
        spend_all=True,
        region_share={region: {"min": float(shares.min()) + 0.3}},
        fixed=[
            {
                "programme": tutorial.programmes[0].id,
                "enabling_area": tutorial.enabling_areas[0].id,
                "region": tutorial.regions[0].id,
                "year": tutorial.years[0],
                "amount": 3.0,
            }
        ],
    )
    result = optimise(allocation_input(rules, values))
    sources = result.sources
    parts = sources["committed"] + sources["held"] + sources["chosen"]
    assert parts.to_numpy() == pytest.approx(sources["amount"].to_numpy())
    mine = sources[sources["region"] == region]
    assert mine["region_floor_binds"].all()
    assert mine["held"].sum() > 0 and set(mine.loc[mine["held"] > 0, "held_by"]) == {"region_floor"}
    assert sources["committed"].sum() == pytest.approx(3.0)
    entry = result.to_json("es")["money_sources"][0]
    assert {"region", "programme", "amount", "held", "chosen", "sentence"} <= set(entry)


def test_a_generated_scenario_reads_in_index_points_in_both_languages() -> None:
    scenario = make_scenario(seed=11, regions=6, programmes=4)
    rules = with_constraints(scenario, spend_all=True, min_region_share=0.1, max_lines=12)
    result = _solve(rules, 0, price_seconds=20)
    english, spanish = result.to_json("en"), result.to_json("es")
    assert 0 < english["value_index"] <= 100
    binding = [c for c in english["constraints"] if c["binding"] and c["kind"] != "budget"]
    assert binding and all("index points" in c["sentence"] for c in binding)
    assert all(
        "índice de valor" in c["sentence"]
        for c in spanish["constraints"]
        if c["binding"] and c["kind"] != "budget"
    )


@st.composite
def _rules(draw: st.DrawFn) -> dict[str, Any]:
    rules: dict[str, Any] = {"spend_all": draw(st.booleans())}
    if draw(st.booleans()):
        rules["min_region_share"] = draw(st.sampled_from([0.05, 0.1, 0.2]))
    if draw(st.booleans()):
        rules["max_programme_share"] = draw(st.sampled_from([0.4, 0.5, 0.7]))
    if draw(st.booleans()):
        rules["concentration"] = draw(st.sampled_from([0.5, 0.7]))
    if draw(st.booleans()):
        rules["max_lines"] = draw(st.integers(3, 10))
    if draw(st.booleans()):
        rules["min_ticket"] = draw(st.sampled_from([0.5, 1.0, 2.0]))
    if draw(st.booleans()):
        rules["continuity"] = draw(st.sampled_from([0.5, 0.8]))
    return rules


@settings(max_examples=15, deadline=None, derandomize=True)
@given(seed=st.integers(0, 1000), rules=_rules())
def test_fair_baselines_obey_random_rules_and_the_index_stays_in_range(
    seed: int, rules: dict[str, Any]
) -> None:
    scenario = with_constraints(make_scenario(seed=seed, regions=4, programmes=3), **rules)
    data = allocation_input(scenario, random_values(scenario, seed))
    result = optimise(data)
    if not result.solved:
        return  # these rules cannot hold together: no baseline to compare
    assert 0 < result.value_index <= 100 + 1e-9
    fair = [b for b in result.baselines if b.obeys_rules]
    assert {b.name for b in fair} == {"proportional", "population"}
    for baseline in fair:
        assert check_allocation(scenario, allocation_table(data, baseline.amounts)) == []
        assert baseline.gain >= -_gap(result.objective)
        assert 0 < baseline.value_index <= result.value_index + 100 * DEFAULT_GAP


def test_the_default_scenario_without_rules_solves_and_reaches_the_reference() -> None:
    """HiGHS's aggregator presolve rule took minutes on this LP, deaf to the time limit; the
    model runs without it. A subprocess with a timeout turns a hang into a failure."""
    code = (
        "from prioritise.scenario import load\n"
        "from prioritise.scenario.shipped import resolve_scenario\n"
        "from prioritise.scenario.schema import Constraints\n"
        "from prioritise.allocate import optimise_scenario, reference_value\n"
        "from prioritise.allocate import allocation_input, cell_values_of\n"
        "s = load(resolve_scenario('chile_transforma_2017'))\n"
        "free = s.model_copy(update={'constraints': Constraints()})\n"
        "r = optimise_scenario(free, time_limit=30, with_baselines=False)\n"
        "d = allocation_input(free, cell_values_of(free))\n"
        "print(r.status, r.objective, reference_value(d))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    status, objective, reference = done.stdout.split()
    assert status == "optimal"
    assert float(objective) == pytest.approx(float(reference), rel=1e-7)


@pytest.mark.parametrize(
    ("optimum", "baseline", "obeys", "shown"),
    [
        (88.94, 74.46, True, 14.4),  # unrounded 14.48 would read 14.5 beside 88.9 and 74.5
        (88.86, 68.34, True, 20.6),
        (50.04, 50.06, True, 0.0),  # within the solver's gap: never a negative gain
        (50.04, 52.06, False, -2.1),  # a split ignoring the rules may read higher
        (12.35, 2.25, True, 10.1),  # half-up, as the formatter rounds: 12.4 − 2.3
    ],
)
def test_a_gain_is_the_difference_of_the_two_indexes_shown(
    optimum: float, baseline: float, obeys: bool, shown: float
) -> None:
    split = Baseline(
        "proportional", msg("allocate.baseline.proportional_fair"), 0.0, 0.0, 0.0,
        np.zeros(1), obeys_rules=obeys, value_index=baseline,
    )  # fmt: skip
    assert split.gain_shown(optimum) == shown
    assert split.gain_shown(None) is None


def test_money_is_not_read_off_the_margin_beyond_half_the_budget(tutorial: Scenario) -> None:
    """λ is a rate at the margin: with a 10 M ticket on a 30 M budget, what all the rules cost
    (tens of index points) would read as hundreds of millions; it is said in points only."""
    rules = tutorial.constraints.model_copy(update={"min_ticket": 10.0})  # and its own rules
    scenario = tutorial.model_copy(update={"constraints": rules})
    result = optimise_scenario(scenario)
    stick = result.yardstick
    assert stick is not None and stick.marginal is not None and stick.budget == 30.0
    cost = stick.reference - result.objective
    assert cost / stick.marginal > 0.5 * 30.0  # what the margin alone would say
    assert stick.money(cost) is None
    small = 0.1 * 30.0 * stick.marginal  # a tenth of the budget's worth stays in money
    assert stick.money(small) == pytest.approx(3.0)
    assert stick.money(-small) == pytest.approx(-3.0)
    text = format_allocation(result, scenario, "en")
    assert "All the rules together cost" in text and "as much value as" not in text
    why = "In money, read at the margin, it would be more than 50% of the budget, where the margin"
    assert f"index points. {why}" in text  # says why the money is not given
    assert "superaría el 50\xa0% del presupuesto" in format_allocation(result, scenario, "es")
    assert stick.unread(cost) is not None and stick.unread(small) is None


def test_money_is_not_read_where_more_budget_adds_no_value(tutorial: Scenario) -> None:
    """With no value at the margin (λ = 0), no money reading: said so, not left blank."""
    result = optimise_scenario(tutorial)
    stick = replace(result.yardstick, marginal=None)
    assert stick.money(1.0) is None and stick.unread(0.0) is not None
    why = stick.unread(1.0)
    assert why is not None and why.text("en") == (
        "More budget would add no value here, so the rules' cost has no money equivalent."
    )
    assert why.text("es").startswith("Aquí más presupuesto no agregaría valor")


@settings(max_examples=10, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), budget=st.floats(5.0, 120.0))
def test_a_what_if_split_reads_on_the_scenario_s_own_scale_as_the_sweep_does(
    tutorial: Scenario, seed: int, budget: float
) -> None:
    """The index of a what-if budget's split on the scenario's own yardstick: the same
    figure as the budget sweep's index at that budget (one scale for every budget), its
    own index at the scenario's budget, and never above the most that budget could reach
    on that scale."""
    from prioritise.allocate import index_on_budget

    values = random_values(tutorial, seed)
    own = float(tutorial.budget.total)
    data = allocation_input(tutorial, values, budget)
    result = optimise(data, with_baselines=False)
    on_own = index_on_budget(result.data, result.objective, own)
    assert on_own is not None
    at_own = optimise(allocation_input(tutorial, values), with_baselines=False)
    assert index_on_budget(at_own.data, at_own.objective, own) == pytest.approx(
        at_own.value_index, rel=1e-12
    )
    ceiling = 100 * reference_value(data) / reference_value(data, own)
    assert on_own <= ceiling * (1 + 1e-9)  # no rule, that budget: the most on that scale
    assert at_own.value_index is not None and result.value_index is not None
    if budget < own / 2:  # half the money: less value on the one scale, whatever its own index
        assert on_own < at_own.value_index


def test_the_what_if_index_on_the_own_scale_is_the_sweep_s(tutorial: Scenario) -> None:
    from prioritise.allocate import index_on_budget
    from prioritise.tradeoffs import budget_sweep

    own = float(tutorial.budget.total)
    sweep = budget_sweep(tutorial, [own / 2, own])
    for point in sweep.points:
        result = optimise_scenario(tutorial, budget=point.budget, with_baselines=False)
        on_own = index_on_budget(result.data, result.objective, own)
        assert on_own == pytest.approx(sweep.points_of(point.objective), abs=2 * 100 * DEFAULT_GAP)
    half = optimise_scenario(tutorial, budget=own / 2, with_baselines=False)
    assert half.value_index is not None
    assert index_on_budget(half.data, half.objective, own) < half.value_index  # rescaled
