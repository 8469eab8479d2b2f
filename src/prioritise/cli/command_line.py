"""The `prioritise` command line: a stable contract that scripts and checks rely on.

Errors go to stderr as one plain sentence; exit 2 for bad input, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from prioritise import scenario as scenario_io
from prioritise.cli.common import UsageError
from prioritise.scenario import ScenarioError


def _load(path: str) -> scenario_io.Scenario:
    return scenario_io.load(path)


def cmd_validate(args: argparse.Namespace) -> int:
    failed = False
    for path in args.files:
        try:
            scenario_io.load(path)
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

    print(describe(_load(args.file)))
    return 0


def _commands() -> dict[str, Callable[[argparse.Namespace], int]]:
    from prioritise.cli import analysis as cli_analysis

    return {
        "validate": cmd_validate,
        "show": cmd_show,
        "score": cli_analysis.cmd_score,
        "optimise": cli_analysis.cmd_optimise,
        "sweep": cli_analysis.cmd_sweep,
        "robustness": cli_analysis.cmd_robustness,
        "app": cli_analysis.cmd_app,
    }


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prioritise",
        description="Multi-criteria priorities and budget allocation for innovation policy.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check scenario files; one line per problem")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing for valid files")

    p = sub.add_parser("show", help="a readable summary of a scenario")
    p.add_argument("file", metavar="FILE")

    p = sub.add_parser("score", help="programme, enabling-area and regional priorities")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--method", choices=["additive", "topsis", "promethee"])
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = sub.add_parser("optimise", aliases=["optimize"], help="the optimised budget split")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--budget", type=float, help="total budget, in the scenario's unit")
    p.add_argument("--solver", choices=["highs", "cbc"], default="highs")
    p.add_argument("--time-limit", type=float, metavar="S", help="seconds for the solver")
    p.add_argument("--gap", type=float, default=None, help="relative MIP gap, e.g. 0.001")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--out", metavar="PATH", help="write a report: .xlsx, .csv or .md")

    p = sub.add_parser("sweep", help="value and composition over a list of budgets")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--budgets", required=True, help="comma-separated, e.g. 50,175,700")
    p.add_argument("--solver", choices=["highs", "cbc"], default="highs")
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = sub.add_parser("robustness", help="which parts of the split survive disagreement")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--draws", type=int, default=200)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--sampling", choices=["dirichlet", "uniform", "resample"], default="dirichlet")
    p.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    p.add_argument(
        "--integer",
        action="store_true",
        help="solve every draw with the line limit and minimum ticket exactly (slower)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = sub.add_parser("app", help="start the Streamlit app")
    p.add_argument("file", nargs="?", metavar="FILE", help="scenario to open (default: Chile)")
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
