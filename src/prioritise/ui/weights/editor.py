"""One stakeholder's weights, as points (sliders), ranks or AHP pairwise comparisons.

Every change goes through `state.apply_edit`, so a scenario never holds weights that fail
validation. Points re-score inside a fragment: moving a slider redraws only the sliders and
the priorities next to them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from prioritise.scenario import Scenario, Stakeholder
from prioritise.scoring.tree import weight_set_items
from prioritise.ui import i18n, state, widgets
from prioritise.ui.main import guarded
from prioritise.ui.weights import panels
from prioritise.ui.weights.conversions import (
    SAATY,
    pairs_by_group,
    rank_numbers,
    ranking_from_table,
    set_form,
    snap_saaty,
)
from prioritise.ui.weights.items import (
    WEIGHT_SETS,
    converted,
    editor_items,
    item_groups,
    item_labels,
)
from prioritise.ui.workshop import room
from prioritise.weights import CR_THRESHOLD, ahp

tr = i18n.page_text("weights_editor")

FORMS = ("points", "ranks", "pairwise", "none")
RANK_TABLE = "rank_table"
"""The ranks editor's key: laid out to fit a phone (`widgets.FITTING_TABLES`)."""


# ---------------------------------------------------------------- widgets


def _apply(change: Any) -> bool:
    problems = state.apply_edit(change)
    if problems:
        widgets.show_problems(problems, tr("failed"), located=False)
        return False
    return True


def _applied(change: Any, person_id: str, weight_set: str) -> None:
    """A submitted form applied: 'updated' on the page drawn again, or, when the form said what
    the scenario already said, that (nothing was updated). The priorities before the first
    change made here stay, for the effect panel beside the form."""
    before = state.current()
    panels.remember_before(person_id, weight_set)
    if not _apply(change):
        return
    if state.current() is before:
        st.info(tr("nothing_changed"), icon=":material/info:")
        return
    state.notify(tr("saved"), "success", notice_place(person_id, weight_set))
    st.rerun()


def notice_place(person_id: str, weight_set: str) -> str:
    """Where a form's notice shows: under the form, where the reader pressed Apply (the top of
    the page is out of view)."""
    return f"weights:{person_id}:{weight_set}"


def _switch_form(person_id: str, weight_set: str, key: str) -> None:
    """Store the weights in the newly chosen form; on failure the selector goes back."""
    person = next(p for p in state.current().stakeholders if p.id == person_id)
    form = person.form_of(weight_set) or "none"
    chosen = st.session_state.get(key)
    if chosen is None or chosen == form:
        st.session_state[key] = form
        return
    value = None if chosen == "none" else converted(state.current(), weight_set, person_id, chosen)
    panels.remember_before(person_id, weight_set)  # a new form can give other weights
    problems = state.apply_edit(lambda raw: set_form(raw, person_id, weight_set, chosen, value))
    if problems:
        st.session_state[key] = form
        st.session_state[f"{key}:problems"] = problems


def form_choice(scenario: Scenario, person: Stakeholder, weight_set: str) -> str:
    """The form selector; switching converts the weights and stores them at once."""
    form = person.form_of(weight_set) or "none"
    key = state.choice_key("form", person.id, weight_set)
    st.segmented_control(
        tr("form"),
        FORMS,
        default=form,
        format_func=i18n.labels_for(FORMS, lambda f: tr(f"form_{f}")),
        help=tr("form_help"),
        key=key,
        on_change=_switch_form,
        args=(person.id, weight_set, key),
    )
    problems = st.session_state.pop(f"{key}:problems", None)
    if problems:
        widgets.show_problems(problems, tr("failed"), located=False)
    return form


