"""Who decides (docs/model.md §14.4): the smallest move of one weight that puts a programme in
or out of the top three or of funding, and which of them to say."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def end_value(value: float) -> float:
    """A weight as the JSON gives it: six decimals."""
    return round(float(value), 6)


@dataclass(frozen=True)
class Decider:
    """The smallest move of one weight that puts a programme in or out of the top three
    (`edge` "top_three") or of funding ("funding"), and who already weighs it beyond."""

    programme: str
    edge: str
    direction: str  # "enter" or "leave"
    set: str
    id: str
    current: float
    threshold: float
    stakeholders: tuple[str, ...] = ()

    @property
    def points(self) -> float:
        """The change in percentage points of the weight (the stakeholders' own 0–100 units)."""
        return (self.threshold - self.current) * 100.0

    def to_json(self) -> dict[str, Any]:
        return {
            "programme": self.programme,
            "edge": self.edge,
            "direction": self.direction,
            "set": self.set,
            "id": self.id,
            "current": end_value(self.current),
            "threshold": end_value(self.threshold),
            "points": round(self.points, 4),
            "stakeholders": list(self.stakeholders),
        }


def key_deciders(deciders: list[Decider]) -> list[Decider]:
    """Per programme and edge, its smallest move; smallest moves first."""
    best: dict[tuple[str, str], Decider] = {}
    for d in sorted(deciders, key=lambda d: abs(d.points)):
        best.setdefault((d.programme, d.edge), d)
    return list(best.values())


def swapped(one: Decider, other: Decider) -> bool:
    """The same move of the same weight puts one programme into the top three and the other
    out of it."""
    return (
        one.edge == other.edge == "top_three"
        and {one.direction, other.direction} == {"enter", "leave"}
        and (one.set, one.id) == (other.set, other.id)
        and abs(one.threshold - other.threshold) < 1e-9
    )


def swaps(deciders: list[Decider]) -> list[tuple[Decider, Decider | None]]:
    """`deciders` in order, each with the one its move takes out of the top three when it
    brings it in (entering first, then leaving), or None; a pair is listed once."""
    paired: set[int] = set()
    found: list[tuple[Decider, Decider | None]] = []
    for i, decider in enumerate(deciders):
        if i in paired:
            continue
        later = range(i + 1, len(deciders))
        partner = next(
            (j for j in later if j not in paired and swapped(decider, deciders[j])), None
        )
        if partner is None:
            found.append((decider, None))
            continue
        paired.add(partner)
        entering, leaving = sorted((decider, deciders[partner]), key=lambda d: d.direction)
        found.append((entering, leaving))
    return found
