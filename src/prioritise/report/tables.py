"""The tables of an allocation report, shared by the Excel, CSV and Markdown exports.

Each table is a DataFrame with headers in the report's language (the scenario's, English or
Spanish) and a format kind per column, so that the workbook can show money as money and shares
as percentages while every cell stays a number. Names are the scenario's own, in the report's
language where the file gives a translation (`names = { es = ... }`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from prioritise.allocate.input import AllocationInput, allocation_input, cell_values_of
from prioritise.allocate.results import Allocation
from prioritise.allocate.text import unit_label
from prioritise.report.labels import ILLUSTRATIVE, LANGUAGES, WEIGHT_SET_TITLES, label
from prioritise.scenario.schema import WEIGHT_SETS, Scenario


@dataclass(frozen=True)
class Table:
    """One report table: a stable key, its title, the data and a format kind per column.

    Format kinds: money, share, value, price, int, per_capita, text, bool, year.
    """

    key: str
    title: str
    frame: pd.DataFrame
    formats: dict[str, str] = field(default_factory=dict)
    row_formats: tuple[str, ...] = ()
    """Format kind of each row's value, for two-column tables of mixed items (the summary)."""


@dataclass
class ReportContext:
    """What every table needs: the scenario, the allocation, the problem, names, language."""

    scenario: Scenario
    allocation: Allocation
    data: AllocationInput
    language: str
    names: dict[str, str]

    @property
    def money_unit(self) -> str:
        """The unit in the report's language ('M USD', or 'MM USD' in Spanish)."""
        return unit_label(replace(self.data, language=self.language))

    def name(self, item_id: str) -> str:
        return self.names.get(item_id, item_id)

    def word(self, key: str) -> str:
        return label(key, self.language)


def context(
    scenario: Scenario, allocation: Allocation, language: str | None = None
) -> ReportContext:
    chosen = language or scenario.scenario.language
    if chosen not in LANGUAGES:
        raise ValueError(f"reports are written in {' or '.join(LANGUAGES)}, not '{chosen}'")
    data = allocation.data
    if data is None:
        data = allocation_input(scenario, cell_values_of(scenario), allocation.budget)
    names: dict[str, str] = {}
    groups: list[Any] = [
        scenario.programmes,
        scenario.enabling_areas,
        scenario.regions,
        scenario.criteria,
    ]
    for group in groups:
        for item in group:
            names[item.id] = item.names.get(chosen, item.name)
    for person in scenario.stakeholders:
        names[person.id] = person.name
    return ReportContext(scenario, allocation, data, chosen, names)


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _tidy(amount: float, budget: float) -> float:
    """Solver round-off (a millionth of a millionth of the budget) shown as the round number."""
    return round(amount, max(0, 12 - len(str(int(abs(budget)))))) + 0.0


def baseline_label(ctx: ReportContext, name: str) -> str:
    return ctx.word("population_split" if name == "population" else name)


def summary_table(ctx: ReportContext) -> Table:
    result, data, word = ctx.allocation, ctx.data, ctx.word
    money, spent = ctx.money_unit, float(result.amounts.sum())
    years = f"{data.years[0]}–{data.years[-1]}" if len(data.years) > 1 else str(data.years[0])
    rows: list[tuple[str, Any, str, str]] = [
        (word("scenario"), ctx.scenario.scenario.name, "", "text"),
        (word("description"), ctx.scenario.scenario.description, "", "text"),
        (word("status"), result.message, "", "text"),
        (word("budget"), float(result.budget), money, "money"),
        (word("years"), years, "", "text"),
        (word("spent"), _tidy(spent, result.budget) if result.solved else None, money, "money"),
        (
            word("unspent"),
            _tidy(result.budget - spent, result.budget) if result.solved else None,
            money,
            "money",
        ),
        (word("proposal_value"), _number(result.objective), word("value_unit"), "value"),
    ]
    for baseline in result.baselines:
        title = baseline_label(ctx, baseline.name)
        rows.append((title, _number(baseline.objective), word("value_unit"), "value"))
        gain_title = label("gain_over", ctx.language).format(name=title[0].lower() + title[1:])
        rows.append((gain_title, _number(baseline.gain), word("value_unit"), "value"))
        rows.append((f"{gain_title} (%)", _number(baseline.gain_share), "%", "share"))
    rows += [
        (word("lines"), int(result.lines) if result.solved else None, "", "int"),
        (word("cells"), int(data.n_cells), "", "int"),
        (word("method"), ctx.scenario.priority.method, "", "text"),
        (word("solver"), result.solver, "", "text"),
        (word("gap"), _number(result.gap), "%", "share"),
        (word("seconds"), round(sum(result.seconds.values()), 3), "s", "value"),
    ]
    frame = pd.DataFrame(
        [(item, value, unit) for item, value, unit, _ in rows],
        columns=[word("item"), word("value_col"), word("unit")],
    )
    return Table("summary", word("summary"), frame, row_formats=tuple(k for *_, k in rows))


