"""Sensitivity of the result to each group weight (docs/model.md §14).

`run_sensitivity` moves every group weight — each criterion, enabling-area and regional-criterion
weight — from 0 to 1 with the others in their proportions, and reports around the current value
the interval over which (a) the first programme stays first, (b) the whole programme ranking is
unchanged (`prioritise.sensitivity.ranking`: exact crossings, or bisection for TOPSIS) and (c) no
programme's share of the optimised budget moves by more than 2 points
(`prioritise.sensitivity.portfolio`: re-solved along the weight, bisection). Then, for the
programmes at the edge of the top three or of funding, the smallest move of one weight that
puts them in or out, and which stakeholders already weigh it beyond that point.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from prioritise.allocate import (
    AllocationInput,
    allocation_input,
    lane_count,
    linear_program,
    pre_checks,
)
from prioritise.allocate.input import Label
from prioritise.scenario import Scenario
from prioritise.scoring import ValueModel, ValueTree, value_tree
from prioritise.sensitivity.errors import SensitivityError
from prioritise.sensitivity.portfolio import (
    FRESH_SOLVES,
    MORE_TRIES,
    MOST_SOLVES,
    SECONDS,
    SETS,
    PortfolioSearch,
    Progress,
    in_lanes,
)
from prioritise.sensitivity.ranking import nearest_flip, order_of, ranking_intervals, top_membership
from prioritise.sensitivity.result import Decider, SensitivityResult, WeightInterval
from prioritise.sensitivity.splits import LEAST_SECONDS, Weights
from prioritise.text import LANGUAGES, name_of

TOP = 3
"""The top three: the programmes whose place at the head of the ranking "who decides" watches."""
FUNDED_SHARE = 1e-6
"""A programme with less than this share of the budget counts as not funded."""


@dataclass
class Prepared:
    """What a run builds once: the value tree, group weights, allocation data and search."""

    tree: ValueTree
    weights: Weights
    data: AllocationInput
    search: PortfolioSearch

    @property
    def model(self) -> ValueModel:
        return self.tree.model

    def items(self, name: str) -> list[str]:
        model = self.model
        return {
            "criteria": model.criteria,
            "enabling_areas": model.areas,
            "regional_criteria": model.regional_criteria,
        }[name]

    def own_weights(self, name: str) -> pd.DataFrame:
        """Each stakeholder's own weights of a set (rows summing to 1), stakeholders × items."""
        table = self.tree.stakeholder_weights.get(name, pd.DataFrame())
        table = table.reindex(columns=self.items(name)).fillna(0.0)
        totals = table.sum(axis=1)
        return table[totals > 0].div(totals[totals > 0], axis=0)


def prepare(scenario: Scenario, budget: float | None = None) -> Prepared:
    """Score the scenario and load its allocation model once, solved at the group's weights
    (at `budget`, or the scenario's own)."""
    tree = value_tree(scenario)
    model = tree.model
    order = {
        "criteria": model.criteria,
        "enabling_areas": model.areas,
        "regional_criteria": model.regional_criteria,
    }
    weights = {
        name: tree.weights[name].reindex(order[name]).fillna(0.0).to_numpy(float) for name in SETS
    }
    values = np.asarray(tree.cells["value"], dtype=float).reshape(model.shape)
    data = allocation_input(scenario, values, budget)
    if pre_checks(data):
        raise SensitivityError("sensitivity.error.infeasible")
    search = PortfolioSearch(model, weights, data, linear_program(data))
    return Prepared(tree, weights, data, search)


def _labels(scenario: Scenario, data: AllocationInput) -> dict[str, Label]:
    labels = dict(data.labels)
    for criterion in scenario.criteria:
        labels[criterion.id] = Label({lang: name_of(criterion, lang) for lang in LANGUAGES})
    for person in scenario.stakeholders:
        labels.setdefault(person.id, Label({lang: name_of(person, lang) for lang in LANGUAGES}))
    return labels


def _beyond(own: pd.DataFrame, item: str, current: float, threshold: float) -> tuple[str, ...]:
    """Stakeholders whose own weight of `item` lies past `threshold`, seen from `current`."""
    if item not in own.columns:
        return ()
    column = own[item]
    chosen = column >= threshold if threshold > current else column <= threshold
    return tuple(str(s) for s in column.index[chosen])