@st.fragment
@guarded
def points_editor(person_id: str, weight_set: str) -> None:
    """Sliders for one weight set; a move re-scores and redraws only this fragment."""
    scenario = state.current()
    person = next((p for p in scenario.stakeholders if p.id == person_id), None)
    if person is None or person.form_of(weight_set) != "points":
        return
    labels = item_labels(scenario, weight_set, i18n.current_language())
    items = editor_items(scenario, weight_set)
    given: dict[str, float] = dict(getattr(person, weight_set) or {})
    top = max([100.0, *given.values()])
    left, right = st.columns([3, 2])
    chosen: dict[str, float] = {}
    with left:
        st.caption(tr("points_help"))
        for heading, group in item_groups(scenario, weight_set):
            if heading is not None:  # the programme and the initiative criteria, apart
                st.markdown(f"**{tr(heading)}**")
                st.caption(tr(f"{heading}_note"))
            # a share of the points of its group: each group is weighed on its own
            total = sum(given.get(item, 0.0) for item in group) or 1.0
            for item in group:
                value = float(given.get(item, 0.0))
                chosen[item] = st.slider(
                    labels.get(item, item),
                    0.0,
                    top,
                    value,
                    step=1.0,
                    format="%.0f",  # whole points: the slider's format knows no decimal comma
                    key=state.widget_key("pts", person_id, weight_set, item),
                    help=tr("share", share=i18n.percent(value / total)),
                )
    if any(abs(chosen[i] - float(given.get(i, 0.0))) > 1e-9 for i in items):
        panels.remember_before(person_id, weight_set)
        points = {i: v for i, v in chosen.items() if v > 0 or i in given}
        with left:
            _apply(lambda raw: set_form(raw, person_id, weight_set, "points", points))
    with right:
        panels.effect_panel(person_id, weight_set)


def ranks_editor(scenario: Scenario, person: Stakeholder, weight_set: str) -> None:
    labels = item_labels(scenario, weight_set, i18n.current_language())
    items = editor_items(scenario, weight_set)
    numbers = rank_numbers(person.ranks.get(weight_set, []))
    table = pd.DataFrame(
        {"item": [labels.get(i, i) for i in items], "rank": [numbers.get(i) for i in items]},
        index=pd.Index(items, dtype=object),
    ).astype({"rank": "Int64"})
    groups = item_groups(scenario, weight_set)
    if len(groups) > 1:  # which criteria are the programmes' and which the initiatives'
        table.insert(0, "group", "")
        for heading, group in groups:
            if heading is not None:
                table.loc[group, "group"] = tr(f"{heading}_short")  # fits a phone's column
    # on a phone the names are cut short (a touch shows them whole): the ranks stay in view
    phone = room.on_phone()
    name_px = widgets.PHONE_NAME_PX if phone else None
    number_px = widgets.PHONE_NUMBER_PX if phone and len(groups) > 1 else None
    left, right = st.columns(2)
    with right:
        panels.beside_form(scenario, person.id, weight_set)
    left.caption(tr("ranks_intro"))
    if len(groups) > 1:
        left.caption(tr("ranks_groups_note"))
    with left, st.form(state.widget_key("ranks_form", person.id, weight_set)):
        edited = st.data_editor(
            table,
            hide_index=True,
            column_config={
                "group": st.column_config.TextColumn(
                    tr("group_column"), disabled=True, width=number_px
                ),
                "item": st.column_config.TextColumn(" ", disabled=True, width=name_px),
                "rank": st.column_config.NumberColumn(  # "Orden de prioridad" is cut there
                    tr("rank_short") if number_px else i18n.t("rank"),
                    min_value=1,
                    max_value=len(items),
                    step=1,
                    width=number_px,
                ),
            },
            height=widgets.table_height(len(table)),
            key=state.widget_key(RANK_TABLE, person.id, weight_set),
        )
        submitted = st.form_submit_button(tr("apply"))
    with left:
        widgets.show_notices(notice_place(person.id, weight_set))
    if submitted:
        ranking = ranking_from_table(edited["rank"])
        with left:
            _applied(
                lambda raw: set_form(raw, person.id, weight_set, "ranks", ranking),
                person.id,
                weight_set,
            )


def _ratio_text(value: float) -> str:
    """A judgement as people write it: '3', '2.5' or '1/3'."""
    return i18n.plain(value, decimals=2) if value >= 1 else f"1/{i18n.plain(1 / value, decimals=2)}"


