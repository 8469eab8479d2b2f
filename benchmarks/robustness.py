"""Robustness analysis speed: many re-optimisations, against rebuilding the model per draw.

    python benchmarks/robustness.py [--draws 1000] [--workers 2] [--naive 30] [--naive-exact 3]
                                    [--file scenarios/chile_transforma_2017.toml]

Prints, for one run of `run_robustness` (Dirichlet draws, the scenario's own funding rules):
the total wall-clock time; the pure solver time (CPU seconds inside HiGHS over all draws, and
that divided by the workers, i.e. what a perfectly parallel run of the solver alone would
take); the overhead ratio total / per-worker solver time. Then, in the same run, the naive
way on the first draws, each draw's cell values rebuilt from scratch:

- "rebuild": allocate's public `linear_program` (the PuLP model built again) and a cold HiGHS
  solve of the same problem the fast path solves (the LP relaxation when the scenario has
  funding decisions), via `solve_linear_program`;
- "optimise": allocate's public `optimise` (PuLP build, solve, results), which with funding
  decisions solves the mixed-integer problem — a harder problem than the draws' relaxation.

Targets on 2 cores (issue 7): 1,000 draws in at most 30 s; total at most 1.5 × the pure solver
time; at least 5× faster per draw than the naive way.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from prioritise.allocate import allocation_input, linear_program, optimise, solve_linear_program
from prioritise.robustness import prepare, run_robustness
from prioritise.scenario import load

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "scenarios" / "chile_transforma_2017.toml"


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished worker processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", default=str(DEFAULT))
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--naive", type=int, default=30, help="draws rebuilt and re-solved")
    parser.add_argument(
        "--naive-exact",
        type=int,
        default=3,
        help="draws through allocate.optimise (mixed-integer if the scenario is)",
    )
    args = parser.parse_args()

    scenario = load(args.file)
    print(f"scenario: {scenario.scenario.name} ({Path(args.file).name})")
    cpu_before = _cpu_seconds()
    begin = time.perf_counter()
    result = run_robustness(scenario, draws=args.draws, seed=args.seed, workers=args.workers)
    total = time.perf_counter() - begin
    cores = (_cpu_seconds() - cpu_before) / total
    solver = float(result.arrays.solver_seconds.sum())
    per_worker = solver / result.workers
    print(
        f"draws: {args.draws}, workers: {result.workers}, funding decisions: "
        f"{'yes (LP relaxation in draws)' if result.mixed_integer else 'none'}"
    )
    print("seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in result.seconds.items()))
    print(f"total wall-clock:              {total:8.2f} s   (target <= 30 s)")
    print(
        f"pure solver time (CPU, sum):   {solver:8.2f} s   "
        f"({1000 * solver / args.draws:.1f} ms per draw)"
    )
    print(f"pure solver time per worker:   {per_worker:8.2f} s")
    print(f"total / solver time per worker:{total / per_worker:8.2f}     (target <= 1.5)")
    print(
        f"cores actually used:           {cores:8.2f}     (CPU seconds of this process and its "
        "workers / wall-clock; below the workers' count when other programs share the cores)"
    )

    prepared = prepare(scenario)
    shape = prepared.tree.model.shape
    weights = result.arrays.weights
    count = min(args.naive, args.draws)
    fast_per_draw = total / args.draws
    if count:
        start = time.perf_counter()
        worst = 0.0
        for i in range(count):
            values = prepared.problem.cell_values({k: v[i : i + 1] for k, v in weights.items()})
            data = allocation_input(scenario, values[0].reshape(shape))
            program = linear_program(data)
            status, objective, _ = solve_linear_program(program, mip=False)
            if objective is None:
                raise SystemExit(f"draw {i}: the rebuilt model was not solved ({status})")
            ours = result.arrays.objective[i]
            worst = max(worst, abs(objective - ours) / abs(ours))
        naive = (time.perf_counter() - start) / count
        print(
            f"naive rebuild + cold solve:    {naive * 1000:8.1f} ms per draw over {count} "
            f"draws (objectives agree within {worst:.1e});\n"
            f"fast:                          {fast_per_draw * 1000:8.1f} ms per draw (total wall / "
            f"draws, {result.workers} workers) -> {naive / fast_per_draw:.1f}x  (target >= 5x)"
        )
    exact = min(args.naive_exact, args.draws)
    if exact:
        start = time.perf_counter()
        for i in range(exact):
            values = prepared.problem.cell_values({k: v[i : i + 1] for k, v in weights.items()})
            optimise(
                allocation_input(scenario, values[0].reshape(shape)),
                with_baselines=False,
                diagnose=False,
            )
        naive = (time.perf_counter() - start) / exact
        print(
            f"naive allocate.optimise:       {naive * 1000:8.1f} ms per draw over {exact} "
            f"draws -> {naive / fast_per_draw:.1f}x"
        )


if __name__ == "__main__":
    main()
