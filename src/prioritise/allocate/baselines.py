"""Baselines: simple splits of the budget, valued like the optimum (docs/model.md §10).

A plain split — in proportion to the cell values, or to population — ignores the scenario's
rules: it funds every line, gives the capital more than its cap. Compared with the optimum it
mixes two things, what optimising adds and what the rules cost, and can even read "optimising
adds −9 %". So each plain split is also moved to the **nearest split that obeys every rule**
(least total money moved, Σ_c |X_c − baseline_c|, under the same rules as the optimiser); that
fair baseline is feasible for the optimiser, so the optimum is never below it beyond the solver's
gap. The plain splits stay in the results, marked as ignoring the rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from prioritise.allocate.input import AllocationInput
from prioritise.allocate.matrices import LinearProgram
from prioritise.allocate.pulp_model import ModelBuilder
from prioritise.allocate.session import Session
from prioritise.allocate.splits import objective_of, population_split, proportional_split
from prioritise.allocate.text import language_of
from prioritise.text import Message, msg

PROJECTION_SECONDS = 5.0
"""Time allowed to find the nearest rule-obeying split; the closest found by then is used
(any split found obeys every rule)."""


@dataclass(frozen=True)
class Baseline:
    """A simple split evaluated by the optimiser's objective, and what optimising gains on it.

    `obeys_rules` is true for a split moved to satisfy every rule of the scenario, false for a
    plain split; `value_index` is its value on the scale of docs/model.md §10 (100 = the best
    the budget can do with no rule). `moved` is the money moved from the plain split.
    """

    name: str
    summary: Message
    objective: float
    gain: float | None
    gain_share: float | None
    amounts: np.ndarray = field(repr=False)
    language: str = "en"
    obeys_rules: bool = False
    value_index: float | None = None
    moved: float | None = None

    @property
    def description(self) -> str:
        """What the split does, in the scenario's language."""
        return self.summary.text(self.language)

    def description_text(self, lang: str | None = None) -> str:
        return self.summary.text(lang or self.language)


BASELINE_TEXT = {
    "proportional": "allocate.baseline.proportional_fair",
    "population": "allocate.baseline.population_fair",
    "proportional_ignoring_rules": "allocate.baseline.proportional",
    "population_ignoring_rules": "allocate.baseline.population",
}
HEADLINE = ("proportional", "population")
"""The baselines that obey the rules: the only ones a headline compares with."""


def _distance_program(program: LinearProgram, target: np.ndarray) -> LinearProgram:
    """The model with the objective replaced by −Σ_c |X_c − target_c| (one row per cell).

    Two columns per cell, the money above and below the target, carry the distance.
    """
    cells = len(target)
    columns = len(program.objective)
    money = np.flatnonzero(program.column_kind == "x")
    base_row = len(program.row_lower)
    rows = np.concatenate(
        [
            program.rows,
            base_row + program.column_cell[money],
            base_row + np.arange(cells),
            base_row + np.arange(cells),
        ]
    )
    cols = np.concatenate(
        [program.cols, money, columns + np.arange(cells), columns + cells + np.arange(cells)]
    )
    values = np.concatenate([program.values, np.ones(len(money)), -np.ones(cells), np.ones(cells)])
    extra = 2 * cells
    objective = np.concatenate([np.zeros(columns), -np.ones(extra)])
    pad = np.full(extra, -1)
    return LinearProgram(
        objective=objective,
        rows=rows,
        cols=cols,
        values=values,
        row_lower=np.concatenate([program.row_lower, target]),
        row_upper=np.concatenate([program.row_upper, target]),
        col_lower=np.concatenate([program.col_lower, np.zeros(extra)]),
        col_upper=np.concatenate([program.col_upper, np.full(extra, np.inf)]),
        integer=np.concatenate([program.integer, np.zeros(extra, dtype=bool)]),
        column_kind=np.concatenate([program.column_kind, np.full(extra, "distance")]),
        column_cell=np.concatenate([program.column_cell, pad]),
        column_year=np.concatenate([program.column_year, pad]),
        column_segment=np.concatenate([program.column_segment, pad]),
        slopes=program.slopes,
        row_names=[*program.row_names, *[""] * cells],
        shape=program.shape,
    )


def nearest_obeying(
    builder: ModelBuilder,
    target: np.ndarray,
    start: np.ndarray | None,
    seconds: float = PROJECTION_SECONDS,
) -> np.ndarray | None:
    """The split closest to `target` (cell totals, P × E × R) that obeys every rule.

    `start` is a feasible column vector (the optimum) to start from; None when none is found.
    """
    flat = np.asarray(target, dtype=float).reshape(-1)
    program = _distance_program(builder.linear_program(), flat)
    session = Session(program, 1e-4)
    first = None
    if start is not None:
        cells = builder.amounts(start).sum(axis=3).reshape(-1)
        first = np.concatenate([start, np.maximum(cells - flat, 0), np.maximum(flat - cells, 0)])
    found = session.solve(start=first, time_limit=seconds)
    if not found.found:
        return None
    return builder.amounts(found.values[: len(builder.columns)])


def baselines(
    data: AllocationInput,
    optimum: float | None,
    reference: float | None,
    builder: ModelBuilder | None = None,
    solution: np.ndarray | None = None,
) -> list[Baseline]:
    """The fair baselines (when a built model is given) and the plain ones, with the value
    the optimiser adds to each (docs/model.md §10)."""
    language = language_of(data)
    plain = [("proportional", proportional_split(data)), ("population", population_split(data))]
    result = []

    def add(name: str, split: np.ndarray, obeys: bool, moved: float | None) -> None:
        value = objective_of(data, split)
        gain = None if optimum is None else optimum - value
        share = None if gain is None or value <= 0 else gain / value
        index = None if not reference else 100 * value / reference
        summary = msg(BASELINE_TEXT[name])
        result.append(
            Baseline(name, summary, value, gain, share, split, language, obeys, index, moved)
        )

    if builder is not None:
        for name, split in plain:
            if split is None:
                continue
            fair = nearest_obeying(builder, split.sum(axis=3), solution)
            if fair is not None:
                moved = float(np.abs(fair.sum(axis=3) - split.sum(axis=3)).sum()) / 2
                add(name, fair, True, moved)
    for name, split in plain:
        if split is not None:
            add(f"{name}_ignoring_rules", split, False, None)
    return result
