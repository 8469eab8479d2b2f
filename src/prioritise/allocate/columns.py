"""A built model's columns as arrays, read from its PuLP variables once.

The columns of an allocation model are all made when it is built; what a solve, a re-solve or
a reading of the split needs of them (objective, bounds, kinds and places) is read into arrays
once, not from ten thousand PuLP variables at every call (docs/model.md §19).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from prioritise.allocate.matrices import INFINITY


@dataclass(frozen=True)
class ColumnArrays:
    """The columns' objective, bounds and integer flags and, as in `LinearProgram`, each
    column's kind, cell, year and segment."""

    objective: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    integer: np.ndarray
    kind: np.ndarray
    cell: np.ndarray
    year: np.ndarray
    segment: np.ndarray

    def held(self, columns: np.ndarray, values: np.ndarray) -> ColumnArrays:
        """These columns with `columns` held at `values` as continuous ones (the funding
        decisions held for the duals), in new arrays."""
        lower, upper, integer = self.lower.copy(), self.upper.copy(), self.integer.copy()
        lower[columns] = upper[columns] = values
        integer[columns] = False
        return replace(self, lower=lower, upper=upper, integer=integer)

    @classmethod
    def read(
        cls,
        columns: Sequence[Any],
        objective: Mapping[Any, float],
        meta: Sequence[tuple[str, int, int, int]],
        integer: str,
    ) -> ColumnArrays:
        """From PuLP variables (`columns`), the objective's terms by variable, each column's
        (kind, cell, year, segment), and PuLP's name of the integer category (`integer`:
        this module does not import PuLP)."""
        position = {id(variable): j for j, variable in enumerate(columns)}
        costs = np.zeros(len(columns))
        for variable, coefficient in objective.items():
            costs[position[id(variable)]] = coefficient
        kind, cell, year, segment = (np.array(part) for part in zip(*meta, strict=True))
        for shared in (kind, cell, year, segment):  # every program handed out shares them
            shared.setflags(write=False)
        return cls(
            costs,
            np.array([v.lowBound for v in columns], dtype=float),
            np.array([INFINITY if v.upBound is None else v.upBound for v in columns], dtype=float),
            np.array([v.cat == integer for v in columns]),
            kind,
            cell,
            year,
            segment,
        )
