"""Server-side validation of everything a workshop participant or facilitator sends.

Nothing typed into a browser is trusted: text is stripped, normalised and length-checked,
control characters are refused, groups and weight ids must be known, numbers must be finite and
in range. Validation needs only the workshop's own stored data (its allowed ids and groups), not
the scenario module, so the store can check a submission by itself.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from prioritise.text import Integer, ListOf, Message, Number, msg
from prioritise.workshop.errors import InvalidInputError
from prioritise.workshop.labels import group_name, item_name, tables, weight_set_name

MAX_TITLE_CHARS = 200
MAX_NAME_CHARS = 80
MAX_ORGANISATION_CHARS = 120
MAX_GROUP_CHARS = 40
MAX_ID_CHARS = 64
MAX_IDS_PER_SET = 500
MAX_SCENARIO_CHARS = 2_000_000
MAX_SUMMARY_CHARS = 1_000_000
MAX_POINTS = 100.0

STANDARD_GROUPS = ("public", "private", "academia", "civil")
"""The quadruple helix: public sector, private sector, academia, civil society (named for
people by the ``common.group.*`` messages)."""

WEIGHT_SETS = ("criteria", "enabling_areas", "regional_criteria", "programmes")
OPTIONAL_WEIGHT_SETS = frozenset({"programmes"})
"""Direct programme weights are optional (docs/model.md §4.5); the other sets are required
when known."""

JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Upper-case letters and digits without the look-alikes 0/O, 1/I/L."""
JOIN_CODE_LENGTH = 8

# Bidirectional overrides can make a name render as something else: refuse them with controls.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
_JOIN_CODE_PATTERN = re.compile(f"[{JOIN_CODE_ALPHABET}]{{{JOIN_CODE_LENGTH}}}")
_SEND_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
# tomllib ends its messages with "(at line 3, column 7)"; the position helps, the words do not.
_TOML_POSITION = re.compile(r"\(at line (?P<line>\d+), column (?P<column>\d+)\)")
_FIELDS = {
    "title": msg("workshop.field.title"),
    "name": msg("workshop.field.name"),
    "organisation": msg("workshop.field.organisation"),
    "group": msg("workshop.field.group"),
    "groups": msg("workshop.field.group"),
}


def _field_name(field: str) -> Message:
    return _FIELDS.get(field) or msg("workshop.field.item_id")


def clean_text(value: object, *, field: str, max_chars: int, required: bool = True) -> str:
    """Return ``value`` stripped and NFC-normalised, or raise if it is not acceptable text."""
    if value is None and not required:
        return ""
    label = _field_name(field)
    if not isinstance(value, str):
        raise InvalidInputError(field, "workshop.input.not_text", field=label)
    text = unicodedata.normalize("NFC", value).strip()
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cs") or char in _BIDI_CONTROLS:
            raise InvalidInputError(field, "workshop.input.control_characters", field=label)
    if required and not text:
        raise InvalidInputError(field, "workshop.input.empty", field=label)
    if len(text) > max_chars:
        raise InvalidInputError(
            field,
            "workshop.input.too_long",
            field=label,
            limit=Integer(max_chars),
            length=Integer(len(text)),
        )
    return text


def validate_send_id(value: object) -> str | None:
    """A send's id as the participant's page made it (1 to 64 letters, digits, - or _)."""
    if value is None:
        return None
    if not isinstance(value, str) or not _SEND_ID_PATTERN.fullmatch(value):
        raise InvalidInputError("send_id", "workshop.input.send_id")
    return value


def normalise_join_code(value: object) -> str:
    """Return the canonical join code; people may type it in lower case, with spaces or dashes."""
    wrong = msg("workshop.input.join_code", length=JOIN_CODE_LENGTH)
    if not isinstance(value, str) or len(value) > 4 * JOIN_CODE_LENGTH:
        raise InvalidInputError("join_code", wrong)
    code = re.sub(r"[\s\-]", "", value).upper()
    if not _JOIN_CODE_PATTERN.fullmatch(code):
        raise InvalidInputError("join_code", wrong)
    return code


def shown_join_code(code: str) -> str:
    """'ABCDEF23' as people see it on the projector, 'ABCD-EF23' (easier to read out)."""
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


