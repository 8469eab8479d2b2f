"""Scenario files: every validation rule, round trips, and hostile input."""

from __future__ import annotations

import codecs
import os
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prioritise.scenario import ScenarioError
from prioritise.scenario import io as sio
from prioritise.scenario.toml_writer import dumps_toml
from tests.factories import edited, scenario_dict, without

TUTORIAL = Path(__file__).parents[2] / "scenarios" / "tutorial.toml"


def problems(raw: dict) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        sio.validate_dict(raw)
    return [str(p) for p in info.value.problems]


def test_generated_scenario_is_valid() -> None:
    scenario = sio.validate_dict(scenario_dict(1))
    assert scenario.programme_ids == ["p0", "p1", "p2"]


def test_a_table_row_may_cite_its_own_source() -> None:
    raw = edited(scenario_dict(0), "tables.need.sources", {"p1": "made-up"})
    scenario = sio.validate_dict(raw)
    assert scenario.row_source("need", "p1") == "made-up"
    assert scenario.row_source("need", "p0") == "illustrative"
    assert set(scenario.table("need")) == {"p0", "p1", "p2"}
    assert sio.loads(sio.dumps(scenario)) == scenario


def test_tutorial_round_trips_through_a_file(tmp_path: Path) -> None:
    scenario = sio.load(TUTORIAL)
    target = tmp_path / "copy.toml"
    sio.save(scenario, target)
    assert sio.load(target) == scenario
    assert not [p for p in tmp_path.iterdir() if p.name != "copy.toml"], "temp file left behind"


def test_save_is_atomic_when_writing_fails(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "keep.toml"
    target.write_text("precious", encoding="utf-8")

    def broken_fsync(_fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        sio.save(sio.load(TUTORIAL), target)
    assert target.read_text(encoding="utf-8") == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.toml"]


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            "stakeholders.0.criteria.growht",
            5.0,
            "stakeholders no. 1 (id = \"s0\"), criteria.growht: unknown criterion 'growht' (did you mean 'growth'?)",
        ),
        (
            "programmes.1.performance.growth",
            "high",
            'programmes no. 2 (id = "p1"), performance.growth: must be a number',
        ),
        ("scenario.languge", "es", "scenario: unknown key 'languge' (did you mean 'language'?)"),
        ("priority.method", "electre", "priority.method: 'electre' is not allowed"),
        (
            "constraints.min_region_share",
            1.5,
            "constraints.min_region_share: must be less than or equal to 1",
        ),
        (
            "regions.0.population",
            -3,
            'regions no. 1 (id = "r0"), population: must be greater than or equal to 0',
        ),
        (
            "budget.per_year",
            [10.0, 10.0],
            "budget.per_year: adds up to 20 M USD, not the total 30 M USD",
        ),
        ("budget.per_year", [30.0], "budget.per_year: has 1 amount for 2 years"),
        ("budget.years", [2031, 2030], "budget.years: years must be in increasing order"),
        ("tables.need.p9", {"a0": 1.0}, "tables.need.p9: unknown programme 'p9'"),
        ("tables.need.p0", {"a7": 1.0}, "tables.need.p0.a7: unknown enabling area 'a7'"),
        (
            "tables.specialisation.p0",
            {"r0": -1.0},
            "tables.specialisation.p0.r0: must be a finite number, zero or more",
        ),
        ("tables.specialty", {"p0": {"r0": 1.0}}, "tables.specialty: a table must be 'need'"),
        (
            "criteria.0.source",
            "oecd",
            "criteria no. 1 (id = \"growth\"), source: unknown source 'oecd'",
        ),
        (
            "programmes.0.performance.growth",
            7.0,
            'programmes no. 1 (id = "p0"), performance.growth: 7 is outside the criterion\'s scale [1, 5]',
        ),
        (
            "regions.0.performance.lagging",
            1.5,
            'regions no. 1 (id = "r0"), performance.lagging: 1.5 is outside the criterion\'s scale [0, 1]',
        ),
        (
            "tables.need.sources",
            {"p0": "nowhere"},
            "tables.need.sources.p0: unknown source 'nowhere'",
        ),
        (
            "tables.need.sources",
            {"p7": "made-up"},
            "tables.need.sources.p7: unknown programme 'p7'",
        ),
        ("tables.need.p0", {"a0": "many"}, "tables.need.p0.a0: must be a number"),
        ("budget.source", "oecd", "budget.source: unknown source 'oecd'"),
        (
            "criteria.0.scale",
            [5.0, 1.0],
            'criteria no. 1 (id = "growth"), scale: scale must be [low, high]',
        ),
        (
            "regions.1.id",
            "r0",
            "regions no. 2 (id = \"r0\"), id: 'r0' is used already by regions no. 1",
        ),
        ("programmes.0.id", "9lives", 'programmes no. 1 (id = "9lives"), id: must be an id'),
        (
            "stakeholders.0.criteria",
            {"growth": 0.0, "jobs": 0.0, "cost": 0.0},
            'stakeholders no. 1 (id = "s0"), criteria: weights are all zero',
        ),
        (
            "stakeholders.0.influence",
            -1.0,
            'stakeholders no. 1 (id = "s0"), influence: must be greater than or equal to 0',
        ),
        (
            "stakeholders.1.ranks",
            {"criteria": ["growth", "growth"]},
            'stakeholders no. 2 (id = "s1"), criteria: given as points and ranks; keep one form',
        ),
        (
            "constraints.region_share",
            {"r0": {"min": 0.6}, "r1": {"min": 0.6}},
            "constraints.region_share: the regional minimum shares add up to 120.0%",
        ),
        (
            "constraints.min_region_share",  # the one floor for every region: named, with a fit
            0.4,
            "constraints.min_region_share: the regional minimum shares add up to 120.0%, more "
            "than the whole budget: with 3 regions, a minimum of at most 33.3% each fits",
        ),
        (
            "constraints.region_share",
            {"r0": {"min": 0.6, "max": 0.2}},
            "constraints.region_share.r0: min (0.6) is above max (0.2)",
        ),
        (
            "constraints.region_share",
            {"atlantis": {"max": 0.2}},
            "constraints.region_share.atlantis: unknown region 'atlantis'",
        ),
        (
            "constraints.fixed",
            [
                {
                    "programme": "p0",
                    "enabling_area": "a0",
                    "region": "r0",
                    "year": 1999,
                    "amount": 1.0,
                }
            ],
            "constraints.fixed no. 1, year: 1999 is not a budget year",
        ),
        ("returns.slopes", [1.0, 0.5], "returns: give breakpoints and slopes together"),
        (
            "format",
            "prioritise-scenario/99",
            "format: 'prioritise-scenario/99' is not a scenario format",
        ),
    ],
)
def test_each_rule_reports_its_location(path: str, value: object, expected: str) -> None:
    found = problems(edited(scenario_dict(0), path, value))
    assert any(line.startswith(expected) for line in found), found


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("budget", "budget: required, but missing"),
        ("scenario.name", "scenario.name: required, but missing"),
        (
            "programmes.0.performance.jobs",
            "programmes no. 1 (id = \"p0\"), performance: missing a value for criterion 'jobs'",
        ),
        ("tables.specialisation", "tables.specialisation: missing"),
        ("format", "format: required, but missing"),
    ],
)
def test_missing_keys_are_named(path: str, expected: str) -> None:
    found = problems(without(scenario_dict(0), path))
    assert any(line.startswith(expected) for line in found), found


