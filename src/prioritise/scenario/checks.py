"""Cross-reference checks of a scenario, run on the raw parsed TOML.

They work on plain dicts, skipping parts whose shape is wrong (the model reports those), so
that a file with a wrong type in one place still has its dangling ids reported elsewhere.
"""

from __future__ import annotations

import math
from typing import Any

from prioritise.scenario.check_base import TABLE_TEXTS, dicts, number, table
from prioritise.scenario.derive_checks import DeriveChecks, derived_ids, raw_table_kinds
from prioritise.scenario.initiative_checks import InitiativeChecks
from prioritise.scenario.problems import (
    Problem,
    entry_place,
    given_value,
    plain_number,
    shown_value,
    suggest,
)
from prioritise.scenario.rule_checks import RuleChecks
from prioritise.scenario.weight_checks import WeightChecks
from prioritise.text import msg

__all__ = ["Problem", "cross_check", "suggest"]

_IN_EACH_LANGUAGE = {
    "names": "scenario.check.table_names",
    "units": "scenario.check.table_units",
    "notes": "scenario.check.table_notes",
}
"""A table's texts in each language, with what a wrong one is told."""
LARGEST = 1e15
"""The largest number, in size, a scenario may hold (see `magnitudes`)."""
SMALLEST = 1e-9
"""The smallest number other than 0, in size, a scenario may hold (see `magnitudes`)."""
_UNKNOWN_SOURCE = "scenario.check.unknown_source"
_UNKNOWN_PROGRAMME = "scenario.check.unknown_programme"


