"""Shared helpers of the sensitivity tests: the additive priorities computed again from the
scenario's own figures (docs/model.md §4.1–§4.2), without the library's scoring code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np

from prioritise.allocate import DEFAULT_GAP, allocation_input, optimise
from prioritise.scenario import Scenario, validate_dict
from prioritise.scoring import value_tree
from prioritise.sensitivity import SHARE_LIMIT, moved
from prioritise.sensitivity.portfolio import TOLERANCE
from tests.factories import scenario_dict

GAP = 1e-7


def normalised(scenario: Scenario) -> tuple[list[str], np.ndarray]:
    """Programme-level criteria and n_pj (programmes × criteria) by §4.1."""
    criteria = [c for c in scenario.criteria if c.level == "programme"]
    columns = []
    for c in criteria:
        x = np.array([float(p.performance.get(c.id, 0.0)) for p in scenario.programmes])
        low, high = (c.scale[0], c.scale[1]) if c.scale else (x.min(), x.max())
        if high == low:
            columns.append(np.zeros_like(x))
            continue
        n = (x - low) / (high - low)
        columns.append(1.0 - n if c.direction == "min" else n)
    return [c.id for c in criteria], np.column_stack(columns)


def additive_priorities(matrix: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """P = s / Σ s with s = n · w, for one weight vector or one per row."""
    scores = np.atleast_2d(weights) @ matrix.T
    totals = scores.sum(axis=1, keepdims=True)
    return np.where(totals > 0, scores / np.where(totals > 0, totals, 1), 1 / matrix.shape[0])


def proportional(weights: np.ndarray, k: int, grid: np.ndarray) -> np.ndarray:
    """w_j' = w_j (1 − t) / (1 − w_k), w_k' = t, one row per t, written out again."""
    rows = np.outer(1 - grid, weights / (1 - weights[k]))
    rows[:, k] = grid
    return rows


def rankings(priorities: np.ndarray) -> np.ndarray:
    """Each row's programmes best first (ties: scenario order)."""
    return np.array([sorted(range(len(row)), key=lambda p: (-row[p], p)) for row in priorities])


ROOT = Path(__file__).parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial.toml"


def run_command(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m prioritise ARGS` as a user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "prioritise", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def fresh_shares(
    scenario, weight_set: str, items: list[str], weights: np.ndarray, gap: float = GAP
) -> np.ndarray:
    """Programme shares of the budget from a new value tree and a new optimisation to `gap`
    (`DEFAULT_GAP`: as `prioritise optimise` solves it)."""
    override = {weight_set: dict(zip(items, map(float, weights), strict=True))}
    tree = value_tree(scenario, group_weights=override)
    values = np.asarray(tree.cells["value"], float).reshape(tree.model.shape)
    data = allocation_input(scenario, values)
    result = optimise(data, gap=gap, with_baselines=False, diagnose=False)
    assert result.status == "optimal"
    return result.totals.programme["share"].to_numpy(float)


def integer_scenario(seed: int):
    """Four programmes over two areas and three regions with funding decisions: every funded
    line gets at least 1.5 of the 30, and at most 10 of the 24 lines are funded."""
    raw = scenario_dict(seed, programmes=4, areas=2, regions=3)
    raw["constraints"].update({"min_ticket": 1.5, "max_lines": 10})
    return validate_dict(raw)


def optimise_agrees(scenario, intervals) -> None:
    """`optimise` run afresh at each end keeps every share within 2 points of its split at the
    group's weights, and 0.001 beyond an inner end it does not."""
    tree = value_tree(scenario)
    for interval in intervals:
        group = tree.weights[interval.set]
        items, weights = [str(i) for i in group.index], group.to_numpy(float)
        k = items.index(interval.id)
        base = fresh_shares(scenario, interval.set, items, weights, DEFAULT_GAP)
        for end, outward in ((interval.portfolio[0], -1), (interval.portfolio[1], 1)):
            at_end = fresh_shares(
                scenario, interval.set, items, moved(weights, k, end), DEFAULT_GAP
            )
            assert np.abs(at_end - base).max() <= SHARE_LIMIT + 1e-9, (interval.id, end)
            beyond = end + outward * TOLERANCE
            if end in (0.0, 1.0) or not 0.0 <= beyond <= 1.0:
                continue
            past = fresh_shares(
                scenario, interval.set, items, moved(weights, k, beyond), DEFAULT_GAP
            )
            assert np.abs(past - base).max() > SHARE_LIMIT + 1e-9, (interval.id, beyond)
