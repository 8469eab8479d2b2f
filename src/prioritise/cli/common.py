"""What every command shares: the usage error, the output language, JSON output and loading a
scenario by path or name.

Kept apart from the parser so that the analysis commands can use them without importing the
module that imports them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

from prioritise.scenario import (
    Problem,
    Scenario,
    ScenarioError,
    check_warnings,
    declared_language,
    load,
    located,
    resolve_scenario,
)
from prioritise.text import LANGUAGES, LocalizedError

FALLBACK_LANGUAGE = "en"
"""The language of messages when neither --lang, a loaded scenario nor the terminal names one."""
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
"""Where a terminal says its language, in POSIX order of precedence."""


def terminal_language() -> str:
    """The terminal's language (`LANG=es_CL.UTF-8` → "es") when it is one of the interface's,
    else `FALLBACK_LANGUAGE`: what `prioritise list`, `--help` and errors without a scenario
    speak when no --lang is given. As in GNU gettext, a `LANGUAGE` list (`es:en`) comes first
    unless the locale is the plain C one."""
    locale = next((os.environ[v] for v in LOCALE_VARIABLES if os.environ.get(v)), "")
    plain = _code(locale) in ("", "c", "posix")
    wanted = [] if plain else os.environ.get("LANGUAGE", "").split(":")
    for code in (*map(_code, wanted), _code(locale)):
        if code in LANGUAGES:
            return code
    return FALLBACK_LANGUAGE


def _code(locale: str) -> str:
    """The language part of a locale name (`es_CL.UTF-8` → "es")."""
    return re.split(r"[_.@-]", locale.strip(), maxsplit=1)[0].lower()


class UsageError(LocalizedError):
    """Bad input given on the command line (exit 2); raised with a ``cli`` message id."""


def print_json(payload: object) -> None:
    """One JSON object on stdout, strict (no NaN) and readable."""
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False) + "\n")


def load_scenario(path: str) -> Scenario:
    """A scenario file by path, or a shipped scenario by name (`tutorial`)."""
    return load(resolve_scenario(path))


def open_scenario(args: argparse.Namespace, path: str | None = None) -> Scenario:
    """The command's scenario; from now on its messages speak --lang or the scenario's language."""
    name = args.file if path is None else path
    try:
        scenario = load_scenario(name)
    except ScenarioError:
        if not getattr(args, "lang", None):  # the file's problems in the language it declares
            args.language = declared_language(name) or getattr(args, "language", None)
        raise
    args.scenario_language = scenario.scenario.language  # the file's own, whatever --lang says
    args.language = getattr(args, "lang", None) or scenario.scenario.language
    # what the data will do, said as `validate` says it: on standard error, also with `--json`
    # (whose standard output holds its one object), so that a table's gap is never unsaid
    origin = str(resolve_scenario(name))
    for problem in with_lines(check_warnings(scenario), origin):
        print(f"{origin}: {problem.line(args.language)}", file=sys.stderr)
    return scenario.in_language(args.language)


def with_lines(problems: list[Problem], origin: str) -> list[Problem]:
    """The warnings of the file at `origin`, each with the line it points to; as they are if
    the file cannot be read again (it loaded a moment ago)."""
    if not problems:
        return problems
    try:
        text = Path(origin).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return problems
    return located(problems, text)


def language(args: argparse.Namespace) -> str:
    """The language the command speaks: --lang, else its scenario's, else the terminal's."""
    return getattr(args, "lang", None) or getattr(args, "language", None) or terminal_language()


def lines_only(scenario: Scenario, args: argparse.Namespace) -> Scenario:
    """The split of lines of a mixed scenario, for the analyses of the split (sweep,
    robustness, sensitivity), said so in the text; any other scenario as it is."""
    from prioritise.allocate import lines_scenario
    from prioritise.text import Money, t

    share = scenario.initiatives_share
    if not 0 < share < 1:
        return scenario
    if not getattr(args, "json", False):
        whole = float(scenario.budget.total)
        unit, currency = scenario.scenario.unit, scenario.scenario.currency
        said = t(
            "cli.lines_only",
            language(args),
            initiatives=Money(whole * share, unit, currency, 2),
            budget=Money(whole, unit, currency, 2),
            lines=Money(whole * (1 - share), unit, currency, 2),
        )
        print(said + "\n")
    return lines_scenario(scenario)
