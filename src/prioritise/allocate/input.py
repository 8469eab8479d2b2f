"""The allocation problem as plain data: what the optimiser needs, independent of scoring.

`AllocationInput` holds the ids, the money, the cell values V(p, e, r), each region's
absorptive capacity and the scenario's constraints. It is built from a scenario and a value
array by `allocation_input`; the optimiser (`prioritise.allocate`) never looks at weights or
criteria, so the value tree can change without touching it.

Absorptive scale. A cell's value grows with its money X as V · S · h(X / S), where S is the
cell's absorptive scale in money units:

    S(p, e, r) = saturation × capacity(r) × reference_total / number_of_cells

so `saturation = 4` means a cell in a region of average capacity saturates at four times an
even share of the scenario's budget. The scale belongs to the economy, not to the budget: a
re-optimisation at another budget keeps `reference_total` (the scenario's own total), so more
money meets diminishing returns, as it would in practice.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from itertools import pairwise

import numpy as np

from prioritise.scenario.derive_spec import DEFAULT_CAPACITY_TABLE
from prioritise.scenario.schema import Constraints, Scenario
from prioritise.text import LANGUAGES, Integer, ListOf, LocalizedError, Money, Number, msg

DEFAULT_BREAKPOINTS = (0.0, 0.25, 0.5, 1.0, 2.0)
DEFAULT_SLOPES = (1.0, 0.6, 0.3, 0.1)
LINEAR_BREAKPOINTS = (0.0, 1.0)
LINEAR_SLOPES = (1.0,)
VALUE_SUM_TOLERANCE = 1e-6


class AllocationError(LocalizedError, ValueError):
    """An allocation problem that cannot be set up, said in plain words (a catalogue message)."""


@dataclass(frozen=True)
class Label:
    """An item's display name in every language: as a message parameter it shows the name
    in the reader's language (the scenario's `names`), never the id."""

    names: Mapping[str, str]


@dataclass(frozen=True)
class ShareRule:
    """One effective share bound and the scenario fields it comes from.

    A programme's floor is the larger of `min_programme_share` and its own `min`, its cap the
    smaller of `max_programme_share` and its own `max` (the same for regions), so relaxing a
    bound may mean changing more than one field.
    """

    bound: float
    fields: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class AllocationInput:
    """Everything the optimiser needs; arrays are indexed [programme, area, region(, year)].

    `values` are the cell values V (summing to 1), `capacity` each region's absorptive
    capacity (mean 1; or programmes × regions, each programme's row of mean 1, under
    `capacity_basis = "activity"`), `breakpoints`/`slopes` the returns curve h, `population`
    people per region (NaN where unknown). Programme and region shares in `constraints` are
    shares of `total`, the budget being allocated; enabling-area shares are shares of each
    programme's money and the concentration limit a share of each region's money. Amounts are
    in the scenario's unit (`unit` currency units, e.g. millions of USD).
    """

    programmes: tuple[str, ...]
    areas: tuple[str, ...]
    regions: tuple[str, ...]
    years: tuple[int, ...]
    year_budgets: np.ndarray
    total: float
    values: np.ndarray
    capacity: np.ndarray
    saturation: float
    breakpoints: tuple[float, ...]
    slopes: tuple[float, ...]
    population: np.ndarray
    constraints: Constraints = field(default_factory=Constraints)
    carry_over: bool = False
    reference_total: float | None = None
    names: dict[str, str] = field(default_factory=dict)
    currency: str = "USD"
    unit: float = 1_000_000
    language: str = "en"
    labels: dict[str, Label] = field(default_factory=dict)
    cell_scale: np.ndarray | None = None
    """Per-cell scales replacing S (the fair baselines of docs/model.md §10.2 use them)."""
    lines_part: bool = False
    """The split gets the part of a budget that initiatives leave (docs/model.md §15.2, "Mixed
    scenarios"): its share rules are shares of that part, and its sentences say so."""

    def __post_init__(self) -> None:
        check_input(self)

    @property
    def shape(self) -> tuple[int, int, int]:
        return len(self.programmes), len(self.areas), len(self.regions)

    @property
    def n_cells(self) -> int:
        p, e, r = self.shape
        return p * e * r

    @property
    def scale(self) -> np.ndarray:
        """Absorptive scale S of every cell in money units (see the module docstring)."""
        if self.cell_scale is not None:
            return np.asarray(self.cell_scale, dtype=float).reshape(self.shape).copy()
        reference = self.total if self.reference_total is None else self.reference_total
        per_region = self.saturation * np.asarray(self.capacity) * reference / self.n_cells
        if per_region.ndim == 2:  # programme × region capacity (`capacity_basis = "activity"`)
            per_region = per_region[:, None, :]
        return np.broadcast_to(per_region, self.shape).copy()

    @property
    def widths(self) -> np.ndarray:
        return np.diff(np.asarray(self.breakpoints, dtype=float))

    def name(self, item_id: str) -> str:
        """The item's name in the scenario's language."""
        return self.names.get(item_id, item_id)

    def label(self, item_id: str) -> Label:
        """The item's names in every language, for messages."""
        found = self.labels.get(item_id)
        if found is not None:
            return found
        return Label({lang: self.name(item_id) for lang in LANGUAGES})

    def with_budget(self, budget: float) -> AllocationInput:
        """The same problem at another total; year budgets keep their proportions."""
        check_budget(budget)
        years = self.year_budgets * (budget / self.total)
        reference = self.total if self.reference_total is None else self.reference_total
        return replace(self, total=float(budget), year_budgets=years, reference_total=reference)

    def programme_rules(self) -> dict[str, tuple[ShareRule | None, ShareRule | None]]:
        return _share_rules(self.constraints, self.programmes, "programme")

    def region_rules(self) -> dict[str, tuple[ShareRule | None, ShareRule | None]]:
        return _share_rules(self.constraints, self.regions, "region")

    def area_bounds(self) -> dict[str, tuple[float | None, float | None]]:
        """Each enabling area's (min, max) share of every programme's money."""
        table = self.constraints.enabling_share
        return {a: (table[a].min, table[a].max) if a in table else (None, None) for a in self.areas}

    def fixed_amounts(self) -> list[tuple[int, tuple[int, int, int, int], float]]:
        """(index in constraints.fixed, (p, e, r, t) position, amount) of every commitment."""
        position = {name: i for i, name in enumerate(self.programmes)}
        area = {name: i for i, name in enumerate(self.areas)}
        region = {name: i for i, name in enumerate(self.regions)}
        year = {y: i for i, y in enumerate(self.years)}
        found: dict[tuple[int, int, int, int], int] = {}
        result = []
        for i, item in enumerate(self.constraints.fixed):
            try:
                key = (
                    position[item.programme],
                    area[item.enabling_area],
                    region[item.region],
                    year[item.year],
                )
            except KeyError as exc:
                raise AllocationError(
                    "allocate.error.fixed_unknown", number=i + 1, what=str(exc.args[0])
                ) from None
            if key in found:
                raise AllocationError(
                    "allocate.error.fixed_repeated", number=i + 1, first=found[key] + 1
                )
            found[key] = i
            result.append((i, key, float(item.amount)))
        return result


def _share_rules(
    constraints: Constraints, ids: tuple[str, ...], kind: str
) -> dict[str, tuple[ShareRule | None, ShareRule | None]]:
    overall_min = getattr(constraints, f"min_{kind}_share")
    overall_max = getattr(constraints, f"max_{kind}_share")
    table = getattr(constraints, f"{kind}_share")
    rules = {}
    for item in ids:
        own = table.get(item)
        lows = [(f"constraints.min_{kind}_share", overall_min)] if overall_min is not None else []
        highs = [(f"constraints.max_{kind}_share", overall_max)] if overall_max is not None else []
        if own is not None and own.min is not None:
            lows.append((f"constraints.{kind}_share.{item}.min", own.min))
        if own is not None and own.max is not None:
            highs.append((f"constraints.{kind}_share.{item}.max", own.max))
        low = max((v for _, v in lows), default=0.0)
        high = min((v for _, v in highs), default=1.0)
        rules[item] = (
            ShareRule(low, tuple(lows)) if low > 0 else None,
            ShareRule(high, tuple(highs)) if high < 1 else None,
        )
    return rules


def check_budget(budget: float) -> None:
    if (
        isinstance(budget, bool)
        or not isinstance(budget, int | float)
        or not math.isfinite(budget)
        or budget <= 0
    ):
        raise AllocationError("allocate.error.budget", budget=repr(budget))


def check_input(data: AllocationInput) -> None:
    """Shapes and ranges, with messages that say what is wrong and where."""
    check_budget(data.total)
    p, e, r = data.shape
    if min(p, e, r, len(data.years)) == 0:
        raise AllocationError("allocate.error.empty")
    values = np.asarray(data.values, dtype=float)
    if values.shape != (p, e, r):
        raise AllocationError(
            "allocate.error.values_shape", shape=str(values.shape), expected=str((p, e, r))
        )
    if not np.all(np.isfinite(values)) or np.any(values < 0):
        raise AllocationError("allocate.error.values_negative")
    if abs(values.sum() - 1.0) > VALUE_SUM_TOLERANCE:
        raise AllocationError("allocate.error.values_sum", total=Number(float(values.sum()), 6))
    budgets = np.asarray(data.year_budgets, dtype=float)
    if (
        budgets.shape != (len(data.years),)
        or np.any(budgets < 0)
        or not np.all(np.isfinite(budgets))
    ):
        raise AllocationError("allocate.error.year_budgets")
    if abs(budgets.sum() - data.total) > 1e-6 * max(1.0, data.total):
        raise AllocationError(
            "allocate.error.year_budgets_sum",
            sum=Money(float(budgets.sum()), data.unit, data.currency, 2),
            total=Money(data.total, data.unit, data.currency, 2),
        )
    capacity = np.asarray(data.capacity, dtype=float)
    shapes = ((r,), (len(data.programmes), r))
    if capacity.shape not in shapes or np.any(capacity < 0) or not np.all(np.isfinite(capacity)):
        raise AllocationError("allocate.error.capacity")
    if not data.saturation > 0:
        raise AllocationError("allocate.error.saturation")
    points, slopes = data.breakpoints, data.slopes
    if len(points) != len(slopes) + 1 or points[0] != 0 or any(b <= a for a, b in pairwise(points)):
        raise AllocationError("allocate.error.breakpoints")
    if any(s < 0 for s in slopes) or any(b > a for a, b in pairwise(slopes)):
        raise AllocationError("allocate.error.slopes")
    if np.asarray(data.population).shape != (r,):
        raise AllocationError("allocate.error.population")


_BASES = {
    "population": "allocate.basis.population",
    "gdp": "allocate.basis.gdp",
    "capacity": "allocate.basis.capacity",
    "activity": "allocate.basis.activity",
}


def _label(item: object) -> Label:
    """A scenario item's names in every language; its own name where none is given."""
    names = getattr(item, "names", {}) or {}
    own = str(getattr(item, "name", "") or getattr(item, "id", ""))
    return Label({lang: names.get(lang) or own for lang in LANGUAGES})


def region_capacity(scenario: Scenario) -> np.ndarray:
    """Capacity of each region from `returns.capacity_basis`, normalised to mean 1; with
    `activity`, programmes × regions, each programme's row normalised to mean 1."""
    basis = scenario.returns.capacity_basis
    if basis == "equal":
        return np.ones(len(scenario.regions))
    if basis == "activity":
        return activity_capacity(scenario)
    attribute = {"population": "population", "gdp": "gdp_share", "capacity": "capacity"}[basis]
    raw = [getattr(region, attribute) for region in scenario.regions]
    missing = [region for region, value in zip(scenario.regions, raw, strict=True) if value is None]
    what = msg(_BASES[basis])
    if missing:
        raise AllocationError(
            "allocate.error.capacity_missing",
            basis=what,
            regions=ListOf([_label(r) for r in missing]),
        )
    capacity = np.asarray(raw, dtype=float)
    if capacity.mean() <= 0:
        raise AllocationError("allocate.error.capacity_zero", basis=what)
    return capacity / capacity.mean()


def activity_capacity(scenario: Scenario) -> np.ndarray:
    """capacity(p, r) = x_pr / mean over r' of x_pr': a line's absorptive scale follows its
    programme's activity in its region (docs/model.md §7.3, §17.6)."""
    from prioritise.scoring.derive import table_matrix

    table_id = scenario.returns.capacity_table or DEFAULT_CAPACITY_TABLE
    activity = table_matrix(scenario, table_id, scenario.region_ids)
    means = activity.mean(axis=1, keepdims=True)
    if not np.all(np.isfinite(activity)) or np.any(means <= 0):
        raise AllocationError("allocate.error.capacity_zero", basis=msg("allocate.basis.activity"))
    return activity / means


def returns_curve(scenario: Scenario) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Breakpoints and slopes of h; `linear` is h(u) = min(u, 1)."""
    returns = scenario.returns
    if returns.curve == "linear":
        return LINEAR_BREAKPOINTS, LINEAR_SLOPES
    if returns.breakpoints is not None and returns.slopes is not None:
        return tuple(map(float, returns.breakpoints)), tuple(map(float, returns.slopes))
    return DEFAULT_BREAKPOINTS, DEFAULT_SLOPES


def allocation_input(
    scenario: Scenario, values: np.ndarray, budget: float | None = None
) -> AllocationInput:
    """The allocation problem of a scenario, given the cell values V (shape P × E × R)."""
    total = float(scenario.budget.total)
    year_budgets = np.asarray(scenario.budget.year_amounts(), dtype=float)
    if len(year_budgets) != len(scenario.years):
        raise AllocationError(
            "allocate.error.year_count", count=len(year_budgets), years=len(scenario.years)
        )
    breakpoints, slopes = returns_curve(scenario)
    language = scenario.scenario.language
    names = {
        item.id: item.names.get(language, item.name)
        for group in (scenario.programmes, scenario.enabling_areas, scenario.regions)
        for item in group
    }
    population = np.array(
        [
            np.nan if region.population is None else float(region.population)
            for region in scenario.regions
        ]
    )
    data = AllocationInput(
        programmes=tuple(scenario.programme_ids),
        areas=tuple(scenario.area_ids),
        regions=tuple(scenario.region_ids),
        years=tuple(scenario.years),
        year_budgets=year_budgets,
        total=total,
        values=np.asarray(values, dtype=float),
        capacity=region_capacity(scenario),
        saturation=float(scenario.returns.saturation),
        breakpoints=breakpoints,
        slopes=slopes,
        population=population,
        constraints=scenario.constraints,
        carry_over=scenario.budget.carry_over,
        reference_total=total,
        names=names,
        currency=scenario.scenario.currency,
        unit=float(scenario.scenario.unit),
        language=scenario.scenario.language,
        lines_part=0 < scenario.initiatives_share < 1,
        labels={
            item.id: _label(item)
            for group in (scenario.programmes, scenario.enabling_areas, scenario.regions)
            for item in group
        },
    )
    data.fixed_amounts()  # unknown ids or repeated commitments are reported now, not mid-solve
    return data if budget is None else data.with_budget(budget)


def cell_values_of(scenario: Scenario) -> np.ndarray:
    """V(p, e, r) of a scenario from its value tree, as an array in scenario order."""
    from prioritise.scoring import value_tree

    cells = value_tree(scenario).cells
    table = cells.set_index(["programme", "enabling_area", "region"])["value"]
    index = [
        (p, e, r)
        for p in scenario.programme_ids
        for e in scenario.area_ids
        for r in scenario.region_ids
    ]
    present = set(table.index)
    missing = [cell for cell in index if cell not in present]
    if missing:
        items = {
            item.id: _label(item)
            for group in (scenario.programmes, scenario.enabling_areas, scenario.regions)
            for item in group
        }
        programme, area, region = (items[part] for part in missing[0])
        cell = msg("allocate.cell", programme=programme, area=area, region=region)
        raise AllocationError(
            "allocate.error.cells_missing", count=Integer(len(missing)), cell=cell
        )
    values = table.reindex(index).to_numpy(dtype=float)
    return values.reshape(
        len(scenario.programmes), len(scenario.enabling_areas), len(scenario.regions)
    )
