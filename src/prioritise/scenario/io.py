"""Scenario files: load, validate, migrate, save.

A scenario is the thing users build, e-mail and load again, so reading one never raises
anything but `ScenarioError`, whose problems each name a location in plain words.
"""

from __future__ import annotations

import codecs
import os
import re
import time
import tomllib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from prioritise.scenario.atomic_file import write_atomically
from prioritise.scenario.checks import Problem, cross_check
from prioritise.scenario.limits import (
    VALIDATION_SECONDS,
    NotAFile,
    max_file_bytes,
    read_bounded,
    scan,
    too_large,
)
from prioritise.scenario.model_errors import model_problems
from prioritise.scenario.problems import entry_ids, given_value, located, problem_lines
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
from prioritise.text import Integer, LocalizedError, Message, msg

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

MAX_FILE_BYTES = max_file_bytes()
"""The size cap when prioritise was loaded (`limits.max_file_bytes` reads it anew)."""

LISTED = 500
"""The most problems listed for one file; a line says how many more there are."""

# Each entry upgrades a parsed file from one format version to the next.
MIGRATIONS: dict[str, Callable[[dict], dict]] = {}


class ScenarioError(LocalizedError, ValueError):
    """A scenario that cannot be used, with every problem found in it.

    `problems` keep their TOML locations; `lines(lang)` and `text(lang)` write them out in
    the reader's language (English when none is given: the file's own language is unknown
    when it does not load). `str()` is English, for logs.
    """

    def __init__(self, problems: list[Problem], origin: str = "") -> None:
        super().__init__("scenario.file.problems", count=len(problems))
        self.problems = problems
        self.origin = origin

    def lines(self, lang: str | None = None) -> list[str]:
        """One `FILE: location: message` line per problem, as the CLI prints them."""
        head = f"{self.origin}: " if self.origin else ""
        return problem_lines(self.problems, lang or "en", head)

    def text(self, lang: str) -> str:
        return "\n".join(self.lines(lang))

    def __str__(self) -> str:
        return self.text("en")


def _migrate(raw: dict) -> tuple[dict, list[Problem]]:
    version = raw.get("format")
    if version is None:
        return raw, [Problem("format", msg("scenario.file.format_missing", format=FORMAT))]
    if not isinstance(version, str):
        said = msg(
            "scenario.value.got", problem=msg("scenario.value.text"), value=given_value(version)
        )
        return raw, [Problem("format", said)]
    seen: set[object] = set()
    while version != FORMAT:
        step = MIGRATIONS.get(str(version))
        if step is None or version in seen:
            return raw, [
                Problem(
                    "format",
                    msg("scenario.file.format_unknown", version=str(version), format=FORMAT),
                )
            ]
        seen.add(version)
        raw = step(dict(raw))
        version = raw.get("format")
    return raw, []


def _said_already(problem: Problem, places: set[str]) -> bool:
    """A number too large where the model has found a problem already (its range, say)."""
    message = problem.message
    return (
        isinstance(message, Message)
        and message.id == "scenario.value.too_large"
        and problem.location in places
    )


def _in_time(started: float, origin: str) -> None:
    """Refuse a file whose checks have taken longer than `VALIDATION_SECONDS` so far."""
    if time.monotonic() - started > VALIDATION_SECONDS:
        slow = msg("scenario.limit.slow", seconds=Integer(VALIDATION_SECONDS))
        raise ScenarioError([Problem("", slow)], origin)


def validate_dict(raw: Any, origin: str = "", started: float | None = None) -> Scenario:
    """A parsed TOML document as a Scenario, or a ScenarioError naming every problem.

    `started` (a `time.monotonic()` reading, by default now) starts the time checking may
    take (`limits.VALIDATION_SECONDS`), looked at between its steps."""
    started = time.monotonic() if started is None else started
    if not isinstance(raw, dict):
        raise ScenarioError([Problem("", msg("scenario.file.not_a_document"))], origin)
    raw, problems = _migrate(raw)
    if problems:
        raise ScenarioError(problems, origin)
    problems = []
    scenario = None
    unlisted = 0
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:
        problems, unlisted = model_problems(exc, Scenario, most=LISTED)
    _in_time(started, origin)
    shaped = {problem.location for problem in problems}
    try:
        problems.extend(p for p in cross_check(raw) if not _said_already(p, shaped))
    except Exception as exc:  # a defensive net: a checker bug must not hide the file's problems
        problems.append(Problem("", msg("scenario.file.check_failed", detail=str(exc))))
    _in_time(started, origin)
    if problems or scenario is None:
        # keyed by their text: a message's hash leaves out its parameters, so thousands of
        # problems of one kind would all collide
        unique = [
            replace(p, ids=entry_ids(p.location, raw))
            for p in {(p.location, p.severity, repr(p.message)): p for p in problems}.values()
        ]
        unlisted += max(0, len(unique) - LISTED)
        if unlisted:
            more = Problem("", msg("scenario.file.more_problems", count=unlisted))
            unique = [*unique[:LISTED], more]
        raise ScenarioError(unique, origin)
    return scenario


# The parser's most frequent complaints in words; any other is named by its place alone.
_TOML_REASONS = (
    ("Expected '=' after a key", "scenario.toml.expected_equals"),
    ("Cannot overwrite a value", "scenario.toml.overwrite"),
    ("Cannot declare", "scenario.toml.declared_twice"),
    ("Invalid value", "scenario.toml.invalid_value"),
    ("Unclosed", "scenario.toml.unclosed"),
    ("Unterminated string", "scenario.toml.unterminated"),
    ("Illegal character", "scenario.toml.illegal_character"),
    ("Expected newline", "scenario.toml.expected_newline"),
)


