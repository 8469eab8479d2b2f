"""A longer run of the hostile-file fuzzer than the test suite's (tests/scenario/hostile.py).

    python benchmarks/fuzz_scenarios.py [--cases 2000] [--seed 0] [--lang en]

Each case damages a shipped scenario (values of every TOML type, extreme numbers, keys deleted
or written twice, text cut short) and runs validate, show, score and optimise through the
command line's `main`; a broken contract is printed with the damage that caused it. Exits 1
when any case broke it.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.scenario.hostile import Broken, Seeded, hostile_file, run_commands


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--lang", choices=["es", "en"], default="en")
    args = parser.parse_args()
    choose = Seeded(args.seed)
    outcomes: Counter[str] = Counter()
    started = time.perf_counter()
    for case in range(args.cases):
        name, text, done = hostile_file(choose)
        try:
            outcomes[run_commands(text, lang=args.lang)] += 1
        except Broken as broken:
            outcomes["broken"] += 1
            print(f"case {case} ({name}: {'; '.join(done)}): {broken}", flush=True)
    seconds = time.perf_counter() - started
    print(f"{args.cases} cases in {seconds:.0f} s: {dict(outcomes)}")
    return 1 if outcomes["broken"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
