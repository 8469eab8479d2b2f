"""Portfolio intervals checked by fresh optimisations just inside and just outside each end."""

from __future__ import annotations

import math
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritise.allocate import allocation_input, optimise
from prioritise.scenario import load, validate_dict
from prioritise.scoring import value_tree
from prioritise.sensitivity import (
    SHARE_LIMIT,
    analysis,
    moved,
    portfolio,
    prepare,
    run_sensitivity,
    splits,
)
from prioritise.sensitivity.dynamic import money_at, tornado, weight_refs
from prioritise.sensitivity.portfolio import TOLERANCE
from tests.factories import make_scenario, scenario_dict
from tests.sensitivity.helpers import fresh_shares, integer_scenario, optimise_agrees

GAP = 1e-7
DEFAULT_SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "chile_transforma_2017.toml"


def confirmed_ends(scenario, result) -> int:
    """Fresh optimisations at each end and one step inside keep every share within 2 points of
    the split at the group's weights; one step beyond an inner end they do not. Returns how
    many ends were checked from outside."""
    tree = value_tree(scenario)
    checked = 0
    for interval in result.weights:
        assert interval.portfolio_complete
        group = tree.weights[interval.set]
        items, weights = [str(i) for i in group.index], group.to_numpy(float)
        k = items.index(interval.id)
        base = fresh_shares(scenario, interval.set, items, weights)
        for end, outward in ((interval.portfolio[0], -1), (interval.portfolio[1], 1)):
            for point in (end, end - outward * TOLERANCE):
                if not min(interval.portfolio) <= point <= max(interval.portfolio):
                    continue
                inside = fresh_shares(scenario, interval.set, items, moved(weights, k, point))
                assert np.abs(inside - base).max() <= SHARE_LIMIT + 1e-6
            beyond = end + outward * TOLERANCE
            if 0.0 <= beyond <= 1.0 and end not in (0.0, 1.0):
                outside = fresh_shares(scenario, interval.set, items, moved(weights, k, beyond))
                assert np.abs(outside - base).max() > SHARE_LIMIT - 1e-6
                checked += 1
    return checked


@pytest.mark.parametrize("seed", [1, 4])
def test_a_fresh_optimisation_confirms_each_end(seed: int) -> None:
    scenario = make_scenario(seed, programmes=4, areas=2, regions=3)
    assert confirmed_ends(scenario, run_sensitivity(scenario)) > 0


def test_the_search_reports_what_it_could_not_finish_in_time() -> None:
    scenario = make_scenario(2, programmes=4)
    result = run_sensitivity(scenario, seconds=0.0)
    assert not any(w.portfolio_complete for w in result.weights)
    for w in result.weights:
        assert w.portfolio == (w.current, w.current)


def test_the_reference_split_is_the_optimised_one() -> None:
    scenario = make_scenario(5, programmes=4)
    prepared = prepare(scenario)
    tree = value_tree(scenario)
    data = allocation_input(scenario, np.asarray(tree.cells["value"]).reshape(tree.model.shape))
    fresh = optimise(data, gap=GAP, with_baselines=False, diagnose=False)
    np.testing.assert_allclose(
        prepared.search.base, fresh.totals.programme["share"].to_numpy(float), atol=1e-6
    )


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 10_000), programmes=st.integers(2, 5), areas=st.integers(2, 3))
def test_every_interval_holds_the_current_weight_and_lies_in_0_1(
    seed: int, programmes: int, areas: int
) -> None:
    result = run_sensitivity(make_scenario(seed, programmes=programmes, areas=areas))
    assert {w.set for w in result.weights} == {"criteria", "enabling_areas", "regional_criteria"}
    for w in result.weights:
        for low, high in (w.first_place, w.ranking, w.portfolio):
            assert 0.0 <= low <= w.current <= high <= 1.0
        assert w.first_place[0] <= w.ranking[0] and w.ranking[1] <= w.first_place[1]
        if w.set != "criteria":
            assert w.first_place == w.ranking == (0.0, 1.0)


@pytest.mark.parametrize("seed", [3, 7])
def test_with_funding_decisions_each_end_is_the_integer_splits(seed: int) -> None:
    """Just inside each end a fresh mixed-integer optimisation keeps every share within 2
    points of its split at the group's weights; just outside it does not (§14.3)."""
    scenario = integer_scenario(seed)
    result = run_sensitivity(scenario, seconds=120)
    assert result.integer
    assert confirmed_ends(scenario, result) > 0


def test_intervals_do_not_depend_on_how_many_weights_are_looked_at_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scenario = integer_scenario(5)
    found = {}
    for lanes in (1, 2):
        monkeypatch.setattr(portfolio, "lane_count", lambda tasks, lanes=lanes: lanes)
        result = run_sensitivity(scenario, seconds=120)
        found[lanes] = [(w.id, w.portfolio, w.portfolio_complete) for w in result.weights]
    assert found[1] == found[2]


