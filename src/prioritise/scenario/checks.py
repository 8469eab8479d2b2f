"""Cross-reference checks of a scenario, run on the raw parsed TOML.

They work on plain dicts, skipping parts whose shape is wrong (the model reports those), so
that a file with a wrong type in one place still has its dangling ids reported elsewhere.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import pairwise
from typing import Any

from prioritise.scenario.problems import Problem, plain_number, shown_value, suggest
from prioritise.text import Integer, ListOf, Percent, msg

__all__ = ["Problem", "cross_check", "suggest"]

RESERVED_TABLE_KEYS = ("source", "note")
RECIPROCAL_TOLERANCE = 0.05
_UNKNOWN_SOURCE = "scenario.check.unknown_source"
_UNKNOWN_PROGRAMME = "scenario.check.unknown_programme"


def _dicts(raw: Any, key: str) -> list[tuple[int, dict]]:
    items = raw.get(key, []) if isinstance(raw, dict) else []
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


def _ids(raw: dict, key: str) -> list[str]:
    return [item["id"] for _, item in _dicts(raw, key) if isinstance(item.get("id"), str)]


def _table(value: Any) -> dict:
    """A TOML table, or an empty one where the file has something else (reported elsewhere)."""
    return value if isinstance(value, dict) else {}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


class _Checker:
    def __init__(self, raw: dict) -> None:
        self.raw = raw
        self.problems: list[Problem] = []
        self.programmes = _ids(raw, "programmes")
        self.areas = _ids(raw, "enabling_areas")
        self.regions = _ids(raw, "regions")
        self.criteria = {
            item["id"]: item.get("level", "programme")
            for _, item in _dicts(raw, "criteria")
            if isinstance(item.get("id"), str)
        }
        self.sources = _ids(raw, "sources")
        self.scales: dict[str, tuple[float, float]] = {}
        for _, item in _dicts(raw, "criteria"):
            scale = item.get("scale")
            if isinstance(item.get("id"), str) and isinstance(scale, list) and len(scale) == 2:
                low, high = _number(scale[0]), _number(scale[1])
                if low is not None and high is not None:
                    self.scales[item["id"]] = (low, high)

    def add(self, location: str, message_id: str, /, **params: Any) -> None:
        self.problems.append(Problem(location, msg(message_id, **params)))

    def unknown(self, location: str, message_id: str, name: str, known: Iterable[str]) -> None:
        """`message_id` is one of the scenario.check.unknown_* messages (with a name)."""
        self.problems.append(Problem(location, suggest(msg(message_id, name=name), name, known)))

    def run(self) -> list[Problem]:
        self.unique_ids()
        self.source_references()
        self.performance()
        self.tables()
        self.stakeholders()
        self.budget()
        self.constraints()
        return self.problems

    def unique_ids(self) -> None:
        for key in (
            "sources",
            "criteria",
            "programmes",
            "enabling_areas",
            "regions",
            "stakeholders",
        ):
            seen: dict[str, int] = {}
            for i, item in _dicts(self.raw, key):
                ident = item.get("id")
                if not isinstance(ident, str):
                    continue
                if ident in seen:
                    self.add(
                        f"{key}[{i}].id",
                        "scenario.check.duplicate_id",
                        name=ident,
                        other=f"{key}[{seen[ident]}]",
                    )
                else:
                    seen[ident] = i

    def source_references(self) -> None:
        known = [*self.sources, "illustrative"]
        for i, item in _dicts(self.raw, "criteria"):
            source = item.get("source")
            if isinstance(source, str) and source not in known:
                self.unknown(f"criteria[{i}].source", _UNKNOWN_SOURCE, source, known)
        tables = self.raw.get("tables")
        if isinstance(tables, dict):
            for table_id, table in tables.items():
                source = table.get("source") if isinstance(table, dict) else None
                if isinstance(source, str) and source not in known:
                    self.unknown(f"tables.{table_id}.source", _UNKNOWN_SOURCE, source, known)
                per_row = table.get("sources") if isinstance(table, dict) else None
                for row, row_source in (per_row or {}).items():
                    where = f"tables.{table_id}.sources.{row}"
                    if not isinstance(row_source, str):
                        self.add(where, "scenario.check.source_id")
                    elif row_source not in known:
                        self.unknown(where, _UNKNOWN_SOURCE, row_source, known)
                    if row not in self.programmes:
                        self.unknown(where, _UNKNOWN_PROGRAMME, row, self.programmes)
        for section in ("budget",):
            source = (self.raw.get(section) or {}).get("source")
            if isinstance(source, str) and source not in known:
                self.unknown(f"{section}.source", _UNKNOWN_SOURCE, source, known)
        for key in ("regions", "programmes"):
            for i, item in _dicts(self.raw, key):
                source = item.get("source")
                if isinstance(source, str) and source not in known:
                    self.unknown(f"{key}[{i}].source", _UNKNOWN_SOURCE, source, known)

    def performance(self) -> None:
        for key, level in (("programmes", "programme"), ("regions", "region")):
            wanted = [c for c, lv in self.criteria.items() if lv == level]
            for i, item in _dicts(self.raw, key):
                perf = item.get("performance", {})
                if not isinstance(perf, dict):
                    continue
                for name, value in perf.items():
                    where = f"{key}[{i}].performance.{name}"
                    if name not in self.criteria:
                        self.unknown(where, "scenario.check.unknown_criterion", name, self.criteria)
                    elif self.criteria[name] != level:
                        self.add(
                            where,
                            "scenario.check.wrong_level",
                            name=name,
                            level=_LEVELS[self.criteria[name]],
                            expected=_LEVELS[level],
                        )
                    else:
                        self._in_scale(where, name, value)
                for name in wanted:
                    if name not in perf:
                        self.add(
                            f"{key}[{i}].performance", "scenario.check.missing_value", name=name
                        )

    def _in_scale(self, where: str, criterion: str, value: Any) -> None:
        number = _number(value)
        if number is None:
            return
        if not math.isfinite(number):
            self.add(where, "scenario.value.finite_number")
            return
        scale = self.scales.get(criterion)
        if scale is not None and not scale[0] <= number <= scale[1]:
            self.add(
                where,
                "scenario.check.outside_scale",
                value=plain_number(number),
                low=plain_number(scale[0]),
                high=plain_number(scale[1]),
            )

    def tables(self) -> None:
        tables = self.raw.get("tables")
        if not isinstance(tables, dict):
            return
        pr_criteria = [c for c, lv in self.criteria.items() if lv == "programme_region"]
        for table_id in pr_criteria:
            if table_id not in tables:
                self.add(f"tables.{table_id}", "scenario.check.table_missing", name=table_id)
        for table_id, table in tables.items():
            if table_id == "need":
                columns, kind = self.areas, "scenario.check.unknown_area"
            elif table_id in pr_criteria:
                columns, kind = self.regions, "scenario.check.unknown_region"
            else:
                known = ["need", *pr_criteria]
                problem = suggest(msg("scenario.check.table_kind"), table_id, known)
                self.problems.append(Problem(f"tables.{table_id}", problem))
                continue
            if not isinstance(table, dict):
                continue
            for row, cells in table.items():
                where = f"tables.{table_id}.{row}"
                if row == "sources":
                    continue  # per-row sources, checked with the other source references
                if isinstance(cells, str):
                    if row not in RESERVED_TABLE_KEYS:
                        self.add(where, "scenario.check.table_row")
                    continue
                if row not in self.programmes:
                    self.unknown(where, "scenario.check.unknown_programme", row, self.programmes)
                if not isinstance(cells, dict):
                    continue
                for col, value in cells.items():
                    if col not in columns:
                        self.unknown(f"{where}.{col}", kind, col, columns)
                    number = _number(value)
                    if number is None:
                        self.add(f"{where}.{col}", "scenario.value.number")
                    elif number < 0 or not math.isfinite(number):
                        self.add(f"{where}.{col}", "scenario.check.non_negative")
                    elif table_id != "need":
                        self._in_scale(f"{where}.{col}", table_id, value)

    def stakeholders(self) -> None:
        known = {
            "criteria": [c for c, lv in self.criteria.items() if lv == "programme"],
            "enabling_areas": self.areas,
            "regional_criteria": [c for c, lv in self.criteria.items() if lv != "programme"],
            "programmes": self.programmes,
        }
        kinds = {
            "criteria": "scenario.check.unknown_criterion",
            "enabling_areas": "scenario.check.unknown_area",
            "regional_criteria": "scenario.check.unknown_regional_criterion",
            "programmes": "scenario.check.unknown_programme",
        }
        for i, item in _dicts(self.raw, "stakeholders"):
            base = f"stakeholders[{i}]"
            ranks = _table(item.get("ranks"))
            pairwise = _table(item.get("pairwise"))
            for weight_set, ids in known.items():
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
                points = item.get(weight_set)
                if isinstance(points, dict):
                    self._points(f"{base}.{weight_set}", points, ids, kinds[weight_set])
                if isinstance(ranks.get(weight_set), list):
                    self._ranks(
                        f"{base}.ranks.{weight_set}", ranks[weight_set], ids, kinds[weight_set]
                    )
                if isinstance(pairwise.get(weight_set), dict):
                    self._pairwise(
                        f"{base}.pairwise.{weight_set}",
                        pairwise[weight_set],
                        ids,
                        kinds[weight_set],
                    )

    def _points(self, where: str, points: dict, ids: list[str], kind: str) -> None:
        for name in points:
            if name not in ids:
                self.unknown(f"{where}.{name}", kind, name, ids)
        values = [_number(v) for v in points.values()]
        given = [v for v in values if v is not None]
        if values and len(given) == len(values) and not any(v > 0 for v in given):
            self.add(where, "scenario.check.all_zero")

    def _ranks(self, where: str, ranks: list, ids: list[str], kind: str) -> None:
        seen: set[str] = set()
        for pos, entry in enumerate(ranks):
            for name in entry if isinstance(entry, list) else [entry]:
                if not isinstance(name, str):
                    continue
                if name not in ids:
                    self.unknown(f"{where}[{pos}]", kind, name, ids)
                elif name in seen:
                    self.add(f"{where}[{pos}]", "scenario.check.ranked_twice", name=name)
                seen.add(name)

    def _pairwise(self, where: str, judgements: dict, ids: list[str], kind: str) -> None:
        items = judgements.get("items")
        matrix = judgements.get("matrix")
        if isinstance(items, list):
            for name in items:
                if isinstance(name, str) and name not in ids:
                    self.unknown(f"{where}.items", kind, name, ids)
            if len(set(map(str, items))) != len(items):
                self.add(f"{where}.items", "scenario.check.item_twice")
        if not (isinstance(items, list) and isinstance(matrix, list)):
            return
        n = len(items)
        if len(matrix) != n or any(not isinstance(row, list) or len(row) != n for row in matrix):
            self.add(f"{where}.matrix", "scenario.check.not_square", size=Integer(n))
            return
        for r in range(n):
            for c in range(n):
                a, b = _number(matrix[r][c]), _number(matrix[c][r])
                cell = f"{where}.matrix[{r}][{c}]"
                if matrix[r][c] is None or a == 0:
                    continue  # a missing judgement
                if a is None or a < 0 or not math.isfinite(a):
                    self.add(cell, "scenario.check.positive")
                elif r == c and abs(a - 1) > 1e-9:
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

    def budget(self) -> None:
        budget = self.raw.get("budget")
        if not isinstance(budget, dict):
            return
        years, per_year, total = budget.get("years"), budget.get("per_year"), budget.get("total")
        if isinstance(years, list) and len(set(map(str, years))) != len(years):
            self.add("budget.years", "scenario.check.year_twice")
        if isinstance(years, list) and any(
            isinstance(b, int) and isinstance(a, int) and b <= a for a, b in pairwise(years)
        ):
            self.add("budget.years", "scenario.check.years_order")
        if isinstance(per_year, list) and isinstance(years, list):
            if len(per_year) != len(years):
                self.add(
                    "budget.per_year",
                    "scenario.check.per_year_count",
                    count=len(per_year),
                    years=Integer(len(years)),
                )
            numbers = [_number(v) for v in per_year]
            whole = _number(total)
            amounts = [v for v in numbers if v is not None]
            if whole is not None and len(amounts) == len(numbers):
                spread = sum(amounts)
                if abs(spread - whole) > 1e-6 * max(1.0, abs(whole)):
                    self.add(
                        "budget.per_year",
                        "scenario.check.per_year_sum",
                        spread=plain_number(spread),
                        total=plain_number(whole),
                    )

    def constraints(self) -> None:
        cons = self.raw.get("constraints")
        if not isinstance(cons, dict):
            return
        for key, ids, kind in (
            ("programme_share", self.programmes, "scenario.check.unknown_programme"),
            ("region_share", self.regions, "scenario.check.unknown_region"),
            ("enabling_share", self.areas, "scenario.check.unknown_area"),
        ):
            table = cons.get(key)
            if isinstance(table, dict):
                for name in table:
                    if name not in ids:
                        self.unknown(f"constraints.{key}.{name}", kind, name, ids)
        self._sum_of_minima(cons)
        for i, item in enumerate(
            cons.get("fixed", []) if isinstance(cons.get("fixed"), list) else []
        ):
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
            years = (self.raw.get("budget") or {}).get("years")
            if isinstance(years, list) and item.get("year") not in years:
                self.add(
                    f"constraints.fixed[{i}].year",
                    "scenario.check.not_budget_year",
                    year=shown_value(item.get("year")),
                )

    def _sum_of_minima(self, cons: dict) -> None:
        for key, ids, overall, message_id in (
            ("region_share", self.regions, "min_region_share", "scenario.check.region_minima"),
            (
                "programme_share",
                self.programmes,
                "min_programme_share",
                "scenario.check.programme_minima",
            ),
        ):
            floor = _number(cons.get(overall)) or 0.0
            table = _table(cons.get(key))
            total = 0.0
            for name in ids:
                own = table.get(name, {}).get("min") if isinstance(table.get(name), dict) else None
                total += max(floor, _number(own) or 0.0)
            if total > 1 + 1e-9:
                self.add(f"constraints.{key}", message_id, share=Percent(total))
            cap = _number(cons.get("max_programme_share")) if key == "programme_share" else None
            if cap is not None and ids and cap * len(ids) < 1 - 1e-9 and cons.get("spend_all"):
                self.add(
                    "constraints.max_programme_share",
                    "scenario.check.cap_too_low",
                    count=len(ids),
                    cap=Percent(cap),
                )


_LEVELS = {
    "programme": msg("scenario.level.programme"),
    "region": msg("scenario.level.region"),
    "programme_region": msg("scenario.level.programme_region"),
}


def cross_check(raw: dict) -> list[Problem]:
    """Every cross-reference problem of a raw scenario dict."""
    if not isinstance(raw, dict):
        return []
    return _Checker(raw).run()
