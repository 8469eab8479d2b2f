"""The participant's screens and the buttons between them: one weight set per screen, Back and
Next, Send on the review, Change once sent (the values they show live in `phone`).

Each screen's buttons have keys of their own (`nav_key`), and a new screen opens at its top
(`to_the_top`): on a phone the second tap of a double tap otherwise lands on the next screen's
button, drawn where the first one was, and skips a whole block unseen.
"""

from __future__ import annotations

import re
import uuid

import streamlit as st

from prioritise.text import Integer, Number, Percent, share_decimals
from prioritise.ui import i18n
from prioritise.ui.workshop import drafts, views
from prioritise.ui.workshop.bars import Bar, draw_bars
from prioritise.ui.workshop.phone import (
    DONE,
    FORMS,
    KEY_BACK,
    KEY_JUST_SAVED,
    KEY_LAST_SENT,
    KEY_NEXT,
    KEY_OFF_STEP,
    KEY_REFUSED,
    KEY_SEND,
    KEY_SEND_ERROR,
    KEY_SEND_ID,
    KEY_SEND_LOST,
    KEY_STEP,
    KEY_VALUES,
    MAX_POINTS,
    POINT_STEP,
    REVIEW,
    SENT_PARAM,
    Flow,
    block_shares,
    drawn,
    form_key,
    keep,
    load_values,
    payload,
    rank_key,
    refused,
    remember,
    slider_key,
    sync,
    tr,
    values_from,
)
from prioritise.ui.workshop.views import store
from prioritise.workshop import WorkshopError

TO_THE_TOP = (
    "<script>/* SCREEN */ for (const box of [document.scrollingElement, "
    "...document.querySelectorAll('[data-testid=stMain], [data-testid=stAppViewContainer]')])"
    " { if (box) box.scrollTop = 0; } window.scrollTo(0, 0);</script>"
)


KEY_SHOWN = "wp_shown"
"""The screen the last full run of the page showed (what the page is scrolled on)."""


def nav_key(button: str, screen: str) -> str:
    """A navigation button's key on one screen. Each screen's buttons are widgets of their
    own: the second tap of a double tap, sent before the next screen is drawn, is a tap on a
    button that is gone and does nothing, never a tap on the next screen's button."""
    return f"{button}_{screen}"


def to_the_top(screen: str) -> None:
    """A new screen opens at its top, where its heading and "2 of 4" are: a phone otherwise
    stays scrolled where the last button was, with the new heading (or "saved") out of view."""
    shown = st.session_state.get(KEY_SHOWN)
    st.session_state[KEY_SHOWN] = screen
    if shown in (None, screen):
        return
    st.html(
        TO_THE_TOP.replace("SCREEN", re.sub(r"[^A-Za-z0-9_]", "", screen)),
        unsafe_allow_javascript=True,
    )


def _go(flow: Flow, at: str, to: str) -> None:
    """Button callback: move from screen ``at`` to ``to``; forward, a block of zeros stays
    with a message. A tap on a button of a screen already left (a double tap, or a tap
    before the next screen was drawn) does nothing."""
    screens = flow.screens
    if st.session_state.get(KEY_STEP) != at:
        return
    sync(flow)
    st.session_state.pop(KEY_SEND_ERROR, None)
    st.session_state.pop(KEY_SEND_ID, None)  # the answer may change: a new send
    if screens.index(to) > screens.index(at) and at in flow.blocks and refused(flow, at):
        st.session_state[KEY_REFUSED] = at
        return
    st.session_state.pop(KEY_REFUSED, None)
    st.session_state[KEY_STEP] = to


def change_answer(flow: Flow) -> None:
    """Button callback: revise the stored answer from the first screen."""
    standing = flow.status.standing
    if standing is not None:
        load_values(values_from(standing.weights, flow.blocks))
    st.session_state[KEY_STEP] = flow.screens[0]


def _send(flow: Flow) -> None:
    """Button callback: store the answer; only a stored answer leads to the confirmation
    (a second tap on Send, once the answer is stored, sends nothing more)."""
    if st.session_state.get(KEY_STEP) != REVIEW:
        return
    sync(flow)
    st.session_state.pop(KEY_SEND_ERROR, None)
    for block in flow.blocks:
        if refused(flow, block):
            st.session_state[KEY_STEP] = block
            st.session_state[KEY_REFUSED] = block
            return
    # One id per answer reviewed: sent again (a retry), it is stored once. The URL keeps it
    # before it leaves, for a page that has to ask later whether it arrived.
    send_id = st.session_state.setdefault(KEY_SEND_ID, uuid.uuid4().hex)
    st.query_params[SENT_PARAM] = send_id
    try:
        saved = store().submit(flow.workshop.join_code, flow.token, payload(flow), send_id)
    except WorkshopError as exc:
        st.session_state[KEY_SEND_ERROR] = views.error_message(exc)
        return
    st.session_state.pop(KEY_SEND_ID, None)
    st.session_state.pop(KEY_SEND_LOST, None)
    st.session_state[KEY_LAST_SENT] = send_id
    st.session_state[KEY_JUST_SAVED] = saved.id
    st.session_state[KEY_STEP] = DONE
    drafts.sent()


