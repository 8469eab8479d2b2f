"""Re-solves that reuse the built model, against a fresh model per step, in one run.

    python benchmarks/resolve.py [--only sweep|diagnosis|app|frontier]

1. A 5-budget sweep of the default scenario (100, 150, 175, 200, 250): `budget_sweep` (the
   budgets side by side on the cores, one model per lane, its budget moved between points)
   against `optimise_scenario` at each budget, one after the other (a model built per budget).
   Both without baselines, as the sweep runs. "Solving" is, for ours, the sweep's wall time
   less the first model's build, and for the naive way the solves' own seconds.
2. Diagnosis of the infeasible variants of `benchmarks/diagnosis.py` (four of the default
   scenario, one generated 25-region scenario): `optimise` as it runs (pre-checks, then the
   diagnosis on the model already built) against the way without reuse: a model built and its
   mixed-integer model solved to learn it is infeasible, then the diagnosis on a model of its own.
3. The app's changed rule → new split (the default scenario with its programme cap at 25 %):
   the Portfolio page solves on the model it kept from the scenario before the change (its
   share rules moved: `ModelCache`), draws the split without waiting for the baselines, and
   adds them with `with_baselines` (one closeness model for both); before,
   it waited for `optimise_scenario` with a full model and solve for each baseline. The same
   for "Apply" of the first repair of the variant "commitment above a cap".
4. The programme frontier of the default scenario, 5 levels, 10 s per level:
   `concentration_frontier` (levels side by side on the cores, the tightest first, one model
   per lane with its caps moved between levels) against `optimise` of each level's rules, one
   after the other (a model built per level).
Each measurement runs in a forked child process, whose peak resident memory is reported
(`resource.getrusage`); ratio = naive seconds / our seconds. Targets on a 2-core machine: sweep
solving ≤ 2 s, diagnosis ≤ 2 s (default scenario) and ≤ 5 s (25 regions), new split ≤ 1 s.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the generated scenario comes from the test factories
sys.path.insert(0, str(ROOT / "benchmarks"))

import diagnosis as cases  # noqa: E402
from tests.factories import scenario_dict  # noqa: E402

from prioritise.allocate import (  # noqa: E402
    AllocationModel,
    ModelCache,
    allocation_input,
    apply_repair,
    cell_values_of,
    closeness_input,
    diagnose,
    optimise,
    optimise_scenario,
    plain_splits,
    run,
    with_baselines,
)
from prioritise.allocate.baselines import FAIR_GAP, FAIR_SECONDS  # noqa: E402
from prioritise.scenario import load, validate_dict  # noqa: E402
from prioritise.scenario.schema import Scenario  # noqa: E402
from prioritise.tradeoffs import budget_sweep, concentration_frontier  # noqa: E402
from prioritise.tradeoffs.frontier import with_constraints  # noqa: E402

BUDGETS = (100.0, 150.0, 175.0, 200.0, 250.0)
APP_LIMIT = 10.0
"""The app's time limit per optimisation."""
NAIVE_MIP_SECONDS = 60.0
"""How long the naive way may spend proving a variant infeasible."""


