"""Checks of the initiatives and funding pools across the file: the ids they name, costs for
every budget year, scores against the initiative criteria, and dependencies that can hold.

Dependencies are checked as a whole: a circle of `requires`, an initiative that requires
(directly or through others) one it excludes or one excluded by another it requires, and a
`must` initiative that needs a `must_not` one, or excludes another `must` one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prioritise.scenario.check_base import CheckBase, dicts, table
from prioritise.text import Integer

_UNKNOWN_INITIATIVE = "scenario.check.unknown_initiative"


def _id_list(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


class InitiativeChecks(CheckBase):
    _in_scale: Callable[[str, str, Any], None]  # provided by the whole checker

    def initiatives(self) -> None:
        items = dicts(self.raw, "initiatives")
        known = [item["id"] for _, item in items if isinstance(item.get("id"), str)]
        pools = [
            item["id"] for _, item in dicts(self.raw, "pools") if isinstance(item.get("id"), str)
        ]
        years = table(self.raw.get("budget")).get("years")
        n_years = len(years) if isinstance(years, list) else None
        for i, item in items:
            where = f"initiatives[{i}]"
            for key, ids, kind in (
                ("programme", self.programmes, "scenario.check.unknown_programme"),
                ("enabling_area", self.areas, "scenario.check.unknown_area"),
                ("region", self.regions, "scenario.check.unknown_region"),
                ("pool", pools, "scenario.check.unknown_pool"),
            ):
                name = item.get(key)
                if isinstance(name, str) and name not in ids:
                    self.unknown(f"{where}.{key}", kind, name, ids)
            for key in ("requires", "excludes"):
                for k, name in enumerate(item.get(key) or []):
                    if not isinstance(name, str):
                        continue
                    if name not in known:
                        self.unknown(f"{where}.{key}[{k}]", _UNKNOWN_INITIATIVE, name, known)
                    elif name == item.get("id"):
                        self.add(f"{where}.{key}[{k}]", "scenario.initiative.itself", name=name)
            self._source(f"{where}.source", item.get("source"))
            self._cost(f"{where}.cost", item.get("cost"), n_years)
            self._scores(where, item.get("scores"))
            if item.get("must") is True and item.get("must_not") is True:
                self.add(where, "scenario.initiative.must_and_must_not")
        self._dependencies(items)
        self._pools(n_years, known)

    def _source(self, where: str, source: Any) -> None:
        known = [*self.sources, "illustrative"]
        if isinstance(source, str) and source not in known:
            self.unknown(where, "scenario.check.unknown_source", source, known)

    def _cost(self, where: str, cost: Any, n_years: int | None) -> None:
        if not isinstance(cost, list):
            return
        if n_years is not None and len(cost) != n_years:
            self.add(
                where, "scenario.initiative.cost_years", count=len(cost), years=Integer(n_years)
            )

    def _scores(self, where: str, scores: Any) -> None:
        wanted = self.criteria_at("initiative")
        given = table(scores)
        for name, value in given.items():
            place = f"{where}.scores.{name}"
            level = self.criteria.get(name, "")
            if name not in self.criteria:
                self.unknown(place, "scenario.check.unknown_criterion", name, wanted)
            elif level != "initiative":
                self.add(place, "scenario.initiative.score_level", name=name)
            else:
                self._in_scale(place, name, value)
        if isinstance(scores, dict) or scores is None:
            for name in wanted:
                if name not in given:
                    self.add(f"{where}.scores", "scenario.check.missing_value", name=name)

    def _dependencies(self, items: list[tuple[int, dict]]) -> None:
        position = {item["id"]: i for i, item in items if isinstance(item.get("id"), str)}
        by_id = {item["id"]: item for _, item in items if isinstance(item.get("id"), str)}
        requires = {
            ident: [n for n in _id_list(item.get("requires")) if n in by_id and n != ident]
            for ident, item in by_id.items()
        }
        excludes = {
            ident: {n for n in _id_list(item.get("excludes")) if n in by_id}
            for ident, item in by_id.items()
        }
        for cycle in _cycles(requires):
            first = cycle[0]
            self.add(
                f"initiatives[{position[first]}].requires",
                "scenario.initiative.circular",
                cycle=" → ".join([*cycle, first]),
            )
        for ident, item in by_id.items():
            where = f"initiatives[{position[ident]}]"
            needed = _closure(ident, requires)
            group = {ident, *needed}
            clashes = {tuple(sorted((a, b))) for a in group for b in excludes[a] & group if a != b}
            for a, b in sorted(clashes):
                self.add(
                    f"{where}.requires",
                    "scenario.initiative.requires_excluded",
                    name=ident,
                    first=a,
                    second=b,
                )
            if item.get("must") is True:
                for other in sorted(needed):
                    if by_id[other].get("must_not") is True:
                        self.add(
                            f"{where}.must", "scenario.initiative.must_needs_must_not", other=other
                        )
                for other in sorted(excludes[ident]):
                    if by_id[other].get("must") is True:
                        self.add(f"{where}.must", "scenario.initiative.musts_exclude", other=other)

    def _pools(self, n_years: int | None, known: list[str]) -> None:
        for i, pool in dicts(self.raw, "pools"):
            where = f"pools[{i}]"
            self._source(f"{where}.source", pool.get("source"))
            amount = pool.get("amount")
            if isinstance(amount, list) and n_years is not None and len(amount) != n_years:
                self.add(
                    f"{where}.amount",
                    "scenario.initiative.pool_years",
                    count=len(amount),
                    years=Integer(n_years),
                )
            for key, ids, kind in (
                ("programmes", self.programmes, "scenario.check.unknown_programme"),
                ("regions", self.regions, "scenario.check.unknown_region"),
                ("initiatives", known, _UNKNOWN_INITIATIVE),
            ):
                for k, name in enumerate(_id_list(pool.get(key))):
                    if name not in ids:
                        self.unknown(f"{where}.{key}[{k}]", kind, name, ids)


def _closure(start: str, requires: dict[str, list[str]]) -> set[str]:
    """Every initiative `start` needs, directly or through others (itself left out)."""
    seen: set[str] = set()
    stack = list(requires.get(start, []))
    while stack:
        name = stack.pop()
        if name in seen or name == start:
            continue
        seen.add(name)
        stack.extend(requires.get(name, []))
    return seen


def _cycles(requires: dict[str, list[str]]) -> list[list[str]]:
    """One circle of `requires` per strongly linked group, as the ids along it, each circle
    starting at its first id in file order."""
    order = list(requires)
    found: list[list[str]] = []
    covered: set[str] = set()
    for start in order:
        if start in covered:
            continue
        path = _path_back(start, requires)
        if path is not None:
            found.append(path)
            covered.update(path)
    return found


def _path_back(start: str, requires: dict[str, list[str]]) -> list[str] | None:
    """The shortest circle from `start` back to itself (breadth first), or None."""
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for name in frontier:
            for nxt in requires.get(name, []):
                if nxt == start:
                    path = [name]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return path[::-1]
                if nxt not in previous:
                    previous[nxt] = name
                    following.append(nxt)
        frontier = following
    return None
