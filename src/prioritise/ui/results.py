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
from prioritise.text import Message
from prioritise.ui import i18n

Failure = Message | str
"""Why a cached computation failed: the library's Message (rendered when shown, in the
language on screen) or, from code without messages, its plain text."""


def failure(exc: BaseException) -> Failure:
    """What to keep of an error in a cache: its Message if it has one (picklable)."""
    message = getattr(exc, "message", None)
    return message if isinstance(message, Message) else str(exc)


class LibraryFailure(ValueError):
    """A computation that failed; ``text(lang)`` says why in the reader's language."""

    def __init__(self, detail: Failure) -> None:
        super().__init__(detail if isinstance(detail, str) else detail.text("en"))
        self.detail = detail

    def text(self, lang: str) -> str:
        return i18n.library_text(self.detail, lang)


class ScoringFailed(LibraryFailure):
    """The scenario is valid but cannot be scored; the message says why in plain words."""


@st.cache_data(max_entries=256, show_spinner=False)
def _scores(text: str, method: str | None) -> ValueTree | Failure:
    try:
        return value_tree(scenario_io.loads(text), method=method)
    except ValueError as exc:  # kept in the cache too: the same text fails the same way
        return failure(exc)


def scores(text: str, method: str | None = None) -> ValueTree:
    """The value tree of a scenario under its own method (or `method`)."""
    result = _scores(text, method)
    if isinstance(result, Message | str):
        raise ScoringFailed(result)
    return result


class AllocationFailed(LibraryFailure):
    """The scenario cannot be set up for optimisation; the message says why.

    The optimisations themselves are cached in `ui.optimising`, shared by every page."""
