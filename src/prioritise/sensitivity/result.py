"""The outcome of a sensitivity analysis: `prioritise sensitivity --json` and a table for
reports (docs/model.md §14). Each weight's intervals are a `WeightInterval` (`weight_interval`);
the plain text and the sentences come from the result's base class, `result_text.ResultText`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from prioritise.allocate.input import Label
from prioritise.sensitivity.decider import Decider
from prioritise.sensitivity.result_text import COLUMNS, SET_NAMES, ResultText
from prioritise.sensitivity.weight_interval import INTERVALS, NEAR, UNEXPLORED, WeightInterval
from prioritise.text import t

__all__ = [  # re-exported: the package and `analysis` import them from here
    "NEAR",
    "UNEXPLORED",
    "Decider",
    "WeightInterval",
]


@dataclass(frozen=True)
class SensitivityResult(ResultText):
    """Stability intervals of every group weight, and the weights that decide the edges.

    `ranking` holds the programmes best first under the group's weights; `integer` says that
    the split has funding decisions and the portfolio intervals are its integer split's,
    `relaxed` that it has funding decisions but the intervals are its relaxation's (§14.3);
    `seconds` the time of the ranking and portfolio parts and in total; `solves` how many
    splits were re-solved (the relaxation, warm), `integer_solves` how many of them were then
    solved as integer splits.
    """

    method: str
    weights: list[WeightInterval]
    deciders: list[Decider]
    ranking: list[str]
    integer: bool
    solves: int
    seconds: dict[str, float]
    language: str = "en"
    labels: dict[str, Label] = field(default_factory=dict)
    share_limit: float = 0.02
    relaxed: bool = False
    integer_solves: int = 0
    suggested_seconds: float | None = None
    """Where the relaxation is loose and some end was not checked on whole lines: the time
    (`--seconds`) of a run that gives those checks room (§14.3)."""
    deciders_refined: bool = True
    """Every point where a programme's funding starts or stops was refined in time (§14.4);
    false when time ran out first, and the points solved stand."""

    def weight(self, weight_set: str, item: str) -> WeightInterval:
        return next(w for w in self.weights if w.set == weight_set and w.id == item)

    @property
    def decisive(self) -> list[WeightInterval]:
        return [w for w in self.weights if w.decisive]

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        """The `prioritise sensitivity --json` object (docs/model.md §13); `sentences` in
        `lang` (the scenario's language by default)."""
        return {
            "weights": [w.to_json() for w in self.weights],
            "method": self.method,
            "share_limit": self.share_limit,
            "ranking": list(self.ranking),
            "deciders": [d.to_json() for d in self.deciders],
            "integer": self.integer,
            "relaxed": self.relaxed,
            "solves": self.solves,
            "integer_solves": self.integer_solves,
            "suggested_seconds": self.suggested_seconds,
            "deciders_refined": self.deciders_refined,
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
            "sentences": self.sentences(lang),
        }

    def table(self, lang: str | None = None) -> pd.DataFrame:
        """One row per weight: set and item by name, current value and interval ends."""
        chosen = lang or self.language
        rows = []
        for w in self.weights:
            row: dict[str, Any] = {
                t("sensitivity.column.set", chosen): t(SET_NAMES[w.set], chosen),
                t("sensitivity.column.weight", chosen): self.name(w.id, chosen),
                t("sensitivity.column.current", chosen): w.current,
            }
            for name in INTERVALS:
                low, high = w.shown(name)
                row[t(COLUMNS[name][0], chosen)] = math.nan if low is None else low
                row[t(COLUMNS[name][1], chosen)] = math.nan if high is None else high
            row[t("sensitivity.column.decisive", chosen)] = " · ".join(self._marks(w, chosen))
            rows.append(row)
        return pd.DataFrame(rows)
