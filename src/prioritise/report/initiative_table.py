"""The report's sheet of initiatives: what each costs, its value and value per unit of money,
and — when the portfolio was optimised — whether it is funded, in part or not, with how much,
and why (docs/model.md §15; the reasons and binding rules are `initiative_reasons`').

Names are the scenario's own in the report's language; costs and amounts are in the scenario's
money unit, value as `score --json` gives it under "initiatives".
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from prioritise.allocate.portfolio import Portfolio
from prioritise.report.initiative_reasons import Reasons, reason_lines, reasons, rules_table
from prioritise.report.markdown import markdown_table
from prioritise.report.tables import Table, value_tree_of
from prioritise.scenario.schema import Scenario
from prioritise.text import Integer, Money, Number, format, money_unit, name_of, t

SHARE_TOLERANCE = 1e-6
"""A share funded this close to 1 counts as funded whole."""


def _names(scenario: Scenario, lang: str) -> dict[str, str]:
    items: list[Any] = [*scenario.programmes, *scenario.enabling_areas, *scenario.regions]
    return {item.id: name_of(item, lang) for item in items}


def _decision(share: float | None, lang: str) -> str:
    if share is None:
        return t("report.initiatives.not_funded", lang)
    if share >= 1 - SHARE_TOLERANCE:
        return t("report.initiatives.funded", lang)
    return t("report.initiatives.partial", lang)


def initiatives_table(
    scenario: Scenario,
    lang: str,
    portfolio: Portfolio | None = None,
    found: Reasons | None = None,
) -> Table | None:
    """The sheet of initiatives, or None when the scenario has none. Without a solved
    `portfolio` it shows costs and values only; with one, each decision and its reason
    (`found`, when already worked out for this portfolio and language)."""
    if not scenario.initiatives:
        return None
    from prioritise.scoring import initiative_values

    tree = value_tree_of(scenario)
    values = None if tree is None else initiative_values(scenario, tree).value
    full = 0.0 if values is None else float(sum(values[item.id] for item in scenario.initiatives))
    unit = money_unit(scenario.scenario.unit, scenario.scenario.currency, lang)
    names = _names(scenario, lang)
    solved = portfolio is not None and portfolio.solved
    funded = (
        {} if portfolio is None or not solved else {i: (s, a) for i, s, a in portfolio.funded()}
    )
    if portfolio is not None and solved and found is None:
        found = reasons(scenario, portfolio, lang)
    heads = {
        "id": t("report.column.id", lang),
        "name": t("report.column.name", lang),
        "programme": t("common.programme", lang),
        "area": t("common.enabling_area", lang),
        "region": t("common.region", lang),
        "total": t("report.initiatives.total_cost", lang, unit=unit),
        "value": t("report.initiatives.value", lang),
        "ratio": t("report.initiatives.value_per_cost", lang, unit=unit),
        "decision": t("report.initiatives.decision", lang),
        "share": t("report.initiatives.share_funded", lang),
        "amount": t("report.column.amount", lang, unit=unit),
        "reason": t("report.initiatives.reason", lang),
    }
    years = {y: t("report.initiatives.cost_year", lang, year=y, unit=unit) for y in scenario.years}
    rows = []
    for item in scenario.initiatives:
        total = item.total_cost
        # index points: 100 = every initiative funded in full (docs/model.md §15.5)
        value = None if values is None or full <= 0 else 100 * float(values[item.id]) / full
        row: dict[str, Any] = {
            heads["id"]: item.id,
            heads["name"]: name_of(item, lang),
            heads["programme"]: names.get(item.programme or "", ""),
            heads["area"]: names.get(item.enabling_area or "", ""),
            heads["region"]: names.get(item.region or "", ""),
            **{years[y]: float(c) for y, c in zip(scenario.years, item.cost, strict=False)},
            heads["total"]: total,
            heads["value"]: value,
            heads["ratio"]: None if value is None or total <= 0 else value / total,
        }
        if solved:
            share, amount = funded.get(item.id, (None, 0.0))
            row[heads["decision"]] = _decision(share, lang)
            row[heads["share"]] = 0.0 if share is None else share
            row[heads["amount"]] = amount
            row[heads["reason"]] = "" if found is None else found.text.get(item.id, "")
        rows.append(row)
    frame = pd.DataFrame(rows)
    formats = {head: "money" for head in [*years.values(), heads["total"], heads["amount"]]}
    formats |= {heads["value"]: "index", heads["ratio"]: "points", heads["share"]: "share"}
    texts = ("name", "programme", "area", "region", "decision", "reason")
    formats |= {heads[k]: "text" for k in texts}
    title = t("report.sheet.initiatives", lang)
    return Table("initiatives", title, frame, formats, lang=lang)


def initiative_sheets(scenario: Scenario, lang: str, portfolio: Portfolio | None) -> list[Table]:
    """The workbook's sheets of initiatives: the initiatives, then (with a solved portfolio
    in which some rule binds) the binding rules; none without initiatives."""
    table = initiatives_table(scenario, lang, portfolio)
    if table is None:
        return []
    rules = None if portfolio is None else rules_table(scenario, portfolio, lang)
    return [table] if rules is None else [table, rules]


def cell_text(value: Any, kind: str, lang: str, share_digits: int = 0) -> str:
    """A cell of a Markdown table, as the workbook formats its kind."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if kind == "share":
        return format.percent(value, lang, share_digits)
    if kind == "money":
        return format.number(value, lang, 2)
    if kind in ("value", "points"):
        return format.number(value, lang, 3)
    if kind == "index":
        return format.number(value, lang, 1)
    return str(value)


def initiative_lines(scenario: Scenario, portfolio: Portfolio, lang: str) -> list[str]:
    """The Markdown section of initiatives: the portfolio's total, one row per initiative (by
    name: the workbook's sheet also gives ids), then why those not funded in full are not, and
    the binding rules (reasons are sentences: listed under the table, not in it)."""
    found = reasons(scenario, portfolio, lang) if portfolio.solved else None
    table = initiatives_table(scenario, lang, portfolio, found)
    if table is None:
        return []
    lines = [f"## {table.title}"]
    if portfolio.solved:
        amount = sum(amount for _, _, amount in portfolio.funded())
        lines += [
            "",
            t(
                "report.initiatives.summary",
                lang,
                funded=Integer(len(portfolio.funded())),
                total=Integer(len(scenario.initiatives)),
                amount=Money(amount, scenario.scenario.unit, scenario.scenario.currency),
                index=Number(portfolio.data.points(portfolio.objective), 1),
            ),
        ]
    hidden = {t("report.column.id", lang), t("report.initiatives.reason", lang)}
    heads = [h for h in table.frame.columns if h not in hidden]
    kinds = [table.formats.get(h, "text") for h in heads]
    rows = [
        [cell_text(v, k, lang) for v, k in zip(row, kinds, strict=True)]
        for row in table.frame[heads].itertuples(index=False)
    ]
    right = {i for i, k in enumerate(kinds) if k in ("money", "value", "index", "points", "share")}
    table_lines = [*lines, "", *markdown_table(heads, rows, right), ""]
    return table_lines + reason_lines(scenario, portfolio, lang, found)
