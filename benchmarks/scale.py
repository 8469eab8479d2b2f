"""The mixed-integer split at scale: solved in stages against HiGHS handed the whole model.

    python benchmarks/scale.py [--skip-commune] [--whole-seconds 300]

Cases (docs/model.md §19), each solved in one run both ways — in stages (what `optimise` does)
and whole by HiGHS (the reference) — printing both times and their ratio:
  1. the default scenario (Chile, 16 regions × 13 programmes × 6 areas, 150-line limit), 0.1 %;
  2. a generated 25-region scenario (`scale_scenario.py`: 25 regions × 12 programmes × 6 areas,
     140-line limit, minimum ticket, continuity, one commitment), 0.1 % gap;
  2b. a 25-region scenario of random figures from the test factories (`tests/factories.py`),
     with the same rules: its scales are small beside the ticket, and its relaxation is weaker;
  2c. the generated 25-region scenario with other seeds (`--seeds`), in stages as `optimise`
     solves it; as before the lines were settled within the gap (only those no split as good as
     the start could change); and as before any line was settled (with HiGHS's feasibility jump
     on): each as a multiple of case 1's solve in the same run, with the gap it reports, the
     worst seed being what a new scenario of that size may take; then each seed's
     `seconds.solve` as `optimise` reports it, with the baselines solved alongside, as a
     multiple of case 1's there;
  3. commune scale: 346 communes × 13 programmes × 6 areas × 3 years with a minimum ticket and a
     line limit (`allocate.commune_input`), 1 % gap.
Then the fair baselines of cases 1, 2 and 2b as `optimise` solves them (their relaxations
chained, §10.2) against each closeness model solved whole in stages, the way before; then the
whole `optimise` (baselines and duals) of cases 1, 2, 2b and Chile 2008, with each
part's seconds and what comes on top of the solve (the solve of the split alone, uncrowded) as a
share of it, with the baselines and without them (medians of five runs), against the baselines
solved after the split (the way before they ran alongside the
search); the same with every binding rule priced by re-solving, as the command line does by
default (§8.2); `optimise` with Python's cyclic collector paused while its model is built and
solved (§19) against the collector left to run; and the process's peak memory.
Targets on two cores: case 2 ≤ 1.5 s and ≤ 5 × case 1's solve; case 3 ≤ 120 s; the rest of
`optimise` ≤ 50 % of the solve.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import resource
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from prioritise.allocate import (
    PRICE_SECONDS,
    AllocationModel,
    ModelBuilder,
    allocation_input,
    cell_values_of,
    collector,
    engine,
    fair_splits,
    plain_splits,
    run,
    staged,
    with_baselines,
)
from prioritise.allocate.baselines import FAIR_GAP
from prioritise.allocate.closeness import closeness_program
from prioritise.allocate.deadline import NO_DEADLINE
from prioritise.allocate.input import AllocationInput
from prioritise.allocate.lanes import in_lanes, lane_count
from prioritise.allocate.nearest import nearest_split
from prioritise.allocate.session import optimised_split
from prioritise.allocate.solve import optimise_scenario
from prioritise.scenario import Scenario, load, validate_dict

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the test factories

from scale_scenario import scaled_scenario
from tests.factories import scenario_dict

from allocate import commune_input

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "scenarios" / "chile_transforma_2017.toml"


def factory_scenario(seed: int = 11) -> Scenario:
    """Case 2b: random figures, 25 regions × 12 programmes × 6 areas, the 25-region rules."""
    raw = scenario_dict(seed, programmes=12, areas=6, regions=25, years=3, total=175.0)
    raw["constraints"] = {
        "spend_all": True,
        "max_programme_share": 0.2,
        "min_region_share": 0.005,
        "concentration": 0.6,
        "min_ticket": 0.25,
        "max_lines": 140,
        "continuity": 0.8,
        "enabling_share": {"a1": {"min": 0.1}},
        "fixed": [
            {"programme": "p2", "enabling_area": "a0", "region": "r3", "year": 2031, "amount": 1.5}
        ],
    }
    return validate_dict(raw)


def commune_mip() -> AllocationInput:
    """Case 3: the commune LP of `allocate.py` with a minimum ticket and a line limit."""
    data = commune_input()
    rules = data.constraints.model_copy(update={"min_ticket": 0.05, "max_lines": 1500})
    return replace(data, constraints=rules)


def both_ways(name: str, data: AllocationInput, gap: float, whole_seconds: float) -> float:
    """Solve in stages and whole; print both; return the staged solve's seconds."""
    model = AllocationModel(data)
    in_stages = run(model.builder, "highs", None, gap)
    whole = run(AllocationModel(data).builder, "highs", whole_seconds, gap, staged=False)
    value = float(model.builder.linear_program().objective @ in_stages.values)
    print(
        f"{name:<28} build {model.build_seconds:6.2f} s | stages {in_stages.seconds:7.2f} s "
        f"({in_stages.status}, gap {in_stages.gap or 0:.3%}, value {value:.6f}) | whole "
        f"{whole.seconds:7.2f} s ({whole.status}, gap {whole.gap or 0:.3%}) | ratio "
        f"{whole.seconds / in_stages.seconds:5.1f}×",
        flush=True,
    )
    return in_stages.seconds


