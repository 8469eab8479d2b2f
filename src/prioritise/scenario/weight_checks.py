"""Checks of the stakeholders' weights: points, ranks and pairwise comparisons that the
weights can be computed from, and a group that gives every item some weight.

Whatever passes here, `prioritise.weights` turns into weights without an error: points that
are not all zero, rankings without empty ties, pairwise matrices that are square, positive,
reciprocal, of at most `MAX_PAIRWISE_ITEMS` items and whose comparisons link every item with
every other (directly or through others), and, under the geometric mean, at least one item
that every stakeholder with a say weights above zero.
"""

from __future__ import annotations

import math

from prioritise.scenario.check_base import CheckBase, dicts, finite, number, table
from prioritise.scenario.problems import plain_number
from prioritise.text import Integer, ListOf, msg

RECIPROCAL_TOLERANCE = 0.05
MAX_PAIRWISE_ITEMS = 15
"""The most items AHP can weigh: the random-index tables stop at 15 (docs/model.md §2.3)."""
PAIRWISE_RANGE = 1000.0
"""A judgement lies from 1/1000 to 1000: Saaty's scale runs to 9, and past this even 15 items
multiply to numbers the eigenvector cannot be worked out from (docs/scenario-format.md)."""

_WEIGHT_SETS = {
    "criteria": "scenario.show.set_criteria",
    "enabling_areas": "scenario.show.set_enabling_areas",
    "regional_criteria": "scenario.show.set_regional_criteria",
    "programmes": "scenario.show.set_programmes",
}
_UNKNOWN = {
    "criteria": "scenario.check.unknown_criterion",
    "enabling_areas": "scenario.check.unknown_area",
    "regional_criteria": "scenario.check.unknown_regional_criterion",
    "programmes": "scenario.check.unknown_programme",
}


def linked_groups(size: int, pairs: list[tuple[int, int]]) -> list[list[int]]:
    """The items 0..size-1 split into groups that comparisons link (union-find), in order."""
    parent = list(range(size))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, b in pairs:
        parent[root(a)] = root(b)
    groups: dict[int, list[int]] = {}
    for k in range(size):
        groups.setdefault(root(k), []).append(k)
    return list(groups.values())


