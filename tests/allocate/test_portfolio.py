"""The choice of initiatives against brute force over every subset, and partial funding against
an independent linear program."""

from __future__ import annotations

import copy
from dataclasses import replace
from itertools import combinations

import numpy as np
import pytest
from scipy.optimize import linprog

from prioritise.allocate import optimise_portfolio, value_for_money, value_frontier
from prioritise.allocate.portfolio_explain import (
    buy_sequence,
    greedy_portfolio,
    order_of_buy,
    repairs,
)
from prioritise.allocate.portfolio_input import portfolio_input
from prioritise.allocate.portfolio_model import solve_portfolio
from prioritise.scenario import validate_dict
from tests.allocate.portfolio_helpers import best_subset, feasible
from tests.initiative_factories import with_initiatives


def _raw(seed: int, count: int) -> dict:
    """A random portfolio problem: tight budgets, carry-over or not, caps, pools now and then."""
    rng = np.random.default_rng(seed)
    raw = with_initiatives(
        seed, count, budget=float(rng.uniform(8, 30)), years=int(rng.integers(1, 4))
    )
    raw["budget"]["carry_over"] = bool(rng.random() < 0.4)
    raw["constraints"] = {}
    if rng.random() < 0.4:
        raw["constraints"]["max_region_share"] = round(float(rng.uniform(0.2, 0.6)), 2)
    if rng.random() < 0.3:
        raw["constraints"]["programme_share"] = {"p0": {"max": 0.3}}
    if rng.random() < 0.4:
        years = len(raw["budget"]["years"])
        per_year = rng.random() < 0.5
        amount = [round(float(rng.uniform(1, 5)), 2) for _ in range(years)]
        raw["pools"] = [{"id": "fund", "amount": amount if per_year else sum(amount)}]
        for item in raw["initiatives"][: count // 3]:
            item["pool"] = "fund"
    return raw


@pytest.mark.parametrize("seed", range(30))
def test_the_optimum_equals_brute_force(seed: int) -> None:
    count = 10 + seed % 5
    scenario = validate_dict(_raw(seed, count))
    data = portfolio_input(scenario)
    found = solve_portfolio(data)
    best = best_subset(data)
    if best is None:
        assert found.status == "infeasible"
        return
    assert found.solved
    assert found.objective == pytest.approx(best[0], abs=1e-7)
    chosen = set(np.flatnonzero(found.funded))
    assert feasible(data, chosen)
    assert np.allclose(found.shares[found.funded], 1.0)


@pytest.mark.parametrize("seed", range(40, 48))
def test_every_frontier_point_is_the_optimum_at_its_budget(seed: int) -> None:
    scenario = validate_dict(_raw(seed, 9 + seed % 4))
    data = portfolio_input(scenario)
    frontier = value_frontier(data)
    assert len(frontier.points) >= 5
    for point in frontier.points:
        best = best_subset(data.with_budget(point.budget))
        if best is None:
            assert point.objective is None
            continue
        assert point.objective == pytest.approx(best[0], abs=1e-7)
        chosen = {data.ids.index(i) for i in point.initiatives}
        assert feasible(data.with_budget(point.budget), chosen)
    values = [p.objective for p in frontier.points if p.objective is not None]
    if not data.limits or all(limit.bound == "max" for limit in data.limits):
        assert values == sorted(values)  # more money never hurts without floors


def _partial_optimum(data) -> float:  # type: ignore[no-untyped-def]
    """Brute force over which initiatives are funded, an LP (scipy) over their shares."""
    best = -1.0
    years = len(data.years)
    limits = np.cumsum(data.year_budgets) if data.carry_over else data.year_budgets
    for size in range(data.count + 1):
        for subset in combinations(range(data.count), size):
            costs = data.costs[list(subset)].T if subset else np.zeros((years, 0))
            matrix = np.cumsum(costs, axis=0) if data.carry_over else costs
            if not subset:
                best = max(best, 0.0)
                continue
            bounds = [(float(data.min_share[i]), 1.0) for i in subset]
            found = linprog(
                -data.values[list(subset)], A_ub=matrix, b_ub=limits, bounds=bounds, method="highs"
            )
            if found.status == 0:
                best = max(best, -float(found.fun))
    return best


@pytest.mark.parametrize("seed", range(12))
def test_partial_funding_matches_an_independent_linear_program(seed: int) -> None:
    raw = with_initiatives(seed, 9, dependencies=False, partial=True, budget=10.0, years=2)
    raw["budget"]["carry_over"] = seed % 2 == 0
    raw["constraints"] = {}
    data = portfolio_input(validate_dict(raw))
    found = solve_portfolio(data)
    assert found.objective == pytest.approx(_partial_optimum(data), abs=1e-6)
    funded = found.funded
    assert np.all(found.shares[funded] >= data.min_share[funded] - 1e-7)
    assert np.all(found.money.sum(axis=0) <= data.year_budgets.cumsum() + 1e-6)


@pytest.mark.parametrize("seed", range(8))
def test_the_order_of_buy_is_a_feasible_baseline_below_the_optimum(seed: int) -> None:
    data = portfolio_input(validate_dict(_raw(seed, 10)))
    order = order_of_buy(data)
    ratios = [data.values[i] / data.total_costs[i] for i in order]
    assert ratios == sorted(ratios, reverse=True)
    optimum = solve_portfolio(data)
    if not optimum.solved:
        return
    chosen, value = greedy_portfolio(data)
    assert value <= optimum.objective + 1e-9
    if not any(limit.bound == "min" for limit in data.limits):
        assert feasible(data, chosen)


@pytest.mark.parametrize("seed", range(4))
def test_the_order_of_buy_buys_whole_initiatives_even_where_parts_may_be_funded(seed: int) -> None:
    raw = with_initiatives(seed, 9, partial=True, budget=10.0)
    raw["constraints"] = {}
    data = portfolio_input(validate_dict(raw))
    optimum = solve_portfolio(data)
    if not optimum.solved:
        return
    chosen, value = greedy_portfolio(data)
    assert value <= optimum.objective + 1e-9
    spent = data.costs[sorted(chosen)].sum(axis=0) if chosen else np.zeros(len(data.years))
    limits = data.year_budgets.cumsum() if data.carry_over else data.year_budgets
    assert np.all((spent.cumsum() if data.carry_over else spent) <= limits + 1e-9)


def test_repairs_of_an_impossible_portfolio_are_verified_and_minimal() -> None:
    raw = with_initiatives(5, 8, dependencies=False, budget=6.0)
    raw["constraints"] = {}
    items = raw["initiatives"]
    items[0].update(must=True, cost=[2.0, 0.5])
    items[1].update(must=True, cost=[0.8, 0.5], requires=["i2"])
    items[2]["cost"] = [0.5, 0.5]  # 3.3 needed in 2030, 3.0 there
    data = portfolio_input(validate_dict(raw))
    assert solve_portfolio(data).status == "infeasible"
    found = repairs(data)
    names = {tuple(step.row.name for step in repair) for repair in found}
    assert ("must[i0]",) in names and ("must[i1]",) in names
    assert ("requires[i1][i2]",) in names
    raises = {r[0].row.name: r[0].amount for r in found if r[0].amount is not None}
    assert raises == {"budget[2030]": pytest.approx(0.3, abs=1e-6)}
    for repair in found:
        dropped = frozenset(s.row.name for s in repair if s.amount is None)
        raised = {s.row.name: s.amount + 1e-6 for s in repair if s.amount is not None}
        assert solve_portfolio(data, dropped=dropped, raised=raised).solved
    result = optimise_portfolio(validate_dict(copy.deepcopy(raw)))
    assert not result.solved and result.repairs
    text = [line.text("es") for line in result.lines()]
    assert text[0] == "Ninguna cartera de iniciativas cumple todas las reglas."


def test_binding_rules_are_priced_by_re_solving() -> None:
    raw = with_initiatives(12, 10, budget=16.0)
    raw["constraints"] = {}
    scenario = validate_dict(raw)
    result = optimise_portfolio(scenario)
    assert result.solved
    data = result.data
    for priced in result.priced:
        if priced.step is None:
            again = solve_portfolio(data, dropped=frozenset({priced.row.name}))
        else:
            again = solve_portfolio(data, raised={priced.row.name: priced.step})
        assert again.objective - result.objective == pytest.approx(priced.gain, abs=1e-9)
        assert priced.gain > 0
    kinds = {p.row.kind for p in result.priced}
    assert "budget" in kinds


def _flow_feasible(data, chosen: set[int]) -> bool:  # type: ignore[no-untyped-def]
    """Can the chosen initiatives be paid from their sources? An LP (scipy) over the flows."""
    years = len(data.years)
    pairs = [(i, k, t) for i in sorted(chosen) for k in data.sources(i) for t in range(years)]
    if not pairs:
        return True
    equal = np.zeros((len(chosen) * years, len(pairs)))
    rhs = []
    row = 0
    for i in sorted(chosen):
        for t in range(years):
            for col, pair in enumerate(pairs):
                equal[row, col] = 1.0 if pair[0] == i and pair[2] == t else 0.0
            rhs.append(float(data.costs[i, t]))
            row += 1
    upper, limit = [], []
    budgets = np.cumsum(data.year_budgets) if data.carry_over else data.year_budgets
    for t in range(years):
        window = range(t + 1) if data.carry_over else [t]
        upper.append([1.0 if k == "budget" and s in window else 0.0 for _, k, s in pairs])
        limit.append(float(budgets[t]))
    for pool in data.pools:
        for t in range(years):
            upper.append([1.0 if k == pool.id and s == t else 0.0 for _, k, s in pairs])
            limit.append(float(pool.per_year[t]))
    found = linprog(
        np.zeros(len(pairs)), A_ub=upper, b_ub=limit, A_eq=equal, b_eq=rhs, method="highs"
    )
    return found.status == 0


@pytest.mark.parametrize("seed", range(4))
def test_pools_open_to_a_region_are_used_as_an_lp_over_flows_says(seed: int) -> None:
    raw = with_initiatives(seed, 9, dependencies=False, budget=8.0, years=2)
    raw["constraints"] = {}
    raw["pools"] = [{"id": "north", "amount": [1.5, 2.0], "regions": ["r0", "r1"]}]
    data = portfolio_input(validate_dict(raw))
    found = solve_portfolio(data)
    best = 0.0
    for size in range(data.count + 1):
        for subset in combinations(range(data.count), size):
            if _flow_feasible(data, set(subset)):
                best = max(best, float(data.values[list(subset)].sum()))
    assert found.objective == pytest.approx(best, abs=1e-7)
    assert _flow_feasible(data, set(np.flatnonzero(found.funded)))
    alone = solve_portfolio(replace(data, pools=()))
    assert alone.objective <= found.objective + 1e-9
    if seed in (1, 2):  # these draws have initiatives worth more than the budget alone pays
        assert alone.objective < found.objective - 1e-3


@pytest.mark.parametrize("seed", [40, 43, 46])
def test_frontier_levels_side_by_side_equal_one_after_the_other(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = portfolio_input(validate_dict(_raw(seed, 10)))
    found = []
    for lanes in (1, 2):
        monkeypatch.setattr(value_for_money, "lane_count", lambda _, n=lanes: n)
        found.append(value_frontier(data).to_json())
    assert found[0] == found[1]
    assert found[0]["points"]


@pytest.mark.parametrize("seed", range(40))
def test_the_buy_sequence_buys_commitments_first_and_each_after_what_it_requires(
    seed: int,
) -> None:
    """The order of buy as bought, against the rules of the file read independently: every
    `must` first, each initiative after everything it requires (through others too), none
    twice, and exactly those left out that a `must_not` keeps out or that require one."""
    raw = with_initiatives(seed, 12)
    data = portfolio_input(validate_dict(raw))
    bought = buy_sequence(data)
    assert len(bought) == len(set(bought))
    index = {ident: k for k, ident in enumerate(data.ids)}
    needs = {k: set() for k in range(data.count)}
    for item in raw["initiatives"]:
        needs[index[item["id"]]] |= {index[other] for other in item.get("requires", [])}
    changed = True
    while changed:  # what each needs through others
        changed = False
        for k, direct in needs.items():
            wider = set().union(direct, *(needs[j] for j in direct))
            if wider != direct:
                needs[k], changed = wider, True
    ruled = {index[i["id"]] for i in raw["initiatives"] if i.get("must_not")}
    out = {k for k in range(data.count) if k in ruled or needs[k] & ruled}
    assert set(bought) == set(range(data.count)) - out
    place = {k: n for n, k in enumerate(bought)}
    assert all(place[j] < place[k] for k in bought for j in needs[k])
    musts = {index[i["id"]] for i in raw["initiatives"] if i.get("must")}
    first = set().union(musts, *(needs[k] for k in musts))
    assert set(bought[: len(first)]) == first
    # after them, down the list: those bought for their own sake (no later one requires
    # them) come in the list's order
    rest = bought[len(first) :]
    rank = {k: n for n, k in enumerate(order_of_buy(data))}
    leaders = [k for n, k in enumerate(rest) if not any(k in needs[j] for j in rest[n + 1 :])]
    assert [rank[k] for k in leaders] == sorted(rank[k] for k in leaders)
