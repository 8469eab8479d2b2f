"""`prioritise score --json` gives derived criteria's values and the illustrative shares."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prioritise.cli.command_line import main
from prioritise.scenario import dumps
from tests.derived_factory import derived_scenario
from tests.scenario.indicator_loops import density_loops, lq_loops


def test_score_json_exposes_derived_values(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    scenario = derived_scenario(5, programmes=4, regions=6)
    path = tmp_path / "derived.toml"
    path.write_text(dumps(scenario), encoding="utf-8")
    assert main(["score", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = scenario.table("activity")
    x = [[rows[p][r] for r in scenario.region_ids] for p in scenario.programme_ids]
    lq = lq_loops(x)
    density = density_loops([[1 if v >= 1 - 1e-12 else 0 for v in row] for row in lq])
    for i, p in enumerate(scenario.programme_ids):
        for j, r in enumerate(scenario.region_ids):
            assert data["derived"]["lq"][p][r] == pytest.approx(lq[i][j], rel=1e-12)
            assert data["derived"]["related"][p][r] == pytest.approx(density[i][j], abs=1e-12)
    assert set(data["derived"]["complex"]) == set(scenario.programme_ids)
    assert isinstance(data["derived"]["links"]["p0"], float)
    shares = data["illustrative"]
    assert set(shares["programmes"]) == set(scenario.programme_ids)
    assert all(0 <= v <= 1 for v in [*shares["programmes"].values(), *shares["regions"].values()])
