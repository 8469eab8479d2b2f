"""`optimise --time-limit S` returns within S, whatever the solver does (docs/model.md §16).

Two cases that used to run far past their limit: the 2008 clusters scenario as shipped (the main
solve kept its 3 s, then pricing the rules took 30 s more and the fair baselines 10 s more: 47 s
in all), and the same scenario with its rules emptied, solved with the HiGHS presolve rule that
does not look at the clock (over a minute of presolve at a 5 s limit; the project turns that rule
off, the test turns it back on to stand for any phase deaf to the limit).

Why the bound is robust on a loaded machine: the deadline runs on the wall clock, so a solver
starved of CPU stops at the same wall time. What load stretches is the rest. Starting Python and
importing the libraries (seconds on a busy machine, and varying) happen before the command
starts: the timing begins when `main` is called, the libraries already imported. Reading and
scoring the scenario and building the model count, and are measured separately, in the same
conditions, by the same command with a limit of 0.01 s (everything but the solving); that is
allowed on top of limit × 1.2, with half a second for the scheduler.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
LIMIT = 3.0
SLACK = 0.5
CLUSTERS = ROOT / "src" / "prioritise" / "data" / "chile_clusters_2008.toml"
COMMAND = """
import sys, time
import prioritise.allocate.matrices as m
if sys.argv[1] == "deaf":
    m.AGGREGATOR_OFF = 0
import prioritise.allocate, prioritise.cli.analysis, prioritise.cli.text, prioritise.scoring
from prioritise.cli import main
start = time.monotonic()
code = main(sys.argv[2:])
print(f"{time.monotonic() - start:.3f}", file=sys.stderr)
raise SystemExit(code)
"""
"""The command, timed from the call of `main` (the libraries imported); "deaf" turns on the
presolve rule that does not look at the clock."""


def timed(*args: str, deaf: bool = False) -> tuple[float, subprocess.CompletedProcess[str]]:
    done = subprocess.run(
        [sys.executable, "-c", COMMAND, "deaf" if deaf else "plain", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    *before, seconds = done.stderr.strip().splitlines() or ["nan"]
    done.stderr = "\n".join(before)
    return float(seconds), done


@pytest.fixture(scope="module")
def rules_emptied(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = CLUSTERS.read_text(encoding="utf-8")
    head, _, _ = text.partition("\n[constraints]\n")
    path = tmp_path_factory.mktemp("limit") / "clusters_without_rules.toml"
    path.write_text(head + "\n[constraints]\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def start_up() -> float:
    """Seconds the command takes with no time to solve (reading, scoring, building)."""
    seconds, done = timed("optimise", str(CLUSTERS), "--time-limit", "0.01", "--lang", "en")
    assert done.returncode == 1 and "No allocation was found within the time limit" in done.stdout
    return seconds


def _check(seconds: float, done: subprocess.CompletedProcess[str], start_up: float) -> None:
    assert "Traceback" not in done.stderr and done.stderr.strip() == "", done.stderr
    assert done.returncode in (0, 1), done.stdout
    assert seconds <= LIMIT * 1.2 + start_up + SLACK, (seconds, start_up, done.stdout[:300])


def test_the_shipped_scenario_keeps_its_limit(start_up: float) -> None:
    """The default 30 s of rule pricing and the baselines get only what the solve left."""
    seconds, done = timed("optimise", str(CLUSTERS), "--time-limit", str(LIMIT), "--lang", "en")
    _check(seconds, done, start_up)
    status = ("Optimal", "Good, not proven the best", "No allocation was found")
    assert any(line.startswith(status) for line in done.stdout.splitlines()[:2]), done.stdout


def test_a_solver_deaf_to_its_limit_is_stopped(rules_emptied: Path, start_up: float) -> None:
    seconds, done = timed(
        "optimise", str(rules_emptied), "--time-limit", str(LIMIT), "--lang", "en", deaf=True
    )
    _check(seconds, done, start_up)
    assert done.returncode == 1
    assert "No allocation was found within the time limit of 3.0 s" in done.stdout
