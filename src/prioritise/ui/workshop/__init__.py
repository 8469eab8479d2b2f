"""Parts of the workshop pages: the facilitator's dashboard, live results and shared views."""

from __future__ import annotations

from prioritise.ui.workshop import dashboard, live, views

__all__ = ["dashboard", "live", "views"]
