"""Build and solve times of the allocation optimiser, against a naive formulation.

    python benchmarks/allocate.py [--naive-seconds 120] [--skip-commune]

Cases:
  1. the default scenario (scenarios/chile_transforma_2017.toml) as shipped: a MIP with its
     minimum ticket and line limit, solved to a 0.1 % gap;
  2. its LP variant (no ticket, no line limit);
  3. a generated commune-scale LP: 346 communes × 13 programmes × 6 areas × 3 years.
Each case is also solved with CBC through the same model, and rebuilt naively — plain
Python `sum` and `+=` over cells, one variable per cell and year, the budget as big-M, no
segment-to-decision links or line rows — and solved with CBC; the ratio of the naive time to
ours is printed. Targets on a 2-core machine: case 1 ≤ 1 s, case 2 ≤ 0.3 s, case 3 ≤ 30 s
(build + solve).
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
import warnings
from pathlib import Path

import numpy as np
import pulp

from prioritise.allocate import AllocationModel, allocation_input
from prioritise.allocate.input import AllocationInput, cell_values_of
from prioritise.scenario import load
from prioritise.scenario.schema import Constraints

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "scenarios" / "chile_transforma_2017.toml"
GAP = 1e-3


def default_input(mip: bool) -> AllocationInput:
    scenario = load(DEFAULT)
    if not mip:
        constraints = scenario.constraints.model_copy(
            update={"min_ticket": None, "max_lines": None}
        )
        scenario = scenario.model_copy(update={"constraints": constraints})
    return allocation_input(scenario, cell_values_of(scenario))


def commune_input(seed: int = 2017) -> AllocationInput:
    """346 communes with lognormal populations; V = P(p) · Q(e | p) · F(r | p) at random."""
    rng = np.random.default_rng(seed)
    programmes, areas, communes = 13, 6, 346
    priority = rng.dirichlet(np.full(programmes, 2.0))
    inside = rng.dirichlet(np.full(areas, 2.0), size=programmes)
    regional = rng.dirichlet(np.full(communes, 0.5), size=programmes)
    values = priority[:, None, None] * inside[:, :, None] * regional[:, None, :]
    population = np.round(rng.lognormal(10.0, 1.2, communes))
    constraints = Constraints(
        spend_all=True,
        max_programme_share=0.2,
        min_region_share=0.0005,
        concentration=0.6,
        continuity=0.8,
        enabling_share={"a1": {"min": 0.1}},
        region_share={"c0": {"max": 0.35}},
    )
    return AllocationInput(
        programmes=tuple(f"p{i}" for i in range(programmes)),
        areas=tuple(f"a{i}" for i in range(areas)),
        regions=tuple(f"c{i}" for i in range(communes)),
        years=(2017, 2018, 2019),
        year_budgets=np.array([55.0, 60.0, 60.0]),
        total=175.0,
        values=values / values.sum(),
        capacity=population / population.mean(),
        saturation=4.0,
        breakpoints=(0.0, 0.25, 0.5, 1.0, 2.0),
        slopes=(1.0, 0.6, 0.3, 0.1),
        population=population,
        constraints=constraints,
        reference_total=175.0,
    )


def ours(data: AllocationInput, solver: str = "highs") -> dict[str, float]:
    start = time.perf_counter()
    model = AllocationModel(data)
    result = model.solve(solver=solver, gap=GAP, with_baselines=False)
    total = time.perf_counter() - start
    return {
        "build": model.build_seconds,
        "solve": result.seconds["solve"],
        "duals": result.seconds.get("duals", 0.0),
        "total": total,
        "objective": result.objective or float("nan"),
        "status": result.status,
    }


def naive_model(data: AllocationInput) -> pulp.LpProblem:
    """The same allocation written the straightforward way (kept slow on purpose)."""
    cons, total = data.constraints, data.total
    p_count, e_count, r_count = data.shape
    cells = [(p, e, r) for p in range(p_count) for e in range(e_count) for r in range(r_count)]
    years = range(len(data.years))
    segments = range(len(data.slopes))
    scale, widths = data.scale, data.widths
    problem = pulp.LpProblem("naive", pulp.LpMaximize)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        x = {
            (c, t): pulp.LpVariable(f"x_{c[0]}_{c[1]}_{c[2]}_{t}", 0) for c in cells for t in years
        }
        s = {
            (c, k): pulp.LpVariable(f"s_{c[0]}_{c[1]}_{c[2]}_{k}", 0, widths[k] * scale[c])
            for c in cells
            for k in segments
        }
        z = (
            {c: pulp.LpVariable(f"z_{c[0]}_{c[1]}_{c[2]}", cat=pulp.LpBinary) for c in cells}
            if cons.min_ticket or cons.max_lines
            else {}
        )
    objective = 0
    for c in cells:
        for k in segments:
            objective += data.values[c] * data.slopes[k] * s[c, k]
    problem += objective
    for c in cells:
        problem += sum(s[c, k] for k in segments) <= sum(x[c, t] for t in years)
    for t in years:
        spent = sum(x[c, t] for c in cells)
        problem += (
            (spent == data.year_budgets[t]) if cons.spend_all else (spent <= data.year_budgets[t])
        )
    by_programme = {i: [c for c in cells if c[0] == i] for i in range(p_count)}
    by_region = {r: [c for c in cells if c[2] == r] for r in range(r_count)}
    for i, programme in enumerate(data.programmes):
        low, high = data.programme_rules()[programme]
        money = sum(x[c, t] for c in by_programme[i] for t in years)
        if low:
            problem += money >= low.bound * total
        if high:
            problem += money <= high.bound * total
    for i, region in enumerate(data.regions):
        low, high = data.region_rules()[region]
        money = sum(x[c, t] for c in by_region[i] for t in years)
        if low:
            problem += money >= low.bound * total
        if high:
            problem += money <= high.bound * total
    for j, (low, _) in enumerate(data.area_bounds().values()):
        for i in range(p_count):
            if low:
                mine = [c for c in by_programme[i] if c[1] == j]
                problem += sum(x[c, t] for c in mine for t in years) >= low * sum(
                    x[c, t] for c in by_programme[i] for t in years
                )
    if cons.concentration is not None:
        for r in range(r_count):
            region_money = sum(x[c, t] for c in by_region[r] for t in years)
            for i in range(p_count):
                mine = [c for c in by_region[r] if c[0] == i]
                problem += sum(x[c, t] for c in mine for t in years) <= (
                    cons.concentration * region_money
                )
    if z:
        for c in cells:
            problem += sum(x[c, t] for t in years) <= total * z[c]
            if cons.min_ticket:
                problem += sum(x[c, t] for t in years) >= cons.min_ticket * z[c]
        problem += sum(z.values()) <= cons.max_lines
    if cons.continuity:
        for c in cells:
            for t in list(years)[1:]:
                problem += x[c, t] >= cons.continuity * x[c, t - 1]
    return problem


def _naive(data: AllocationInput, limit: float, queue: multiprocessing.Queue) -> None:
    start = time.perf_counter()
    problem = naive_model(data)
    built = time.perf_counter() - start
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        solver = pulp.PULP_CBC_CMD(msg=False, gapRel=GAP, timeLimit=max(1.0, limit - built))
    problem.solve(solver)
    queue.put(
        {
            "build": built,
            "solve": time.perf_counter() - start - built,
            "objective": pulp.value(problem.objective),
            "status": {
                pulp.LpSolutionOptimal: "optimal",
                pulp.LpSolutionIntegerFeasible: "stopped at its time limit",
            }.get(problem.sol_status, pulp.LpStatus[problem.status]),
        }
    )


def naive(data: AllocationInput, limit: float) -> dict[str, float] | None:
    """The naive run in a child process, stopped after `limit` seconds (None if so)."""
    queue: multiprocessing.Queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=_naive, args=(data, limit, queue))
    child.start()
    child.join(limit + 30)
    if child.is_alive():
        child.terminate()
        child.join()
        return None
    return queue.get() if not queue.empty() else None


def report(
    name: str, data: AllocationInput, target: float, limit: float, with_naive: bool = True
) -> None:
    fast = ours(data)
    line = (
        f"{name:<34} build {fast['build']:7.3f} s  solve {fast['solve']:7.3f} s  "
        f"duals {fast['duals']:6.3f} s  total {fast['total']:7.3f} s  "
        f"(target {target:g} s: {'met' if fast['total'] <= target else 'MISSED'})  "
        f"{fast['status']}, value {fast['objective']:.6f}"
    )
    print(line, flush=True)
    if not with_naive:
        return
    cbc = ours(data, "cbc")
    print(
        f"{'  same model, CBC':<34} build {cbc['build']:7.3f} s  solve {cbc['solve']:7.3f} s  "
        f"duals {cbc['duals']:6.3f} s  total {cbc['total']:7.3f} s  {cbc['status']}, value "
        f"{cbc['objective']:.6f}",
        flush=True,
    )
    slow = naive(data, limit)
    if slow is None:
        print(
            f"{'  naive (sum, +=, CBC)':<34} did not finish in {limit:g} s: ratio > "
            f"{limit / fast['total']:.0f}×",
            flush=True,
        )
        return
    spent = slow["build"] + slow["solve"]
    at_least = ">" if slow["status"] != "optimal" else ""
    print(
        f"{'  naive (sum, +=, CBC)':<34} build {slow['build']:7.3f} s  solve "
        f"{slow['solve']:7.3f} s  total {spent:7.3f} s  ratio {at_least}"
        f"{spent / fast['total']:.1f}×  "
        f"{slow['status']}, value {slow['objective']:.6f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--naive-seconds",
        type=float,
        default=120.0,
        help="time allowed to each naive run (default 120)",
    )
    parser.add_argument("--skip-commune", action="store_true")
    args = parser.parse_args()
    print(f"PuLP {pulp.__version__}; HiGHS through pulp.HiGHS; gap {GAP:.1%}", flush=True)
    report("default scenario, MIP", default_input(mip=True), 1.0, args.naive_seconds)
    report("default scenario, LP", default_input(mip=False), 0.3, args.naive_seconds)
    if not args.skip_commune:
        report("communes 346×13×6×3, LP", commune_input(), 30.0, args.naive_seconds)


if __name__ == "__main__":
    main()
