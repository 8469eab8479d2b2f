"""Reports: an allocation, and a robustness analysis, as Excel, CSV and Markdown.

`export` writes the files, `tables` builds the allocation's tables and `excel` and `markdown`
lay them out, `labels` words them from the `report` message catalogue; `robustness_tables` and
`robustness_labels` do the same for a robustness result's extra sheets, and
`sensitivity_report` words a sensitivity analysis (its section and sheet). Every function that
writes text takes `lang` ("es" or "en"; None is the scenario's language) and a report never
mixes the two.
"""

from __future__ import annotations

from prioritise.report.contents import report_tables
from prioritise.report.export import (
    CSV_COLUMNS,
    FORMATS,
    ReportError,
    csv_text,
    excel_bytes,
    markdown_text,
    write_report,
)
from prioritise.report.labels import sheet_titles
from prioritise.report.portfolio_report import write_portfolio_report
from prioritise.report.robustness_tables import robustness_sheets
from prioritise.report.sensitivity_report import sensitivity_lines, sensitivity_table
from prioritise.report.tables import Table

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "ReportError",
    "Table",
    "csv_text",
    "excel_bytes",
    "markdown_text",
    "report_tables",
    "robustness_sheets",
    "sensitivity_lines",
    "sensitivity_table",
    "sheet_titles",
    "write_portfolio_report",
    "write_report",
]
