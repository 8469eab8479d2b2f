"""Exports of workshop submissions: CSV (as data, or worded for people), and stakeholders for
a scenario file."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from prioritise.scenario import Scenario, to_dict, validate_dict
from prioritise.text import (
    DEFAULT_LANGUAGE,
    DEFAULT_TIMEZONE,
    LANGUAGES,
    Integer,
    Message,
    msg,
    number,
    value_text,
)
from prioritise.workshop.labels import (
    group_name,
    item_name,
    scenario_items,
    scenario_language,
    scenario_timezone,
    weight_set_name,
)
from prioritise.workshop.records import SubmissionRow

CSV_COLUMNS = (
    "submission_id",
    "round",
    "submitted_at",
    "participant_id",
    "name",
    "organisation",
    "group",
    "is_latest",
    "weight_set",
    "item",
    "points",
    "rank",
)

# Headers of the CSV worded for people, column by column.
CSV_HEADERS: tuple[Message, ...] = (
    msg("workshop.csv.submission"),
    msg("workshop.csv.round"),
    msg("workshop.csv.submitted_at"),
    msg("workshop.csv.participant"),
    msg("workshop.csv.name"),
    msg("workshop.csv.organisation"),
    msg("workshop.csv.group"),
    msg("workshop.csv.revision"),
    msg("workshop.csv.weight_set"),
    msg("workshop.csv.item"),
    msg("workshop.csv.points"),
    msg("workshop.csv.rank"),
)
NAME_COLUMNS = ("name", "organisation")
"""Left out of a CSV made without names."""
_LATEST = {True: msg("workshop.csv.latest"), False: msg("workshop.csv.earlier")}
POINTS_DECIMALS = 2

MAX_STAKEHOLDER_NAME = 120
_STAKEHOLDER_SETS = ("criteria", "enabling_areas", "regional_criteria", "programmes")
_MAX_SLUG_CHARS = 40


def latest_per_participant(rows: Iterable[SubmissionRow]) -> list[SubmissionRow]:
    """Each participant's last submission (latest round, then latest revision), in the order
    they joined."""
    latest: dict[int, SubmissionRow] = {}
    for row in rows:
        held = latest.get(row.participant_id)
        if held is None or (row.round_number, row.submission_id) > (
            held.round_number,
            held.submission_id,
        ):
            latest[row.participant_id] = row
    return [latest[key] for key in sorted(latest)]


def _latest_ids(rows: Iterable[SubmissionRow]) -> set[int]:
    """Ids of the last submission of each participant in each round."""
    latest: dict[tuple[int, int], int] = {}
    for row in rows:
        key = (row.participant_id, row.round_number)
        latest[key] = max(latest.get(key, row.submission_id), row.submission_id)
    return set(latest.values())


def _spreadsheet_safe(text: str) -> str:
    """Keep a name such as ``=HYPERLINK(...)`` from running as a formula in a spreadsheet."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _ranked_positions(ranking: list[Any]) -> list[tuple[str, int]]:
    """Competition ranks: tied ids share the best position, the next rank skips ("1, 2, 2, 4")."""
    positions: list[tuple[str, int]] = []
    place = 1
    for entry in ranking:
        members = entry if isinstance(entry, list) else [entry]
        positions.extend((item, place) for item in members)
        place += len(members)
    return positions


def submissions_to_csv(
    rows: Iterable[SubmissionRow],
    *,
    with_names: bool = False,
    lang: str | None = None,
    scenario: Any = None,
    timezone: str | None = None,
) -> str:
    """One line per submission × weight: tidy data for spreadsheets and pandas.

    Participants are known by their number (``participant_id``) and group; their names and
    organisations are written only ``with_names``.

    ``is_latest`` marks the revision that counts for each participant and round; a weight given
    as points fills ``points``, one given by rank fills ``rank``. Times are ISO 8601 in the
    scenario's time zone (``timezone``, else the ``scenario``'s, else America/Santiago).

    Without ``lang`` the file is data: the ``CSV_COLUMNS`` keys, ids and plain numbers. With
    ``lang`` it is worded for people in that language: headers, group, weight set and item
    names (items named by the ``scenario``), dates and numbers as the locale writes them.
    """
    zone = timezone or (scenario_timezone(scenario) if scenario is not None else DEFAULT_TIMEZONE)
    items = {} if scenario is None else scenario_items(scenario)
    rows = sorted(rows, key=lambda row: row.submission_id)
    latest = _latest_ids(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    kept = [with_names or column not in NAME_COLUMNS for column in CSV_COLUMNS]

    def write(values: list[Any]) -> None:
        writer.writerow([value for value, keep in zip(values, kept, strict=True) if keep])

    write(list(CSV_COLUMNS) if lang is None else [value_text(h, lang) for h in CSV_HEADERS])

    def words(value: Any) -> str:
        return _spreadsheet_safe(value if lang is None else value_text(value, lang))

    for row in rows:
        is_latest = row.submission_id in latest
        common = [
            row.submission_id,
            row.round_number,
            row.submitted_at.astimezone(ZoneInfo(zone)).isoformat()
            if lang is None
            else row.submitted(zone).text(lang),
            row.participant_id,
            _spreadsheet_safe(row.name),
            _spreadsheet_safe(row.organisation),
            words(row.group if lang is None else group_name(row.group)),
            ("true" if is_latest else "false") if lang is None else _LATEST[is_latest].text(lang),
        ]
        for set_name in _STAKEHOLDER_SETS:
            label = words(set_name if lang is None else weight_set_name(set_name))
            for item, points in row.weights.get(set_name, {}).items():
                amount = (
                    repr(float(points))
                    if lang is None
                    else number(float(points), lang, POINTS_DECIMALS)
                )
                write([*common, label, words(_item(item, items, lang)), amount, ""])
        for set_name, ranking in row.weights.get("ranks", {}).items():
            label = words(set_name if lang is None else weight_set_name(set_name))
            for item, place in _ranked_positions(ranking):
                write([*common, label, words(_item(item, items, lang)), "", place])
    return buffer.getvalue()


def _item(item_id: str, items: dict[str, Any], lang: str | None) -> Any:
    return item_id if lang is None else item_name(item_id, items)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:_MAX_SLUG_CHARS].strip("_")
    if not slug:
        return "participant"
    return slug if slug[0].isalpha() else f"p_{slug}"


