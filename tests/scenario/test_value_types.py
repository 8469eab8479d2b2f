"""Every TOML value type in every place of a scenario: a located sentence, never Python.

Each value of the tutorial in turn is replaced by a date-time, a date, a time of day, a
non-finite or an extreme number; validation must refuse it at its own place, saying what the
value is in words (`budget.total: must be a number, not a date`), in both languages, without a
Python repr. The cases the hostile-input review found are kept as they were found.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import warnings
from typing import Any

import pytest

from prioritise.scenario import ScenarioError, validate_dict
from prioritise.text import LANGUAGES
from tests.scenario.mutations import REPR, _get, _walk, shipped_raw

KINDS = {
    "a date and time": dt.datetime(2024, 5, 17, 7, 32, tzinfo=dt.UTC),
    "a date": dt.date(2024, 1, 1),
    "a time of day": dt.time(7, 32),
}
RESERVED = ("source", "note")  # a table's own keys: a date there is an unknown row


def _places(raw: dict, numbers_only: bool = False) -> list[tuple[Any, ...]]:
    """Each scalar's path, one per distinct shape of path (list positions as 0)."""
    seen, places = set(), []
    for where, value in _walk(raw):
        if not where or isinstance(value, dict | list):
            continue
        if numbers_only and (isinstance(value, bool) or not isinstance(value, int | float)):
            continue
        shape = tuple(part if isinstance(part, str) else 0 for part in where)
        if shape not in seen:
            seen.add(shape)
            places.append(where)
    return places


def _location(where: tuple[Any, ...]) -> str:
    text = ""
    for part in where:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _refusal(raw: dict, where: tuple[Any, ...], value: Any) -> dict[str, list[str]]:
    """The problems at `where` (in each language) when its value becomes `value`."""
    raw = copy.deepcopy(raw)
    _get(raw, where[:-1])[where[-1]] = value
    with pytest.raises(ScenarioError) as caught:
        validate_dict(raw)
    problems = caught.value.problems
    for problem in problems:
        assert problem.location, problem
        for lang in LANGUAGES:
            assert not REPR.search(problem.line(lang)), problem.line(lang)
            assert "datetime" not in problem.line(lang)
    place = _location(where)
    return {
        lang: [p.text(lang) for p in problems if p.location.startswith(place)] for lang in LANGUAGES
    }


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_date_or_time_anywhere_is_named_as_such_at_its_place(kind: str) -> None:
    raw = shipped_raw("tutorial")
    spanish = {"a date and time": "una fecha y hora", "a date": "una fecha"}
    spanish["a time of day"] = "una hora del día"
    for where in _places(raw):
        if where[-1] in RESERVED:
            continue
        said = _refusal(raw, where, KINDS[kind])
        assert any(kind in text for text in said["en"]), (where, said)
        assert any(spanish[kind] in text for text in said["es"]), (where, said)


def test_the_budget_total_says_it_must_be_a_number_not_a_date() -> None:
    said = _refusal(shipped_raw("tutorial"), ("budget", "total"), dt.date(2024, 1, 1))
    assert said == {
        "en": ["must be a number, not a date"],
        "es": ["debe ser un número, no una fecha"],
    }


@pytest.mark.parametrize(
    "value",
    [math.inf, -math.inf, math.nan, 1e308, -1e308, 1.7976931348623157e308, 1e-320, 5e-324, 1e-10],
    ids=str,
)
def test_a_non_finite_or_extreme_number_anywhere_is_refused_at_its_place(value: float) -> None:
    raw = shipped_raw("tutorial")
    for where in _places(raw, numbers_only=True):
        said = _refusal(raw, where, value)
        assert said["en"], (where, value)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (1e-320, "1e-320 is too small: write 0, or a number of at least 1e-09 in size"),
        (1e308, "1e+308 is too large: at most 1e+15 in size; check it for a typo"),
        (math.inf, "must be a finite number"),
    ],
)
def test_extreme_numbers_are_shown_as_written(value: float, words: str) -> None:
    said = _refusal(shipped_raw("tutorial"), ("returns", "saturation"), value)
    assert words in said["en"]


@pytest.mark.parametrize(("value", "shown"), [(1001.0, "1,001"), (0.0009, "0.0009"), (1e300, "")])
def test_a_pairwise_judgement_off_the_scale_is_refused(value: float, shown: str) -> None:
    raw = copy.deepcopy(shipped_raw("tutorial"))
    person = next(i for i, p in enumerate(raw["stakeholders"]) if p.get("pairwise"))
    matrix = raw["stakeholders"][person]["pairwise"]["criteria"]["matrix"]
    matrix[0][1], matrix[1][0] = value, 1 / value
    said = _refusal(raw, ("stakeholders", person, "pairwise", "criteria", "matrix", 0, 1), value)
    if shown:
        assert said["en"] == [
            f"{shown} is off the comparison scale: a judgement lies from 1/1000 to 1000 "
            "(Saaty's scale runs from 1/9 to 9)"
        ]
    else:
        assert said["en"]


def test_pairwise_judgements_at_the_ends_of_the_scale_still_give_weights() -> None:
    from prioritise.scoring import value_tree

    raw = copy.deepcopy(shipped_raw("tutorial"))
    person = next(i for i, p in enumerate(raw["stakeholders"]) if p.get("pairwise"))
    matrix = raw["stakeholders"][person]["pairwise"]["criteria"]["matrix"]
    n = len(matrix)
    for r in range(n):
        for c in range(n):
            matrix[r][c] = 1.0 if r == c else (1000.0 if r < c else 0.001)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tree = value_tree(validate_dict(raw))
    assert all(math.isfinite(v) for v in tree.programmes)
    assert math.isclose(float(tree.programmes.sum()), 1.0)
    own = tree.stakeholder_weights["criteria"].loc[raw["stakeholders"][person]["id"]]
    assert own.iloc[0] > 0.99  # the item judged 1000 times more important than each other
