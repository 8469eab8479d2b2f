"""Shared helpers of the sensitivity tests: the additive priorities computed again from the
scenario's own figures (docs/model.md §4.1–§4.2), without the library's scoring code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np

from prioritise.scenario import Scenario


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
