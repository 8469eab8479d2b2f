"""The `prioritise` command line: a stable contract that scripts and checks rely on.

Errors go to stderr as one plain sentence; exit 2 for bad input, 1 otherwise. Every command
speaks `--lang es|en` (before or after the command); without it, the language of the scenario
it works on (for a file that does not load, the language it declares), and English for `list`,
`--help` and files that say nothing.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from collections.abc import Callable, Sequence

from prioritise import scenario as scenario_io
from prioritise.cli.analysis import (
    cmd_optimise,
    cmd_robustness,
    cmd_score,
    cmd_sensitivity,
    cmd_sweep,
)
from prioritise.cli.app import cmd_app
from prioritise.cli.common import (
    UsageError,
    language,
    load_scenario,
    open_scenario,
    print_json,
    terminal_language,
    with_lines,
)
from prioritise.cli.importing import cmd_import
from prioritise.cli.initiatives import cmd_frontier
from prioritise.cli.parser import BadArguments, build_parser, language_asked
from prioritise.scenario import Problem, ScenarioError, declared_language, problem_lines
from prioritise.text import LocalizedError, t


def _entries(origin: str, problems: list[Problem], lang: str) -> list[dict[str, object]]:
    return [{"file": origin, **problem.to_json(lang)} for problem in problems]


def _contradictions(scenario: scenario_io.Scenario) -> list[Problem]:
    """Rules that cannot all hold (`allocate.contradictions`), as warnings: a file can be
    valid and still have no split."""
    from prioritise.allocate import contradictions

    return [Problem("constraints", note, "warning") for note in contradictions(scenario)]


def cmd_validate(args: argparse.Namespace) -> int:
    """Each file in --lang, else in its own language; a file that does not load in English.

    Problems go to stderr, one `FILE: location: message` line each (`FILE: location: warning:
    message` for a warning); `--strict` fails on warnings too; `--json` prints one object
    `{"valid", "errors", "warnings"}` instead.
    """
    failed = False
    errors: list[dict[str, object]] = []
    warnings: list[dict[str, object]] = []
    for path in args.files:
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            failed = True
            lang = args.lang or declared_language(path) or terminal_language()
            errors.extend(_entries(exc.origin, exc.problems, lang))
            if not args.json:
                for line in exc.lines(lang):
                    print(line, file=sys.stderr)
            continue
        lang = args.lang or scenario.scenario.language
        origin = str(scenario_io.resolve_scenario(path))
        found = with_lines(scenario_io.check_warnings(scenario) + _contradictions(scenario), origin)
        warnings.extend(_entries(origin, found, lang))
        failed = failed or bool(found and args.strict)
        if args.json:
            continue
        for line in problem_lines(found, lang, f"{origin}: "):
            print(line, file=sys.stderr)
        if found and args.strict:  # say why a file with no error fails
            print(
                t("cli.validate.strict_failed", lang, path=path, count=len(found)), file=sys.stderr
            )
            continue
        if args.quiet:
            continue
        if found:
            print(t("cli.validate.ok_warnings", lang, path=path, count=len(found)))
        else:
            print(t("cli.validate.ok", lang, path=path))
    if args.json:
        print_json({"valid": not failed, "errors": errors, "warnings": warnings})
    return 2 if failed else 0


def cmd_show(args: argparse.Namespace) -> int:
    from prioritise.scenario.summary import describe

    scenario = open_scenario(args)  # speaking --lang; its summary gives the file's language
    print(describe(scenario.in_language(args.scenario_language), language(args)))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    found = []
    for name, path in scenario_io.shipped_scenarios().items():
        scenario = scenario_io.load(path)
        title = scenario.scenario.name_in(language(args))
        found.append({"name": name, "title": title, "path": str(path)})
    if args.json:
        print_json({"scenarios": found})
    else:
        width = max((len(item["name"]) for item in found), default=0)
        for item in found:
            print(f"{item['name']:<{width}}  {item['title']}")
    return 0


def _commands() -> dict[str, Callable[[argparse.Namespace], int]]:
    return {
        "list": cmd_list,
        "validate": cmd_validate,
        "show": cmd_show,
        "score": cmd_score,
        "optimise": cmd_optimise,
        "sweep": cmd_sweep,
        "frontier": cmd_frontier,
        "robustness": cmd_robustness,
        "sensitivity": cmd_sensitivity,
        "app": cmd_app,
        "import": cmd_import,
    }


def _failed(
    args: argparse.Namespace, sentences: list[str], entries: list[dict[str, object]]
) -> int:
    """Exit 2 for bad input: each sentence on stderr, and with --json one JSON object."""
    for sentence in sentences:
        print(sentence, file=sys.stderr)
    if getattr(args, "json", False):
        print_json({"ok": False, "errors": entries})
    return 2


NEGATIVE = re.compile(r"-\d[\d.,]*")
"""A value that argparse would take for an option: '-5,10' after --budgets."""


def _values_joined(argv: list[str]) -> list[str]:
    """`--budgets -5,10` as `--budgets=-5,10`, so that a negative amount is refused for what
    it is rather than read as an unknown option (no positional argument is a number)."""
    found: list[str] = []
    for word in argv:
        after = found[-1] if found else ""
        if NEGATIVE.fullmatch(word) and after.startswith("--") and "=" not in after:
            found[-1] = f"{after}={word}"
            continue
        found.append(word)
    return found


def _library_logs_kept_quiet() -> None:
    """The library's log lines are for a developer's log, in English: a reader of the command
    line gets what went wrong as a message in their own language. Without a handler of its
    own, Python would print the library's warnings on standard error (its last resort);
    a handler the caller configures still receives them."""
    logger = logging.getLogger("prioritise")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())


def main(argv: Sequence[str] | None = None) -> int:
    _library_logs_kept_quiet()
    argv = _values_joined(list(sys.argv[1:] if argv is None else argv))
    parser = build_parser(language_asked(argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help or --version, printed by argparse
        return 0 if exc.code == 0 else 2
    except BadArguments as exc:
        bad = argparse.Namespace(json="--json" in argv)
        return _failed(bad, [str(exc)], [{"location": "", "id": None, "message": str(exc)}])
    command = {"optimize": "optimise"}.get(args.command, args.command)
    try:
        return _commands()[command](args)
    except ScenarioError as exc:
        lang = language(args)
        return _failed(args, exc.lines(lang), _entries(exc.origin, exc.problems, lang))
    except UsageError as exc:  # often before any scenario is read: the one named speaks
        said = exc.text(getattr(args, "language", None) or language_asked(argv))
        entry: dict[str, object] = {"location": "", "id": exc.message.id, "message": said}
        return _failed(args, [f"prioritise {command}: {said}"], [entry])
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(f"prioritise: {t('cli.error.interrupted', language(args))}", file=sys.stderr)
        return 1
    except LocalizedError as exc:
        print(f"prioritise {command}: {exc.text(language(args))}", file=sys.stderr)
        return 1
    except Exception as exc:  # the contract: one plain sentence, never a traceback
        said = t("cli.error.internal", language(args), detail=str(exc))
        print(f"prioritise {command}: {said}", file=sys.stderr)
        return 1
