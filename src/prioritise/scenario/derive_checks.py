"""Checks of derived criteria and of the raw tables they, and `capacity_basis = "activity"`,
read (docs/model.md §17, scenario-format.md "Derived criteria").

A raw table is a table that some criterion's `derive` names, or the capacity table. Its
shape (programme × region, or programme × programme for `linkages`) is checked with the other
tables; here: the table exists, the criterion's level fits the method, the criterion has no
typed values of its own, and the numbers admit the indicator — finite cells, no programme or
region with a zero total, a productive input–output table, a defined complexity, and computed
values inside the criterion's fixed `scale` if it has one.
"""

from __future__ import annotations

import numpy as np

from prioritise.scenario.check_base import TABLE_ENTRIES, CheckBase, dicts, number, table
from prioritise.scenario.derive_spec import (
    DEFAULT_CAPACITY_TABLE,
    DERIVE_METHODS,
    METHOD_LEVEL,
    SQUARE_METHODS,
)
from prioritise.scenario.indicators import IndicatorError, indicator, table_problem
from prioritise.scenario.problems import plain_number
from prioritise.text import msg

_LEVEL_WORDS = {
    "programme": "scenario.level.programme",
    "region": "scenario.level.region",
    "programme_region": "scenario.level.programme_region",
}


def derive_of(item: dict) -> dict | None:
    """The `derive` table of a raw criterion with a known method and a table name, else None."""
    spec = item.get("derive")
    if not isinstance(spec, dict):
        return None
    if spec.get("method") not in DERIVE_METHODS or not isinstance(spec.get("table"), str):
        return None
    return spec


def capacity_table(raw: dict) -> str | None:
    """The table `capacity_basis = "activity"` reads, None for any other basis."""
    returns = table(raw.get("returns"))
    if returns.get("capacity_basis") != "activity":
        return None
    name = returns.get("capacity_table", DEFAULT_CAPACITY_TABLE)
    return name if isinstance(name, str) else DEFAULT_CAPACITY_TABLE


def raw_table_kinds(raw: dict) -> dict[str, str]:
    """Each raw table and what its columns are: "regions" or "programmes" (the first use
    decides; a clash is reported by `DeriveChecks`)."""
    kinds: dict[str, str] = {}
    for _, item in dicts(raw, "criteria"):
        spec = derive_of(item)
        if spec is not None:
            kind = "programmes" if spec["method"] in SQUARE_METHODS else "regions"
            kinds.setdefault(spec["table"], kind)
    name = capacity_table(raw)
    if name is not None:
        kinds.setdefault(name, "regions")
    return kinds


def derived_ids(raw: dict) -> set[str]:
    """Ids of the criteria whose values are derived."""
    return {
        item["id"]
        for _, item in dicts(raw, "criteria")
        if isinstance(item.get("id"), str) and derive_of(item) is not None
    }


class DeriveChecks(CheckBase):
    def derived(self) -> None:
        tables = table(self.raw.get("tables"))
        kinds = raw_table_kinds(self.raw)
        for i, item in dicts(self.raw, "criteria"):
            spec = derive_of(item)
            if spec is None:
                continue
            where = f"criteria[{i}].derive"
            name, method = spec["table"], spec["method"]
            level = item.get("level", "programme")
            wanted = METHOD_LEVEL[method]
            if level != wanted:
                self.add(
                    f"criteria[{i}].level",
                    "scenario.derive.level",
                    method=method,
                    level=msg(_LEVEL_WORDS[wanted]),
                )
            ident = item.get("id")
            if isinstance(ident, str) and ident in tables and ident != name:
                self.add(f"tables.{ident}", "scenario.derive.own_table", name=ident, table=name)
            kind = "programmes" if method in SQUARE_METHODS else "regions"
            if kinds.get(name) != kind:
                self.add(f"{where}.table", "scenario.derive.table_clash", table=name)
                continue
            if name not in tables:
                known = [t for t in tables if t != "need"]
                self.unknown(f"{where}.table", "scenario.derive.unknown_table", name, known)
                continue
            self._indicator(where, item, spec, name)
        self._capacity_table(tables)

    def _capacity_table(self, tables: dict) -> None:
        name = capacity_table(self.raw)
        if name is None:
            return
        if name not in tables:
            known = [t for t in tables if t != "need"]
            self.unknown("returns.capacity_table", "scenario.derive.unknown_table", name, known)
            return
        if raw_table_kinds(self.raw).get(name) != "regions":
            self.add("returns.capacity_table", "scenario.derive.table_clash", table=name)
            return
        matrix = self._matrix(name, self.regions)
        if matrix is not None:
            self._activity_rules(name, matrix)

    def _matrix(self, name: str, columns: list[str]) -> np.ndarray | None:
        """The table as programmes × columns (a missing cell is 0); None when a row, column or
        cell is not what it should be (reported with the other tables)."""
        rows = table(table(self.raw.get("tables")).get(name))
        matrix = np.zeros((len(self.programmes), len(columns)))
        for row, cells in rows.items():
            if row in TABLE_ENTRIES:
                continue
            if row not in self.programmes or not isinstance(cells, dict):
                return None
            for col, value in cells.items():
                given = number(value)
                if col not in columns or given is None:
                    return None
                matrix[self.programmes.index(row), columns.index(col)] = given
        return matrix

    def _activity_rules(self, name: str, x: np.ndarray) -> bool:
        """A programme × region table an indicator can use: finite, no zero total."""
        found = table_problem(x)
        if found is None:
            return True
        kind, index = found
        if kind in ("finite", "negative"):
            p, r = divmod(index, x.shape[1])
            if kind == "finite":  # "negative" is reported with the other tables
                where = f"tables.{name}.{self.programmes[p]}.{self.regions[r]}"
                self.add(where, "scenario.value.finite_number")
        elif kind == "row":
            self.add(f"tables.{name}.{self.programmes[index]}", "scenario.derive.zero_row")
        else:
            self.add(f"tables.{name}", "scenario.derive.zero_column", region=self.regions[index])
        return False

    def _indicator(self, where: str, item: dict, spec: dict, name: str) -> None:
        method = spec["method"]
        columns = self.programmes if method in SQUARE_METHODS else self.regions
        x = self._matrix(name, columns)
        if x is None or not self.programmes or not columns:
            return
        if method in SQUARE_METHODS and not np.all(np.isfinite(x)):
            self.add(f"tables.{name}", "scenario.value.finite_number")
            return
        if method not in SQUARE_METHODS and not self._activity_rules(name, x):
            return
        try:
            values = indicator(method, x, spec.get("linkage") or "mean")
        except IndicatorError as error:
            productive = error.reason == "productive"
            key = "scenario.derive.productive" if productive else "scenario.derive.repeated"
            self.add(where, key, table=name, value=plain_number(error.value))
            return
        self._derived_in_scale(where, item, np.asarray(values))

    def _derived_in_scale(self, where: str, item: dict, values: np.ndarray) -> None:
        scale = self.scales.get(item.get("id", ""))
        if scale is None:
            return
        low, high = float(np.min(values)), float(np.max(values))
        if low < scale[0] - 1e-12 or high > scale[1] + 1e-12:
            self.add(
                f"{where.rpartition('.')[0]}.scale",
                "scenario.derive.outside_scale",
                low=plain_number(low),
                high=plain_number(high),
                bottom=plain_number(scale[0]),
                top=plain_number(scale[1]),
            )