@contextlib.contextmanager
def way_before(setting: str) -> Iterator[None]:
    """The staged solve as it was before a change of §19: "exact" settles only the lines no
    split as good as the start can change (no allowance for the gap); "whole" hands the whole
    solve no settled lines and leaves HiGHS's feasibility jump on despite the start."""
    settled = staged.Relaxation.settled
    start_from = engine.start_from

    def with_jump(highs: Any, values: np.ndarray | None) -> None:
        start_from(highs, values)
        highs.setOptionValue(staged.FEASIBILITY_JUMP, True)

    def exact(self: staged.Relaxation, objective: float, gap: float, start: np.ndarray) -> Any:
        return {} if setting == "whole" else settled(self, objective, 0.0, start)

    staged.Relaxation.settled = exact  # type: ignore[method-assign]
    if setting == "whole":
        engine.start_from = with_jump
    try:
        yield
    finally:
        staged.Relaxation.settled = settled  # type: ignore[method-assign]
        engine.start_from = start_from


def seeds_three_ways(seeds: list[int], chile: AllocationInput, gap: float = 1e-3) -> None:
    """Case 2c: the generated 25-region scenario with each of `seeds`, solved in stages as
    `optimise` does and as it did before two changes of §19 (`way_before`), in turns; each
    solve also as a multiple of the default scenario's (`chile`, median of three), and the gap
    each reports. Then the `seconds.solve` that `optimise --json` reports for each, where the
    fair baselines are solved alongside the search (§10.2), against the default scenario's
    there."""
    chile_solve = float(
        np.median(
            [run(AllocationModel(chile).builder, "highs", None, gap).seconds for _ in range(3)]
        )
    )
    print(f"default scenario, solve {chile_solve:.2f} s (median of 3)", flush=True)
    ways = ("ours", "exact", "whole")
    seconds: dict[str, list[float]] = {way: [] for way in ways}
    gaps: dict[str, list[float]] = {way: [] for way in ways}
    datas = []
    for seed in seeds:
        scenario = scaled_scenario(seed=seed)
        datas.append(allocation_input(scenario, cell_values_of(scenario)))
        for way in ways:
            with contextlib.nullcontext() if way == "ours" else way_before(way):
                solved = run(AllocationModel(datas[-1]).builder, "highs", None, gap)
                seconds[way].append(solved.seconds)
                gaps[way].append(solved.gap if solved.gap is not None else float("nan"))
        ours, exact, whole = (seconds[way][-1] for way in ways)
        ours_gap, exact_gap = gaps["ours"][-1], gaps["exact"][-1]
        print(
            f"25 regions, seed {seed:<5} ours {ours:5.2f} s ({ours / chile_solve:4.1f}× the "
            f"default scenario; gap {ours_gap:.3%}) | settled without the gap's allowance "
            f"{exact:5.2f} s ({exact / ours:4.2f}× ours; gap {exact_gap:.3%}) | no settled "
            f"lines {whole:5.2f} s ({whole / ours:4.2f}×)",
            flush=True,
        )
    summary = {way: (float(np.median(seconds[way])), max(seconds[way])) for way in ways}
    (median, worst), (exact_median, exact_worst), (whole_median, whole_worst) = (
        summary[way] for way in ways
    )
    print(
        f"25 regions, {len(seeds)} seeds: median {median:.2f} s, worst {worst:.2f} s "
        f"({worst / chile_solve:.1f}× the default scenario's solve; target ≤ 5×) | settled "
        f"without the gap's allowance: median {exact_median:.2f} s, worst {exact_worst:.2f} s "
        f"({exact_worst / chile_solve:.1f}×) | no settled lines: median {whole_median:.2f} s, "
        f"worst {whole_worst:.2f} s ({whole_worst / chile_solve:.1f}×)",
        flush=True,
    )

    def reported(data: AllocationInput) -> float:  # `seconds.solve` of `optimise --json`
        return AllocationModel(data).solve(gap=gap, price_seconds=0).seconds["solve"]

    alongside = float(np.median([reported(chile) for _ in range(3)]))
    ratios = [reported(data) / alongside for data in datas]
    print(
        f"in `optimise` (the baselines alongside the search): the default scenario's "
        f"seconds.solve {alongside:.2f} s (median of 3); the seeds' "
        + ", ".join(f"{ratio:.1f}×" for ratio in ratios)
        + f" of it; {sum(ratio <= 5 for ratio in ratios)} of {len(ratios)} within 5×",
        flush=True,
    )


