"""The group's answer so far that participants see: aggregates only, and only from k answers."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from prioritise import scenario as scenario_io
from prioritise.workshop import EVERYONE, WorkshopStore, WrongTokenError
from prioritise.workshop.group_answer import (
    GroupAnswer,
    GroupRules,
    GroupShares,
    group_answer,
    group_rules,
)
from tests.ui.apptools import ROOT

TUTORIAL = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")
ALLOWED = {
    "criteria": ("growth", "exports", "jobs"),
    "enabling_areas": ("rd", "human_capital"),
    "regional_criteria": ("specialisation", "lagging"),
}


def answer(growth: float, exports: float, jobs: float) -> dict:
    return {
        "criteria": {"growth": growth, "exports": exports, "jobs": jobs},
        "enabling_areas": {"rd": 60.0, "human_capital": 40.0},
        "ranks": {"regional_criteria": ["lagging", "specialisation"]},
    }


def with_k(k: int, aggregation: str = "arithmetic") -> str:
    text = TUTORIAL.replace('aggregation = "arithmetic"', f'aggregation = "{aggregation}"')
    return text + f"\n[workshop]\nmin_group_size = {k}\n"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[WorkshopStore]:
    with WorkshopStore(tmp_path / "workshop.sqlite") as opened:
        yield opened


def test_below_k_a_view_has_its_count_and_nothing_else() -> None:
    rules = GroupRules(min_group_size=3)
    two = [("public", answer(80, 10, 10)), ("public", answer(20, 40, 40))]
    result = group_answer(two, ALLOWED, "public", rules)
    assert result.everyone == GroupShares(EVERYONE, 2, {})
    assert result.group == GroupShares("public", 2, {})
    assert not result.everyone.shown and not result.group.shown


def test_at_k_the_weights_are_the_mean_of_the_normalised_answers() -> None:
    rules = GroupRules(min_group_size=3)
    people = [
        ("public", answer(80, 10, 10)),
        ("public", answer(20, 40, 40)),
        ("private", answer(10, 10, 30)),
        ("public", answer(50, 0, 50)),
        ("private", answer(30, 30, 30)),
        ("private", answer(0, 60, 40)),
    ]
    result = group_answer(people, ALLOWED, "public", rules)
    assert result.everyone.answers == 6 and result.group.answers == 3
    rows = np.array(
        [[80, 10, 10], [20, 40, 40], [10, 10, 30], [50, 0, 50], [30, 30, 30], [0, 60, 40]],
        dtype=float,
    )
    shares = rows / rows.sum(axis=1, keepdims=True)
    everyone = result.everyone.weights["criteria"]
    assert everyone.to_numpy() == pytest.approx(shares.mean(axis=0))
    group = result.group.weights["criteria"]
    assert group.to_numpy() == pytest.approx(shares[[0, 1, 3]].mean(axis=0))
    # ranks: rank-order centroid of ['lagging', 'specialisation'] for everyone
    regional = result.everyone.weights["regional_criteria"]
    assert regional["lagging"] == pytest.approx(0.75)
    assert regional["specialisation"] == pytest.approx(0.25)
    assert set(dataclasses.asdict(result)) == {"everyone", "group", "min_group_size"}


def test_a_group_is_withheld_when_everyone_minus_it_is_one_person() -> None:
    """Three public answers and one private: everyone's mean times four minus the public
    mean times three would be the private person's answer, so the public view is withheld."""
    rules = GroupRules(min_group_size=3)
    people = [
        ("public", answer(80, 10, 10)),
        ("public", answer(20, 40, 40)),
        ("private", answer(10, 10, 30)),
        ("public", answer(50, 0, 50)),
    ]
    result = group_answer(people, ALLOWED, "public", rules)
    assert result.everyone.shown and result.everyone.answers == 4
    assert result.group == GroupShares("public", 3, {}, withheld=True)
    assert not result.group.shown


def test_geometric_aggregation_and_counting_groups_follow_the_scenario() -> None:
    rules = group_rules({"priority": {"aggregation": "geometric", "count": "group"}}, 2)
    assert rules == GroupRules("geometric", "group", 2)
    people = [("public", answer(80, 10, 10)), ("private", answer(20, 40, 40))]
    result = group_answer(people, ALLOWED, "public", rules)
    shares = np.array([[0.8, 0.1, 0.1], [0.2, 0.4, 0.4]])
    geometric = np.sqrt(shares[0] * shares[1])
    expected = geometric / geometric.sum()
    assert result.everyone.weights["criteria"].to_numpy() == pytest.approx(expected)
    assert not result.group.shown  # one public answer, k = 2
    assert group_rules({"priority": "nonsense"}, 0) == GroupRules("arithmetic", "stakeholder", 1)


def test_the_store_gives_the_group_answer_to_a_participant_without_names(
    store: WorkshopStore,
) -> None:
    _, code, secret = store.create_workshop("T", with_k(3))
    tokens = {}
    people = [
        ("Ana Pérez", "CORFO", "public", answer(80, 10, 10)),
        ("Bruno Díaz", "Minera", "public", answer(20, 40, 40)),
        ("Carla Soto", "UdeC", "private", answer(10, 10, 30)),
    ]
    for name, organisation, group, weights in people:
        _, token = store.join(code, name, organisation, group)
        tokens[name] = token
        store.submit(code, token, weights)
    with pytest.raises(WrongTokenError):
        store.group_answer(code, "not-a-token")
    seen = store.group_answer(code, tokens["Ana Pérez"])
    assert isinstance(seen, GroupAnswer) and seen.min_group_size == 3
    assert seen.everyone.answers == 3 and seen.everyone.shown
    assert seen.group.view == "public" and seen.group.answers == 2 and not seen.group.shown
    written = repr(seen)
    for name, organisation, _, _ in people:
        assert name not in written and organisation not in written
    # a revision replaces the earlier answer instead of counting twice
    store.submit(code, tokens["Ana Pérez"], answer(0, 50, 50))
    again = store.group_answer(code, tokens["Bruno Díaz"])
    assert again.everyone.answers == 3
    rows = np.array([[0, 50, 50], [20, 40, 40], [10, 10, 30]], dtype=float)
    expected = (rows / rows.sum(axis=1, keepdims=True)).mean(axis=0)
    assert again.everyone.weights["criteria"].to_numpy() == pytest.approx(expected)
    # the same numbers as the facilitator's dashboard computes with the value tree
    from prioritise.workshop.results import workshop_results

    results = workshop_results(scenario_io.loads(with_k(3)), store.latest_submissions(code, secret))
    pd.testing.assert_series_equal(
        again.everyone.weights["criteria"].sort_index(),
        results.everyone.weights["criteria"].sort_index(),
        check_names=False,
        check_index_type=False,
    )


@pytest.mark.parametrize("answers", [0, 1, 2])
def test_the_store_never_shows_fewer_than_k_answers(store: WorkshopStore, answers: int) -> None:
    _, code, _ = store.create_workshop("T", with_k(3))
    _, watcher = store.join(code, "Di", "", "public")
    for number in range(answers):
        _, token = store.join(code, f"P{number}", "", "public")
        store.submit(code, token, answer(10 + number, 20, 30))
    seen = store.group_answer(code, watcher)
    assert seen.everyone.answers == answers and seen.everyone.weights == {}
    assert seen.group.weights == {}