def progress(flow: Flow, screen: str) -> None:
    """'2 of 4' with a bar."""
    screens = flow.screens
    number = screens.index(screen) + 1
    st.progress(
        number / len(screens), text=tr("step", n=Integer(number), total=Integer(len(screens)))
    )


def nav(flow: Flow, screen: str) -> None:
    """Back and Next (or Send on the review), side by side, wide enough for a thumb."""
    screens = flow.screens
    at = screens.index(screen)
    back, forward = st.columns(2)
    with back:
        if at > 0:
            st.button(
                tr("back"),
                key=nav_key(KEY_BACK, screen),
                icon=":material/arrow_back:",
                on_click=_go,
                args=(flow, screen, screens[at - 1]),
                use_container_width=True,
            )
    with forward:
        if screen == REVIEW:
            label = tr("update") if flow.status.latest is not None else tr("send")
            st.button(
                label,
                key=nav_key(KEY_SEND, screen),
                type="primary",
                icon=":material/send:",
                on_click=_send,
                args=(flow,),
                use_container_width=True,
            )
        else:
            st.button(
                tr("next"),
                key=nav_key(KEY_NEXT, screen),
                type="primary",
                icon=":material/arrow_forward:",
                on_click=_go,
                args=(flow, screen, screens[at + 1]),
                use_container_width=True,
            )


def _form_choice(block: str, ids: tuple[str, ...]) -> str:
    key = form_key(block)
    keep(block, key)
    st.radio(
        tr("form"),
        FORMS,
        format_func=i18n.labels_for(FORMS, lambda f: tr(f"form_{f}")),
        horizontal=True,
        key=key,
        on_change=_places_from_points,
        args=(block, ids),
    )
    remember(key)
    return str(st.session_state[key])


def _places_from_points(block: str, ids: tuple[str, ...]) -> None:
    """Callback of the switch to ranks when no order is given yet (every place the same): the
    places follow the sliders, most points first, equal points tied, rather than every item
    at 1, which would send equal weights without a word. An order given before stays."""
    if st.session_state.get(form_key(block)) != "ranks":
        return
    kept = st.session_state[KEY_VALUES]
    if len({int(kept[rank_key(block, item)]) for item in ids}) > 1:
        return
    points = {
        item: float(st.session_state.get(slider_key(block, item), kept[slider_key(block, item)]))
        for item in ids
    }
    for item in ids:
        place = 1 + sum(1 for other in ids if points[other] > points[item])
        kept[rank_key(block, item)] = st.session_state[rank_key(block, item)] = place


def block_screen(flow: Flow, block: str) -> None:
    """One weight set: a slider (or a place) per item, its description and its share."""
    ids = flow.blocks[block]
    names, descriptions = flow.names(), flow.descriptions()
    progress(flow, block)
    st.subheader(views.set_label(block), anchor=False)
    st.write(tr(f"intro_{block}"))
    if block == flow.screens[0]:
        st.caption(tr("answer_intro"))
    form = _form_choice(block, ids)
    st.caption(tr("points_help") if form == "points" else tr("ranks_help"))
    shares = block_shares(block, ids)
    decimals = share_decimals([float(shares.get(item, 0.0)) for item in ids])
    places = list(range(1, len(ids) + 1))
    for item in ids:
        if form == "points":
            key = slider_key(block, item)
            keep(block, key)
            st.slider(names.get(item, item), 0, MAX_POINTS, step=POINT_STEP, key=key)
        else:
            key = rank_key(block, item)
            keep(block, key)
            st.selectbox(names.get(item, item), places, placeholder=i18n.t("choose_one"), key=key)
        remember(key)
        share = float(shares.get(item, 0.0))
        text = tr("share_bar", share=Percent(share, decimals))
        draw_bars([Bar(share, text, name=descriptions.get(item, ""))])
    if st.session_state.get(KEY_REFUSED) == block:
        wrong = st.session_state.get(KEY_OFF_STEP)
        if wrong is not None:
            item, value = wrong
            shown = Number(value, 0 if float(value).is_integer() else 2)
            st.error(
                tr("off_step", item=names.get(item, item), value=shown), icon=":material/error:"
            )
        else:
            st.error(tr("all_zero", set=views.set_label(block)), icon=":material/error:")
    drafts.keep(flow)  # a reload brings back what was moved, until it is sent
    nav(flow, block)
    drawn(block)
