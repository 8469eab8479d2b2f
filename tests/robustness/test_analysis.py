"""Robustness analysis end to end, on seeded scenarios from the test factories."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest

from prioritise import scenario as scenario_io
from prioritise.allocate.input import allocation_input
from prioritise.allocate.solve import optimise
from prioritise.allocate.yardstick import reference_value
from prioritise.cli import main
from prioritise.robustness import RobustnessError, prepare, run_robustness
from prioritise.robustness.sampling import WeightSampler
from prioritise.robustness.solve import ReSolver, solve_fresh
from prioritise.scenario import dumps, load, validate_dict
from tests.factories import scenario_dict

SIZES = {"programmes": 4, "areas": 2, "regions": 3, "stakeholders": 4}


def scenario(seed: int = 1, **changes: object):
    raw = scenario_dict(seed, **SIZES)  # type: ignore[arg-type]
    raw["constraints"].update(changes)
    return validate_dict(raw)


def agreeing_scenario(seed: int = 1):
    raw = scenario_dict(seed, **SIZES)  # type: ignore[arg-type]
    first = raw["stakeholders"][0]
    for person in raw["stakeholders"][1:]:
        for key in ("criteria", "enabling_areas", "regional_criteria"):
            person[key] = copy.deepcopy(first[key])
    return validate_dict(raw)


def without_times(payload: dict) -> dict:
    payload = dict(payload)
    payload.pop("seconds")
    payload.pop("workers")
    payload["compromise"] = dict(payload["compromise"])
    payload["compromise"].pop("seconds")
    return payload


@pytest.mark.parametrize("sampling", ["dirichlet", "resample"])
def test_same_seed_same_result_with_one_or_two_workers(sampling: str) -> None:
    chosen = scenario(2, max_region_share=0.6)
    one = run_robustness(chosen, draws=30, seed=7, sampling=sampling, workers=1)
    two = run_robustness(chosen, draws=30, seed=7, sampling=sampling, workers=2)
    assert two.workers == 2
    assert np.array_equal(one.arrays.cell_amounts, two.arrays.cell_amounts)
    assert np.array_equal(one.arrays.objective, two.arrays.objective)
    assert without_times(one.to_json()) == without_times(two.to_json())
    other = run_robustness(chosen, draws=30, seed=8, sampling=sampling, workers=1)
    assert not np.array_equal(one.arrays.cell_amounts, other.arrays.cell_amounts)


def test_fast_re_solve_matches_allocates_own_solve_on_every_draw() -> None:
    """Each draw's objective equals a fresh PuLP build and solve of that draw's cell values;
    40 draws, so the first 5 start from the group's basis and the rest from those anchors."""
    chosen = scenario(3, max_region_share=0.5)
    result = run_robustness(chosen, draws=40, seed=1, workers=1, compromise=False)
    prepared = prepare(chosen)
    model = prepared.tree.model
    for i in range(40):
        weights = {name: array[i : i + 1] for name, array in result.arrays.weights.items()}
        values = prepared.problem.cell_values(weights)[0].reshape(model.shape)
        fresh = optimise(allocation_input(chosen, values), with_baselines=False, diagnose=False)
        assert result.arrays.objective[i] == pytest.approx(fresh.objective, rel=1e-6)
        assert np.allclose(result.arrays.cell_amounts[i].sum(), chosen.budget.total)


def test_default_scenario_draws_match_fresh_solves() -> None:
    """On the shipped Chile scenario (cell values of about 1e-3, funding decisions relaxed)."""
    chile = load(Path(__file__).parents[2] / "scenarios" / "chile_transforma_2017.toml")
    result = run_robustness(chile, draws=24, seed=5, workers=1, compromise=False)
    prepared = prepare(chile)
    assert result.mixed_integer and result.lines is not None
    for i in range(24):
        weights = {name: array[i : i + 1] for name, array in result.arrays.weights.items()}
        costs = prepared.matrix.costs(prepared.problem.cell_values(weights)[0])
        fresh = solve_fresh(prepared.matrix, costs)
        assert result.arrays.objective[i] == pytest.approx(fresh.objective, rel=1e-6)


def test_fast_re_solve_matches_a_fresh_solve_with_funding_decisions() -> None:
    """With min_ticket and max_lines the draws solve the relaxation: same as a cold solve."""
    chosen = scenario(4, min_ticket=1.0, max_lines=10)
    prepared = prepare(chosen)
    assert prepared.matrix.is_mip
    sampler = WeightSampler.build(prepared.sets, prepared.panel, "dirichlet")
    values = prepared.problem.cell_values(sampler.draw_many(5, 0, 15))
    solver = ReSolver(prepared.matrix, prepared.problem.start)
    for row in values:
        costs = prepared.matrix.costs(row)
        assert solver.solve(costs).objective == pytest.approx(
            solve_fresh(prepared.matrix, costs).objective, rel=1e-6
        )


