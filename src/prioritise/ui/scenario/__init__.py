"""Parts of the Scenario page: the forms that edit a scenario, and the evidence behind its
figures (computed criteria, the share resting on illustrative inputs)."""

from __future__ import annotations

from prioritise.ui.scenario import evidence, forms

__all__ = ["evidence", "forms"]
