"""A mixed scenario's split of lines, as every analysis of the split sees it: the split
`optimise` gives, the same on its own budget whatever path it takes (docs/model.md §15.2)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from prioritise.allocate import lines_part, lines_scenario, optimise_mixed, optimise_scenario
from prioritise.cli import main
from prioritise.scenario import Scenario, load

ROOT = Path(__file__).parents[2]
FILE = ROOT / "scenarios" / "chile_transforma_initiatives_2017.toml"


@cache
def mixed() -> Scenario:
    return load(FILE)


def test_the_lines_scenario_gives_the_split_optimise_gives() -> None:
    scenario = mixed()
    share = scenario.initiatives_share
    assert 0 < share < 1
    lines = lines_scenario(scenario)
    assert lines.initiatives_share == 0
    assert lines.budget.total == pytest.approx(scenario.budget.total * (1 - share))
    alone = optimise_scenario(lines, with_baselines=False, price_seconds=0)
    both = optimise_mixed(scenario, price_seconds=0)
    assert both.split is not None and alone.solved and both.split.solved
    np.testing.assert_allclose(alone.amounts, both.split.amounts, atol=1e-9)
    assert alone.value_index == pytest.approx(both.split.value_index, rel=1e-9)
    _, rest, portfolio = lines_part(scenario, explain=False)
    assert portfolio is not None and portfolio.solved
    assert rest == pytest.approx(lines.budget.total)


def test_a_scenario_without_initiatives_is_its_own_lines_scenario() -> None:
    plain = load(ROOT / "scenarios" / "chile_transforma_2017.toml")
    assert lines_scenario(plain) is plain
    assert lines_part(plain)[0] is plain and lines_part(plain)[2] is None


def test_the_sweep_of_a_mixed_scenario_meets_optimise_at_its_budget(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The trade-off of the lines meets the split `optimise` shows, and says what it is of."""
    assert main(["sweep", str(FILE), "--budgets", "131.25"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("43,75 MM USD de los 175,00 MM USD financian iniciativas")
    assert main(["sweep", str(FILE), "--budgets", "131.25", "--json"]) == 0
    swept = json.loads(capsys.readouterr().out)
    assert main(["optimise", str(FILE), "--json", "--price-seconds", "0"]) == 0
    optimised = json.loads(capsys.readouterr().out)
    (point,) = swept["points"]
    assert point["budget"] == pytest.approx(optimised["budget"])
    assert point["value_index"] == pytest.approx(optimised["value_index"], abs=1e-6)
