"""Scenario files: load, validate, migrate, save.

A scenario is the thing users build, e-mail and load again, so reading one never raises
anything but `ScenarioError`, whose problems each name a location in plain words.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from prioritise.scenario.atomic_file import write_atomically
from prioritise.scenario.checks import Problem, cross_check, suggest
from prioritise.scenario.schema import (
    FORMAT,
    HELIX_GROUPS,
    WEIGHT_SETS,
    Budget,
    Constraints,
    Criterion,
    EnablingArea,
    FixedAmount,
    Meta,
    Pairwise,
    Preference,
    Priority,
    Programme,
    Region,
    Returns,
    Scenario,
    ShareBounds,
    Source,
    Stakeholder,
)
from prioritise.scenario.toml_writer import dumps_toml

__all__ = [
    "FORMAT",
    "HELIX_GROUPS",
    "WEIGHT_SETS",
    "Budget",
    "Constraints",
    "Criterion",
    "EnablingArea",
    "FixedAmount",
    "Meta",
    "Pairwise",
    "Preference",
    "Priority",
    "Problem",
    "Programme",
    "Region",
    "Returns",
    "Scenario",
    "ScenarioError",
    "ShareBounds",
    "Source",
    "Stakeholder",
    "dumps",
    "load",
    "loads",
    "save",
    "validate_dict",
]

MAX_FILE_BYTES = 5 * 1024 * 1024

# Each entry upgrades a parsed file from one format version to the next.
MIGRATIONS: dict[str, Callable[[dict], dict]] = {}


class ScenarioError(ValueError):
    """A scenario that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem], origin: str = "") -> None:
        self.problems = problems
        self.origin = origin
        head = f"{origin}: " if origin else ""
        super().__init__("\n".join(f"{head}{p}" for p in problems))

    def lines(self) -> list[str]:
        """One `FILE: location: message` line per problem, as the CLI prints them."""
        head = f"{self.origin}: " if self.origin else ""
        return [f"{head}{p}" for p in self.problems]


