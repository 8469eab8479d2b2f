"""The facilitator's live dashboard: answers so far, group weights, consensus and disagreement,
programme priorities and the portfolio — for everyone and for each group.

The dashboard is a fragment that redraws itself every few seconds. Each participant's latest
answer counts (an answer from an earlier round stands until it is revised). Until a portfolio
for the latest answers is ready (see `workshop_live`), the last one is shown and marked as
being updated. Only the views that may be shown appear (``prioritise.workshop.anonymity``:
nothing per group below the scenario's minimum group size), with a note on what is left out.
Participants appear anonymously (P1, P2, …) in charts, which are projected; names are listed,
as plain text, only in ``participants``, which the facilitator page shows behind its
"facilitator only" switch and never in the projector layout.

Tables show whole, without a scrollbar of their own; the projector layout (``projector=True``)
shows them in large type, the first ``TOP_ROWS`` rows with a note of how many more.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from prioritise.allocate.results import Allocation
from prioritise.scenario import Scenario
from prioritise.ui import charts, i18n, state, widgets
from prioritise.ui.main import guard
from prioritise.ui.results import Failure
from prioritise.ui.workshop import initiatives_view
from prioritise.ui.workshop import views as workshop_views
from prioritise.ui.workshop.live import Fingerprint, current_results, runner, view_fingerprints
from prioritise.ui.workshop.views import attempt, store
from prioritise.workshop import SubmissionRow
from prioritise.workshop.results import (
    EVERYONE,
    ViewResult,
    WorkshopResults,
    view_name,
)

REFRESH_SECONDS = 5
ANSWER_SETS = ("criteria", "enabling_areas", "regional_criteria", "programmes")
KEY_VIEW = "wf_view"
TOP_ROWS = 12
"""Rows of a projected table; the rest are counted in a note below it."""
NUMBER_PX = 80
"""The narrowest a number column is drawn: room for '100,0 %'."""

tr = i18n.page_text("workshop_dashboard")

# ---------------------------------------------------------------- drawing


def _number_headers(frame: pd.DataFrame, configs: dict[str, Any]) -> dict[str, Any]:
    """`configs` with each number column at least as wide as its header: Streamlit sizes a
    number column by its values, and 'Dispersión' beside a wide text column was cut to
    'Dispersión (des', its values out of sight."""
    found = dict(configs)
    for column in frame.columns:
        if str(column) in found or not pd.api.types.is_numeric_dtype(frame[column]):
            continue
        width = round(len(str(column)) * widgets.TEXT_CHAR_PX + widgets.TEXT_PADDING_PX)
        found[str(column)] = {"width": max(width, NUMBER_PX)}
    return found


def show_table(
    frame: pd.DataFrame,
    key: str,
    *,
    projector: bool = False,
    hide_index: bool = False,
    style: Callable[[pd.DataFrame], Styler] | None = None,
) -> None:
    """A table shown whole: a dataframe as tall as its rows, or when projected a plain table
    of the first ``TOP_ROWS`` rows (large type) with 'and M more' below it; never 'and 1 more'
    in place of the one row it would hide (often the one the room asks about, the last)."""
    more = len(frame) - TOP_ROWS if projector and len(frame) > TOP_ROWS + 1 else 0
    part = frame.head(TOP_ROWS) if more > 0 else frame
    if projector and hide_index:  # a plain table always shows its index: the first column
        part = part.set_index(part.columns[0])
    shown = style(part) if style is not None else part.style
    if projector:
        st.table(shown)
    else:
        st.dataframe(
            shown,
            height=widgets.table_height(len(part), most=len(part)),
            hide_index=hide_index,
            column_config=_number_headers(part, widgets.text_columns(part)),
            key=key,
        )
    if more > 0:
        st.caption(tr("more_rows", rows=more))


def _labels(results: WorkshopResults, lang: str) -> dict[str, str]:
    """Each view's name, in the order of ``results.views(lang)`` (groups by name)."""
    everyone = workshop_views.view_label(EVERYONE, EVERYONE, lang)  # 'Everyone'
    name = {key: i18n.library_text(view_name(key), lang) for key in results.views(lang)}
    return name | {EVERYONE: everyone}


def _metrics(
    joined: int,
    people: Sequence[SubmissionRow],
    round_number: int,
    round_state: str,
    scenario: Scenario,
    projector: bool,
) -> None:
    this_round = sum(1 for row in people if row.round_number == round_number)
    if projector:  # the answer count is the largest number on the wall
        with st.container(key="wf_answer_count"):
            st.metric(tr("answers"), this_round)
    cols = st.columns(3 if projector else 4)
    cols[0].metric(tr("joined"), joined)
    if not projector:
        cols[1].metric(tr("answers"), this_round)
    cols[-2].metric(tr("carried"), len(people) - this_round)
    cols[-1].metric(tr("round"), tr(f"state_{round_state}", round=round_number))
    now = i18n.clock(datetime.now(UTC), scenario)
    st.caption(tr("updated", time=now, seconds=REFRESH_SECONDS))


