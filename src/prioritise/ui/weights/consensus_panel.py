"""How far the stakeholders agree: spread per weight, Kendall's W in words, agreement map."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from prioritise.scenario import Scenario
from prioritise.ui import charts, i18n, results, state, widgets
from prioritise.ui.weights.editor import WEIGHT_SETS, item_labels
from prioritise.ui.weights.editor import tr as editor_tr

TEXT = {
    "en": {
        "head": "Consensus",
        "weight_set": "Weights for",
        "need_two": "Agreement needs at least two stakeholders who stated these weights.",
        "kendall": "{words} among {raters} stakeholders over {items} items "
        "(Kendall's W = {w}; p = {p}: {chance}).",
        "chance_no": "unlikely to be chance",
        "chance_yes": "could well be chance",
        "kendall_help": "Kendall's W runs from 0 (no shared ranking) to 1 (everybody ranks the "
        "items the same way).",
        "spread": "Each stakeholder's weights (dots) and the group weight (diamond)",
        "table_mean": "Mean",
        "table_sd": "Spread (std. dev.)",
        "table_min": "Lowest",
        "table_max": "Highest",
        "map": "Disagreement map: how alike two stakeholders rank the items",
        "map_note": "Kendall's τ between two stakeholders' weights: 1 (blue) same order, "
        "0 unrelated, −1 (red) opposite order.",
        "not_stated": "Stakeholders who did not state these weights: {names}.",
    },
    "es": {
        "head": "Consenso",
        "weight_set": "Ponderaciones de",
        "need_two": "Medir el acuerdo requiere al menos dos actores que hayan expresado estas "
        "ponderaciones.",
        "kendall": "{words} entre {raters} actores sobre {items} elementos "
        "(W de Kendall = {w}; p = {p}: {chance}).",
        "chance_no": "difícilmente es azar",
        "chance_yes": "bien podría ser azar",
        "kendall_help": "La W de Kendall va de 0 (ningún orden compartido) a 1 (todos ordenan "
        "los elementos igual).",
        "spread": "Ponderación de cada actor (puntos) y del grupo (rombo)",
        "table_mean": "Promedio",
        "table_sd": "Dispersión (desv. estándar)",
        "table_min": "Mínimo",
        "table_max": "Máximo",
        "map": "Mapa de discrepancia: cuán parecido ordenan los elementos dos actores",
        "map_note": "τ de Kendall entre las ponderaciones de dos actores: 1 (azul) mismo orden, "
        "0 sin relación, −1 (rojo) orden opuesto.",
        "not_stated": "Actores que no expresaron estas ponderaciones: {names}.",
    },
}
tr = i18n.page_text(TEXT)
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
        st.warning(i18n.t("scores_unavailable", detail=str(exc)))
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
            key=state.widget_key("consensus_set"),
        )
        or sets[0]
    )
    agreement = tree.consensus[weight_set]
    people = {s.id: s.name for s in scenario.stakeholders}
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
    st.dataframe(widgets.styled(table, dict.fromkeys(columns, percent)), key="consensus_table")
    if len(agreement.agreement.index) >= 2:
        matrix = agreement.agreement.rename(index=people, columns=people)
        st.markdown(f"**{tr('map')}**")
        st.plotly_chart(
            charts.heatmap(matrix, sep, colorscale="RdBu", value_format=".2f", zmin=-1, zmax=1),
            key="consensus_map",
        )
        st.caption(tr("map_note"))
