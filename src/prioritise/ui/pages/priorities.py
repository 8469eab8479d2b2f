"""Priorities page: programme ranking and its breakdown, the action matrix, regions north to
south, the three MCDA methods side by side and each stakeholder's ranking."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from prioritise.scenario import Scenario
from prioritise.scoring.fast_values import METHODS
from prioritise.scoring.tree import ValueTree
from prioritise.ui import charts, i18n, results, state, widgets

tr = i18n.page_text("priorities")

ALL = "__all__"


def _labels(scenario: Scenario, lang: str) -> dict[str, str]:
    names: dict[str, str] = {
        "equal_split": tr("equal_split"),
        "direct_weights": tr("direct_weights"),
    }
    for items in (
        scenario.criteria,
        scenario.programmes,
        scenario.enabling_areas,
        scenario.regions,
    ):
        names.update({item.id: i18n.label(item, lang) for item in items})
    names.update({s.id: i18n.label(s, lang) for s in scenario.stakeholders})
    return names


def _relabel(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    return frame.rename(index=lambda i: names.get(i, i), columns=lambda c: names.get(c, c))


def _method_choice(scenario: Scenario) -> str:
    key = state.worded("priorities_method")
    if key not in st.session_state:
        asked = state.url_value("method")
        st.session_state[key] = asked if asked in METHODS else scenario.priority.method
    method = (
        st.segmented_control(
            tr("method"),
            METHODS,
            format_func=i18n.labels_for(METHODS, i18n.method_label),
            help=tr("method_help"),
            key=key,
        )
        or scenario.priority.method
    )
    st.caption(tr("scenario_method", method=i18n.method_label(scenario.priority.method)))
    state.remember_in_url("method", method if method != scenario.priority.method else None)
    return method


def _ranking(scenario: Scenario, tree: ValueTree, names: dict[str, str], sep: str) -> None:
    st.subheader(tr("ranking_head"))
    parts = tree.contributions["programmes"]
    if parts is None:
        st.info(tr("no_breakdown"))
        parts = tree.programmes.to_frame(i18n.t("priority"))
    parts = parts.loc[:, (parts.abs() > 1e-12).any(axis=0)]
    st.plotly_chart(
        charts.contribution_bars(_relabel(parts, names), i18n.t("priority"), sep),
        key="ranking_chart",
    )
    st.caption(tr("ranking_note"))
    kinds = {p.id: i18n.t(p.kind) for p in scenario.programmes}
    table = pd.DataFrame(
        {
            tr("col_rank"): tree.programmes.rank(ascending=False, method="min").astype(int),
            i18n.t("programme"): [names[p] for p in tree.programmes.index],
            tr("col_kind"): [kinds[p] for p in tree.programmes.index],
            i18n.t("priority"): tree.programmes,
        }
    ).sort_values(tr("col_rank"))
    st.dataframe(
        widgets.styled(table, {i18n.t("priority"): widgets.percent_of()}),
        hide_index=True,
        height=widgets.table_height(len(table)),
        key="ranking_table",
    )


def _matrix(tree: ValueTree, names: dict[str, str], sep: str) -> None:
    st.subheader(tr("matrix_head"))
    view = st.radio(
        tr("matrix_view"),
        ("whole", "within"),
        horizontal=True,
        format_func=i18n.labels_for(("whole", "within"), lambda k: tr(f"matrix_{k}")),
        key=state.worded("matrix_view"),
    )
    frame = tree.enabling
    if view == "whole":
        frame = tree.cells.groupby(["programme", "enabling_area"], sort=False)["value"].sum()
        frame = frame.unstack().reindex(index=tree.enabling.index, columns=tree.enabling.columns)
    order = tree.programmes.sort_values(ascending=False).index
    st.plotly_chart(charts.heatmap(_relabel(frame.loc[order], names), sep), key="matrix_chart")
    with st.expander(tr("cell_head")):
        _explain_cell(tree, names)


def _explain_cell(tree: ValueTree, names: dict[str, str]) -> None:
    cols = st.columns(3)
    programme: str = cols[0].selectbox(
        i18n.t("programme"),
        list(tree.programmes.index),
        placeholder=i18n.t("choose_one"),
        format_func=lambda ident: names.get(ident, ident),
        key=state.choice_key("cell_programme"),
    )
    area: str = cols[1].selectbox(
        i18n.t("enabling_area"),
        list(tree.enabling.columns),
        placeholder=i18n.t("choose_one"),
        format_func=lambda ident: names.get(ident, ident),
        key=state.choice_key("cell_area"),
    )
    region: str = cols[2].selectbox(
        i18n.t("region"),
        list(tree.regions.columns),
        placeholder=i18n.t("choose_one"),
        format_func=lambda ident: names.get(ident, ident),
        key=state.choice_key("cell_region"),
    )
    p, q = tree.programmes[programme], tree.enabling.loc[programme, area]
    f = tree.regions.loc[programme, region]
    value = tree.cells.set_index(["programme", "enabling_area", "region"])["value"]
    st.write(
        tr(
            "cell_text",
            programme=names[programme],
            area=names[area],
            region=names[region],
            p=i18n.percent(p),
            q=i18n.percent(q),
            f=i18n.percent(f),
            v=i18n.percent(value[(programme, area, region)], decimals=2),
        )
    )
    top = tree.cells.nlargest(10, "value")
    st.markdown(f"**{tr('top_cells')}**")
    table = pd.DataFrame(
        {
            i18n.t("programme"): top["programme"].map(names),
            i18n.t("enabling_area"): top["enabling_area"].map(names),
            i18n.t("region"): top["region"].map(names),
            tr("col_value"): top["value"],
        }
    )
    st.dataframe(
        widgets.styled(table, {tr("col_value"): widgets.percent_of(2)}),
        hide_index=True,
        height=widgets.table_height(len(table)),
    )


def _regions(scenario: Scenario, tree: ValueTree, names: dict[str, str], sep: str) -> None:
    north_to_south = [r.id for r in scenario.regions_north_to_south()]
    pilots = [names[r.id] for r in scenario.regions if r.pilot]
    options = [ALL, *tree.programmes.sort_values(ascending=False).index]
    key = state.worded("priorities_programme")
    if st.session_state.get(key) not in options:
        asked = state.url_value("programme") if key not in st.session_state else None
        st.session_state[key] = asked if asked in options else ALL
    chosen = st.selectbox(
        tr("regions_for"),
        options,
        placeholder=i18n.t("choose_one"),
        key=key,
        format_func=i18n.labels_for(
            options, lambda p: tr("all_programmes") if p == ALL else names[p]
        ),
    )
    state.remember_in_url("programme", None if chosen == ALL else chosen)
    if chosen == ALL:
        values = tree.cells.groupby("region")["value"].sum()
    else:
        values = tree.regions.loc[chosen]
    strip = values.reindex(north_to_south).rename(index=names)
    left, right = st.columns([2, 3])
    with left:
        st.markdown(f"**{tr('strip_title')}**")
        st.plotly_chart(
            charts.region_strip(strip, i18n.t("priority"), sep, highlight=pilots),
            key="region_strip",
        )
        if pilots:
            st.caption(tr("strip_note"))
    with right:
        frame = tree.regions.T.reindex(north_to_south)
        frame = frame[tree.programmes.sort_values(ascending=False).index]
        st.markdown(f"**{tr('regions_heat')}**")
        st.plotly_chart(
            charts.heatmap(_relabel(frame, names), sep, text=len(frame.columns) <= 8),
            key="regions_heatmap",
        )
    region_parts = tree.contributions.get("regions")
    if chosen != ALL and region_parts is not None:
        parts = region_parts.loc[chosen]
        parts = parts.loc[:, (parts.abs() > 1e-12).any(axis=0)]
        st.markdown(f"**{tr('regions_parts', programme=names[chosen])}**")
        st.plotly_chart(
            charts.contribution_bars(_relabel(parts, names), i18n.t("priority"), sep),
            key="regions_parts",
        )


def _methods(tree: ValueTree, names: dict[str, str], sep: str) -> None:
    st.subheader(tr("methods_head"))
    by_method = tree.by_method[list(METHODS)]
    ranks = by_method.rank(ascending=False, method="min").astype(int)
    table = pd.DataFrame(index=by_method.index)
    for method in METHODS:
        label = i18n.method_label(method)
        table[f"{label} · {i18n.t('priority')}"] = by_method[method]
        table[f"{label} · {tr('col_rank')}"] = ranks[method]
    table = table.sort_values(table.columns[1]).rename(index=names)
    table.index.name = i18n.t("programme")
    percent = widgets.percent_of()
    st.dataframe(
        widgets.styled(table, dict.fromkeys(table.columns[::2], percent)),
        height=widgets.table_height(len(table)),
        key="methods_table",
    )
    rank_frame = ranks.rename(columns=i18n.method_label, index=names)
    st.markdown(f"**{tr('ranks_chart')}**")
    st.plotly_chart(
        charts.rank_lines(rank_frame, tr("col_rank"), sep),
        key="methods_chart",
    )
    st.caption(tr("methods_note"))


def _stakeholders(scenario: Scenario, tree: ValueTree, names: dict[str, str], sep: str) -> None:
    st.subheader(tr("stakeholders_head"))
    if tree.by_stakeholder.empty:
        st.info(i18n.t("no_stakeholders"))
        return
    frame = tree.by_stakeholder.copy()
    frame[ALL] = tree.programmes
    ranks = frame.rank(ascending=False, method="min").astype(int)
    ranks = ranks.sort_values(ALL)
    labels = {**names, ALL: tr("group_column")}
    st.plotly_chart(
        charts.heatmap(
            _relabel(ranks, labels),
            sep,
            colorscale="Blues_r",
            value_format="d",
            zmin=1,
            zmax=len(ranks.index),
        ),
        key="stakeholder_ranks",
    )
    st.caption(tr("stakeholders_note"))


def render() -> None:
    scenario = state.current()
    lang = i18n.current_language()
    sep = i18n.plotly_separators(lang)
    st.title(tr("title"))
    st.caption(tr("intro"))
    method = _method_choice(scenario)
    try:
        tree = results.scores(state.current_text(), method)
    except results.ScoringFailed as exc:
        st.error(i18n.t("scores_unavailable", detail=i18n.library_text(exc, lang)))
        return
    for note in tree.note_texts(lang):
        st.info(note)
    names = _labels(scenario, lang)
    tabs = st.tabs(
        [
            tr("tab_ranking"),
            tr("tab_matrix"),
            tr("tab_regions"),
            tr("tab_methods"),
            tr("tab_stakeholders"),
        ],
        key="priorities_tabs",
    )
    with tabs[0]:
        _ranking(scenario, tree, names, sep)
    with tabs[1]:
        _matrix(tree, names, sep)
    with tabs[2]:
        _regions(scenario, tree, names, sep)
    with tabs[3]:
        _methods(tree, names, sep)
    with tabs[4]:
        _stakeholders(scenario, tree, names, sep)


if __name__ in ("__main__", "__page__"):
    render()
