"""The tables of an allocation report, shared by the Excel, CSV and Markdown exports.

Each table is a DataFrame with headers in the report's language (the one asked for, else the
scenario's) and a format kind per column, so that the workbook can show money as money and
shares as percentages while every cell stays a number. Names are the scenario's own, in the
report's language (`names = { es, en }`); ids appear only in columns meant for programs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from prioritise.allocate.constraints import in_reading_order
from prioritise.allocate.input import AllocationInput, allocation_input, cell_values_of
from prioritise.allocate.results import Allocation
from prioritise.report.labels import (
    CONSTRAINT_KINDS,
    ILLUSTRATIVE,
    PROGRAMME_KINDS,
    WEIGHT_SET_TITLES,
    as_text,
    citations,
    cited_text,
    label,
    named,
    report_language,
    scenario_timezone,
)
from prioritise.scenario.schema import WEIGHT_SETS, Scenario
from prioritise.text import datetime_text, money_unit, name_of, zone_text


@dataclass(frozen=True)
class Table:
    """One report table: a stable key, its title, the data and a format kind per column.

    Format kinds: money, share, small_share, value, price, int, per_capita, text, bool, year.
    `lang` is the report's language, which also picks the workbook's percent format.
    """

    key: str
    title: str
    frame: pd.DataFrame
    formats: dict[str, str] = field(default_factory=dict)
    row_formats: tuple[str, ...] = ()
    """Format kind of each row's value, for two-column tables of mixed items (the summary)."""
    lang: str = "en"


@dataclass
class ReportContext:
    """What every table needs: the scenario, the allocation, the problem, names, language."""

    scenario: Scenario
    allocation: Allocation
    data: AllocationInput
    language: str
    names: dict[str, str]
    written: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def money_unit(self) -> str:
        """The unit in the report's language ('M USD', or 'MM USD' in Spanish)."""
        return money_unit(self.data.unit, self.data.currency, self.language)

    def name(self, item_id: str) -> str:
        return self.names.get(item_id, item_id)

    def word(self, key: str, **params: Any) -> str:
        return label(key, self.language, **params)

    def text(self, value: object) -> str:
        """A sentence of the allocation (a message or a string) in the report's language."""
        return as_text(value, self.language)

    def earned(self, values: Any) -> tuple[str, list[float], str]:
        """What rows earn, its column's title and format: in points of the value index where
        the index is defined (a table's rows then add up to it), else as the model's score."""
        stick = self.allocation.yardstick
        raw = [float(v) for v in values]
        if stick is None or stick.reference is None:
            return self.word("earned"), raw, "value"
        return self.word("earned_points"), [float(stick.points(v) or 0.0) for v in raw], "index"

    def written_text(self) -> str:
        """When the report was written, in the scenario's time zone, naming the zone."""
        zone = scenario_timezone(self.scenario)
        when = datetime_text(self.written, self.language, zone)
        return self.word(
            "written_at", when=when, timezone=zone_text(self.written, self.language, zone)
        )


def context(scenario: Scenario, allocation: Allocation, lang: str | None = None) -> ReportContext:
    chosen = report_language(scenario, lang)
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
            names[item.id] = name_of(item, chosen)
    for person in scenario.stakeholders:
        names[person.id] = name_of(person, chosen)
    return ReportContext(scenario, allocation, data, chosen, names)


def finite_number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def tidy_amount(amount: float, budget: float) -> float:
    """Solver round-off (a millionth of a millionth of the budget) shown as the round number."""
    return round(amount, max(0, 12 - len(str(int(abs(budget)))))) + 0.0


def years_text(data: AllocationInput) -> str:
    """The years a budget covers: '2017–2019'."""
    return f"{data.years[0]}–{data.years[-1]}" if len(data.years) > 1 else str(data.years[0])


def allocation_sheet(ctx: ReportContext) -> Table:
    word, table = ctx.word, ctx.allocation.allocation
    amount = word("amount", unit=ctx.money_unit)
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
    formats = {amount: "money", word("year"): "year"}
    return Table("allocation", word("allocation"), frame, formats, lang=ctx.language)


def grouped_table(ctx: ReportContext, key: str, totals: pd.DataFrame, title_key: str) -> Table:
    word = ctx.word
    amount = word("amount", unit=ctx.money_unit)
    earned, values, kind = ctx.earned(totals["value"])
    frame = pd.DataFrame(
        {
            word("id"): [str(i) for i in totals.index],
            word(title_key): [ctx.name(str(i)) for i in totals.index],
            amount: totals["amount"].astype(float).to_numpy(),
            word("share"): totals["share"].astype(float).to_numpy(),
            earned: values,
        }
    )
    formats = {amount: "money", word("share"): "share", earned: kind}
    return Table(key, word(key), frame, formats, lang=ctx.language)


def programme_table(ctx: ReportContext, priorities: pd.Series | None) -> Table:
    table = grouped_table(ctx, "by_programme", ctx.allocation.totals.programme, "programme")
    kinds = {p.id: p.kind for p in ctx.scenario.programmes}
    frame = table.frame
    kind_words = [
        named(PROGRAMME_KINDS, kinds.get(i, "sector"), ctx.language) for i in frame.iloc[:, 0]
    ]
    frame.insert(2, ctx.word("kind"), kind_words)
    if priorities is not None:
        frame.insert(
            3, ctx.word("priority"), [float(priorities.get(i, np.nan)) for i in frame.iloc[:, 0]]
        )
        table.formats[ctx.word("priority")] = "share"
    return table


