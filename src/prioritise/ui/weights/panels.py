"""Beside a stakeholder's weights: the weights a ranking or a set of comparisons stands for,
and the group's programme priorities with what the change made to them."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from prioritise.scenario import Scenario
from prioritise.ui import i18n, results, state, widgets
from prioritise.ui.weights.items import current_weights, item_groups, item_labels
from prioritise.ui.workshop import room

tr = i18n.page_text("weights_editor")

# the beginnings of the panels' table keys: laid out to fit a phone (`widgets.FITTING_TABLES`)
WEIGHTS_TABLE = "weights_given"
EFFECT_TABLE = "weights_effect"


def _name_column() -> Any:
    """A table's name column, cut short on a phone (a touch shows the name whole) so that its
    numbers stay in view."""
    return st.column_config.TextColumn(width=widgets.PHONE_NAME_PX if room.on_phone() else None)


def weights_panel(scenario: Scenario, person_id: str, weight_set: str) -> None:
    """The weights a ranking or a set of comparisons stands for, each group's adding up to
    100 % as the model weighs them (docs/model.md §15.1): what the form means, in numbers. Two
    groups (the programmes' criteria and the initiatives') get a table each, under its
    heading, so that the weights stay in view beside the form."""
    weights = current_weights(scenario, weight_set, person_id)
    labels = item_labels(scenario, weight_set, i18n.current_language())
    st.markdown(f"**{tr('weights_given')}**")
    formats = {tr("weights_share"): widgets.percent_of()}
    for heading, group in item_groups(scenario, weight_set):
        part = weights.reindex(group).fillna(0.0)
        total = float(part.sum()) or 1.0
        table = pd.DataFrame(
            {
                tr("weights_item"): [labels.get(item, item) for item in group],
                tr("weights_share"): [float(v) / total for v in part],
            }
        )
        if heading is not None:
            st.caption(tr(heading))
        key = f"{WEIGHTS_TABLE}:{person_id}:{weight_set}:{heading or 'all'}"
        with st.container(key=f"{key}:box"):  # a table has no class of its own to fit by
            st.dataframe(
                widgets.styled(table, formats),
                hide_index=True,
                height=widgets.table_height(len(table)),
                column_config={tr("weights_item"): _name_column()},
                key=key,
            )


def beside_form(scenario: Scenario, person_id: str, weight_set: str) -> None:
    """Beside a ranking's or a comparison's form: the weights it gives and their effect."""
    weights_panel(scenario, person_id, weight_set)
    effect_panel(person_id, weight_set, "applied")


def _before_key(person_id: str, weight_set: str) -> str:
    return state.widget_key("effect_before", person_id, weight_set)


def remember_before(person_id: str, weight_set: str) -> None:
    """Keep the group's programme priorities before the first change made to these weights
    (a slider moved, a form applied), for `effect_panel` to measure the change from."""
    key = _before_key(person_id, weight_set)
    if key in st.session_state:
        return
    try:
        st.session_state[key] = results.scores(state.current_text()).programmes
    except results.ScoringFailed:
        st.session_state[key] = None


def effect_panel(person_id: str, weight_set: str, since: str = "moved") -> None:
    """The group's programme priorities after the change, with the change in points since the
    first change made here (`since`: a slider moved, or a form applied)."""
    before = st.session_state.get(_before_key(person_id, weight_set))
    key = f"{EFFECT_TABLE}:{person_id}:{weight_set}"
    try:
        tree = results.scores(state.current_text())
    except results.ScoringFailed as exc:
        st.warning(i18n.t("scores_unavailable", detail=i18n.library_text(exc)))
        return
    scenario = state.current()
    names = i18n.labeller(scenario.programmes)
    now = tree.programmes.sort_values(ascending=False)
    table = pd.DataFrame(
        {
            i18n.t("programme"): [names(p) for p in now.index],
            i18n.t("priority"): now.to_numpy(),
        }
    )
    if before is not None:
        table[tr("effect_change")] = (now - before.reindex(now.index)).to_numpy()
    st.markdown(f"**{tr('effect')}**")
    formats = {
        i18n.t("priority"): widgets.percent_of(),
        tr("effect_change"): widgets.points_change(),
    }
    with st.container(key=f"{key}:box"):
        st.dataframe(
            widgets.styled(table, formats),
            hide_index=True,
            column_config={i18n.t("programme"): _name_column()},
            height=widgets.table_height(len(table)),
            key=key,
        )
    if before is not None:
        st.caption(tr("effect_note") if since == "moved" else tr("effect_note_applied"))
