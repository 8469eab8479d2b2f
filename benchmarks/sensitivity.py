"""Sensitivity analysis speed: the whole run, against re-scoring and re-solving on a fine grid.

    python benchmarks/sensitivity.py [--file scenarios/chile_transforma_2017.toml] [--sample 6]

Prints the wall-clock time of one `run_sensitivity` (every group weight: first-place, ranking
and portfolio intervals, and who decides; docs/model.md §14) and the time the naive way would
take for the same answers at the same resolution:

- ranking intervals: the whole value tree re-scored (`value_tree` with the weights overridden)
  at every point of a grid of 1/1000 in t, for each criterion weight;
- portfolio intervals: the allocation built and solved afresh at every point of a grid of
  0.001 in t (the bisection tolerance), for each weight: allocate's public `linear_program`
  (the model built again) and a cold solve of the split the intervals are about: with funding
  decisions the integer split, solved as `prioritise optimise` solves it (a new `Session`, the
  stages of docs/model.md §19), otherwise the linear program via `solve_linear_program`.

The naive way is timed on `--sample` grid points per kind and scaled up to the whole grid
(running it whole would take hours). Target on 2 cores: the whole run within 30 s.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from prioritise.allocate import (
    DEFAULT_GAP,
    Session,
    allocation_input,
    linear_program,
    solve_linear_program,
)
from prioritise.scenario import load
from prioritise.scoring import value_tree
from prioritise.sensitivity import moved, run_sensitivity

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "scenarios" / "chile_transforma_2017.toml"
RANKING_GRID = 1001
PORTFOLIO_GRID = 1001


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", default=str(DEFAULT))
    parser.add_argument("--sample", type=int, default=6, help="naive points timed per kind")
    args = parser.parse_args()
    scenario = load(Path(args.file))

    begin = time.perf_counter()
    result = run_sensitivity(scenario)
    ours = time.perf_counter() - begin
    complete = all(w.portfolio_complete for w in result.weights)
    checked = sum(w.portfolio_checked for w in result.weights)
    print(f"sensitivity run: {ours:.2f} s (target <= 30 s), {len(result.weights)} weights, ")
    print(
        f"  {result.solves} warm re-solves of the relaxation, "
        f"{result.integer_solves} integer splits, every interval complete: {complete}, "
        f"checked at both ends against optimise: {checked} of {len(result.weights)}"
    )
    print(
        f"  ranking part {result.seconds['ranking']:.2f} s, portfolio part "
        f"{result.seconds['portfolio']:.2f} s"
    )

    tree = value_tree(scenario)
    sets = ("criteria", "enabling_areas", "regional_criteria")
    groups = {name: tree.weights[name] for name in sets}
    criteria = groups["criteria"]
    points = np.linspace(0.0, 1.0, args.sample)
    start = time.perf_counter()
    for t in points:
        row = moved(criteria.to_numpy(float), 0, float(t))
        value_tree(
            scenario, group_weights={"criteria": dict(zip(criteria.index, row, strict=True))}
        )
    per_score = (time.perf_counter() - start) / len(points)
    start = time.perf_counter()
    for t in points:
        row = moved(criteria.to_numpy(float), 0, float(t))
        found = value_tree(
            scenario, group_weights={"criteria": dict(zip(criteria.index, row, strict=True))}
        )
        values = np.asarray(found.cells["value"], float).reshape(found.model.shape)
        program = linear_program(allocation_input(scenario, values))
        if program.integer.any():
            Session(program, DEFAULT_GAP).solve()
        else:
            solve_linear_program(program, mip=False)
    per_solve = (time.perf_counter() - start) / len(points)
    weights = sum(len(g) for g in groups.values() if len(g) > 1)
    naive = per_score * RANKING_GRID * len(criteria) + per_solve * PORTFOLIO_GRID * weights
    print(f"naive way (timed on {len(points)} points each, scaled to the grids):")
    print(
        f"  re-scoring {per_score * 1000:.1f} ms a point x {RANKING_GRID} x {len(criteria)} "
        f"criteria; re-solving {per_solve:.2f} s a point x {PORTFOLIO_GRID} x {weights} weights"
    )
    print(f"  estimated {naive:.0f} s = {naive / 3600:.1f} h")
    print(f"ratio naive / ours: {naive / ours:.0f}x")


if __name__ == "__main__":
    main()
