"""Participant view of a live workshop: join, state weights, revise until the round closes.

A join link (``?join=CODE``) shows this view and nothing else (`ui.main` hands over to
``render_join_link``). After joining, the private token is kept in the session and in the URL
(``&me=TOKEN``) so that reloading the page, opening the link elsewhere or a restarted server
brings back the same participant and their stored answer. The answer itself is the phone flow
of ``ui.workshop.phone`` (one block per screen, review, confirmation; its widget keys are listed
there). Opened from the menu, the page asks for a workshop code and then switches to the same
join-link view.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import partial

import streamlit as st

from prioritise.scenario import Scenario
from prioritise.ui import i18n, state
from prioritise.ui.widgets import PAGE_ICON_URL
from prioritise.ui.workshop import cookies, drafts, phone, phone_screens
from prioritise.ui.workshop import views as workshop_views
from prioritise.ui.workshop.phone import (
    DONE,
    KEY_FORGET,
    KEY_GROUP,
    KEY_JOIN,
    KEY_JOIN_FORM,
    KEY_NAME,
    KEY_ORGANISATION,
    KEY_STEP,
    REVIEW,
)
from prioritise.ui.workshop.phone_result import (
    check_last_send,
    done_screen,
    lost_send_note,
    phone_style,
    review_screen,
    summary_bars,
)
from prioritise.ui.workshop.views import JOIN_PARAM, TOKEN_PARAM, attempt, store
from prioritise.workshop import ParticipantStatus, Workshop, WorkshopError
from prioritise.workshop.results import EVERYONE, read_summary

tr = i18n.page_text("workshop_participant")

POLL_SECONDS = 8
KEY_TOKEN = "wp_token"
KEY_CLOSED_UNSENT = "wp_closed_unsent"
# Streamlit's "Press Enter to submit form" hint is English only, and it covers the name a
# participant types on a phone; the form says what it needs in its own words.
NO_ENTER_HINT = "<style>[data-testid='InputInstructions'] {display: none;}</style>"
KEY_OWNER = "wp_owner"
KEY_BOUND = "wp_bound"
KEY_LINK_MINE = "wp_link_mine"
KEY_LINK_OTHER = "wp_link_other"
KEY_RETURN = "wp_return"
KEY_RETURN_OTHER = "wp_return_other"
KEY_NOT_RETURNING = "wp_not_returning"


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
        on_change=state.language_switched,
        label_visibility="collapsed",
    )
    lang = i18n.current_language()
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang


def _forget_token() -> None:
    st.session_state.pop(KEY_TOKEN, None)
    if TOKEN_PARAM in st.query_params:
        del st.query_params[TOKEN_PARAM]


def _join_form(workshop: Workshop) -> None:
    st.write(tr("join_intro"))
    with st.form(KEY_JOIN_FORM):
        name = st.text_input(tr("name"), max_chars=80, key=KEY_NAME)
        organisation = st.text_input(tr("organisation"), max_chars=120, key=KEY_ORGANISATION)
        group = st.selectbox(
            tr("group"),
            workshop.groups,
            index=None,  # chosen, never taken by default: answers count for it
            placeholder=tr("group_placeholder"),
            format_func=i18n.labels_for(workshop.groups, workshop_views.group_label),
            key=KEY_GROUP,
        )
        joined = st.form_submit_button(
            tr("join"), type="primary", key=KEY_JOIN, use_container_width=True
        )
    st.html(NO_ENTER_HINT)
    if not joined:
        return
    if group is None:  # Enter in a text box sends the form before a group is chosen
        st.error(tr("group_missing"), icon=":material/group:")
        return
    result = attempt(lambda: store().join(workshop.join_code, name, organisation, group))
    if result is not None:
        st.session_state[KEY_TOKEN] = result[1]
        st.session_state[KEY_OWNER] = result[1]
        st.query_params[TOKEN_PARAM] = result[1]
        st.rerun()


# ---------------------------------------------------------------- a link bound to its browser


def _cookie_name(join_code: str) -> str:
    return f"me_{join_code}"


def _bound(join_code: str, token: str) -> bool:
    """Whether this browser joined with the link (or its person said it is theirs)."""
    if st.session_state.get(KEY_OWNER) == token:
        return True
    if cookies.read(_cookie_name(join_code)) == token:
        st.session_state[KEY_OWNER] = st.session_state[KEY_BOUND] = token
        return True
    return False


def _bind(join_code: str, token: str) -> None:
    """Keep the link's token in this browser (once per session), so that reopening it here
    is not taken for someone else opening it."""
    if st.session_state.get(KEY_BOUND) != token:
        cookies.remember(_cookie_name(join_code), token)
        st.session_state[KEY_BOUND] = token


def _own(token: str | None) -> None:
    st.session_state[KEY_OWNER] = token


def _come_back(token: str) -> None:
    """This browser's own link, taken up again from the join link."""
    st.session_state[KEY_TOKEN] = st.session_state[KEY_OWNER] = token
    st.session_state[KEY_BOUND] = token
    st.query_params[TOKEN_PARAM] = token


