"""Robustness of the split: which lines survive the stakeholders' disagreement.

`run_robustness` draws weight vectors (Dirichlet around the group weights with the spread of
the panel's disagreement, uniform on the simplex, or a bootstrap of the panel), re-optimises
the split for each draw (`prioritise.robustness.solve`: one HiGHS model per process, new
objective coefficients per draw, every draw started from the group's basis), and summarises:
core index and money quantiles per cell, programme and region money, the chance that each
region gets its population share, SMAA rank acceptability of programmes and central weights,
the robust core and the contested lines; then each stakeholder's own split, the regret table
and the minimax-regret compromise (`prioritise.robustness.compromise`).

Weight sets sampled: criterion, enabling-area and regional-criterion weights, and direct
programme weights when `priority.programme_blend` mixes them in. A stakeholder with zero
influence has no say, so is neither sampled nor part of the compromise.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from prioritise.allocate.checks import pre_checks
from prioritise.allocate.input import AllocationInput, Label, allocation_input
from prioritise.allocate.solve import linear_program
from prioritise.allocate.text import Sentences, language_of, unit_of
from prioritise.allocate.yardstick import reference_value
from prioritise.robustness.cluster import ENGINES, Engine, open_engine
from prioritise.robustness.compromise import Compromise, minimax_regret
from prioritise.robustness.errors import RobustnessError
from prioritise.robustness.lp import MatrixModel, matrix_model
from prioritise.robustness.parallel import DrawProblem, Progress
from prioritise.robustness.result import RobustnessResult
from prioritise.robustness.sampling import (
    SAMPLINGS,
    Panel,
    WeightSampler,
    WeightSet,
)
from prioritise.robustness.solve import SolveError, group_start
from prioritise.robustness.stats import (
    DrawArrays,
    cell_summary,
    central_weights,
    classify,
    funded_tolerance,
    quantile_frame,
    rank_acceptability,
    region_summary,
)
from prioritise.scenario.schema import Scenario, Stakeholder
from prioritise.scoring.tree import ValueTree, value_tree
from prioritise.text import (
    LANGUAGES,
    Integer,
    LocalizedError,
    Message,
    Percent,
    msg,
    name_of,
)

__all__ = [
    "ENGINES",
    "SAMPLINGS",
    "Compromise",
    "RobustnessError",
    "RobustnessResult",
    "WeightSampler",
    "prepare",
    "run_robustness",
]

BASE_SETS = ("criteria", "enabling_areas", "regional_criteria")
MAX_DRAWS = 100_000


@dataclass(frozen=True)
class Prepared:
    """Everything built once per analysis: weights, panel, models and the group's split."""

    tree: ValueTree
    sets: list[WeightSet]
    panel: Panel
    data: AllocationInput
    problem: DrawProblem
    seconds: float

    @property
    def matrix(self) -> MatrixModel:
        return self.problem.matrix

    def own_weights(self, stakeholder: str) -> dict[str, np.ndarray]:
        """A stakeholder's own weights, the group's for any set they did not state."""
        result = {}
        for weight_set in self.sets:
            if stakeholder in weight_set.holders:
                row = weight_set.rows[weight_set.holders.index(stakeholder)]
            else:
                row = weight_set.group
            result[weight_set.name] = row[None, :]
        return result


def _weight_sets(scenario: Scenario, tree: ValueTree, voices: list[str]) -> list[WeightSet]:
    names = list(BASE_SETS)
    if scenario.priority.programme_blend > 0 and "programmes" in tree.weights:
        names.append("programmes")
    sets = []
    for name in names:
        group = tree.weights[name]
        table = tree.stakeholder_weights.get(name, pd.DataFrame())
        holders = [s for s in voices if s in table.index]
        rows = (
            table.loc[holders, list(group.index)].to_numpy(float)
            if holders
            else np.zeros((0, len(group)))
        )
        totals = rows.sum(axis=1, keepdims=True)
        rows = np.divide(rows, totals, out=np.zeros_like(rows), where=totals > 0)
        sets.append(
            WeightSet(name, [str(i) for i in group.index], group.to_numpy(float), holders, rows)
        )
    return sets


