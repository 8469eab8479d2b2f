"""A rule's price in words never claims more than can be: a dual price times a step is an
upper bound that can run past what any split reaches, so it is capped by the headroom to
index 100 (no rule but the budget, §10.1) and said as "at most"; and a step that takes a whole
floor away is priced as dropping the rule, so the two sentences agree (docs/model.md §8.1)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from prioritise.allocate import Allocation, optimise_scenario
from prioritise.scenario import load

CHILE = Path(__file__).resolve().parents[2] / "scenarios" / "chile_transforma_2017.toml"
POINTS = r"would add (at most )?([\d.,]+) index points"


@cache
def small(price_seconds: float) -> Allocation:
    """The default scenario at a budget of 10 M USD, where steps of 1 M are large."""
    scenario = load(CHILE).in_language("en")
    return optimise_scenario(
        scenario, budget=10.0, with_baselines=False, price_seconds=price_seconds
    )


def _binding(result: Allocation) -> list[tuple[str, str]]:
    table = result.constraints
    rows = table[table["binding"] & ~table["kind"].isin(["budget", "budget_year"])]
    return list(zip(rows["name"], rows["sentence"], strict=True))


def _first(sentence: str) -> str:
    """The rule's own sentence, with its step's price: what follows prices dropping it."""
    return sentence.split(". ")[0]


def test_dual_prices_never_claim_past_index_100() -> None:
    result = small(0.0)
    assert result.solved and result.value_index is not None
    headroom = 100.0 - result.value_index
    claims = [
        (name, bool(m.group(1)), float(m.group(2).replace(",", "")))
        for name, sentence in _binding(result)
        for m in [re.search(POINTS, _first(sentence))]
        if m is not None
    ]
    assert claims
    assert all(points <= headroom + 0.5 for _, _, points in claims), (headroom, claims)
    capped = [name for name, most, _ in claims if most]
    assert capped  # the minimum ticket's dual would claim 56 points here, past the headroom


def test_a_step_that_removes_a_whole_floor_is_priced_as_dropping_it() -> None:
    result = small(60.0)
    floors = [
        sentence
        for name, sentence in _binding(result)
        if name.startswith("region_share[") and name.endswith(".min")
    ]
    assert floors
    for sentence in floors:
        step = re.search(POINTS, _first(sentence))
        dropped = re.search(r"altogether would add ([\d.,]+) index points", sentence)
        if dropped is None:  # dropping it is worth nothing: so is the step
            assert "would add nothing" in _first(sentence), sentence
            continue
        assert step is not None and step.group(2) == dropped.group(1), sentence
