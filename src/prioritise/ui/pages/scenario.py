"""Scenario page: open, upload, download; budget and constraints; data and its sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from prioritise.scenario import Problem, Scenario, check_warnings, warnings_at
from prioritise.ui import access, i18n, state, widgets
from prioritise.ui.scenario import budget as scenario_budget
from prioritise.ui.scenario import evidence
from prioritise.ui.scenario import forms as scenario_forms

tr = i18n.page_text("scenario")

UPLOAD_SEEN = "scenario_upload_seen"
UPLOAD_PROBLEMS = "scenario_upload_problems"
TABS_KEY = "scenario_tab"


def _summary(scenario: Scenario) -> None:
    meta, budget = scenario.scenario, scenario.budget
    lang = i18n.current_language()
    st.title(meta.name_in(lang))
    if meta.description_in(lang):
        st.write(meta.description_in(lang))
    sectors = sum(p.kind == "sector" for p in scenario.programmes)
    cols = [*st.columns(3), *st.columns(3)]
    cols[0].metric(
        _marked(tr("m_budget"), budget.source),
        widgets.money(scenario, budget.total),
        help=widgets.provenance(scenario, budget.source, lang),
    )
    cols[1].metric(
        tr("m_years"),
        f"{budget.years[0]}–{budget.years[-1]}" if len(budget.years) > 1 else str(budget.years[0]),
    )
    cols[2].metric(
        tr("m_programmes"),
        len(scenario.programmes),
        help=tr("m_programmes_help", sectors=sectors, platforms=len(scenario.programmes) - sectors),
    )
    cols[3].metric(tr("m_areas"), len(scenario.enabling_areas))
    cols[4].metric(tr("m_regions"), len(scenario.regions))
    cols[5].metric(tr("m_stakeholders"), len(scenario.stakeholders))


def handle_upload(data: bytes, name: str, upload_id: str) -> None:
    """Open an uploaded file once; problems are kept to show until the next upload."""
    if st.session_state.get(UPLOAD_SEEN) == upload_id or not access.unlocked():
        return
    st.session_state[UPLOAD_SEEN] = upload_id
    problems = state.open_upload(data, name)
    if problems:
        st.session_state[UPLOAD_PROBLEMS] = (name, problems)
        return
    st.session_state.pop(UPLOAD_PROBLEMS, None)
    state.notify(tr("opened", name=name), "success")
    st.rerun()


def _open_and_save(scenario: Scenario) -> None:
    shipped = state.shipped_scenarios()
    left, right = st.columns(2)
    with left:
        if shipped:
            names = list(shipped)
            current = state.shipped_name() or state.opened_stem()
            choice = st.selectbox(
                tr("shipped"),
                names,
                placeholder=i18n.t("choose_one"),
                index=names.index(current) if current in names else 0,
                format_func=i18n.labels_for(names, lambda n: widgets.shipped_label(shipped[n])),
                help=tr("shipped_help"),
                key=state.worded("shipped_choice"),
            )
            if st.button(tr("open"), icon=":material/folder_open:", key="open_shipped"):
                problems = state.open_shipped(choice)
                if problems:
                    widgets.show_problems(problems, tr("upload_failed", name=f"{choice}.toml"))
                else:
                    state.notify(tr("opened", name=f"{choice}.toml"), "success")
                    st.rerun()
        uploaded = widgets.file_uploader(
            tr("upload"),
            key=state.widget_key("upload"),
            box="scenario_upload_box",
            types=["toml"],
            help=tr("upload_help"),
        )
        if uploaded is not None:
            handle_upload(uploaded.getvalue(), uploaded.name, str(uploaded.file_id))
        failed = st.session_state.get(UPLOAD_PROBLEMS)
        if failed:
            widgets.show_problems(failed[1], tr("upload_failed", name=failed[0]))
    with right:
        st.download_button(
            tr("download"),
            data=state.current_text().encode("utf-8"),
            file_name=state.download_name(scenario),
            mime="application/toml",
            help=tr("download_help"),
            icon=":material/download:",
            key="download_scenario",
        )
        with st.expander(tr("show_text")):
            st.code(state.current_text(), language="toml")


def _marked(name: str, source: str | None) -> str:
    return f"{name} ⚠" if widgets.is_illustrative(source) else name


def _readable(frame: pd.DataFrame, special: dict | None = None):
    """Numbers written the language's way; whole-number columns without decimals."""
    formats = {}
    for column in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[column]) and frame[column].dtype != bool:
            formats[column] = widgets.plain_number()
    return widgets.styled(frame, formats | (special or {}))


def _warnings(problems: list[Problem]) -> None:
    """The warnings about one table, beside it: what each gap does, items by name."""
    if not problems:
        return
    lang = i18n.current_language()
    body = [f"**{tr('data_warnings')}**", ""]
    body += [f"- {i18n.library_text(problem.message, lang)}" for problem in problems]
    st.warning("\n".join(body), icon=":material/warning:")


