"""Parts of the Robustness page: charts, tables and views of a robustness result."""

from __future__ import annotations

from prioritise.ui.robustness import charts, tables, views

__all__ = ["charts", "tables", "views"]