def fair_both_ways(name: str, scenario: Scenario) -> None:
    """The fair baselines as `optimise` solves them (the relaxations one after another, each
    from the basis of the one before, then rounded side by side; docs/model.md §10.2) against
    each closeness model solved whole in stages, side by side (the way before), each then taken
    to its nearest split: the same splits, and both times."""
    data = allocation_input(scenario, cell_values_of(scenario))
    own = ModelBuilder(data).linear_program()
    start = time.perf_counter()
    chained = fair_splits(data, program=own)
    ours = time.perf_counter() - start
    targets = plain_splits(data)
    programs = {
        plain: closeness_program(own, data, split.sum(axis=3)) for plain, split in targets.items()
    }

    def whole_and_nearest(_lane: int, plain: str) -> np.ndarray | None:
        program = programs[plain]
        found = optimised_split(program, FAIR_GAP)
        return nearest_split(program, found.values, targets[plain], NO_DEADLINE)

    start = time.perf_counter()
    whole = in_lanes(range(lane_count(len(programs))), list(programs), whole_and_nearest)
    before = time.perf_counter() - start
    same = all(
        found is not None and np.allclose(chained[plain], programs[plain].amounts(found), atol=1e-6)
        for plain, found in zip(programs, whole, strict=True)
    )
    print(
        f"fair baselines, {name:<12} chained relaxations {ours:5.2f} s | each model whole "
        f"{before:5.2f} s | ratio {before / ours:4.2f}× | the same splits: {same}",
        flush=True,
    )


