"""Tests of workshop_results: the latest answers worked out for everyone and per group."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritise import scenario as scenario_io
from prioritise.scoring.tree import value_tree
from prioritise.workshop import SubmissionRow, WorkshopStore
from prioritise.workshop.results import (
    EVERYONE,
    latest_per_participant,
    participants_raw,
    participants_scenario,
    read_summary,
    round_summary,
    view_portfolio,
    workshop_results,
)

ROOT = Path(__file__).parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial.toml"


@pytest.fixture(scope="module")
def tutorial():
    return scenario_io.load(TUTORIAL)


def answer(growth=50.0, exports=30.0, jobs=20.0, rd=50.0, human=50.0, spec=50.0, lag=50.0):
    """A complete answer for the tutorial scenario, as points."""
    return {
        "criteria": {"growth": float(growth), "exports": float(exports), "jobs": float(jobs)},
        "enabling_areas": {"rd": float(rd), "human_capital": float(human)},
        "regional_criteria": {"specialisation": float(spec), "lagging": float(lag)},
    }


def row(submission_id, participant_id, name, group, weights, round_number=1, organisation=""):
    return SubmissionRow(
        submission_id=submission_id,
        round_number=round_number,
        participant_id=participant_id,
        name=name,
        organisation=organisation,
        group=group,
        weights=weights,
        submitted_at=datetime(2025, 3, 1, 9, submission_id % 60, tzinfo=UTC),
    )


def shares(points: dict) -> np.ndarray:
    values = np.array(list(points.values()), dtype=float)
    return values / values.sum()


def test_the_latest_answer_of_each_participant_counts() -> None:
    rows = [
        row(1, 1, "Ana", "public", answer(growth=10)),
        row(2, 2, "Bo", "private", answer()),
        row(3, 1, "Ana", "public", answer(growth=20)),
        row(4, 1, "Ana", "public", answer(growth=90), round_number=2),
        row(5, 2, "Bo", "private", answer(exports=99), round_number=1),
    ]
    latest = latest_per_participant(rows)
    assert [(r.participant_id, r.submission_id) for r in latest] == [(1, 4), (2, 5)]


def test_participants_become_the_scenario_stakeholders(tutorial) -> None:
    rows = [
        row(1, 1, "José Núñez", "public", answer(growth=70), organisation="CORFO"),
        row(2, 2, "Ministry", "private", answer()),  # same slug as nothing in tutorial
        row(3, 1, "José Núñez", "public", answer(growth=80), organisation="CORFO"),
    ]
    replaced = participants_scenario(tutorial, rows, with_names=True)
    assert [s.name for s in replaced.stakeholders] == ["José Núñez", "Ministry"]
    assert replaced.stakeholders[0].organisation == "CORFO"
    assert replaced.stakeholders[0].criteria["growth"] == 80.0
    assert replaced.programmes == tutorial.programmes
    added = participants_scenario(tutorial, rows, keep_existing=True, with_names=True)
    own = [s.id for s in tutorial.stakeholders]
    ids = [s.id for s in added.stakeholders]
    assert ids[: len(own)] == own
    assert len(set(ids)) == len(ids) == len(own) + 2
    again = scenario_io.loads(scenario_io.dumps(added))
    assert again == added  # the export is a valid scenario file that round-trips


def test_without_names_participants_are_numbered_in_the_scenarios_language(tutorial) -> None:
    rows = [
        row(1, 1, "José Núñez", "public", answer(growth=70), organisation="CORFO"),
        row(2, 2, "Ministry", "private", answer()),
    ]
    anonymous = participants_scenario(tutorial, rows)
    assert [(s.id, s.name, s.group) for s in anonymous.stakeholders] == [
        ("participant_1", "Participant 1", "public"),
        ("participant_2", "Participant 2", "private"),
    ]
    assert all(s.organisation in (None, "") for s in anonymous.stakeholders)
    spanish = tutorial.model_copy(
        update={"scenario": tutorial.scenario.model_copy(update={"language": "es"})}
    )
    text = scenario_io.dumps(participants_scenario(spanish, rows))
    assert "Participante 2" in text
    assert "José" not in text and "CORFO" not in text and "Ministry" not in text


def test_group_weights_are_the_mean_of_normalised_answers(tutorial) -> None:
    """Independent check of docs/model.md §3.2: the arithmetic mean of each person's normalised weights,
    for everyone and within each group."""
    answers = {
        (1, "Ana", "public"): answer(growth=60, exports=20, jobs=20),
        (2, "Bo", "private"): answer(growth=10, exports=80, jobs=10),
        (3, "Cy", "private"): answer(growth=30, exports=40, jobs=0),
    }
    rows = [row(pid, pid, n, g, w) for (pid, n, g), w in answers.items()]
    results = workshop_results(tutorial, rows, group_order=("public", "private"), min_group_size=1)
    # Groups by their names in the reader's language: "private sector" before "public sector".
    assert list(results.views("en")) == [EVERYONE, "private", "public"]
    rows_of = {pid: shares(w["criteria"]) for (pid, _, _), w in answers.items()}
    expected = {
        EVERYONE: (rows_of[1] + rows_of[2] + rows_of[3]) / 3,
        "public": rows_of[1],
        "private": (rows_of[2] + rows_of[3]) / 2,
    }
    table = results.weights_table("criteria")
    for view, weights in expected.items():
        ordered = table[view].reindex(["growth", "exports", "jobs"])
        np.testing.assert_allclose(ordered.to_numpy(), weights, atol=1e-12)
    assert results.everyone.answers == 3 and results.groups["private"].answers == 2


def test_programme_priorities_follow_the_additive_formula(tutorial) -> None:
    """P(p) = Σ_j w_j · v_j(p), normalised to sum 1, worked out by hand for the tutorial data:
    growth and exports on the fixed scale 1–5, jobs min–max over the programmes."""
    rows = [row(1, 1, "Ana", "public", answer(growth=50, exports=30, jobs=20))]
    view = workshop_results(tutorial, rows).everyone
    growth = (np.array([2, 4, 5]) - 1) / 4  # mining, tourism, solar
    exports = (np.array([5, 2, 4]) - 1) / 4
    jobs = (np.array([20, 60, 10]) - 10) / 50
    raw = 0.5 * growth + 0.3 * exports + 0.2 * jobs
    np.testing.assert_allclose(view.programmes.to_numpy(), raw / raw.sum(), atol=1e-12)


def test_results_equal_those_of_the_same_people_in_a_scenario_file(tutorial) -> None:
    rows = [
        row(1, 1, "Ana", "public", answer(growth=60, spec=90, lag=10)),
        row(2, 2, "Bo", "private", {**answer(), "criteria": {"jobs": 5.0, "growth": 1.0}}),
    ]
    results = workshop_results(tutorial, rows)
    text = scenario_io.dumps(participants_scenario(tutorial, rows))
    tree = value_tree(scenario_io.loads(text))
    np.testing.assert_allclose(results.everyone.programmes, tree.programmes, atol=1e-12)
    np.testing.assert_allclose(
        results.everyone.tree.cells["value"], tree.cells["value"], atol=1e-12
    )


def test_ranks_give_rank_order_centroid_weights(tutorial) -> None:
    """Barron & Barrett (1996): with 3 ranked items ROC weights are 11/18, 5/18 and 2/18."""
    ranked = {
        "ranks": {
            "criteria": ["exports", "growth", "jobs"],
            "enabling_areas": ["rd", "human_capital"],
            "regional_criteria": [["specialisation", "lagging"]],
        }
    }
    view = workshop_results(tutorial, [row(1, 1, "Ana", "public", ranked)]).everyone
    criteria = view.weights["criteria"]
    assert criteria["exports"] == pytest.approx(11 / 18)
    assert criteria["growth"] == pytest.approx(5 / 18)
    assert criteria["jobs"] == pytest.approx(2 / 18)
    assert view.weights["regional_criteria"].to_list() == pytest.approx([0.5, 0.5])


def test_agreement_is_kendalls_w(tutorial) -> None:
    """Two people ranking three items alike give W = 1; in opposite order, W = 0 (Kendall &
    Babington Smith 1939: W = 12 S / (m² (n³ − n)); opposite ranks make every rank sum equal)."""
    same = [
        row(1, 1, "Ana", "public", answer(growth=60, exports=30, jobs=10)),
        row(2, 2, "Bo", "public", answer(growth=50, exports=40, jobs=5)),
    ]
    opposite = [
        row(1, 1, "Ana", "public", answer(growth=60, exports=30, jobs=10)),
        row(2, 2, "Bo", "public", answer(growth=10, exports=30, jobs=60)),
    ]
    assert workshop_results(tutorial, same).everyone.agreement().loc[
        "criteria", "w"
    ] == pytest.approx(1.0)
    table = workshop_results(tutorial, opposite, min_group_size=2).agreement_table()
    assert workshop_results(tutorial, opposite).agreement_table().empty  # fewer than k = 3
    assert table.loc[EVERYONE, "criteria"] == pytest.approx(0.0)
    assert np.isnan(table.loc[EVERYONE, "enabling_areas"])  # everybody tied both areas


def test_disagreement_lists_the_most_contested_items_first(tutorial) -> None:
    rows = [
        row(1, 1, "Ana", "public", answer(growth=50, exports=50, jobs=0)),
        row(2, 2, "Bo", "private", answer(growth=50, exports=0, jobs=50)),
    ]
    spread = workshop_results(tutorial, rows).everyone.disagreement("criteria")
    # growth: 0.5 for both (no spread); exports and jobs: 0.5 and 0 (population std 0.25).
    assert set(spread.index[:2]) == {"exports", "jobs"} and spread.index[2] == "growth"
    assert spread.loc["exports", "std"] == pytest.approx(0.25)
    assert spread.loc["growth", "std"] == pytest.approx(0.0)
    assert spread.loc["exports", "weight"] == pytest.approx(0.25)
    assert (spread["min"] <= spread["weight"]).all() and (spread["weight"] <= spread["max"]).all()


def test_a_group_of_one_has_no_agreement_measure(tutorial) -> None:
    rows = [row(1, 1, "Ana", "public", answer()), row(2, 2, "Bo", "private", answer(jobs=90))]
    results = workshop_results(tutorial, rows, min_group_size=1)
    assert np.isnan(results.groups["public"].agreement().loc["criteria", "w"])
    assert results.groups["public"].agreement().loc["criteria", "raters"] == 1


def test_no_answers_is_a_plain_error(tutorial) -> None:
    with pytest.raises(ValueError, match="no answers"):
        workshop_results(tutorial, [])


def test_the_portfolio_follows_the_weights(tutorial) -> None:
    """The South is the lagging region (lagging = 1) with the weakest specialisation: weighing
    lagging-region need must give it more money than weighing specialisation."""
    need = workshop_results(tutorial, [row(1, 1, "Ana", "public", answer(spec=0, lag=100))])
    special = workshop_results(tutorial, [row(1, 1, "Ana", "public", answer(spec=100, lag=0))])
    by_need = view_portfolio(need.everyone)
    by_specialisation = view_portfolio(special.everyone)
    assert by_need.solved and by_specialisation.solved
    for allocation in (by_need, by_specialisation):
        assert allocation.totals.programme["amount"].sum() == pytest.approx(30.0)  # spend_all
    south = [a.totals.region.loc["south", "amount"] for a in (by_need, by_specialisation)]
    assert south[0] > south[1]


def test_round_summary_is_plain_json_without_individual_answers(tutorial, tmp_path) -> None:
    rows = [
        row(1, 1, "Ana Secreta", "public", answer(growth=90)),
        row(2, 2, "Bo", "private", answer(exports=70)),
        row(3, 3, "Cy", "private", answer(jobs=70)),
    ]
    results = workshop_results(tutorial, rows)
    portfolio = view_portfolio(results.everyone)
    summary = round_summary(results, 1, {EVERYONE: portfolio})
    text = json.dumps(summary, allow_nan=False)
    assert "Ana" not in text and "Bo" not in text
    # public has one answer, private two: neither is shown, and together they are everyone
    assert set(summary["views"]) == {EVERYONE}
    assert summary["answers"] == 3
    everyone = read_summary(summary)
    assert everyone.answers == 3
    assert list(everyone.programmes) == sorted(everyone.programmes, reverse=True)
    np.testing.assert_allclose(
        everyone.programmes.reindex(results.everyone.programmes.index).to_numpy(),
        results.everyone.programmes.to_numpy(),
        atol=1e-6,
    )
    assert everyone.portfolio.sum() == pytest.approx(30.0)
    assert read_summary(summary, "private") is None
    assert round_summary(workshop_results(tutorial, rows[:2]), 1)["views"] == {}
    assert round_summary(workshop_results(tutorial, rows[:2]), 1)["answers"] == 2
    # The store accepts it and shows it to participants in the next round.
    with WorkshopStore(tmp_path / "w.sqlite") as store:
        _, code, secret = store.create_workshop("T", TUTORIAL.read_text())
        _, token = store.join(code, "Ana", "", "public")
        store.open_next_round(code, secret, summary)
        status = store.participant_status(code, token)
        assert status.round.number == 2
        assert read_summary(status.round.summary).answers == 3


@pytest.mark.parametrize(
    "garbage",
    [
        None,
        3,
        "text",
        {"format": "other"},
        {"format": "prioritise-workshop-summary/1"},
        {"format": "prioritise-workshop-summary/1", "views": {EVERYONE: {"programmes": 5}}},
    ],
)
def test_malformed_summaries_read_as_nothing(garbage) -> None:
    assert read_summary(garbage) is None


points = st.floats(min_value=0.0, max_value=100.0, allow_nan=False).map(lambda v: round(v, 1))


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(points, points, points, st.sampled_from(["public", "private", "academia"])),
        min_size=1,
        max_size=5,
    ).filter(lambda people: all(g + e + j > 0 for g, e, j, _ in people))
)
def test_views_add_up_for_any_answers(tutorial, people) -> None:
    rows = [
        row(i, i, f"P{i}", group, answer(growth=g, exports=e, jobs=j))
        for i, (g, e, j, group) in enumerate(people, start=1)
    ]
    results = workshop_results(tutorial, rows, min_group_size=1)
    assert sum(view.answers for view in results.groups.values()) == len(people)
    for view in results.views().values():
        assert view.tree is not None
        assert view.programmes.sum() == pytest.approx(1.0)
        assert view.weights["criteria"].sum() == pytest.approx(1.0)
    mean = np.mean(
        [shares(answer(growth=g, exports=e, jobs=j)["criteria"]) for g, e, j, _ in people], axis=0
    )
    np.testing.assert_allclose(results.everyone.weights["criteria"].to_numpy(), mean, atol=1e-9)


def test_answers_a_geometric_mean_cannot_weigh_are_a_message_not_a_crash(tutorial) -> None:
    """Under the geometric mean an item anyone gives 0 gets 0 (docs/model.md §3.2): two people
    who zero each other's only criteria leave nothing, which the scenario's checks refuse."""
    geometric = tutorial.model_copy(
        update={"priority": tutorial.priority.model_copy(update={"aggregation": "geometric"})}
    )
    rows = [
        row(1, 1, "Ana", "public", answer(growth=100, exports=0, jobs=0)),
        row(2, 2, "Bo", "private", answer(growth=0, exports=50, jobs=50)),
    ]
    results = workshop_results(geometric, rows, group_order=("public", "private"), min_group_size=1)
    assert results.everyone.tree is None
    assert results.everyone.problem is not None
    assert results.everyone.problem.id == "scenario.check.geometric_zero"
    assert results.everyone.answers == 2
    assert results.groups["public"].tree is not None  # one person alone is weighed as said
    with pytest.raises(scenario_io.ScenarioError):
        participants_scenario(geometric, rows)
    raw = participants_raw(geometric, rows, with_names=True)
    assert [person["name"] for person in raw["stakeholders"]] == ["Ana", "Bo"]
