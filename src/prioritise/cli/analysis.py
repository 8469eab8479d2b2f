"""CLI commands that analyse a scenario: score, optimise, sweep, robustness, app."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from prioritise.cli.common import UsageError, load_scenario, print_json


def cmd_score(args: argparse.Namespace) -> int:
    from prioritise.scoring import value_tree

    scenario = load_scenario(args.file)
    tree = value_tree(scenario, method=args.method)
    if args.json:
        print_json(tree.to_json())
    else:
        print(tree.format_text())
    return 0


def _budgets(text: str) -> list[float]:
    try:
        budgets = [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise UsageError(f"--budgets must be numbers separated by commas, got '{text}'") from None
    if not budgets or any(b <= 0 for b in budgets):
        raise UsageError("--budgets must list positive amounts, e.g. 50,175,700")
    return budgets


def cmd_optimise(args: argparse.Namespace) -> int:
    from prioritise.allocate import optimise_scenario

    scenario = load_scenario(args.file)
    if args.budget is not None and args.budget <= 0:
        raise UsageError("--budget must be a positive amount")
    if args.time_limit is not None and args.time_limit <= 0:
        raise UsageError("--time-limit must be a positive number of seconds")
    if args.gap is not None and not 0 <= args.gap < 1:
        raise UsageError("--gap must be a fraction between 0 and 1, e.g. 0.001")
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() not in (".xlsx", ".csv", ".md"):
        raise UsageError(f"--out must end in .xlsx, .csv or .md, got '{out.name}'")
    result = optimise_scenario(
        scenario, budget=args.budget, solver=args.solver, time_limit=args.time_limit, gap=args.gap
    )
    if out is not None:
        from prioritise.report import write_report

        write_report(scenario, result, out)
    if args.json:
        print_json(result.to_json())
    else:
        from prioritise.cli.text import format_allocation

        print(format_allocation(result, scenario))
        if out is not None:
            print(f"\nReport written to {out}")
    return 0 if result.solved else 1


def cmd_sweep(args: argparse.Namespace) -> int:
    from prioritise.tradeoffs import budget_sweep, default_budgets

    scenario = load_scenario(args.file)
    budgets = default_budgets(scenario) if args.budgets is None else _budgets(args.budgets)
    sweep = budget_sweep(scenario, budgets, solver=args.solver)
    if args.json:
        print_json(sweep.to_json())
    else:
        print(sweep.format_text())
    return 0


def cmd_robustness(args: argparse.Namespace) -> int:
    from prioritise.robustness import RobustnessError, run_robustness

    if args.draws < 1:
        raise UsageError("--draws must be at least 1")
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    scenario = load_scenario(args.file)
    progress = None if args.json else _terminal_progress
    try:
        result = run_robustness(
            scenario,
            draws=args.draws,
            seed=args.seed,
            sampling=args.sampling,
            workers=args.workers,
            progress=progress,
            integer=args.integer,
        )
    except RobustnessError as exc:
        raise UsageError(str(exc)) from None
    if progress is not None:
        sys.stderr.write("\n")
    if args.json:
        print_json(result.to_json())
    else:
        print(result.format_text())
    return 0


def _terminal_progress(done: int, total: int) -> None:
    width = 30
    filled = int(width * done / max(total, 1))
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} draws")
    sys.stderr.flush()
