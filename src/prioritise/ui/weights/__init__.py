"""Parts of the Stakeholders page: the weights editor, its conversions, what it weighs, the
panels beside it and the consensus panel."""

from __future__ import annotations

from prioritise.ui.weights import consensus_panel, conversions, editor, items, panels

__all__ = ["consensus_panel", "conversions", "editor", "items", "panels"]
