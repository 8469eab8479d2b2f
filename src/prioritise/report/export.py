"""Exports of an allocation: Excel workbook, CSV and Markdown report.

`write_report` picks the format by the file's suffix; `excel_bytes`, `csv_text` and
`markdown_text` return the same content in memory, so that the app can offer downloads without
touching the disk. The workbook has one sheet per report table (see
`prioritise.report.tables`) plus any `extra_sheets` a caller adds (robustness results, for
instance); the CSV is the allocation table with the same columns as `prioritise optimise
--json` (programme, enabling_area, region, year, amount, by id), so that it reads back into
the same allocation. The CSV is a machine format: its ids and column names never change with
the language. Every other export speaks one language: `lang` ("es" or "en"; None is the
scenario's own).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from prioritise.allocate.portfolio import Portfolio
from prioritise.allocate.results import Allocation
from prioritise.report.contents import report_tables
from prioritise.report.diagnosis import diagnosis_table
from prioritise.report.excel import excel_bytes_of
from prioritise.report.initiative_table import initiative_lines, initiative_sheets
from prioritise.report.labels import sheet_titles
from prioritise.report.markdown import markdown_report
from prioritise.report.sensitivity_report import sensitivity_lines, sensitivity_table
from prioritise.report.tables import Table, context
from prioritise.report.together import mixed_whole, together_lines, together_tables
from prioritise.scenario import write_atomically
from prioritise.scenario.schema import Scenario
from prioritise.sensitivity import SensitivityResult
from prioritise.text import ListOf, LocalizedError, t

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "ReportError",
    "Table",
    "csv_text",
    "excel_bytes",
    "markdown_text",
    "report_tables",
    "sheet_titles",
    "write_report",
]

CSV_COLUMNS = ["programme", "enabling_area", "region", "year", "amount"]
FORMATS = (".xlsx", ".csv", ".md")


class ReportError(LocalizedError, ValueError):
    """A report that cannot be written, said in plain words (``text(lang)``)."""


def excel_bytes(
    scenario: Scenario,
    allocation: Allocation,
    extra_sheets: Mapping[str, pd.DataFrame] | None = None,
    lang: str | None = None,
    sensitivity: SensitivityResult | None = None,
    portfolio: Portfolio | None = None,
) -> bytes:
    """The Excel workbook (.xlsx) of an allocation, as bytes (an infeasible allocation gets a
    diagnosis sheet after the summary; a sensitivity analysis a sheet of its own; a scenario
    with initiatives a sheet of them, with the `portfolio`'s decisions and their reasons when
    given, and a sheet of the rules on initiatives that bind)."""
    tables = report_tables(scenario, allocation, lang)
    ctx = context(scenario, allocation, lang)
    diagnosis = diagnosis_table(ctx)
    if diagnosis is not None:
        tables.insert(1, diagnosis)
    tables[1:1] = together_tables(scenario, allocation, portfolio, ctx.language)
    if sensitivity is not None:
        tables.append(sensitivity_table(sensitivity, ctx.language))
    after = next(i for i, x in enumerate(tables) if x.key == "allocation") + 1
    tables[after:after] = initiative_sheets(scenario, ctx.language, portfolio)
    return excel_bytes_of(tables, extra_sheets)


def csv_text(scenario: Scenario, allocation: Allocation) -> str:
    """The allocation table as CSV: one row per funded cell and year, amounts in the
    scenario's unit to 12 significant digits (1.5, not the solver's 1.4999999999999998),
    ids as in the scenario file."""
    del scenario  # the table is self-contained; kept for a uniform signature
    table = allocation.allocation.reindex(columns=CSV_COLUMNS)
    return table.to_csv(index=False, lineterminator="\n", float_format="%.12g")


def markdown_text(
    scenario: Scenario,
    allocation: Allocation,
    lang: str | None = None,
    sensitivity: SensitivityResult | None = None,
    portfolio: Portfolio | None = None,
) -> str:
    """The Markdown report a facilitator can send after the workshop; with a portfolio of
    initiatives, its section follows the split's, and a sensitivity analysis comes last."""
    ctx = context(scenario, allocation, lang)
    found = None if portfolio is None else initiative_lines(scenario, portfolio, ctx.language)
    together = together_lines(scenario, allocation, portfolio, ctx.language)
    whole = mixed_whole(scenario, allocation, portfolio)
    text = markdown_report(ctx, found, together, whole)
    if sensitivity is None:
        return text
    heading = t("sensitivity.report.title", ctx.language)
    section = [f"## {heading}", "", *sensitivity_lines(sensitivity, ctx.language), ""]
    return text.rstrip("\n") + "\n\n" + "\n".join(section)


def report_target(path: str | os.PathLike[str]) -> tuple[Path, str]:
    """The report's path and its lower-case suffix, refused in plain words when no format of
    ours has that suffix or its folder does not exist."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise ReportError("report.error.format", name=target.name, formats=ListOf(FORMATS, "or"))
    if not target.parent.is_dir():
        raise ReportError("report.error.folder", path=str(target), folder=str(target.parent))
    return target, suffix


def write_report(
    scenario: Scenario,
    allocation: Allocation,
    path: str | os.PathLike[str],
    extra_sheets: Mapping[str, pd.DataFrame] | None = None,
    lang: str | None = None,
    sensitivity: SensitivityResult | None = None,
    portfolio: Portfolio | None = None,
) -> Path:
    """Write the report in the format its suffix names (.xlsx, .csv or .md); returns the path.

    `extra_sheets` (name -> DataFrame) are appended to a workbook; `lang` ("en" or "es")
    overrides the scenario's language for headers and text; `sensitivity` adds its section to
    the workbook and the Markdown report; `portfolio` (a scenario with initiatives) adds each
    initiative's decision to the workbook's sheet of initiatives and to the Markdown report.
    """
    target, suffix = report_target(path)
    if suffix == ".xlsx":
        content = excel_bytes(scenario, allocation, extra_sheets, lang, sensitivity, portfolio)
    elif suffix == ".csv":
        content = csv_text(scenario, allocation).encode("utf-8")
    else:
        text = markdown_text(scenario, allocation, lang, sensitivity, portfolio)
        content = text.encode("utf-8")
    write_atomically(target, content)
    return target
