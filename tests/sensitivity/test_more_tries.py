"""An end whose check needs more fresh splits than its first try allows is settled by a later
try, while time is left (docs/model.md §14.3)."""

from __future__ import annotations

import pytest

from prioritise.sensitivity import analysis, run_sensitivity
from tests.sensitivity.helpers import integer_scenario, optimise_agrees


def _checked(monkeypatch: pytest.MonkeyPatch, most: int) -> tuple[int, int]:
    """(weights checked at both ends, weights) when each end's first try may solve one fresh
    split only (too few for its two checks) and later tries up to `most` (0: none)."""
    monkeypatch.setattr(analysis, "FRESH_SOLVES", 1)
    monkeypatch.setattr(analysis, "MOST_SOLVES", most)
    scenario = integer_scenario(3)
    result = run_sensitivity(scenario, seconds=300)
    assert result.integer
    checked = [w for w in result.weights if w.portfolio_checked]
    optimise_agrees(scenario, checked)
    return len(checked), len(result.weights)


def test_ends_a_first_try_leaves_unchecked_are_settled_by_later_tries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    once, weights = _checked(monkeypatch, most=0)  # no try after the first
    assert once < weights  # one fresh split cannot make an end's two checks
    again, _ = _checked(monkeypatch, most=27)  # tries of 1, 3, 9 and 27 fresh splits
    assert again > once and again >= weights - 1
