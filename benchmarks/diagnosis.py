"""Diagnosis of infeasible scenarios: time, and the size of the first repair, against the old one.

    python benchmarks/diagnosis.py [--old-commit c5e600f] [--skip-old]

Variants (docs/model.md §9):
  1. the default scenario with every region at least 6 % and none above 6.1 % (the caps add up
     to 97.6 % with the whole budget to spend);
  2. the default scenario with at most 10 funded lines (its floors need 32);
  3. the default scenario with a 5 M USD commitment in Arica y Parinacota, capped at 2 %;
  4. the default scenario with every region at least 7 % (the floors add up to 112 %);
  5. a generated 25 regions × 12 programmes × 6 areas × 3 years scenario with the default's kind
     of rules (tickets, line limit, continuity, concentration), a 1 % cap on one region and a
     5 M commitment there.
For each: the seconds the diagnosis takes once the model is built (as `optimise` runs it) and
with the model's build, the conflict, the number of changes in the first repair and its value.
The old diagnosis (one elastic model minimising a weighted sum of stretches, all its changes to
be applied together) is the project's own code at `--old-commit`, run in a child process from a
`git archive` of that commit; the ratio is old seconds / new seconds. Targets on a 2-core
machine: variants 1–4 ≤ 2 s, variant 5 ≤ 5 s (diagnosis once the model is built).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the generated scenario comes from the test factories

from tests.factories import scenario_dict  # noqa: E402

from prioritise.allocate import ModelBuilder, allocation_input, cell_values_of, diagnose  # noqa: E402
from prioritise.scenario import load, validate_dict  # noqa: E402
from prioritise.scenario.schema import Constraints, Scenario  # noqa: E402

DEFAULT = ROOT / "scenarios" / "chile_transforma_2017.toml"
OLD_COMMIT = "c5e600f"
"""The last commit whose diagnosis was the elastic model alone."""

COMMITMENT = {"programme": "mining", "enabling_area": "infrastructure", "region": "arica"}
VARIANTS: dict[str, dict[str, Any]] = {
    "caps below the budget (6 % / 6.1 %)": {"min_region_share": 0.06, "max_region_share": 0.061},
    "ten lines": {"max_lines": 10},
    "commitment above a cap": {
        "region_share": {"arica": {"max": 0.02}},
        "fixed": [{**COMMITMENT, "year": 2017, "amount": 5.0}],
    },
    "floors past 100 % (7 %)": {"min_region_share": 0.07},
}
GENERATED = "25 regions × 12 programmes"
GENERATED_RULES = {
    "spend_all": True,
    "max_programme_share": 0.2,
    "min_region_share": 0.005,
    "concentration": 0.6,
    "min_ticket": 0.25,
    "max_lines": 250,
    "continuity": 0.8,
    "enabling_share": {"a1": {"min": 0.1}},
    "region_share": {"r3": {"max": 0.01}},
    "fixed": [
        {"programme": "p2", "enabling_area": "a0", "region": "r3", "year": 2031, "amount": 5.0}
    ],
}

_OLD = """
import json, sys, time
from prioritise.allocate import allocation_input, cell_values_of, diagnose
from prioritise.scenario import load, validate_dict
from prioritise.scenario.schema import Constraints
source, rules = json.loads(sys.argv[1]), json.loads(sys.argv[2])
scenario = load(source) if isinstance(source, str) else validate_dict(source)
scenario = scenario.model_copy(update={"constraints": Constraints.model_validate(rules)})
data = allocation_input(scenario, cell_values_of(scenario))
start = time.perf_counter()
found = diagnose(data)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "fields": [r.field for r in found]}))
"""


def merged(scenario: Scenario, rules: dict[str, Any]) -> dict[str, Any]:
    """The scenario's `[constraints]` with some keys replaced; tables of shares are merged
    (a cap on one region keeps the other regions' bounds)."""
    result = scenario.constraints.model_dump(mode="json", exclude_none=True)
    for key, value in rules.items():
        if key.endswith("_share") and isinstance(value, dict):
            result[key] = {**result.get(key, {}), **value}
        else:
            result[key] = value
    return result


def with_rules(scenario: Scenario, rules: dict[str, Any]) -> Scenario:
    """The scenario with those constraints (no cross-checks: a variant may be one a file could
    not hold, such as floors past 100 %)."""
    constraints = Constraints.model_validate(merged(scenario, rules))
    return scenario.model_copy(update={"constraints": constraints})


def ours(scenario: Scenario) -> dict[str, Any]:
    data = allocation_input(scenario, cell_values_of(scenario))
    start = time.perf_counter()
    builder = ModelBuilder(data)
    built = time.perf_counter()
    diagnosis = diagnose(data, builder=builder)
    done = time.perf_counter()
    first = diagnosis.repairs[0] if diagnosis.repairs else None
    return {
        "seconds": done - built,
        "build": built - start,
        "conflict": diagnosis.conflict,
        "repairs": len(diagnosis.repairs),
        "changes": None if first is None else len(first.changes),
        "first": "none" if first is None else first.message_text("en"),
    }


def old(source: str | dict, rules: dict[str, Any], commit: str, folder: Path) -> dict | None:
    """The old diagnosis of the same variant (`rules`: its whole `[constraints]`), in a child
    process (None if it fails)."""
    code = folder / "src"
    if not code.exists():
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", commit, "src/prioritise"],
            check=True,
            capture_output=True,
        )
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    done = subprocess.run(
        [sys.executable, "-c", _OLD, json.dumps(source), json.dumps(rules)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    if done.returncode != 0:
        print(f"    old diagnosis failed: {done.stderr.strip().splitlines()[-1:]}", flush=True)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(name: str, found: dict[str, Any], target: float, before: dict | None) -> None:
    verdict = "met" if found["seconds"] <= target else "MISSED"
    print(
        f"{name:<38} diagnosis {found['seconds']:6.2f} s (+ model build {found['build']:.2f} s; "
        f"target {target:g} s: {verdict})  conflict {list(found['conflict'])}",
        flush=True,
    )
    print(f"{'':<38} {found['repairs']} repairs; the first: {found['first']}", flush=True)
    if before is None:
        return
    ratio = before["seconds"] / found["seconds"]
    print(
        f"{'':<38} old: {before['seconds']:6.2f} s (ratio {ratio:.1f}×), first repair "
        f"{len(before['fields'])} changes {before['fields']} vs {found['changes']} now",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old-commit", default=OLD_COMMIT, help="the old diagnosis's commit")
    parser.add_argument("--skip-old", action="store_true", help="only the new diagnosis")
    args = parser.parse_args()
    generated = scenario_dict(7, programmes=12, areas=6, regions=25, years=3, total=175.0)
    cases: list[tuple[str, str | dict, dict[str, Any], float]] = [
        (name, str(DEFAULT), rules, 2.0) for name, rules in VARIANTS.items()
    ]
    cases.append((GENERATED, generated, GENERATED_RULES, 5.0))
    with tempfile.TemporaryDirectory(prefix="prioritise-old-") as folder:
        for name, source, rules, target in cases:
            base = load(source) if isinstance(source, str) else validate_dict(source)
            found = ours(with_rules(base, rules))
            before = None
            if not args.skip_old:
                before = old(source, merged(base, rules), args.old_commit, Path(folder))
            report(name, found, target, before)


if __name__ == "__main__":
    main()
