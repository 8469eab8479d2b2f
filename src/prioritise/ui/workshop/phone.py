"""The participant's answer on a phone: one block per screen, a review, then the confirmation.

Screens: one per weight set the workshop asks for (criteria, enabling areas, regional
criteria), each with a progress line ("2 of 4"), one slider per item with the item's plain
description under it and a live bar of its share, then a review of the whole answer with
"Send", then the confirmation with the time the store gave and the answer beside the group's
(``phone_result``). Each block may be answered with ranks instead. The screens and the
buttons between them are drawn by ``phone_screens``; this module keeps what they show.

Values live in the session (``KEY_VALUES``) so they survive moving between screens (Streamlit
forgets the state of widgets that are not drawn); a new session (a reload, another tab, a
restarted server) starts from the participant's stored answer. The confirmation is drawn only
from what the store returned.

Widget keys are fixed (``WIDGET_KEYS``, the ``*_key`` functions and
``phone_screens.nav_key``) so that a client driving the protocol can find them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from prioritise.scenario import Scenario
from prioritise.ui import i18n
from prioritise.ui.workshop import views
from prioritise.ui.workshop.views import (
    numbers_from_ranking,
    ranking_from_numbers,
)
from prioritise.weights import WeightsError
from prioritise.workshop import ParticipantStatus, Workshop
from prioritise.workshop.group_answer import answer_shares

tr = i18n.page_text("workshop_participant")

BLOCKS = ("criteria", "enabling_areas", "regional_criteria")
"""What participants weigh, in this order; direct programme weights are not asked for."""
FORMS = ("points", "ranks")
DEFAULT_POINTS = 50
POINT_STEP = 5
MAX_POINTS = 100
SENT_PARAM = "sent"
"""The URL keeps the id of the participant's last send, so that a page opened after a lost
connection or a restarted server can ask the store whether that answer arrived."""
REVIEW = "review"
DONE = "done"

KEY_NAME = "wp_name"
KEY_ORGANISATION = "wp_org"
KEY_GROUP = "wp_group"
KEY_JOIN_FORM = "wp_join"
KEY_JOIN = "wp_join_button"
KEY_NEXT = "wp_next"
KEY_BACK = "wp_back"
KEY_SEND = "wp_send"
KEY_CHANGE = "wp_change"
KEY_FORGET = "wp_forget"
WIDGET_KEYS = (
    KEY_NAME,
    KEY_ORGANISATION,
    KEY_GROUP,
    KEY_JOIN,
    KEY_NEXT,
    KEY_BACK,
    KEY_SEND,
    KEY_CHANGE,
    KEY_FORGET,
)
"""Keys of the join form's widgets (in the form ``KEY_JOIN_FORM``) and of the buttons; each
screen's widgets are ``slider_key``, ``rank_key`` and ``form_key`` of its block."""

KEY_STEP = "wp_step"
KEY_VALUES = "wp_values"
KEY_MARK = "wp_mark"
KEY_DRAWN = "wp_drawn"
KEY_REFUSED = "wp_refused"
KEY_SEND_ERROR = "wp_send_error"
KEY_JUST_SAVED = "wp_just_saved"
KEY_SEND_ID = "wp_send_id"
KEY_LAST_SENT = "wp_last_sent"
KEY_OFF_STEP = "wp_off_step"
KEY_SEND_CHECKED = "wp_send_checked"
KEY_SEND_LOST = "wp_send_lost"


def slider_key(block: str, item: str) -> str:
    """'wp:criteria:growth': the slider of one item."""
    return f"wp:{block}:{item}"


def rank_key(block: str, item: str) -> str:
    """'wp_rank:criteria:growth': the place of one item when the block is ranked."""
    return f"wp_rank:{block}:{item}"


def form_key(block: str) -> str:
    """'wp_form:criteria': points or ranks for one block."""
    return f"wp_form:{block}"


@dataclass(frozen=True)
class Flow:
    """What every screen needs: the workshop, its scenario, who answers and what is asked."""

    workshop: Workshop
    scenario: Scenario
    status: ParticipantStatus
    token: str
    blocks: dict[str, tuple[str, ...]]

    @property
    def screens(self) -> list[str]:
        return [*self.blocks, REVIEW]

    def names(self) -> dict[str, str]:
        return views.item_names(self.scenario, i18n.current_language())

    def descriptions(self) -> dict[str, str]:
        lang = i18n.current_language()
        found = {a.id: a.description_in(lang) for a in self.scenario.enabling_areas}
        found.update({c.id: c.description_in(lang) for c in self.scenario.criteria})
        return found


def make_flow(
    workshop: Workshop, scenario: Scenario, status: ParticipantStatus, token: str
) -> Flow:
    blocks = {b: workshop.allowed_ids[b] for b in BLOCKS if b in workshop.allowed_ids}
    return Flow(workshop, scenario, status, token, blocks)


# ---------------------------------------------------------------- values kept in the session


