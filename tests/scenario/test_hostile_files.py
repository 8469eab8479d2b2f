"""Hostile scenario files through validate, show, score and optimise (the CLI's `main`).

Hypothesis damages the shipped scenarios (`tests.scenario.hostile`: values of every TOML type,
extreme numbers, keys deleted or written twice, text cut short) with a fixed seed and a bounded
number of cases; `benchmarks/fuzz_scenarios.py` runs many more. Each must end in exit 0 or 2,
its problems located and in words, no traceback, no Python repr, no RuntimeWarning. The
smallest cases of the hostile-input review are kept as they were found.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from tests.scenario.hostile import hostile_file, run_commands
from tests.scenario.mutations import Draws

TUTORIAL = (Path(__file__).parents[2] / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")
AHP = "matrix = [[1, 3, 2], [0.3333333333333333, 1, 0.5], [0.5, 2, 1]]"


@settings(
    max_examples=40,  # about 15 s on two cores; benchmarks/fuzz_scenarios.py runs thousands
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # shrinking a case of four commands takes minutes
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_a_hostile_file_is_refused_in_words_or_runs(data: st.DataObject) -> None:
    name, text, done = hostile_file(Draws(data))
    note(f"{name}: {done}")
    assert run_commands(text, lang=data.draw(st.sampled_from(["en", "es"]))) in ("invalid", "ran")


FOUND = {
    "a date-time for the budget": ("total = 30.0", "total = 2024-01-01T00:00:00Z"),
    "a time of day for the unit": ("unit = 1_000_000", "unit = 07:32:00"),
    "an infinite unit": ("unit = 1_000_000", "unit = inf"),
    "a subnormal unit": ("unit = 1_000_000", "unit = 1e-320"),
    "a subnormal saturation": ("saturation = 4.0", "saturation = 1e-320"),
    "an infinite budget": ("total = 30.0", "total = inf"),
    "a budget past every bound": ("total = 30.0", "total = -1e308"),
    "AHP cells whose products overflow": (
        AHP,
        "matrix = [[1, 1e300, 1e300], [1e-300, 1, 1e300], [1e-300, 1e-300, 1]]",
    ),
    "an AHP cell off the scale": (AHP, "matrix = [[1, 5000, 2], [0.0002, 1, 0.5], [0.5, 2, 1]]"),
    "AHP cells at the ends of the scale": (
        AHP,
        "matrix = [[1, 1000, 1000], [0.001, 1, 1000], [0.001, 0.001, 1]]",
    ),
    "a large budget within bounds": (
        "total = 30.0\nyears = [2025, 2026]\nper_year = [15.0, 15.0]",
        "total = 9e14\nyears = [2025, 2026]\nper_year = [4.5e14, 4.5e14]",
    ),
    "a tiny saturation within bounds": ("saturation = 4.0", "saturation = 1e-9"),
    "a huge saturation within bounds": ("saturation = 4.0", "saturation = 1e14"),
}


@pytest.mark.parametrize(("old", "new"), list(FOUND.values()), ids=list(FOUND))
def test_the_cases_found_by_hand_end_in_words(old: str, new: str) -> None:
    assert old in TUTORIAL
    text = TUTORIAL.replace(old, new, 1)
    outcome = run_commands(text, time_limit=5.0)
    valid = new.endswith(
        ("1000, 1000], [0.001, 1, 1000], [0.001, 0.001, 1]]", "4.5e14]", "1e-9", "1e14")
    )
    assert outcome == ("ran" if valid else "invalid")
