"""What validates, runs: damaged copies of the shipped scenarios either fail validation with
located problems in plain words, or show, score and optimise without an error.

The damage (`tests.scenario.mutations`) is what hand edits do to a file: numbers replaced by
inf, nan, negatives, huge values, zero or text; keys and table cells deleted; lists emptied;
weights all zero; pairwise comparisons cut in two; ids used twice. Hypothesis draws it with a
fixed seed (`derandomize=True`), so every run checks the same cases.
"""

from __future__ import annotations

import copy
import random

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from prioritise.scenario import ScenarioError, validate_dict
from tests.scenario.mutations import (
    REPR,
    SHIPPED,
    Draws,
    disconnect_pairwise,
    drop_cell,
    mutated,
    outcome,
    shipped_raw,
    zero_weights,
)


@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_a_damaged_scenario_is_refused_in_words_or_runs(data: st.DataObject) -> None:
    name, raw, done = mutated(Draws(data))
    note(f"{name}: {done}")
    result = outcome(raw, time_limit=1.0)
    assert result in ("invalid", "ran"), result


def test_every_shipped_scenario_runs_undamaged() -> None:
    for name in SHIPPED:
        assert outcome(copy.deepcopy(shipped_raw(name)), time_limit=2.0) == "ran", name


def test_the_damage_leaves_some_copies_valid_and_breaks_others() -> None:
    """The mutations neither break every copy (nothing would reach the commands) nor none."""
    choose = Seeded(3)
    valid = 0
    for _ in range(60):
        _, raw, _ = mutated(choose)
        try:
            validate_dict(raw)
        except ScenarioError:
            continue
        valid += 1
    assert 3 <= valid <= 50, valid  # tiny numbers (1e-300) are refused too


class Seeded:
    """A seeded `random.Random` as a `Chooser`."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def index(self, n: int) -> int:
        return self.random.randrange(n)


class First:
    """Always the first choice: a mutation applied where it first can be."""

    def index(self, n: int) -> int:
        return 0


def test_the_checker_itself_spots_a_python_repr() -> None:
    assert REPR.search("must be a number (got <class 'float'>)")
    assert REPR.search("got nan")
    assert REPR.search("ranks.criteria[1].constrained-str: must be text")
    assert not REPR.search("must be a number (got a value that is not a number)")
    raw = copy.deepcopy(shipped_raw("tutorial"))
    raw["budget"]["total"] = "thirty"
    assert outcome(raw) == "invalid"


@pytest.mark.parametrize(
    ("damage", "where"),
    [
        (zero_weights, "stakeholders[0].criteria"),
        (disconnect_pairwise, "stakeholders[2].pairwise.criteria.matrix"),
    ],
)
def test_the_named_damage_is_a_located_error(damage, where: str) -> None:
    raw = copy.deepcopy(shipped_raw("tutorial"))
    assert damage(raw, First()) is not None
    with pytest.raises(ScenarioError) as caught:
        validate_dict(raw)
    assert where in [problem.location for problem in caught.value.problems]


def test_a_dropped_cell_still_runs() -> None:
    raw = copy.deepcopy(shipped_raw("tutorial"))
    assert drop_cell(raw, First()) is not None
    assert outcome(raw, time_limit=5.0) == "ran"
