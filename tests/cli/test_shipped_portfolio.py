"""`optimise` and `frontier` on the shipped initiative portfolio
(chile_transforma_initiatives_2017), checked from their JSON alone: the funded initiatives keep
every must, must_not, requires and excludes; their money fits each year's initiative budget and
the pools, as a flow problem solved here with SciPy; the objective is the values `score` reports
times the shares funded; and the choice is a real one.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linprog

from prioritise.cli import main
from prioritise.scenario import Scenario, load
from prioritise.scenario.initiatives_schema import Initiative

ROOT = Path(__file__).parents[2]
FILE = ROOT / "scenarios" / "chile_transforma_initiatives_2017.toml"
TOL = 1e-6


@cache
def scenario() -> Scenario:
    return load(FILE)


@cache
def run(command: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "prioritise", command, str(FILE), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def initiatives() -> dict[str, Initiative]:
    return {item.id: item for item in scenario().initiatives}


def funded() -> dict[str, float]:
    return {row["id"]: row["share"] for row in run("optimise")["initiatives"]}


def sources(item: Initiative) -> list[str]:
    """Where an initiative's money may come from (docs/model.md §15.2)."""
    if item.pool is not None:
        return [item.pool]
    return ["budget"] + [
        pool.id
        for pool in scenario().pools
        if item.id in pool.initiatives
        or (item.programme is not None and item.programme in pool.programmes)
        or (item.region is not None and item.region in pool.regions)
    ]


def money_fits(shares: dict[str, float]) -> bool:
    """Whether some split of every funded initiative's yearly cost over its sources keeps each
    year's initiative budget and each pool (per year, or in total) — a feasibility LP."""
    years = range(len(scenario().years))
    share = scenario().budget.initiatives_share or 0.0
    budget = [share * amount for amount in scenario().budget.year_amounts()]
    flows = [(i, k, t) for i in shares for k in sources(initiatives()[i]) for t in years]

    def row(keep: Callable[..., bool]) -> np.ndarray:
        return np.array([1.0 if keep(*flow) else 0.0 for flow in flows])

    equal = [
        (row(lambda a, _k, y, i=i, t=t: a == i and y == t), initiatives()[i].cost[t] * x)
        for i, x in shares.items()
        for t in years
    ]
    upper = [(row(lambda _i, k, y, t=t: k == "budget" and y == t), budget[t]) for t in years]
    for pool in scenario().pools:
        amounts = pool.year_amounts()
        if amounts is None:
            upper.append((row(lambda _i, k, _y, p=pool.id: k == p), float(pool.amount)))  # type: ignore[arg-type]
        else:
            upper += [
                (row(lambda _i, k, y, p=pool.id, t=t: k == p and y == t), amounts[t]) for t in years
            ]
    result = linprog(
        np.zeros(len(flows)),
        A_ub=np.array([r for r, _ in upper]),
        b_ub=[b for _, b in upper],
        A_eq=np.array([r for r, _ in equal]),
        b_eq=[b for _, b in equal],
        bounds=(0, None),
        method="highs",
    )
    return bool(result.status == 0)


def test_the_portfolio_is_optimal_and_a_real_choice() -> None:
    result = run("optimise")
    assert result["status"] == "optimal"
    assert result["portfolio"]["status"] == "optimal"
    chosen, every = funded(), initiatives()
    assert set(chosen) <= set(every)
    assert 0.4 * len(every) < len(chosen) < 0.9 * len(every)


def test_must_must_not_requires_and_excludes_hold() -> None:
    chosen = funded()
    for item in initiatives().values():
        if item.must:
            assert chosen.get(item.id) == pytest.approx(1.0), item.id
        if item.must_not:
            assert item.id not in chosen
        if item.id in chosen:
            assert all(needed in chosen for needed in item.requires), item.id
            assert not any(other in chosen for other in item.excludes), item.id


def test_shares_and_amounts_follow_partial_funding() -> None:
    every = initiatives()
    for row in run("optimise")["initiatives"]:
        item = every[row["id"]]
        assert item.min_share - TOL <= row["share"] <= 1 + TOL, item.id
        assert row["amount"] == pytest.approx(row["share"] * item.total_cost), item.id


def test_the_money_fits_the_yearly_budgets_and_the_pools() -> None:
    assert money_fits(funded())
    tight = dict(funded())  # and the check can tell: one more whole initiative does not fit
    left = [i for i in initiatives().values() if i.id not in tight and not i.must_not]
    assert left and not any(money_fits(tight | {item.id: 1.0}) for item in left)


def test_programme_caps_hold_for_the_initiatives() -> None:
    scenario_ = scenario()
    cap = scenario_.constraints.max_programme_share
    assert cap is not None
    spent: dict[str, float] = {}
    for row in run("optimise")["initiatives"]:
        programme = initiatives()[row["id"]].programme
        if programme is not None:
            spent[programme] = spent.get(programme, 0.0) + row["amount"]
    assert all(amount <= cap * scenario_.budget.total + TOL for amount in spent.values())