def _top_deciders(prepared: Prepared, ranking: list[int]) -> list[Decider]:
    """Programmes ranked third and fourth: the nearest move of each criterion weight that puts
    them in or out of the top three."""
    model, criteria = prepared.model, prepared.weights["criteria"]
    if len(ranking) <= TOP or len(criteria) < 2:
        return []
    own = prepared.own_weights("criteria")
    found = []
    for k, item in enumerate(model.criteria):
        members = top_membership(model, criteria, k, TOP)
        t0 = float(criteria[k])
        for p in ranking[TOP - 1 : TOP + 1]:
            inside = bool(members(np.array([t0]))[0, p])

            def same(
                t: np.ndarray,
                p: int = p,
                inside: bool = inside,
                members: Callable[[np.ndarray], np.ndarray] = members,
            ) -> np.ndarray:
                return np.asarray(members(t)[:, p] == inside)

            flips = nearest_flip(same, t0)
            if flips is None:
                continue
            threshold = min((f for f in flips if not np.isnan(f)), key=lambda f: abs(f - t0))
            found.append(
                Decider(
                    programme=model.programmes[p],
                    edge="top_three",
                    direction="leave" if inside else "enter",
                    set="criteria",
                    id=item,
                    current=t0,
                    threshold=threshold,
                    stakeholders=_beyond(own, item, t0, threshold),
                )
            )
    return found


def _funding_deciders(
    prepared: Prepared, search: PortfolioSearch, deadline: float
) -> list[Decider]:
    """Programmes whose funding starts or stops at one of the points the portfolio search
    has solved: the nearest such point of each weight, refined by bisection (§14.4) until
    `deadline` (after it, the solved point stands)."""
    keys = sorted(search.solved, key=lambda key: (SETS.index(key[0]), key[1]))  # not lane order
    flips = in_lanes(
        search, keys, lambda lane, key: lane.funding_flips(*key, FUNDED_SHARE, deadline)
    )
    found = []
    for (name, k), flipped in zip(keys, flips, strict=True):
        item = prepared.items(name)[k]
        t0 = float(prepared.weights[name][k])
        own = prepared.own_weights(name)
        for p, threshold in flipped.items():
            found.append(
                Decider(
                    programme=prepared.model.programmes[p],
                    edge="funding",
                    direction="leave" if search.base[p] > FUNDED_SHARE else "enter",
                    set=name,
                    id=item,
                    current=t0,
                    threshold=threshold,
                    stakeholders=_beyond(own, item, t0, threshold),
                )
            )
    return found


def _checked_ends(
    search: PortfolioSearch,
    weights: Weights,
    found: dict[tuple[str, int], tuple[float, float, bool]],
    deadline: float,
    progress: Progress | None,
) -> dict[tuple[str, int], Checked]:
    """Each complete interval's ends as `optimise` sees them (§14.3), on both lanes, in the
    time left after every interval was found: first every end's two checks, then, with what
    time is left, the search goes on from the ends a check disagreed with. Per weight, the
    ends and whether both were checked. A set of one item has nothing to check: its weight
    is 1 whatever t. `progress` counts the weights found, then the ends checked."""

    def nearest(item: tuple[tuple[str, int], tuple[float, float, bool]]) -> float:
        (name, k), (low, high, _) = item
        return min(weights[name][k] - low, high - weights[name][k])

    # The weights whose interval ends nearest their current value (the decisive ones) first:
    # when time runs out, the ends left unchecked are those furthest from the group's weights.
    tasks = [
        (name, k, side, (low, high)[side > 0])
        for (name, k), (low, high, complete) in sorted(found.items(), key=nearest)
        if complete and len(weights[name]) > 1
        for side in (-1.0, 1.0)
    ]
    total = len(found) + len(tasks) * _rounds(search) + 1  # last: what a check disagreed with

    def counted(before: int) -> Progress:
        def report(done: int, _: int) -> None:
            if progress is not None:
                progress(before + done, total)

        return report

    # a loose relaxation's own round gets one try an end: the time left is the whole-line
    # round's, which `portfolio_checked` reads
    most = FRESH_SOLVES if search.relaxed else MOST_SOLVES
    ends = _fresh_checks(search, tasks, deadline, counted(len(found)), most)
    whole: dict[tuple[str, int, float], tuple[float, bool]] = {}
    if search.relaxed and tasks:
        search.whole_short = True  # unless the whole-line round runs and ends in time
        if _whole_checks_fit(search, len(tasks), deadline):
            # a loose relaxation: its ends, checked on fresh relaxations, then on the
            # whole-line splits `optimise` gives, when the time left allows their first
            # checks (§14.3)
            search.checked.clear()
            again = [(*task[:3], ends[task[:3]][0]) for task in tasks]
            whole = _fresh_checks(search, again, deadline, counted(len(found) + len(tasks)))
            search.whole_short = time.perf_counter() >= deadline - LEAST_SECONDS
    if progress is not None:
        progress(total, total)
    checked = {}
    for (name, k), (low, high, complete) in found.items():
        if len(weights[name]) == 1:
            checked[name, k] = Checked((low, high), complete, complete if search.relaxed else None)
            continue
        below = ends.get((name, k, -1.0), (low, False))
        above = ends.get((name, k, 1.0), (high, False))
        agreed: bool | None = None
        if search.relaxed:
            agreed = below[1] and above[1]
            below = whole.get((name, k, -1.0), (below[0], False))
            above = whole.get((name, k, 1.0), (above[0], False))
        checked[name, k] = Checked((below[0], above[0]), below[1] and above[1], agreed)
    return checked