def allocation_sheet(ctx: ReportContext) -> Table:
    word, table = ctx.word, ctx.allocation.allocation
    amount = f"{word('amount')} ({ctx.money_unit})"
    frame = pd.DataFrame(
        {
            word("programme"): [ctx.name(p) for p in table["programme"]],
            word("area"): [ctx.name(e) for e in table["enabling_area"]],
            word("region"): [ctx.name(r) for r in table["region"]],
            word("year"): table["year"].astype(int).to_numpy(),
            amount: table["amount"].astype(float).to_numpy(),
            "programme_id": table["programme"].to_numpy(),
            "enabling_area_id": table["enabling_area"].to_numpy(),
            "region_id": table["region"].to_numpy(),
        }
    )
    return Table("allocation", word("allocation"), frame, {amount: "money", word("year"): "year"})


def _grouped(ctx: ReportContext, key: str, totals: pd.DataFrame, title_key: str) -> Table:
    word = ctx.word
    amount = f"{word('amount')} ({ctx.money_unit})"
    frame = pd.DataFrame(
        {
            word("id"): [str(i) for i in totals.index],
            word(title_key): [ctx.name(str(i)) for i in totals.index],
            amount: totals["amount"].astype(float).to_numpy(),
            word("share"): totals["share"].astype(float).to_numpy(),
            word("earned"): totals["value"].astype(float).to_numpy(),
        }
    )
    formats = {amount: "money", word("share"): "share", word("earned"): "value"}
    return Table(key, word(key), frame, formats)


def programme_table(ctx: ReportContext, priorities: pd.Series | None) -> Table:
    table = _grouped(ctx, "by_programme", ctx.allocation.totals.programme, "programme")
    kinds = {p.id: p.kind for p in ctx.scenario.programmes}
    frame = table.frame
    frame.insert(2, ctx.word("kind"), [ctx.word(kinds.get(i, "sector")) for i in frame.iloc[:, 0]])
    if priorities is not None:
        frame.insert(
            3, ctx.word("priority"), [float(priorities.get(i, np.nan)) for i in frame.iloc[:, 0]]
        )
        table.formats[ctx.word("priority")] = "share"
    return table


def region_table(ctx: ReportContext) -> Table:
    totals = ctx.allocation.totals.region
    table = _grouped(ctx, "by_region", totals, "region")
    per_capita = f"{ctx.word('per_capita')} ({ctx.data.currency})"
    population = [None if not np.isfinite(v) else int(v) for v in totals["population"]]
    table.frame.insert(5, ctx.word("population"), population)
    table.frame.insert(6, per_capita, totals["per_capita"].astype(float).to_numpy())
    table.formats.update({ctx.word("population"): "int", per_capita: "per_capita"})
    return table


def year_table(ctx: ReportContext) -> Table:
    word, totals = ctx.word, ctx.allocation.totals.year
    money = ctx.money_unit
    budget, amount = f"{word('budget')} ({money})", f"{word('amount')} ({money})"
    unspent = f"{word('unspent')} ({money})"
    frame = pd.DataFrame(
        {
            word("year"): [int(y) for y in totals.index],
            budget: totals["budget"].astype(float).to_numpy(),
            amount: totals["amount"].astype(float).to_numpy(),
            word("share"): totals["share"].astype(float).to_numpy(),
            unspent: (totals["budget"] - totals["amount"]).astype(float).to_numpy(),
        }
    )
    formats = {
        word("year"): "year",
        budget: "money",
        amount: "money",
        word("share"): "share",
        unspent: "money",
    }
    return Table("by_year", word("by_year"), frame, formats)


def weights_table(ctx: ReportContext, tree: Any) -> Table:
    """Group weights per weight set, and each stakeholder's own weights beside them."""
    word = ctx.word
    people = [s.id for s in ctx.scenario.stakeholders]
    columns = [
        word("weight_set"),
        word("id"),
        word("name"),
        word("group_weight"),
        *[ctx.name(p) for p in people],
    ]
    rows = []
    for weight_set in WEIGHT_SETS:
        group = tree.weights.get(weight_set) if tree is not None else None
        own = tree.stakeholder_weights.get(weight_set) if tree is not None else None
        if group is None and (own is None or own.empty):
            continue
        items = list(group.index) if group is not None else list(own.columns)
        english, spanish = WEIGHT_SET_TITLES[weight_set]
        for item in items:
            row = [
                spanish if ctx.language == "es" else english,
                str(item),
                ctx.name(str(item)),
                None if group is None else _number(group.get(item)),
            ]
            for person in people:
                stated = own is not None and person in own.index and item in own.columns
                row.append(_number(own.loc[person, item]) if stated else None)
            rows.append(row)
    frame = pd.DataFrame(rows, columns=columns)
    formats = {column: "share" for column in columns[3:]}
    return Table("weights", word("weights"), frame, formats)


