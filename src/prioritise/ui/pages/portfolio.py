"""Portfolio page: the optimised split of the budget — headline figures, where the money goes,
the rules that shape it and the downloads; an infeasible scenario gets the rules that cannot all
hold and the verified ways out, one of which is applied (and undone) with a button."""

from __future__ import annotations

import math

import streamlit as st

from prioritise.allocate import budget_parts, parts_places
from prioritise.scenario import Scenario
from prioritise.ui import i18n, number_box, optimising, state, widgets
from prioritise.ui.portfolio import repairs as portfolio_repairs
from prioritise.ui.portfolio import tables as portfolio_tables
from prioritise.ui.portfolio import views as portfolio_views
from prioritise.ui.results import AllocationFailed

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
    owner = (state.generation(), total)
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


def render() -> None:
    scenario = state.current()
    lang = i18n.current_language()
    st.title(tr("title"))
    st.caption(tr("intro"))
    left, right = st.columns(2)
    with left:
        budget = budget_choice(scenario)
    with right:
        limit = optimising.time_limit_setting("portfolio")
    if budget is not None:
        places = parts_places(budget, scenario.budget.total)
        st.info(
            tr(
                "what_if",
                amount=widgets.money(scenario, budget, decimals=places),
                budget=widgets.money(scenario, scenario.budget.total, decimals=places),
            )
        )
    portfolio_repairs.applied_banner()
    share = scenario.initiatives_share
    if share >= 1:
        st.info(tr("initiatives_only"))
        return
    if share > 0:
        parts = budget_parts(scenario, budget)
        st.info(
            tr(
                "mixed_note",
                initiatives=widgets.money(scenario, parts.initiatives, decimals=parts.places),
                budget=widgets.money(scenario, parts.whole, decimals=parts.places),
                lines=widgets.money(scenario, parts.lines, decimals=parts.places),
            )
        )
    text = state.current_text()
    try:
        with st.spinner(tr("running")):
            result = optimising.split(text, budget, lang, limit)
    except AllocationFailed as exc:
        st.error(tr("failed", detail=i18n.library_text(exc)))
        return
    if not result.solved:
        portfolio_views.diagnosis(result)
        return
    # the split first; the baselines (the headline's gains) and the downloads when ready
    top, files = st.empty(), st.empty()
    with top.container():
        portfolio_views.headline(scenario, result)
    names = portfolio_views.names_of(scenario, lang)
    tabs = st.tabs(
        [tr("tab_flow"), tr("tab_regions"), tr("tab_years"), tr("tab_table"), tr("tab_rules")],
        key="portfolio_tabs",
    )
    with tabs[0]:
        portfolio_views.flow(scenario, result, names)
    with tabs[1]:
        portfolio_views.regions(scenario, result, names)
        portfolio_tables.money_sources(scenario, result, names)
    with tabs[2]:
        portfolio_views.years(scenario, result, names)
    with tabs[3]:
        portfolio_tables.full_table(scenario, result, names)
    with tabs[4]:
        portfolio_tables.constraints(scenario, result, text=text, budget=budget, time_limit=limit)
    with top.container():
        portfolio_views.headline(scenario, optimising.allocation(text, budget, lang, limit))
    with files.container():
        portfolio_tables.downloads(scenario, text, budget, lang, limit)


if __name__ in ("__main__", "__page__"):
    render()
