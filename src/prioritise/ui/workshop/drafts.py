"""Changes not yet sent survive a reload: the page keeps them in its own address.

A phone that sleeps, reloads its tab or loses its session starts a new session, which knows
only what the store holds: without this, every slider moved since the last *Send* would be
back where it was, without a word. So each move writes the answer under way into the address
(``&draft=…``: the round, then each block's form and its values in the workshop's item order,
nothing else), and a new session of the same round brings it back, says so, and opens the
first screen to send it. A send that is stored clears it, and a draft the store already holds
(its send arrived, the page never heard) is dropped; a draft of another round, one that does
not fit the workshop's items, or values no widget offers are ignored.
"""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from prioritise.ui.workshop.phone import (
    KEY_STEP,
    KEY_VALUES,
    MAX_POINTS,
    POINT_STEP,
    Flow,
    form_key,
    load_values,
    rank_key,
    slider_key,
    tr,
    values_from,
)

DRAFT_PARAM = "draft"
KEY_DRAFT_BACK = "wp_draft_back"
_BLOCK = re.compile(r"([pr])(\d{1,3}(?:\.\d{1,3})*)")


def encode(flow: Flow, values: dict[str, Any]) -> str:
    """`values` (widget key → value) as the address keeps them: "2-p50.30.20-r1.2"."""
    parts = [str(flow.status.round.number)]
    for block, ids in flow.blocks.items():
        if values[form_key(block)] == "ranks":
            parts.append("r" + ".".join(str(int(values[rank_key(block, i)])) for i in ids))
        else:
            parts.append("p" + ".".join(str(int(values[slider_key(block, i)])) for i in ids))
    return "-".join(parts)


def decode(flow: Flow, text: str) -> dict[str, Any] | None:
    """The widget values a draft of this round holds, or None for anything else."""
    parts = text.split("-")
    if len(parts) != len(flow.blocks) + 1 or parts[0] != str(flow.status.round.number):
        return None
    values = values_from(None, flow.blocks)
    for (block, ids), part in zip(flow.blocks.items(), parts[1:], strict=True):
        found = _BLOCK.fullmatch(part)
        if found is None:
            return None
        numbers = [int(n) for n in found.group(2).split(".")]
        if len(numbers) != len(ids):
            return None
        if found.group(1) == "r":
            if not all(1 <= n <= len(ids) for n in numbers):
                return None
            values[form_key(block)] = "ranks"
            values.update({rank_key(block, i): n for i, n in zip(ids, numbers, strict=True)})
        else:
            if not all(0 <= n <= MAX_POINTS and n % POINT_STEP == 0 for n in numbers):
                return None
            values[form_key(block)] = "points"
            values.update({slider_key(block, i): n for i, n in zip(ids, numbers, strict=True)})
    return values


def _stored(flow: Flow) -> str:
    """The stored answer that counts as a draft would write it (this round's, else an earlier
    round's; before any send, the starting values)."""
    standing = flow.status.standing
    return encode(flow, values_from(standing.weights if standing else None, flow.blocks))


def newer_than_stored(flow: Flow) -> bool:
    """Whether the address keeps changes the store does not hold: made after the last send
    that arrived, they are not settled by it."""
    text = st.query_params.get(DRAFT_PARAM)
    return bool(text) and text != _stored(flow)


def keep(flow: Flow) -> None:
    """After a move: the answer under way into the address, or out of it when it is what the
    store already holds (or, before any send, the starting values)."""
    if flow.status.round.state != "open" or KEY_VALUES not in st.session_state:
        return
    now = encode(flow, st.session_state[KEY_VALUES])
    if now == _stored(flow):
        forget()
    elif st.query_params.get(DRAFT_PARAM) != now:
        st.query_params[DRAFT_PARAM] = now


def forget() -> None:
    """The answer under way was stored (or is no more): the address keeps no draft."""
    if DRAFT_PARAM in st.query_params:
        del st.query_params[DRAFT_PARAM]


def restore(flow: Flow) -> None:
    """In a new session of an open round: the draft the address keeps, back on the sliders,
    from the first screen."""
    text = st.query_params.get(DRAFT_PARAM)
    if not text:
        return
    values = decode(flow, text) if flow.status.round.state == "open" else None
    if values is None or text == _stored(flow):  # unusable, or what the store holds already
        forget()
        return
    load_values(values)
    st.session_state[KEY_STEP] = st.session_state[KEY_DRAFT_BACK] = flow.screens[0]


def sent() -> None:
    """The draft reached the store (sent now, or found there after a lost connection)."""
    forget()
    st.session_state.pop(KEY_DRAFT_BACK, None)


def note() -> None:
    """Says that unsent changes came back, on the screen they came back on: on a phone the
    note would otherwise take a tenth of every later screen (the Send button there says
    the rest)."""
    back = st.session_state.get(KEY_DRAFT_BACK)
    if (
        back is not None
        and back == st.session_state.get(KEY_STEP)
        and DRAFT_PARAM in st.query_params
    ):
        st.info(tr("draft_back"), icon=":material/restore:")
