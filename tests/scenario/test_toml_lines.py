"""The line each field path of a scenario file points to: on every shipped file, on tricky
hand-written TOML, and on random documents written by the project's own writer."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritise.scenario import ScenarioError, loads
from prioritise.scenario.toml_lines import line_of, value_lines
from prioritise.scenario.toml_writer import dumps_toml

SCENARIOS = sorted((Path(__file__).resolve().parents[2] / "scenarios").glob("*.toml"))


def _paths(value: Any, path: str = "") -> list[tuple[str, str | None]]:
    """Every field path of a parsed document, with the key it ends in (None for an entry)."""
    found: list[tuple[str, str | None]] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            here = f"{path}.{key}" if path else key
            found.append((here, key))
            found.extend(_paths(inner, here))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            here = f"{path}[{index}]"
            found.append((here, None))
            found.extend(_paths(inner, here))
    return found


def _written(key: str) -> tuple[str, ...]:
    """How a key may be written: bare, or quoted either way."""
    return key, json.dumps(key, ensure_ascii=False), f"'{key}'"


def _check(text: str) -> int:
    """Every key's line holds that key, and every entry's line is at or after its array's."""
    document = tomllib.loads(text)
    lines = value_lines(text)
    rows = text.split("\n")
    checked = 0
    for path, key in _paths(document):
        assert path in lines, path
        if key is not None:
            row = rows[lines[path] - 1]
            assert any(form in row for form in _written(key)), (path, lines[path], row)
        else:
            parent = path[: path.rindex("[")]
            assert lines[path] >= lines[parent], path
        checked += 1
    return checked


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_key_of_a_shipped_file_points_to_its_own_line(path: Path) -> None:
    assert _check(path.read_text(encoding="utf-8")) > 200  # the tutorial has the fewest


TRICKY = '''# a comment with [brackets] and key = "value"
title = """
[not_a_table]
inner = 1 # "quote" \\""""
count = 3 # after a multi-line string
literal = \'\'\'
[[also_not]]
x = 2\'\'\'
"quoted.key" = 1
site."dotted key".depth = 4
inline = { a = 1, "b.c" = [1, 2], d = { e = "}" } }
grid = [
  [1, 2],   # a comment inside
  [3, "]"],
]
fixed = [
  { programme = "a", amount = 1.5 },
  { programme = "b", amount = 2.5 },
]

[[regions]]
id = "north"
performance = { growth = 1 }

[regions.extra]
note = "first"

[[regions]]
id = "south" # the second entry
[regions.extra]
note = "second"

[[regions.towns]]
name = "port"
'''


def test_tricky_toml_points_to_the_right_lines() -> None:
    lines = value_lines(TRICKY)
    assert _check(TRICKY) > 20
    expected = {
        "count": 5,
        "literal": 6,
        "quoted.key": 9,
        "site.dotted key.depth": 10,
        "inline.b.c": 11,
        "inline.d.e": 11,
        "grid[1]": 14,
        "grid[1][1]": 14,
        "fixed[1].amount": 18,
        "regions[0]": 21,
        "regions[0].extra.note": 26,
        "regions[1].id": 29,
        "regions[1].extra.note": 31,
        "regions[1].towns[0].name": 34,
    }
    assert {path: lines[path] for path in expected} == expected
    assert "not_a_table" not in lines and "also_not" not in lines  # inside strings


def test_a_path_not_written_points_to_the_nearest_value_that_is() -> None:
    lines = value_lines(TRICKY)
    assert line_of(lines, "regions[1].population") == 28  # its entry's header
    assert line_of(lines, "regions[0].performance.jobs") == 23
    assert line_of(lines, "budget.total") is None
    for place in ("", "(top level)", "line 3, column 5"):
        assert line_of(lines, place) is None


KEYS = st.one_of(
    st.sampled_from(["id", "a", "b-c", "x_1", "dotted.key", "with space", 'q"uote', "ñandú"]),
    st.text(alphabet="abcxyz._- ", min_size=1, max_size=6),
)
SCALARS = st.one_of(
    st.integers(-1000, 1000),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.text(alphabet="ab#[]{}=\"\\\n' ", max_size=12),
)


def _tables(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(KEYS, children, max_size=4),
        st.lists(st.dictionaries(KEYS, children, min_size=1, max_size=3), min_size=1, max_size=3),
    )


DOCUMENTS = st.dictionaries(KEYS, st.recursive(SCALARS, _tables, max_leaves=12), max_size=5)


@settings(max_examples=150, deadline=None)
@given(DOCUMENTS)
def test_every_key_of_a_written_document_points_to_its_own_line(document: dict) -> None:
    text = dumps_toml(document)
    assert tomllib.loads(text) == document  # the writer's own round trip
    _check(text)


def test_a_problem_of_a_loaded_file_says_its_line(tmp_path: Path) -> None:
    text = (SCENARIOS[0].parent / "chile_transforma_2017.toml").read_text(encoding="utf-8")
    broken = text.replace("max_lines = 150", "max_lines = -3", 1)
    line = broken.split("\n").index(next(r for r in broken.split("\n") if "max_lines = -3" in r))
    with pytest.raises(ScenarioError) as caught:
        loads(broken, "chile.toml")
    (problem,) = caught.value.problems
    assert (problem.location, problem.at_line) == ("constraints.max_lines", line + 1)
    assert caught.value.lines("es") == [
        f"chile.toml: constraints.max_lines (línea {line + 1}): debe ser mayor o igual a 1 "
        "(se recibió -3)"
    ]
    assert problem.to_json("en")["line"] == line + 1
