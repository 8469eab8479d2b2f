"""Robustness on a Dask cluster against the local engine: draws per second per worker.

    python benchmarks/cluster.py [--draws 1000] [--workers 2] [--rounds 2]
                                 [--file scenarios/chile_transforma_2017.toml]

Prints, in one run: the draws per second per worker of the local engine (a pool of `--workers`
processes on this machine) and of the Dask engine on a local cluster with the same number of
worker processes, one thread each (`prioritise.robustness.cluster.start_local_cluster`, as
`--engine dask` starts it), their ratio, the CPU seconds in the solver per draw of each, the
time the cluster took to start (not counted: a real cluster is started once for many
analyses), the peak memory of the processes, and whether both engines gave the same JSON
(timings aside).

"Solve" is the wall-clock of solving all draws (`seconds.solve` of the result: starting the
local pool or sending the problem to the cluster, the draws, collecting the results). The
engines take turns `--rounds` times and the best round of each counts, which evens out other
programs on the machine. Each local round runs in a fresh interpreter: the local pool forks
only from a process that runs no other thread, and a Dask client runs some.
Target: the Dask engine within 20 % of the local engine.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from prioritise.robustness import RobustnessResult, run_robustness
from prioritise.scenario import load

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "scenarios" / "chile_transforma_2017.toml"


def _peak_mib(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def _summary(result: RobustnessResult) -> dict[str, Any]:
    """What the comparison needs: the timings, the workers, and the JSON without timings."""
    payload = result.to_json()
    seconds, workers = payload.pop("seconds"), payload.pop("workers")
    payload.pop("engine")
    if payload["compromise"] is not None:
        payload["compromise"].pop("seconds")
    return {"seconds": seconds, "workers": workers, "draws": result.draws, "json": payload}


def _rate(run: dict[str, Any]) -> float:
    return run["draws"] / run["seconds"]["solve"] / run["workers"]


def _local_round(args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--local-round", "--file", args.file]
    command += ["--draws", str(args.draws), "--workers", str(args.workers)]
    command += ["--seed", str(args.seed)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", default=str(DEFAULT))
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--local-round", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    scenario = load(args.file)
    if args.local_round:
        result = run_robustness(scenario, args.draws, args.seed, workers=args.workers)
        peak = max(_peak_mib(), _peak_mib(resource.RUSAGE_CHILDREN))
        print(json.dumps({**_summary(result), "peak_mib": peak}))
        return

    from distributed import Client

    from prioritise.robustness.cluster import start_local_cluster

    print(f"scenario: {scenario.scenario.name} ({Path(args.file).name})")
    print(f"draws: {args.draws}, workers: {args.workers}, rounds: {args.rounds}")
    begin = time.perf_counter()
    cluster = start_local_cluster(args.workers)
    started = time.perf_counter() - begin
    client = Client(cluster, set_as_default=False)
    local: list[dict[str, Any]] = []
    dask: list[dict[str, Any]] = []
    try:
        for _ in range(args.rounds):
            local.append(_local_round(args))
            result = run_robustness(
                scenario, args.draws, args.seed, engine="dask", address=cluster.scheduler_address
            )
            dask.append(_summary(result))
        worker_peak = max(client.run(_peak_mib).values())
    finally:
        client.close()
        cluster.close()
    best = {"local": max(local, key=_rate), "dask": max(dask, key=_rate)}
    for name, run in best.items():
        seconds = run["seconds"]
        print(
            f"{name:<6} solve {seconds['solve']:7.2f} s, total {seconds['total']:7.2f} s, "
            f"{run['workers']} workers: {_rate(run):6.2f} draws/s per worker; in the solver "
            f"{1000 * seconds['solver'] / run['draws']:5.1f} CPU ms per draw"
        )
    rounds = ", ".join(f"{_rate(d) / _rate(loc):.2f}" for loc, d in zip(local, dask, strict=True))
    ratio = _rate(best["dask"]) / _rate(best["local"])
    cpu = best["local"]["seconds"]["solver"] / best["dask"]["seconds"]["solver"]
    print(
        f"dask / local draws per second per worker: {ratio:.2f}  (target >= 0.80; rounds: {rounds})"
    )
    print(f"dask / local solver CPU efficiency (local CPU s / dask CPU s): {cpu:.2f}")
    print(f"local cluster start: {started:.1f} s (not counted)")
    print(
        f"peak memory: this process {_peak_mib():.0f} MiB, local run (largest process) "
        f"{max(r['peak_mib'] for r in local):.0f} MiB, largest dask worker {worker_peak:.0f} MiB"
    )
    same = all(run["json"] == local[0]["json"] for run in (*local, *dask))
    print(f"same results (JSON without timings): {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
