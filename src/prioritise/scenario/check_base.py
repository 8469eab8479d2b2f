"""What every check across a scenario's sections shares: the raw file, its ids, and the list
of problems found so far.

The checks read the parsed TOML as plain dicts and lists and skip any part whose shape is
wrong (the model reports that part), so one wrong type never hides the problems elsewhere.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from prioritise.scenario.problems import Problem, suggest
from prioritise.text import Message, msg

TABLE_TEXTS = ("source", "note", "unit", "name")
"""A table's entries that are texts, besides its rows (docs/scenario-format.md, `[tables]`)."""
TABLE_MAPS = ("sources", "names", "units", "notes")
"""A table's entries that map ids to texts: per-row sources, and the name, unit and note in
each language."""
TABLE_ENTRIES = TABLE_TEXTS + TABLE_MAPS

LEVELS = ("programme", "region", "programme_region", "initiative")


def dicts(raw: Any, key: str) -> list[tuple[int, dict]]:
    """The entries of the list `raw[key]` that are tables, with their positions."""
    items = raw.get(key, []) if isinstance(raw, dict) else []
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


def ids(raw: dict, key: str) -> list[str]:
    return [item["id"] for _, item in dicts(raw, key) if isinstance(item.get("id"), str)]


def table(value: Any) -> dict:
    """A TOML table, or an empty one where the file has something else (reported elsewhere)."""
    return value if isinstance(value, dict) else {}


def number(value: Any) -> float | None:
    """A number from the file as a float; None for anything else (true and false included)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return float(value)
    except OverflowError:  # a whole number too large for a float
        return math.inf if value > 0 else -math.inf


def finite(value: Any) -> float | None:
    """A finite number from the file; None for anything else."""
    found = number(value)
    return found if found is not None and math.isfinite(found) else None


class CheckBase:
    """The raw scenario, its ids by kind, and `add`/`unknown` to report a located problem."""

    def __init__(self, raw: dict) -> None:
        self.raw = raw
        self.problems: list[Problem] = []
        self.programmes = ids(raw, "programmes")
        self.areas = ids(raw, "enabling_areas")
        self.regions = ids(raw, "regions")
        # a level the model rejects is kept as None: the criterion exists, at no level
        self.criteria: dict[str, str | None] = {
            item["id"]: _level(item.get("level", "programme"))
            for _, item in dicts(raw, "criteria")
            if isinstance(item.get("id"), str)
        }
        self.sources = ids(raw, "sources")
        self.scales: dict[str, tuple[float, float]] = {}
        for _, item in dicts(raw, "criteria"):
            scale = item.get("scale")
            if isinstance(item.get("id"), str) and isinstance(scale, list) and len(scale) == 2:
                low, high = finite(scale[0]), finite(scale[1])
                if low is not None and high is not None:
                    self.scales[item["id"]] = (low, high)

    def criteria_at(self, *levels: str) -> list[str]:
        return [c for c, level in self.criteria.items() if level in levels]

    def add(self, location: str, message_id: str, /, **params: Any) -> None:
        self.problems.append(Problem(location, msg(message_id, **params)))

    def add_message(self, location: str, message: Message) -> None:
        self.problems.append(Problem(location, message))

    def unknown(self, location: str, message_id: str, name: str, known: Iterable[str]) -> None:
        """`message_id` is one of the scenario.check.unknown_* messages (with a name)."""
        self.problems.append(Problem(location, suggest(msg(message_id, name=name), name, known)))


def _level(value: Any) -> str | None:
    return value if isinstance(value, str) and value in LEVELS else None
