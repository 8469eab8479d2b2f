"""Each initiative's outcome and reason, checked against brute force over every subset."""

from __future__ import annotations

import re
from itertools import combinations

import numpy as np
import pytest

from prioritise.allocate import optimise_portfolio
from prioritise.allocate.portfolio_input import PortfolioInput
from prioritise.allocate.portfolio_reasons import initiative_names, order_curve, outcomes
from prioritise.allocate.text import index_points
from prioritise.scenario import validate_dict
from tests.allocate.portfolio_helpers import best_subset, feasible
from tests.initiative_factories import with_initiatives


def _best_with(data: PortfolioInput, i: int) -> float | None:
    """The largest value of a feasible subset that holds initiative i."""
    best = None
    others = [k for k in range(data.count) if k != i]
    for size in range(len(others) + 1):
        for subset in combinations(others, size):
            chosen = {i, *subset}
            if feasible(data, chosen):
                value = float(sum(data.values[k] for k in chosen))
                best = value if best is None else max(best, value)
    return best


@pytest.mark.parametrize("seed", range(6))
def test_reasons_agree_with_brute_force(seed: int) -> None:
    raw = with_initiatives(seed, 8, budget=20.0 + seed)
    raw["constraints"] = {}
    scenario = validate_dict(raw)
    portfolio = optimise_portfolio(scenario, explain=False)
    data = portfolio.data
    best = best_subset(data)
    assert best is not None and portfolio.solved
    found = outcomes(portfolio)
    assert [o.id for o in found] == list(data.ids)
    funded = set(np.flatnonzero(portfolio.solution.funded))
    for i, outcome in enumerate(found):
        assert outcome.value == pytest.approx(float(data.values[i]))
        assert outcome.cost == pytest.approx(float(data.costs[i].sum()))
        kind = outcome.reason.id.rsplit(".", 1)[1]
        if i in funded:
            assert outcome.status == "funded" and outcome.share == pytest.approx(1.0)
            assert outcome.amount == pytest.approx(outcome.cost)
            assert kind == ("must" if i in data.must else "funded")
            continue
        assert outcome.status == "not_funded" and outcome.amount == 0.0
        with_it = _best_with(data, i)
        partners = {b if a == i else a for a, b in data.excludes if i in (a, b)}
        if i in data.must_not:
            assert kind == "must_not"
        elif with_it is None:
            assert kind in ("impossible", "excludes_must")
        elif partners & funded:
            assert kind == "excludes"
        else:
            loss = outcome.reason.params["loss"].value  # points of the portfolio index
            expected = index_points(data.points(max(best[0] - with_it, 0.0))).value
            assert loss == pytest.approx(expected, abs=1e-9)
            assert loss == pytest.approx(data.points(best[0] - with_it), rel=0.06, abs=1e-6)
            needs = any(a == i and b not in funded for a, b in data.requires)
            assert kind.startswith("needs") == needs
            if kind in ("needs", "loses"):  # the rivals named are funded now
                named = re.findall(r"Initiative \d+", outcome.reason.params["rivals"].text("en"))
                index = {data.names[x]: k for k, x in enumerate(data.ids)}
                assert named and {index[n] for n in named} <= funded


def test_names_follow_the_language_and_partial_shares_are_reported() -> None:
    raw = with_initiatives(3, 6, budget=9.0, partial=True, dependencies=False)
    raw["constraints"] = {}
    for item in raw["initiatives"]:
        item["names"] = {"es": "Iniciativa " + item["id"], "en": "Initiative " + item["id"]}
        item["partial"] = {"min": 0.3}
    scenario = validate_dict(raw)
    assert initiative_names(scenario, "es")["i0"] == "Iniciativa i0"
    portfolio = optimise_portfolio(scenario, explain=False)
    found = outcomes(portfolio, initiative_names(scenario, "es"))
    shares = portfolio.solution.shares
    for i, outcome in enumerate(found):
        if 1e-6 < shares[i] < 1 - 1e-6:
            assert outcome.status == "partial" and outcome.share == pytest.approx(shares[i])
            assert outcome.amount == pytest.approx(shares[i] * outcome.cost)
            assert outcome.reason.text("es").startswith("Financiada en parte")
    assert any(o.status == "partial" for o in found)


def test_the_order_curve_adds_up_along_the_order_of_buy() -> None:
    scenario = validate_dict(with_initiatives(5, 9))
    data = optimise_portfolio(scenario, explain=False).data
    curve = order_curve(data)
    assert sorted(p.id for p in curve) == sorted(data.ids)
    assert curve[-1].cost == pytest.approx(float(data.costs.sum()))
    assert curve[-1].value == pytest.approx(float(data.values.sum()))
    ratios = [
        data.values[data.ids.index(p.id)] / data.costs[data.ids.index(p.id)].sum()
        for p in curve
        if data.ids.index(p.id) not in data.must_not
    ]
    assert ratios == sorted(ratios, reverse=True)