def whole_optimise(name: str, scenario: Scenario, runs: int = 5) -> None:
    """`optimise` whole, against its split alone (no baselines) and against the baselines
    solved after the split, the way they were before they ran alongside the search (medians of
    `runs` each, in turns); then once as the command line runs it, every binding rule priced by
    re-solving (§8.2). What comes on top of the solve is also given without the baselines:
    scoring, duals and tables."""
    walls, splits, afters, solves, builds = [], [], [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        result = optimise_scenario(scenario)
        walls.append(time.perf_counter() - start)
        start = time.perf_counter()
        alone = optimise_scenario(scenario, with_baselines=False)
        splits.append(time.perf_counter() - start)
        solves.append(alone.seconds["solve"])
        builds.append(alone.seconds["build"])
        start = time.perf_counter()
        with_baselines(alone)
        afters.append(splits[-1] + time.perf_counter() - start)
    wall, split, after = (float(np.median(times)) for times in (walls, splits, afters))
    seconds = {"solve": float(np.median(solves)), "build": float(np.median(builds))}
    rest = wall - seconds["solve"] - seconds["build"]
    plain = split - seconds["solve"] - seconds["build"]
    parts = "  ".join(f"{key} {value:.2f} s" for key, value in result.seconds.items())
    print(
        f"optimise, {name:<12} wall {wall:5.2f} s (the last run: {parts}); the split alone "
        f"{split:.2f} s (solve {seconds['solve']:.2f} s); on top of that solve "
        f"{_on_top(rest, seconds)} (target ≤ 50 %), without the baselines "
        f"{_on_top(plain, seconds)}; baselines after the split {after:.2f} s: "
        f"{after / wall:.2f}× (medians of {runs})",
        flush=True,
    )
    start = time.perf_counter()
    priced = optimise_scenario(scenario, price_seconds=PRICE_SECONDS)
    command = time.perf_counter() - start
    rest = command - seconds["solve"] - seconds["build"]
    print(
        f"  with rule prices (the command line's default) wall {command:5.2f} s, prices "
        f"{priced.seconds.get('prices', 0.0):.2f} s; on top of the solve {_on_top(rest, seconds)}",
        flush=True,
    )


def collector_both_ways(name: str, scenario: Scenario, runs: int = 7) -> None:
    """`optimise` with Python's cyclic collector paused while the model is built and solved
    (what it does, `allocate.collector`) against the collector left to run (the naive way),
    in turns; medians of `runs` each, and how often the collector walked every object."""
    walls: dict[bool, list[float]] = {True: [], False: []}
    walks = {True: 0, False: 0}
    pausing = [True]

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            walks[pausing[0]] += 1

    gc.callbacks.append(count)
    try:
        for turn in range(2 * runs):
            pausing[0] = collector.PAUSING = turn % 2 == 0
            start = time.perf_counter()
            optimise_scenario(scenario)
            walls[pausing[0]].append(time.perf_counter() - start)
    finally:
        gc.callbacks.remove(count)
        collector.PAUSING = True
    paused, naive = (float(np.median(walls[way])) for way in (True, False))
    print(
        f"optimise, {name:<12} collector paused {paused:.2f} s, {walks[True] / runs:.1f} whole "
        f"walks a run | left to run {naive:.2f} s, {walks[False] / runs:.1f} a run | "
        f"ratio {naive / paused:.2f}× (medians of {runs})",
        flush=True,
    )


def _on_top(rest: float, seconds: dict[str, float]) -> str:
    """What `optimise` adds to the solve, as seconds and a share of the solve; less than
    nothing is two runs apart by the machine's noise, and said so."""
    if rest < 0:
        return f"none measurable (the runs differ by {rest:.2f} s, noise)"
    return f"{rest:.2f} s = {rest / seconds['solve']:.0%} of it"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-commune", action="store_true")
    parser.add_argument("--whole-seconds", type=float, default=300.0)
    parser.add_argument(
        "--seeds", type=int, nargs="*", default=list(range(1, 13)), help="case 2c's seeds"
    )
    args = parser.parse_args()
    chile = load(DEFAULT)
    wider = scaled_scenario()
    first = both_ways("Chile, 0.1 %", allocation_input(chile, cell_values_of(chile)), 1e-3, 60)
    second = both_ways(
        "25 regions, 0.1 %", allocation_input(wider, cell_values_of(wider)), 1e-3, 60
    )
    factory = factory_scenario()
    both_ways(
        "25 regions, random, 0.1 %", allocation_input(factory, cell_values_of(factory)), 1e-3, 60
    )
    print(
        f"25 regions / Chile, solve: {second / first:.1f}× (target ≤ 5×); 25 regions "
        f"{'met' if second <= 1.5 else 'MISSED'} the 1.5 s target",
        flush=True,
    )
    seeds_three_ways(args.seeds, allocation_input(chile, cell_values_of(chile)))
    if not args.skip_commune:
        third = both_ways("communes, 1 %", commune_mip(), 1e-2, args.whole_seconds)
        print(f"communes: {'met' if third <= 120 else 'MISSED'} the 120 s target", flush=True)
    for name, scenario in (("Chile", chile), ("25 regions", wider), ("random 25", factory)):
        fair_both_ways(name, scenario)
    whole_optimise("Chile", chile)
    whole_optimise("25 regions", wider)
    whole_optimise("random 25", factory)
    whole_optimise("Chile 2008", load(ROOT / "scenarios" / "chile_clusters_2008.toml"))
    collector_both_ways("Chile", chile)
    collector_both_ways("25 regions", wider)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MB", flush=True)


if __name__ == "__main__":
    main()
