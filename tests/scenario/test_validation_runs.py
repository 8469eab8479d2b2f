"""What validates, runs: each input that used to pass validation and then fail in scoring or
optimising is now a located validation error, in plain words in both languages.

Each case shows both halves: the scoring or optimising code refuses the input (so the rule
is needed), and validation names its place in the file (so the user hears it first).
"""

from __future__ import annotations

import copy
import math

import pytest

from prioritise.allocate import optimise_scenario
from prioritise.scenario import Scenario, ScenarioError, validate_dict
from prioritise.scenario.weight_checks import MAX_PAIRWISE_ITEMS, linked_groups
from prioritise.scoring import PreferenceFunction, value_tree
from prioritise.text import LANGUAGES, LocalizedError
from prioritise.weights import RANDOM_INDEX, ahp
from tests.factories import edited, scenario_dict, without
from tests.scenario.mutations import REPR


def problems(raw: dict) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        validate_dict(raw)
    for problem in info.value.problems:
        for lang in LANGUAGES:
            assert not REPR.search(problem.line(lang)), problem.line(lang)
    return [str(p) for p in info.value.problems]


def unchecked(raw: dict) -> Scenario:
    """The model alone, without the checks across sections: what the commands would get."""
    return Scenario.model_validate(raw)


PAIRWISE = {"items": ["growth", "jobs", "cost"], "matrix": [[1, 3, 0], [1 / 3, 1, 0], [0, 0, 1]]}


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("budget.total", math.inf, "budget.total: must be a finite number"),
        (
            "programmes.0.performance.jobs",
            math.nan,
            'programmes no. 1 (id = "p0"), performance.jobs: must be a',
        ),
        (
            "regions.0.gdp_share",
            math.nan,
            'regions no. 1 (id = "r0"), gdp_share: must be a finite number',
        ),
        (
            "criteria.1.scale",
            [0.0, math.inf],
            'criteria no. 2 (id = "jobs"), scale no. 2: must be a finite number',
        ),
        ("tables.specialisation.p0.r0", math.inf, "tables.specialisation.p0.r0: must be a finite"),
        (
            "stakeholders.0.influence",
            math.inf,
            'stakeholders no. 1 (id = "s0"), influence: must be a finite',
        ),
        (
            "criteria.0.name",
            math.nan,
            'criteria no. 1 (id = "growth"), name: must be text (in quotes) (got a value',
        ),
        (
            "criteria.0.direction",
            math.inf,
            "criteria no. 1 (id = \"growth\"), direction: must be one of 'max' or 'min'",
        ),
        (
            "criteria.0.name",
            [1],
            'criteria no. 1 (id = "growth"), name: must be text (in quotes) (got a list)',
        ),
        ("budget.total", 1e300, "budget.total: 1e+300 is too large: at most 1e+15 in size"),
        (
            "regions.0.population",
            10**18,
            'regions no. 1 (id = "r0"), population: 1e+18 is too large',
        ),
        ("budget.total", 10**400, "budget.total: 1e+400 is too large"),
        ("tables.need.p0.a0", 2e16, "tables.need.p0.a0: 2e+16 is too large"),
        (
            "stakeholders.0.criteria",
            {},
            'stakeholders no. 1 (id = "s0"), criteria: weights are all zero',
        ),
        (
            "stakeholders.0.ranks",
            {"criteria": [[], "jobs"]},
            'stakeholders no. 1 (id = "s0"), ranks.criteria no. 1',
        ),
        (
            "stakeholders.0.pairwise",
            {"criteria": PAIRWISE},
            'stakeholders no. 1 (id = "s0"), pairwise.criteria',
        ),
        (
            "stakeholders.0.pairwise",
            {"criteria": {"items": [f"c{k}" for k in range(16)], "matrix": [[1.0] * 16] * 16}},
            'stakeholders no. 1 (id = "s0"), pairwise.criteria.items: 16 items are too many to compare in pairs',
        ),
        (
            "returns.capacity_basis",
            "capacity",
            'regions no. 1 (id = "r0"): this region needs a figure for',
        ),
        (
            "criteria.0.preference",
            {"function": "v_shape", "p": 0.0},
            'criteria no. 1 (id = "growth"), preference:',
        ),
        (
            "criteria.0.preference",
            {"function": "linear", "q": 1.0, "p": 1.0},
            "criteria no. 1 (id = \"growth\"), preference: the 'linear' function needs the indifference threshold q",
        ),
        ("criteria.0.level", {"a": 1}, 'criteria no. 1 (id = "growth"), level: must be one of'),
        ("tables.need.sources", "made-up", "tables.need.sources: must be a table of source ids"),
        ("tables.need.p0", 3, "tables.need.p0: must be a row of numbers"),
        ("budget", [1, 2], "budget: must be a table"),
        ("scenario.timezone", "x" * 300, "scenario.timezone: 'xxx"),
        ("returns.capacity_basis", [], "returns.capacity_basis: must be one of 'population'"),
        (
            "stakeholders.0.pairwise",
            {"criteria": PAIRWISE | {"items": ["growth", math.nan, "cost"]}},
            'stakeholders no. 1 (id = "s0"), pairwise.criteria.items no. 2: must be text',
        ),
        ("format", math.nan, "format: must be text (in quotes) (got a value that is not a number)"),
        (
            "constraints.fixed",
            [{"programme": "p0", "enabling_area": "a0", "region": "r0", "amount": 1.0}],
            "constraints.fixed no. 1, year: required, but missing",
        ),
    ],
)
def test_what_would_fail_later_is_a_located_error(path: str, value: object, expected: str) -> None:
    raw = edited(scenario_dict(0), path, value)
    if path.startswith("stakeholders.0.") and path != "stakeholders.0.criteria":
        raw = without(raw, "stakeholders.0.criteria")
    found = problems(raw)
    assert any(line.startswith(expected) for line in found), found


