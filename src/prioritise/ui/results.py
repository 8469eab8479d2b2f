"""Computed results, cached on the scenario's TOML text (identical scenarios share results).

Pages call these with `state.current_text()`; the library does the arithmetic. The optimiser
(and PuLP) is imported on first use only, so pages that only score start faster. A scenario
that validates can still fail to score (e.g. a stakeholder whose weights are all zero): the
`ScoringFailed` error carries that plain message for the page to show.
"""

from __future__ import annotations

import streamlit as st

from prioritise import scenario as scenario_io
from prioritise.scoring.tree import ValueTree, value_tree


class ScoringFailed(ValueError):
    """The scenario is valid but cannot be scored; the message says why in plain words."""


@st.cache_data(max_entries=256, show_spinner=False)
def _scores(text: str, method: str | None) -> ValueTree | str:
    try:
        return value_tree(scenario_io.loads(text), method=method)
    except ValueError as exc:  # kept in the cache too: the same text fails the same way
        return str(exc)


def scores(text: str, method: str | None = None) -> ValueTree:
    """The value tree of a scenario under its own method (or `method`)."""
    result = _scores(text, method)
    if isinstance(result, str):
        raise ScoringFailed(result)
    return result


class AllocationFailed(ValueError):
    """The scenario cannot be set up for optimisation; the message says why.

    The optimisations themselves are cached in `ui.optimising`, shared by every page."""