def _location(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif text:
            text += f".{part}"
        else:
            text = str(part)
    # pydantic names union branches and tagged wrappers in locations; users never see them
    return re.sub(
        r"\.(float|int|str|list\[[^\]]*\]|dict\[[^\]]*\]|tuple\[[^\]]*\]|"
        r"function-after\[[^\]]*\])",
        "",
        text,
    )


_PLAIN = {
    "missing": "required, but missing",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "string_type": "must be text (in quotes)",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "list_type": "must be a list [ ... ]",
    "dict_type": "must be a table { ... }",
    "model_type": "must be a table { ... }",
    "tuple_type": "must be a list of two numbers [low, high]",
    "too_short": "has too few entries",
    "too_long": "has too many entries",
    "finite_number": "must be a finite number",
}


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


def _plain(error: dict, model: type[BaseModel]) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        where = _location(loc[:-1])
        tail = suggest(key, _known_fields(model, loc))
        return Problem(where or "(top level)", f"unknown key '{key}'{tail}")
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        message = f"'{error.get('input')}' is not allowed; use one of {expected}"
    elif kind == "string_pattern_mismatch":
        message = (
            "must be an id: a letter, then letters, digits, '_' or '-' "
            f"(got '{error.get('input')}')"
        )
    elif kind in ("greater_than", "greater_than_equal", "less_than_equal", "less_than"):
        message = f"{error['msg'].replace('Input should be', 'must be')} (got {error.get('input')})"
    elif kind == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
    else:
        message = _PLAIN.get(kind, error["msg"].replace("Input should be", "must be"))
        if kind in ("float_parsing", "float_type", "int_parsing", "string_type", "bool_type"):
            message += f" (got {error.get('input')!r})"
    return Problem(_location(loc) or "(top level)", message)


def _migrate(raw: dict) -> tuple[dict, list[Problem]]:
    version = raw.get("format")
    if version is None:
        return raw, [Problem("format", f"required, but missing (this version reads '{FORMAT}')")]
    seen = set()
    while version != FORMAT:
        step = MIGRATIONS.get(str(version))
        if step is None or version in seen:
            return raw, [
                Problem(
                    "format",
                    f"'{version}' is not a scenario format this version "
                    f"reads (it reads '{FORMAT}')",
                )
            ]
        seen.add(version)
        raw = step(dict(raw))
        version = raw.get("format")
    return raw, []


def validate_dict(raw: Any, origin: str = "") -> Scenario:
    """A parsed TOML document as a Scenario, or a ScenarioError naming every problem."""
    if not isinstance(raw, dict):
        raise ScenarioError([Problem("", "a scenario must be a TOML document")], origin)
    raw, problems = _migrate(raw)
    if problems:
        raise ScenarioError(problems, origin)
    problems = []
    scenario = None
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:
        problems.extend(_plain(e, Scenario) for e in exc.errors())
    try:
        problems.extend(cross_check(raw))
    except Exception as exc:  # a defensive net: a checker bug must not hide the file's problems
        problems.append(Problem("", f"could not finish checking the file ({exc})"))
    if problems or scenario is None:
        unique = list(dict.fromkeys(problems))
        raise ScenarioError(unique, origin)
    return scenario


def loads(text: str | bytes, origin: str = "") -> Scenario:
    """Parse and validate scenario text."""
    if isinstance(text, bytes):
        if b"\x00" in text:
            raise ScenarioError([Problem("", "this is a binary file, not a TOML scenario")], origin)
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ScenarioError(
                [Problem(f"byte {exc.start}", "the file is not UTF-8 text")], origin
            ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ScenarioError([Problem("", "the file is empty")], origin)
    if "\x00" in text:
        raise ScenarioError([Problem("", "this is a binary file, not a TOML scenario")], origin)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\(at line (\d+), column (\d+)\)", message)
        where = f"line {match.group(1)}, column {match.group(2)}" if match else ""
        reason = re.sub(r"\s*\(at line .*\)$", "", message)
        raise ScenarioError([Problem(where, f"not valid TOML: {reason}")], origin) from None
    return validate_dict(raw, origin)


def load(path: str | os.PathLike[str]) -> Scenario:
    """Read a scenario file; problems carry the file name."""
    path = Path(path)
    origin = str(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ScenarioError(
                [
                    Problem(
                        "",
                        "the file is too large to be a scenario "
                        f"(over {MAX_FILE_BYTES // 1024 // 1024} MB)",
                    )
                ],
                origin,
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError([Problem("", "no such file")], origin) from None
    except IsADirectoryError:
        raise ScenarioError([Problem("", "this is a folder, not a file")], origin) from None
    except OSError as exc:
        raise ScenarioError([Problem("", f"cannot be read ({exc.strerror})")], origin) from None
    return loads(data, origin)


# Keys written even at their default value, because readers of a file look for them.
_ALWAYS_WRITTEN = {
    "scenario": ("currency", "unit", "language"),
    "criteria": ("level", "direction"),
    "programmes": ("kind",),
}


def to_dict(scenario: Scenario) -> dict:
    """The scenario as plain data in file order, leaving out most defaults."""
    data = scenario.model_dump(mode="json", exclude_defaults=True, exclude_none=True)
    full = scenario.model_dump(mode="json", exclude_none=True)
    for section, keys in _ALWAYS_WRITTEN.items():
        if isinstance(full[section], list):
            data[section] = [
                {k: v for k, v in long.items() if k in short or k in keys}
                for short, long in zip(data.get(section, []), full[section], strict=True)
            ]
        else:
            short = data.get(section, {})
            data[section] = {k: v for k, v in full[section].items() if k in short or k in keys}
    for section in ("priority", "returns"):
        data[section] = full[section]
    ordered = {key: data[key] for key in full if key in data}
    return {"format": FORMAT} | ordered


def dumps(scenario: Scenario) -> str:
    """Scenario as TOML text in the layout people edit by hand."""
    return dumps_toml(to_dict(scenario))


def save(scenario: Scenario, path: str | os.PathLike[str]) -> None:
    """Write atomically: a crash mid-write never leaves a half-written scenario behind."""
    path = Path(path)
    text = dumps(scenario)
    write_atomically(path, text.encode("utf-8"))
