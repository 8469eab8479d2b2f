"""Parts of the Portfolio page: the split's charts, tables and views."""

from __future__ import annotations

from prioritise.ui.portfolio import charts, tables, views

__all__ = ["charts", "tables", "views"]