def test_lines_and_initiatives_together_keep_every_share_rule() -> None:
    """The split's shares are of the lines' money; together with the initiatives, each
    programme's and region's money keeps the scenario's own share rules on the whole budget
    (docs/model.md §15.2), summed here from the JSON's lines and initiatives."""
    found = run("optimise")
    whole = scenario().budget.total
    together = found["with_initiatives"]
    assert together["budget"] == pytest.approx(whole)
    rules = scenario().constraints
    for group, attribute in (("programme", "programme"), ("region", "region")):
        given: dict[str, float] = {}
        for row in found["initiatives"]:
            key = getattr(initiatives()[row["id"]], attribute)
            if key is not None:
                given[key] = given.get(key, 0.0) + row["amount"]
        lines = found["totals"][group]
        assert set(together[group]) == set(lines)
        own = rules.programme_share if group == "programme" else rules.region_share
        low = rules.min_programme_share if group == "programme" else rules.min_region_share
        high = rules.max_programme_share if group == "programme" else rules.max_region_share
        for ident, row in together[group].items():
            amount = lines[ident] + given.get(ident, 0.0)
            assert row["amount"] == pytest.approx(amount, abs=1e-6)
            assert row["share"] == pytest.approx(amount / whole, abs=1e-9)
            bounds = own.get(ident)
            floor = max(low or 0.0, (bounds.min if bounds else None) or 0.0)
            cap = min(x for x in (high, bounds.max if bounds else None, 1.0) if x is not None)
            assert floor - 1e-6 <= row["share"] <= cap + 1e-6, (group, ident, row)
    metropolitana = together["region"]["metropolitana"]
    assert metropolitana["share"] == pytest.approx(0.35, abs=1e-4)  # the cap binds here
    assert found["totals"]["region"]["metropolitana"] / found["budget"] > 0.35  # lines alone


def test_the_objective_is_the_scored_values_times_the_shares() -> None:
    values = run("score")["initiatives"]
    assert set(values) == set(initiatives())
    total = sum(values[i] * share for i, share in funded().items())
    assert run("optimise")["portfolio"]["objective"] == pytest.approx(total, rel=1e-6)


def test_dependencies_shape_the_portfolio() -> None:
    """A dependency rule costs value, and the funded hub decides the cold chain's fate."""
    kinds = {rule["kind"] for rule in run("optimise")["portfolio"]["binding"] if rule["gain"] > 0}
    assert kinds & {"requires", "excludes", "must_not"}
    chosen = funded()
    hubs = {"logistics_hub_puerto_montt", "logistics_hub_concepcion"}
    assert len(hubs & set(chosen)) == 1
    assert ("salmon_cold_chain" in chosen) == ("logistics_hub_puerto_montt" in chosen)


def test_the_frontier_rises_with_the_budget_and_meets_the_optimum() -> None:
    frontier = run("frontier")
    points = [p for p in frontier["points"] if p["objective"] is not None]
    assert len(points) >= 5
    budgets = [p["budget"] for p in points]
    objectives = [p["objective"] for p in points]
    assert budgets == sorted(budgets)
    assert all(b >= a - TOL for a, b in itertools.pairwise(objectives))
    own = next(p for p in points if p["budget"] == pytest.approx(frontier["budget"]))
    assert own["objective"] == pytest.approx(run("optimise")["portfolio"]["objective"], rel=1e-6)
    assert frontier["marginal"]["first_in"]


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("es", "Chile Transforma 2017: cartera de iniciativas"),
        ("en", "Chile Transforma 2017: initiative portfolio"),
    ],
)
def test_list_names_the_portfolio_in_the_language_asked(
    lang: str, title: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--lang", lang, "list", "--json"]) == 0
    listed = {row["name"]: row["title"] for row in json.loads(capsys.readouterr().out)["scenarios"]}
    assert listed["chile_transforma_initiatives_2017"] == title
    assert listed["chile_transforma_2017"] == "Chile Transforma 2017"


def test_the_order_of_buy_baseline_fits_and_stays_below_the_optimum() -> None:
    portfolio = run("optimise")["portfolio"]
    greedy = portfolio["greedy"]
    values = run("score")["initiatives"]
    assert greedy["objective"] == pytest.approx(sum(values[i] for i in greedy["initiatives"]))
    assert money_fits(dict.fromkeys(greedy["initiatives"], 1.0))
    assert greedy["objective"] < portfolio["objective"]


def test_the_text_of_lines_and_initiatives_together_adds_up(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Both tables end on the same total, national initiatives have a row of their own, and
    a sentence says why the total is above the budget (the pools' money), as the report does."""
    assert main(["optimise", str(FILE), "--lang", "en", "--price-seconds", "0"]) in (0, 1)
    text = capsys.readouterr().out
    part = text[text.index("Lines and initiatives together") : text.index("Initiatives: ")]
    assert "from funding pools outside this budget" in part
    totals = []
    for block in part.split("\n\n")[1:]:
        rows = [line for line in block.splitlines()[1:] if "M USD" in line]
        if not rows:
            continue
        amounts = [float(row.split()[-4].replace(",", "")) for row in rows]
        assert sum(amounts[:-1]) == pytest.approx(amounts[-1], abs=0.05 * len(rows))
        totals.append(amounts[-1])
    assert len(totals) == 2 and totals[0] == totals[1]
    assert "Initiatives of no one region (national)" in part
