"""Robustness on a Dask cluster against the local engine: draws per second per worker.

    python benchmarks/cluster.py [--draws 1000] [--workers 2] [--rounds 1]
                                 [--file scenarios/chile_transforma_2017.toml]

Prints, in one run: the draws per second per worker of the local engine (a pool of `--workers`
processes on this machine) and of the Dask engine on a `LocalCluster` with the same number of
worker processes (one thread each), their ratio, the time the cluster took to start (not
counted: a real cluster is started once for many analyses), the peak memory of this process
and of the largest worker, and whether both engines gave the same JSON (timings aside).

"Solve" is the wall-clock of solving all draws (`seconds.solve` of the result: starting the
local pool or sending the problem to the cluster, the draws, collecting the results). With
`--rounds N` each engine runs N times and its best round counts, which evens out other
programs on the machine. Target: the Dask engine within 20 % of the local engine.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from distributed import Client, LocalCluster

from prioritise.robustness import RobustnessResult, run_robustness
from prioritise.scenario import load

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "scenarios" / "chile_transforma_2017.toml"


def _peak_mib(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def _comparable(result: RobustnessResult) -> dict:
    payload = result.to_json()
    for key in ("seconds", "engine", "workers"):
        payload.pop(key)
    if payload["compromise"] is not None:
        payload["compromise"].pop("seconds")
    return payload


def _rate(result: RobustnessResult) -> float:
    return result.draws / result.seconds["solve"] / result.workers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", default=str(DEFAULT))
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()

    scenario = load(args.file)
    print(f"scenario: {scenario.scenario.name} ({Path(args.file).name})")
    print(f"draws: {args.draws}, workers: {args.workers}, rounds: {args.rounds}")
    # The local engine first: its pool forks only while this process runs no other thread,
    # and a Dask client runs one (with it, the pool would start fresh interpreters instead).
    local = [
        run_robustness(scenario, args.draws, args.seed, workers=args.workers)
        for _ in range(args.rounds)
    ]
    local_peak = _peak_mib(resource.RUSAGE_CHILDREN)  # the pools' workers, all finished
    begin = time.perf_counter()
    cluster = LocalCluster(
        n_workers=args.workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        preload=["prioritise.robustness.cluster"],
    )
    started = time.perf_counter() - begin
    client = Client(cluster, set_as_default=False)
    try:
        address = cluster.scheduler_address
        dask = [
            run_robustness(scenario, args.draws, args.seed, engine="dask", address=address)
            for _ in range(args.rounds)
        ]
        worker_peak = max(client.run(_peak_mib).values())
    finally:
        client.close()
        cluster.close()
    best_local, best_dask = max(local, key=_rate), max(dask, key=_rate)
    for name, result in (("local", best_local), ("dask", best_dask)):
        print(
            f"{name:<6} solve {result.seconds['solve']:7.2f} s, total "
            f"{result.seconds['total']:7.2f} s, in HiGHS {result.seconds['solver']:7.2f} CPU s, "
            f"{result.workers} workers: "
            f"{_rate(result):7.2f} draws/s per worker"
        )
    ratio = _rate(best_dask) / _rate(best_local)
    print(f"dask / local draws per second per worker: {ratio:.2f}  (target >= 0.80)")
    print(f"local cluster start: {started:.1f} s (not counted)")
    print(
        f"peak memory: this process {_peak_mib():.0f} MiB, largest local worker "
        f"{local_peak:.0f} MiB, largest dask worker "
        f"{worker_peak:.0f} MiB"
    )
    same = all(_comparable(r) == _comparable(local[0]) for r in (*local, *dask))
    print(f"same results (JSON without timings): {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