def _not_returning(join_code: str) -> None:
    st.session_state[KEY_NOT_RETURNING] = join_code


def _returning(workshop: Workshop) -> bool:
    """A join link opened again in a browser that joined this workshop before (the QR code
    scanned again after the tab was closed): its person is offered their own place back, with
    their answer, rather than a second place that would count them twice. True if the offer is
    shown; a link the facilitator has since replaced is not offered."""
    if st.session_state.get(KEY_NOT_RETURNING) == workshop.join_code:
        return False
    token = cookies.read(_cookie_name(workshop.join_code))
    if token is None:
        return False
    try:
        status = store().participant_status(workshop.join_code, token)
    except WorkshopError:
        return False
    person = status.participant
    group = workshop_views.group_label(person.group)
    st.info(tr("returning", name=person.name, group=group), icon=":material/person:")
    _mine_or_not(
        (tr("returning_me", name=person.name), KEY_RETURN, partial(_come_back, token)),
        (tr("returning_other"), KEY_RETURN_OTHER, partial(_not_returning, workshop.join_code)),
    )
    return True


def _confirm_link() -> None:
    """A link opened in a browser that did not join with it: nothing of the person shows
    until whoever holds it says it is their own."""
    st.warning(tr("link_elsewhere"), icon=":material/devices:")
    token = st.session_state.get(KEY_TOKEN)
    _mine_or_not(
        (tr("link_mine"), KEY_LINK_MINE, partial(_own, token)),
        (tr("link_not_mine"), KEY_LINK_OTHER, _forget_token),
    )


Choice = tuple[str, str, Callable[[], None]]  # a button's words, key and what pressing it does


def _mine_or_not(mine: Choice, other: Choice) -> None:
    """Two buttons side by side: this person's own place (the first choice), or another."""
    left, right = st.columns(2)
    with left:
        st.button(mine[0], key=mine[1], type="primary", on_click=mine[2], use_container_width=True)
    with right:
        st.button(other[0], key=other[1], on_click=other[2], use_container_width=True)


def _who(status: ParticipantStatus) -> None:
    person = status.participant
    st.caption(tr("you_are"))
    details = [person.name, person.organisation, workshop_views.group_label(person.group)]
    st.text(" · ".join(part for part in details if part))


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
        summary_bars(views[EVERYONE], scenario, number - 1)
        return
    labels = [
        workshop_views.tr("view_everyone"),
        workshop_views.tr("view_group", group=workshop_views.group_label(status.participant.group)),
    ]
    for tab, result in zip(st.tabs(labels), views.values(), strict=True):
        with tab:
            summary_bars(result, scenario, number - 1)


@st.fragment
def _block(flow: phone.Flow, screen: str) -> None:
    """One block's screen. A slider moved on it runs this screen again, not the whole page
    (the header, the participant's status from the store, the previous round): on a phone
    every move is a run, and a room of phones makes many. Back and Next change the screen,
    which the whole page draws."""
    if st.session_state.get(KEY_STEP, DONE) != screen:
        st.rerun(scope="app")
    phone_screens.block_screen(flow, screen)


