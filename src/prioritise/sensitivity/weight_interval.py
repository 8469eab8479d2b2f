"""The stability intervals of one group weight (docs/model.md §14.3), and whether they make it
decisive: a result's numbers, apart from the words `result_text` says them in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prioritise.sensitivity.decider import end_value

INTERVALS = ("first_place", "ranking", "portfolio")
DECIDING = ("first_place", "portfolio")
"""The intervals whose ends make a weight decisive (docs/model.md §14.3)."""
UNEXPLORED = "—"
"""An end of a split interval where not even the first step was taken (the legend names it)."""
NEAR = 0.05
"""A weight is decisive when its current value is within 0.05 of an end of one of its intervals
(an end that is not 0 or 1, where the weight itself stops)."""


@dataclass(frozen=True)
class WeightInterval:
    """The three stability intervals of one group weight, in weight units (0–1)."""

    set: str
    id: str
    current: float
    first_place: tuple[float, float]
    ranking: tuple[float, float]
    portfolio: tuple[float, float]
    portfolio_complete: bool = True
    portfolio_checked: bool = False
    """Both ends of the portfolio interval were checked against the split `optimise` gives
    there, solved afresh, just inside and 0.001 beyond (docs/model.md §14.3)."""
    portfolio_relaxation_checked: bool | None = None
    """Where the relaxation is loose (`relaxed`): both ends were checked against the relaxation
    solved afresh there (the check that always fits in the time); None elsewhere."""

    @property
    def decisive_for(self) -> tuple[str, ...]:
        """The intervals with an end (other than 0 or 1) within 0.05 of the current value; a
        portfolio interval not explored to the end in the time given does not count."""
        found = []
        for name in INTERVALS if self.portfolio_complete else INTERVALS[:2]:
            low, high = getattr(self, name)
            if (low > 0 and self.current - low < NEAR) or (high < 1 and high - self.current < NEAR):
                found.append(name)
        return tuple(found)

    def shown(self, name: str) -> tuple[float | None, float | None]:
        """The interval `name`'s ends as a table shows them: a portfolio interval not explored
        to the end has None on a side where not even the first step was taken (its end there
        is the current value, which says nothing); the other ends are as found."""
        low, high = getattr(self, name)
        if name != "portfolio" or self.portfolio_complete:
            return low, high
        return (None if low == self.current else low), (None if high == self.current else high)

    @property
    def decisive(self) -> bool:
        """Near an end of the first-place or the portfolio interval. The whole ranking alone
        does not make a weight decisive: with many programmes some neighbours in the middle
        of the list swap at almost any move, which says nothing about what gets chosen."""
        return any(name in DECIDING for name in self.decisive_for)

    def to_json(self) -> dict[str, Any]:
        return {
            "set": self.set,
            "id": self.id,
            "current": end_value(self.current),
            **{name: [end_value(v) for v in getattr(self, name)] for name in INTERVALS},
            "decisive": self.decisive,
            "decisive_for": list(self.decisive_for),
            "portfolio_complete": self.portfolio_complete,
            "portfolio_checked": self.portfolio_checked,
            "portfolio_relaxation_checked": self.portfolio_relaxation_checked,
        }
