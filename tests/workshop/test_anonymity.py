"""The minimum group size k: which views a workshop may show, checked on every small case
and on random answers."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritise import scenario as scenario_io
from prioritise.workshop import SubmissionRow
from prioritise.workshop.anonymity import (
    EVERYONE,
    OTHER_GROUPS,
    Disclosure,
    disclosure,
    shown_views,
)
from prioritise.workshop.results import round_summary, workshop_results

GROUPS = ("public", "private", "academia", "civil")
TUTORIAL = Path(__file__).parents[2] / "scenarios" / "tutorial.toml"


def check(counts: dict[str, int], k: int, shown: Disclosure) -> None:
    """Every rule of the module, checked against the counts independently."""
    answered = {group: n for group, n in counts.items() if n > 0}
    total = sum(answered.values())
    small = {group for group, n in answered.items() if n < k}
    assert shown.answers == total
    if total < k:
        assert shown.views == ()
        return
    assert shown.views[0].key == EVERYONE and shown.views[0].answers == total
    assert set(shown.views[0].groups) == set(answered)  # every answer counts in everyone
    groups = shown.views[1:]
    for view in shown.views:
        assert view.answers >= k
        assert view.answers == sum(answered[g] for g in view.groups)
    for view in groups:  # no small group on its own
        assert view.key not in small
        assert view.key == OTHER_GROUPS or view.groups == (view.key,)
    seen = [g for view in groups for g in view.groups]
    assert len(seen) == len(set(seen))  # group views never overlap
    # Nothing can be subtracted down to fewer than k: everyone minus any group views
    # leaves none or at least k answers.
    for size in range(1, len(groups) + 1):
        for chosen in itertools.combinations(groups, size):
            left = total - sum(view.answers for view in chosen)
            assert left == 0 or left >= k
    other = shown.view(OTHER_GROUPS)
    if other is not None:
        assert len(other.groups) >= 2
        assert small <= set(other.groups)  # the merged view holds every small group
        extra = set(other.groups) - small
        assert len(extra) <= 1  # at most the smallest group that could stand alone
        alone = [view.answers for view in groups if view.key != OTHER_GROUPS]
        assert all(answered[g] <= n for g in extra for n in alone)
        assert set(shown.merged) == set(other.groups) and shown.hidden == ()
    else:
        assert shown.merged == ()
        assert set(shown.hidden) == set(answered) - set(seen)
    if len(small) >= 2 and sum(answered[g] for g in small) >= k and len(small) < len(answered):
        assert other is not None and set(other.groups) == small  # the plain merge suffices
    if not small:
        assert {view.key for view in groups} == set(answered)  # nothing hidden needlessly
    note = shown.note("en")
    assert (note is None) == (not shown.merged and not shown.hidden)


def test_every_small_case() -> None:
    """All group sizes 0–6 in four groups, for k from 1 to 4."""
    for k in range(1, 5):
        for sizes in itertools.product(range(7), repeat=4):
            counts = dict(zip(GROUPS, sizes, strict=True))
            check(counts, k, disclosure(counts, k))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["public", "private", "academia", "civil", "regions"]), max_size=40),
    st.integers(min_value=1, max_value=8),
)
def test_views_from_answers(groups: list[str], k: int) -> None:
    rows = [_row(index, group) for index, group in enumerate(groups, start=1)]
    shown = shown_views(rows, k)
    check(dict(Counter(groups)), k, shown)


def test_the_note_names_groups_but_never_how_many_answered_in_them() -> None:
    shown = disclosure({"public": 5, "civil": 1, "academia": 1, "private": 4}, 3)
    assert shown.keys == (EVERYONE, "public", OTHER_GROUPS)
    assert shown.merged == ("civil", "academia", "private")
    english = shown.note("en").text("en")
    spanish = shown.note("es").text("es")
    # a group's name holds "and": the list is told apart by semicolons (`ListOf`)
    assert "academia and technology centres; civil society; and private sector" in english
    assert "“Other groups”" in english and "“Otros grupos”" in spanish
    for text in (english, spanish):
        assert re.findall(r"\d+", text) == ["3"]  # k, and no count of anyone
    lone = disclosure({"public": 4, "private": 1}, 3)
    assert lone.keys == (EVERYONE,) and lone.hidden == ("public", "private")
    assert "public sector" in lone.note("en").text("en")
    assert (
        disclosure({"public": 2}, 3)
        .note("es")
        .text("es")
        .startswith("Los resultados se muestran cuando hayan respondido al menos 3 personas")
    )
    assert disclosure({"public": 3, "private": 3}, 3).note("en") is None


def test_workshop_results_keep_to_the_views_that_may_be_shown() -> None:
    """Groups of 4 and 1: the group of 4 and everyone together would give the lone answer
    away, so only everyone is worked out for display and stored for participants."""
    scenario = scenario_io.load(TUTORIAL)
    assert scenario.workshop.min_group_size == 3
    rows = [_row(i, "private", growth=10 * i) for i in range(1, 5)] + [_row(5, "civil", 90)]
    results = workshop_results(scenario, rows)
    assert list(results.views()) == [EVERYONE] and results.groups == {}
    assert results.everyone.answers == 5
    assert list(results.programmes_table().columns) == [EVERYONE]
    assert list(results.agreement_table().index) == [EVERYONE]
    assert set(round_summary(results, 1)["views"]) == {EVERYONE}
    # Two more in civil society: both groups stand on their own.
    more = [*rows, _row(6, "civil", 20), _row(7, "civil", 30)]
    both = workshop_results(scenario, more)
    assert sorted(both.views()) == sorted([EVERYONE, "private", "civil"])
    assert both.groups["civil"].answers == 3
    # A lone academic among them joins the smaller group as "Other groups".
    mixed = workshop_results(scenario, [*more, _row(8, "academia", 50)])
    assert list(mixed.views("en")) == [EVERYONE, "private", OTHER_GROUPS]
    assert mixed.groups[OTHER_GROUPS].answers == 4
    assert mixed.shown.groups_of(OTHER_GROUPS) == ("civil", "academia")
    assert set(round_summary(mixed, 1)["views"]) == {EVERYONE, "private", OTHER_GROUPS}
    with pytest.raises(ValueError):
        disclosure({"public": 1}, 0)


def _row(index: int, group: str, growth: float = 50.0) -> SubmissionRow:
    return SubmissionRow(
        submission_id=index,
        round_number=1,
        participant_id=index,
        name=f"Person {index}",
        organisation="",
        group=group,
        weights={
            "criteria": {"growth": growth, "exports": 30.0, "jobs": 20.0},
            "enabling_areas": {"rd": 60.0, "human_capital": 40.0},
            "regional_criteria": {"specialisation": 50.0, "lagging": 50.0},
        },
        submitted_at=datetime(2026, 7, 1, 12, 0, tzinfo=UTC),
    )
