"""Parts of the Scenario page: the forms that edit a scenario."""

from __future__ import annotations

from prioritise.ui.scenario import forms

__all__ = ["forms"]