def heard(scenario: Scenario) -> list[Stakeholder]:
    """The stakeholders with a say: influence above zero. Only they are sampled and only
    they count in the compromise, which there is none of without them."""
    return [s for s in scenario.stakeholders if s.influence > 0]


def prepare(scenario: Scenario, integer: bool = False) -> Prepared:
    """Score the scenario, build the allocation model once and solve the group's problem.

    `integer`: keep the funding decisions integer (see `prioritise.robustness.solve`).
    """
    begin = time.perf_counter()
    tree = value_tree(scenario)
    with_a_say = heard(scenario)
    panel = Panel(
        stakeholders=[s.id for s in with_a_say],
        influence=np.array([s.influence for s in with_a_say], dtype=float),
        groups=[s.group for s in with_a_say],
        aggregation=scenario.priority.aggregation,
        count=scenario.priority.count,
    )
    sets = _weight_sets(scenario, tree, panel.stakeholders)
    model = tree.model
    values = np.asarray(tree.cells["value"], dtype=float).reshape(model.shape)
    data = allocation_input(scenario, values)
    problems = pre_checks(data)
    if problems:
        raise RobustnessError(
            "robustness.error.infeasible", problems=Sentences(tuple(p.note for p in problems))
        )
    matrix = matrix_model(linear_program(data), data)
    try:
        start, _ = group_start(matrix, matrix.costs(values.reshape(-1)), integer)
    except SolveError as exc:
        raise RobustnessError("robustness.error.solve", detail=_detail(exc)) from None
    problem = DrawProblem(matrix, model, start, values.reshape(-1))
    return Prepared(tree, sets, panel, data, problem, time.perf_counter() - begin)


def _detail(exc: Exception) -> object:
    """A caught error for a message: its own message when it has one, else its text."""
    return exc if isinstance(exc, LocalizedError) else str(exc)


def _check_arguments(draws: int, seed: int, sampling: str) -> None:
    if (
        isinstance(draws, bool)
        or not isinstance(draws, int | np.integer)
        or not (1 <= draws <= MAX_DRAWS)
    ):
        raise RobustnessError("robustness.error.draws", most=Integer(MAX_DRAWS), draws=repr(draws))
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise RobustnessError("robustness.error.seed", seed=repr(seed))
    if sampling not in SAMPLINGS:
        raise RobustnessError(
            "robustness.error.sampling", sampling=sampling, samplings=", ".join(SAMPLINGS)
        )


def run_robustness(
    scenario: Scenario,
    draws: int = 200,
    seed: int = 0,
    sampling: str = "dirichlet",
    workers: int | None = None,
    progress: Progress | None = None,
    *,
    compromise: bool = True,
    integer: bool = False,
    engine: str = "local",
    address: str | None = None,
) -> RobustnessResult:
    """Re-optimise the split under `draws` weight draws and say what survives.

    `sampling` is "dirichlet" (around the group weights, spread from the panel's
    disagreement), "uniform" (anywhere on the simplex) or "resample" (bootstrap of the
    panel). `workers` processes solve the draws (None: the cores available); the same seed
    gives the same result with any number of workers. `progress(done, total)` is called as
    draws finish. `compromise` adds the stakeholders' own splits and the minimax-regret
    compromise. `integer` keeps funding decisions (min_ticket, max_lines) integer in every
    draw, at a much higher cost; by default draws solve their LP relaxation.

    `engine` is "local" (this machine's processes) or "dask" (the workers of a Dask cluster:
    the one whose scheduler is at `address`, e.g. "tcp://10.0.0.5:8786", or without an
    address a local one of `workers` processes); both give the same result for a seed.
    """
    _check_arguments(draws, seed, sampling)
    begin = time.perf_counter()
    chosen = open_engine(engine, address, workers, int(draws))
    try:
        return _run(scenario, chosen, draws, seed, sampling, progress, compromise, integer, begin)
    finally:
        chosen.close()


