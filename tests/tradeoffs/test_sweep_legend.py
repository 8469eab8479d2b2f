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
        (
            "chile_clusters_2008",
            [22.5, 50.0],
            False,
            "since the previous budget with a split (none for the first with a split: its "
            "committed money",
        ),
        (
            "tutorial",
            [10.0, 20.0],
            True,
            "since the previous budget with a split (the first with a split: since no budget",
        ),
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


@pytest.mark.parametrize(
    ("lang", "legend"),
    [
        ("en", "since the previous budget with a split (the first with a split: since no budget"),
        ("es", "desde el presupuesto anterior con asignación (el primero con asignación, desde"),
    ],
)
def test_the_legend_holds_when_the_first_budget_has_no_split(lang: str, legend: str) -> None:
    """Chile's 5 M has no split (its minimum tickets need more): the legend's first point is
    175 M, its marginal value from no budget at all, as the legend says, not '–'."""
    chile = load(SCENARIOS / "chile_transforma_2017.toml")
    sweep = budget_sweep(chile, [175.0, 5.0])
    impossible, own = sweep.points
    assert impossible.objective is None and own.objective is not None
    assert own.marginal == pytest.approx(own.objective / 175.0)
    text = sweep.format_text(lang)
    assert legend in text
    row = next(line for line in text.splitlines() if line.lstrip().startswith(("175,00", "175.00")))
    assert "–" not in row