def values_from(answer: Mapping[str, Any] | None, blocks: dict[str, tuple[str, ...]]) -> dict:
    """Every widget's value for a stored answer (or the starting values without one)."""
    answer = answer or {}
    ranks = answer.get("ranks", {})
    values: dict[str, Any] = {}
    for block, ids in blocks.items():
        points = answer.get(block)
        values[form_key(block)] = "ranks" if block in ranks else "points"
        places = numbers_from_ranking(ranks.get(block, []))
        for item in ids:
            given = points.get(item, 0) if isinstance(points, Mapping) else DEFAULT_POINTS
            values[slider_key(block, item)] = round(given)
            values[rank_key(block, item)] = min(places.get(item, 1), len(ids))
    return values


def load_values(values: dict[str, Any]) -> None:
    """Make ``values`` what every widget shows from now on."""
    st.session_state[KEY_VALUES] = dict(values)
    st.session_state.pop(KEY_DRAWN, None)


def _value(block: str, key: str) -> Any:
    """A widget's current value: its own state while its screen is the one on display
    (Streamlit keeps a stale copy of widgets it did not draw), else the kept value."""
    if st.session_state.get(KEY_DRAWN) == block and key in st.session_state:
        return st.session_state[key]
    return st.session_state[KEY_VALUES][key]


def keep(block: str, key: str) -> None:
    """Before drawing a widget: give it the kept value unless it is on display already."""
    if st.session_state.get(KEY_DRAWN) != block or key not in st.session_state:
        st.session_state[key] = st.session_state[KEY_VALUES][key]


def remember(key: str) -> None:
    st.session_state[KEY_VALUES][key] = st.session_state[key]


def sync(flow: Flow) -> None:
    """Keep the live values of the screen on display (a client may change a slider and press
    a button in one message, before the screen is drawn again)."""
    block = st.session_state.get(KEY_DRAWN)
    if block not in flow.blocks:
        return
    kept = st.session_state[KEY_VALUES]
    keys = [form_key(block)]
    for item in flow.blocks[block]:
        keys += [slider_key(block, item), rank_key(block, item)]
    kept.update({key: st.session_state[key] for key in keys if key in st.session_state})


def drawn(screen: str) -> None:
    """Note the screen on display, whose widgets hold the live values."""
    st.session_state[KEY_DRAWN] = screen


def settle(flow: Flow) -> bool:
    """At each run: start the session's values and screen from the store when the person or
    the round is new to this session (a reload, a new tab, a restarted server, a new round);
    whether it did."""
    mark = (flow.token, flow.status.round.number)
    if st.session_state.get(KEY_MARK) == mark and KEY_VALUES in st.session_state:
        return False
    latest, standing = flow.status.latest, flow.status.standing
    before = st.session_state.get(KEY_MARK)
    same_person = isinstance(before, tuple) and before[0] == flow.token
    if standing is not None or not same_person or KEY_VALUES not in st.session_state:
        # a new round starts from the answer that still counts: a revision, not a blank form
        load_values(values_from(standing.weights if standing else None, flow.blocks))
    st.session_state[KEY_STEP] = DONE if latest is not None else flow.screens[0]
    st.session_state[KEY_MARK] = mark
    return True


def block_answer(block: str, ids: tuple[str, ...]) -> tuple[str, dict[str, Any]]:
    """The block's form and its current answer (points by item, or places by item)."""
    form = _value(block, form_key(block))
    if form == "ranks":
        return form, {item: int(_value(block, rank_key(block, item))) for item in ids}
    return "points", {item: float(_value(block, slider_key(block, item))) for item in ids}


def block_shares(block: str, ids: tuple[str, ...]) -> pd.Series:
    """The block's current answer as shares (all zero while every slider is at 0)."""
    form, given = block_answer(block, ids)
    payload = {"ranks": {block: ranking_from_numbers(given)}} if form == "ranks" else {block: given}
    try:
        return answer_shares(payload, {block: ids})[block]
    except WeightsError:
        return pd.Series(0.0, index=list(ids))


def payload(flow: Flow) -> dict[str, Any]:
    """The answer to send, in the store's shape."""
    sent: dict[str, Any] = {}
    for block, ids in flow.blocks.items():
        form, given = block_answer(block, ids)
        if form == "ranks":
            sent.setdefault("ranks", {})[block] = ranking_from_numbers(given)
        else:
            sent[block] = given
    return sent


# ---------------------------------------------------------------- moving between screens


def off_step(flow: Flow, block: str) -> tuple[str, float] | None:
    """The first item whose value no widget of the block offers (points off the slider's
    0-100 steps of 5, a place outside 1..n): a value edited on its way to the server, refused
    in plain words rather than stored or replaced."""
    ids = flow.blocks[block]
    form, given = block_answer(block, ids)
    for item, value in given.items():
        if form == "points":
            if not 0 <= value <= MAX_POINTS or value % POINT_STEP:
                return item, value
        elif not 1 <= value <= len(ids):
            return item, value
    return None


def refused(flow: Flow, block: str) -> bool:
    """A block that cannot be sent: all points zero, or a value no widget offers."""
    st.session_state[KEY_OFF_STEP] = off_step(flow, block)
    if st.session_state[KEY_OFF_STEP] is not None:
        return True
    form, given = block_answer(block, flow.blocks[block])
    return form == "points" and not any(v > 0 for v in given.values())


# ---------------------------------------------------------------- one block
