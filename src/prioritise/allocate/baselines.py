"""Baselines: simple splits of the budget, valued like the optimum (docs/model.md §10.2).

A plain split — in proportion to the cell values, or to population — ignores the scenario's
rules: it funds every line, gives the capital more than its cap. Compared with the optimum it
mixes two things, what optimising adds and what the rules cost, and can even read "optimising
adds −9 %". So each plain split is also made to **obey every rule the way a spreadsheet user
would**: every change a rule forces is spread over the lines in proportion to their amounts, and
lines are dropped smallest first. Formally it is the split that maximises Σ_c t_c · g(X_c / t_c)
under the optimiser's own rules, t_c being the plain split and g a concave, logarithm-like curve:
with no rule but the budget its optimum is the plain split itself (the proportionally fair split
of t). It is solved by the optimiser's own model with g in place of the returns curve, so it is
deterministic and obeys every rule; being feasible for the optimiser, the optimum is never below
it beyond the solver's gap. The plain splits stay in the results, marked as ignoring the rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import pairwise

import numpy as np

from prioritise.allocate.input import AllocationInput
from prioritise.allocate.splits import objective_of, population_split, proportional_split
from prioritise.allocate.text import language_of
from prioritise.text import Message, msg, rounded

FAIR_SECONDS = 10.0
"""Time allowed to make a plain split obey the rules; a search stopped by it is not used (a
half-finished split would not be the fair baseline), and that baseline is left out."""
FAIR_GAP = 1e-2
FAIR_BREAKPOINTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 4.0)
"""Breakpoints of g, in multiples of each line's plain amount."""
FAIR_SLOPES = tuple(
    2 / (a + b) for a, b in pairwise(FAIR_BREAKPOINTS)
)
"""Slopes of g: 1 / u at the middle of each segment, the logarithm's, so cuts fall in proportion."""


@dataclass(frozen=True)
class Baseline:
    """A simple split evaluated by the optimiser's objective, and what optimising gains on it.

    `obeys_rules` is true for a split moved to satisfy every rule of the scenario, false for a
    plain split; `value_index` is its value on the scale of docs/model.md §10.1 (100 = the best
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

    def gain_shown(self, optimum_index: float | None, decimals: int = 1) -> float | None:
        """The gain in index points as a reader checks it: the optimum's index less this
        split's, each as shown (rounded to `decimals`), so 88.9 against 74.5 gains 14.4, never
        14.5. Never below 0 for a split that obeys the rules (the optimum is never below it
        but for the solver's gap)."""
        if optimum_index is None or self.value_index is None:
            return None
        gain = rounded(optimum_index, decimals) - rounded(self.value_index, decimals)
        gain = round(gain, decimals)  # no 14.400000000000006
        return max(0.0, gain) if self.obeys_rules else gain


BASELINE_TEXT = {
    "proportional": "allocate.baseline.proportional_fair",
    "population": "allocate.baseline.population_fair",
    "proportional_ignoring_rules": "allocate.baseline.proportional",
    "population_ignoring_rules": "allocate.baseline.population",
}
HEADLINE = ("proportional", "population")
"""The baselines that obey the rules: the only ones a headline compares with."""


def plain_splits(data: AllocationInput) -> dict[str, np.ndarray]:
    """The plain splits by name (population left out when a region has no population)."""
    found = {"proportional": proportional_split(data), "population": population_split(data)}
    return {name: split for name, split in found.items() if split is not None}


def closeness_input(data: AllocationInput, target: np.ndarray) -> AllocationInput:
    """The optimiser's problem whose optimum is the plain split `target` (cell totals) made
    to obey every rule: value Σ_c t_c · g(X_c / t_c), same rules (see the module docstring)."""
    return replace(
        data,
        values=np.full(data.shape, 1.0 / data.n_cells),
        cell_scale=np.asarray(target, dtype=float),
        breakpoints=FAIR_BREAKPOINTS,
        slopes=FAIR_SLOPES,
    )


def baselines(
    data: AllocationInput,
    optimum: float | None,
    reference: float | None,
    fair: dict[str, np.ndarray],
) -> list[Baseline]:
    """The fair baselines (`fair`: money per cell and year of each plain split made to obey
    the rules) and the plain ones, with the value the optimiser adds to each (§10.2)."""
    language = language_of(data)
    plain = plain_splits(data)
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

    for name, obeying in fair.items():
        moved = float(np.abs(obeying.sum(axis=3) - plain[name].sum(axis=3)).sum()) / 2
        add(name, obeying, True, moved)
    for name, split in plain.items():
        add(f"{name}_ignoring_rules", split, False, None)
    return result