def test_all_problems_are_reported_at_once() -> None:
    raw = edited(scenario_dict(0), "programmes.1.performance.growth", "high")
    raw = edited(raw, "stakeholders.0.criteria.growht", 1.0)
    raw = edited(raw, "constraints.max_lines", 0)
    found = problems(raw)
    assert len(found) == 3, found


def test_pairwise_matrices_are_checked() -> None:
    good = {
        "items": ["growth", "jobs", "cost"],
        "matrix": [[1, 3, 5], [1 / 3, 1, 2], [0.2, 0.5, 1]],
    }
    raw = without(scenario_dict(0), "stakeholders.0.criteria")
    assert sio.validate_dict(edited(raw, "stakeholders.0.pairwise", {"criteria": good}))
    not_square = good | {"matrix": [[1, 3], [1 / 3, 1]]}
    not_reciprocal = good | {"matrix": [[1, 3, 5], [3, 1, 2], [0.2, 0.5, 1]]}
    negative = good | {"matrix": [[1, -3, 5], [1 / 3, 1, 2], [0.2, 0.5, 1]]}
    diagonal = good | {"matrix": [[2, 3, 5], [1 / 3, 1, 2], [0.2, 0.5, 1]]}
    for broken, expected in (
        (not_square, "must be square"),
        (not_reciprocal, "are not reciprocal"),
        (negative, "must be a positive number"),
        (diagonal, "the diagonal must be 1"),
    ):
        found = problems(edited(raw, "stakeholders.0.pairwise", {"criteria": broken}))
        assert any(expected in line for line in found), (expected, found)


def test_pairwise_allows_missing_judgements() -> None:
    partial = {
        "items": ["growth", "jobs", "cost"],
        "matrix": [[1, 3, 0], [1 / 3, 1, 2], [0, 0.5, 1]],
    }
    raw = without(scenario_dict(0), "stakeholders.0.criteria")
    assert sio.validate_dict(edited(raw, "stakeholders.0.pairwise", {"criteria": partial}))


