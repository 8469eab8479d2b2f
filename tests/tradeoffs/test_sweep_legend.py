"""The sweep's legend says what its first marginal value is: from no budget at all, or none
where committed money rules out a budget of nothing (the Chile 2008 clusters' first row reads
'–', and the legend must not promise a number there)."""

from __future__ import annotations

from pathlib import Path

import pytest

from prioritise.scenario import load
from prioritise.tradeoffs import budget_sweep

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.mark.parametrize(
    ("name", "budgets", "first_has_one", "legend"),
    [
        ("chile_clusters_2008", [22.5, 50.0], False, "none for the first: its committed money"),
        ("tutorial", [10.0, 20.0], True, "the first: since no budget at all"),
    ],
)
def test_the_legend_says_what_the_first_marginal_is(
    name: str, budgets: list[float], first_has_one: bool, legend: str
) -> None:
    sweep = budget_sweep(load(SCENARIOS / f"{name}.toml"), budgets)
    first = sweep.points[0]
    assert first.objective is not None
    assert (first.marginal is not None) == first_has_one
    text = sweep.format_text("en")
    assert legend in text
