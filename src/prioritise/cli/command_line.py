"""The `prioritise` command line: a stable contract that scripts and checks rely on.

Errors go to stderr as one plain sentence; exit 2 for bad input, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from prioritise import scenario as scenario_io
from prioritise.cli.analysis import cmd_optimise, cmd_robustness, cmd_score, cmd_sweep
from prioritise.cli.app import cmd_app
from prioritise.cli.common import UsageError, load_scenario, print_json
from prioritise.scenario import ScenarioError


def cmd_validate(args: argparse.Namespace) -> int:
    failed = False
    for path in args.files:
        try:
            load_scenario(path)
        except ScenarioError as exc:
            failed = True
            for line in exc.lines():
                print(line, file=sys.stderr)
        else:
            if not args.quiet:
                print(f"{path}: ok")
    return 2 if failed else 0


def cmd_show(args: argparse.Namespace) -> int:
    from prioritise.scenario.summary import describe

    print(describe(load_scenario(args.file)))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    found = []
    for name, path in scenario_io.shipped_scenarios().items():
        scenario = scenario_io.load(path)
        found.append({"name": name, "title": scenario.scenario.name, "path": str(path)})
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
        "robustness": cmd_robustness,
        "app": cmd_app,
    }


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prioritise",
        description="Multi-criteria priorities and budget allocation for innovation policy.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    scenario_help = "a scenario file, or the name of a shipped one (see `prioritise list`)"

    p = sub.add_parser("list", help="the shipped scenarios, by name")
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = sub.add_parser("validate", help="check scenario files; one line per problem")
    p.add_argument("files", nargs="+", metavar="FILE", help=scenario_help)
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing for valid files")

    p = sub.add_parser("show", help="a readable summary of a scenario")
    p.add_argument("file", metavar="FILE", help=scenario_help)

    p = sub.add_parser("score", help="programme, enabling-area and regional priorities")
    p.add_argument("file", metavar="FILE", help=scenario_help)
    p.add_argument("--method", choices=["additive", "topsis", "promethee"])
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = sub.add_parser("optimise", aliases=["optimize"], help="the optimised budget split")
    p.add_argument("file", metavar="FILE", help=scenario_help)
    p.add_argument("--budget", type=float, help="total budget, in the scenario's unit")
    p.add_argument("--solver", choices=["highs", "cbc"], default="highs")
    p.add_argument("--time-limit", type=float, metavar="S", help="seconds for the solver")
    p.add_argument("--gap", type=float, default=None, help="relative MIP gap, e.g. 0.001")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--out", metavar="PATH", help="write a report: .xlsx, .csv or .md")

    p = sub.add_parser("sweep", help="value and composition over a list of budgets")
    p.add_argument("file", metavar="FILE", help=scenario_help)
    p.add_argument(
        "--budgets",
        help="comma-separated, e.g. 50,175,700 (default: a quarter to four times the "
        "scenario's budget, and Emilia-Romagna's 700 M USD where the currency is USD)",
    )
    p.add_argument("--solver", choices=["highs", "cbc"], default="highs")
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = sub.add_parser("robustness", help="which parts of the split survive disagreement")
    p.add_argument("file", metavar="FILE", help=scenario_help)
    p.add_argument("--draws", type=int, default=200)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--sampling", choices=["dirichlet", "uniform", "resample"], default="dirichlet")
    p.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    p.add_argument(
        "--integer",
        action="store_true",
        help="keep the line limit and minimum ticket as whole-line decisions in every draw "
        "(slower; the default relaxes them, see docs/model.md)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = sub.add_parser("app", help="start the Streamlit app")
    p.add_argument(
        "file", nargs="?", metavar="FILE", help="scenario file or shipped name (default: Chile)"
    )
    p.add_argument("--port", type=int, default=8501)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed its usage message
        return 0 if exc.code == 0 else 2
    command = {"optimize": "optimise"}.get(args.command, args.command)
    try:
        return _commands()[command](args)
    except ScenarioError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return 2
    except UsageError as exc:
        print(f"prioritise {command}: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("prioritise: interrupted", file=sys.stderr)
        return 1
    except Exception as exc:  # the contract: one plain sentence, never a traceback
        print(f"prioritise {command}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
