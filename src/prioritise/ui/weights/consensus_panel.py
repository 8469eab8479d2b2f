"""How far the stakeholders agree: spread per weight, Kendall's W in words, agreement map."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from prioritise.scenario import Scenario
from prioritise.ui import charts, i18n, results, state, widgets
from prioritise.ui.weights.agreement_map import agreement_map, tau_text
from prioritise.ui.weights.editor import tr as editor_tr
from prioritise.ui.weights.items import WEIGHT_SETS, item_labels
from prioritise.ui.workshop import room

tr = i18n.page_text("weights_consensus_panel")
SET_TEXT = {
    "criteria": "set_criteria",
    "enabling_areas": "set_enabling_areas",
    "regional_criteria": "set_regional_criteria",
    "programmes": "set_programmes",
}


def _set_label(weight_set: str) -> str:
    return editor_tr(SET_TEXT[weight_set])


def consensus_panel(scenario: Scenario) -> None:
    lang = i18n.current_language()
    sep = i18n.plotly_separators(lang)
    st.subheader(tr("head"))
    try:
        tree = results.scores(state.current_text())
    except results.ScoringFailed as exc:
        st.warning(i18n.t("scores_unavailable", detail=i18n.library_text(exc)))
        return
    sets = [ws for ws in WEIGHT_SETS if ws in tree.consensus]
    if not sets:
        st.info(tr("need_two"))
        return
    weight_set = (
        st.segmented_control(
            tr("weight_set"),
            sets,
            default=sets[0],
            format_func=i18n.labels_for(sets, _set_label),
            key=state.choice_key("consensus_set"),
        )
        or sets[0]
    )
    agreement = tree.consensus[weight_set]
    people = {s.id: i18n.label(s, lang) for s in scenario.stakeholders}
    labels = item_labels(scenario, weight_set, lang)
    kendall = agreement.kendall
    if kendall is None or math.isnan(kendall.w):
        st.info(tr("need_two"))
    else:
        st.markdown(
            tr(
                "kendall",
                words=i18n.agreement_words(kendall.w, lang).capitalize(),
                raters=kendall.raters,
                items=kendall.items,
                w=i18n.number(kendall.w, lang, 2),
                p=i18n.number(kendall.p_value, lang, 3),
                chance=tr("chance_no") if kendall.p_value < 0.05 else tr("chance_yes"),
            ),
            help=tr("kendall_help"),
        )
    individual = tree.stakeholder_weights[weight_set]
    missing = [people[s.id] for s in scenario.stakeholders if s.id not in individual.index]
    if missing:
        st.caption(tr("not_stated", names=", ".join(missing)))
    totals = individual.sum(axis=1).replace(0, 1)
    shares = individual.div(totals, axis=0).rename(index=people, columns=labels)
    group = tree.weights.get(weight_set, pd.Series(dtype=float)).rename(index=labels)
    st.markdown(f"**{tr('spread')}**")
    st.plotly_chart(
        charts.weight_spread(shares, group, i18n.t("weight"), i18n.t("group_weights"), sep),
        key="consensus_spread",
    )
    spread = agreement.dispersion
    table = pd.DataFrame(
        {
            i18n.t("group_weights"): group.reindex([labels[i] for i in spread.index]).values,
            tr("table_mean"): spread["mean"].to_numpy(),
            tr("table_sd"): spread["std"].to_numpy(),
            tr("table_min"): [
                f"{i18n.percent(v, lang)} ({people.get(w, w)})"
                for v, w in zip(spread["min"], spread["min_by"], strict=True)
            ],
            tr("table_max"): [
                f"{i18n.percent(v, lang)} ({people.get(w, w)})"
                for v, w in zip(spread["max"], spread["max_by"], strict=True)
            ],
        },
        index=[labels.get(i, i) for i in spread.index],
    )
    percent = widgets.percent_of()
    columns = (i18n.t("group_weights"), tr("table_mean"), tr("table_sd"))
    st.dataframe(
        widgets.styled(table, dict.fromkeys(columns, percent)),
        height=widgets.table_height(len(table)),
        key="consensus_table",
    )
    if len(agreement.agreement.index) >= 2:
        matrix = agreement.agreement.rename(index=people, columns=people)
        st.markdown(f"**{tr('map')}**")
        figure, key = agreement_map(matrix, sep, room.on_phone())
        st.plotly_chart(figure, key="consensus_map")
        if key:  # a phone's map numbers the stakeholders: here are their names
            st.markdown("\n".join(key))
        st.caption(tr("map_note", same=tau_text(1), none=tau_text(0), opposite=tau_text(-1)))
