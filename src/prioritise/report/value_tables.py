"""The report's value in plain units: the value index, fair comparisons, rule prices and where
each region's money comes from (docs/model.md §8.2, §8.4, §10).

Shared by the workbook, the CSV and the Markdown report, like every table in
`prioritise.report.tables`; here are the parts that speak of value rather than money.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from prioritise.report.labels import BASELINES, named
from prioritise.report.tables import ReportContext, Table, finite_number
from prioritise.text.format import rounded


def baseline_label(ctx: ReportContext, name: str) -> str:
    """A baseline split's title: 'Priority-proportional split, obeying the rules'."""
    return named(BASELINES, name, ctx.language)


def index_points(ctx: ReportContext, change: float | None) -> float | None:
    """A change of value in index points (None where the index is not defined)."""
    stick = ctx.allocation.yardstick
    return None if stick is None else finite_number(stick.points(change))


def shown_index(index: float | None) -> float | None:
    """An index as the reports show it, to one decimal: the gain beside it is the difference
    of the two as shown (`Baseline.gain_shown`), so a reader who subtracts the cells finds it
    (88.9 − 74.5 = 14.4, not 88.947 − 74.451 = 14.5). The JSON keeps the exact figures."""
    found = finite_number(index)
    return None if found is None else rounded(found, 1)


def value_rows(ctx: ReportContext) -> list[tuple[str, Any, str, str]]:
    """Summary rows: the value index, what all rules cost, and each baseline's index.

    The objective itself has no unit a reader knows (docs/model.md §10.1), so it is given only
    where there is no index to give: when nothing can earn value (no reference V*). The
    baselines sheet keeps it beside every split's index, for tracing."""
    result, word = ctx.allocation, ctx.word
    stick = result.yardstick
    points = word("points_unit")
    if stick is None or not stick.reference:
        score = (word("proposal_value"), finite_number(result.objective), word("score_unit"))
        rows: list[tuple[str, Any, str, str]] = [(*score, "value")]
    else:
        rows = [(word("value_index"), shown_index(result.value_index), points, "index")]
    if stick is not None and stick.reference and result.objective is not None:
        cost = stick.reference - result.objective
        rows.append((word("rules_cost"), index_points(ctx, cost), points, "index"))
        money = finite_number(stick.money(cost))
        if money is not None:  # no reading as money beyond the budget's reach (§8.3)
            rows.append((word("rules_cost_money"), money, ctx.money_unit, "money"))
    for baseline in result.baselines:
        title = baseline_label(ctx, baseline.name)
        rows.append((title, shown_index(baseline.value_index), points, "index"))
        if baseline.obeys_rules:
            gain = baseline.gain_shown(result.value_index)  # as the two indexes read
            rows.append((word("gain_over", name=title), gain, points, "index"))
    return rows


def baselines_table(ctx: ReportContext) -> Table:
    """The optimum and every baseline: whether it obeys the rules, index, gain in points."""
    word, result = ctx.word, ctx.allocation
    columns = [
        word("split"),
        word("description"),
        word("obeys_rules"),
        word("value_index"),
        word("gain_points"),
        word("money_moved", unit=ctx.money_unit),
        word("objective"),
    ]
    rows: list[list[Any]] = [
        [
            word("optimised"),
            ctx.text(result.status_note),
            True,
            shown_index(result.value_index),
            None,
            None,
            finite_number(result.objective),
        ]
    ]
    for b in result.baselines:
        rows.append(
            [
                baseline_label(ctx, b.name),
                b.description_text(ctx.language),
                b.obeys_rules,
                shown_index(b.value_index),
                b.gain_shown(result.value_index) if b.obeys_rules else None,  # see `value_rows`
                finite_number(b.moved),
                finite_number(b.objective),
            ]
        )
    frame = pd.DataFrame(rows, columns=columns)
    formats = {
        columns[1]: "text",
        columns[2]: "bool",
        columns[3]: "index",
        columns[4]: "index",
        columns[5]: "money",
        columns[6]: "value",
    }
    return Table("baselines", word("baselines"), frame, formats, lang=ctx.language)


def money_sources_table(ctx: ReportContext) -> Table:
    """Per region and programme: committed, held by a rule, chosen for value, and why."""
    word, sources = ctx.word, ctx.allocation.sources
    unit = ctx.money_unit
    columns = [
        word("region"),
        word("programme"),
        word("amount", unit=unit),
        word("committed", unit=unit),
        word("held", unit=unit),
        word("chosen", unit=unit),
        word("sentence"),
    ]
    if sources is None or sources.empty:
        frame = pd.DataFrame(columns=columns)
    else:
        frame = pd.DataFrame(
            {
                columns[0]: [ctx.name(r) for r in sources["region"]],
                columns[1]: [ctx.name(p) for p in sources["programme"]],
                columns[2]: sources["amount"].to_numpy(),
                columns[3]: sources["committed"].to_numpy(),
                columns[4]: sources["held"].to_numpy(),
                columns[5]: sources["chosen"].to_numpy(),
                columns[6]: [ctx.text(note) for note in sources["note"]],
            }
        )
    formats = dict.fromkeys(columns[2:6], "money")
    formats[columns[6]] = "text"
    return Table("money_sources", word("money_sources"), frame, formats, lang=ctx.language)
