"""Group answers given again for a moment: only recent ones, and only with the asker's answer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from prioritise.workshop import WorkshopStore, WrongTokenError
from prioritise.workshop.group_answer import GroupAnswer, GroupShares
from prioritise.workshop.recent import RecentGroupAnswers
from tests.ui.apptools import ROOT

TUTORIAL = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")


def answer(growth: float, exports: float, jobs: float) -> dict:
    return {
        "criteria": {"growth": growth, "exports": exports, "jobs": jobs},
        "enabling_areas": {"rd": 60.0, "human_capital": 40.0},
        "ranks": {"regional_criteria": ["lagging", "specialisation"]},
    }


def _answer(count: int) -> GroupAnswer:
    return GroupAnswer(GroupShares("everyone", count), GroupShares("public", count), 1)


def test_a_kept_answer_needs_to_be_recent_and_to_count_the_asker() -> None:
    now = [100.0]
    recent = RecentGroupAnswers(max_age=2.0, clock=lambda: now[0])
    key = (1, "public")
    assert recent.get(key, including=1) is None
    kept = _answer(3)
    recent.put(key, counted=frozenset({3, 5, 7}), answer=kept)
    assert recent.get(key, including=7) is kept
    assert recent.get(key, including=5) is kept
    assert recent.get(key, including=8) is None  # the asker's newer answer is not in it
    assert recent.get(key, including=4) is None  # nor an answer stored after it, with a lower id
    assert recent.get((1, "private"), including=1) is None  # another group
    assert recent.get((2, "public"), including=1) is None  # another workshop
    now[0] += 2.5
    assert recent.get(key, including=7) is None  # too old


@pytest.fixture
def store(tmp_path: Path) -> Iterator[WorkshopStore]:
    with WorkshopStore(tmp_path / "workshop.sqlite") as opened:
        yield opened


def test_the_store_gives_a_kept_answer_only_while_it_counts_the_askers_answer(
    store: WorkshopStore,
) -> None:
    _, code, _ = store.create_workshop("T", TUTORIAL + "\n[workshop]\nmin_group_size = 1\n")
    _, ana = store.join(code, "Ana", "CORFO", "public")
    _, bruno = store.join(code, "Bruno", "Minera", "public")
    first = store.submit(code, ana, answer(80, 10, 10))
    seen = store.group_answer(code, ana, including=first.id)
    assert seen.everyone.answers == 1
    assert store.group_answer(code, ana, including=first.id) is seen  # given again
    with pytest.raises(WrongTokenError):  # the token is still checked
        store.group_answer(code, "not-a-token", including=first.id)
    second = store.submit(code, bruno, answer(20, 40, 40))
    # Bruno's own answer must be in what he sees: worked out again, with both answers.
    his = store.group_answer(code, bruno, including=second.id)
    assert his is not seen and his.everyone.answers == 2
    fresh = store.group_answer(code, bruno)  # the same as without keeping
    for weight_set, shares in fresh.everyone.weights.items():
        assert his.everyone.weights[weight_set].to_dict() == shares.to_dict()
    # Without ``including`` nothing kept is given.
    assert store.group_answer(code, ana) is not store.group_answer(code, ana)