def region_table(ctx: ReportContext) -> Table:
    totals = ctx.allocation.totals.region
    table = grouped_table(ctx, "by_region", totals, "region")
    per_capita = ctx.word("per_capita", currency=ctx.data.currency)
    population = [None if not np.isfinite(v) else int(v) for v in totals["population"]]
    table.frame.insert(5, ctx.word("population"), population)
    table.frame.insert(6, per_capita, totals["per_capita"].astype(float).to_numpy())
    table.formats.update({ctx.word("population"): "int", per_capita: "per_capita"})
    return table


def year_table(ctx: ReportContext) -> Table:
    word, totals = ctx.word, ctx.allocation.totals.year
    money = ctx.money_unit
    budget, amount = word("budget_amount", unit=money), word("amount", unit=money)
    unspent = word("unspent_amount", unit=money)
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
    return Table("by_year", word("by_year"), frame, formats, lang=ctx.language)


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
        group: pd.Series | None = tree.weights.get(weight_set) if tree is not None else None
        own: pd.DataFrame | None = (
            tree.stakeholder_weights.get(weight_set) if tree is not None else None
        )
        if own is not None and own.empty:
            own = None
        if group is None and own is None:
            continue
        source = group.index if group is not None else own.columns if own is not None else []
        items = list(source)
        title = named(WEIGHT_SET_TITLES, weight_set, ctx.language)
        for item in items:
            row = [
                title,
                str(item),
                ctx.name(str(item)),
                None if group is None else finite_number(group.get(item)),
            ]
            for person in people:
                stated = own is not None and person in own.index and item in own.columns
                row.append(
                    finite_number(own.loc[person, item]) if own is not None and stated else None
                )
            rows.append(row)
    frame = pd.DataFrame(rows, columns=columns)
    formats = {column: "share" for column in columns[3:]}
    return Table("weights", word("weights"), frame, formats, lang=ctx.language)


def constraints_table(ctx: ReportContext) -> Table:
    """Every named constraint in words, the binding ones first, costliest first (as the text
    lists them); its internal name stays in a column for programs."""
    word, table = ctx.word, ctx.allocation.constraints
    columns = [
        word("constraint_kind"),
        word("binding"),
        word("shadow_points", unit=ctx.money_unit),
        word("sentence"),
        word("id"),  # the rule's name in the model, for programs that read the workbook
    ]
    stick = ctx.allocation.yardstick
    if table is None or table.empty:
        frame = pd.DataFrame(columns=columns)
    else:
        table = in_reading_order(table, ctx.allocation.rules_priced)
        prices = table["shadow_price"].astype(float).where(table["kind"] != "max_lines")
        frame = pd.DataFrame(
            {
                columns[0]: [named(CONSTRAINT_KINDS, str(k), ctx.language) for k in table["kind"]],
                columns[1]: table["binding"].astype(bool).to_numpy(),
                columns[2]: [  # per unit of money, in points of the value index (§10.1);
                    # the line limit's price is per line, and its sentence gives it
                    None if stick is None else finite_number(stick.points(price))
                    for price in prices
                ],
                columns[3]: [ctx.text(note) for note in table["note"]],
                columns[4]: table["name"].to_numpy(),
            }
        )
    formats = {columns[1]: "bool", columns[2]: "points", columns[3]: "text"}
    return Table("constraints", word("constraints"), frame, formats, lang=ctx.language)


def sources_table(ctx: ReportContext) -> Table:
    """Every source with what cites it; illustrative and unsourced items listed as such."""
    word, scenario, lang = ctx.word, ctx.scenario, ctx.language
    cited = citations(scenario, lang)
    columns = [
        word("id"),
        word("kind"),
        word("title"),
        word("year"),
        word("url"),
        word("note"),
        word("cited_by"),
    ]
    source_kind = word("source_kind")
    rows: list[list[Any]] = [
        [
            s.id,
            source_kind,
            s.title_in(lang),
            s.year,
            s.url,
            s.note_in(lang),
            cited_text(cited.get(s.id, []), lang),
        ]
        for s in scenario.sources
    ]
    for key, kind, title in (
        (ILLUSTRATIVE, "illustrative_kind", "illustrative_title"),
        (None, "unsourced_kind", "unsourced_title"),
    ):
        if cited.get(key):
            rows.append(
                [key or "", word(kind), word(title), None, None, None, cited_text(cited[key], lang)]
            )
    frame = pd.DataFrame(rows, columns=columns)
    formats = {
        word("year"): "year",
        word("title"): "text",
        word("note"): "text",
        word("cited_by"): "text",
    }
    return Table("sources", word("sources"), frame, formats, lang=lang)


def value_tree_of(scenario: Scenario) -> Any:
    """The scenario's value tree (for priorities and weights), or None if it cannot be scored."""
    from prioritise.scoring import value_tree

    try:
        return value_tree(scenario)
    except ValueError:
        return None
