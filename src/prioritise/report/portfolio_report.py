"""The report of a scenario that funds initiatives only (`initiatives_share = 1`): there is no
split of lines to report, so the workbook, the CSV file and the Markdown report hold the
initiatives and the portfolio's decisions (docs/model.md §15)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from prioritise.allocate.portfolio import Portfolio
from prioritise.report.excel import excel_bytes_of
from prioritise.report.export import report_target
from prioritise.report.initiative_table import initiatives_table
from prioritise.report.labels import report_language
from prioritise.report.markdown import markdown_table
from prioritise.scenario import Scenario, write_atomically
from prioritise.text import Integer, Money, format, t

CSV_COLUMNS = ["initiative", "share", "amount"]


def _text(value: Any, kind: str, lang: str) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if kind == "share":
        return format.percent(value, lang, 0)
    if kind == "money":
        return format.number(value, lang, 2)
    if kind == "value":
        return format.number(value, lang, 3)
    return str(value)


def portfolio_markdown(scenario: Scenario, portfolio: Portfolio, lang: str) -> str:
    """A heading, the portfolio's total, and one row per initiative."""
    table = initiatives_table(scenario, lang, portfolio)
    lines = [f"# {scenario.scenario.name_in(lang)}", "", f"## {table.title}" if table else ""]
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
            ),
        ]
    if table is not None:
        heads = list(table.frame.columns)
        kinds = [table.formats.get(h, "text") for h in heads]
        rows = [
            [_text(v, k, lang) for v, k in zip(row, kinds, strict=True)]
            for row in table.frame.itertuples(index=False)
        ]
        right = {i for i, k in enumerate(kinds) if k in ("money", "value", "share")}
        lines += ["", *markdown_table(heads, rows, right)]
    return "\n".join(lines).rstrip("\n") + "\n"


def portfolio_csv(scenario: Scenario, portfolio: Portfolio) -> str:
    """Every initiative with the share funded and its money over the horizon (ids as in the
    file; 0 for one not funded)."""
    funded = {ident: (share, amount) for ident, share, amount in portfolio.funded()}
    rows = [(i.id, *funded.get(i.id, (0.0, 0.0))) for i in scenario.initiatives]
    return pd.DataFrame(rows, columns=CSV_COLUMNS).to_csv(index=False, lineterminator="\n")


def write_portfolio_report(
    scenario: Scenario,
    portfolio: Portfolio,
    path: str | os.PathLike[str],
    lang: str | None = None,
) -> Path:
    """Write the initiatives-only report in the format its suffix names; returns the path."""
    target, suffix = report_target(path)
    language = report_language(scenario, lang)
    if suffix == ".xlsx":
        table = initiatives_table(scenario, language, portfolio)
        content = excel_bytes_of([] if table is None else [table], lang=language)
    elif suffix == ".csv":
        content = portfolio_csv(scenario, portfolio).encode("utf-8")
    else:
        content = portfolio_markdown(scenario, portfolio, language).encode("utf-8")
    write_atomically(target, content)
    return target
