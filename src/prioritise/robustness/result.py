"""The outcome of a robustness analysis: tables, `prioritise robustness --json`, plain text."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from prioritise.allocate.text import number
from prioritise.robustness.compromise import COMPROMISE, GROUP, Compromise
from prioritise.robustness.stats import DrawArrays, funded_tolerance

CELL_KEYS = ("programme", "enabling_area", "region")

TEXT = {
    "en": {
        "head": "Robustness: {draws} draws ({sampling}, seed {seed})",
        "dirichlet": "Dirichlet around the group weights",
        "uniform": "uniform on the simplex",
        "resample": "resampled panel",
        "spread": "Spread of the draws (Dirichlet precision; larger is tighter)",
        "point": "none: the stakeholders agree",
        "core": "Robust core: {n} lines funded in at least 90 % of draws ({money} in the "
        "group split)",
        "contested": "Contested: {n} lines funded in 10-90 % of draws",
        "programmes": "Money per programme (P10 / P50 / P90; group)",
        "regions": "Money per region (P10 / P50 / P90; group; chance of at least its "
        "population share)",
        "ranks": "Programme rank acceptability (share of draws at rank 1, 2, 3)",
        "regret": "Largest regret of each split (value given up by the stakeholder worst off)",
        "by": "of the best split for",
        "group": "group weights",
        "compromise": "minimax-regret compromise",
        "seconds": "Seconds: {text}",
        "more": "... and {n} more",
    },
    "es": {
        "head": "Robustez: {draws} sorteos ({sampling}, semilla {seed})",
        "dirichlet": "Dirichlet en torno a las ponderaciones del grupo",
        "uniform": "uniforme en el símplex",
        "resample": "remuestreo del panel",
        "spread": "Dispersión de los sorteos (precisión de Dirichlet; mayor es más estrecha)",
        "point": "ninguna: los actores coinciden",
        "core": "Núcleo robusto: {n} líneas financiadas en al menos el 90 % de los sorteos "
        "({money} en la asignación del grupo)",
        "contested": "En disputa: {n} líneas financiadas en el 10-90 % de los sorteos",
        "programmes": "Monto por programa (P10 / P50 / P90; grupo)",
        "regions": "Monto por región (P10 / P50 / P90; grupo; probabilidad de recibir al "
        "menos su proporción de población)",
        "ranks": "Aceptabilidad de posiciones de los programas (proporción de sorteos en "
        "los lugares 1, 2, 3)",
        "regret": "Mayor arrepentimiento de cada asignación (valor que pierde el actor "
        "más perjudicado)",
        "by": "de la mejor asignación para",
        "group": "ponderaciones del grupo",
        "compromise": "compromiso de mínimo arrepentimiento",
        "seconds": "Segundos: {text}",
        "more": "... y {n} más",
    },
}


def clean(value: Any) -> Any:
    """JSON has no NaN or infinity: they become null; numpy scalars become Python ones."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    return value


def _row(frame: pd.DataFrame, key: Any, columns: list[str]) -> dict[str, Any]:
    return {column: clean(frame.at[key, column]) for column in columns}