def test_zero_disagreement_gives_the_group_portfolio() -> None:
    chosen = agreeing_scenario(5)
    result = run_robustness(chosen, draws=20, seed=3, workers=1)
    core = result.cells["core_index"]
    assert set(core.unique()) <= {0.0, 1.0}
    assert (core == 1.0).tolist() == result.cells["group_funded"].tolist()
    assert result.precision == {
        "criteria": float("inf"),
        "enabling_areas": float("inf"),
        "regional_criteria": float("inf"),
    }
    assert result.notes_in("en")[0].startswith("The stakeholders agree")
    # the group split itself is allocate's optimum (an independent build and solve)
    model = prepare(chosen).tree.model
    values = np.asarray(result.arrays.cell_amounts[0])
    fresh = optimise(
        allocation_input(
            chosen, prepare(chosen).tree.cells["value"].to_numpy().reshape(model.shape)
        ),
        with_baselines=False,
        diagnose=False,
    )
    assert result.objective["group"] == pytest.approx(fresh.objective, rel=1e-6)
    assert np.allclose(values, result.cells["group"].to_numpy())


@pytest.mark.parametrize("seed", [1, 2, 3, 6])
def test_minimax_regret_is_never_worse_than_any_single_split(seed: int) -> None:
    chosen = scenario(seed, max_programme_share=0.45)
    found = run_robustness(chosen, draws=1, seed=0, workers=1).compromise
    assert found is not None
    worst = found.max_regret
    assert worst["compromise"] <= worst.drop("compromise").min() + 1e-9
    assert (found.regret.to_numpy() >= 0).all()
    for person in found.stakeholders:  # nobody regrets their own optimum
        assert found.regret.loc[person, person] == pytest.approx(0.0, abs=1e-9)
    # in index points of the group's value index: one unit, in which the compromise is least
    reference = reference_value(prepare(chosen).data)
    points = found.regret_points
    assert found.reference == pytest.approx(reference) and points is not None
    assert np.allclose(points.to_numpy(), 100 * found.regret.to_numpy() / reference)
    assert points["compromise"].max() <= points.drop(columns="compromise").max().min() + 1e-7
    text = run_robustness(chosen, draws=1, seed=0, workers=1).format_text(lang="en")
    worst = found.worst_off["compromise"]
    shown = f"{points.at[worst, 'compromise']:.1f} index points given up by"
    assert "on the group's value index" in text and shown in text


def test_minimax_regret_with_integer_funding_decisions() -> None:
    chosen = scenario(2, min_ticket=1.0, max_lines=8)
    result = run_robustness(chosen, draws=6, seed=0, workers=1, integer=True)
    worst = result.compromise.max_regret
    assert worst["compromise"] <= worst.drop("compromise").min() + 1e-9
    amounts = result.compromise.portfolios["compromise"]
    funded = amounts[amounts > 1e-7]
    assert len(funded) <= 8 and funded.min() >= 1.0 - 1e-6
    assert result.lines["integer"] and result.lines["max"] <= 8


def test_summaries_are_consistent() -> None:
    chosen = scenario(3)
    result = run_robustness(chosen, draws=40, seed=1, workers=1)
    total = chosen.budget.total
    assert np.allclose(result.arrays.cell_amounts.sum(axis=1), total)  # spend_all
    acceptability = result.rank_acceptability.to_numpy()
    assert np.allclose(acceptability.sum(axis=0), 1.0) and np.allclose(acceptability.sum(1), 1.0)
    for frame in (result.cells, result.programmes, result.regions):
        assert (frame["p10"] <= frame["p50"] + 1e-12).all()
        assert (frame["p50"] <= frame["p90"] + 1e-12).all()
    core = result.robust_core
    assert (core["core_index"] >= 0.9).all()
    contested = result.contested
    assert ((contested["core_index"] >= 0.1) & (contested["core_index"] < 0.9)).all()
    leaders = result.rank_acceptability[1]
    for programme, central in result.central_weights.items():
        assert (central is None) == (leaders[programme] == 0)
        if central is not None:
            assert sum(central["criteria"].values()) == pytest.approx(1.0)


