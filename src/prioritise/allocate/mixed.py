"""A mixed scenario: part of every year's budget funds initiatives, the rest is split across
lines as without them (docs/model.md §15.2).

The initiatives are chosen first, under the caps on programmes and regions counted on the
whole budget; the split then gets the rest of every year's money, with each programme's and
region's floor lowered, and its cap lowered, by what the initiatives already give it. So the
split's rules hold for the money of both together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from prioritise.allocate.input import _share_rules
from prioritise.allocate.portfolio import Portfolio, optimise_portfolio
from prioritise.allocate.results import Allocation
from prioritise.allocate.solve import optimise_scenario
from prioritise.scenario.schema import Scenario, ShareBounds
from prioritise.text import exact_decimals

__all__ = [
    "PARTS_PLACES",
    "BudgetParts",
    "MixedResult",
    "budget_parts",
    "budget_places",
    "lines_part",
    "lines_scenario",
    "optimise_mixed",
    "parts_places",
    "split_scenario",
]

PARTS_PLACES = 2
"""Most decimals of a mixed scenario's budget and its two parts, so that they add up as
written: 175.00 = 131.25 for lines + 43.75 for initiatives, not 131.3 + 43.8."""


@dataclass
class MixedResult:
    """The portfolio (None when initiatives get no money) and the split (None when they get
    all of it)."""

    portfolio: Portfolio | None
    split: Allocation | None
    whole: float = 0.0
    """The whole budget, initiatives' and lines' money together."""

    @property
    def solved(self) -> bool:
        return all(part is None or part.solved for part in (self.portfolio, self.split))

    def together(self, scenario: Scenario, group: str) -> pd.DataFrame | None:
        """Money by programme or region (`group`) of the lines and of the initiatives, and
        both together as a share of the whole budget: the money the share rules hold on.
        None unless both parts were solved."""
        if self.portfolio is None or self.split is None or not self.solved:
            return None
        lines = getattr(self.split.totals, group)["amount"]
        given = _given(self.portfolio, scenario, group)
        frame = pd.DataFrame({"lines": lines.astype(float)})
        frame["initiatives"] = [given.get(str(ident), 0.0) for ident in frame.index]
        frame["amount"] = frame["lines"] + frame["initiatives"]
        frame["share"] = frame["amount"] / self.whole if self.whole > 0 else 0.0
        return frame

    def together_json(self, scenario: Scenario) -> dict[str, Any] | None:
        """`together` for programmes and regions, keyed by id, with the whole budget."""
        found: dict[str, Any] = {"budget": self.whole}
        for group in ("programme", "region"):
            frame = self.together(scenario, group)
            if frame is None:
                return None
            found[group] = {
                str(ident): {key: float(row[key]) for key in frame.columns}
                for ident, row in frame.iterrows()
            }
        return found


def _given(portfolio: Portfolio, scenario: Scenario, attribute: str) -> dict[str, float]:
    money: dict[str, float] = {}
    for k, item in enumerate(scenario.initiatives):
        key = getattr(item, attribute)
        if key is not None and portfolio.solved:
            money[key] = money.get(key, 0.0) + float(portfolio.solution.money[k].sum())
    return money


def split_scenario(scenario: Scenario, portfolio: Portfolio, whole: float) -> Scenario:
    """The scenario the split solves: its share rules as bounds on what is left to split."""
    rest = whole * (1 - scenario.initiatives_share)
    if rest <= 0:  # initiatives only: no lines to split, no share of them to bound
        return scenario
    constraints = scenario.constraints
    update: dict[str, object] = {}
    for group, ids in (("programme", scenario.programme_ids), ("region", scenario.region_ids)):
        given = _given(portfolio, scenario, group)
        rules = _share_rules(constraints, tuple(ids), group)
        table = {}
        for item, (low, high) in rules.items():
            money = given.get(item, 0.0)
            floor = None if low is None else max(0.0, low.bound * whole - money) / rest
            cap = None if high is None else max(0.0, high.bound * whole - money) / rest
            if floor is None and cap is None:
                continue
            table[item] = ShareBounds(
                min=None if floor is None else min(floor, 1.0),
                max=None if cap is None else min(cap, 1.0),
            )
        update[f"{group}_share"] = table
        update[f"min_{group}_share"] = None
        update[f"max_{group}_share"] = None
    return scenario.model_copy(update={"constraints": constraints.model_copy(update=update)})


def parts_places(*parts: float) -> int:
    """Decimals that write a budget and its parts so that they add up as written: as many as
    the parts need, at least one and at most `PARTS_PLACES` (175,0 = 131,25 + 43,75 is written
    175,00 = 131,25 + 43,75; 100 = 75 + 25 is written 100,0 = 75,0 + 25,0)."""
    return max(1, exact_decimals(list(parts), PARTS_PLACES))


def budget_places(scenario: Scenario, budget: float) -> int:
    """Decimals for the money of a split of `budget`: in a mixed scenario, where `budget` is
    the lines' part, those of the whole budget and its two parts (`parts_places`), so that the
    lines' 131,25 reads as the parts do and not 131,3; else as many as the budget has, one or
    two (175,0, a what-if's 60,25)."""
    share = scenario.initiatives_share
    if 0 < share < 1:
        whole = budget / (1 - share)
        return parts_places(whole, budget, whole - budget)
    return parts_places(budget)


@dataclass(frozen=True)
class BudgetParts:
    """A mixed scenario's whole budget, what it reserves for initiatives and what it leaves
    for lines, and the decimals that write all three (`parts_places`)."""

    whole: float
    initiatives: float
    lines: float
    places: int


def budget_parts(scenario: Scenario, budget: float | None = None) -> BudgetParts:
    """The parts of `budget` (the scenario's own by default) as its initiatives share cuts it."""
    whole = float(scenario.budget.total if budget is None else budget)
    share = min(max(scenario.initiatives_share, 0.0), 1.0)
    initiatives, lines = whole * share, whole * (1 - share)
    return BudgetParts(whole, initiatives, lines, parts_places(whole, initiatives, lines))


def lines_part(
    scenario: Scenario, budget: float | None = None, *, explain: bool = True
) -> tuple[Scenario, float, Portfolio | None]:
    """What the split of lines solves: the scenario with its share rules lowered by what the
    initiatives get, the money left for lines, and the portfolio chosen first (None without
    initiatives). For a scenario without initiatives, the scenario and its budget as they are.
    `explain` false leaves out the portfolio's prices and repairs (a screen that shows the
    split alone does not need them)."""
    whole = float(scenario.budget.total if budget is None else budget)
    share = scenario.initiatives_share
    if share <= 0:
        return scenario, whole, None
    portfolio = optimise_portfolio(scenario, budget=whole, explain=explain)
    return split_scenario(scenario, portfolio, whole), whole * (1 - share), portfolio


def lines_scenario(scenario: Scenario) -> Scenario:
    """A mixed scenario's split of lines as a scenario of its own, for the analyses of the
    split (budget sweep, frontiers, robustness, sensitivity): the initiatives held as the
    scenario's budget and the group's weights choose them, the budget cut to what they
    leave, the share rules lowered by what they get (`lines_part`), and the absorptive scale
    kept at the whole budget's. At its own budget it gives the split `optimise` gives. Any
    other scenario comes back as it is."""
    share = scenario.initiatives_share
    if share <= 0 or share >= 1:
        return scenario
    target, rest, _ = lines_part(scenario, explain=False)
    kept = target.budget
    per_year = None if kept.per_year is None else [a * (1 - share) for a in kept.per_year]
    budget = kept.model_copy(update={"total": rest, "per_year": per_year, "initiatives_share": 0.0})
    # the absorptive scale stays the whole budget's (§7.3: it belongs to the economy)
    returns = target.returns.model_copy(
        update={"saturation": target.returns.saturation / (1 - share)}
    )
    return target.model_copy(update={"budget": budget, "returns": returns})


def optimise_mixed(
    scenario: Scenario, *, budget: float | None = None, **options: object
) -> MixedResult:
    """The initiatives' portfolio and, in a mixed scenario, the split of the rest."""
    whole = float(scenario.budget.total if budget is None else budget)
    target, rest, portfolio = lines_part(scenario, whole)
    split = None
    if scenario.initiatives_share < 1:
        split = optimise_scenario(target, budget=rest, **options)  # type: ignore[arg-type]
    return MixedResult(portfolio, split, whole)