def parse_scenario_toml(text: object) -> dict[str, Any]:
    """Parse the scenario snapshot only as far as TOML; the scenario module checks the rest."""
    if not isinstance(text, str):
        raise InvalidInputError("scenario_toml", "workshop.input.scenario_not_text")
    if len(text) > MAX_SCENARIO_CHARS:
        raise InvalidInputError(
            "scenario_toml", "workshop.input.scenario_too_long", limit=Integer(MAX_SCENARIO_CHARS)
        )
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = _TOML_POSITION.search(str(exc))
        if where is None:
            raise InvalidInputError("scenario_toml", "workshop.input.scenario_not_toml") from exc
        raise InvalidInputError(
            "scenario_toml",
            "workshop.input.scenario_not_toml_at",
            line=int(where["line"]),
            column=int(where["column"]),
        ) from exc


def allowed_ids_from_scenario(data: Mapping[str, Any]) -> dict[str, list[str]]:
    """Read the ids each weight set may use from a parsed scenario file (scenario-format.md)."""
    allowed: dict[str, list[str]] = {name: [] for name in WEIGHT_SETS}
    for criterion in tables(data.get("criteria")):
        level = criterion.get("level", "programme")
        target = "criteria" if level == "programme" else "regional_criteria"
        if isinstance(criterion.get("id"), str):
            allowed[target].append(criterion["id"])
    for set_name in ("enabling_areas", "programmes"):
        for item in tables(data.get(set_name)):
            if isinstance(item.get("id"), str):
                allowed[set_name].append(item["id"])
    return {name: ids for name, ids in allowed.items() if ids}


def groups_from_scenario(data: Mapping[str, Any]) -> list[str]:
    """Return the group names used by the scenario's stakeholders, in order of appearance."""
    found: list[str] = []
    for stakeholder in tables(data.get("stakeholders")):
        group = stakeholder.get("group")
        if isinstance(group, str) and group.strip() and group.strip() not in found:
            found.append(group.strip())
    return found


def validate_allowed_ids(value: object) -> dict[str, tuple[str, ...]]:
    """Check the facilitator-side map of weight set → ids that participants may weigh."""
    if not isinstance(value, Mapping):
        raise InvalidInputError("allowed_ids", "workshop.input.allowed_not_mapping")
    result: dict[str, tuple[str, ...]] = {}
    for set_name, ids in value.items():
        if set_name not in WEIGHT_SETS:
            raise InvalidInputError(
                "allowed_ids",
                "workshop.input.unknown_weight_set",
                key=str(set_name),
                sets=ListOf([weight_set_name(name) for name in WEIGHT_SETS], "or"),
            )
        where, label = f"allowed_ids.{set_name}", weight_set_name(set_name)
        if isinstance(ids, str | bytes) or not isinstance(ids, Iterable):
            raise InvalidInputError(where, "workshop.input.not_a_list", set=label)
        cleaned = [clean_text(item, field=where, max_chars=MAX_ID_CHARS) for item in ids]
        if len(cleaned) > MAX_IDS_PER_SET:
            raise InvalidInputError(
                where, "workshop.input.too_many_ids", set=label, limit=Integer(MAX_IDS_PER_SET)
            )
        twice = [item for index, item in enumerate(cleaned) if item in cleaned[:index]]
        if twice:
            raise InvalidInputError(where, "workshop.input.id_twice", set=label, item=twice[0])
        if cleaned:
            result[set_name] = tuple(cleaned)
    if not result:
        raise InvalidInputError("allowed_ids", "workshop.input.nothing_to_weigh")
    return result


def merge_groups(*sources: Iterable[str]) -> tuple[str, ...]:
    """Combine group lists, validated, without duplicates (case-insensitively), order kept."""
    merged: list[str] = []
    seen: set[str] = set()
    for source in sources:
        for group in source:
            name = clean_text(group, field="groups", max_chars=MAX_GROUP_CHARS)
            if name.casefold() not in seen:
                seen.add(name.casefold())
                merged.append(name)
    return tuple(merged)


def validate_group(value: object, allowed: Iterable[str]) -> str:
    """Return the workshop's own spelling of the group, matching case-insensitively."""
    group = clean_text(value, field="group", max_chars=MAX_GROUP_CHARS)
    allowed = tuple(allowed)
    for name in allowed:
        if name.casefold() == group.casefold():
            return name
    groups = ListOf([group_name(name) for name in allowed], "or")
    raise InvalidInputError("group", "workshop.input.unknown_group", groups=groups)