def _data_and_sources(scenario: Scenario) -> None:
    lang = i18n.current_language()
    found = check_warnings(scenario)
    st.subheader(tr("criteria_head"))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("col_name"): i18n.label(c, lang),
                    tr("col_level"): tr(f"level_{c.level}"),
                    tr("col_direction"): tr(f"dir_{c.direction}"),
                    tr("col_scale"): (
                        f"{i18n.plain(c.scale[0], lang)}–{i18n.plain(c.scale[1], lang)}"
                        if c.scale
                        else ""
                    ),
                    tr("col_unit"): c.unit_in(lang) or "",
                    tr("col_source"): widgets.provenance(
                        scenario, evidence.criterion_source(scenario, c), lang
                    ),
                }
                for c in scenario.criteria
            ]
        ),
        hide_index=True,
        height=widgets.table_height(len(scenario.criteria)),
    )
    programme_criteria = [c for c in scenario.criteria if c.level == "programme"]
    st.subheader(tr("programmes_head"))
    rows = []
    for p in scenario.programmes:
        row: dict[str, object] = {
            tr("programme"): i18n.label(p, lang),
            tr("col_kind"): i18n.t(p.kind, lang),
        }
        for c in programme_criteria:
            marked = _marked(i18n.label(c, lang), evidence.criterion_source(scenario, c))
            row[marked] = evidence.performance(scenario, p, c)
        rows.append(row)
    st.dataframe(
        _readable(pd.DataFrame(rows)), hide_index=True, height=widgets.table_height(len(rows))
    )
    st.subheader(tr("regions_head"))
    region_criteria = [c for c in scenario.criteria if c.level == "region"]
    rows = []
    for r in scenario.regions_north_to_south():
        row = {
            tr("region"): i18n.label(r, lang),
            tr("col_population"): r.population,
            tr("col_gdp"): r.gdp_share,
            tr("col_pilot"): bool(r.pilot),
        }
        for c in region_criteria:
            row[_marked(i18n.label(c, lang), c.source)] = r.performance.get(c.id)
        rows.append(row)
    st.dataframe(
        _readable(pd.DataFrame(rows), {tr("col_gdp"): widgets.percent_of()}),
        hide_index=True,
        height=widgets.table_height(len(rows)),
    )
    _warnings(warnings_at(found, "regions"))
    st.caption(tr("illustrative_note"))
    st.subheader(tr("tables_head"))
    programme_name = i18n.labeller(scenario.programmes, lang)
    column_name = {
        **{a.id: i18n.label(a, lang) for a in scenario.enabling_areas},
        **{r.id: i18n.label(r, lang) for r in scenario.regions},
    }
    for table_id in scenario.tables:
        source = scenario.table_source(table_id)
        heading = (
            tr("table_need")
            if table_id == "need"
            else tr("table_other", name=scenario.table_name(table_id, lang))
        )
        said = widgets.provenance(scenario, source, lang)
        own = [  # rows with a source other than the table's, as `prioritise show` lists them
            f"{programme_name(row)} ({widgets.provenance(scenario, row_source, lang)})"
            for row in scenario.table(table_id)
            if (row_source := scenario.row_source(table_id, row)) != source
        ]
        if own:
            said = tr("row_sources", source=said, rows="; ".join(own))
        st.markdown(f"**{heading}** — {said}")
        frame = pd.DataFrame(scenario.table(table_id)).T
        frame.index = [programme_name(i) for i in frame.index]
        frame.columns = [column_name.get(c, c) for c in frame.columns]
        st.dataframe(_readable(frame), height=widgets.table_height(len(frame)))
        unit = scenario.table_text(table_id, "unit", lang)
        note = scenario.table_text(table_id, "note", lang)
        about = [tr("table_unit", unit=unit)] if unit else []
        if about or note:  # what the figures are in and how they were made, as the file says
            st.caption(" ".join([*about, *([note] if note else [])]))
        _warnings(warnings_at(found, f"tables.{table_id}"))
    evidence.render_derived(scenario)
    evidence.render_shares(scenario)
    st.subheader(tr("sources_head"))
    if not scenario.sources:
        st.caption(tr("no_sources"))
    for entry in scenario.sources:
        title = entry.title_in(lang)
        title = f"[{title}]({entry.url})" if entry.url else title
        shown = entry.year and str(entry.year) not in entry.title_in(lang)  # "…, 2023" says it
        year = f" ({entry.year})" if shown else ""
        note = f" — {entry.note_in(lang)}" if entry.note_in(lang) else ""
        st.markdown(f"- `{entry.id}`: {title}{year}{note}")


def render() -> None:
    scenario = state.current()
    _summary(scenario)
    count = len(check_warnings(scenario))
    if count:
        st.warning(tr("warnings_summary", count=count), icon=":material/warning:")
    # A key gives the tabs one identity whatever is drawn above them: without it, Apply (which
    # redraws the page with its notice above) sent the reader back to the first tab. Every
    # page's tabs have one for the same reason.
    tabs = st.tabs(
        [tr("tab_open"), tr("tab_budget"), tr("tab_constraints"), tr("tab_data")],
        key=TABS_KEY,
    )
    with tabs[0]:
        _open_and_save(scenario)
    with tabs[1]:
        scenario_budget.budget_form(scenario)
    with tabs[2]:
        scenario_forms.constraints_form(scenario)
    with tabs[3]:
        _data_and_sources(scenario)


if __name__ in ("__main__", "__page__"):
    render()