@st.fragment(run_every=POLL_SECONDS)
def _watch_round(join_code: str, seen: tuple[int, str]) -> None:
    """Redraw the whole view when the facilitator closes or opens a round."""
    try:
        current = workshop_views.round_now(join_code)
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
    workshop = attempt(lambda: workshop_views.workshop_of(join_code))
    if workshop is None:
        return
    scenario = workshop_views.workshop_scenario(workshop.scenario_toml)
    token = _token()
    if token is None:
        if not _returning(workshop):
            _join_form(workshop)
        return
    status = attempt(lambda: store().participant_status(join_code, token))
    if status is None:
        if st.button(tr("other_person"), key=KEY_FORGET):
            _forget_token()
            st.rerun()
        return
    if not _bound(workshop.join_code, token):
        _confirm_link()
        return
    _bind(workshop.join_code, token)
    _who(status)
    number, round_state = status.round.number, status.round.state
    if round_state == "open":
        st.caption(tr("round_open", round=number))
        if status.latest is None and status.earlier is not None:
            st.info(tr("revise_from", round=status.earlier.round_number), icon=":material/history:")
    else:
        st.warning(tr("round_closed", round=number), icon=":material/lock:")
    flow = phone.make_flow(workshop, scenario, status, token)
    unsent = drafts.newer_than_stored(flow)  # changes under way (a new session drops them)
    if phone.settle(flow):  # a new session: unsent changes the address kept come back
        drafts.restore(flow)
    check_last_send(flow)
    lost_send_note(flow)
    drafts.note()
    screen = st.session_state.get(KEY_STEP, DONE)
    if round_state != "open" and screen in flow.screens and status.standing is not None:
        # closed while changes were under way: a revision of this round's answer, or changes
        # to an earlier round's (on the screens from the start of the round, not a change)
        if status.latest is not None or unsent:
            st.session_state[KEY_CLOSED_UNSENT] = number
        st.session_state[KEY_STEP] = DONE
    if st.session_state.get(KEY_CLOSED_UNSENT) == number and round_state != "open":
        if status.latest is None and status.earlier is not None:
            said = tr("closed_unsent_earlier", round=status.earlier.round_number)
        else:
            said = tr("closed_unsent")
        st.warning(said, icon=":material/edit_off:")
    if round_state != "open" or screen not in flow.screens:
        screen = DONE
    if number > 1:
        # open while this round's answer is still to give, where it informs it; folded once it
        # is sent, so that the confirmation is on the first screen, not below the whole result
        first = screen in (DONE, flow.screens[0]) and status.latest is None
        with st.expander(tr("previous_round", round=number - 1), expanded=first):
            _previous_result(scenario, status)
    phone_screens.to_the_top(screen)
    with st.container(key="wp_flow"):
        phone_style()
        if screen == DONE:
            done_screen(flow)
        elif screen == REVIEW:
            review_screen(flow)
        else:
            _block(flow, screen)
    st.caption(tr("keep_link"))
    _watch_round(join_code, (number, round_state))


def render_join_link() -> None:
    """The whole app for a join link: one page, with no menu (a hidden navigation also clears
    a menu left from an earlier run of the session)."""
    page = st.Page(_join_link_page, title="prioritise", icon=":material/how_to_vote:", default=True)
    st.navigation([page], position="hidden").run()


def _join_link_page() -> None:
    """Language switch, workshop title and participant view."""
    st.set_page_config(page_title="prioritise", page_icon=PAGE_ICON_URL, layout="centered")
    join_code = str(st.query_params.get(JOIN_PARAM, ""))
    workshop = None
    with contextlib.suppress(WorkshopError):  # the view below says what is wrong
        workshop = workshop_views.workshop_of(join_code)
    default = i18n.DEFAULT_LANGUAGE
    if workshop is not None:
        default = workshop_views.workshop_scenario(workshop.scenario_toml).scenario.language
    _language_switch(default)
    st.title(tr("heading"), anchor=False)
    if workshop is not None:
        st.text(workshop.title)
    participant_view(join_code)


def render() -> None:
    """Menu page: type a workshop code, then continue in the join-link view."""
    st.title(tr("title"), anchor=False)
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