def pairwise_editor(scenario: Scenario, person: Stakeholder, weight_set: str) -> None:
    labels = item_labels(scenario, weight_set, i18n.current_language())
    given = person.pairwise[weight_set]
    items, matrix = list(given.items), given.matrix
    result = ahp(matrix, items)
    cr_text = i18n.number(result.cr, decimals=3)
    left, right = st.columns(2)
    with right:
        panels.beside_form(scenario, person.id, weight_set)
    if result.cr <= CR_THRESHOLD:
        left.success(tr("cr_ok", cr=cr_text))
    else:
        left.warning(tr("cr_bad", cr=cr_text))
    if result.worst is not None:
        left.caption(
            tr(
                "worst",
                row=labels.get(result.worst.row, result.worst.row),
                column=labels.get(result.worst.column, result.worst.column),
                given=_ratio_text(result.worst.given),
                implied=_ratio_text(result.worst.implied),
            )
        )
    left.caption(tr("pairwise_intro"))
    saaty_words = i18n.labels_for(
        SAATY, lambda v: f"◀ {v:.0f}" if v > 1 else tr("equal") if v == 1 else f"{1 / v:.0f} ▶"
    )
    groups = pairs_by_group(items, item_groups(scenario, weight_set))
    with left, st.form(state.widget_key("pairwise_form", person.id, weight_set)):
        chosen: dict[tuple[int, int], float] = {}
        given_ratios: dict[tuple[int, int], float] = {}
        for heading, pairs in groups:
            if heading is not None:  # within each group first, then across the groups
                st.markdown(f"**{tr(f'pairs_{heading}')}**")
                st.caption(tr(f"pairs_{heading}_note"))
            for i, j in pairs:
                a, b = labels.get(items[i], items[i]), labels.get(items[j], items[j])
                above, below = matrix[i][j], matrix[j][i]
                value = above or (1 / below if below else 1.0)
                given_ratios[(i, j)] = float(value)
                chosen[(i, j)] = st.select_slider(
                    f"{a} ◀ · ▶ {b}",  # plain: a screen reader reads the label as written
                    options=SAATY,
                    value=snap_saaty(float(value)),
                    format_func=saaty_words,
                    key=state.choice_key("pw", person.id, weight_set, i, j),
                )
        submitted = st.form_submit_button(tr("apply"))
    with left:
        widgets.show_notices(notice_place(person.id, weight_set))
    if submitted:
        new = [[1.0] * len(items) for _ in items]
        for (i, j), value in chosen.items():
            # A slider left where it was put keeps the judgement it stands for: weights
            # turned into comparisons give ratios between Saaty's steps (2.4), which the
            # slider shows at the nearest step; saving the step would change the weights.
            if value == snap_saaty(given_ratios[(i, j)]):
                value = given_ratios[(i, j)]
            new[i][j], new[j][i] = value, 1 / value
        pairwise = {"items": items, "matrix": new}
        with left:
            _applied(
                lambda raw: set_form(raw, person.id, weight_set, "pairwise", pairwise),
                person.id,
                weight_set,
            )


def weights_section(scenario: Scenario, person: Stakeholder) -> None:
    """Pick a weight set, then its form and editor."""
    sets = [ws for ws in WEIGHT_SETS if weight_set_items(scenario, ws)]
    if not sets:
        st.info(tr("no_items"))
        return
    weight_set = (
        st.segmented_control(
            tr("weight_set"),
            sets,
            default=sets[0],
            format_func=i18n.labels_for(sets, lambda ws: tr(f"set_{ws}")),
            key=state.choice_key("set", person.id),
        )
        or sets[0]
    )
    form = form_choice(scenario, person, weight_set)
    if form == "points":
        points_editor(person.id, weight_set)
    elif form == "ranks":
        ranks_editor(scenario, person, weight_set)
    elif form == "pairwise":
        pairwise_editor(scenario, person, weight_set)
    else:
        st.info(tr("none_note"))
