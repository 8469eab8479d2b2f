"""Why a gain over a simple split is not shown says the true reason: still being worked out
(the page shows the split first), no population for the population split, or a search that
did not finish in its time — never "no population" for a split that is merely late."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from prioritise.allocate import optimise_scenario
from prioritise.scenario import load
from prioritise.text import Integer, t
from prioritise.ui.portfolio.views import _why

TUTORIAL = Path(__file__).parents[2] / "scenarios" / "tutorial.toml"


def test_each_missing_gain_gives_its_own_reason() -> None:
    scenario = load(TUTORIAL)
    split = optimise_scenario(scenario, with_baselines=False)
    pending = t("ui.portfolio_views.baseline_pending", "es")
    assert _why(scenario, split, "proportional") == pending
    assert _why(scenario, split, "population") == pending
    done = replace(split, seconds={**split.seconds, "baselines": 0.1})
    late = t("ui.portfolio_views.baseline_unsolved", "es", seconds=Integer(10))
    assert _why(scenario, done, "proportional") == late
    assert _why(scenario, done, "population") == late
    regions = [r.model_copy(update={"population": None}) for r in scenario.regions]
    unpeopled = scenario.model_copy(update={"regions": regions})
    assert _why(unpeopled, done, "population") == t("ui.portfolio_views.no_baseline", "es")
    assert _why(unpeopled, done, "proportional") == late