def submissions_to_stakeholders(
    rows: Iterable[SubmissionRow],
    *,
    with_names: bool = False,
    lang: str = DEFAULT_LANGUAGE,
    existing_ids: Iterable[str] = (),
    influence: float = 1.0,
) -> list[dict[str, Any]]:
    """Turn each participant's latest submission into a scenario stakeholder.

    The stakeholder's shape is documented in docs/scenario-format.md (stakeholders).

    With rows from several rounds, the latest round counts. Participants come in the order
    they joined. ``with_names`` keeps their names and organisations (ids are slugs of the
    names); otherwise they are "Participant 1", "Participant 2", … in ``lang`` with their
    group. Ids are unique against each other and against ``existing_ids`` (the scenario's own
    stakeholders).
    """
    taken = set(existing_ids)
    stakeholders: list[dict[str, Any]] = []
    people = latest_per_participant(rows)
    for index, row in enumerate(people, start=1):
        anonymous = msg("workshop.export.participant", number=Integer(index))
        name = row.name if with_names else anonymous.text(lang)
        base = _slug(row.name) if with_names else f"participant_{index}"
        slug, suffix = base, 2
        while slug in taken:
            slug, suffix = f"{base}_{suffix}", suffix + 1
        taken.add(slug)
        stakeholder: dict[str, Any] = {"id": slug, "name": name}
        if not with_names:  # "Participant 1" in every language the app speaks
            stakeholder["names"] = {other: anonymous.text(other) for other in LANGUAGES}
        if row.organisation and with_names:
            stakeholder["organisation"] = row.organisation
        stakeholder |= {"group": row.group, "influence": float(influence)}
        for set_name in _STAKEHOLDER_SETS:
            if set_name in row.weights:
                stakeholder[set_name] = dict(row.weights[set_name])
        if row.weights.get("ranks"):
            stakeholder["ranks"] = {
                set_name: [list(entry) if isinstance(entry, list) else entry for entry in ranking]
                for set_name, ranking in row.weights["ranks"].items()
            }
        stakeholders.append(stakeholder)
    return stakeholders


def participant_stakeholders(
    rows: Iterable[SubmissionRow],
    existing_ids: Iterable[str] = (),
    *,
    with_names: bool = False,
    lang: str = DEFAULT_LANGUAGE,
) -> list[dict[str, Any]]:
    """Scenario stakeholders from the submissions (``submissions_to_stakeholders``), names
    cut to a length the scenario accepts."""
    made = submissions_to_stakeholders(
        rows, with_names=with_names, lang=lang, existing_ids=existing_ids
    )
    for stakeholder in made:
        stakeholder["name"] = stakeholder["name"][:MAX_STAKEHOLDER_NAME]
    return made


def with_stakeholders(scenario: Scenario, stakeholders: list[dict[str, Any]]) -> dict:
    """The scenario file's data with these stakeholders instead of its own."""
    raw = to_dict(scenario)
    raw["stakeholders"] = stakeholders
    return raw


def participants_raw(
    scenario: Scenario,
    rows: Iterable[SubmissionRow],
    *,
    keep_existing: bool = False,
    with_names: bool = False,
) -> dict:
    """The scenario file's data with the participants' latest answers as its stakeholders,
    not yet validated (see `participants_scenario`)."""
    existing = list(to_dict(scenario).get("stakeholders", [])) if keep_existing else []
    taken = [item["id"] for item in existing]
    made = participant_stakeholders(
        rows, taken, with_names=with_names, lang=scenario_language(scenario)
    )
    return with_stakeholders(scenario, existing + made)


def participants_scenario(
    scenario: Scenario,
    rows: Iterable[SubmissionRow],
    *,
    keep_existing: bool = False,
    with_names: bool = False,
) -> Scenario:
    """The scenario with the participants' latest answers as its stakeholders, named
    "Participant 1", … in the scenario's language unless ``with_names``.

    ``keep_existing`` adds them to the scenario's own stakeholders instead of replacing them.
    Raises ``ScenarioError`` if the answers do not fit the scenario (an unknown id, or zeros
    that leave a geometric mean nothing to weigh).
    """
    raw = participants_raw(scenario, rows, keep_existing=keep_existing, with_names=with_names)
    return validate_dict(raw, "workshop")
