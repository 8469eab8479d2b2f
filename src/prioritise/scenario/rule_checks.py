"""Checks of the budget and the rules: years and yearly amounts that agree with the total,
share bounds that can all hold, committed amounts on real lines, and the figure every region
needs for its absorptive capacity.
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import pairwise
from typing import Any

from prioritise.scenario.check_base import CheckBase, dicts, finite, number, table
from prioritise.scenario.problems import entry_place, plain_number, shown_value
from prioritise.scenario.schema import Meta
from prioritise.text import (
    Integer,
    Message,
    Money,
    Number,
    Percent,
    exact_decimals,
    msg,
    rounded,
)

_CURRENCY = str(Meta.model_fields["currency"].default)

_BASES = {
    "population": ("population", "scenario.show.basis_population"),
    "gdp": ("gdp_share", "scenario.show.basis_gdp"),
    "capacity": ("capacity", "scenario.show.basis_capacity"),
}


def _share(value: Any) -> float | None:
    """A share as the rules use it; None where the file has no share in [0, 1] (the model
    reports that)."""
    found = finite(value)
    return found if found is not None and 0 <= found <= 1 else None


def _most_that_fits(items: int) -> Percent:
    """The largest share that `items` equal minima can each take, 1/items, never written above
    it (6,3 % for 16 regions would add up to 100,8 %): exactly when two decimals of a percent
    can (6,25 %), else rounded down to one (33,3 % for 3)."""
    if 10_000 % items == 0:  # a whole number of hundredths of a percent
        hundredths = 10_000 // items
        return Percent(hundredths / 10_000, max(1, exact_decimals([hundredths / 100], 2)))
    return Percent((1_000 // items) / 1_000, 1)


def _over_whole(total: float) -> Percent:
    """A sum of minima above 100 %, with the decimals it takes to read above it (100,04 %,
    not 100,0 %)."""
    for decimals in range(1, 4):
        if rounded(100 * total, decimals) > 100:
            return Percent(total, decimals)
    return Percent(total, 4)


class RuleChecks(CheckBase):
    def budget(self) -> None:
        budget = self.raw.get("budget")
        if not isinstance(budget, dict):
            return
        years, per_year, total = budget.get("years"), budget.get("per_year"), budget.get("total")
        if isinstance(years, list):
            counts = Counter(map(str, years))
            for year in dict.fromkeys(y for y in map(str, years) if counts[y] > 1):
                self.add("budget.years", "scenario.check.year_twice", year=year)
        if isinstance(years, list) and any(
            isinstance(b, int) and isinstance(a, int) and b < a for a, b in pairwise(years)
        ):  # a year repeated is said once, as such
            self.add("budget.years", "scenario.check.years_order")
        if isinstance(per_year, list) and isinstance(years, list):
            if len(per_year) != len(years):
                self.add(
                    "budget.per_year",
                    "scenario.check.per_year_count",
                    count=len(per_year),
                    years=Integer(len(years)),
                )
            amounts = [finite(v) for v in per_year]
            whole = finite(total)
            if whole is not None and None not in amounts:
                spread = sum(a for a in amounts if a is not None)
                if abs(spread - whole) > 1e-6 * max(1.0, abs(whole)):
                    self.add(
                        "budget.per_year",
                        "scenario.check.per_year_sum",
                        spread=self._money(spread, [spread, whole]),
                        total=self._money(whole, [spread, whole]),
                    )

    def _money(self, amount: float, beside: list[float]) -> Money | Number | Message | str:
        """An amount in the file's money (its `scenario.unit` and `currency` where they are
        usable, the defaults otherwise), with as many decimals as the amounts `beside` it need
        to be written exactly; a figure past any budget (a typo such as 1e308) as written."""
        if not all(math.isfinite(value) and abs(value) < 1e15 for value in beside):
            return plain_number(amount)
        meta = table(self.raw.get("scenario"))
        unit, currency = finite(meta.get("unit")), meta.get("currency")
        return Money(
            amount,
            unit if unit is not None and unit > 0 else Meta.model_fields["unit"].default,
            currency if isinstance(currency, str) and currency.strip() else _CURRENCY,
            exact_decimals(beside, 4),
        )

    def capacity(self) -> None:
        """Every region has the figure its absorptive capacity follows, not all of them 0."""
        basis = table(self.raw.get("returns")).get("capacity_basis", "population")
        if not isinstance(basis, str) or basis not in _BASES:
            return  # "equal", or not a basis at all (the model reports that)
        key, word = _BASES[basis]
        regions = dicts(self.raw, "regions")
        for i, region in regions:
            if key not in region:
                self.add(f"regions[{i}]", "scenario.check.capacity_missing", basis=msg(word))
        figures = [number(region.get(key)) for _, region in regions]
        if regions and all(value is not None and value == 0 for value in figures):
            self.add("returns.capacity_basis", "scenario.check.capacity_zero", basis=msg(word))

    def constraints(self) -> None:
        cons = self.raw.get("constraints")
        if not isinstance(cons, dict):
            return
        for key, ids, kind in (
            ("programme_share", self.programmes, "scenario.check.unknown_programme"),
            ("region_share", self.regions, "scenario.check.unknown_region"),
            ("enabling_share", self.areas, "scenario.check.unknown_area"),
        ):
            for name in table(cons.get(key)):
                if name not in ids:
                    self.unknown(f"constraints.{key}.{name}", kind, name, ids)
        self._sum_of_minima(cons)
        years = table(self.raw.get("budget")).get("years")
        lines: dict[tuple, int] = {}
        fixed = cons.get("fixed", [])
        for i, item in enumerate(fixed if isinstance(fixed, list) else []):
            if not isinstance(item, dict):
                continue
            for key, ids, kind in (
                ("programme", self.programmes, "scenario.check.unknown_programme"),
                ("enabling_area", self.areas, "scenario.check.unknown_area"),
                ("region", self.regions, "scenario.check.unknown_region"),
            ):
                name = item.get(key)
                if isinstance(name, str) and name not in ids:
                    self.unknown(f"constraints.fixed[{i}].{key}", kind, name, ids)
            year = item.get("year")
            if isinstance(years, list) and type(year) is int and year not in years:
                self.add(
                    f"constraints.fixed[{i}].year",
                    "scenario.check.not_budget_year",
                    year=shown_value(year),
                )
            line = tuple(str(item.get(key)) for key in ("programme", "enabling_area", "region"))
            line += (str(item.get("year")),)
            if line in lines:
                self.add(
                    f"constraints.fixed[{i}]",
                    "scenario.check.fixed_twice",
                    other=entry_place("constraints.fixed", lines[line]),
                )
            lines.setdefault(line, i)

    def _sum_of_minima(self, cons: dict) -> None:
        for key, ids, overall, message_id, each_id in (
            (
                "region_share",
                self.regions,
                "min_region_share",
                "scenario.check.region_minima",
                "scenario.check.region_minima_each",
            ),
            (
                "programme_share",
                self.programmes,
                "min_programme_share",
                "scenario.check.programme_minima",
                "scenario.check.programme_minima_each",
            ),
        ):
            floor = _share(cons.get(overall)) or 0.0
            shares = table(cons.get(key))
            total, own = 0.0, 0.0
            for name in ids:
                item = _share(table(shares.get(name)).get("min")) or 0.0
                total += max(floor, item)
                own = max(own, item)
            if total > 1 + 1e-9:
                if own <= floor:  # the one floor for every item is what the user set
                    self.add(
                        f"constraints.{overall}",
                        each_id,
                        share=_over_whole(total),
                        number=len(ids),
                        fit=_most_that_fits(len(ids)),
                    )
                else:
                    self.add(f"constraints.{key}", message_id, share=_over_whole(total))
            cap = _share(cons.get("max_programme_share")) if key == "programme_share" else None
            if cap is not None and ids and cap * len(ids) < 1 - 1e-9 and cons.get("spend_all"):
                self.add(
                    "constraints.max_programme_share",
                    "scenario.check.cap_too_low",
                    count=len(ids),
                    cap=Percent(cap, max(1, exact_decimals([100 * cap], 4))),  # as typed
                )