def constraints_table(ctx: ReportContext) -> Table:
    word, table = ctx.word, ctx.allocation.constraints
    columns = [word("name"), word("kind"), word("binding"), word("shadow"), word("sentence")]
    if table is None or table.empty:
        frame = pd.DataFrame(columns=columns)
    else:
        frame = pd.DataFrame(
            {
                columns[0]: table["name"].to_numpy(),
                columns[1]: table["kind"].to_numpy(),
                columns[2]: table["binding"].astype(bool).to_numpy(),
                columns[3]: table["shadow_price"].astype(float).to_numpy(),
                columns[4]: table["sentence"].to_numpy(),
            }
        )
    formats = {columns[2]: "bool", columns[3]: "price", columns[4]: "text"}
    return Table("constraints", word("constraints"), frame, formats)


def baselines_table(ctx: ReportContext) -> Table:
    word, result = ctx.word, ctx.allocation
    columns = [
        word("split"),
        word("description"),
        word("objective"),
        word("gain"),
        word("gain_share"),
    ]
    rows: list[list[Any]] = [
        [word("optimised"), result.message, _number(result.objective), None, None]
    ]
    for b in result.baselines:
        rows.append(
            [
                baseline_label(ctx, b.name),
                b.description,
                _number(b.objective),
                _number(b.gain),
                _number(b.gain_share),
            ]
        )
    frame = pd.DataFrame(rows, columns=columns)
    formats = {columns[1]: "text", columns[2]: "value", columns[3]: "value", columns[4]: "share"}
    return Table("baselines", word("baselines"), frame, formats)


def citations(scenario: Scenario, language: str) -> dict[str | None, list[str]]:
    """Which criteria and tables cite each source id ("illustrative", or None for none)."""
    cited: dict[str | None, list[str]] = {}
    criterion, table = label("criterion", language), label("table", language)
    for item in scenario.criteria:
        name = item.names.get(language, item.name)
        cited.setdefault(item.source, []).append(f"{criterion} {name}")
    for table_id in scenario.tables:
        cited.setdefault(scenario.table_source(table_id), []).append(f"{table} {table_id}")
    return cited


def sources_table(ctx: ReportContext) -> Table:
    """Every source with what cites it; illustrative and unsourced items listed as such."""
    word, scenario = ctx.word, ctx.scenario
    cited = citations(scenario, ctx.language)
    columns = [
        word("id"),
        word("kind"),
        word("title"),
        word("year"),
        word("url"),
        word("note"),
        word("cited_by"),
    ]
    rows: list[list[Any]] = [
        [s.id, word("source_kind"), s.title, s.year, s.url, s.note, "; ".join(cited.get(s.id, []))]
        for s in scenario.sources
    ]
    if cited.get(ILLUSTRATIVE):
        rows.append(
            [
                ILLUSTRATIVE,
                word("illustrative_kind"),
                word("illustrative_title"),
                None,
                None,
                None,
                "; ".join(cited[ILLUSTRATIVE]),
            ]
        )
    if cited.get(None):
        rows.append(
            [
                "",
                word("unsourced_kind"),
                word("unsourced_title"),
                None,
                None,
                None,
                "; ".join(cited[None]),
            ]
        )
    frame = pd.DataFrame(rows, columns=columns)
    formats = {
        word("year"): "year",
        word("title"): "text",
        word("note"): "text",
        word("cited_by"): "text",
    }
    return Table("sources", word("sources"), frame, formats)


def value_tree_of(scenario: Scenario) -> Any:
    """The scenario's value tree (for priorities and weights), or None if it cannot be scored."""
    from prioritise.scoring import value_tree

    try:
        return value_tree(scenario)
    except ValueError:
        return None


def report_tables(
    scenario: Scenario, allocation: Allocation, language: str | None = None
) -> list[Table]:
    """Every table of the report, in workbook order."""
    ctx = context(scenario, allocation, language)
    tree = value_tree_of(scenario)
    priorities = None if tree is None else tree.programmes
    totals = ctx.allocation.totals
    return [
        summary_table(ctx),
        allocation_sheet(ctx),
        programme_table(ctx, priorities),
        region_table(ctx),
        _grouped(ctx, "by_area", totals.enabling_area, "area"),
        year_table(ctx),
        weights_table(ctx, tree),
        constraints_table(ctx),
        baselines_table(ctx),
        sources_table(ctx),
    ]
