"""The Portfolio page's what-if budget: typed in the reader's way, kept while the scenario
open stays the same scenario (visits to other pages, a repair of its rules and its undo)."""

from __future__ import annotations

import math
from collections.abc import Callable

import streamlit as st

from prioritise.allocate import parts_places
from prioritise.scenario import Scenario
from prioritise.ui import i18n, number_box, state, widgets

tr = i18n.page_text("portfolio")

URL_BUDGET_USED = "portfolio_budget_from_url"
BUDGET_KEY = "portfolio_budget"
# The what-if budget outlives the widget (Streamlit forgets a widget's value on pages that do
# not draw it), tied to the scenario open and its own budget: (owner, the last budget that
# could be read, the text the page last wrote in the box). That budget stays in force while
# the box holds something that cannot be read.
BUDGET_STORE = "portfolio_budget_kept"


def _url_budget() -> float | None:
    """The budget a shared link asks for, once per session (for the scenario it opened)."""
    if st.session_state.get(URL_BUDGET_USED):
        return None
    st.session_state[URL_BUDGET_USED] = True
    asked = state.url_value("budget")
    try:
        value = float(asked) if asked else math.nan
    except ValueError:
        return None
    return value if math.isfinite(value) and value > 0 else None


def budget_choice(scenario: Scenario) -> float | None:
    """The total to optimise: None for the scenario's own budget, else the what-if amount.

    The box is a number box (decimals written the reader's way) whose text the page keeps
    itself: rewritten from the budget in force on every run, so that it follows the language
    and comes back on a return to the page, except while it holds an entry that cannot be
    read, which stays for correcting beside the reason, the last good budget still in force."""
    total = float(scenario.budget.total)
    owner = _owner(scenario)
    lang = i18n.current_language()
    label = tr("budget", unit=widgets.unit_label(scenario))
    kept = st.session_state.get(BUDGET_STORE)
    if kept is None or kept[0] != owner:
        kept = (owner, _url_budget() or total, None)
    _, value, shown = kept
    problem = None
    typed = st.session_state.get(BUDGET_KEY)
    if isinstance(typed, str) and shown is not None and typed != shown:  # something typed
        reading = number_box.read_number(typed, lang, label, number_box.POSITIVE)
        value = value if reading.value is None else reading.value
        problem = reading.problem
    if problem is None:  # the box shows the budget in force, in the language on screen
        shown = number_box.number_text(value, lang)
        st.session_state[BUDGET_KEY] = shown
    st.session_state[BUDGET_STORE] = (owner, value, shown)
    number_box.number_box(
        label, None, key=BUDGET_KEY, allowed=number_box.POSITIVE, help=tr("budget_help")
    )
    if problem is not None:
        amount = widgets.money(scenario, value, decimals=parts_places(value, total))
        st.error(tr("budget_kept", problem=problem, amount=amount), icon=":material/error:")
    chosen = None if abs(value - total) <= 1e-9 * total else value
    written = None if chosen is None else number_box.number_text(chosen, "en")
    state.remember_in_url("budget", written)
    return chosen


def _owner(scenario: Scenario) -> tuple[int, float]:
    """Whose what-if budget is kept: the scenario open (its generation) and its own budget."""
    return state.generation(), float(scenario.budget.total)


def kept_through(change: Callable[[], None]) -> None:
    """`change` (a repair of the rules, or its undo) made to the scenario open: the what-if
    budget stays in force (the repair was found for it, and is read at it), though the change
    opens the scenario anew for every form."""
    kept = st.session_state.get(BUDGET_STORE)
    before = _owner(state.current())
    change()
    if kept is not None and kept[0] == before:
        st.session_state[BUDGET_STORE] = (_owner(state.current()), *kept[1:])
