"""The installed console script, started afresh for every command as a user would.

`--json` must put exactly one JSON object on standard output and nothing else (no solver
banner, no progress), whatever the versions of the solver libraries.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
TIMING_KEYS = {"seconds"}
"""Fields that measure time; everything else in a result is determined by its inputs."""


def console_script() -> str:
    """The `prioritise` command installed beside this interpreter (the README's install)."""
    beside = Path(sys.executable).with_name("prioritise")
    found = str(beside) if beside.is_file() else shutil.which("prioritise")
    assert found, "the prioritise console script is not installed (pip install -e .)"
    return found


def run(*args: str, cwd: Path = ROOT, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [console_script(), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        env={**os.environ, "PYTHONWARNINGS": "default"},
    )


def without_timing(payload: object) -> object:
    if isinstance(payload, dict):
        return {k: without_timing(v) for k, v in payload.items() if k not in TIMING_KEYS}
    if isinstance(payload, list):
        return [without_timing(v) for v in payload]
    return payload


COMMANDS = [
    ("score",),
    ("optimise",),
    ("sweep",),
    ("robustness", "--draws", "40", "--seed", "3"),
]


@pytest.mark.slow
@pytest.mark.parametrize("scenario", ["tutorial", "chile_transforma_2017"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_json_is_the_whole_of_standard_output(command: tuple[str, ...], scenario: str) -> None:
    path = ROOT / "scenarios" / f"{scenario}.toml"
    result = run(command[0], str(path), *command[1:], "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)  # the entire stdout: nothing before or after
    assert isinstance(payload, dict) and payload
    assert "Traceback" not in result.stderr


def test_shipped_scenarios_are_named_from_any_directory(tmp_path: Path) -> None:
    listed = run("list", "--json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    names = [item["name"] for item in json.loads(listed.stdout)["scenarios"]]
    assert names[0] == "chile_transforma_2017" and names[-1] == "tutorial"
    assert "chile_clusters_2008" in names
    text = run("list", cwd=tmp_path).stdout
    assert "tutorial" in text and "Transforma" in text
    result = run("optimise", "tutorial", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["status"] == "optimal"
    assert run("validate", "chile_transforma_2017.toml", cwd=tmp_path).returncode == 0


def test_an_unknown_name_lists_the_shipped_scenarios(tmp_path: Path) -> None:
    result = run("score", "chile_transforma", cwd=tmp_path)
    assert result.returncode == 2
    assert "no such file, nor a shipped scenario" in result.stderr
    assert "did you mean 'chile_transforma_2017'?" in result.stderr
    assert result.stdout == ""


def test_a_file_in_the_working_directory_wins_over_a_shipped_name(tmp_path: Path) -> None:
    (tmp_path / "tutorial").write_text("not toml = [", encoding="utf-8")
    result = run("validate", "tutorial", cwd=tmp_path)
    assert result.returncode == 2 and "tutorial:" in result.stderr


def test_sweep_without_budgets_uses_a_quarter_to_four_times_the_budget() -> None:
    result = run("sweep", "tutorial", "--json")
    assert result.returncode == 0, result.stderr
    budgets = [point["budget"] for point in json.loads(result.stdout)["points"]]
    # the tutorial: 30 M USD; Emilia-Romagna's 700 M USD is added for scenarios in USD
    assert budgets == [7.5, 15.0, 30.0, 60.0, 120.0, 700.0]


@pytest.mark.slow
def test_robustness_is_the_same_for_the_same_seed_whatever_the_workers() -> None:
    """200 draws on the default scenario: the LP has alternative optima there, so the
    answer must not depend on which worker solves which draw, nor how many there are."""
    runs = {
        label: run(
            "robustness", "chile_transforma_2017", "--draws", "200", "--seed", "7",
            "--workers", workers, "--json",
        )
        for label, workers in (("one", "1"), ("two", "2"), ("two again", "2"))
    }
    for result in runs.values():
        assert result.returncode == 0, result.stderr
    payloads = {label: json.loads(result.stdout) for label, result in runs.items()}
    assert payloads["one"]["workers"] == 1 and payloads["two"]["workers"] == 2
    for payload in payloads.values():
        payload.pop("workers")
    texts = {label: json.dumps(without_timing(p), sort_keys=True) for label, p in payloads.items()}
    assert texts["one"] == texts["two"] == texts["two again"]
