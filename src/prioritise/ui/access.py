"""The access key screen: the analyst app behind a key when the room can reach the server.

`prioritise.workshop.access` decides and checks (when a key is needed, the key itself, wrong
keys slowed down); this module only asks. A server listening beyond this computer shows a
session without the key one screen: the workshop code for participants, and the key for the
analyst. A join link (``?join=CODE``) never gets here: `ui.main` shows the participant view
before. The key, once given, is kept in the browser session's state (never in the URL): a new
tab asks again.
"""

from __future__ import annotations

import logging
import os

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from prioritise.text import Duration
from prioritise.ui import i18n
from prioritise.ui.widgets import PAGE_ICON_URL
from prioritise.workshop.access import (
    AccessGate,
    asks_for_key,
    configured_key,
    new_access_key,
)
from prioritise.workshop.address import PUBLIC_URL_ENV

LOG = logging.getLogger("prioritise.ui")
KEY_GRANTED = "access_granted"
KEY_INPUT = "access_key"
KEY_FORM = "access_form"
KEY_SEND = "access_send"

tr = i18n.page_text("access")


def server_address() -> str | None:
    """The address the server listens on (None: every interface)."""
    value = st.get_option("server.address")
    return None if value is None else str(value)


def public_url() -> str | None:
    """The public address the server was given (`--public-url`), if any."""
    return os.environ.get(PUBLIC_URL_ENV)


def client_address() -> str | None:
    """The address this browser connects from; None for this computer."""
    return st.context.ip_address


def required() -> bool:
    """Whether this browser must give the key: the server listens beyond this computer (or
    has a public address) and the browser is not on this computer."""
    return asks_for_key(server_address(), public_url(), client_address())


@st.cache_resource(show_spinner=False)
def gate() -> AccessGate:
    """The server's one gate: the configured key, or one made now and printed where the server
    runs (a server started with `prioritise app` always has one configured)."""
    key = configured_key()
    if key is None:
        key = new_access_key()
        line = tr("printed", key=key)
        print(line, flush=True)  # the terminal the server was started from
        LOG.warning("%s", line)
    return gate_for(key)


def gate_for(key: str) -> AccessGate:
    return AccessGate(key)


def unlocked() -> bool:
    """Whether this session may use the analyst app: no key needed, or the key was given."""
    return not required() or bool(st.session_state.get(KEY_GRANTED))


def _session_id() -> str:
    context = get_script_run_ctx()
    return context.session_id if context is not None else "no-session"


def render_gate() -> None:
    """The whole app for a session without the key: the key screen at every page's address
    (no "page not found"; once the key is given, the page asked for opens), no menu."""
    from prioritise.ui.addresses import one_screen_everywhere

    st.navigation(one_screen_everywhere(_gate_page, "prioritise"), position="hidden").run()


def _gate_page() -> None:
    from prioritise.ui.pages import workshop_participant  # a page module: loaded when needed
    from prioritise.ui.workshop import room

    st.set_page_config(page_title="prioritise", page_icon=PAGE_ICON_URL, layout="centered")
    room._phone_language()
    workshop_participant.render()  # participants: the workshop code
    st.divider()
    st.subheader(tr("heading"), anchor=False)
    st.caption(tr("intro"))
    with st.form(KEY_FORM, clear_on_submit=True):
        given = st.text_input(tr("key"), type="password", max_chars=200, key=KEY_INPUT)
        sent = st.form_submit_button(tr("open"), type="primary", key=KEY_SEND)
    if not sent:
        return
    verdict = gate().check(_session_id(), given or "")
    if verdict.granted:
        st.session_state[KEY_GRANTED] = True
        st.rerun()
    wait = Duration(max(1.0, round(verdict.wait)))
    if verdict.outcome == "wrong":
        st.error(tr("wrong_wait", seconds=wait) if verdict.wait > 0 else tr("wrong"))
    else:
        st.error(tr("wait", seconds=wait))