def measured(job: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run `job` in a forked child: its figures, wall seconds and peak memory (MB)."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()

    def child() -> None:
        start = time.perf_counter()
        found = job()
        found["wall"] = time.perf_counter() - start
        found["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        queue.put(found)

    process = context.Process(target=child)
    process.start()
    result = queue.get()
    process.join()
    return result


# ------------------------------------------------------------------------------- sweep
def sweep_ours(scenario: Scenario) -> dict[str, Any]:
    """Solving: the sweep's wall time less its first model's build (the budgets run side by
    side, so the solves' own seconds overlap; the second lane's build is counted)."""
    start = time.perf_counter()
    sweep = budget_sweep(scenario, BUDGETS)
    points = sweep.points
    solving = time.perf_counter() - start - points[0].allocation.seconds.get("build", 0.0)
    return {"solving": solving, "objectives": [p.objective for p in points]}


def sweep_naive(scenario: Scenario) -> dict[str, Any]:
    found = [optimise_scenario(scenario, budget=b, with_baselines=False) for b in BUDGETS]
    solving = sum(r.seconds.get("solve", 0.0) + r.seconds.get("duals", 0.0) for r in found)
    return {"solving": solving, "objectives": [r.objective for r in found]}


# --------------------------------------------------------------------------- diagnosis
def diagnosis_ours(scenario: Scenario) -> dict[str, Any]:
    data = allocation_input(scenario, cell_values_of(scenario))
    result = optimise(data)
    found = result.diagnosis
    assert found is not None
    return {"conflict": list(found.conflict), "repairs": len(found.repairs)}


def diagnosis_naive(scenario: Scenario) -> dict[str, Any]:
    data = allocation_input(scenario, cell_values_of(scenario))
    model = AllocationModel(data)
    outcome = run(model.builder, "highs", NAIVE_MIP_SECONDS, 1e-3)
    found = diagnose(data)  # a model of its own
    return {
        "mip": outcome.status,
        "conflict": list(found.conflict),
        "repairs": len(found.repairs),
    }


# ------------------------------------------------------------------------ app: new split
def changed_rule(scenario: Scenario) -> Scenario:
    rules = scenario.constraints.model_copy(update={"max_programme_share": 0.25})
    return scenario.model_copy(update={"constraints": rules})


def repaired(scenario: Scenario) -> Scenario:
    """The scenario with the first repair of its diagnosis applied."""
    data = allocation_input(scenario, cell_values_of(scenario))
    found = optimise(data).diagnosis
    assert found is not None and found.repairs
    return apply_repair(scenario, found.repairs[0])


def app_ours(before: Scenario, scenario: Scenario) -> dict[str, Any]:
    """The app's way: `before` solved first (its model kept), then the changed `scenario`."""
    models = ModelCache()
    models.optimise_scenario(before, time_limit=APP_LIMIT, with_baselines=False)
    start = time.perf_counter()
    split = models.optimise_scenario(scenario, time_limit=APP_LIMIT, with_baselines=False)
    shown = time.perf_counter() - start
    full = with_baselines(split, time_limit=APP_LIMIT)
    return {
        "split": shown,
        "total": time.perf_counter() - start,
        "objective": split.objective,
        "baselines": [round(b.objective, 6) for b in full.headline_baselines],
    }


def app_naive(scenario: Scenario) -> dict[str, Any]:
    """The page before: the split and its baselines at once, a model and solve per baseline."""
    start = time.perf_counter()
    split = optimise_scenario(scenario, time_limit=APP_LIMIT, with_baselines=False)
    data = split.data
    assert data is not None
    fair = []
    for target in plain_splits(data).values():
        closeness = AllocationModel(closeness_input(data, target.sum(axis=3))).solve(
            time_limit=FAIR_SECONDS, gap=FAIR_GAP, with_baselines=False, diagnose=False
        )
        fair.append(closeness.objective)
    seconds = time.perf_counter() - start
    return {"split": seconds, "total": seconds, "objective": split.objective}


# ---------------------------------------------------------------------------- frontier
FRONTIER_STEPS = 5


def frontier_ours(scenario: Scenario) -> dict[str, Any]:
    found = concentration_frontier(scenario, "programme", FRONTIER_STEPS, time_limit=APP_LIMIT)
    return {
        "levels": [p.epsilon for p in found.points],
        "objectives": [p.objective for p in found.points],
    }


def frontier_naive(scenario: Scenario, levels: list[float]) -> dict[str, Any]:
    data = allocation_input(scenario, cell_values_of(scenario))
    objectives = []
    for level in [None, *levels]:
        changed = with_constraints(data, {"max_programme_share": level})
        result = optimise(changed, time_limit=APP_LIMIT, with_baselines=False, diagnose=False)
        objectives.append(result.objective)
    return {"objectives": objectives[1:]}


def line(name: str, ours: dict[str, Any], naive: dict[str, Any], key: str, target: float) -> None:
    ratio = naive[key] / ours[key] if ours[key] > 0 else float("inf")
    verdict = "met" if ours[key] <= target else "MISSED"
    print(
        f"{name:<40} ours {ours[key]:6.2f} s  naive {naive[key]:6.2f} s  ratio {ratio:4.1f}×  "
        f"(target {target:g} s: {verdict}; wall ours {ours['wall']:.2f} s, naive "
        f"{naive['wall']:.2f} s; peak {ours['peak_mb']:.0f} MB vs {naive['peak_mb']:.0f} MB)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("sweep", "diagnosis", "app", "frontier"), default=None)
    args = parser.parse_args()
    chile = load(cases.DEFAULT)
    if args.only in (None, "sweep"):
        ours, naive = measured(lambda: sweep_ours(chile)), measured(lambda: sweep_naive(chile))
        line("sweep, 5 budgets: solving", ours, naive, "solving", 2.0)
        line("sweep, 5 budgets: whole sweep", ours, naive, "wall", 2.0)
        gaps = [
            abs(a - b) / b for a, b in zip(ours["objectives"], naive["objectives"], strict=True)
        ]
        print(f"{'':<40} largest objective difference {max(gaps):.2e} (gap 1e-3)", flush=True)
    if args.only in (None, "diagnosis"):
        generated = validate_dict(
            scenario_dict(7, programmes=12, areas=6, regions=25, years=3, total=175.0)
        )
        variants = [(name, chile, rules, 2.0) for name, rules in cases.VARIANTS.items()]
        variants.append((cases.GENERATED, generated, cases.GENERATED_RULES, 5.0))
        for name, base, rules, target in variants:
            scenario = cases.with_rules(base, rules)
            ours = measured(lambda s=scenario: diagnosis_ours(s))
            naive = measured(lambda s=scenario: diagnosis_naive(s))
            line(f"diagnosis: {name}", ours, naive, "wall", target)
            same = ours["conflict"] == naive["conflict"] and ours["repairs"] == naive["repairs"]
            print(f"{'':<40} same conflict and repairs: {same}", flush=True)
    if args.only in (None, "app"):
        changed = changed_rule(chile)
        ours = measured(lambda: app_ours(chile, changed))
        naive = measured(lambda: app_naive(changed))
        line("app: changed rule → split shown", ours, naive, "split", 1.0)
        line("app: changed rule → baselines too", ours, naive, "total", 1.0)
        broken = cases.with_rules(chile, cases.VARIANTS["commitment above a cap"])
        fixed = repaired(broken)
        ours, naive = measured(lambda: app_ours(broken, fixed)), measured(lambda: app_naive(fixed))
        line("app: Apply a repair → split shown", ours, naive, "split", 1.0)
        line("app: Apply a repair → baselines too", ours, naive, "total", 1.0)

    if args.only in (None, "frontier"):
        ours = measured(lambda: frontier_ours(chile))
        naive = measured(lambda: frontier_naive(chile, ours["levels"]))
        line("programme frontier, 5 levels", ours, naive, "wall", 10.0)
        pairs = zip(ours["objectives"], naive["objectives"], strict=True)
        gaps = [abs(a - b) / b for a, b in pairs if a is not None and b is not None]
        print(f"{'':<40} largest objective difference {max(gaps, default=0):.2e}", flush=True)


if __name__ == "__main__":
    main()