def test_ranks_with_ties_are_accepted_and_checked() -> None:
    raw = without(scenario_dict(0), "stakeholders.0.criteria")
    tied = edited(raw, "stakeholders.0.ranks", {"criteria": ["growth", ["jobs", "cost"]]})
    assert sio.validate_dict(tied).stakeholders[0].form_of("criteria") == "ranks"
    found = problems(edited(raw, "stakeholders.0.ranks", {"criteria": ["growth", "jbos"]}))
    assert any("unknown criterion 'jbos' (did you mean 'jobs'?)" in line for line in found)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"   \n\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        (b"\xff\xfe\xfa not utf8", "not UTF-8"),
        (b"format = \"prioritise-scenario/1\"\n[scenario\nname='x'", "line 2"),
        (b"[1, 2, 3]", "not valid TOML"),
    ],
)
def test_broken_files_get_one_plain_message(tmp_path: Path, content: bytes, expected: str) -> None:
    target = tmp_path / "broken.toml"
    target.write_bytes(content)
    with pytest.raises(ScenarioError) as info:
        sio.load(target)
    assert expected in str(info.value)
    assert str(info.value).startswith(str(target))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_file_saved_as_utf16_with_its_mark_reads_as_the_same_scenario(
    tmp_path: Path, encoding: str
) -> None:
    """Windows Notepad's "Unicode" is UTF-16 with a byte order mark: the mark says how to read
    it, so it opens as the UTF-8 file does rather than being called binary."""
    text = TUTORIAL.read_text(encoding="utf-8")
    marks = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
    target = tmp_path / "unicode.toml"
    target.write_bytes(marks.get(encoding, b"") + text.encode(encoding))
    assert sio.dumps(sio.load(target)) == sio.dumps(sio.load(TUTORIAL))
    broken = tmp_path / "cut.toml"
    broken.write_bytes(target.read_bytes()[:-1])  # half a character at the end
    with pytest.raises(ScenarioError, match="binary file"):  # NUL bytes that read as nothing
        sio.load(broken)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no such file"):
        sio.load(tmp_path / "nope.toml")
    with pytest.raises(ScenarioError, match="folder"):
        sio.load(tmp_path)


def test_dumps_is_valid_toml_in_hand_written_layout() -> None:
    text = sio.dumps(sio.load(TUTORIAL))
    assert text.startswith('format = "prioritise-scenario/1"\n\n[scenario]\n')
    assert "[[programmes]]" in text and "performance = { growth = 2.0" in text
    assert tomllib.loads(text)["budget"]["total"] == 30.0


def test_migration_hook_upgrades_older_formats(monkeypatch) -> None:
    def rename_total(raw: dict) -> dict:
        raw["budget"]["total"] = raw["budget"].pop("amount")
        return raw | {"format": sio.FORMAT}

    monkeypatch.setitem(sio.MIGRATIONS, "prioritise-scenario/0", rename_total)
    raw = scenario_dict(0)
    raw["format"] = "prioritise-scenario/0"
    raw["budget"]["amount"] = raw["budget"].pop("total")
    assert sio.validate_dict(raw).budget.total == 30.0


sizes = st.fixed_dictionaries(
    {
        "seed": st.integers(0, 10_000),
        "programmes": st.integers(1, 6),
        "areas": st.integers(1, 4),
        "regions": st.integers(1, 6),
        "years": st.integers(1, 4),
        "stakeholders": st.integers(0, 5),
    }
)


@settings(max_examples=60, deadline=None)
@given(sizes)
def test_generated_scenarios_round_trip(size: dict) -> None:
    scenario = sio.validate_dict(scenario_dict(**size))
    assert sio.loads(sio.dumps(scenario)) == scenario


def _mutations(raw: dict) -> st.SearchStrategy[dict]:
    """Delete a key or replace a value with a wrong type, anywhere in the document."""
    paths: list[tuple] = []

    def walk(node: object, path: tuple) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                paths.append((*path, key))
                walk(value, (*path, key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                paths.append((*path, i))
                walk(value, (*path, i))

    walk(raw, ())
    junk = st.one_of(
        st.none(),
        st.text(max_size=5),
        st.integers(-5, 5),
        st.floats(),
        st.booleans(),
        st.lists(st.integers(), max_size=2),
        st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    )
    return st.tuples(st.sampled_from(paths), st.booleans(), junk)


BASE = scenario_dict(0)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutations(BASE))
def test_mutated_files_only_ever_raise_scenario_errors(mutation: tuple) -> None:
    path, delete, value = mutation
    dotted = ".".join(str(p) for p in path)
    raw = without(BASE, dotted) if delete else edited(BASE, dotted, value)
    try:
        text = dumps_toml(raw)
    except TypeError:
        return  # None cannot be written to TOML; nothing to load
    try:
        sio.loads(text)
    except ScenarioError as exc:
        assert exc.problems and all(str(p) for p in exc.problems)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_only_ever_raise_scenario_errors(data: bytes) -> None:
    with pytest.raises(ScenarioError):
        sio.loads(data)
