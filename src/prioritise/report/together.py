"""The report of a mixed scenario: lines and initiatives together (docs/model.md §15.2).

The split's own tables are of the lines' money, and its share rules are lowered by what the
initiatives already give (so a region may read 41 % of the lines' money against a cap of 35 %
of the budget). A minister needs the whole budget: this section gives, by programme and by
region, the lines' money, the initiatives' and both together as a share of the whole budget,
on which the scenario's share rules hold — as `optimise` prints it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from prioritise.allocate.mixed import PARTS_PLACES, MixedResult, parts_places
from prioritise.allocate.portfolio import Portfolio
from prioritise.allocate.results import Allocation
from prioritise.report.initiative_table import cell_text
from prioritise.report.markdown import markdown_table
from prioritise.report.tables import Table
from prioritise.scenario.schema import Scenario
from prioritise.text import Money, Percent, money_unit, name_of, t

GROUPS = ("programme", "region")
FIRST = {"programme": "common.programme", "region": "common.region"}
ELSEWHERE = {
    "programme": "report.together.no_programme",
    "region": "report.together.no_region",
}
TITLES = {
    "programme": "report.sheet.together_programme",
    "region": "report.sheet.together_region",
}


def mixed_whole(
    scenario: Scenario, allocation: Allocation, portfolio: Portfolio | None
) -> float | None:
    """The whole budget of a mixed scenario's report (lines' and initiatives' money), or None
    when the report is not of a mixed scenario's split with both parts solved."""
    share = scenario.initiatives_share
    if portfolio is None or not 0 < share < 1 or not allocation.solved or not portfolio.solved:
        return None
    return allocation.budget / (1 - share)


def together_tables(
    scenario: Scenario, allocation: Allocation, portfolio: Portfolio | None, lang: str
) -> list[Table]:
    """By programme and by region: the lines' money, the initiatives', both together and
    their share of the whole budget; no table unless the report is of a mixed scenario."""
    whole = mixed_whole(scenario, allocation, portfolio)
    if whole is None:
        return []
    mixed = MixedResult(portfolio, allocation, whole)
    unit = money_unit(scenario.scenario.unit, scenario.scenario.currency, lang)
    heads = {
        "lines": t("report.together.lines", lang, unit=unit),
        "initiatives": t("report.together.initiatives", lang, unit=unit),
        "amount": t("report.together.amount", lang, unit=unit),
        "share": t("report.together.share", lang),
    }
    items: dict[str, list[Any]] = {
        "programme": list(scenario.programmes),
        "region": list(scenario.regions_north_to_south()),
    }
    tables = []
    for group in GROUPS:
        frame = mixed.together(scenario, group)
        if frame is None:
            return []
        first = t(FIRST[group], lang)
        order = [item.id for item in items[group]]
        frame = frame.reindex(order)
        names = [name_of(item, lang) for item in items[group]]
        unplaced = _unplaced(scenario, portfolio, group)
        if unplaced > 0:  # initiatives of no region (national) or of no programme
            names.append(t(ELSEWHERE[group], lang))
            extra = pd.DataFrame(
                {"lines": [0.0], "initiatives": [unplaced], "amount": [unplaced]}, index=["*"]
            )
            frame = pd.concat([frame, extra])
        frame["share"] = frame["amount"] / whole
        names.append(t("report.md.total", lang))
        frame = pd.concat(
            [frame, frame[["lines", "initiatives", "amount", "share"]].sum().to_frame().T]
        )
        shown = pd.DataFrame({first: names})
        for key, head in heads.items():
            shown[head] = frame[key].to_numpy()
        formats = {first: "text"} | {head: "money" for head in list(heads.values())[:3]}
        formats[heads["share"]] = "share"
        title = t(TITLES[group], lang)
        tables.append(Table(f"together_{group}", title, shown, formats, lang=lang))
    return tables


def _unplaced(scenario: Scenario, portfolio: Portfolio | None, group: str) -> float:
    """Money of the funded initiatives that name no programme or no region (`group`)."""
    if portfolio is None:
        return 0.0
    free = {item.id for item in scenario.initiatives if getattr(item, group) is None}
    return sum(amount for ident, _, amount in portfolio.funded() if ident in free)


def together_note(
    scenario: Scenario,
    allocation: Allocation,
    portfolio: Portfolio | None,
    tables: list[Table],
    lang: str,
) -> str | None:
    """What the tables of `together_tables` add up to, and why, when it is not the whole
    budget: the initiatives' pools counted on top, or their money left unspent."""
    whole = mixed_whole(scenario, allocation, portfolio)
    if not tables or whole is None:
        return None
    money = scenario.scenario.unit, scenario.scenario.currency
    pools = portfolio.from_pools() if portfolio is not None else 0.0
    given = float(tables[0].frame.iloc[-1, 2])  # the initiatives' money, pools' included
    own = whole - allocation.budget
    if pools <= 1e-9 and given >= own - 1e-9:
        return None
    total = float(tables[0].frame.iloc[-1, 3])
    said = {  # as the initiatives' own section and the tables' total row write them
        "spent": Money(given - pools, *money, PARTS_PLACES),
        "own": Money(own, *money, PARTS_PLACES),
        "total": Money(total, *money, PARTS_PLACES),
        "share": Percent(total / whole, 1),
    }
    if pools > 1e-9:
        pools_money = Money(pools, *money, PARTS_PLACES)
        return t("report.together.pools", lang, pools=pools_money, **said)
    return t("report.together.unspent", lang, **said)


def together_lines(
    scenario: Scenario, allocation: Allocation, portfolio: Portfolio | None, lang: str
) -> list[str]:
    """The Markdown section: what the whole budget is and how it divides, then both tables."""
    tables = together_tables(scenario, allocation, portfolio, lang)
    whole = mixed_whole(scenario, allocation, portfolio)
    if not tables or whole is None:
        return []
    money = scenario.scenario.unit, scenario.scenario.currency
    parts = (whole, whole - allocation.budget, allocation.budget)
    places = parts_places(*parts)  # 175,00 = 43,75 + 131,25, as the headline writes them
    budget, initiatives, lines = (Money(amount, *money, places) for amount in parts)
    intro = t("report.together.intro", lang, budget=budget, initiatives=initiatives, lines=lines)
    note = together_note(scenario, allocation, portfolio, tables, lang)
    if note is not None:
        intro += " " + note
    out = [f"## {t('report.md.together', lang)}", "", intro, ""]
    for table in tables:
        heads = list(table.frame.columns)
        kinds = [table.formats.get(head, "text") for head in heads]
        rows = [
            [cell_text(v, k, lang, 1) for v, k in zip(row, kinds, strict=True)]
            for row in table.frame.itertuples(index=False)
        ]
        rows[-1][0] = f"**{rows[-1][0]}**"  # the total
        out += [
            f"### {table.title}",
            "",
            *markdown_table(heads, rows, set(range(1, len(heads)))),
            "",
        ]
    return out