class _Checker(WeightChecks, RuleChecks, InitiativeChecks, DeriveChecks):
    def run(self) -> list[Problem]:
        self.unique_ids()
        self.source_references()
        self.performance()
        self.tables()
        self.derived()
        self.stakeholders()
        self.budget()
        self.capacity()
        self.constraints()
        self.initiatives()
        self.magnitudes(self.raw, "")
        return self.problems

    def magnitudes(self, node: Any, where: str) -> None:
        """No number beyond `LARGEST` in size: far past any budget, population or score, it
        can only be a typo, and the arithmetic downstream would overflow. Nor one other than 0
        below `SMALLEST`: no figure of a scenario is that fine, and dividing by it would."""
        if isinstance(node, dict):
            for key, value in node.items():
                self.magnitudes(value, f"{where}.{key}" if where else str(key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                self.magnitudes(value, f"{where}[{i}]")
        elif _too_large(node):
            self.add(
                where,
                "scenario.value.too_large",
                value=shown_value(node),
                limit=plain_number(LARGEST),
            )
        elif _too_small(node):
            self.add(
                where,
                "scenario.value.too_small",
                value=shown_value(node),
                limit=plain_number(SMALLEST),
            )

    def unique_ids(self) -> None:
        for key in (
            "sources",
            "criteria",
            "programmes",
            "enabling_areas",
            "regions",
            "stakeholders",
            "initiatives",
            "pools",
        ):
            seen: dict[str, int] = {}
            for i, item in dicts(self.raw, key):
                ident = item.get("id")
                if not isinstance(ident, str):
                    continue
                if ident in seen:
                    self.add(
                        f"{key}[{i}].id",
                        "scenario.check.duplicate_id",
                        name=ident,
                        other=entry_place(key, seen[ident]),
                    )
                else:
                    seen[ident] = i

    def source_references(self) -> None:
        known = [*self.sources, "illustrative"]
        for i, item in dicts(self.raw, "criteria"):
            source = item.get("source")
            if isinstance(source, str) and source not in known:
                self.unknown(f"criteria[{i}].source", _UNKNOWN_SOURCE, source, known)
        for table_id, rows in table(self.raw.get("tables")).items():
            source = table(rows).get("source")
            if isinstance(source, str) and source not in known:
                self.unknown(f"tables.{table_id}.source", _UNKNOWN_SOURCE, source, known)
            per_row = table(rows).get("sources")
            if per_row is not None and not isinstance(per_row, dict):
                self.add(f"tables.{table_id}.sources", "scenario.check.row_sources")
            for row, row_source in table(per_row).items():
                where = f"tables.{table_id}.sources.{row}"
                if not isinstance(row_source, str):
                    self.add(where, "scenario.check.source_id")
                elif row_source not in known:
                    self.unknown(where, _UNKNOWN_SOURCE, row_source, known)
                if row not in self.programmes:
                    self.unknown(where, _UNKNOWN_PROGRAMME, row, self.programmes)
        source = table(self.raw.get("budget")).get("source")
        if isinstance(source, str) and source not in known:
            self.unknown("budget.source", _UNKNOWN_SOURCE, source, known)
        for key in ("regions", "programmes"):
            for i, item in dicts(self.raw, key):
                source = item.get("source")
                if isinstance(source, str) and source not in known:
                    self.unknown(f"{key}[{i}].source", _UNKNOWN_SOURCE, source, known)

    def performance(self) -> None:
        derived = derived_ids(self.raw)
        for key, level in (("programmes", "programme"), ("regions", "region")):
            wanted = [c for c in self.criteria_at(level) if c not in derived]
            for i, item in dicts(self.raw, key):
                perf = item.get("performance", {})
                if not isinstance(perf, dict):
                    continue
                for name, value in perf.items():
                    where = f"{key}[{i}].performance.{name}"
                    found = self.criteria.get(name, "")
                    if name not in self.criteria:
                        self.unknown(where, "scenario.check.unknown_criterion", name, self.criteria)
                    elif name in derived:
                        self.add(where, "scenario.derive.value_given", name=name)
                    elif found is not None and found != level:
                        self.add(
                            where,
                            "scenario.check.wrong_level",
                            name=name,
                            level=_LEVELS[found],
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
        given = number(value)
        if given is None:
            return
        if not math.isfinite(given):
            self.add(where, "scenario.value.finite_number")
            return
        scale = self.scales.get(criterion)
        if scale is not None and not scale[0] <= given <= scale[1]:
            self.add(
                where,
                "scenario.check.outside_scale",
                value=plain_number(given),
                low=plain_number(scale[0]),
                high=plain_number(scale[1]),
            )

    def tables(self) -> None:
        tables = self.raw.get("tables")
        if not isinstance(tables, dict):
            return
        derived = derived_ids(self.raw)
        pr_criteria = [c for c in self.criteria_at("programme_region") if c not in derived]
        raw_tables = raw_table_kinds(self.raw)
        for table_id in pr_criteria:
            if table_id not in tables:
                self.add(f"tables.{table_id}", "scenario.check.table_missing", name=table_id)
        for table_id, rows in tables.items():
            if table_id == "need":
                columns, kind = self.areas, "scenario.check.unknown_area"
            elif table_id in pr_criteria or raw_tables.get(table_id) == "regions":
                columns, kind = self.regions, "scenario.check.unknown_region"
            elif raw_tables.get(table_id) == "programmes":
                columns, kind = self.programmes, "scenario.derive.not_square"
            elif table_id in derived:
                continue  # reported with the derived criteria
            elif is_data_table(rows):  # raw data by region, read by nothing yet
                columns, kind = self.regions, "scenario.check.unknown_region"
            else:
                known = ["need", *pr_criteria, *raw_tables]
                kinds = msg("scenario.derive.table_kind", problem=msg("scenario.check.table_kind"))
                problem = suggest(kinds, table_id, known)
                self.problems.append(Problem(f"tables.{table_id}", problem))
                continue
            if not isinstance(rows, dict):
                continue
            for row, cells in rows.items():
                where = f"tables.{table_id}.{row}"
                if row == "sources":
                    continue  # per-row sources, checked with the other source references
                if row in _IN_EACH_LANGUAGE:
                    if not isinstance(cells, dict) or not all(
                        isinstance(text, str) and text for text in cells.values()
                    ):
                        self.add(where, _IN_EACH_LANGUAGE[row])
                    continue
                if isinstance(cells, str) or row in TABLE_TEXTS:
                    if row not in TABLE_TEXTS or not isinstance(cells, str):
                        self.add(where, "scenario.check.table_row")
                    continue
                if row not in self.programmes:
                    self.unknown(where, "scenario.check.unknown_programme", row, self.programmes)
                if not isinstance(cells, dict):
                    self.add(where, "scenario.check.table_row")
                    continue
                for col, value in cells.items():
                    if col not in columns:
                        self.unknown(f"{where}.{col}", kind, col, columns)
                    given = number(value)
                    if given is None:
                        problem = msg("scenario.value.number")
                        shown = msg("scenario.value.got", problem=problem, value=given_value(value))
                        self.add_message(f"{where}.{col}", shown)
                    elif given < 0 or not (math.isfinite(given) or isinstance(value, int)):
                        self.add(f"{where}.{col}", "scenario.check.non_negative")
                    elif table_id in pr_criteria:
                        self._in_scale(f"{where}.{col}", table_id, value)
                if table_id in pr_criteria and row in self.programmes:
                    self._gaps_in_scale(where, table_id, cells, columns)
            if table_id in pr_criteria:
                for programme in self.programmes:
                    if programme not in rows:
                        where = f"tables.{table_id}.{programme}"
                        self._gaps_in_scale(where, table_id, None, columns)

    def _gaps_in_scale(
        self, where: str, criterion: str, cells: dict | None, columns: list[str]
    ) -> None:
        """A missing cell (or row: `cells` None) counts as 0, which a fixed scale must then
        hold (docs/model.md §6)."""
        scale = self.scales.get(criterion)
        if scale is None or scale[0] <= 0 <= scale[1]:
            return
        if cells is None:
            gaps = [where]
        else:
            gaps = [f"{where}.{col}" for col in columns if col not in cells]
        for place in gaps:
            self.add(
                place,
                "scenario.check.missing_outside_scale",
                low=plain_number(scale[0]),
                high=plain_number(scale[1]),
            )


def _too_large(value: Any) -> bool:
    """A number (never inf or nan, reported as such elsewhere) larger than `LARGEST`."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return abs(value) > LARGEST and (isinstance(value, int) or math.isfinite(value))


def _too_small(value: Any) -> bool:
    """A number other than 0 smaller than `SMALLEST` in size."""
    if isinstance(value, bool) or not isinstance(value, float):
        return False
    return 0 < abs(value) < SMALLEST


_LEVELS = {
    "programme": msg("scenario.level.programme"),
    "region": msg("scenario.level.region"),
    "programme_region": msg("scenario.level.programme_region"),
    "initiative": msg("scenario.level.initiative"),
}


def cross_check(raw: dict) -> list[Problem]:
    """Every cross-reference problem of a raw scenario dict."""
    if not isinstance(raw, dict):
        return []
    return _Checker(raw).run()


def is_data_table(rows: Any) -> bool:
    """A table of raw figures (programme × region, in the `unit` it names), kept for criteria
    computed from data: it carries no criterion's scale (docs/scenario-format.md, `[tables]`)."""
    return isinstance(rows, dict) and isinstance(rows.get("unit"), str)