def test_a_disconnected_pairwise_matrix_fails_scoring_and_validation() -> None:
    raw = without(scenario_dict(0), "stakeholders.0.criteria")
    raw = edited(raw, "stakeholders.0.pairwise", {"criteria": PAIRWISE})
    with pytest.raises(LocalizedError):
        value_tree(unchecked(raw))
    found = problems(raw)
    assert (
        "stakeholders no. 1 (id = \"s0\"), pairwise.criteria.matrix: the comparisons never link 'growth' and 'jobs'"
        " with 'cost'"
    ) in found[0], found
    linked = copy.deepcopy(PAIRWISE)
    linked["matrix"][1][2], linked["matrix"][2][1] = 2, 0.5  # jobs against cost links all three
    assert validate_dict(edited(raw, "stakeholders.0.pairwise", {"criteria": linked}))


@pytest.mark.parametrize(
    ("size", "pairs", "groups"),
    [
        (1, [], [[0]]),
        (3, [(0, 1), (1, 2)], [[0, 1, 2]]),
        (4, [(0, 2), (3, 1)], [[0, 2], [1, 3]]),
        (5, [(4, 0), (2, 4)], [[0, 2, 4], [1], [3]]),
    ],
)
def test_linked_groups_are_the_connected_components(size, pairs, groups) -> None:
    assert linked_groups(size, pairs) == groups


def test_the_pairwise_limit_is_the_random_index_table() -> None:
    assert all(len(table) == MAX_PAIRWISE_ITEMS for table in RANDOM_INDEX.values())
    many = [f"c{k}" for k in range(MAX_PAIRWISE_ITEMS + 1)]
    with pytest.raises(LocalizedError):
        ahp([[1.0] * len(many) for _ in many], many)


def test_a_missing_capacity_figure_fails_optimising_and_validation() -> None:
    raw = edited(scenario_dict(0), "returns.capacity_basis", "gdp")
    raw = without(raw, "regions.1.gdp_share")
    with pytest.raises(LocalizedError):
        optimise_scenario(unchecked(raw), time_limit=5)
    assert (
        'regions no. 2 (id = "r1"): this region needs a figure for share of GDP' in problems(raw)[0]
    )
    zeros = edited(scenario_dict(0), "returns.capacity_basis", "gdp")
    for i in range(3):
        zeros = edited(zeros, f"regions.{i}.gdp_share", 0.0)
    assert any(line.startswith("returns.capacity_basis: ") for line in problems(zeros))


