"""Results of an allocation: the split, its tables and summaries, and their JSON.

Nothing here solves anything: an allocation array (programme × area × region × year) goes in,
tables and numbers come out; a split's value comes from `prioritise.allocate.splits`, the same
arithmetic the optimiser, the baselines and the tests use.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from prioritise.allocate.baselines import Baseline
from prioritise.allocate.diagnosis import Diagnosis
from prioritise.allocate.input import AllocationInput
from prioritise.allocate.splits import cell_earnings
from prioritise.allocate.text import estimate_of, index_points, language_of
from prioritise.allocate.yardstick import Yardstick
from prioritise.text import Message, Money, Number

SPENT_TOLERANCE = 1e-6
"""Amounts within this share of the budget of it have spent it all (as a budget row binds)."""

ZERO_SHARE = 1e-9
"""Amounts below this share of the budget are reported as zero (solver round-off)."""


def allocation_table(data: AllocationInput, amounts: np.ndarray) -> pd.DataFrame:
    """Long table of the non-zero amounts: programme, enabling_area, region, year, amount."""
    index = pd.MultiIndex.from_product(
        [data.programmes, data.areas, data.regions, data.years],
        names=["programme", "enabling_area", "region", "year"],
    )
    table = pd.DataFrame({"amount": np.asarray(amounts, dtype=float).reshape(-1)}, index=index)
    table = table[table["amount"] > ZERO_SHARE * data.total].reset_index()
    return table


def cell_table(data: AllocationInput, amounts: np.ndarray) -> pd.DataFrame:
    """Every cell: its value V, absorptive scale S, money over the horizon and value earned."""
    totals = np.asarray(amounts, dtype=float).sum(axis=3)
    index = pd.MultiIndex.from_product(
        [data.programmes, data.areas, data.regions],
        names=["programme", "enabling_area", "region"],
    )
    return pd.DataFrame(
        {
            "value": data.values.reshape(-1),
            "scale": data.scale.reshape(-1),
            "amount": np.where(totals > ZERO_SHARE * data.total, totals, 0.0).reshape(-1),
            "earned": cell_earnings(data, totals).reshape(-1),
        },
        index=index,
    ).reset_index()


def _group(
    cells: pd.DataFrame, shape: tuple[int, int, int], axis: int, order: tuple, total: float
) -> pd.DataFrame:
    """Money, share and value of each programme (`axis` 0), area (1) or region (2), summed in
    numpy: the cell table is in C order of (programme, area, region)."""
    others = tuple(other for other in range(3) if other != axis)
    amount = cells["amount"].to_numpy(dtype=float).reshape(shape).sum(axis=others)
    value = cells["earned"].to_numpy(dtype=float).reshape(shape).sum(axis=others)
    share = amount / total if total > 0 else np.zeros(len(amount))
    names = ("programme", "enabling_area", "region")
    return pd.DataFrame(
        {"amount": amount, "share": share, "value": value},
        index=pd.Index(list(order), name=names[axis]),
    )


@dataclass
class Totals:
    programme: pd.DataFrame
    enabling_area: pd.DataFrame
    region: pd.DataFrame
    year: pd.DataFrame


def totals_of(data: AllocationInput, amounts: np.ndarray, cells: pd.DataFrame) -> Totals:
    """Money, its share of the budget and the value earned, by programme, area, region, year."""
    region = _group(cells, data.shape, 2, data.regions, data.total)
    region["population"] = data.population
    with np.errstate(divide="ignore", invalid="ignore"):
        region["per_capita"] = np.where(
            data.population > 0, region["amount"].to_numpy() * data.unit / data.population, np.nan
        )
    by_year = np.asarray(amounts, dtype=float).sum(axis=(0, 1, 2))
    year = pd.DataFrame(
        {"amount": by_year, "budget": data.year_budgets},
        index=pd.Index(data.years, name="year"),
    )
    year["share"] = year["amount"] / data.total
    return Totals(
        programme=_group(cells, data.shape, 0, data.programmes, data.total),
        enabling_area=_group(cells, data.shape, 1, data.areas, data.total),
        region=region,
        year=year,
    )


def _clean(value: Any) -> Any:
    """JSON has no NaN or infinity: they become null."""
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def series_dict(frame: pd.DataFrame, column: str) -> dict[str, float | None]:
    return {str(key): _clean(value) for key, value in frame[column].items()}


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {key: _clean(value) for key, value in row.items()}
        for row in frame.to_dict(orient="records")
    ]


@dataclass
class Allocation:
    """One optimisation: status, the split of the budget, its value and why it looks so.

    `amounts` has shape (programmes, areas, regions, years). `constraints` lists every named
    constraint with its binding flag and shadow price — value added per unit of money by which
    the constraint is relaxed, read from the LP with the funding decisions held fixed — and a
    sentence saying so (column `note` as a message, `sentence` in the scenario's language).
    An infeasible problem comes back with a `diagnosis` (conflict, checks, repairs) instead.
    `status_note` says how the solve went; `message` is it (with the diagnosis of an
    infeasible problem) in the scenario's language, `message_text(lang)` in any language.
    """

    status: str
    status_note: Message
    objective: float | None
    gap: float | None
    solver: str
    budget: float
    amounts: np.ndarray = field(repr=False)
    allocation: pd.DataFrame = field(repr=False)
    cells: pd.DataFrame = field(repr=False)
    totals: Totals = field(repr=False)
    lines: int = 0
    constraints: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)
    baselines: list[Baseline] = field(default_factory=list)
    diagnosis: Diagnosis | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    data: AllocationInput | None = field(repr=False, default=None)
    yardstick: Yardstick | None = None
    sources: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)
    rules_priced: bool = False

    @property
    def value_index(self) -> float | None:
        """The value reached on the index of docs/model.md §10.1 (100 = no rule but the budget)."""
        return None if self.yardstick is None else self.yardstick.index(self.objective)

    @property
    def spent(self) -> float:
        """The money allocated: the budget itself when the amounts add up to it within the
        solver's tolerance (10⁻⁶ of it), so that a spent 65.625 is not written 65.62 beside a
        budget of 65.63."""
        total = float(self.amounts.sum())
        if abs(total - self.budget) <= SPENT_TOLERANCE * max(1.0, abs(self.budget)):
            return float(self.budget)
        return total

    @property
    def rules_cost(self) -> tuple[Number, Money | None] | None:
        """What all the rules together cost (docs/model.md §10.1), as a single rule's price is
        written: index points to one decimal, as the index (11,1 beside 88,9), or to as many
        as a rule's sentence would write (0,24, not 0,2, beside a rule that alone costs 0,24);
        and the budget that would add as much, None where it cannot be read off. None
        without a yardstick."""
        stick, index = self.yardstick, self.value_index
        if stick is None or stick.reference is None or index is None or self.data is None:
            return None
        points = 100.0 - index
        places = max(1, index_points(points).decimals)
        money = stick.money(stick.reference - (self.objective or 0.0))
        return Number(points, places), None if money is None else estimate_of(money, self.data)

    @property
    def rules_cost_unread(self) -> Message | None:
        """Why `rules_cost` gives no money, in a sentence to follow it (None where it does)."""
        stick = self.yardstick
        if self.rules_cost is None or stick is None or stick.reference is None:
            return None
        return stick.unread(stick.reference - (self.objective or 0.0))

    @property
    def headline_baselines(self) -> list[Baseline]:
        """The baselines that obey the rules: the fair comparisons a headline may show."""
        return [b for b in self.baselines if b.obeys_rules]

    @property
    def solved(self) -> bool:
        return self.status in ("optimal", "feasible")

    @property
    def language(self) -> str:
        """The scenario's language: the default for every text of this result."""
        return "en" if self.data is None else language_of(self.data)

    @property
    def message(self) -> str:
        return self.message_text()

    def message_text(self, lang: str | None = None) -> str:
        """The status, then (for an infeasible problem) the conflict and each pre-check."""
        chosen = lang or self.language
        parts = [self.status_note, *(self.diagnosis.notes() if self.diagnosis else [])]
        return " ".join(part.text(chosen) for part in parts)

    def sentences(self, lang: str | None = None) -> pd.Series:
        """The constraint table's sentences in `lang` (the scenario's language by default)."""
        if not len(self.constraints):
            return pd.Series([], dtype=object, name="sentence")
        chosen = lang or self.language
        texts = [note.text(chosen) for note in self.constraints["note"]]
        return pd.Series(texts, index=self.constraints.index, dtype=object, name="sentence")

    def _sources_json(self, lang: str) -> list[dict[str, Any]]:
        if not len(self.sources):
            return []
        table = self.sources.drop(columns=["note", "sentence"])
        rows = records(table)
        for row, note in zip(rows, self.sources["note"], strict=True):
            row["sentence"] = note.text(lang)
        return rows

    def objective_split(self) -> dict[str, pd.Series]:
        """The objective broken down by programme and by region (they each sum to it)."""
        return {"programme": self.totals.programme["value"], "region": self.totals.region["value"]}

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        """The `prioritise optimise --json` object of docs/model.md §13 (plus a few extra keys).

        Sentences (`message`, constraint `sentence`, diagnosis `message`, baseline
        `description`) are written in `lang`, the scenario's language by default.
        """
        chosen = lang or self.language
        totals = self.totals
        diagnosis = None if self.diagnosis is None else self.diagnosis.to_json(chosen)
        constraints = (
            [
                {
                    "name": row["name"],
                    "kind": row["kind"],
                    "binding": bool(row["binding"]),
                    "shadow_price": _clean(row["shadow_price"]),
                    "price_as_budget": _clean(row["price_as_budget"]),
                    **_rule_price(row),
                    "sentence": row["note"].text(chosen),
                }
                for row in self.constraints.to_dict(orient="records")
            ]
            if len(self.constraints)
            else []
        )
        return {
            "status": self.status,
            "message": self.message_text(chosen),
            "objective": _clean(self.objective),
            "value_index": _clean(self.value_index),
            "value_reference": _clean(None if self.yardstick is None else self.yardstick.reference),
            "marginal_value_of_budget": _clean(
                None if self.yardstick is None else self.yardstick.marginal
            ),
            "gap": _clean(self.gap),
            "solver": self.solver,
            "budget": _clean(self.budget),
            "allocation": records(self.allocation),
            "totals": {
                "programme": series_dict(totals.programme, "amount"),
                "enabling_area": series_dict(totals.enabling_area, "amount"),
                "region": series_dict(totals.region, "amount"),
                "year": series_dict(totals.year, "amount"),
            },
            "per_capita": {"region": series_dict(totals.region, "per_capita")},
            "objective_split": {
                "programme": series_dict(totals.programme, "value"),
                "region": series_dict(totals.region, "value"),
            },
            "lines": self.lines,
            "constraints": constraints,
            "rules_priced": self.rules_priced,
            "money_sources": self._sources_json(chosen),
            "baselines": {
                b.name: {
                    "obeys_rules": b.obeys_rules,
                    "objective": _clean(b.objective),
                    "value_index": _clean(b.value_index),
                    "gain": _clean(b.gain),
                    "gain_share": _clean(b.gain_share),
                    "gain_points": _clean(_points(self.yardstick, b.gain)),
                    "money_moved": _clean(b.moved),
                    "description": b.summary.text(chosen),
                }
                for b in self.baselines
            },
            "diagnosis": diagnosis,
            "seconds": {key: round(float(value), 6) for key, value in self.seconds.items()},
        }


def _points(yardstick: Yardstick | None, change: float | None) -> float | None:
    return None if yardstick is None else yardstick.points(change)


RULE_PRICE_KEYS = {
    "value_if_dropped": "value_if_dropped",
    "value_if_dropped_points": "dropped_points",
    "value_if_dropped_as_budget": "dropped_as_budget",
    "value_one_more_line": "lines+1",
    "value_ten_more_lines": "lines+10",
    "value_ticket_lower_10pct": "ticket-10%",
    "price_exact": "price_exact",
}


def _rule_price(row: dict[str, Any]) -> dict[str, Any]:
    """The re-solved prices of one constraint row, where it has them (docs/model.md §8.2)."""
    found = {}
    for key, column in RULE_PRICE_KEYS.items():
        value = row.get(column)
        if key == "value_if_dropped" or (value is not None and not _is_nan(value)):
            found[key] = _clean(value) if not isinstance(value, bool) else value
    return found


def _is_nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)


def empty_amounts(data: AllocationInput) -> np.ndarray:
    return np.zeros((*data.shape, len(data.years)))


def summarise(
    data: AllocationInput, amounts: np.ndarray
) -> tuple[pd.DataFrame, pd.DataFrame, Totals, int]:
    """Allocation table, cell table, totals and number of funded lines of a split."""
    cells = cell_table(data, amounts)
    lines = int((cells["amount"] > 0).sum())
    return allocation_table(data, amounts), cells, totals_of(data, amounts, cells), lines


def empty_allocation(
    data: AllocationInput, solver: str, status: str, note: Message, seconds: dict[str, float]
) -> Allocation:
    """An allocation without money, for problems that could not be solved."""
    amounts = empty_amounts(data)
    table, cells, totals, lines = summarise(data, amounts)
    return Allocation(
        status=status,
        status_note=note,
        objective=None,
        gap=None,
        solver=solver,
        budget=data.total,
        amounts=amounts,
        allocation=table,
        cells=cells,
        totals=totals,
        lines=lines,
        seconds=seconds,
        data=data,
    )