class WeightChecks(CheckBase):
    def weight_items(self) -> dict[str, list[str]]:
        return {
            "criteria": self.criteria_at("programme", "initiative"),
            "enabling_areas": self.areas,
            "regional_criteria": self.criteria_at("region", "programme_region"),
            "programmes": self.programmes,
        }

    def stakeholders(self) -> None:
        known = self.weight_items()
        positive: dict[str, list[set[str]]] = {key: [] for key in known}
        for i, item in dicts(self.raw, "stakeholders"):
            base = f"stakeholders[{i}]"
            ranks = table(item.get("ranks"))
            pairwise = table(item.get("pairwise"))
            influence = number(item.get("influence", 1.0))
            heard = influence is not None and math.isfinite(influence) and influence > 0
            for weight_set, items in known.items():
                forms = [
                    word
                    for word, present in (
                        ("scenario.form.points", weight_set in item),
                        ("scenario.form.ranks", weight_set in ranks),
                        ("scenario.form.pairwise", weight_set in pairwise),
                    )
                    if present
                ]
                if len(forms) > 1:
                    self.add(
                        f"{base}.{weight_set}",
                        "scenario.check.several_forms",
                        forms=ListOf([msg(word) for word in forms]),
                    )
                kind = _UNKNOWN[weight_set]
                weighted: set[str] | None = None
                if isinstance(item.get(weight_set), dict):
                    weighted = self._points(f"{base}.{weight_set}", item[weight_set], items, kind)
                if isinstance(ranks.get(weight_set), list):
                    weighted = self._ranks(
                        f"{base}.ranks.{weight_set}", ranks[weight_set], items, kind
                    )
                if isinstance(pairwise.get(weight_set), dict):
                    weighted = self._pairwise(
                        f"{base}.pairwise.{weight_set}", pairwise[weight_set], items, kind
                    )
                if heard and weighted is not None and items:
                    positive[weight_set].append(weighted)
        self._geometric(positive)

    def _points(self, where: str, points: dict, ids: list[str], kind: str) -> set[str]:
        for name in points:
            if name not in ids:
                self.unknown(f"{where}.{name}", kind, name, ids)
        values = [number(v) for v in points.values()]
        given = [v for v in values if v is not None]
        if len(given) == len(values) and not any(v > 0 for v in given) and ids:
            self.add(where, "scenario.check.all_zero")
        return {name for name, v in points.items() if name in ids and (finite(v) or 0) > 0}

    def _ranks(self, where: str, ranks: list, ids: list[str], kind: str) -> set[str]:
        seen: set[str] = set()
        for pos, entry in enumerate(ranks):
            if isinstance(entry, list) and not entry:
                self.add(f"{where}[{pos}]", "scenario.check.empty_tie")
            for name in entry if isinstance(entry, list) else [entry]:
                if not isinstance(name, str):
                    continue
                if name not in ids:
                    self.unknown(f"{where}[{pos}]", kind, name, ids)
                elif name in seen:
                    self.add(f"{where}[{pos}]", "scenario.check.ranked_twice", name=name)
                seen.add(name)
        return set(ids)  # items left out are tied last, still above zero

    def _pairwise(self, where: str, judgements: dict, ids: list[str], kind: str) -> set[str]:
        items = judgements.get("items")
        matrix = judgements.get("matrix")
        if isinstance(items, list):
            for name in items:
                if isinstance(name, str) and name not in ids:
                    self.unknown(f"{where}.items", kind, name, ids)
            if len(set(map(str, items))) != len(items):
                self.add(f"{where}.items", "scenario.check.item_twice")
            if len(items) > MAX_PAIRWISE_ITEMS:
                self.add(
                    f"{where}.items",
                    "scenario.check.pairwise_too_many",
                    items=Integer(len(items)),
                    most=Integer(MAX_PAIRWISE_ITEMS),
                )
        if not (isinstance(items, list) and isinstance(matrix, list)):
            return set()
        n = len(items)
        if len(matrix) != n or any(not isinstance(row, list) or len(row) != n for row in matrix):
            self.add(f"{where}.matrix", "scenario.check.not_square", size=Integer(n))
            return set()
        pairs = []
        for r in range(n):
            for c in range(n):
                a, b = number(matrix[r][c]), number(matrix[c][r])
                cell = f"{where}.matrix[{r}][{c}]"
                if matrix[r][c] is None or a == 0:
                    continue  # a missing judgement
                if a is None or a < 0 or not math.isfinite(a):
                    self.add(cell, "scenario.check.positive")
                    continue
                if not 1 / PAIRWISE_RANGE <= a <= PAIRWISE_RANGE:
                    self.add(
                        cell,
                        "scenario.check.pairwise_range",
                        value=plain_number(a),
                        low=f"1/{PAIRWISE_RANGE:.0f}",
                        high=int(PAIRWISE_RANGE),
                    )
                    continue
                if r != c:
                    pairs.append((r, c))
                if r == c and abs(a - 1) > 1e-9:
                    self.add(cell, "scenario.check.diagonal")
                elif r < c and b is not None and b > 0 and abs(a * b - 1) > RECIPROCAL_TOLERANCE:
                    self.add(
                        cell,
                        "scenario.check.not_reciprocal",
                        given=plain_number(a),
                        mirror=f"matrix[{c}][{r}]",
                        other=plain_number(b),
                        expected=plain_number(1 / a),
                    )
        groups = linked_groups(n, pairs)
        if len(groups) > 1 and all(isinstance(name, str) for name in items):
            names = list(items)
            self.add(
                f"{where}.matrix",
                "scenario.check.not_linked",
                first=ListOf([f"'{names[k]}'" for k in groups[0]]),
                second=ListOf([f"'{names[k]}'" for group in groups[1:] for k in group]),
            )
        return {name for name in items if isinstance(name, str) and name in ids}

    def _geometric(self, positive: dict[str, list[set[str]]]) -> None:
        """Under the geometric mean an item anyone weights zero gets zero: some item must not."""
        priority = table(self.raw.get("priority"))
        if priority.get("aggregation") != "geometric":
            return
        for weight_set, found in positive.items():
            if found and not set.intersection(*found):
                self.add(
                    "priority.aggregation",
                    "scenario.check.geometric_zero",
                    weights=msg(_WEIGHT_SETS[weight_set]),
                )