def test_a_line_committed_twice_fails_optimising_and_validation() -> None:
    line = {"programme": "p0", "enabling_area": "a0", "region": "r0", "year": 2030, "amount": 1.0}
    raw = edited(scenario_dict(0), "constraints.fixed", [line, dict(line)])
    with pytest.raises(LocalizedError):
        optimise_scenario(unchecked(raw), time_limit=5)
    found = problems(raw)
    assert (
        "constraints.fixed no. 2: commits money to the same line and year as constraints.fixed no. 1"
        in (found[0])
    )


def test_geometric_aggregation_needs_an_item_everyone_weights() -> None:
    raw = edited(scenario_dict(0), "priority.aggregation", "geometric")
    raw = edited(raw, "stakeholders.0.criteria", {"growth": 1.0, "jobs": 0.0, "cost": 0.0})
    raw = edited(raw, "stakeholders.1.criteria", {"growth": 0.0, "jobs": 1.0, "cost": 1.0})
    with pytest.raises(LocalizedError):
        value_tree(unchecked(raw))
    assert any(
        line.startswith("priority.aggregation: with the geometric mean") for line in (problems(raw))
    )
    heard_not = edited(raw, "stakeholders.1.influence", 0.0)  # no say: its zeros do not count
    assert value_tree(validate_dict(heard_not)).programmes.sum() == pytest.approx(1.0)


@pytest.mark.parametrize(
    "spec", [{"function": "v_shape", "p": 0.0}, {"function": "linear", "q": 1.0, "p": 1.0}]
)
def test_preference_thresholds_that_scoring_refuses_are_errors(spec: dict) -> None:
    with pytest.raises(LocalizedError):
        PreferenceFunction.of(spec)
    raw = edited(scenario_dict(0), "criteria.1.preference", spec)
    assert any(
        line.startswith('criteria no. 2 (id = "jobs"), preference: the ') for line in problems(raw)
    )


def test_a_missing_cell_outside_a_fixed_scale_is_an_error() -> None:
    raw = edited(scenario_dict(0), "criteria.3.scale", [0.1, 5.0])
    del raw["tables"]["specialisation"]["p1"]["r2"]
    with pytest.raises(LocalizedError):
        value_tree(unchecked(raw))
    found = problems(raw)
    assert found == [
        "tables.specialisation.p1.r2: missing: an empty cell counts as 0, which is outside the"
        " criterion's scale [0.1, 5]; give a value"
    ]
    del raw["tables"]["specialisation"]["p2"]
    assert "tables.specialisation.p2: missing: an empty cell counts as 0" in problems(raw)[-1]


def test_locations_name_the_file_only() -> None:
    """pydantic's names for the branches of a union never reach a location, and an id that
    starts like one ('strategic', 'integration') stays whole."""
    raw = edited(scenario_dict(0), "stakeholders.0.criteria.strategic", 1.0)
    assert problems(raw)[0].startswith(
        'stakeholders no. 1 (id = "s0"), criteria.strategic: unknown criterion'
    )
    raw = without(scenario_dict(0), "stakeholders.0.criteria")
    for entry, expected in (
        (
            math.nan,
            [
                'stakeholders no. 1 (id = "s0"), ranks.criteria no. 2: must be text (in quotes) (got a value'
            ],
        ),
        (
            ["jobs", 3],
            [
                'stakeholders no. 1 (id = "s0"), ranks.criteria row 2, column 2: must be text (in quotes) (got 3)'
            ],
        ),
    ):
        ranks = {"criteria": ["growth", entry]}
        found = problems(edited(raw, "stakeholders.0.ranks", ranks))
        assert [line[: len(expected[0])] for line in found] == expected, found