@dataclass(frozen=True)
class Checked:
    """A portfolio interval's ends after the checks of §14.3, whether both agree with the
    split `optimise` gives, and, where the relaxation is loose, whether both agree with the
    relaxation solved afresh."""

    ends: tuple[float, float]
    whole: bool
    relaxation: bool | None  # None where the relaxation is not loose


def _whole_checks_fit(search: PortfolioSearch, ends: int, deadline: float) -> bool:
    """Solve the split `optimise` gives at the group's weights, estimate from its time what the
    two whole-line checks of every end take on the lanes (`search.whole_needed`), and say
    whether the time left covers that: checks that would mostly not finish are not begun."""
    search.whole_from = time.perf_counter()
    if not search.whole_reference(deadline) or search.whole_seconds is None:
        return False
    search.whole_needed = 2 * ends * search.whole_seconds / lane_count(ends)
    return deadline - time.perf_counter() >= search.whole_needed


LONGER_ROUND = 30.0
"""A longer run's time is suggested in whole half-minutes."""
SETTLING = 3.0
"""A longer run gets three times what the first whole-line checks take: the ends they disagree
with are settled by more whole-line splits (most in a few, some in tries of up to
`MOST_SOLVES`, §14.3)."""


def longer_run(
    search: PortfolioSearch, seconds: float, elapsed: float, out_of_time: bool = False
) -> float | None:
    """Where a loose relaxation's ends went unchecked on whole lines for want of time: the
    `--seconds` of a longer run (the app's button and the text), `seconds` being this run's
    and `elapsed` what its relaxation's part took. It gives the first whole-line checks
    `SETTLING` times what they take, and at least twice this run; None where time was not
    what stopped them (a check that ran out of tries is not helped by more). `out_of_time`
    says the run's time ran out with ends unchecked however tight the relaxation (a busy or
    slow machine): twice the time then."""
    if not search.whole_short and not out_of_time:
        return None
    wanted = 2 * seconds
    if search.whole_needed is not None:
        wanted = max(wanted, elapsed + SETTLING * search.whole_needed)
    return math.ceil(wanted / LONGER_ROUND) * LONGER_ROUND


def _rounds(search: PortfolioSearch) -> int:
    """Rounds of checks at each end: a loose relaxation's ends are checked twice (§14.3)."""
    return 2 if search.relaxed else 1


Task = tuple[str, int, float, float]
"""An end to check: (set, weight, side, end)."""


def _fresh_checks(
    search: PortfolioSearch,
    tasks: list[tuple[str, int, float, float]],
    deadline: float,
    progress: Progress | None = None,
    most: int | None = None,
) -> dict[tuple[str, int, float], tuple[float, bool]]:
    """Each end's two fresh checks on both lanes, then, in the time left, the search from the
    ends a check disagreed with, in tries of at most `most` fresh splits an end (default
    `MOST_SOLVES`); per (set, weight, side), the end and whether it agrees."""
    most = MOST_SOLVES if most is None else most
    first = in_lanes(
        search,
        tasks,
        lambda lane, task: lane.checked_end(*task, deadline, False, FRESH_SOLVES),
        progress,
    )
    ends = {task[:3]: result for task, result in zip(tasks, first, strict=True)}
    again = [task for task, (_, checked) in zip(tasks, first, strict=True) if not checked]
    solves = FRESH_SOLVES
    while again and solves <= most and time.perf_counter() < deadline:
        # each try may solve more fresh splits than the last; those solved are kept (§14.3)
        def settle(lane: PortfolioSearch, task: Task, most: int = solves) -> tuple[float, bool]:
            return lane.checked_end(*task, deadline, True, most)

        settled = in_lanes(search, again, settle)
        ends.update({task[:3]: result for task, result in zip(again, settled, strict=True)})
        again = [task for task, (_, checked) in zip(again, settled, strict=True) if not checked]
        solves *= MORE_TRIES
    return ends


