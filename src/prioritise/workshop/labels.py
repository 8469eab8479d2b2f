"""How workshop things are named and dated for people: groups, views, items, rounds, times.

Groups of the quadruple helix are named by the shared ``common.group.*`` messages, so a group
reads the same on every page; any other group is shown as the facilitator wrote it. Items
(criteria, enabling areas, programmes) are shown by their scenario ``names``, never by their
ids. Times are stored in UTC and shown in the scenario's time zone.
"""

from __future__ import annotations

import functools
import math
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from prioritise.scenario import MIN_GROUP_SIZE
from prioritise.text import (
    DEFAULT_LANGUAGE,
    DEFAULT_TIMEZONE,
    LANGUAGES,
    DateTime,
    Message,
    Number,
    Time,
    msg,
    value_text,
)

EVERYONE = "__everyone__"
"""The view key of all participants together (group names are the other view keys)."""
OTHER_GROUPS = "__other__"
"""The view key of small groups shown together (see ``anonymity``)."""

_HELIX = {
    "public": msg("common.group.public"),
    "private": msg("common.group.private"),
    "academia": msg("common.group.academia"),
    "civil": msg("common.group.civil"),
}
# Bands of Kendall's W after Schmidt (1997), as in prioritise.weights.group.
_AGREEMENT_BANDS = (
    (0.2, msg("common.agreement.very_weak")),
    (0.4, msg("common.agreement.weak")),
    (0.6, msg("common.agreement.moderate")),
    (0.8, msg("common.agreement.strong")),
    (math.inf, msg("common.agreement.very_strong")),
)


