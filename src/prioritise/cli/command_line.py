"""The `prioritise` command line: a stable contract that scripts and checks rely on.

Errors go to stderr as one plain sentence; exit 2 for bad input, 1 otherwise. Every command
speaks `--lang es|en` (before or after the command); without it, the language of the scenario
it works on, and English for messages about files that do not load and for `list`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

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
    FALLBACK_LANGUAGE,
    UsageError,
    language,
    load_scenario,
    open_scenario,
    print_json,
)
from prioritise.cli.importing import add_import_command, cmd_import
from prioritise.cli.initiatives import cmd_frontier
from prioritise.scenario import Problem, ScenarioError, declared_language
from prioritise.text import LANGUAGES, LocalizedError, t

PRICE_SECONDS = 30.0
"""Default of `optimise --price-seconds`: `prioritise.allocate.PRICE_SECONDS`, written out so that
the command line starts without loading the solver (a test keeps the two equal)."""
GAP = 0.001
"""Default of `optimise --gap`: `prioritise.allocate.DEFAULT_GAP` (0.1 %), written out for the
same reason (a test keeps the two equal)."""
SENSITIVITY_SECONDS = 27.0
"""Default of `sensitivity --seconds`: `prioritise.sensitivity.portfolio.SECONDS`, written out for
the same reason (a test keeps the two equal)."""


def _entries(origin: str, problems: list[Problem], lang: str) -> list[dict[str, object]]:
    return [{"file": origin, **problem.to_json(lang)} for problem in problems]


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
            lang = args.lang or declared_language(path) or FALLBACK_LANGUAGE
            errors.extend(_entries(exc.origin, exc.problems, lang))
            if not args.json:
                for line in exc.lines(lang):
                    print(line, file=sys.stderr)
            continue
        lang = args.lang or scenario.scenario.language
        origin = str(scenario_io.resolve_scenario(path))
        found = scenario_io.check_warnings(scenario)
        warnings.extend(_entries(origin, found, lang))
        failed = failed or bool(found and args.strict)
        if args.json:
            continue
        for problem in found:
            print(f"{origin}: {problem.line(lang)}", file=sys.stderr)
        if args.quiet or (found and args.strict):
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

    scenario = open_scenario(args)
    print(describe(scenario, language(args)))
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


class BadArguments(Exception):
    """argparse's complaint about the arguments, raised instead of printing usage and exiting."""

    def __init__(self, prog: str, sentence: str) -> None:
        super().__init__(f"{prog}: {sentence}")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise BadArguments(self.prog, message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="prioritise",
        description="Multi-criteria priorities and budget allocation for innovation policy.",
    )
    lang_help = "language of the output: es or en (default: the scenario's language)"
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help=lang_help)
    # The same option after the command; SUPPRESS keeps a value given before the command.
    common = _Parser(add_help=False)
    common.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=lang_help)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, **options: Any) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], **options)

    scenario_help = "a scenario file, or the name of a shipped one (see `prioritise list`)"

    p = command("list", help="the shipped scenarios, by name")
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = command("validate", help="check scenario files; one line per problem or warning")
    p.add_argument("files", nargs="+", metavar="FILE", help=scenario_help)
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing for valid files")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 2 on any)")
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = command("show", help="a readable summary of a scenario")
    p.add_argument("file", metavar="FILE", help=scenario_help)

    p = command("score", help="programme, enabling-area and regional priorities")
    p.add_argument("file", metavar="FILE", help=scenario_help)
    p.add_argument("--method", choices=["additive", "topsis", "promethee"])
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = command("optimise", aliases=["optimize"], help="the optimised budget split")
    p.add_argument("file", metavar="FILE", help=scenario_help)
    p.add_argument("--budget", help="total budget, in the scenario's unit")
    p.add_argument("--solver", choices=["highs", "cbc"], default="highs")
    p.add_argument(
        "--time-limit",
        metavar="S",
        help="seconds for the whole command: solving, rule prices, baselines and the report's "
        "sensitivity all share them",
    )
    p.add_argument(
        "--gap",
        default=GAP,
        help=f"relative MIP gap at which solving stops (default {GAP:g}, i.e. 0.1 %%)",
    )
    p.add_argument(
        "--price-seconds",
        default=PRICE_SECONDS,
        metavar="S",
        help=f"seconds for pricing every binding rule by re-solving (default {PRICE_SECONDS:g}; "
        "0 skips it)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--out", metavar="PATH", help="write a report: .xlsx, .csv or .md")
    p.add_argument(
        "--sensitivity-seconds",
        default=SENSITIVITY_SECONDS,
        metavar="S",
        help="time for the report's sensitivity section (.xlsx, .md; default "
        f"{SENSITIVITY_SECONDS:g}; 0 leaves it out)",
    )

    p = command("sweep", help="value and composition over a list of budgets")
    p.add_argument("file", metavar="FILE", help=scenario_help)
    p.add_argument(
        "--budgets",
        help="comma-separated, e.g. 50,175,700 (default: a quarter to four times the "
        "scenario's budget, and Emilia-Romagna's 700 M USD where the currency is USD)",
    )
    p.add_argument("--solver", choices=["highs", "cbc"], default="highs")
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = command("frontier", help="value for money: the best portfolio of initiatives per budget")
    p.add_argument("file", metavar="FILE", help=scenario_help)
    p.add_argument("--budgets", help="comma-separated money for initiatives, e.g. 5,10,20")
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = command("robustness", help="which parts of the split survive disagreement")
    p.add_argument("file", metavar="FILE", help=scenario_help)
    p.add_argument("--draws", default=200, help="weight draws, from 1 to 100,000")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--sampling", choices=["dirichlet", "uniform", "resample"], default="dirichlet")
    p.add_argument("--workers", default=None, help="processes (default: all cores)")
    p.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="where the draws are solved: this machine's processes (local, default) or a Dask "
        "cluster (dask; needs prioritise[cluster]), with the same results",
    )
    p.add_argument(
        "--address",
        metavar="HOST:PORT",
        help="the Dask scheduler to use, e.g. tcp://10.0.0.5:8786 (--workers is then the "
        "cluster's; without it, --engine dask starts a local cluster of --workers processes)",
    )
    p.add_argument(
        "--integer",
        action="store_true",
        help="keep the line limit and minimum ticket as whole-line decisions in every draw "
        "(slower; the default relaxes them, see docs/model.md)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = command("sensitivity", help="how far each group weight can move before anything changes")
    p.add_argument("file", metavar="FILE", help=scenario_help)
    p.add_argument(
        "--seconds",
        default=SENSITIVITY_SECONDS,
        metavar="S",
        help=f"time for re-solving the split along the weights (default {SENSITIVITY_SECONDS:g})",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")

    add_import_command(command("import", help="initiatives from a spreadsheet into a scenario"))

    p = command("app", help="start the Streamlit app")
    p.add_argument(
        "file", nargs="?", metavar="FILE", help="scenario file or shipped name (default: Chile)"
    )
    p.add_argument("--port", type=int, default=8501)
    p.add_argument(
        "--host",
        metavar="HOST",
        help="address the server listens on: 0.0.0.0 for every network interface (phones in "
        "the room), 127.0.0.1 for this computer only (default: every interface)",
    )
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the address phones open, used in the workshop's join link and QR code, e.g. "
        "http://192.168.1.20:8501 or https://workshop.example.org (default: "
        "$PRIORITISE_PUBLIC_URL, else the computer's address on the local network)",
    )
    return parser


def _failed(
    args: argparse.Namespace, sentences: list[str], entries: list[dict[str, object]]
) -> int:
    """Exit 2 for bad input: each sentence on stderr, and with --json one JSON object."""
    for sentence in sentences:
        print(sentence, file=sys.stderr)
    if getattr(args, "json", False):
        print_json({"ok": False, "errors": entries})
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
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
    except UsageError as exc:
        said = exc.text(language(args))
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
