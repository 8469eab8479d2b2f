"""Each split interval's ends against fresh optimisations, as a reader would check them.

    python benchmarks/sensitivity_ends.py [--file scenarios/chile_transforma_2017.toml]

Runs `run_sensitivity` without a time limit, then for every weight optimises the split afresh
with `prioritise.allocate.optimise` — new cell values from the value tree with that one group
weight moved, a new model, solved as `prioritise optimise` solves it — at each end of its
portfolio interval and 0.001 beyond it (where that is still between 0 and 1). Just inside, no
programme's share may move by more than 2 points from the split `optimise` gives at the group's
weights; just beyond, some share must. Prints one line per check and how many disagree, with
how far each disagreement lies from the 2-point line (docs/model.md §14.3).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from prioritise.allocate import allocation_input, optimise
from prioritise.scenario import load
from prioritise.scoring import value_tree
from prioritise.sensitivity import SHARE_LIMIT, prepare, run_sensitivity
from prioritise.sensitivity.portfolio import TOLERANCE
from prioritise.sensitivity.splits import Weights

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "scenarios" / "chile_transforma_2017.toml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", default=str(DEFAULT))
    args = parser.parse_args()
    scenario = load(Path(args.file))
    prepared = prepare(scenario)
    result = run_sensitivity(scenario, prepared=prepared, seconds=3600.0)
    search = prepared.search
    checked = sum(w.portfolio_checked for w in result.weights)
    print(
        f"split with funding decisions: {result.integer}; relaxed: {result.relaxed}; "
        f"ends checked by the search itself: {checked} of {len(result.weights)} weights"
    )

    def fresh(weights: Weights) -> np.ndarray:
        override = {
            name: dict(zip(prepared.items(name), map(float, weights[name]), strict=True))
            for name in weights
        }
        tree = value_tree(scenario, group_weights=override)
        values = np.asarray(tree.cells["value"], float).reshape(tree.model.shape)
        found = optimise(allocation_input(scenario, values), with_baselines=False, diagnose=False)
        return np.asarray(found.totals.programme["share"].to_numpy(float))

    base = fresh(search.weights)
    checks, away = 0, []
    for interval in result.weights:
        k = prepared.items(interval.set).index(interval.id)
        for end, outward in zip(interval.portfolio, (-1.0, 1.0), strict=True):
            points = [(end, True)]
            beyond = end + outward * TOLERANCE
            if end not in (0.0, 1.0) and 0.0 <= beyond <= 1.0:
                points.append((beyond, False))
            for t, holds in points:
                moved = float(np.abs(fresh(search.weights_at(interval.set, k, t)) - base).max())
                agrees = (moved <= SHARE_LIMIT + 1e-9) == holds
                checks += 1
                if not agrees:
                    away.append(abs(moved - SHARE_LIMIT) * 100)
                print(
                    f"{interval.set:18} {interval.id:22} t {t:.4f} "
                    f"{'inside ' if holds else 'outside'} moved {moved * 100:5.2f} points"
                    f"{'' if agrees else '  DISAGREES'}"
                )
    print(f"{len(away)} of {checks} checks disagree", end="")
    print(f", at most {max(away):.2f} points from the line" if away else "")


if __name__ == "__main__":
    main()
