"""The outcome of a robustness analysis: tables, `prioritise robustness --json`, plain text."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from prioritise.allocate.input import Label
from prioritise.robustness.compromise import COMPROMISE, GROUP, Compromise
from prioritise.robustness.stats import DrawArrays, funded_tolerance
from prioritise.text import (
    LANGUAGES,
    Duration,
    Integer,
    ListOf,
    Message,
    Money,
    MoneyUnit,
    Number,
    Percent,
    msg,
    name_of,
    number,
    percent,
    t,
)

CELL_KEYS = ("programme", "enabling_area", "region")
SAME_ROWS = {
    "robustness.range": "robustness.range_same",
    "robustness.money_row": "robustness.money_row_same",
    "robustness.region_row": "robustness.region_row_same",
}
"""Each row's sentence when 8 draws in 10 give one amount."""
DRAW_SHARE_PLACES = 1
"""Decimals of every share of draws in the text (lines, regions, ranks): 1 of 40 draws is
2,5 %, not 3 % beside a 97,5 %."""
SAME_AMOUNT = 1e-6
"""Amounts of a row this close (relative) to its group's are the same amount, written alike:
a floor held in every draw is 2,625 in each, not 'between 2,62 and 2,63'."""

SAMPLING_NAMES = {
    "dirichlet": "robustness.sampling.dirichlet",
    "uniform": "robustness.sampling.uniform",
    "resample": "robustness.sampling.resample",
}
SET_NAMES = {
    "criteria": "common.criteria",
    "enabling_areas": "common.enabling_areas",
    "regional_criteria": "common.regional_criteria",
    "programmes": "common.programmes",
}
TIME_PARTS = {
    "sampling": "robustness.time.sampling",
    "build": "robustness.time.build",
    "solve": "robustness.time.solve",
    "solver": "robustness.time.solver",
    "compromise": "robustness.time.compromise",
    "total": "robustness.time.total",
}