@dataclass(frozen=True)
class ItemName:
    """A scenario item as a message parameter: shown by ``names[lang]``, else ``name``."""

    id: str
    name: str
    names: Mapping[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class ScenarioFacts:
    """What the workshop needs from its stored scenario file without loading the scenario."""

    language: str = DEFAULT_LANGUAGE
    timezone: str = DEFAULT_TIMEZONE
    items: Mapping[str, ItemName] = field(default_factory=dict, hash=False)
    min_group_size: int = MIN_GROUP_SIZE
    """k: nothing is shown per group with fewer answers than this (``[workshop]``)."""


def tables(value: object) -> list[Mapping[str, Any]]:
    """The tables of a TOML array of tables, skipping anything else."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def facts_from_data(data: Mapping[str, Any]) -> ScenarioFacts:
    """Language, time zone and item names read from a parsed scenario file."""
    meta = data.get("scenario")
    meta = meta if isinstance(meta, Mapping) else {}
    language = meta.get("language")
    timezone = meta.get("timezone")
    items: dict[str, ItemName] = {}
    for kind in ("criteria", "enabling_areas", "programmes", "regions"):
        for item in tables(data.get(kind)):
            item_id = item.get("id")
            if not isinstance(item_id, str):
                continue
            names = item.get("names")
            names = {
                str(k): v
                for k, v in (names.items() if isinstance(names, Mapping) else ())
                if isinstance(v, str) and v
            }
            name = item.get("name")
            items[item_id] = ItemName(
                item_id, name if isinstance(name, str) and name else item_id, names
            )
    settings = data.get("workshop")
    k = settings.get("min_group_size") if isinstance(settings, Mapping) else None
    return ScenarioFacts(
        language if language in LANGUAGES else DEFAULT_LANGUAGE,
        timezone if isinstance(timezone, str) and timezone else DEFAULT_TIMEZONE,
        items,
        k if isinstance(k, int) and not isinstance(k, bool) and k >= 1 else MIN_GROUP_SIZE,
    )


@functools.lru_cache(maxsize=32)
def scenario_facts(scenario_toml: str) -> ScenarioFacts:
    """``facts_from_data`` of a stored scenario text (cached: participants ask often)."""
    try:
        return facts_from_data(tomllib.loads(scenario_toml))
    except tomllib.TOMLDecodeError:
        return ScenarioFacts()


def scenario_timezone(scenario: Any) -> str:
    """The scenario's time zone (``[scenario] timezone``), America/Santiago when not set."""
    return str(getattr(scenario.scenario, "timezone", None) or DEFAULT_TIMEZONE)


def scenario_language(scenario: Any, lang: str | None = None) -> str:
    """``lang`` when given, else the scenario's own language."""
    if lang is not None:
        return lang
    return str(getattr(scenario.scenario, "language", None) or DEFAULT_LANGUAGE)


def group_name(group: str) -> Message | str:
    """A quadruple-helix group by its shared message; any other group as written."""
    return _HELIX.get(group.casefold(), group)


def view_name(view: str) -> Message | str:
    """'All participants' for everyone, 'Other groups' for small groups together, else the
    group's name."""
    if view == OTHER_GROUPS:
        return msg("workshop.view.other")
    return msg("workshop.view.everyone") if view == EVERYONE else group_name(view)


def item_name(item_id: str, items: Mapping[str, Any]) -> Any:
    """The item (or ``ItemName``) to show for an id; the id itself only if nothing names it."""
    return items.get(item_id, item_id)


def sort_key(value: object, lang: str) -> str:
    """A name as a sort key: accents and case ignored, so 'Ñuble' sorts near 'Nuble'."""
    text = unicodedata.normalize("NFKD", value_text(value, lang))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def by_name(keys: Iterable[str], name: Any, lang: str) -> list[str]:
    """Keys ordered by their names in ``lang`` (``name`` maps a key to what is shown)."""
    return sorted(keys, key=lambda key: sort_key(name(key), lang))


def by_value(values: Iterable[tuple[Any, float]], items: Mapping[str, Any], lang: str) -> list[Any]:
    """Keys largest value first; ties, then missing values, by name in ``lang``."""

    def key(pair: tuple[Any, float]) -> tuple[int, float, str]:
        value = float(pair[1])
        missing = math.isnan(value)
        shown = items.get(str(pair[0]), str(pair[0]))
        return (int(missing), 0.0 if missing else -value, sort_key(shown, lang))

    return [name for name, _value in sorted(values, key=key)]


def scenario_items(scenario: Any) -> dict[str, Any]:
    """Every named item of a loaded scenario by id (criteria, areas, programmes, regions)."""
    items: dict[str, Any] = {}
    for group in (
        scenario.criteria,
        scenario.enabling_areas,
        scenario.programmes,
        scenario.regions,
    ):
        items.update({item.id: item for item in group})
    return items


def agreement_reading(w: float | None) -> Message:
    """Kendall's W in words ('strong agreement'), or why it cannot be measured."""
    if w is None or math.isnan(w):
        return msg("common.agreement.none")
    return next(words for bound, words in _AGREEMENT_BANDS if w < bound)


def agreement_line(weight_set: Message, w: float) -> Message:
    """'Criteria: strong agreement (Kendall's W = 0.71)'."""
    return msg(
        "workshop.agreement.line", set=weight_set, reading=agreement_reading(w), w=Number(w, 2)
    )


def round_state(state: str) -> Message:
    """'open' or 'closed'."""
    return msg("workshop.round.open") if state == "open" else msg("workshop.round.closed")


def round_status(
    number: int, state: str, opened_at: datetime, closed_at: datetime | None, timezone: str
) -> Message:
    """'Round 2, open since 1 Jul 2026, 08:00' in the scenario's time zone."""
    if state == "open" or closed_at is None:
        return msg("workshop.round.open_since", round=number, time=DateTime(opened_at, timezone))
    return msg("workshop.round.closed_at", round=number, time=DateTime(closed_at, timezone))


def saved_at(moment: datetime, timezone: str) -> Message:
    """'Answer saved at 08:00:00' in the scenario's time zone."""
    return msg("workshop.submission.saved", time=Time(moment, timezone, seconds=True))


def summary_heading(round_number: int, answers: int) -> Message:
    """'Result of round 1 (12 answers)'."""
    return msg(
        "workshop.summary.heading",
        round=round_number,
        answers=msg("workshop.count.answers", count=answers),
    )


_WEIGHT_SETS = {
    "criteria": msg("common.criteria"),
    "enabling_areas": msg("common.enabling_areas"),
    "regional_criteria": msg("common.regional_criteria"),
    "programmes": msg("common.programmes"),
}


def weight_set_name(weight_set: str) -> Message | str:
    """'Criteria', 'Enabling areas', 'Regional criteria' or 'Programmes'."""
    return _WEIGHT_SETS.get(weight_set, weight_set)