def _run(
    scenario: Scenario,
    chosen: Engine,
    draws: int,
    seed: int,
    sampling: str,
    progress: Progress | None,
    compromise: bool,
    integer: bool,
    begin: float,
) -> RobustnessResult:
    prepared = prepare(scenario, integer)
    try:
        sampler = WeightSampler.build(prepared.sets, prepared.panel, sampling)
    except RobustnessError:
        raise
    except ValueError as exc:
        raise RobustnessError("robustness.error.weights", detail=_detail(exc)) from None
    started = time.perf_counter()
    weights = sampler.draw_many(int(seed), 0, int(draws))
    priorities = prepared.problem.priorities(weights)
    values = prepared.problem.cell_values(weights)
    sampling_seconds = time.perf_counter() - started
    started = time.perf_counter()
    try:
        solved = chosen.solve(prepared.problem, values, progress)
    except SolveError as exc:  # the scenario's own split was found: not a conflict of rules
        raise RobustnessError("robustness.error.draw_solve", detail=_detail(exc)) from None
    solve_seconds = time.perf_counter() - started
    found = None
    started = time.perf_counter()
    if compromise and prepared.panel.stakeholders:
        try:
            found = minimax_regret(
                prepared.matrix,
                prepared.problem.start,
                {
                    s: prepared.problem.cell_values(prepared.own_weights(s))[0]
                    for s in prepared.panel.stakeholders
                },
                prepared.panel.shares(range(len(prepared.panel.stakeholders))),
            )
            found = replace(found, reference=reference_value(prepared.data))
        except SolveError as exc:
            raise RobustnessError("robustness.error.solve", detail=_detail(exc)) from None
    compromise_seconds = time.perf_counter() - started
    seconds = {
        "sampling": sampling_seconds,
        "build": prepared.seconds,
        "solve": solve_seconds,
        "solver": float(solved.seconds.sum()),
        "compromise": compromise_seconds,
        "total": time.perf_counter() - begin,
    }
    arrays = DrawArrays(
        solved.amounts,
        solved.objective,
        priorities,
        weights,
        solved.seconds,
        solved.bound,
    )
    return _summarise(
        scenario, prepared, sampler, arrays, int(draws), int(seed), chosen, found, seconds
    )


def _summarise(
    scenario: Scenario,
    prepared: Prepared,
    sampler: WeightSampler,
    arrays: DrawArrays,
    draws: int,
    seed: int,
    engine: Engine,
    found: Compromise | None,
    seconds: dict[str, float],
) -> RobustnessResult:
    model, data, matrix = prepared.tree.model, prepared.data, prepared.matrix
    lines = _lines(prepared, arrays)
    n_p, n_e, n_r = model.shape
    group = matrix.cell_amounts(prepared.problem.start.columns)
    cells = cell_summary(arrays.cell_amounts, model.cells, group, data.total)
    cells["class"] = classify(cells["core_index"])
    by_cell = arrays.cell_amounts.reshape(draws, n_p, n_e, n_r)
    group_cells = group.reshape(n_p, n_e, n_r)
    programmes = quantile_frame(
        by_cell.sum(axis=(2, 3)), pd.Index(model.programmes, dtype=object, name="programme")
    )
    programmes["group"] = group_cells.sum(axis=(1, 2))
    regions = region_summary(
        by_cell.sum(axis=(1, 2)), model.regions, data.population, group_cells.sum(axis=(0, 1))
    )
    items = {s.name: s.items for s in prepared.sets}
    affecting = {k: v for k, v in arrays.weights.items() if k in ("criteria", "programmes")}
    group_p = prepared.problem.priorities({s.name: s.group[None, :] for s in prepared.sets})[0]
    objective = np.quantile(arrays.objective, (0.1, 0.5, 0.9))
    return RobustnessResult(
        draws=draws,
        seed=seed,
        sampling=sampler.sampling,
        workers=engine.workers,
        engine=engine.name,
        total=data.total,
        mixed_integer=matrix.is_mip,
        precision=dict(sampler.precisions),
        cells=cells,
        programmes=programmes,
        regions=regions,
        rank_acceptability=rank_acceptability(arrays.priorities, model.programmes),
        central_weights=central_weights(arrays.priorities, affecting, items, model.programmes),
        group_priorities=pd.Series(group_p, index=pd.Index(model.programmes, dtype=object)),
        objective={
            "group": prepared.problem.start.objective,
            "p10": objective[0],
            "p50": objective[1],
            "p90": objective[2],
        },
        compromise=found,
        seconds=seconds,
        arrays=arrays,
        names={**dict(data.names), **{s.id: s.name for s in scenario.stakeholders}},
        unit=unit_of(data).text(language_of(data)),
        language=language_of(data),
        lines=lines,
        notes=_notes(prepared, sampler, lines, draws),
        money_unit=unit_of(data),
        labels={**dict(data.labels), **_stakeholder_labels(scenario)},
    )


