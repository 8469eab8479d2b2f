"""Exports of workshop submissions: raw CSV, and stakeholders for a scenario file."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

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

_STAKEHOLDER_SETS = ("criteria", "enabling_areas", "regional_criteria", "programmes")
_MAX_SLUG_CHARS = 40


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


def submissions_to_csv(rows: Iterable[SubmissionRow]) -> str:
    """One line per submission × weight: tidy data for spreadsheets and pandas.

    ``is_latest`` marks the revision that counts for each participant and round; a weight given
    as points fills ``points``, one given by rank fills ``rank``.
    """
    rows = sorted(rows, key=lambda row: row.submission_id)
    latest = _latest_ids(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        common = [
            row.submission_id,
            row.round_number,
            row.submitted_at.isoformat(),
            row.participant_id,
            _spreadsheet_safe(row.name),
            _spreadsheet_safe(row.organisation),
            _spreadsheet_safe(row.group),
            "true" if row.submission_id in latest else "false",
        ]
        for set_name in _STAKEHOLDER_SETS:
            for item, points in row.weights.get(set_name, {}).items():
                writer.writerow([*common, set_name, item, repr(float(points)), ""])
        for set_name, ranking in row.weights.get("ranks", {}).items():
            for item, place in _ranked_positions(ranking):
                writer.writerow([*common, set_name, item, "", place])
    return buffer.getvalue()


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:_MAX_SLUG_CHARS].strip("_")
    if not slug:
        return "participant"
    return slug if slug[0].isalpha() else f"p_{slug}"


def submissions_to_stakeholders(
    rows: Iterable[SubmissionRow],
    *,
    existing_ids: Iterable[str] = (),
    influence: float = 1.0,
) -> list[dict[str, Any]]:
    """Turn each participant's latest submission into a scenario stakeholder (DESIGN §5).

    With rows from several rounds, the latest round counts. Ids are slugs of the names, made
    unique against each other and against ``existing_ids`` (the scenario's own stakeholders).
    """
    latest_by_person: dict[int, SubmissionRow] = {}
    for row in rows:
        held = latest_by_person.get(row.participant_id)
        if held is None or (row.round_number, row.submission_id) > (
            held.round_number,
            held.submission_id,
        ):
            latest_by_person[row.participant_id] = row
    taken = set(existing_ids)
    stakeholders: list[dict[str, Any]] = []
    for row in sorted(latest_by_person.values(), key=lambda r: r.participant_id):
        base = _slug(row.name)
        slug, suffix = base, 2
        while slug in taken:
            slug, suffix = f"{base}_{suffix}", suffix + 1
        taken.add(slug)
        stakeholder: dict[str, Any] = {"id": slug, "name": row.name}
        if row.organisation:
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
