"""Helpers of the translation tests: raw scenarios with faults, their problems, and the cases
of the scenario tests, read from their source so that no test module imports another."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from prioritise import scenario as sio
from prioritise.scenario import ScenarioError
from tests.factories import edited, scenario_dict, without

SCENARIO_TESTS = Path(__file__).parents[1] / "scenario" / "test_io.py"


def raw_scenario(*steps: tuple) -> dict:
    """Scenario 0 as a dict, with each (path, value) step set and each (path,) step removed."""
    raw = scenario_dict(0)
    for step in steps:
        raw = without(raw, step[0]) if len(step) == 1 else edited(raw, step[0], step[1])
    return raw


def problems_of(raw: object) -> list[str]:
    """Every problem of a raw scenario as 'location: message' (English)."""
    with pytest.raises(ScenarioError) as info:
        sio.validate_dict(raw)
    return [str(p) for p in info.value.problems]


def parametrized_cases(path: Path, test_name: str) -> list:
    """The literal argument list of a test's `pytest.mark.parametrize`, read from its file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == test_name:
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and ast.unparse(decorator.func).endswith(
                    "parametrize"
                ):
                    return ast.literal_eval(decorator.args[1])
    raise LookupError(f"{path.name} has no parametrized test {test_name}")