def validate_weights(
    payload: object,
    allowed_ids: Mapping[str, tuple[str, ...]],
    items: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Check a participant's weights and return them in canonical form.

    The shape is that of a scenario stakeholder (docs/scenario-format.md, stakeholders): each
    weight set is either a mapping of points (finite numbers from 0 to 100, at least one above
    0) or an entry under ``ranks`` listing ids best first, where a nested list is a tie. Every
    set the workshop knows is required except ``programmes``. ``items`` maps ids to what names
    them in a message (see ``labels.ScenarioFacts``), so that a problem names the criterion, not
    its id.
    """
    items = items or {}
    if not isinstance(payload, Mapping):
        raise InvalidInputError("weights", "workshop.input.weights_not_mapping")
    for key in payload:
        if key != "ranks" and key not in allowed_ids:
            raise InvalidInputError("weights", "workshop.input.unexpected_part", key=str(key))
    ranks = payload.get("ranks", {})
    if not isinstance(ranks, Mapping):
        raise InvalidInputError("weights.ranks", "workshop.input.ranks_not_mapping")
    for key in ranks:
        if key not in allowed_ids:
            raise InvalidInputError("weights.ranks", "workshop.input.unexpected_part", key=str(key))

    canonical: dict[str, Any] = {}
    canonical_ranks: dict[str, list[str | list[str]]] = {}
    for set_name, ids in allowed_ids.items():
        label = weight_set_name(set_name)
        if set_name in payload and set_name in ranks:
            raise InvalidInputError(
                f"weights.{set_name}", "workshop.input.points_and_ranks", set=label
            )
        if set_name in payload:
            canonical[set_name] = _validate_points(payload[set_name], set_name, ids, items)
        elif set_name in ranks:
            canonical_ranks[set_name] = _validate_ranks(ranks[set_name], set_name, ids, items)
        elif set_name not in OPTIONAL_WEIGHT_SETS:
            raise InvalidInputError(f"weights.{set_name}", "workshop.input.missing_set", set=label)
    if canonical_ranks:
        canonical["ranks"] = canonical_ranks
    return canonical


def _validate_points(
    value: object, set_name: str, ids: tuple[str, ...], items: Mapping[str, Any]
) -> dict[str, float]:
    where, label = f"weights.{set_name}", weight_set_name(set_name)
    if not isinstance(value, Mapping) or not value:
        raise InvalidInputError(where, "workshop.input.points_not_mapping", set=label)
    known = set(ids)
    points: dict[str, float] = {}
    for item, amount in value.items():
        if item not in known:
            raise InvalidInputError(
                where, "workshop.input.unknown_item", set=label, item=str(item)[:MAX_ID_CHARS]
            )
        named = item_name(item, items)
        if isinstance(amount, bool) or not isinstance(amount, int | float):
            raise InvalidInputError(
                f"{where}.{item}", "workshop.input.points_not_number", set=label, item=named
            )
        if not math.isfinite(amount) or not 0 <= amount <= MAX_POINTS:
            raise InvalidInputError(
                f"{where}.{item}",
                "workshop.input.points_out_of_range",
                set=label,
                item=named,
                low=Number(0, 0),
                high=Number(MAX_POINTS, 0),
            )
        points[item] = float(amount)
    if not any(amount > 0 for amount in points.values()):
        raise InvalidInputError(where, "workshop.input.no_positive_points", set=label)
    return {item: points[item] for item in ids if item in points}


def _validate_ranks(
    value: object, set_name: str, ids: tuple[str, ...], items: Mapping[str, Any]
) -> list[str | list[str]]:
    where, label = f"weights.ranks.{set_name}", weight_set_name(set_name)
    if not isinstance(value, list | tuple) or not value:
        raise InvalidInputError(where, "workshop.input.ranks_not_list", set=label)
    known = set(ids)
    seen: set[str] = set()
    ranked: list[str | list[str]] = []
    for entry in value:
        members = list(entry) if isinstance(entry, list | tuple) else [entry]
        if not members:
            raise InvalidInputError(where, "workshop.input.empty_tie", set=label)
        for item in members:
            if not isinstance(item, str) or item not in known:
                raise InvalidInputError(
                    where, "workshop.input.unknown_item", set=label, item=str(item)[:MAX_ID_CHARS]
                )
            if item in seen:
                raise InvalidInputError(
                    where, "workshop.input.ranked_twice", set=label, item=item_name(item, items)
                )
            seen.add(item)
        ranked.append(members if isinstance(entry, list | tuple) else entry)
    return ranked


def summary_to_json(summary: object) -> str | None:
    """Serialise the result shown to participants; it must be plain, finite JSON."""
    if summary is None:
        return None
    try:
        # Key order is kept: the summary lists items in the order people should read them.
        text = json.dumps(summary, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError("summary", "workshop.input.summary_not_json") from exc
    if len(text) > MAX_SUMMARY_CHARS:
        raise InvalidInputError(
            "summary", "workshop.input.summary_too_long", limit=Integer(MAX_SUMMARY_CHARS)
        )
    return text
