"""One stakeholder's weights, as points (sliders), ranks or AHP pairwise comparisons.

Every change goes through `state.apply_edit`, so a scenario never holds weights that fail
validation. Points re-score inside a fragment: moving a slider redraws only the sliders and
the priorities next to them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from prioritise.scenario import Scenario, Stakeholder
from prioritise.scoring import ScoringError
from prioritise.scoring.tree import stakeholder_weights, weight_set_items
from prioritise.ui import i18n, results, state, widgets
from prioritise.ui.main import guarded
from prioritise.ui.weights.conversions import (
    SAATY,
    pairs_by_group,
    pairwise_from_weights,
    rank_numbers,
    ranking_from_table,
    ranking_from_weights,
    set_form,
    snap_saaty,
)
from prioritise.weights import CR_THRESHOLD, ahp

tr = i18n.page_text("weights_editor")

WEIGHT_SETS = ("criteria", "enabling_areas", "regional_criteria", "programmes")
FORMS = ("points", "ranks", "pairwise", "none")


# ---------------------------------------------------------------- pure helpers


def item_labels(scenario: Scenario, weight_set: str, lang: str) -> dict[str, str]:
    pools: dict[str, Sequence[Any]] = {
        "criteria": scenario.criteria,
        "regional_criteria": scenario.criteria,
        "enabling_areas": scenario.enabling_areas,
        "programmes": scenario.programmes,
    }
    return {item.id: i18n.label(item, lang) for item in pools[weight_set]}


def editor_items(scenario: Scenario, weight_set: str) -> list[str]:
    """The ids a stakeholder weighs in one set: under `criteria`, the programme criteria and
    the initiative criteria together (docs/model.md §15.1), so that an edit keeps both."""
    items = weight_set_items(scenario, weight_set)
    if weight_set == "criteria":
        items = [*items, *(c.id for c in scenario.criteria_at("initiative"))]
    return items


def item_groups(scenario: Scenario, weight_set: str) -> list[tuple[str | None, list[str]]]:
    """The items of `editor_items` in the groups the model weighs apart, each with its
    heading's key: under `criteria` with initiative criteria, the programme criteria and the
    initiative criteria (each group's weights are renormalised on their own, docs/model.md
    §15.1); else one group, without a heading."""
    items = weight_set_items(scenario, weight_set)
    initiative = [c.id for c in scenario.criteria_at("initiative")]
    if weight_set != "criteria" or not initiative:
        return [(None, items)]
    return [("group_programmes", items), ("group_initiatives", initiative)]


def current_weights(scenario: Scenario, weight_set: str, person_id: str) -> pd.Series:
    """This stakeholder's normalised weights, else the group's, else equal."""
    items = editor_items(scenario, weight_set)
    try:
        tree = results.scores(state.current_text())
    except results.ScoringFailed:
        return pd.Series(1.0 / max(len(items), 1), index=items)
    if items != weight_set_items(scenario, weight_set):  # initiative criteria too
        with contextlib.suppress(ScoringError):
            mine, _ = stakeholder_weights(scenario, weight_set, keep=items)
            if person_id in mine.index:
                return mine.loc[person_id].reindex(items).fillna(0.0)
    own = tree.stakeholder_weights.get(weight_set)
    if own is not None and person_id in own.index:
        return own.loc[person_id].reindex(items).fillna(0.0)
    group = tree.weights.get(weight_set)
    if group is not None:
        return group.reindex(items).fillna(0.0)
    return pd.Series(1.0 / max(len(items), 1), index=items)


def converted(scenario: Scenario, weight_set: str, person_id: str, form: str) -> Any:
    """The stakeholder's current weights expressed in another form."""
    weights = current_weights(scenario, weight_set, person_id)
    if form == "points":
        return {k: round(100 * float(v), 1) for k, v in weights.items()}
    if form == "ranks":
        return ranking_from_weights(weights)
    return {"items": list(weights.index), "matrix": pairwise_from_weights(weights)}


# ---------------------------------------------------------------- widgets


def _apply(change: Any) -> bool:
    problems = state.apply_edit(change)
    if problems:
        widgets.show_problems(problems, tr("failed"), located=False)
        return False
    return True


def _applied(change: Any) -> None:
    """A submitted form applied: 'updated' on the page drawn again, or, when the form said what
    the scenario already said, that (nothing was updated)."""
    before = state.current()
    if not _apply(change):
        return
    if state.current() is before:
        st.info(tr("nothing_changed"), icon=":material/info:")
        return
    state.notify(tr("saved"), "success")
    st.rerun()


