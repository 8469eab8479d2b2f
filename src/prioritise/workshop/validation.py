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

from prioritise.workshop.errors import InvalidInputError

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
"""The quadruple helix: public sector, private sector, academia, civil society and regions."""

WEIGHT_SETS = ("criteria", "enabling_areas", "regional_criteria", "programmes")
OPTIONAL_WEIGHT_SETS = frozenset({"programmes"})
"""Direct programme weights are optional (DESIGN §3); the other sets are required when known."""

JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Upper-case letters and digits without the look-alikes 0/O, 1/I/L."""
JOIN_CODE_LENGTH = 8

# Bidirectional overrides can make a name render as something else: refuse them with controls.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
_JOIN_CODE_PATTERN = re.compile(f"[{JOIN_CODE_ALPHABET}]{{{JOIN_CODE_LENGTH}}}")


def clean_text(value: object, *, field: str, max_chars: int, required: bool = True) -> str:
    """Return ``value`` stripped and NFC-normalised, or raise if it is not acceptable text."""
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise InvalidInputError(field, "must be text")
    text = unicodedata.normalize("NFC", value).strip()
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cs") or char in _BIDI_CONTROLS:
            raise InvalidInputError(field, "must not contain control characters or line breaks")
    if required and not text:
        raise InvalidInputError(field, "must not be empty")
    if len(text) > max_chars:
        raise InvalidInputError(field, f"must be at most {max_chars} characters (got {len(text)})")
    return text


def normalise_join_code(value: object) -> str:
    """Return the canonical join code; people may type it in lower case, with spaces or dashes."""
    if not isinstance(value, str) or len(value) > 4 * JOIN_CODE_LENGTH:
        raise InvalidInputError("join_code", "is not a workshop code")
    code = re.sub(r"[\s\-]", "", value).upper()
    if not _JOIN_CODE_PATTERN.fullmatch(code):
        raise InvalidInputError(
            "join_code", f"must be {JOIN_CODE_LENGTH} letters and digits, e.g. ABCD-EF23"
        )
    return code


def parse_scenario_toml(text: object) -> dict[str, Any]:
    """Parse the scenario snapshot only as far as TOML; the scenario module checks the rest."""
    if not isinstance(text, str):
        raise InvalidInputError("scenario_toml", "must be the text of a scenario file")
    if len(text) > MAX_SCENARIO_CHARS:
        raise InvalidInputError("scenario_toml", f"is longer than {MAX_SCENARIO_CHARS} characters")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError("scenario_toml", f"is not valid TOML ({exc})") from None


def allowed_ids_from_scenario(data: Mapping[str, Any]) -> dict[str, list[str]]:
    """Read the ids each weight set may use from a parsed scenario file (DESIGN §5 shape)."""
    allowed: dict[str, list[str]] = {name: [] for name in WEIGHT_SETS}
    for criterion in _tables(data.get("criteria")):
        level = criterion.get("level", "programme")
        target = "criteria" if level == "programme" else "regional_criteria"
        if isinstance(criterion.get("id"), str):
            allowed[target].append(criterion["id"])
    for set_name in ("enabling_areas", "programmes"):
        for item in _tables(data.get(set_name)):
            if isinstance(item.get("id"), str):
                allowed[set_name].append(item["id"])
    return {name: ids for name, ids in allowed.items() if ids}


def groups_from_scenario(data: Mapping[str, Any]) -> list[str]:
    """Return the group names used by the scenario's stakeholders, in order of appearance."""
    found: list[str] = []
    for stakeholder in _tables(data.get("stakeholders")):
        group = stakeholder.get("group")
        if isinstance(group, str) and group.strip() and group.strip() not in found:
            found.append(group.strip())
    return found


def _tables(value: object) -> list[Mapping[str, Any]]:
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def validate_allowed_ids(value: object) -> dict[str, tuple[str, ...]]:
    """Check the facilitator-side map of weight set → ids that participants may weigh."""
    if not isinstance(value, Mapping):
        raise InvalidInputError("allowed_ids", "must map weight sets to lists of ids")
    result: dict[str, tuple[str, ...]] = {}
    for set_name, ids in value.items():
        if set_name not in WEIGHT_SETS:
            raise InvalidInputError(
                "allowed_ids", f"unknown weight set {set_name!r}; use {', '.join(WEIGHT_SETS)}"
            )
        where = f"allowed_ids.{set_name}"
        if isinstance(ids, str | bytes) or not isinstance(ids, Iterable):
            raise InvalidInputError(where, "must be a list of ids")
        cleaned = [clean_text(item, field=where, max_chars=MAX_ID_CHARS) for item in ids]
        if len(cleaned) > MAX_IDS_PER_SET:
            raise InvalidInputError(where, f"has more than {MAX_IDS_PER_SET} ids")
        if len(set(cleaned)) != len(cleaned):
            raise InvalidInputError(where, "lists an id twice")
        if cleaned:
            result[set_name] = tuple(cleaned)
    if not result:
        raise InvalidInputError("allowed_ids", "no weight set has any id to weigh")
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
    raise InvalidInputError("group", f"must be one of {', '.join(allowed)}")


