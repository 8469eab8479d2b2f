"""Participant view of a live workshop: join, state weights, revise until the round closes.

A join link (``?join=CODE``) shows this view and nothing else (`ui.main` hands over to
``render_join_link``). After joining, the private token is kept in the session and in the URL
(``&me=TOKEN``) so that reloading the page keeps the participant's identity. Opened from the
menu, the page asks for a workshop code and then switches to the same join-link view.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pandas as pd
import streamlit as st

from prioritise.scenario import Scenario
from prioritise.ui import i18n
from prioritise.ui.widgets import PAGE_ICON
from prioritise.ui.workshop import views as workshop_views
from prioritise.ui.workshop.views import (
    JOIN_PARAM,
    TOKEN_PARAM,
    answer_shares,
    attempt,
    numbers_from_ranking,
    ranking_from_numbers,
    store,
)
from prioritise.workshop import ParticipantStatus, Workshop, WorkshopError
from prioritise.workshop.results import EVERYONE, read_summary

tr = i18n.page_text("workshop_participant")

# What participants weigh; direct programme weights stay optional and are not asked for.
ANSWER_SETS = ("criteria", "enabling_areas", "regional_criteria")
FORMS = ("points", "ranks")
DEFAULT_POINTS = 50
POLL_SECONDS = 8
KEY_TOKEN = "wp_token"
KEY_SAVED = "wp_saved"


# ---------------------------------------------------------------- pieces of the view


def _language_switch(default: str) -> None:
    lang = st.session_state.get(i18n.SESSION_KEY)
    if lang not in i18n.LANGUAGES:
        asked = st.query_params.get("lang")
        lang = asked if asked in i18n.LANGUAGES else default
    # Set again on every run: the menu's language switch (same key) may have drawn it last.
    st.session_state[i18n.SESSION_KEY] = lang
    st.radio(
        ":material/translate: " + i18n.t("language"),
        i18n.LANGUAGES,
        format_func=i18n.LANGUAGE_NAMES.get,
        horizontal=True,
        key=i18n.SESSION_KEY,
        label_visibility="collapsed",
    )
    lang = i18n.current_language()
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang


def _forget_token() -> None:
    st.session_state.pop(KEY_TOKEN, None)
    st.session_state.pop(KEY_SAVED, None)
    if TOKEN_PARAM in st.query_params:
        del st.query_params[TOKEN_PARAM]


def _join_form(workshop: Workshop) -> None:
    st.write(tr("join_intro"))
    with st.form("wp_join"):
        name = st.text_input(tr("name"), max_chars=80, key="wp_name")
        organisation = st.text_input(tr("organisation"), max_chars=120, key="wp_org")
        group = st.selectbox(
            tr("group"),
            workshop.groups,
            format_func=i18n.labels_for(workshop.groups, workshop_views.group_label),
            key="wp_group",
        )
        joined = st.form_submit_button(tr("join"), type="primary")
    if not joined:
        return
    result = attempt(lambda: store().join(workshop.join_code, name, organisation, group))
    if result is not None:
        st.session_state[KEY_TOKEN] = result[1]
        st.query_params[TOKEN_PARAM] = result[1]
        st.rerun()


def _who(status: ParticipantStatus) -> None:
    person = status.participant
    st.caption(tr("you_are"))
    details = [person.name, person.organisation, workshop_views.group_label(person.group)]
    st.text(" · ".join(part for part in details if part))


def _defaults(status: ParticipantStatus) -> dict[str, Any]:
    return status.latest.weights if status.latest is not None else {}


def _points_inputs(
    weight_set: str,
    ids: tuple[str, ...],
    names: dict[str, str],
    descriptions: dict[str, str],
    previous: dict[str, Any],
    key: str,
) -> dict[str, float]:
    given = previous.get(weight_set, {})
    return {
        item: float(
            st.slider(
                names.get(item, item),
                0,
                100,
                value=round(given.get(item, 0)) if given else DEFAULT_POINTS,
                step=5,
                help=descriptions.get(item) or None,
                key=f"{key}:{item}",
            )
        )
        for item in ids
    }


def _rank_inputs(
    weight_set: str,
    ids: tuple[str, ...],
    names: dict[str, str],
    descriptions: dict[str, str],
    previous: dict[str, Any],
    key: str,
) -> dict[str, int]:
    given = numbers_from_ranking(previous.get("ranks", {}).get(weight_set, []))
    places = list(range(1, len(ids) + 1))
    return {
        item: int(
            st.selectbox(
                names.get(item, item),
                places,
                index=min(given.get(item, 1), len(ids)) - 1,
                help=descriptions.get(item) or None,
                key=f"{key}:{item}",
            )
        )
        for item in ids
    }


def _answer_form(
    workshop: Workshop, scenario: Scenario, status: ParticipantStatus, token: str
) -> None:
    lang = i18n.current_language()
    names = workshop_views.item_names(scenario, lang)
    descriptions = {c.id: c.description for c in scenario.criteria}
    sets = {ws: workshop.allowed_ids[ws] for ws in ANSWER_SETS if ws in workshop.allowed_ids}
    previous = _defaults(status)
    st.subheader(tr("answer_head"))
    st.caption(tr("answer_intro"))
    ranked_before = bool(previous.get("ranks"))
    form_key = f"wp_form:{workshop.join_code}"
    if form_key not in st.session_state:
        st.session_state[form_key] = "ranks" if ranked_before else "points"
    form = st.radio(
        tr("form"),
        FORMS,
        format_func=i18n.labels_for(FORMS, lambda f: tr(f"form_{f}")),
        horizontal=True,
        key=form_key,
    )
    with st.form(f"wp_answer:{workshop.join_code}"):
        st.caption(tr("points_help") if form == "points" else tr("ranks_help"))
        given: dict[str, dict[str, Any]] = {}
        for weight_set, ids in sets.items():
            st.markdown(f"**{workshop_views.set_label(weight_set)}**")
            st.caption(tr(f"intro_{weight_set}"))
            key = f"wp:{workshop.join_code}:{form}:{weight_set}"
            inputs = _points_inputs if form == "points" else _rank_inputs
            given[weight_set] = inputs(weight_set, ids, names, descriptions, previous, key)
        label = tr("update") if status.latest is not None else tr("send")
        sent = st.form_submit_button(label, type="primary")
    if sent:
        _send(workshop, token, form, given)


def _send(workshop: Workshop, token: str, form: str, given: dict[str, dict[str, Any]]) -> None:
    if form == "points":
        for weight_set, points in given.items():
            if not any(value > 0 for value in points.values()):
                st.error(tr("all_zero", set=workshop_views.set_label(weight_set)))
                return
        payload: dict[str, Any] = dict(given)
    else:
        payload = {"ranks": {ws: ranking_from_numbers(n) for ws, n in given.items()}}
    saved = attempt(lambda: store().submit(workshop.join_code, token, payload))
    if saved is not None:
        st.session_state[KEY_SAVED] = True
        st.rerun()


def _confirmation(workshop: Workshop, scenario: Scenario, status: ParticipantStatus) -> None:
    just_saved = st.session_state.pop(KEY_SAVED, None)
    if status.latest is None:
        return
    moment = i18n.clock(status.latest.submitted_at, scenario)
    if just_saved:
        st.success(tr("saved", time=moment), icon=":material/check_circle:")
    else:
        st.caption(tr("last_saved", time=moment))
    names = workshop_views.item_names(scenario, i18n.current_language())
    shares = answer_shares(status.latest.weights, workshop.allowed_ids)
    with st.expander(tr("your_shares"), expanded=bool(just_saved)):
        for weight_set, series in shares.items():
            st.caption(workshop_views.set_label(weight_set))
            table = pd.DataFrame(
                {
                    tr("col_item"): [names.get(i, i) for i in series.index],
                    tr("col_share"): 100 * series.to_numpy(),
                }
            )
            st.dataframe(
                workshop_views.percent_table(table, [tr("col_share")]), hide_index=True
            )


def _previous_result(scenario: Scenario, status: ParticipantStatus) -> None:
    number = status.round.number
    if number <= 1:
        return
    summary, lang = status.round.summary, i18n.current_language()
    views = {EVERYONE: read_summary(summary, EVERYONE, scenario=scenario, lang=lang)}
    own = read_summary(summary, status.participant.group, scenario=scenario, lang=lang)
    if own is not None:
        views[status.participant.group] = own
    if len(views) == 1:
        workshop_views.show_summary(views[EVERYONE], scenario, number - 1)
        return
    labels = [
        workshop_views.tr("view_everyone"),
        workshop_views.tr("view_group", group=workshop_views.group_label(status.participant.group)),
    ]
    for tab, result in zip(st.tabs(labels), views.values(), strict=True):
        with tab:
            workshop_views.show_summary(result, scenario, number - 1)


@st.fragment(run_every=POLL_SECONDS)
def _watch_round(join_code: str, seen: tuple[int, str]) -> None:
    """Redraw the whole view when the facilitator closes or opens a round."""
    try:
        current = store().current_round(join_code)
    except WorkshopError:
        return
    if (current.number, current.state) != seen:
        st.rerun(scope="app")


# ---------------------------------------------------------------- entry points


def _token() -> str | None:
    token = st.session_state.get(KEY_TOKEN) or st.query_params.get(TOKEN_PARAM) or None
    if token:
        st.session_state[KEY_TOKEN] = token
        if st.query_params.get(TOKEN_PARAM) != token:
            st.query_params[TOKEN_PARAM] = token
    return token


def participant_view(join_code: str) -> None:
    """Everything a participant sees for one workshop code."""
    workshop = attempt(lambda: store().get_workshop(join_code))
    if workshop is None:
        return
    scenario = workshop_views.workshop_scenario(workshop.scenario_toml)
    token = _token()
    if token is None:
        _join_form(workshop)
        return
    status = attempt(lambda: store().participant_status(join_code, token))
    if status is None:
        if st.button(tr("other_person"), key="wp_forget"):
            _forget_token()
            st.rerun()
        return
    _who(status)
    number, round_state = status.round.number, status.round.state
    if round_state == "open":
        st.info(tr("round_open", round=number), icon=":material/how_to_vote:")
    else:
        st.warning(tr("round_closed", round=number), icon=":material/lock:")
    _previous_result(scenario, status)
    if round_state == "open":
        _answer_form(workshop, scenario, status, token)
    _confirmation(workshop, scenario, status)  # next to the button, where a phone user looks
    st.caption(tr("keep_link"))
    _watch_round(join_code, (number, round_state))


def render_join_link() -> None:
    """The whole app for a join link: one page, with no menu (a hidden navigation also clears
    a menu left from an earlier run of the session)."""
    page = st.Page(_join_link_page, title="prioritise", icon=":material/how_to_vote:", default=True)
    st.navigation([page], position="hidden").run()


def _join_link_page() -> None:
    """Language switch, workshop title and participant view."""
    st.set_page_config(
        page_title="prioritise", page_icon=str(PAGE_ICON), layout="centered"
    )
    join_code = str(st.query_params.get(JOIN_PARAM, ""))
    workshop = None
    with contextlib.suppress(WorkshopError):  # the view below says what is wrong
        workshop = store().get_workshop(join_code)
    default = i18n.DEFAULT_LANGUAGE
    if workshop is not None:
        default = workshop_views.workshop_scenario(workshop.scenario_toml).scenario.language
    _language_switch(default)
    st.title(tr("heading"))
    if workshop is not None:
        st.text(workshop.title)
    participant_view(join_code)


def render() -> None:
    """Menu page: type a workshop code, then continue in the join-link view."""
    st.title(tr("title"))
    st.caption(tr("menu_intro"))
    with st.form("wp_code_form"):
        code = st.text_input(tr("code"), max_chars=32, key="wp_code")
        go = st.form_submit_button(tr("open"), type="primary")
    if go:
        workshop = attempt(lambda: store().get_workshop(code))
        if workshop is not None:
            st.query_params[JOIN_PARAM] = workshop.join_code
            st.rerun()


if __name__ in ("__main__", "__page__"):
    render()