_DEGENERATE = ("robustness.note.no_panel", "robustness.note.one_voice", "robustness.note.agree")
"""Why every draw equals the group's weights, by how many stakeholders stated a set (at most):
none (nobody to draw from), one (nobody to disagree with), or more who agree."""


def _notes(
    prepared: Prepared, sampler: WeightSampler, lines: dict[str, float] | None, draws: int
) -> list[Message]:
    """Plain-language remarks on the run, as messages for either language; `draws` tells
    "all 40 draws" from "12 draws" past the limit of lines."""
    notes: list[Message] = []
    if sampler.degenerate:
        holders = max((len(weight_set.holders) for weight_set in sampler.sets), default=0)
        notes.append(msg(_DEGENERATE[min(holders, 2)]))
    if lines is None:
        return notes
    if prepared.problem.start.integer:
        notes.append(
            msg(
                "robustness.note.integer",
                gap_max=Percent(lines["gap_max"], 2),
                gap_median=Percent(lines["gap_median"], 3),
            )
        )
        return notes
    counts = {  # a count of lines is whole: an even number of draws may put the median at .5
        "median": Integer(round(lines["median"])),
        "most": Integer(lines["max"]),
    }
    over = round(lines["over_cap"])
    if math.isfinite(lines["cap"]) and over > 0:
        said = "robustness.note.over_cap_all" if over == draws else "robustness.note.over_cap"
        cap = Integer(lines["cap"])
        notes.append(
            msg("robustness.note.relaxed_capped", **counts, over=msg(said, count=over, cap=cap))
        )
    else:  # no draw past the limit: money is not said to spread over more lines than allowed
        notes.append(msg("robustness.note.relaxed", **counts))
    return notes


def _lines(prepared: Prepared, arrays: DrawArrays) -> dict[str, float] | None:
    """How many cells the draws fund, against `max_lines` (scenarios with funding rules)."""
    if not prepared.matrix.is_mip:
        return None
    funded = (arrays.cell_amounts > funded_tolerance(prepared.data.total)).sum(axis=1)
    cap = prepared.data.constraints.max_lines
    gap = arrays.gap
    return {
        "median": float(np.median(funded)),
        "max": float(funded.max()),
        "cap": float(cap) if cap is not None else float("nan"),
        "over_cap": float((funded > cap).sum()) if cap is not None else 0.0,
        "gap_max": float(gap.max()),
        "gap_median": float(np.median(gap)),
        "integer": bool(prepared.problem.start.integer),
    }


def _stakeholder_labels(scenario: Scenario) -> dict[str, Label]:
    """Each stakeholder's name in every language (the regrets name them)."""
    return {
        person.id: Label({lang: name_of(person, lang) for lang in LANGUAGES})
        for person in scenario.stakeholders
    }