def validate_weights(payload: object, allowed_ids: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
    """Check a participant's weights and return them in canonical form.

    The shape is that of a scenario stakeholder (DESIGN §5): each weight set is either a mapping
    of points (finite numbers from 0 to 100, at least one above 0) or an entry under ``ranks``
    listing ids best first, where a nested list is a tie. Every set the workshop knows is
    required except ``programmes``.
    """
    if not isinstance(payload, Mapping):
        raise InvalidInputError("weights", "must be a mapping of weight sets")
    for key in payload:
        if key != "ranks" and key not in allowed_ids:
            known = ", ".join([*allowed_ids, "ranks"])
            raise InvalidInputError("weights", f"unknown weight set {key!r}; expected {known}")
    ranks = payload.get("ranks", {})
    if not isinstance(ranks, Mapping):
        raise InvalidInputError("weights.ranks", "must map weight sets to ranked lists")
    for key in ranks:
        if key not in allowed_ids:
            raise InvalidInputError("weights.ranks", f"unknown weight set {key!r}")

    canonical: dict[str, Any] = {}
    canonical_ranks: dict[str, list[str | list[str]]] = {}
    for set_name, ids in allowed_ids.items():
        if set_name in payload and set_name in ranks:
            raise InvalidInputError(f"weights.{set_name}", "give points or ranks, not both")
        if set_name in payload:
            canonical[set_name] = _validate_points(payload[set_name], set_name, ids)
        elif set_name in ranks:
            canonical_ranks[set_name] = _validate_ranks(ranks[set_name], set_name, ids)
        elif set_name not in OPTIONAL_WEIGHT_SETS:
            raise InvalidInputError(f"weights.{set_name}", "is missing: give points or ranks")
    if canonical_ranks:
        canonical["ranks"] = canonical_ranks
    return canonical


def _validate_points(value: object, set_name: str, ids: tuple[str, ...]) -> dict[str, float]:
    where = f"weights.{set_name}"
    if not isinstance(value, Mapping) or not value:
        raise InvalidInputError(where, "must map ids to points")
    known = set(ids)
    points: dict[str, float] = {}
    for item, amount in value.items():
        if item not in known:
            raise InvalidInputError(where, f"unknown id {item!r}")
        if isinstance(amount, bool) or not isinstance(amount, int | float):
            raise InvalidInputError(f"{where}.{item}", "must be a number")
        if not math.isfinite(amount) or not 0 <= amount <= MAX_POINTS:
            raise InvalidInputError(f"{where}.{item}", f"must be between 0 and {MAX_POINTS:g}")
        points[item] = float(amount)
    if not any(amount > 0 for amount in points.values()):
        raise InvalidInputError(where, "needs at least one id with more than 0 points")
    return {item: points[item] for item in ids if item in points}


def _validate_ranks(value: object, set_name: str, ids: tuple[str, ...]) -> list[str | list[str]]:
    where = f"weights.ranks.{set_name}"
    if not isinstance(value, list | tuple) or not value:
        raise InvalidInputError(where, "must be a list of ids, best first")
    known = set(ids)
    seen: set[str] = set()
    ranked: list[str | list[str]] = []
    for entry in value:
        members = list(entry) if isinstance(entry, list | tuple) else [entry]
        if not members:
            raise InvalidInputError(where, "contains an empty tie")
        for item in members:
            if not isinstance(item, str) or item not in known:
                raise InvalidInputError(where, f"unknown id {item!r}")
            if item in seen:
                raise InvalidInputError(where, f"ranks {item!r} twice")
            seen.add(item)
        ranked.append(members if isinstance(entry, list | tuple) else entry)
    return ranked


def summary_to_json(summary: object) -> str | None:
    """Serialise the result shown to participants; it must be plain, finite JSON."""
    if summary is None:
        return None
    try:
        text = json.dumps(summary, allow_nan=False, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError("summary", f"must be plain JSON data ({exc})") from None
    if len(text) > MAX_SUMMARY_CHARS:
        raise InvalidInputError("summary", f"is longer than {MAX_SUMMARY_CHARS} characters")
    return text
