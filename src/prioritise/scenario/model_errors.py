"""pydantic's complaints about a scenario file in our words: a TOML location and a message.

pydantic checks shapes and ranges (`schema`); its own English never reaches a user. Each error
becomes a `Problem` whose location names the file's keys only (never pydantic's names for the
forms a value may take) and whose message comes from the ``scenario`` catalogue.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ValidationError

from prioritise.scenario.checks import LARGEST
from prioritise.scenario.problems import (
    TOP_LEVEL,
    Problem,
    date_kind,
    given_value,
    plain_number,
    shown_value,
    suggest,
)
from prioritise.text import ListOf, LocalizedError, Message, Percent, exact_decimals, msg

__all__ = ["model_problems"]


SUGGESTED = 100
"""Unknown keys given a 'did you mean': past these, a file is not a scenario with typos."""


def model_problems(
    error: ValidationError, model: type[BaseModel], most: int | None = None
) -> tuple[list[Problem], int]:
    """Each of pydantic's errors as a located problem, one per value that fits no form: the
    first `most` of them (all by default), and how many more there are."""
    errors = _one_branch(error.errors(include_url=False))
    shown = errors if most is None else errors[:most]
    found = [_plain(dict(e), model, suggesting=i < SUGGESTED) for i, e in enumerate(shown)]
    return found, len(errors) - len(shown)


# pydantic names the branches of a union and its wrappers in locations ("str", "list[...]",
# "constrained-str", "function-after[...]"); users never see them.
_BRANCH = re.compile(r"float|int|str|bool|constrained-\w+|(list|dict|tuple|function-\w+)\[.*\]")


_SCALARS = frozenset(("float", "int", "str", "bool"))


def _branch(part: Any) -> bool:
    if not isinstance(part, str) or not (part in _SCALARS or "-" in part or "[" in part):
        return False  # a file's own key (the cheap test first: files may hold thousands)
    return _BRANCH.fullmatch(part) is not None


def _one_branch(errors: list[Any]) -> list[Any]:
    """pydantic's errors with one branch per union a value fits none of: the branch it got
    furthest into (a list with a bad entry is a list), else just the first problem."""
    branches: dict[tuple, dict[str, int]] = {}
    for error in errors:
        loc = tuple(error["loc"])
        at = next((i for i, part in enumerate(loc) if _branch(part)), None)
        if at is not None:
            depths = branches.setdefault(loc[:at], {})
            depths[loc[at]] = max(depths.get(loc[at], 0), len(loc) - at)
    kept, shallow = [], set()
    for error in errors:
        loc = tuple(error["loc"])
        at = next((i for i, part in enumerate(loc) if _branch(part)), None)
        if at is None:
            kept.append(error)
            continue
        depths = branches[loc[:at]]
        best = max(depths, key=lambda branch: depths[branch])  # the first of equals
        if loc[at] != best:
            continue
        if depths[best] == 1:  # no branch took the value: one problem is enough
            if loc[:at] in shallow:
                continue
            shallow.add(loc[:at])
        kept.append(error)
    return kept


def _location(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _branch(part):
            continue
        elif text:
            text += f".{part}"
        else:
            text = str(part)
    return text


_PLAIN = {
    "missing": "scenario.value.missing",
    "float_parsing": "scenario.value.number",
    "float_type": "scenario.value.number",
    "int_parsing": "scenario.value.whole_number",
    "int_type": "scenario.value.whole_number",
    "int_from_float": "scenario.value.whole_number",
    "string_type": "scenario.value.text",
    "bool_type": "scenario.value.true_false",
    "bool_parsing": "scenario.value.true_false",
    "list_type": "scenario.value.list",
    "dict_type": "scenario.value.table",
    "model_type": "scenario.value.table",
    "tuple_type": "scenario.value.pair",
    "too_short": "scenario.value.too_short",
    "too_long": "scenario.value.too_long",
    "finite_number": "scenario.value.finite_number",
}
_SHOWS_INPUT = ("float_parsing", "float_type", "int_parsing", "string_type", "bool_type")
_BOUNDS = {
    "greater_than": ("gt", "scenario.value.greater_than"),
    "greater_than_equal": ("ge", "scenario.value.at_least"),
    "less_than": ("lt", "scenario.value.less_than"),
    "less_than_equal": ("le", "scenario.value.at_most"),
}


def _as_share(said: Message, given: Any) -> Message:
    """A share written as a percentage (35 where 0.35 was meant) is the usual slip: the
    message then says how to write it."""
    if isinstance(given, bool) or not isinstance(given, int | float) or not 1 < given <= 100:
        return said
    decimals = exact_decimals([float(given)], 2)
    share = float(given) / 100
    # as the file takes it, whatever the reader's language: TOML reads "0,015" as no number
    fraction = f"{share:.{exact_decimals([share], decimals + 2)}f}"
    return msg(
        "scenario.value.share_as_percent",
        problem=said,
        fraction=fraction,
        percent=Percent(share, decimals),
    )


def _known_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed where an unknown key was found, for a 'did you mean'."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        annotation = field.annotation
        current = None
        for candidate in (*getattr(annotation, "__args__", ()), annotation):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                current = candidate
                break
    return list(getattr(current, "model_fields", {})) if current is not None else []


def _message(error: dict) -> Message:
    """pydantic's English error as one of our messages (never its own text)."""
    kind = error["type"]
    ctx = error.get("ctx", {})
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        choices = ListOf([f"'{word}'" for word in allowed], "or")
        given = error.get("input")
        if not isinstance(given, str):
            problem = msg("scenario.value.one_of", allowed=choices)
            return msg("scenario.value.got", problem=problem, value=given_value(given))
        return msg("scenario.value.not_allowed", value=given, allowed=choices)
    if kind == "string_pattern_mismatch":
        return msg("scenario.value.identifier", value=str(error.get("input")))
    if kind in _BOUNDS:
        key, message_id = _BOUNDS[kind]
        limit = ctx.get(key)
        given = error.get("input")
        said = msg(
            "scenario.value.got",
            problem=msg(message_id, limit=shown_value(limit)),
            value=shown_value(given),
        )
        return _as_share(said, given) if kind == "less_than_equal" and limit == 1 else said
    if kind == "float_type" and isinstance(error.get("input"), int):  # beyond what a float holds
        return msg(
            "scenario.value.too_large",
            value=shown_value(error.get("input")),
            limit=plain_number(LARGEST),
        )
    if kind == "value_error" and isinstance(ctx.get("error"), LocalizedError):
        return ctx["error"].message
    problem = msg(_PLAIN.get(kind, "scenario.value.invalid"))
    if date_kind(error.get("input")) is not None and kind in _PLAIN:
        return msg("scenario.value.not_a", problem=problem, kind=date_kind(error.get("input")))
    if kind in _SHOWS_INPUT:
        return msg("scenario.value.got", problem=problem, value=given_value(error.get("input")))
    return problem


def _plain(error: dict, model: type[BaseModel], suggesting: bool = True) -> Problem:
    loc = tuple(error["loc"])
    if error["type"] == "extra_forbidden":
        key = str(loc[-1])
        where = _location(loc[:-1])
        unknown = msg("scenario.value.unknown_key", key=key)
        if suggesting:
            unknown = suggest(unknown, key, _known_fields(model, loc))
        return Problem(where or TOP_LEVEL, unknown, line_path=_location(loc))
    return Problem(_location(loc) or TOP_LEVEL, _message(error))