_DECIMAL_COMMA = re.compile(r"=\s*(-?\d+),(\d+)")
_PERCENT = re.compile(r"\d\s*%")


def _hint(line: str) -> Message | None:
    """What a person who writes numbers as in a spreadsheet most likely did on `line`: a
    decimal comma, a % sign, or a text without its closing quote."""
    code = line.split("#", 1)[0]
    comma = _DECIMAL_COMMA.search(code)
    if comma:
        whole, part = comma.groups()
        return msg(
            "scenario.toml.hint.decimal_comma", good=f"{whole}.{part}", bad=f"{whole},{part}"
        )
    if _PERCENT.search(code):
        return msg("scenario.toml.hint.percent")
    if code.count('"') % 2 == 1:
        return msg("scenario.toml.hint.quote")
    return None


def _toml_problem(reason: str, line: str = "") -> Message:
    hint = _hint(line)
    for start, message_id in _TOML_REASONS:
        if reason.startswith(start):
            if hint is not None:
                return msg("scenario.toml.invalid_hint", reason=msg(message_id), hint=hint)
            return msg("scenario.toml.invalid_because", reason=msg(message_id))
    return (
        msg("scenario.toml.invalid") if hint is None else msg("scenario.toml.hint_only", hint=hint)
    )


def _place_of(data: bytes, at: int) -> str:
    """The line and column of byte `at`, as a reader finds it in an editor."""
    before = data[:at]
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    line = before.count(b"\n") + 1
    return f"line {line}, column {column}"


def _not_utf8() -> Message:
    """Text saved in another encoding (Windows-1252, Latin-1: a spreadsheet's "CSV" or an old
    editor's default) and what to do about it."""
    return msg("scenario.file.not_utf8_save")


UTF16_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
"""How a file saved as UTF-16 starts (Windows Notepad's "Unicode"): read as what it is."""


def _from_utf16(data: bytes) -> str | bytes:
    """A file saved as UTF-16 with its byte order mark, as text; any other bytes as they are.
    TOML is UTF-8, but the mark says how such a file is written. Bytes that only start like
    the mark (Windows-1252 text beginning 'ÿþ') do not read as UTF-16 text, whose keys are
    plain ASCII: they are left to the UTF-8 check, which says what to do."""
    if not data.startswith(UTF16_MARKS):
        return data
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError:
        return data
    plain = sum(character.isascii() for character in text)
    return text if plain >= len(text) / 2 else data


def _end_of(text: str) -> str:
    """Where the parser stopped when it ran out of text: its last line and column."""
    lines = text.split("\n")
    return f"line {len(lines)}, column {len(lines[-1]) + 1}"


def _bounded(text: str, origin: str) -> None:
    """Refuse text past the size, depth or key-count bounds before it is parsed."""
    if len(text) > max_file_bytes() or len(text.encode("utf-8")) > max_file_bytes():
        raise ScenarioError([Problem("", too_large())], origin)
    breach = scan(text)
    if breach is not None:
        raise ScenarioError([Problem(f"line {breach.line}", breach.message)], origin)


def loads(text: str | bytes, origin: str = "") -> Scenario:
    """Parse and validate scenario text, refused unread past the bounds of `limits`."""
    started = time.monotonic()
    if isinstance(text, bytes) and len(text) > max_file_bytes():
        raise ScenarioError([Problem("", too_large())], origin)
    if isinstance(text, bytes):
        text = _from_utf16(text)
    if isinstance(text, bytes):
        if b"\x00" in text:
            raise ScenarioError([Problem("", msg("scenario.file.binary"))], origin)
        data = text
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ScenarioError(
                [Problem(_place_of(data, exc.start), _not_utf8())], origin
            ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ScenarioError([Problem("", msg("scenario.file.empty"))], origin)
    if "\x00" in text:
        raise ScenarioError([Problem("", msg("scenario.file.binary"))], origin)
    _bounded(text, origin)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\(at line (\d+), column (\d+)\)", message)
        where = f"line {match.group(1)}, column {match.group(2)}" if match else _end_of(text)
        reason = re.sub(r"\s*\(at (line .*|end of document)\)$", "", message)
        lines = text.split("\n")
        number = int(match.group(1)) if match else 0
        line = lines[number - 1] if 0 < number <= len(lines) else ""
        raise ScenarioError([Problem(where, _toml_problem(reason, line))], origin) from None
    try:
        return validate_dict(raw, origin, started)
    except ScenarioError as exc:  # each problem with its line: the text is known here
        raise ScenarioError(located(exc.problems, text), origin) from None


def load(path: str | os.PathLike[str]) -> Scenario:
    """Read a scenario file; problems carry the file name."""
    path = Path(path)
    origin = str(path)
    limit = max_file_bytes()
    try:
        data = read_bounded(path, limit)
    except NotAFile as exc:
        said = msg("scenario.file.folder" if exc.folder else "scenario.file.not_regular")
        raise ScenarioError([Problem("", said)], origin) from None
    except FileNotFoundError:
        raise ScenarioError([Problem("", msg("scenario.file.missing"))], origin) from None
    except IsADirectoryError:
        raise ScenarioError([Problem("", msg("scenario.file.folder"))], origin) from None
    except PermissionError:
        raise ScenarioError([Problem("", msg("scenario.file.no_permission"))], origin) from None
    except OSError:
        raise ScenarioError([Problem("", msg("scenario.file.unreadable"))], origin) from None
    if len(data) > limit:
        raise ScenarioError([Problem("", too_large())], origin)
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