@pytest.mark.parametrize("sampling", ["dirichlet", "uniform", "resample"])
def test_direct_programme_weights_are_sampled_when_blended(sampling: str) -> None:
    raw = scenario_dict(2, **SIZES)  # type: ignore[arg-type]
    raw["priority"].update({"programme_blend": 0.5, "aggregation": "geometric", "count": "group"})
    for i, person in enumerate(raw["stakeholders"]):
        person["programmes"] = {f"p{j}": float((i + j) % 4 + 1) for j in range(4)}
    result = run_robustness(validate_dict(raw), draws=30, seed=1, sampling=sampling, workers=1)
    drawn = result.arrays.weights["programmes"]
    assert drawn.shape == (30, 4) and np.allclose(drawn.sum(axis=1), 1.0)
    assert len({tuple(row) for row in drawn.round(12)}) > 1
    leaders = [c for c in result.central_weights.values() if c is not None]
    assert leaders and all(set(c) == {"criteria", "programmes"} for c in leaders)


def test_progress_is_reported_up_to_the_total() -> None:
    calls: list[tuple[int, int]] = []
    run_robustness(
        scenario(1),
        draws=30,
        seed=0,
        workers=2,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[-1] == (30, 30)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert all(total == 30 for _, total in calls)


def test_json_follows_the_command_line_contract() -> None:
    chosen = scenario(1)
    payload = run_robustness(chosen, draws=10, seed=4, workers=1).to_json()
    text = json.dumps(payload, allow_nan=False)
    assert json.loads(text)["draws"] == 10 and payload["seed"] == 4
    for key in ("cells", "programmes", "regions", "rank_acceptability", "compromise", "seconds"):
        assert key in payload
    cell = payload["cells"][0]
    assert set(cell) >= {"programme", "enabling_area", "region", "core_index", "p10", "p50", "p90"}
    assert len(payload["cells"]) == 4 * 2 * 3
    region = next(iter(payload["regions"].values()))
    assert set(region) >= {"p10", "p50", "p90", "p_population_share"}
    assert len(next(iter(payload["rank_acceptability"].values()))) == 4
    assert set(payload["seconds"]) >= {"sampling", "build", "solve", "total"}


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "generated.toml"
    path.write_text(dumps(scenario(1)), encoding="utf-8")
    assert main(["robustness", str(path), "--draws", "6", "--seed", "2", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["draws"] == 6 and payload["seed"] == 2
    assert main(["robustness", str(path), "--draws", "6", "--sampling", "uniform"]) == 0
    assert "6 draws" in capsys.readouterr().out


def test_bad_requests_are_explained() -> None:
    chosen = scenario(1)
    with pytest.raises(RobustnessError, match="draws must be a whole number"):
        run_robustness(chosen, draws=0)
    with pytest.raises(RobustnessError, match="seed must be"):
        run_robustness(chosen, draws=5, seed=-1)
    with pytest.raises(RobustnessError, match="sampling 'bootstrap' is not known"):
        run_robustness(chosen, draws=5, sampling="bootstrap")
    raw = scenario_dict(1, **SIZES)  # type: ignore[arg-type]
    raw["stakeholders"] = []
    with pytest.raises(RobustnessError, match="at least one stakeholder"):
        run_robustness(validate_dict(raw), draws=5, sampling="resample")
    raw = scenario_dict(1, **SIZES)  # type: ignore[arg-type]
    raw["constraints"].update({"max_lines": 1, "min_region_share": 0.1})  # 3 regions, 1 line
    with pytest.raises(RobustnessError, match=r"No split satisfies every rule.*3 funded lines"):
        run_robustness(validate_dict(raw), draws=5)


def test_a_draw_the_solver_cannot_finish_is_told_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Amounts at the largest size a scenario accepts (10¹⁵) are beyond what the solver can
    re-solve: the message numbers the draw as people count, blames no rule (the scenario's own
    split was found) and says what to do, with no internal object on standard error."""
    shipped = scenario_io.resolve_scenario("tutorial").read_text(encoding="utf-8")
    raw = tomllib.loads(shipped)
    raw["budget"].update({"total": 1e15, "per_year": [5e14, 5e14]})
    path = tmp_path / "huge.toml"
    path.write_text(dumps(validate_dict(raw)), encoding="utf-8")
    assert main(["--lang", "es", "robustness", str(path), "--draws", "3"]) == 2
    said = capsys.readouterr()
    assert "sorteo 1:" in said.err and "sorteo 0" not in said.err
    assert "ninguna regla está en conflicto" in said.err and "unidad mayor" in said.err
    assert "Message(" not in said.err and "relajar" not in said.err
    assert main(["robustness", str(path), "--draws", "3", "--json"]) == 2
    payload = json.loads(capsys.readouterr().out)
    assert [e["id"] for e in payload["errors"]] == ["robustness.error.draw_solve"]
    # as a reader runs it: one line, in Spanish, and not the library's English log line
    command = [sys.executable, "-m", "prioritise", "--lang", "es", "robustness", str(path)]
    run = subprocess.run([*command, "--draws", "3"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith("prioritise robustness: El optimizador no pudo terminar")
    assert run.stderr.count("\n") == 1 and "HiGHS" not in run.stderr
