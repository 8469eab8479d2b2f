"""Parts of the Scenario page: the forms that edit a scenario's budget and constraints, and
the evidence behind its figures (computed criteria, the share resting on illustrative
inputs)."""

from __future__ import annotations

from prioritise.ui.scenario import budget, evidence, forms

__all__ = ["budget", "evidence", "forms"]
