"""The scenario page's evidence: criteria computed from raw tables, with their formula and
values, and the share of each programme's and region's priority that rests on illustrative
inputs (docs/model.md §17–§18). The library computes everything; this module lays it out."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from prioritise.scenario import Scenario
from prioritise.scoring import derived_criteria, formula, table_is_illustrative
from prioritise.ui import i18n, results, state, widgets

tr = i18n.page_text("scenario")


def criterion_source(scenario: Scenario, criterion) -> str | None:
    """Where a criterion's values come from: its own source, or its table's when derived."""
    if criterion.derive is None:
        return criterion.source
    if table_is_illustrative(scenario, criterion.derive.table):
        return None
    return scenario.table_source(criterion.derive.table)


def performance(scenario: Scenario, programme, criterion) -> float | None:
    """A programme's value on a programme-level criterion, typed or computed."""
    if criterion.derive is None:
        return programme.performance.get(criterion.id)
    return float(derived_criteria(scenario)[criterion.id].values[programme.id])


def render_derived(scenario: Scenario) -> None:
    """Each computed criterion: how it is computed, from which table, and its values."""
    found = derived_criteria(scenario)
    if not found:
        return
    lang = i18n.current_language()
    st.subheader(tr("derived_head"))
    programme_name = i18n.labeller(scenario.programmes, lang)
    region_name = i18n.labeller(scenario.regions, lang)
    for criterion in scenario.criteria:
        if criterion.id not in found:
            continue
        source = widgets.provenance(scenario, criterion_source(scenario, criterion), lang)
        said = formula(criterion)
        st.markdown(f"**{i18n.label(criterion, lang)}** — {source}")
        st.caption(i18n.library_text(said, lang))
        values = found[criterion.id].values
        if isinstance(values, pd.DataFrame):
            frame = values.rename(index=programme_name, columns=region_name)
        else:
            frame = values.rename(index=programme_name).to_frame(i18n.label(criterion, lang))
        st.dataframe(
            widgets.styled(frame, dict.fromkeys(frame.columns, widgets.plain_number())),
            height=widgets.table_height(len(frame)),
        )


def render_shares(scenario: Scenario) -> None:
    """How much of each programme's priority and region's value rests on illustrative inputs."""
    lang = i18n.current_language()
    try:
        shares = results.scores(state.current_text()).illustrative
    except results.ScoringFailed:
        return
    st.subheader(tr("illustrative_share_head"))
    st.caption(tr("illustrative_share_note"))
    left, right = st.columns(2)
    for column, items, series, heading in (
        (left, scenario.programmes, shares.programmes, tr("programme")),
        (right, scenario.regions_north_to_south(), shares.regions, tr("region")),
    ):
        frame = pd.DataFrame(
            {
                heading: [i18n.label(item, lang) for item in items],
                tr("col_illustrative_share"): [float(series[item.id]) for item in items],
            }
        )
        with column:
            st.dataframe(
                widgets.styled(frame, {tr("col_illustrative_share"): widgets.percent_of(0)}),
                hide_index=True,
                height=widgets.table_height(len(frame)),
            )
