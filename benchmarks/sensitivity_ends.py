"""Each split interval's ends against fresh optimisations, as a reader would check them.

    python benchmarks/sensitivity_ends.py [--file scenarios/chile_transforma_2017.toml]

Runs `run_sensitivity` without a time limit, then for every weight solves the split afresh —
a new model loaded into HiGHS and solved as `prioritise optimise` solves it (a new `Session`,
the stages of docs/model.md §19, gap 0.1 %) — at each end of its portfolio interval and 0.001
beyond it (where that is still between 0 and 1). Just inside, no programme's share may move by
more than 2 points from the fresh split at the group's weights; just beyond, some share must.
Prints one line per check and how many disagree, with how far each disagreement lies from the
2-point line (docs/model.md §14.3 explains why a few tenths of a point can).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from prioritise.allocate import DEFAULT_GAP, ModelChange, Session
from prioritise.scenario import load
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
    print(f"split with funding decisions: {result.integer}; relaxed: {result.relaxed}")

    def fresh(weights: Weights) -> np.ndarray:
        values = search.model.cell_array(
            weights["criteria"], weights["enabling_areas"], weights["regional_criteria"]
        )
        session = Session(search.program, DEFAULT_GAP, mip=not result.relaxed)
        found = session.solve(ModelChange(objective=search.program.objective_for(values)))
        amounts = np.asarray(search.program.amounts(found.values)).sum(axis=(1, 2, 3))
        return np.asarray(amounts / search.data.total)

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
