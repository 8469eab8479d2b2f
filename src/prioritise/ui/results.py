"""Computed results, cached on the scenario's TOML text (identical scenarios share results).

Pages call these with `state.current_text()`; the library does the arithmetic. The optimiser
(and PuLP) is imported on first use only, so pages that only score start faster. A scenario
that validates can still fail to score (e.g. a stakeholder whose weights are all zero): the
`ScoringFailed` error carries that plain message for the page to show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from prioritise import scenario as scenario_io
from prioritise.value_tree import ValueTree, value_tree

if TYPE_CHECKING:
    from prioritise.allocate import Allocation


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
    """The scenario cannot be set up for optimisation; the message says why."""


@st.cache_data(max_entries=64, show_spinner=False)
def _allocation(text: str, budget: float | None) -> object:
    from prioritise.allocate import optimise_scenario

    try:
        return optimise_scenario(scenario_io.loads(text), budget=budget)
    except ValueError as exc:  # AllocationError and scoring errors, in plain words
        return str(exc)


def allocation(text: str, budget: float | None = None) -> Allocation:
    """The optimised split of a scenario's budget (or of `budget`); infeasible scenarios come
    back as an Allocation with their diagnosis, never as an error."""
    result = _allocation(text, budget)
    if isinstance(result, str):
        raise AllocationFailed(result)
    return result  # type: ignore[return-value]
