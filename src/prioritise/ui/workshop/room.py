"""The workshop in a room: a join link that phones can open, and phones that open the plain
address of the app.

Which address the link uses, and why, is decided by `prioritise.workshop.address`; this module
only gathers what the server and the browser know and shows the result. A phone that opens the
app without a join link gets the screen that asks for the workshop code, with a way on to the
full app (``?app=1``) for whoever wants it.
"""

from __future__ import annotations

import os

import streamlit as st

from prioritise.ui import i18n, state
from prioritise.ui.widgets import PAGE_ICON_URL
from prioritise.ui.workshop import views
from prioritise.workshop.address import (
    PUBLIC_URL_ENV,
    JoinRoot,
    choose_join_root,
    detect_lan_address,
)

FULL_APP_PARAM = "app"
KEY_FULL_APP = "room_full_app"
PHONE_MARKERS = ("Mobi", "iPhone", "iPod", "Windows Phone", "Opera Mini")
"""User-Agent fragments of phones ("Mobi" covers Android phones, whose browsers say "Mobile",
and most others); tablets without them get the full app."""

tr = i18n.page_text("workshop_room")


# ---------------------------------------------------------------- the join link's address


def join_root(page_path: str = "") -> JoinRoot:
    """The root address for join links, as the facilitator's page at `page_path` sees it."""
    return choose_join_root(
        browser_root=views.app_root_url(page_path),
        public_url=os.environ.get(PUBLIC_URL_ENV),
        server_address=st.get_option("server.address"),
        server_port=int(st.get_option("server.port")),
        lan_address=detect_lan_address(),
    )


def show_join_root(root: JoinRoot) -> None:
    """A note when the link was chosen for the room, a plain warning when it cannot work there."""
    host = root.url.split("://", 1)[-1].split("/", 1)[0]
    if root.reason in ("lan", "server_address"):
        st.caption(tr("note_network", host=host))
    elif root.reason == "loopback_only":
        st.warning(tr("warn_loopback_only"), icon=":material/wifi_off:")
    elif root.reason == "no_lan":
        st.warning(tr("warn_no_lan"), icon=":material/wifi_off:")
    elif root.reason == "invalid_public_url":
        st.warning(tr("warn_invalid_public_url"), icon=":material/wifi_off:")


# ---------------------------------------------------------------- phones at the plain address


def is_phone(user_agent: str | None) -> bool:
    """Whether a browser's User-Agent header says it runs on a phone."""
    return bool(user_agent) and any(marker in str(user_agent) for marker in PHONE_MARKERS)


def on_phone() -> bool:
    """Whether this session's browser says it runs on a phone: charts and tables then lay
    themselves out for a 390 px screen."""
    return is_phone(user_agent())


def user_agent() -> str | None:
    """The User-Agent header of the request that opened this session (None when unknown)."""
    headers = st.context.headers
    return headers.get("User-Agent") if headers else None


def phone_at_plain_address() -> bool:
    """Whether this run should show the phone's code screen instead of the app: a phone at the
    app's address with nothing in the URL but the language (a link copied from the app names
    its scenario, and opens the app).

    Once the full app was asked for (``?app=1``), the session keeps it, and keeps it in the URL
    so that a reload or a copied link stays in the full app.
    """
    if st.query_params.get(FULL_APP_PARAM) or st.session_state.get(KEY_FULL_APP):
        st.session_state[KEY_FULL_APP] = True
        state.remember_in_url(FULL_APP_PARAM, "1")
        return False
    plain = set(st.query_params.keys()) <= {i18n.SESSION_KEY}
    return plain and on_phone()


def render_phone_start() -> None:
    """The whole app for a phone at the plain address: one screen, no menu, at every page's
    address (a page's link opened on a phone gets the code screen, not Streamlit's "page not
    found" in English)."""
    from prioritise.ui.addresses import one_screen_everywhere

    pages = one_screen_everywhere(_phone_start_page, "prioritise", ":material/how_to_vote:")
    st.navigation(pages, position="hidden").run()


def _phone_language() -> None:
    """Spanish or English: as the URL or the session says, else as the phone is set up."""
    lang = st.session_state.get(i18n.SESSION_KEY) or st.query_params.get(i18n.SESSION_KEY)
    if lang not in i18n.LANGUAGES:
        locale = (st.context.locale or "").lower()
        lang = next((code for code in i18n.LANGUAGES if locale.startswith(code)), None)
    st.session_state[i18n.SESSION_KEY] = lang or i18n.DEFAULT_LANGUAGE
    st.radio(
        ":material/translate: " + i18n.t("language"),
        i18n.LANGUAGES,
        format_func=i18n.LANGUAGE_NAMES.get,
        horizontal=True,
        key=i18n.SESSION_KEY,
        on_change=state.language_switched,
        label_visibility="collapsed",
    )
    state.remember_in_url(i18n.SESSION_KEY, i18n.current_language())


def _phone_start_page() -> None:
    from prioritise.ui.pages import workshop_participant  # a page module: loaded when needed

    st.set_page_config(page_title="prioritise", page_icon=PAGE_ICON_URL, layout="centered")
    _phone_language()
    workshop_participant.render()
    st.divider()
    if st.button(  # a button that looks like one: as plain text it was passed over
        tr("open_app"),
        help=tr("open_app_help"),
        icon=":material/analytics:",
        key="room_open_app",
    ):
        st.session_state[KEY_FULL_APP] = True
        st.query_params[FULL_APP_PARAM] = "1"
        st.rerun()
