"""Initiatives page: the proposals the budget may fund — which ones the optimiser funds, in
full or in part, and why the others are left out; their dependencies; value for money (the
efficient frontier and the marginal initiatives); and the edits a workshop makes. A scenario
without initiatives gets how to add them and the spreadsheet template."""

from __future__ import annotations

import streamlit as st

from prioritise.scenario import Scenario, template_bytes
from prioritise.ui import i18n, optimising, state
from prioritise.ui.initiatives import chart, computed, editing, views
from prioritise.ui.results import AllocationFailed

tr = i18n.page_text("initiatives")

TEMPLATES = (
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("csv", "text/csv"),
)


def template_downloads(scenario: Scenario, lang: str) -> None:
    columns = st.columns(len(TEMPLATES))
    for column, (kind, mime) in zip(columns, TEMPLATES, strict=True):
        column.download_button(
            tr(f"template_{kind}"),
            data=template_bytes(scenario, lang, kind),
            file_name=f"{optimising.file_stem(scenario)}-{tr('file_suffix')}.{kind}",
            mime=mime,
            icon=":material/download:",
            key=f"init_template_{kind}",
        )


def render() -> None:
    scenario = state.current()
    lang = i18n.current_language()
    st.title(tr("title"))
    st.caption(tr("intro"))
    if not scenario.initiatives:
        st.info(tr("none"), icon=":material/info:")
        st.markdown(tr("none_how"))
        template_downloads(scenario, lang)
        return
    text = state.current_text()
    try:
        with st.spinner(tr("running")):
            found = computed.result(text, lang)
    except AllocationFailed as exc:
        st.error(tr("failed", detail=exc.text(lang)))
        return
    if not found.portfolio.solved:
        lines = found.portfolio.lines()
        st.warning("\n".join(f"- {i18n.library_text(m, lang)}" for m in lines))
        editing.edit_form(scenario, found.names)
        return
    views.headline(scenario, found)
    tabs = st.tabs([tr("tab_table"), tr("tab_chart"), tr("tab_deps"), tr("tab_edit")])
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
        st.caption(tr("template_intro"))
        template_downloads(scenario, lang)


if __name__ in ("__main__", "__page__"):
    render()
