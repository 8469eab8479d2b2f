"""Value in plain units: an index and money (docs/model.md §10.1).

The objective Σ V · S · h(X / S) has no unit anyone in a room knows ("value reached 0.260").
Two yardsticks make it speak:

- the **value index**: 100 = the value the same budget reaches with no rule but the budget
  itself. Every rule can only lower it, so an optimum lies in (0, 100] and the distance to 100
  is what all the rules together cost;
- **money**: a change of value divided by the marginal value of budget (the budget's price,
  §8) — "costs as much value as 3.2 M USD of budget".

Without rules the problem separates by cell: money goes to the curve segments with the highest
V_c · slope_k first, so the reference value is found exactly by filling segments in that order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from prioritise.allocate.input import AllocationInput
from prioritise.text import Message, Percent, msg

MARGINAL_FLOOR = 1e-12
"""Below this marginal value of budget, money equivalents are not given (they would explode)."""
MONEY_READING_LIMIT = 0.5
"""Money equivalents are read at the margin; beyond this share of the budget the margin says
little about what that much money would buy (a ticket, a line limit make returns lumpy), so
the change is given in index points only (docs/model.md §8.3)."""


def reference_value(data: AllocationInput, total: float | None = None) -> float:
    """The most value the budget (`total`, else `data`'s own) can reach with no rule but the
    budget (greedy, exact); the cells' scales S stay `data`'s."""
    widths = np.asarray(data.widths, dtype=float)
    slopes = np.asarray(data.slopes, dtype=float)
    scale = data.scale.reshape(-1)
    values = np.asarray(data.values, dtype=float).reshape(-1)
    room = (scale[:, None] * widths[None, :]).reshape(-1)
    density = (values[:, None] * slopes[None, :]).reshape(-1)
    order = np.argsort(-density, kind="stable")
    room, density = room[order], density[order]
    budget = float(data.total if total is None else total)
    filled = np.clip(budget - (np.cumsum(room) - room), 0.0, room)
    return float((filled * np.maximum(density, 0.0)).sum())


def index_on_budget(data: AllocationInput, value: float | None, total: float) -> float | None:
    """`value` as an index on another budget's yardstick: 100 = the most `total` could reach
    with no rule but the budget. A what-if split's own index is measured against what its
    own budget could reach, so it can rise as the budget is cut; on the scenario's budget's
    yardstick, as the budget sweep reads every budget, less money reads as less value."""
    reference = reference_value(data, total)
    if value is None or reference <= 0 or not math.isfinite(value):
        return None
    return 100.0 * value / reference


@dataclass(frozen=True)
class Yardstick:
    """Turns value into index points and money: `reference` is the value at index 100,
    `marginal` the value of one more unit of budget (None where it is not positive)."""

    reference: float | None
    marginal: float | None
    unit: float = 1_000_000
    currency: str = "USD"
    value: float | None = None
    """The split's own value, when known: with the same budget no change of rules lifts it
    past `reference`, so no rule is worth more than `headroom`."""
    budget: float | None = None
    """The budget split (scenario money units): money equivalents larger than
    `MONEY_READING_LIMIT` of it are not given."""

    @property
    def headroom(self) -> float | None:
        """The most any change of rules other than the budget can add (§10.1)."""
        if self.reference is None or self.value is None or not math.isfinite(self.value):
            return None
        return max(0.0, self.reference - self.value)

    def index(self, value: float | None) -> float | None:
        if value is None or not self.reference or not math.isfinite(value):
            return None
        return 100.0 * value / self.reference

    def points(self, change: float | None) -> float | None:
        """A change of value in index points."""
        return self.index(change)

    def money(self, change: float | None) -> float | None:
        """A change of value as the budget that would buy as much at the margin (scenario money
        units); None when that reading would exceed `MONEY_READING_LIMIT` of the budget."""
        if change is None or self.marginal is None or not math.isfinite(change):
            return None
        amount = change / self.marginal
        if self.budget is not None and abs(amount) > MONEY_READING_LIMIT * self.budget:
            return None
        return amount

    def unread(self, change: float | None) -> Message | None:
        """Why `money(change)` gives no money, in a sentence (None where it gives some): more
        budget adds no value here, or the reading would pass `MONEY_READING_LIMIT`."""
        if change is None or not math.isfinite(change) or self.money(change) is not None:
            return None
        if self.marginal is None:
            return msg("allocate.money_reading.no_margin")
        return msg("allocate.money_reading.too_far", share=Percent(MONEY_READING_LIMIT, 0))


def yardstick_for(
    data: AllocationInput, marginal: float | None, value: float | None = None
) -> Yardstick:
    usable = marginal if marginal is not None and marginal > MARGINAL_FLOOR else None
    reference = reference_value(data)
    return Yardstick(
        reference if reference > 0 else None,
        usable,
        data.unit,
        data.currency,
        value,
        float(data.total),
    )
