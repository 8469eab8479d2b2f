"""CLI commands that analyse a scenario: score, optimise, sweep, robustness, sensitivity, app."""

from __future__ import annotations

import argparse

from prioritise.cli import arguments
from prioritise.cli.arguments import budgets_given
from prioritise.cli.common import (
    UsageError,
    language,
    lines_only,
    open_scenario,
    print_json,
)
from prioritise.cli.initiatives import (
    optimise_with_initiatives,
    score_initiatives,
    solver_options,
)
from prioritise.cli.progress import (
    Working,
    bar_ended,
    compromise_found,
    draws_then_compromise,
    terminal_progress,
)
from prioritise.text import LocalizedError, msg, t


def cmd_score(args: argparse.Namespace) -> int:
    from prioritise.scoring import value_tree

    scenario = open_scenario(args)
    tree = value_tree(scenario, method=args.method)
    if args.json:
        payload = tree.to_json(lang=language(args))
        if scenario.initiatives:
            score_initiatives(scenario, tree, payload)
        print_json(payload)
    else:
        print(tree.format_text(lang=language(args)))
        if scenario.initiatives:
            print("\n".join(score_initiatives(scenario, tree, None, language(args))))
    return 0


def cmd_optimise(args: argparse.Namespace) -> int:
    from prioritise.allocate import Deadline, optimise_scenario

    scenario = open_scenario(args)
    args.budget = arguments.amount(args.budget)
    args.time_limit = arguments.seconds(
        args.time_limit, "--time-limit", "cli.usage.time_limit_positive"
    )
    args.gap = arguments.fraction(args.gap, "--gap")
    args.price_seconds = arguments.seconds(
        args.price_seconds, "--price-seconds", "cli.usage.price_seconds", zero=True
    )
    args.sensitivity_seconds = arguments.seconds(
        args.sensitivity_seconds,
        "--sensitivity-seconds",
        "cli.usage.sensitivity_seconds",
        zero=True,
    )
    out = arguments.report_path(args.out)
    working = Working(None if args.json else language(args))
    try:
        if scenario.initiatives:
            return optimise_with_initiatives(args, scenario, out, working)
        deadline = Deadline(args.time_limit)  # one limit for everything below (§16)
        options = {**solver_options(args), "time_limit": deadline}
        result = optimise_scenario(scenario, **options, progress=working.prices)
    finally:
        working.done()
    if out is not None:
        from prioritise.report import write_report

        found = None
        seconds = deadline.limit(args.sensitivity_seconds)
        if result.solved and out.suffix.lower() in (".md", ".xlsx") and seconds:
            from prioritise.sensitivity import run_sensitivity

            lang = language(args)

            def progress(done: int, total: int) -> None:
                terminal_progress(done, total, lang, "cli.progress.weights")

            found = run_sensitivity(
                scenario,
                seconds=seconds,
                budget=args.budget,
                progress=None if args.json else progress,
            )
        try:
            write_report(scenario, result, out, lang=language(args), sensitivity=found)
        except OSError as error:
            raise arguments.unwritten(out, error) from None
    if args.json:
        print_json(result.to_json(lang=language(args)))
    else:
        from prioritise.cli.text import format_allocation

        listed = out is not None and out.suffix.lower() in (".md", ".xlsx")
        print(format_allocation(result, scenario, language(args), in_report=listed))
        if out is not None:
            print("\n" + t("cli.optimise.report_written", language(args), path=str(out)))
    return 0 if result.solved else 1


def cmd_sweep(args: argparse.Namespace) -> int:
    from prioritise.tradeoffs import budget_sweep, default_budgets

    scenario = lines_only(open_scenario(args), args)
    budgets = budgets_given(args, "sweep")
    if budgets is None:
        budgets = default_budgets(scenario)
    sweep = budget_sweep(scenario, budgets, solver=args.solver)
    if args.json:
        print_json(sweep.to_json(lang=language(args)))
    else:
        print(sweep.format_text(lang=language(args)))
    return 0


def cmd_robustness(args: argparse.Namespace) -> int:
    from prioritise.robustness import RobustnessError, heard, run_robustness
    from prioritise.robustness.analysis import MAX_DRAWS

    scenario = lines_only(open_scenario(args), args)
    args.draws = arguments.count(args.draws, "--draws", MAX_DRAWS, "cli.usage.draws_positive")
    args.workers = arguments.count(
        args.workers, "--workers", arguments.MAX_WORKERS, "cli.usage.workers_positive"
    )
    lang = language(args)

    progress = draws_then_compromise(lang, bool(heard(scenario)))
    try:
        result = run_robustness(
            scenario,
            draws=args.draws,
            seed=args.seed,
            sampling=args.sampling,
            workers=args.workers,
            progress=None if args.json else progress,
            integer=args.integer,
            engine=args.engine,
            address=args.address,
        )
    except RobustnessError as exc:
        if isinstance(exc, LocalizedError):
            raise UsageError(exc.message) from None
        raise UsageError(msg("cli.error.detail", detail=str(exc))) from None
    finally:  # also when the search fails or is interrupted: no line left half-said
        if not args.json:
            compromise_found()
    if args.json:
        print_json(result.to_json(lang=lang))
    else:
        print(result.format_text(lang=lang))
    return 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    from prioritise.sensitivity import SensitivityError, run_sensitivity

    scenario = lines_only(open_scenario(args), args)
    args.seconds = arguments.seconds(args.seconds, "--seconds", "cli.usage.seconds_positive")
    lang = language(args)

    def progress(done: int, total: int) -> None:
        terminal_progress(done, total, lang, "cli.progress.weights")

    try:
        result = run_sensitivity(
            scenario, seconds=args.seconds, progress=None if args.json else progress
        )
    except SensitivityError as exc:
        raise UsageError(exc.message) from None
    if args.json:
        print_json(result.to_json(lang=lang))
    else:
        bar_ended()
        print(result.format_text(lang=lang))
    return 0
