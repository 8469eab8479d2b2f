"""Parts of the Stakeholders page: the weights editor, its conversions and the consensus panel."""

from __future__ import annotations

from prioritise.ui.weights import consensus_panel, conversions, editor

__all__ = ["consensus_panel", "conversions", "editor"]