@pytest.mark.parametrize("seed", [3, 17])
def test_who_decides_does_not_depend_on_how_many_ends_were_checked(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """A slower machine checks fewer ends (§14.3): its deciders, and their order, are those of
    a run that checked every end (§14.4). Seed 17 moved a threshold; seed 3 could come in the
    order its lanes finished."""
    raw = scenario_dict(seed, programmes=5, areas=2, regions=4)
    raw["constraints"].update({"min_ticket": 1.5, "max_lines": 10})
    scenario = validate_dict(raw)
    every = run_sensitivity(scenario, seconds=120)
    assert all(w.portfolio_checked for w in every.weights)
    monkeypatch.setattr(analysis, "_fresh_checks", lambda *args, **kwargs: {})  # no time left
    none = run_sensitivity(scenario, seconds=120)
    assert not any(w.portfolio_checked for w in none.weights if w.set != "regional_criteria")
    funding = [d for d in every.deciders if d.edge == "funding"]
    assert funding
    assert every.to_json()["deciders"] == none.to_json()["deciders"]


def test_a_weights_interval_does_not_depend_on_what_its_lane_looked_at_before() -> None:
    """The default scenario is degenerate: a walk on an instance that solved other weights
    first could end on another of its equally good splits, so two runs split among the lanes
    differently gave other ends for 7 of the 17 weights (§14.3)."""
    search = prepare(load(DEFAULT_SCENARIO)).search
    items = search.model.criteria
    after = search.lane(own_points=True)
    for earlier in ("growth", "exports"):
        after.interval("criteria", items.index(earlier), math.inf)
    alone = search.lane(own_points=True)
    for weight in ("diversification", "lagging"):
        name = "criteria" if weight in items else "regional_criteria"
        k = (items if name == "criteria" else search.model.regional_criteria).index(weight)
        assert after.interval(name, k, math.inf) == alone.interval(name, k, math.inf), weight


def test_a_run_says_whether_who_decides_pinned_down_every_funding_edge(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scenario = integer_scenario(3)
    assert run_sensitivity(scenario, seconds=120).deciders_refined
    real = analysis._funding_deciders

    def slow(prepared, search, deadline):  # as on a busy machine: the time runs out here
        found = real(prepared, search, deadline)
        time.sleep(max(0.0, deadline - time.perf_counter()))
        return found

    monkeypatch.setattr(analysis, "_funding_deciders", slow)
    late = run_sensitivity(scenario, seconds=8)
    assert not late.deciders_refined and late.to_json()["deciders_refined"] is False
    assert late.deciders_partial("en") is not None


def test_the_slider_shows_the_integer_split() -> None:
    """Every line the app's split funds gets at least the minimum ticket (the relaxation would
    fund some thinly)."""
    scenario = integer_scenario(3)
    prepared = prepare(scenario)
    search = prepared.search
    for t in (0.0, 0.5, 1.0):
        cells = search.amounts(search.weights_at("criteria", 0, t))
        funded = cells[cells > 1e-6]
        assert funded.size <= 10
        assert funded.min() >= 1.5 - 1e-6


def test_a_loose_relaxation_keeps_the_relaxations_intervals_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When no integer split comes close enough to the relaxation's bound (here: none is
    accepted), the intervals are the relaxation's, and the JSON and the text say so."""
    monkeypatch.setattr(splits, "TAKEN_GAP", -1.0)
    scenario = integer_scenario(3)
    result = run_sensitivity(scenario, seconds=120)
    assert result.relaxed and not result.integer
    assert result.to_json()["relaxed"] is True and result.to_json()["integer"] is False
    assert "relaxation" in result.format_text("en")
    assert "relajación" in result.format_text("es")
    assert all(w.portfolio_complete for w in result.weights)


def test_without_funding_decisions_nothing_is_relaxed_or_integer() -> None:
    result = run_sensitivity(make_scenario(4, programmes=4))
    assert not result.integer and not result.relaxed


def test_the_tornado_shows_the_integer_split_at_each_stakeholder_end() -> None:
    """Drawn two weights at once, the tornado's money at each end is the slider's there."""
    scenario = integer_scenario(3)
    table = tornado(prepare(scenario))
    fresh = prepare(scenario)
    assert not table.empty
    for ref in weight_refs(fresh):
        rows = table[(table["set"] == ref.set) & (table["weight"] == ref.id)]
        if rows.empty:
            continue
        low, high = rows["low"].iloc[0], rows["high"].iloc[0]
        for column, t in (("at_low", low), ("at_high", high)):
            expected = money_at(fresh, ref, t)
            found = rows.set_index("programme")[column].reindex(expected.index)
            np.testing.assert_allclose(found.to_numpy(), expected.to_numpy(), atol=1e-6)


def test_two_runs_on_one_loaded_model_at_once_agree() -> None:
    """The app's sessions share one loaded model: two runs at once (and the slider meanwhile)
    use instances and point tables of their own, and agree with a run alone."""
    scenario = integer_scenario(7)
    prepared = prepare(scenario)
    alone = run_sensitivity(scenario, prepared=prepared, seconds=120).to_json()
    with ThreadPoolExecutor(max_workers=3) as pool:
        runs = [
            pool.submit(run_sensitivity, scenario, prepared=prepared, seconds=120) for _ in range(2)
        ]
        slider = pool.submit(
            lambda: [money_at(prepared, weight_refs(prepared)[0], t) for t in (0.1, 0.5, 0.9)]
        )
        found = [run.result().to_json() for run in runs]
        assert len(slider.result()) == 3
    for result in found:
        assert result["weights"] == alone["weights"]
        assert result["deciders"] == alone["deciders"]


def test_on_the_default_scenario_optimise_agrees_at_every_checked_end() -> None:
    """The default scenario is degenerate: splits of nearly the same value differ by tenths of
    a point (§14.3). Each checked end is checked on the split `optimise` reports, so a reader
    who runs `optimise` at the end and 0.001 beyond it finds what the interval says."""
    scenario = load(DEFAULT_SCENARIO)
    result = run_sensitivity(scenario, seconds=600)  # the same work on a slower machine
    checked = [w for w in result.weights if w.portfolio_checked]
    assert result.integer and len(checked) >= len(result.weights) - 1
    optimise_agrees(scenario, checked)


def test_a_loose_relaxations_ends_are_checked_on_whole_line_splits_when_time_allows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where the relaxation is loose, its ends are checked on fresh relaxations and then, when
    the time left covers it, on the whole-line splits `optimise` gives: every end counted as
    checked is what `optimise` finds there (§14.3)."""
    monkeypatch.setattr(splits, "TAKEN_GAP", -1.0)
    scenario = integer_scenario(3)
    result = run_sensitivity(scenario, seconds=300)
    assert result.relaxed
    checked = [w for w in result.weights if w.portfolio_checked]
    assert checked and all(w.portfolio_relaxation_checked is not None for w in result.weights)
    optimise_agrees(scenario, checked)
    assert {"whole_split", "whole_checks"} <= set(result.to_json()["seconds"])
    assert result.suggested_seconds is None  # the round ended in time: more would not help
    assert f"{len(checked)} of {len(result.weights)} split intervals" in result.format_text("en")


def test_a_loose_relaxation_does_not_begin_whole_line_checks_it_has_no_time_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Checks that would mostly not finish are not begun: the run ends with the relaxation's
    checked ends, and says what one whole-line split and the checks would take."""
    monkeypatch.setattr(splits, "TAKEN_GAP", -1.0)
    monkeypatch.setattr(analysis, "lane_count", lambda tasks: 1e-6)  # the estimate: ages
    scenario = integer_scenario(3)
    begin = time.perf_counter()
    result = run_sensitivity(scenario, seconds=300)
    assert time.perf_counter() - begin < 150
    assert result.relaxed and not any(w.portfolio_checked for w in result.weights)
    assert all(w.portfolio_relaxation_checked for w in result.weights)
    text = result.format_text("en")
    suggested = result.suggested_seconds
    assert suggested is not None and suggested % 30 == 0 and suggested > 300
    assert result.to_json()["suggested_seconds"] == suggested
    assert "0 of" in text and f"prioritise sensitivity --seconds {round(suggested)}" in text
    assert "relaxation solved afresh" in text


def test_a_longer_run_is_suggested_only_for_want_of_time_and_always_longer() -> None:
    """The suggestion: twice this run at least, more when the first checks need it, in half
    minutes; none when the whole-line round ended in time."""
    search = prepare(integer_scenario(3)).search
    search.whole_short, search.whole_needed = False, 100.0
    assert analysis.longer_run(search, 27.0, 2.0) is None
    search.whole_short = True
    assert analysis.longer_run(search, 27.0, 2.0) == 330.0  # 2 + 3 × 100, rounded up
    search.whole_needed = 1.0
    assert analysis.longer_run(search, 400.0, 2.0) == 810.0  # twice the run, rounded up
    search.whole_needed = None  # the reference split itself ran out of time
    assert analysis.longer_run(search, 27.0, 2.0) == 60.0


def test_a_run_out_of_time_with_a_tight_relaxation_suggests_twice_the_time() -> None:
    """A tight relaxation's ends left unchecked because the run's time ran out (a busy or slow
    machine) get a longer run too, not silence."""
    search = prepare(integer_scenario(3)).search
    search.whole_short, search.whole_needed = False, None
    assert analysis.longer_run(search, 27.0, 2.0) is None
    assert analysis.longer_run(search, 27.0, 2.0, out_of_time=True) == 60.0
    scenario = integer_scenario(3)
    result = run_sensitivity(scenario, seconds=0.5)  # far too little for every end's check
    assert any(not w.portfolio_checked for w in result.weights)
    assert result.suggested_seconds is not None and result.suggested_seconds >= 1.0
