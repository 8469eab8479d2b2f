"""CLI commands that analyse a scenario: score, optimise, sweep, robustness, app."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from prioritise import scenario as scenario_io
from prioritise.cli.common import UsageError, existing_file, print_json


def cmd_score(args: argparse.Namespace) -> int:
    from prioritise.scoring import value_tree

    scenario = scenario_io.load(args.file)
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

    scenario = scenario_io.load(args.file)
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
    from prioritise.tradeoffs import budget_sweep

    scenario = scenario_io.load(args.file)
    sweep = budget_sweep(scenario, _budgets(args.budgets), solver=args.solver)
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
    scenario = scenario_io.load(args.file)
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


REPO_ROOT = Path(__file__).resolve().parents[3]


def app_entry() -> Path:
    """The Streamlit entry script: the checkout's app.py, else the packaged one."""
    checkout = REPO_ROOT / "app.py"
    return checkout if checkout.is_file() else Path(__file__).parents[1] / "ui" / "streamlit_app.py"


def cmd_app(args: argparse.Namespace) -> int:
    entry = app_entry()
    # The settings of .streamlit/config.toml that matter in front of a room, given again for
    # installs that run outside a checkout.
    settings = {
        "server.port": str(args.port),
        "browser.gatherUsageStats": "false",
        "client.showErrorDetails": "none",
        "server.maxUploadSize": "5",
        "server.enableXsrfProtection": "true",
        "runner.magicEnabled": "false",
    }
    command = [sys.executable, "-m", "streamlit", "run", str(entry)]
    for key, value in settings.items():
        command += [f"--{key}", value]
    if args.file:
        command += ["--", "--scenario", str(existing_file(args.file).resolve())]
    # Streamlit reads .streamlit/config.toml from the working directory.
    return subprocess.call(command, cwd=entry.parent)
