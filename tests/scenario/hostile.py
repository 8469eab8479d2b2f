"""Hostile scenario files, and the command line's contract on them.

`hostile_file` damages a shipped scenario the way an attacker or a careless user would: any
value replaced by another TOML type (a date-time, a date, a time of day, a list, a table) or by
an extreme number (infinity, not-a-number, 1e308, 1e-320, numbers just inside and outside the
documented bounds), keys deleted or written twice, the text cut short. `run_commands` then
runs `validate`, `show`, `score` and `optimise` (writing a report) through the CLI's own `main`
with every warning made an error, and raises `Broken` where the contract fails: an exit other
than 0 or 2 (1 only for an optimisation that ends without a split, as a JSON object saying so),
a problem without a location, a Python repr or a traceback in any message.

The choices come from a `Chooser` (`tests.scenario.mutations`), so the same damage serves
hypothesis (tests) and a seeded `random.Random` (`benchmarks/fuzz_scenarios.py`).
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
import json
import random
import tempfile
import warnings
from pathlib import Path
from typing import Any

import tomli_w

from prioritise.cli import main
from tests.scenario.mutations import (
    MUTATIONS,
    REPR,
    SHIPPED,
    Chooser,
    _pick,
    _replace,
    _walk,
    shipped_raw,
)

UTC = dt.UTC
HOSTILE_VALUES: tuple[Any, ...] = (
    dt.datetime(2024, 5, 17, 7, 32, tzinfo=UTC),
    dt.datetime(1979, 5, 27, 0, 32, 0, 999999),
    dt.date(2024, 1, 1),
    dt.time(7, 32),
    float("inf"),
    float("-inf"),
    float("nan"),
    1e308,
    -1e308,
    1.7976931348623157e308,
    1e-320,
    5e-324,
    -1e-320,
    1e-300,
    1e-13,
    1e-12,
    1e-9,
    9.99e14,
    -9.99e14,
    1e15,
    10**15,
    2**63 - 1,
    -(2**63),
    1001.0,
    0.0009,
    0,
    -1,
    "x" * 5000,
    [],
    [[]],
    {},
    {"a": {"b": 1}},
    True,
)
"""Values past what each place allows, of every type TOML has."""

WHOLE_FILE = ("scenario.file.", "scenario.limit.")
"""Problems of a file as a whole (empty, too large), whose place is the file itself."""
REPORTS = (".md", ".xlsx", ".csv")
TEXT_DAMAGE = ("truncate", "duplicate_line", "delete_line", "swap_lines")


def replace_any(raw: dict, choose: Chooser) -> str | None:
    """Any value of the file (a number, a text, a switch, a list entry) replaced."""
    places = [p for p, v in _walk(raw) if p and not isinstance(v, dict | list)]
    return _replace(raw, choose, places, HOSTILE_VALUES)


def _text_damage(text: str, choose: Chooser) -> tuple[str, str]:
    lines = text.splitlines(keepends=True)
    kind = _pick(choose, list(TEXT_DAMAGE))
    if kind == "truncate":
        cut = choose.index(len(text) + 1)
        return text[:cut], f"cut at {cut}"
    at = choose.index(len(lines))
    if kind == "duplicate_line":
        lines.insert(at, lines[at])
    elif kind == "delete_line":
        del lines[at]
    else:
        other = choose.index(len(lines))
        lines[at], lines[other] = lines[other], lines[at]
    return "".join(lines), f"{kind} {at}"


def hostile_file(choose: Chooser, most: int = 3) -> tuple[str, str, list[str]]:
    """A shipped scenario (by name) damaged one to `most` times, as TOML text, and the damage."""
    name = _pick(choose, SHIPPED)
    raw = copy.deepcopy(shipped_raw(name))
    done: list[str] = []
    for _ in range(1 + choose.index(most)):
        mutation = _pick(choose, [replace_any, replace_any, replace_any, *MUTATIONS])
        change = mutation(raw, choose)
        if change is not None:
            done.append(change)
    text = tomli_w.dumps(raw)
    if choose.index(4) == 0:
        text, change = _text_damage(text, choose)
        done.append(change)
    return name, text, done


class Broken(AssertionError):
    """The command line's contract is broken by one command on one file."""


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def _check_lines(command: str, origin: str, err: str) -> None:
    for line in err.splitlines():
        if REPR.search(line) or "Error:" in line:
            raise Broken(f"{command}: Python in a message: {line!r}")
        if line.startswith(origin) and not line.removeprefix(f"{origin}: ").split(": ")[0]:
            raise Broken(f"{command}: a problem without a location: {line!r}")


def run_commands(text: str, lang: str = "en", time_limit: float = 1.0) -> str:
    """'invalid' (validate refused it, with located problems) or 'ran'; `Broken` otherwise."""
    with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings():
        warnings.simplefilter("error")
        path = Path(folder) / "hostile.toml"
        path.write_text(text, encoding="utf-8")
        code, out, err = _cli("--lang", lang, "validate", str(path), "--json")
        if code not in (0, 2):
            raise Broken(f"validate: exit {code}: {err!r}")
        payload = json.loads(out)
        for entry in payload["errors"]:
            whole = str(entry["id"]).startswith(WHOLE_FILE)  # no place: the file as a whole
            if not (entry["location"] or whole) or REPR.search(entry["message"]):
                raise Broken(f"validate: {entry}")
        if not payload["valid"]:
            return "invalid"
        for command in (
            ["show"],
            ["score", "--json"],
            [
                "optimise",
                "--json",
                *("--price-seconds", "0", "--sensitivity-seconds", "0"),
                *("--time-limit", str(time_limit)),
                *("--out", str(Path(folder) / f"report{REPORTS[len(text) % len(REPORTS)]}")),
            ],
        ):
            code, out, err = _cli("--lang", lang, *command, str(path))
            _check_lines(command[0], str(path), err)
            if code == 1 and command[0] == "optimise":
                if json.loads(out or "{}").get("status") in (None, "optimal"):
                    raise Broken(f"optimise: exit 1 without a result: {err!r}")
            elif code != 0:
                raise Broken(f"{command[0]}: exit {code}: {err!r}")
            if "--json" in command:
                json.loads(out)
            elif REPR.search(out):
                raise Broken(f"{command[0]}: Python in the output")
    return "ran"


class Seeded:
    """A seeded `random.Random` as a `Chooser` (longer runs by hand)."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def index(self, n: int) -> int:
        return self.random.randrange(n)
