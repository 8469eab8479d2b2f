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


def test_initiatives_only_with_share_rules_has_no_lines_to_bound(tmp_path: Path, capsys) -> None:
    """With the whole budget for initiatives there is nothing left to split: the share rules
    are not turned into bounds on nothing (they divided by zero), and a portfolio that cannot
    meet the regional floors is said as such, with its way out."""
    import tomllib

    import tomli_w

    from prioritise.scenario import validate_dict

    raw = tomllib.loads((ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8"))
    north, programme = raw["regions"][0]["id"], raw["programmes"][0]["id"]
    raw["initiatives"] = [
        {
            "id": f"i{k}",
            "name": f"I{k}",
            "programme": programme,
            "region": north,
            "cost": [1.0, 1.0],
        }
        for k in range(2)
    ]
    scenario = validate_dict(raw)
    assert scenario.initiatives_share == 1.0
    target, rest, portfolio = lines_part(scenario)
    assert target is scenario and rest == 0.0 and portfolio is not None
    assert not portfolio.solved
    path = tmp_path / "only.toml"
    path.write_text(tomli_w.dumps(raw), encoding="utf-8")
    assert main(["optimise", str(path), "--lang", "es"]) == 1  # no portfolio: exit 1, as §15 says
    out = capsys.readouterr()
    assert "error interno" not in out.err
    assert "Ninguna cartera de iniciativas cumple todas las reglas" in out.out
    assert "el piso de la región «Centro»" in out.out