# The words of the sampling methods and of "no spread", by language: kept for tables that
# still look them up by key (each comes from the catalogue).
TEXT = {
    lang: {
        **{key: t(message_id, lang) for key, message_id in SAMPLING_NAMES.items()},
        "point": t("robustness.point", lang),
    }
    for lang in LANGUAGES
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
    notes: list[Message] = field(default_factory=list)
    money_unit: MoneyUnit = field(default_factory=lambda: MoneyUnit(1e6, "USD"))
    labels: dict[str, Label] = field(default_factory=dict)
    engine: str = "local"

    def notes_in(self, language: str | None = None) -> list[str]:
        """The run's remarks in a language (es or en; the scenario's by default)."""
        chosen = language or self.language
        return [note.text(chosen) for note in self.notes]

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

    def name(self, item: str, lang: str | None = None) -> str:
        """An item's name in `lang` (the scenario's language by default)."""
        label = self.labels.get(item)
        if label is None:
            return self.names.get(item, item)
        return name_of(label, lang or self.language)

    def cell_label(self, cell: tuple[str, str, str], lang: str | None = None) -> str:
        return " · ".join(self.name(part, lang) for part in cell)

    # ------------------------------------------------------------------ JSON

    def _cell_records(self, frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
        return [
            {**dict(zip(CELL_KEYS, key, strict=True)), **_row(frame, key, columns)}
            for key in frame.index
        ]

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        """The `prioritise robustness --json` object of docs/model.md §13, with a few extra keys;
        `notes` in `lang` (the scenario's language by default)."""
        quantiles = ["p10", "p50", "p90", "mean", "group"]
        return {
            "draws": self.draws,
            "seed": self.seed,
            "sampling": self.sampling,
            "workers": self.workers,
            "engine": self.engine,
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
            "notes": self.notes_in(lang),
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
        relative, points = found.relative_regret, found.regret_points
        portfolios = {
            key: {
                "max_regret": clean(found.max_regret[key]),
                "max_regret_points": None if points is None else clean(points[key].max()),
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
            "reference": None if found.reference is None else clean(found.reference),
            "portfolios": portfolios,
            "cells": cells,
            "seconds": clean(found.seconds),
            "kept": found.kept,
        }

    # ------------------------------------------------------------------ text

    def format_text(self, limit: int = 10, *, lang: str | None = None) -> str:
        """A readable summary for the terminal, in `lang` (the scenario's language by default)."""
        chosen = lang or self.language

        def say(message_id: str, **params: Any) -> str:
            return t(message_id, chosen, **params)

        lines = [
            say(
                "robustness.head",
                count=Integer(self.draws),
                sampling=msg(SAMPLING_NAMES[self.sampling]),
                seed=self.seed,
            )
        ]
        lines += [f"  {note}" for note in self.notes_in(chosen)]
        if self.sampling == "dirichlet":
            lines += ["", say("robustness.spread")]
            for name, value in self.precision.items():
                shown = say("robustness.point")
                if math.isfinite(value):
                    shown = number(value, chosen, 1)
                title = say(SET_NAMES[name]) if name in SET_NAMES else name
                lines.append(f"  {title:<20} {shown}")
        ids = [str(i) for i in (*self.programmes.index, *self.regions.index)]
        width = min(max((len(self.name(i, chosen)) for i in ids), default=10) + 1, 44)
        core, contested = self.robust_core, self.contested
        share, low, high = Percent(0.9, 0), Percent(0.1, 0), Percent(0.9, 0)
        if core.empty:  # one sentence, not a heading over an empty list
            lines += ["", say("robustness.core_none", share=share)]
        else:
            money = self._money(float(core["group"].sum()))
            lines += ["", say("robustness.core", count=len(core), share=share, money=money)]
            lines += self._cell_lines(core, limit, chosen, "robustness.typical")
        if contested.empty:
            lines += ["", say("robustness.contested_none", low=low, high=high)]
        else:
            lines += ["", say("robustness.contested", count=len(contested), low=low, high=high)]
            lines += self._cell_lines(contested, limit, chosen, "robustness.range")
        lines += ["", say("robustness.programmes")]
        for p, row in self.programmes.iterrows():
            found = self._amounts(row, "group")
            amounts = say(_same_or(found, "robustness.money_row"), **_typical_if_same(found))
            lines.append(f"  {self.name(str(p), chosen):<{width}} {amounts}")
        lines += ["", say("robustness.regions")]
        for r, row in self.regions.iterrows():
            chance = Percent(float(row["p_population_share"]), DRAW_SHARE_PLACES)
            found = self._amounts(row, "group")
            key = _same_or(found, "robustness.region_row")
            amounts = say(key, chance=chance, **_typical_if_same(found))
            lines.append(f"  {self.name(str(r), chosen):<{width}} {amounts}")
        lines += ["", say("robustness.ranks")]
        top = min(3, self.rank_acceptability.shape[1])
        ranks = " ".join(f"{say('robustness.rank_n', n=k + 1):>7}" for k in range(top))
        lines.append(f"  {'':<{width}} {ranks}")
        for p, row in self.rank_acceptability.iterrows():
            shares = " ".join(
                f"{percent(v, chosen, DRAW_SHARE_PLACES):>7}" for v in row.to_numpy()[:top]
            )
            lines.append(f"  {self.name(str(p), chosen):<{width}} {shares}")
        if self.compromise is not None:
            lines += ["", *self._regret_lines(self.compromise, chosen)]
        parts = [
            msg(self._time_part(k), time=Duration(v))
            for k, v in self.seconds.items()
            if k in TIME_PARTS
        ]
        lines += ["", say("robustness.time", parts=ListOf(parts))]
        return "\n".join(lines)

    def _time_part(self, key: str) -> str:
        """The message of one part of the time: the solver's seconds are added over the
        workers only when there are several."""
        if key == "solver" and self.workers == 1:
            return "robustness.time.solver_one"
        return TIME_PARTS[key]

    def _regret_lines(self, found: Compromise, lang: str) -> list[str]:
        points = found.regret_points  # one unit for every stakeholder, where there is one
        head = "robustness.regret" if points is None else "robustness.regret_points"
        lines = [t(head, lang)]
        relative = found.relative_regret
        special = {GROUP: t("robustness.group", lang), COMPROMISE: t("robustness.compromise", lang)}
        for key in found.stakeholders:
            special.setdefault(key, t("robustness.split_own", lang, name=self.name(key, lang)))
        width = max(map(len, special.values())) + 1
        for key in found.regret.columns:
            label = special.get(key, self.name(key, lang))
            worst = found.worst_off[key]
            if points is None:
                said = "robustness.regret_line"
                amount = {"regret": Number(float(found.max_regret[key]), 4)}
            else:
                said = "robustness.regret_points_line"
                amount = {"points": Number(float(points.at[worst, key]), 1)}
            share = Percent(relative.at[worst, key], 1)
            line = t(said, lang, share=share, worst=self.name(worst, lang), **amount)
            lines.append(f"  {label:<{width}} {line}")
        return lines

    def _money(self, amount: float) -> Money:
        return Money(float(amount), self.money_unit.unit, self.money_unit.currency, 2)

    def _amounts(self, row: pd.Series, *extra: str) -> dict[str, Money]:
        """A row's money in plain words' parameters: `low` and `high` (P10 and P90: 8 draws in
        10 fall between them), `typical` (P50, the median) and any `extra` column."""
        named = {"low": "p10", "typical": "p50", "high": "p90"} | {c: c for c in extra}
        values = {word: float(row[column]) for word, column in named.items()}
        anchor = values[extra[0]] if extra else values["typical"]
        near = SAME_AMOUNT * max(1.0, abs(anchor))  # a floor held in every draw: one amount
        return {
            word: self._money(anchor if abs(value - anchor) <= near else value)
            for word, value in values.items()
        }

    def _cell_lines(self, frame: pd.DataFrame, limit: int, lang: str, said: str) -> list[str]:
        lines = []
        for key, row in frame.head(limit).iterrows():
            amounts = self._amounts(row)
            sentence = said
            if said == "robustness.typical":
                amounts = {"typical": amounts["typical"]}
            else:
                sentence, amounts = _same_or(amounts, said), _typical_if_same(amounts)
            amounts_text = t(sentence, lang, **amounts)
            share = percent(row["core_index"], lang, DRAW_SHARE_PLACES)
            lines.append(f"  {share:>7}  {self.cell_label(key, lang)}: {amounts_text}")
        if len(frame) > limit:
            more = len(frame) - limit
            lines.append("  " + t("robustness.more", lang, count=Integer(more)))
        return lines


def _same_or(amounts: dict[str, Money], key: str) -> str:
    """`key`, or its `_same` form when 8 draws in 10 give one amount (P10 and P90 written
    alike): '2,63 MM USD in at least 8 of 10 draws', not 'between 2,63 and 2,63'."""
    same = amounts["low"].text("en") == amounts["high"].text("en")
    return SAME_ROWS[key] if same else key


def _typical_if_same(amounts: dict[str, Money]) -> dict[str, Money]:
    """The parameters of `_same_or`'s sentence: without `low` and `high` in its `_same` form."""
    if amounts["low"].text("en") != amounts["high"].text("en"):
        return amounts
    return {word: value for word, value in amounts.items() if word not in ("low", "high")}