def _priorities(
    results: WorkshopResults, names: dict[str, str], labels: dict[str, str], projector: bool
) -> None:
    lang = i18n.current_language()
    st.subheader(tr("priorities_head"), anchor=False)
    table = results.programmes_table(lang)  # by everyone's priority, ties by name
    if table.empty:
        return
    counts = ", ".join(f"{labels[k]} {v.answers}" for k, v in results.views(lang).items())
    shown = (100 * table).rename(index=names, columns=labels)
    shown.index.name = i18n.t("programme")
    show_table(shown, "wf_priorities", projector=projector, style=workshop_views.percent_table)
    st.caption(tr("priorities_note", counts=counts))
    if len(table.columns) > 1:
        st.plotly_chart(
            charts.paired_bars(
                table.rename(index=names, columns=labels),
                i18n.t("priority"),
                i18n.plotly_separators(lang),
            ),
            key="wf_priorities_chart",
        )


def _portfolio(
    join_code: str,
    key: str,
    view: ViewResult,
    fingerprint: Fingerprint,
    names: dict[str, str],
    label: str,
    projector: bool = False,
) -> None:
    lang = i18n.current_language()
    st.subheader(tr("portfolio_head", view=label), anchor=False)
    if view.tree is None:
        st.warning(tr("not_scored", detail=view.problem))
        return
    job = runner().request(join_code, key, fingerprint, view)
    finished = job.done() and not job.cancelled()
    shown: Allocation | Failure | None = job.result() if finished else None
    if shown is None:
        last = runner().last(join_code, key)
        if last is None:
            st.info(tr("portfolio_pending"), icon=":material/hourglass_top:")
            return
        st.caption(tr("portfolio_updating", answers=last[0]))
        shown = last[1]
    if not isinstance(shown, Allocation):
        st.warning(tr("portfolio_failed", detail=i18n.library_text(shown, lang)))
        return
    if not shown.solved:
        st.warning(shown.message_text(lang))
        return
    _allocation_tables(view, shown, names, projector)
    initiatives_view.funded_initiatives(join_code, key, view, fingerprint, show_table, projector)


def _allocation_tables(
    view: ViewResult, allocation: Allocation, names: dict[str, str], projector: bool
) -> None:
    lang = i18n.current_language()
    meta = view.scenario.scenario
    unit = i18n.money_unit(meta.unit, meta.currency, lang)
    spent = float(allocation.totals.programme["amount"].sum())
    st.caption(
        tr(
            "spent",
            spent=i18n.money(spent, meta.unit, meta.currency, lang),
            budget=i18n.money(allocation.budget, meta.unit, meta.currency, lang),
        )
    )
    # side by side on the projector (plain tables, whose names wrap); one above the other on
    # the facilitator's screen, where a grid's names stay on one line: "Aysén del General
    # Carlos Ibáñez del Campo" and two figures do not fit half of it
    left, right = st.columns(2) if projector else (st.container(), st.container())
    for column, frame, word, key in (
        (left, allocation.totals.programme, "programme", "wf_portfolio_programmes"),
        (right, allocation.totals.region, "region", "wf_portfolio_regions"),
    ):
        table = pd.DataFrame(
            {
                i18n.t(word): [names.get(i, i) for i in frame.index],
                tr("amount", unit=unit): frame["amount"].to_numpy(dtype=float),
                tr("share"): 100 * frame["share"].to_numpy(dtype=float),
            }
        ).sort_values(tr("amount", unit=unit), ascending=False)
        formats = {
            tr("amount", unit=unit): widgets.number_of(2),
            tr("share"): widgets.points_as_percent(1, lang),
        }

        def style(part: pd.DataFrame, formats: dict = formats) -> Styler:
            return widgets.styled(part, formats)

        with column:
            show_table(table, key, projector=projector, hide_index=True, style=style)


def _weights(
    results: WorkshopResults,
    people: Sequence[SubmissionRow],
    key: str,
    names: dict[str, str],
    labels: dict[str, str],
) -> None:
    lang = i18n.current_language()
    view = results.views(lang)[key]
    codes = participant_codes(results, people)
    for weight_set in ANSWER_SETS:
        table = results.weights_table(weight_set, lang)
        if table.empty:
            continue
        st.subheader(workshop_views.set_label(weight_set), anchor=False)
        shown = (100 * table).rename(index=names, columns=labels)
        left, right = st.columns([2, 3])
        with left:
            show_table(shown, f"wf_weights:{weight_set}", style=workshop_views.percent_table)
        individual = view.tree.stakeholder_weights.get(weight_set) if view.tree else None
        if individual is None or individual.empty or weight_set not in view.weights:
            continue
        if len(individual.index) < results.shown.k:  # dots only where no one stands out
            continue
        shares = individual.div(individual.sum(axis=1).replace(0, 1), axis=0)
        shares = shares.rename(index=codes, columns=names)
        with right:
            st.plotly_chart(
                charts.weight_spread(
                    shares,
                    view.weights[weight_set].rename(index=names),
                    i18n.t("weight"),
                    i18n.t("group_weights"),
                    i18n.plotly_separators(lang),
                    title=tr("spread_title", view=labels[key]),
                ),
                key=f"wf_spread:{weight_set}",
            )


