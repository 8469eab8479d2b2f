"""Parts of the Trade-offs page: the budget sweep's and frontiers' views."""

from __future__ import annotations

from prioritise.ui.tradeoffs import views

__all__ = ["views"]
