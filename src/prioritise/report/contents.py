"""What a report holds, in order: the summary first, then every table of the allocation.

The workbook, the CSV and the Markdown report all take their tables from here, so the three
always agree.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from prioritise.allocate.results import Allocation
from prioritise.report.evidence import evidence_table
from prioritise.report.labels import METHODS, SOLVER_NAMES, named
from prioritise.report.tables import (
    ReportContext,
    Table,
    allocation_sheet,
    constraints_table,
    context,
    finite_number,
    grouped_table,
    programme_table,
    region_table,
    sources_table,
    tidy_amount,
    value_tree_of,
    weights_table,
    year_table,
    years_text,
)
from prioritise.report.value_tables import baselines_table, money_sources_table, value_rows
from prioritise.scenario.schema import Scenario


def _budget_rows(ctx: ReportContext) -> list[tuple[str, Any, str, str]]:
    """The budget; of a scenario whose budget also funds initiatives, the whole and the lines'
    part, which the rest of the summary is about (docs/model.md §15.4)."""
    result, word, money = ctx.allocation, ctx.word, ctx.money_unit
    share = ctx.scenario.initiatives_share
    if not ctx.scenario.initiatives or not 0 < share < 1:
        return [(word("budget"), float(result.budget), money, "money")]
    return [
        (word("whole_budget"), float(result.budget) / (1 - share), money, "money"),
        (word("lines_budget"), float(result.budget), money, "money"),
    ]


def summary_table(ctx: ReportContext) -> Table:
    """The headline: budget, spending, the value index and the fair comparisons, the solve."""
    result, data, word = ctx.allocation, ctx.data, ctx.word
    money, spent = ctx.money_unit, result.spent
    rows: list[tuple[str, Any, str, str]] = [
        (word("scenario"), ctx.scenario.scenario.name_in(ctx.language), "", "text"),
        (word("description"), ctx.scenario.scenario.description_in(ctx.language), "", "text"),
        (word("status"), ctx.text(result.status_note), "", "text"),
        *_budget_rows(ctx),
        (word("years"), years_text(data), "", "text"),
        (
            word("spent"),
            tidy_amount(spent, result.budget) if result.solved else None,
            money,
            "money",
        ),
        (
            word("unspent"),
            tidy_amount(result.budget - spent, result.budget) if result.solved else None,
            money,
            "money",
        ),
        *value_rows(ctx),
        (word("lines"), int(result.lines) if result.solved else None, "", "int"),
        (word("cells"), int(data.n_cells), "", "int"),
        (word("method"), named(METHODS, ctx.scenario.priority.method, ctx.language), "", "text"),
        (word("solver"), SOLVER_NAMES.get(result.solver, result.solver), "", "text"),
        (word("gap"), finite_number(result.gap), "", "small_share"),  # the cell shows its %
        (word("seconds"), round(sum(result.seconds.values()), 2), "s", "seconds"),
        (word("written"), ctx.written_text(), "", "text"),
    ]
    frame = pd.DataFrame(
        [(item, value, unit) for item, value, unit, _ in rows],
        columns=[word("item"), word("value_col"), word("unit")],
    )
    kinds = tuple(kind for *_, kind in rows)
    return Table("summary", word("summary"), frame, row_formats=kinds, lang=ctx.language)


def report_tables(
    scenario: Scenario, allocation: Allocation, lang: str | None = None
) -> list[Table]:
    """Every table of the report, in workbook order, in one language."""
    ctx = context(scenario, allocation, lang)
    tree = value_tree_of(scenario)
    priorities = None if tree is None else tree.programmes
    totals = ctx.allocation.totals
    return [
        summary_table(ctx),
        allocation_sheet(ctx),
        programme_table(ctx, priorities),
        region_table(ctx),
        grouped_table(ctx, "by_area", totals.enabling_area, "area"),
        year_table(ctx),
        weights_table(ctx, tree),
        constraints_table(ctx),
        baselines_table(ctx),
        money_sources_table(ctx),
        sources_table(ctx),
        evidence_table(ctx, tree),
    ]