@dataclass(frozen=True)
class RobustnessResult:
    """Which parts of the split survive the weights' uncertainty.

    `cells` is indexed by (programme, enabling_area, region) with core_index, p10, p50, p90,
    mean, group (the group split's money), group_funded and class (core / contested / rare /
    never); `programmes` and `regions` hold the money quantiles (regions also the chance of
    reaching their population share); `rank_acceptability` is programmes × ranks.
    `seconds`: sampling (weights and cell values), build (scoring, model, group's solve),
    solve (wall-clock of all draws), solver (CPU seconds inside HiGHS summed over draws),
    compromise, total.
    """

    draws: int
    seed: int
    sampling: str
    workers: int
    total: float
    mixed_integer: bool
    precision: dict[str, float]
    cells: pd.DataFrame
    programmes: pd.DataFrame
    regions: pd.DataFrame
    rank_acceptability: pd.DataFrame
    central_weights: dict[str, dict[str, dict[str, float]] | None]
    group_priorities: pd.Series
    objective: dict[str, float]
    compromise: Compromise | None
    seconds: dict[str, float]
    arrays: DrawArrays = field(repr=False)
    names: dict[str, str] = field(default_factory=dict)
    unit: str = "M USD"
    language: str = "en"
    lines: dict[str, float] | None = None
    notes: dict[str, list[str]] = field(default_factory=dict)

    def notes_in(self, language: str | None = None) -> list[str]:
        """The run's remarks in a language (es or en; the scenario's by default)."""
        chosen = language or self.language
        return list(self.notes.get(chosen, self.notes.get("en", [])))

    @property
    def robust_core(self) -> pd.DataFrame:
        """Cells funded in at least 90 % of draws, largest median first."""
        core = self.cells[self.cells["class"] == "core"]
        return core.sort_values(["p50", "core_index"], ascending=False)

    @property
    def contested(self) -> pd.DataFrame:
        """Cells funded in 10-90 % of draws, most often funded first."""
        contested = self.cells[self.cells["class"] == "contested"]
        return contested.sort_values(["core_index", "p50"], ascending=False)

    def name(self, item: str) -> str:
        return self.names.get(item, item)

    def cell_label(self, cell: tuple[str, str, str]) -> str:
        return " · ".join(self.name(part) for part in cell)

    # ------------------------------------------------------------------ JSON

    def _cell_records(self, frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
        return [
            {**dict(zip(CELL_KEYS, key, strict=True)), **_row(frame, key, columns)}
            for key in frame.index
        ]

    def to_json(self) -> dict[str, Any]:
        """The `prioritise robustness --json` object of DESIGN §7, with a few extra keys."""
        quantiles = ["p10", "p50", "p90", "mean", "group"]
        return {
            "draws": self.draws,
            "seed": self.seed,
            "sampling": self.sampling,
            "workers": self.workers,
            "mixed_integer": self.mixed_integer,
            "spread": {
                name: {"precision": clean(value), "point_mass": not math.isfinite(value)}
                for name, value in self.precision.items()
            }
            if self.sampling == "dirichlet"
            else None,
            "cells": self._cell_records(self.cells, ["core_index", *quantiles, "group_funded"]),
            "programmes": {p: _row(self.programmes, p, quantiles) for p in self.programmes.index},
            "regions": {
                r: _row(self.regions, r, [*quantiles, "population_share", "p_population_share"])
                for r in self.regions.index
            },
            "rank_acceptability": {
                p: [clean(v) for v in row]
                for p, row in zip(
                    self.rank_acceptability.index, self.rank_acceptability.to_numpy(), strict=True
                )
            },
            "central_weights": self.central_weights,
            "group_priorities": {p: clean(v) for p, v in self.group_priorities.items()},
            "robust_core": self._cell_records(self.robust_core, ["core_index", "p50", "group"]),
            "contested": self._cell_records(
                self.contested, ["core_index", "p10", "p50", "p90", "group"]
            ),
            "objective": {k: clean(v) for k, v in self.objective.items()},
            "compromise": self._compromise_json(),
            "seconds": {k: clean(v) for k, v in self.seconds.items()},
            "lines": None if self.lines is None else {k: clean(v) for k, v in self.lines.items()},
            "notes": self.notes_in(),
        }

    def _totals(self, amounts: np.ndarray) -> dict[str, dict[str, float]]:
        index = self.cells.index
        series = pd.Series(amounts, index=index)
        return {
            "programme": {
                k: clean(v) for k, v in series.groupby(level=0, sort=False).sum().items()
            },
            "region": {k: clean(v) for k, v in series.groupby(level=2, sort=False).sum().items()},
        }

    def _compromise_json(self) -> dict[str, Any] | None:
        found = self.compromise
        if found is None:
            return None
        relative = found.relative_regret
        portfolios = {
            key: {
                "max_regret": clean(found.max_regret[key]),
                "max_relative_regret": clean(relative[key].max()),
                "worst_off": found.worst_off[key],
                "regret": {s: clean(v) for s, v in found.regret[key].items()},
                "relative_regret": {s: clean(v) for s, v in relative[key].items()},
                "totals": self._totals(found.portfolios[key]),
            }
            for key in found.regret.columns
        }
        amounts = found.portfolios[COMPROMISE]
        funded = amounts > funded_tolerance(self.total)
        cells = [
            {**dict(zip(CELL_KEYS, key, strict=True)), "amount": clean(amount)}
            for key, amount, keep in zip(self.cells.index, amounts, funded, strict=True)
            if keep
        ]
        return {
            "stakeholders": found.stakeholders,
            "shares": {s: clean(v) for s, v in found.shares.items()},
            "optimum": {s: clean(v) for s, v in found.optimum.items()},
            "portfolios": portfolios,
            "cells": cells,
            "seconds": clean(found.seconds),
            "kept": found.kept,
        }

    # ------------------------------------------------------------------ text

    def format_text(self, limit: int = 10, language: str | None = None) -> str:
        """A readable summary for the terminal, in the scenario's language (es or en)."""
        chosen = language or self.language
        words = TEXT.get(chosen, TEXT["en"])
        lines = [
            words["head"].format(draws=self.draws, sampling=words[self.sampling], seed=self.seed)
        ]
        lines += [f"  {note}" for note in self.notes_in(chosen)]
        if self.sampling == "dirichlet":
            lines += ["", words["spread"]]
            for name, value in self.precision.items():
                shown = f"{value:.1f}" if math.isfinite(value) else words["point"]
                lines.append(f"  {name:<20} {shown}")
        labels = [self.name(str(i)) for i in (*self.programmes.index, *self.regions.index)]
        width = min(max(map(len, labels), default=10) + 1, 44)
        core, contested = self.robust_core, self.contested
        lines += ["", words["core"].format(n=len(core), money=self._money(core["group"].sum()))]
        lines += self._cell_lines(core, limit, words, ["p50"])
        lines += ["", words["contested"].format(n=len(contested))]
        lines += self._cell_lines(contested, limit, words, ["p10", "p50", "p90"])
        lines += ["", words["programmes"]]
        for p, row in self.programmes.iterrows():
            lines.append(
                f"  {self.name(str(p)):<{width}} {self._range(row)}; {self._money(row['group'])}"
            )
        lines += ["", words["regions"]]
        for r, row in self.regions.iterrows():
            chance = row["p_population_share"]
            shown = "-" if not math.isfinite(chance) else f"{100 * chance:.0f} %"
            lines.append(
                f"  {self.name(str(r)):<{width}} {self._range(row)}; "
                f"{self._money(row['group'])}; {shown}"
            )
        lines += ["", words["ranks"]]
        top = min(3, self.rank_acceptability.shape[1])
        for p, row in self.rank_acceptability.iterrows():
            shares = " ".join(f"{100 * v:5.1f} %" for v in row.to_numpy()[:top])
            lines.append(f"  {self.name(str(p)):<{width}} {shares}")
        if self.compromise is not None:
            lines += ["", words["regret"]]
            found = self.compromise
            relative = found.relative_regret
            named = [self.name(k) for k in found.stakeholders] + [
                words["group"],
                words["compromise"],
            ]
            width = max(map(len, named)) + 1
            for key in found.regret.columns:
                label = words.get(key, "") if key in (GROUP, COMPROMISE) else self.name(key)
                worst = found.worst_off[key]
                share = relative.at[worst, key]
                shown = f"{100 * share:.1f} %" if math.isfinite(share) else "-"
                lines.append(
                    f"  {label:<{width}} {found.max_regret[key]:.4g} = {shown} "
                    f"{words['by']} {self.name(worst)}"
                )
        text = ", ".join(f"{k} {v:.2f}" for k, v in self.seconds.items())
        lines += ["", words["seconds"].format(text=text)]
        return "\n".join(lines)

    def _money(self, amount: float) -> str:
        return f"{number(float(amount), self.language, 2)} {self.unit}"

    def _range(self, row: pd.Series) -> str:
        return " / ".join(self._money(row[q]) for q in ("p10", "p50", "p90"))

    def _cell_lines(
        self, frame: pd.DataFrame, limit: int, words: dict[str, str], columns: list[str]
    ) -> list[str]:
        lines = []
        for key, row in frame.head(limit).iterrows():
            amounts = " / ".join(self._money(row[c]) for c in columns)
            lines.append(f"  {100 * row['core_index']:5.1f} %  {self.cell_label(key)}: {amounts}")
        if len(frame) > limit:
            lines.append("  " + words["more"].format(n=len(frame) - limit))
        return lines
