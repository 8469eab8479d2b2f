"""Initiatives page: the proposals the budget may fund — which ones the optimiser funds, in
full or in part, and why the others are left out; their dependencies; value for money (the
efficient frontier and the marginal initiatives); the edits a workshop makes, one initiative
at a time or all of them from a spreadsheet. A scenario without initiatives gets how to add
them, the spreadsheet template and its upload."""

from __future__ import annotations

import streamlit as st

from prioritise.ui import i18n, state
from prioritise.ui.initiatives import chart, computed, editing, importing, views
from prioritise.ui.results import AllocationFailed

tr = i18n.page_text("initiatives")


def render() -> None:
    scenario = state.current()
    lang = i18n.current_language()
    st.title(tr("title"))
    st.caption(tr("intro"))
    if not scenario.initiatives:
        st.info(tr("none"), icon=":material/info:")
        st.markdown(tr("none_how"))
        importing.downloads(scenario, lang)
        importing.upload(scenario)
        return
    text = state.current_text()
    try:
        with st.spinner(tr("running")):
            found = computed.result(text, lang)
    except AllocationFailed as exc:
        st.error(tr("failed", detail=exc.text(lang)))
        importing.section(scenario, lang)  # a sheet that led here can be replaced
        return
    if not found.portfolio.solved:
        lines = found.portfolio.lines()
        st.warning("\n".join(f"- {i18n.library_text(m, lang)}" for m in lines))
        editing.edit_form(scenario, found.names)
        importing.section(scenario, lang)
        return
    views.headline(scenario, found)
    tabs = st.tabs(
        [tr("tab_table"), tr("tab_chart"), tr("tab_deps"), tr("tab_edit")], key="initiatives_tabs"
    )
    with tabs[0]:
        views.show_table(scenario, found)
    with tabs[1]:
        try:
            with st.spinner(tr("running_frontier")):
                vfm = computed.value_for_money(text)
        except AllocationFailed as exc:
            st.error(tr("failed", detail=exc.text(lang)))
        else:
            chart.value_chart(scenario, found, vfm)
    with tabs[2]:
        views.dependencies(scenario, found)
    with tabs[3]:
        editing.edit_form(scenario, found.names)
        importing.section(scenario, lang)


if __name__ in ("__main__", "__page__"):
    render()
