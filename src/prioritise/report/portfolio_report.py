"""The report of a scenario that funds initiatives only (`initiatives_share = 1`): there is no
split of lines to report, so the workbook, the CSV file and the Markdown report hold the
initiatives and the portfolio's decisions (docs/model.md §15)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from prioritise.allocate.portfolio import Portfolio
from prioritise.report.excel import excel_bytes_of
from prioritise.report.export import report_target
from prioritise.report.initiative_table import initiative_lines, initiative_sheets
from prioritise.report.labels import report_language
from prioritise.scenario import Scenario, write_atomically

CSV_COLUMNS = ["initiative", "share", "amount"]


def portfolio_markdown(scenario: Scenario, portfolio: Portfolio, lang: str) -> str:
    """A heading, the portfolio's total, one row per initiative, the reasons of those not
    funded in full and the binding rules."""
    title = f"# {scenario.scenario.name_in(lang)}"
    lines = [title, "", *initiative_lines(scenario, portfolio, lang)]
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
        content = excel_bytes_of(initiative_sheets(scenario, language, portfolio), lang=language)
    elif suffix == ".csv":
        content = portfolio_csv(scenario, portfolio).encode("utf-8")
    else:
        content = portfolio_markdown(scenario, portfolio, language).encode("utf-8")
    write_atomically(target, content)
    return target
