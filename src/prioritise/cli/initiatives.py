"""CLI for initiatives: their values in `score`, the portfolio in `optimise`, and `frontier`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from prioritise.allocate.text import index_points
from prioritise.cli import arguments
from prioritise.cli.arguments import budgets_given
from prioritise.cli.common import UsageError, language, open_scenario, print_json
from prioritise.cli.progress import Working
from prioritise.scenario import Scenario
from prioritise.text import Number, name_of, t


def solver_options(args: argparse.Namespace) -> dict[str, Any]:
    """What `optimise` passes on to the solver."""
    return {
        "budget": args.budget,
        "solver": args.solver,
        "time_limit": args.time_limit,
        "gap": args.gap,
        "price_seconds": args.price_seconds,
    }


def score_initiatives(
    scenario: Scenario, tree: Any, payload: dict[str, Any] | None, lang: str = "en"
) -> list[str]:
    """Add `"initiatives": {id: value}` to the score's JSON, or return its text lines."""
    from prioritise.scoring import initiative_values

    found = initiative_values(scenario, tree)
    if payload is not None:
        payload["initiatives"] = found.to_json()
        return []
    lines = ["", t("cli.initiatives.values", lang)]
    names = {item.id: name_of(item, lang) for item in scenario.initiatives}
    full = float(found.value.sum())  # every initiative in full: 100 on the portfolio index
    for ident in found.value.index:
        points = 100 * float(found.value[ident]) / full if full > 0 else 0.0
        lines.append(
            "  "
            + t(
                "cli.initiatives.value_line",
                lang,
                name=names[ident],
                value=Number(float(found.value[ident]), 3),
                score=Number(float(found.score[ident]), 3),
                line=Number(float(found.line[ident]), 3),
                points=index_points(points),
            )
        )
    return lines


def optimise_with_initiatives(
    args: argparse.Namespace, scenario: Scenario, out: Path | None, working: Working
) -> int:
    """`optimise` for a scenario with initiatives: the portfolio, and the split of the rest
    (written to `out` as a report, when asked); `working` shows how far it is."""
    from prioritise.allocate.mixed import optimise_mixed
    from prioritise.allocate.portfolio import write_lines

    result = optimise_mixed(scenario, **solver_options(args), progress=working.prices)
    working.done()
    lang = language(args)
    portfolio, split = result.portfolio, result.split
    if out is not None and split is not None:
        from prioritise.report import write_report

        try:
            write_report(scenario, split, out, lang=lang, portfolio=portfolio)
        except OSError as error:
            raise arguments.unwritten(out, error) from None
    elif out is not None and portfolio is not None:  # initiatives only: no split to report
        from prioritise.report import write_portfolio_report

        try:
            write_portfolio_report(scenario, portfolio, out, lang=lang)
        except OSError as error:
            raise arguments.unwritten(out, error) from None
    if args.json:
        payload: dict[str, Any] = {} if split is None else split.to_json(lang=lang)
        if split is None and portfolio is not None:
            payload["status"] = portfolio.solution.status
            payload["budget"] = portfolio.data.total
            payload["objective"] = portfolio.objective if portfolio.solved else None
        found = None if portfolio is None else portfolio.to_json()
        payload["initiatives"] = [] if found is None else found["initiatives"]
        payload["portfolio"] = found
        payload["with_initiatives"] = result.together_json(scenario)
        print_json(payload)
    else:
        if split is not None:
            from prioritise.cli.text import format_allocation, format_together

            print(format_allocation(split, scenario, lang, result.whole))
            print()
            from prioritise.report.together import together_note, together_tables

            tables = together_tables(scenario, split, portfolio, lang)
            if tables:
                note = together_note(scenario, split, portfolio, tables, lang)
                print(format_together(tables, note, scenario, result.whole, lang))
                print()
        if portfolio is not None:
            print(write_lines(portfolio.lines(), lang))
        if out is not None and (split is not None or portfolio is not None):
            print("\n" + t("cli.optimise.report_written", lang, path=str(out)))
    return 0 if result.solved else 1


def cmd_frontier(args: argparse.Namespace) -> int:
    from prioritise.allocate import value_frontier

    scenario = open_scenario(args)
    if not scenario.initiatives:
        raise UsageError("cli.usage.no_initiatives")
    budgets = budgets_given(args, "frontier")
    frontier = value_frontier(scenario, budgets)
    if args.json:
        print_json(frontier.to_json())
    else:
        print(frontier.text(language(args)))
    return 0