def participant_codes(results: WorkshopResults, people: Sequence[SubmissionRow]) -> dict[str, str]:
    """Stakeholder id (as in the results) → anonymous chart label P1, P2, … in answer order."""
    return {
        results.stakeholder_ids[row.participant_id]: f"P{index}"
        for index, row in enumerate(people, start=1)
    }


def _consensus(
    results: WorkshopResults,
    key: str,
    names: dict[str, str],
    labels: dict[str, str],
    projector: bool = False,
) -> None:
    lang = i18n.current_language()
    st.subheader(tr("agreement_head"), anchor=False)
    table = results.agreement_table(lang)
    words = table.map(
        lambda w: (
            i18n.DASH
            if pd.isna(w)
            else f"{i18n.number(w, lang, 2)} · {i18n.agreement_words(w, lang)}"
        )
    )
    words = words.rename(index=labels, columns=lambda ws: workshop_views.set_label(ws))
    show_table(words, "wf_agreement", projector=projector)
    st.caption(tr("agreement_note"))
    if projector:
        return
    view = results.views(lang)[key]
    rows = []
    for weight_set in ANSWER_SETS:
        spread = view.disagreement(weight_set, lang)
        for item, row in spread.head(3).iterrows():
            rows.append(
                {
                    tr("col_set"): workshop_views.set_label(weight_set),
                    tr("col_item"): names.get(item, item),
                    tr("col_weight"): 100 * row["weight"],
                    tr("col_low"): 100 * row["min"],
                    tr("col_high"): 100 * row["max"],
                    tr("col_spread"): 100 * row["std"],
                }
            )
    if rows and view.answers >= 2:
        st.subheader(tr("contested_head", view=labels[key]), anchor=False)
        columns = [tr(c) for c in ("col_weight", "col_low", "col_high", "col_spread")]
        show_table(
            pd.DataFrame(rows),
            "wf_contested",
            hide_index=True,
            style=lambda part: workshop_views.percent_table(part, columns),
        )
        st.caption(tr("contested_note"))


def dashboard(join_code: str, secret: str, projector: bool = False) -> None:
    """One drawing of the dashboard (the fragment below repeats it); ``projector`` draws
    only what faces the room, with no controls."""
    workshop = attempt(lambda: store().get_workshop(join_code))
    if workshop is None:
        return
    fetched = attempt(
        lambda: (
            current_results(join_code, secret),
            store().participant_count(join_code),
            store().current_round(join_code),
        )
    )
    if fetched is None:
        return
    (results, people), joined, current = fetched
    scenario = workshop_views.workshop_scenario(workshop.scenario_toml)
    _metrics(joined, people, current.number, current.state, scenario, projector)
    if results is None:
        st.info(tr("waiting"), icon=":material/hourglass_empty:")
        return
    lang = i18n.current_language()
    note = results.shown.note(lang)
    if note is not None:
        st.info(i18n.library_text(note, lang), icon=":material/visibility_off:")
    if not results.views(lang):
        return
    names = workshop_views.item_names(scenario, lang)
    labels = _labels(results, lang)
    if projector:
        _priorities(results, names, labels, projector=True)
        view = results.views(lang)[EVERYONE]
        print_ = view_fingerprints(people, results)[EVERYONE]
        _portfolio(join_code, EVERYONE, view, print_, names, labels[EVERYONE], projector=True)
        _consensus(results, EVERYONE, names, labels, projector=True)
        return
    options: list[str] = list(labels)
    view_key = state.worded(KEY_VIEW)
    if st.session_state.get(view_key) not in options:
        st.session_state[view_key] = EVERYONE
    key: str = (
        st.radio(
            tr("view"),
            options,
            format_func=i18n.labels_for(options, lambda view: labels.get(view, view)),
            horizontal=True,
            key=view_key,
        )
        or EVERYONE
    )
    tabs = st.tabs(
        [tr("tab_priorities"), tr("tab_weights"), tr("tab_consensus")], key="dashboard_tabs"
    )
    with tabs[0]:
        _priorities(results, names, labels, projector=False)
        _portfolio(
            workshop.join_code,
            key,
            results.views(lang)[key],
            view_fingerprints(people, results)[key],
            names,
            labels[key],
        )
    with tabs[1]:
        _weights(results, people, key, names, labels)
    with tabs[2]:
        _consensus(results, key, names, labels)


@st.fragment(run_every=REFRESH_SECONDS)
def live_dashboard(join_code: str, secret: str, projector: bool = False) -> None:
    """The dashboard, redrawn every few seconds; a failure shows a plain message."""
    with guard():
        dashboard(join_code, secret, projector)