def _switch_form(person_id: str, weight_set: str, key: str) -> None:
    """Store the weights in the newly chosen form; on failure the selector goes back."""
    person = next(p for p in state.current().stakeholders if p.id == person_id)
    form = person.form_of(weight_set) or "none"
    chosen = st.session_state.get(key)
    if chosen is None or chosen == form:
        st.session_state[key] = form
        return
    value = None if chosen == "none" else converted(state.current(), weight_set, person_id, chosen)
    problems = state.apply_edit(lambda raw: set_form(raw, person_id, weight_set, chosen, value))
    if problems:
        st.session_state[key] = form
        st.session_state[f"{key}:problems"] = problems


def form_choice(scenario: Scenario, person: Stakeholder, weight_set: str) -> str:
    """The form selector; switching converts the weights and stores them at once."""
    form = person.form_of(weight_set) or "none"
    key = state.widget_key("form", person.id, weight_set)
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


def _effect_panel(before: pd.Series | None, key: str) -> None:
    """The group's programme priorities after the change, with the change in points."""
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
    st.dataframe(widgets.styled(table, formats), hide_index=True, key=key)
    if before is not None:
        st.caption(tr("effect_note"))


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
    before_key = state.widget_key("effect_before", person_id, weight_set)
    if any(abs(chosen[i] - float(given.get(i, 0.0))) > 1e-9 for i in items):
        if before_key not in st.session_state:  # priorities before the first move
            try:
                st.session_state[before_key] = results.scores(state.current_text()).programmes
            except results.ScoringFailed:
                st.session_state[before_key] = None
        points = {i: v for i, v in chosen.items() if v > 0 or i in given}
        with left:
            _apply(lambda raw: set_form(raw, person_id, weight_set, "points", points))
    with right:
        _effect_panel(st.session_state.get(before_key), f"effect:{person_id}:{weight_set}")


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
                table.loc[group, "group"] = tr(heading)
    st.caption(tr("ranks_intro"))
    with st.form(state.widget_key("ranks_form", person.id, weight_set)):
        edited = st.data_editor(
            table,
            hide_index=True,
            column_config={
                "group": st.column_config.TextColumn(tr("group_column"), disabled=True),
                "item": st.column_config.TextColumn(" ", disabled=True),
                "rank": st.column_config.NumberColumn(
                    i18n.t("rank"), min_value=1, max_value=len(items), step=1
                ),
            },
            key=state.widget_key("ranks", person.id, weight_set),
        )
        submitted = st.form_submit_button(tr("apply"))
    if submitted:
        ranking = ranking_from_table(edited["rank"])
        _applied(lambda raw: set_form(raw, person.id, weight_set, "ranks", ranking))


def _ratio_text(value: float) -> str:
    """A judgement as people write it: '3', '2.5' or '1/3'."""
    return i18n.plain(value, decimals=2) if value >= 1 else f"1/{i18n.plain(1 / value, decimals=2)}"


def pairwise_editor(scenario: Scenario, person: Stakeholder, weight_set: str) -> None:
    labels = item_labels(scenario, weight_set, i18n.current_language())
    given = person.pairwise[weight_set]
    items, matrix = list(given.items), given.matrix
    result = ahp(matrix, items)
    cr_text = i18n.number(result.cr, decimals=3)
    if result.cr <= CR_THRESHOLD:
        st.success(tr("cr_ok", cr=cr_text))
    else:
        st.warning(tr("cr_bad", cr=cr_text))
    if result.worst is not None:
        st.caption(
            tr(
                "worst",
                row=labels.get(result.worst.row, result.worst.row),
                column=labels.get(result.worst.column, result.worst.column),
                given=_ratio_text(result.worst.given),
                implied=_ratio_text(result.worst.implied),
            )
        )
    st.caption(tr("pairwise_intro"))
    saaty_words = i18n.labels_for(
        SAATY, lambda v: f"◀ {v:.0f}" if v > 1 else tr("equal") if v == 1 else f"{1 / v:.0f} ▶"
    )
    groups = pairs_by_group(items, item_groups(scenario, weight_set))
    with st.form(state.widget_key("pairwise_form", person.id, weight_set)):
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
                    f"**{a}** ◀ · ▶ **{b}**",
                    options=SAATY,
                    value=snap_saaty(float(value)),
                    format_func=saaty_words,
                    key=state.widget_key("pw", person.id, weight_set, i, j),
                )
        submitted = st.form_submit_button(tr("apply"))
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
        _applied(lambda raw: set_form(raw, person.id, weight_set, "pairwise", pairwise))


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
            key=state.widget_key("set", person.id),
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
