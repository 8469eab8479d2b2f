"""Time and peak memory of checking the worst scenario files up to the size cap.

    python benchmarks/hostile_parsing.py [--case NAME]

Each case is generated in memory (up to the cap, `PRIORITISE_MAX_FILE_MB`, default 1 MB) and
checked by `prioritise.scenario.loads` in a fresh process, so that its peak memory is its own;
the figures printed are the wall and CPU time of `loads`, the process's peak resident memory,
and what `loads` said. Targets (docs/scenario-format.md, "Limits"): at most 2 s and 200 MB each.
Cases past a bound (20,000-level dotted keys, lists 497 deep, inline tables 331 deep, more keys
than allowed) must be refused by the scan before the parser sees them; cases just inside the
bounds (as many keys as allowed, the deepest nesting allowed, one long string, a scenario
with a table of 17,100 cells) go all the way through validation.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from prioritise.scenario import ScenarioError, loads, max_file_bytes
from prioritise.scenario.limits import MAX_DEPTH, MAX_KEYS

ROOT = Path(__file__).resolve().parents[1]
FORMAT = 'format = "prioritise-scenario/1"\n'
TUTORIAL = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")


def _fill(line: Callable[[int], str], size: int) -> str:
    """Lines `line(0)`, `line(1)`, ... up to `size` characters."""
    parts, total, i = [], 0, 0
    while total < size:
        parts.append(line(i))
        total += len(parts[-1])
        i += 1
    return "".join(parts)[:size]


def _rows() -> str:
    cells = ", ".join(f"c{j} = {j}" for j in range(19))
    return "".join(f"r{i} = {{ {cells} }}\n" for i in range(900))


def _rows() -> str:
    cells = ", ".join(f"c{j} = {j}" for j in range(19))
    return "".join(f"r{i} = {{ {cells} }}\n" for i in range(900))


def _cases(cap: int) -> dict[str, Callable[[], str]]:
    deep = MAX_DEPTH // 2 - 2  # nesting just inside the bound, as the scan counts it
    keys_inside = MAX_KEYS - 50
    return {
        "dotted keys 20,000 levels": lambda: "a" + ".a" * 20_000 + " = 1\n",
        "dotted keys to the cap": lambda: "a" + ".a" * (cap // 2 - 4) + " = 1\n",
        "lists 497 deep": lambda: "a = " + "[" * 497 + "]" * 497 + "\n",
        "inline tables 331 deep": lambda: "a = " + "{b = " * 331 + "1" + "}" * 331 + "\n",
        "lists as deep as allowed, to the cap": lambda: _fill(
            lambda i: f"k{i} = " + "[" * deep + "1" + "]" * deep + "\n", cap
        ),
        "keys past the bound": lambda: _fill(lambda i: f"k{i} = {i}\n", cap),
        "keys as many as allowed, long values": lambda: (
            FORMAT
            + "".join(
                f"k{i} = '{'x' * max(1, cap // keys_inside - 12)}'\n" for i in range(keys_inside)
            )[:cap]
        ),
        "one string to the cap": lambda: "a = '" + "x" * (cap - 10) + "'\n",
        "comments to the cap": lambda: _fill(lambda i: "# [a.b.c] = [[{\n", cap),
        "blank lines to the cap": lambda: "\n" * cap,
        "a scenario with a table of 17,100 cells": lambda: (
            TUTORIAL + "\n[tables.extra]\n" + _rows()
        ),
        "a scenario with 19,000 unknown keys": lambda: TUTORIAL.replace(
            "[budget]", "".join(f"unknown_{i} = {i}\n" for i in range(19_000)) + "\n[budget]"
        ),
        "twice the cap": lambda: "#" * (2 * cap),
    }


def run_case(name: str) -> dict[str, object]:
    text = _cases(max_file_bytes())[name]()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu = time.perf_counter(), time.process_time()
    try:
        loads(text.encode("utf-8"))
        said = "valid"
    except ScenarioError as error:
        first = error.problems[0]
        said = f"{len(error.problems)} problem(s): {first.line('en')[:90]}"
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "case": name,
        "bytes": len(text.encode("utf-8")),
        "seconds": seconds,
        "cpu": cpu,
        "peak_mb": peak / 1024,
        "added_mb": (peak - before) / 1024,
        "said": said,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", help="run one case in this process and print it as JSON")
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case)))
        return 0
    print(f"cap {max_file_bytes():,} bytes; targets: 2 s and 200 MB each")
    print(f"{'case':42} {'bytes':>10} {'wall s':>7} {'CPU s':>6} {'peak MB':>8}  outcome")
    worst = 0.0, 0.0, 0.0
    for name in _cases(max_file_bytes()):
        found = subprocess.run(
            [sys.executable, __file__, "--case", name], capture_output=True, text=True, check=True
        )
        row = json.loads(found.stdout)
        worst = (
            max(worst[0], row["seconds"]),
            max(worst[1], row["cpu"]),
            max(worst[2], row["peak_mb"]),
        )
        print(
            f"{name:42} {row['bytes']:>10,} {row['seconds']:>7.3f} {row['cpu']:>6.3f} "
            f"{row['peak_mb']:>8.1f}  {row['said'][:70]}"
        )
    print(f"worst: {worst[0]:.3f} s wall, {worst[1]:.3f} s CPU, {worst[2]:.1f} MB peak")
    print(f"(load average {os.getloadavg()[0]:.1f}: wall times grow with it, CPU times less so)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
