"""Portfolio page: the optimised split of the budget — headline figures, where the money goes,
the rules that shape it and the downloads; an infeasible scenario gets the rules that cannot all
hold and the verified ways out, one of which is applied (and undone) with a button."""

from __future__ import annotations

import streamlit as st

from prioritise.allocate import budget_parts, parts_places
from prioritise.ui import i18n, optimising, state, widgets
from prioritise.ui.portfolio import repairs as portfolio_repairs
from prioritise.ui.portfolio import tables as portfolio_tables
from prioritise.ui.portfolio import views as portfolio_views
from prioritise.ui.portfolio import what_if
from prioritise.ui.results import AllocationFailed

tr = i18n.page_text("portfolio")


def render() -> None:
    scenario = state.current()
    lang = i18n.current_language()
    st.title(tr("title"))
    st.caption(tr("intro"))
    left, right = st.columns(2)
    with left:
        budget = what_if.budget_choice(scenario)
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