def run_sensitivity(
    scenario: Scenario,
    *,
    seconds: float = SECONDS,
    progress: Progress | None = None,
    prepared: Prepared | None = None,
    budget: float | None = None,
) -> SensitivityResult:
    """Stability intervals of every group weight and the weights that decide the edges.

    `seconds` bounds the time of loading the model and finding the portfolio intervals (what
    is not explored in time is flagged as such); `progress(done, total)` is called after each
    weight; `budget` splits another total than the scenario's.
    """
    begin = time.perf_counter()
    prepared = prepared or prepare(scenario, budget)
    model, weights = prepared.model, prepared.weights
    current = model.programme_priorities(weights["criteria"])
    ranking = [int(p) for p in order_of(current)]
    todo = [(name, k) for name in SETS for k in range(len(weights[name]))]
    deadline = begin + seconds  # loading the model counts too
    started = time.perf_counter()
    ranked = {
        k: ranking_intervals(model, weights["criteria"], k)
        for k in range(len(weights["criteria"]))
        if len(weights["criteria"]) > 1
    }
    ranking_seconds = time.perf_counter() - started

    def portfolio(lane: PortfolioSearch, task: tuple[str, int]) -> tuple[float, float, bool]:
        name, k = task
        if len(weights[name]) == 1:  # a set of one item weighs 1 whatever t: nothing moves
            return 0.0, 1.0, True
        return lane.interval(name, k, deadline)

    search = prepared.search.lane(own_points=True)  # this run's points, and no shared instance
    ends = 2 * sum(len(weights[name]) > 1 for name, _ in todo)
    steps = len(todo) + ends * _rounds(search) + 1

    def searching(done: int, _: int) -> None:
        if progress is not None:
            progress(done, steps)  # the ends' checks follow

    intervals = in_lanes(search, todo, portfolio, searching)
    found = dict(zip(todo, intervals, strict=True))
    # Who decides reads the splits of the intervals' search only, before the ends' checks add
    # theirs (§14.4): how many ends a run had time to check does not change its deciders.
    started = time.perf_counter()
    funding = _funding_deciders(prepared, search, deadline)
    refined = time.perf_counter() < deadline  # every refinement of a funding edge ended in time
    ranking_seconds += time.perf_counter() - started
    checked = _checked_ends(search, weights, found, deadline, progress)
    unchecked = any(not c.whole for c in checked.values())
    out_of_time = time.perf_counter() >= deadline - LEAST_SECONDS
    started = begin if search.whole_from is None else search.whole_from
    suggested = longer_run(search, seconds, started - begin, out_of_time) if unchecked else None
    results = [
        WeightInterval(
            set=name,
            id=prepared.items(name)[k],
            current=float(weights[name][k]),
            first_place=ranked[k][0] if name == "criteria" and k in ranked else (0.0, 1.0),
            ranking=ranked[k][1] if name == "criteria" and k in ranked else (0.0, 1.0),
            portfolio=checked[name, k].ends,
            portfolio_complete=complete,
            portfolio_checked=checked[name, k].whole,
            portfolio_relaxation_checked=checked[name, k].relaxation,
        )
        for (name, k), (_, _, complete) in found.items()
    ]
    started = time.perf_counter()
    deciders = _top_deciders(prepared, ranking) + funding
    ranking_seconds += time.perf_counter() - started
    total = time.perf_counter() - begin
    return SensitivityResult(
        method=model.method,
        weights=results,
        deciders=deciders,
        ranking=[model.programmes[p] for p in ranking],
        integer=search.integer,
        relaxed=search.relaxed,
        integer_solves=search.integer_solves,
        solves=search.solves,
        seconds={
            "ranking": ranking_seconds,
            "portfolio": total - ranking_seconds,
            "total": total,
            **({} if search.whole_seconds is None else {"whole_split": search.whole_seconds}),
            **({} if search.whole_needed is None else {"whole_checks": search.whole_needed}),
        },
        language=scenario.scenario.language,
        labels=_labels(scenario, prepared.data),
        suggested_seconds=suggested,
        deciders_refined=refined,
    )
