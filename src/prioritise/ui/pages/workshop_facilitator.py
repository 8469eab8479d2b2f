"""Facilitator page of a live workshop: start one from the current scenario (or return to one),
project the join code, link and QR code, watch the answers arrive, run the Delphi rounds and
export the answers.

The facilitator secret stays out of the URL (the screen is usually projected): it lives in the
browser session and in a cookie of this browser (``cookies``), so that a reload, a lost session
or a restarted server brings the dashboard back on this computer without retyping it; with the
join code it lets the facilitator return from any other device. "Leave this workshop" forgets
both.

The "Projector view" switch leaves only what faces the room: the join code and QR code, the
answer count and the results that may be shown, in large type, with no sidebar, secret,
participant list or control but the switch itself; the URL keeps it (``?projector=1``), so a
projector that reconnects stays a projector and never shows the form that starts a workshop.
The participant list and the participants' links sit behind a "Facilitator only" switch that
starts off and is never part of the projector view.
"""

from __future__ import annotations

import streamlit as st

from prioritise.scenario import ScenarioError
from prioritise.ui import access, i18n, state, widgets
from prioritise.ui.workshop import cookies
from prioritise.ui.workshop import dashboard as workshop_dashboard
from prioritise.ui.workshop import links as workshop_links
from prioritise.ui.workshop import live as workshop_live
from prioritise.ui.workshop import people as workshop_people
from prioritise.ui.workshop import room as workshop_room
from prioritise.ui.workshop import views as workshop_views
from prioritise.ui.workshop.views import attempt, store
from prioritise.workshop import Round, Workshop, WorkshopError
from prioritise.workshop.results import participants_scenario

PAGE = "workshop_facilitator"
KEY_CODE = "wf_code"
KEY_SECRET = "wf_secret"
KEY_PROJECTOR = "wf_projector"
KEY_PRIVATE = "wf_facilitator_only"
KEY_NAMES = "wf_export_names"
KEY_COOKIE = "wf_cookie"
PROJECTOR_BOX = "wf_projector_view"
PROJECTOR_PARAM = "projector"
COOKIE = "facilitator"
FORGET, FORGOTTEN = "forget", "forgotten"
# Large type for the room, scoped to the projector view's container; no text from anyone.
PROJECTOR_CSS = f"""<style>
[data-testid="stSidebar"], [data-testid="stExpandSidebarButton"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"] {{ display: none; }}
[data-testid="stMainBlockContainer"] {{ padding-top: 2rem; }}
.st-key-{PROJECTOR_BOX} p, .st-key-{PROJECTOR_BOX} li {{ font-size: 1.5rem; }}
.st-key-{PROJECTOR_BOX} [data-testid="stText"] {{ font-size: 2.2rem; }}
.st-key-{PROJECTOR_BOX} h2, .st-key-{PROJECTOR_BOX} h3 {{ font-size: 2.2rem; }}
.st-key-{PROJECTOR_BOX} table {{ font-size: 1.5rem; }}
.st-key-{PROJECTOR_BOX} [data-testid="stMetricLabel"] p {{ font-size: 1.6rem; }}
.st-key-{PROJECTOR_BOX} [data-testid="stMetricValue"] {{ font-size: 3.5rem; }}
.st-key-{PROJECTOR_BOX} .st-key-wf_answer_count [data-testid="stMetricValue"] {{
  font-size: 9rem; line-height: 1.1; }}
.st-key-{PROJECTOR_BOX} [data-testid="stMetricValue"] p,
.st-key-{PROJECTOR_BOX} [data-testid="stMetricValue"] div {{
  font-size: inherit; line-height: inherit; }}
</style>"""

tr = i18n.page_text("workshop_facilitator")


def _start_or_return() -> None:
    scenario = state.current()
    new, back = st.tabs([tr("tab_new"), tr("tab_return")], key="facilitator_tabs")
    with new:
        name = scenario.scenario.name_in(i18n.current_language())
        st.caption(tr("new_intro", scenario=name))
        with st.form("wf_create"):
            title = st.text_input(tr("workshop_title"), value=name, max_chars=200, key="wf_title")
            create = st.form_submit_button(tr("create"), type="primary")
        if create and access.unlocked():
            made = attempt(lambda: store().create_workshop(title, state.current_text()))
            if made is not None:
                _remember(made[1], made[2])
    with back:
        _return_form()


def _return_form() -> None:
    with st.form("wf_return"):
        code = st.text_input(tr("code"), max_chars=32, key="wf_return_code")
        secret = st.text_input(tr("secret"), type="password", max_chars=200, key="wf_return_secret")
        opened = st.form_submit_button(tr("open"), type="primary")
    if opened:
        workshop = attempt(lambda: store().verify_facilitator(code, secret.strip()))
        if workshop is not None:
            _remember(workshop.join_code, secret.strip())


def _remember(join_code: str, secret: str) -> None:
    st.session_state[KEY_CODE] = join_code
    st.session_state[KEY_SECRET] = secret
    st.rerun()


def _forget() -> None:
    for key in (KEY_CODE, KEY_SECRET):
        st.session_state.pop(key, None)
    st.session_state[KEY_COOKIE] = FORGET


def _from_cookie() -> None:
    """Bring back the workshop this browser facilitates, unless it was left in this session."""
    if st.session_state.get(KEY_COOKIE) in (FORGET, FORGOTTEN):
        return
    kept = cookies.read(COOKIE)
    code, _, secret = (kept or "").partition(":")
    if not code or not secret:
        return
    try:
        workshop = store().verify_facilitator(code, secret)
    except WorkshopError:  # a workshop gone or a secret changed: the forms below
        return
    st.session_state[KEY_CODE] = workshop.join_code
    st.session_state[KEY_SECRET] = secret
    st.session_state[KEY_COOKIE] = workshop.join_code  # the browser has it already


def _keep_in_browser(code: str, secret: str) -> None:
    """Write (once per session) or remove the cookie that brings the dashboard back."""
    if st.session_state.get(KEY_COOKIE) == FORGET:
        cookies.forget(COOKIE)
        st.session_state[KEY_COOKIE] = FORGOTTEN
    elif code and secret and st.session_state.get(KEY_COOKIE) != code:
        cookies.remember(COOKIE, f"{code}:{secret}")
        st.session_state[KEY_COOKIE] = code


def _projector_switch() -> bool:
    """The projector view's switch, kept in the URL across reconnections."""
    asked = st.query_params.get(PROJECTOR_PARAM) == "1"
    if KEY_PROJECTOR not in st.session_state:
        st.session_state[KEY_PROJECTOR] = asked
    on = st.toggle(tr("projector"), help=tr("projector_help"), key=KEY_PROJECTOR)
    if on != asked:
        if on:
            st.query_params[PROJECTOR_PARAM] = "1"
        else:
            del st.query_params[PROJECTOR_PARAM]
    return on


def _projection(workshop: Workshop, secret: str, projector: bool = False) -> None:
    root = workshop_room.join_root(PAGE)
    link = workshop_views.join_link(root.url, workshop.join_code, i18n.current_language())
    st.text(workshop.title)
    left, right = st.columns([3, 2])
    with left:
        st.subheader(tr("project_head"), anchor=False)
        st.metric(tr("code"), workshop_views.pretty_code(workshop.join_code))
        st.caption(tr("project_link"))
        st.code(link, language=None)
        if not projector:  # how the link was chosen is for the facilitator, not the room
            workshop_room.show_join_root(root)
    with right:
        st.image(workshop_views.qr_png(link), width=260, output_format="PNG")  # no JPEG blur
    if projector:  # the secret never reaches the wall
        return
    st.warning(tr("secret_warning"), icon=":material/key:")
    with st.expander(tr("secret_show")):  # closed: the screen is often projected
        st.code(secret, language=None)
        st.download_button(
            tr("secret_file"),
            tr(
                "secret_file_text",
                title=workshop.title,
                code=workshop.join_code,
                link=link,
                secret=secret,
            ),
            file_name=f"workshop-{workshop.join_code}.txt",
            mime="text/plain",
            icon=":material/download:",
            key="wf_secret_file",
            on_click="ignore",
        )


def _rounds(workshop: Workshop, secret: str, current: Round) -> None:
    st.subheader(tr("round_head"), anchor=False)
    number = current.number
    if current.state == "open":
        st.info(tr("round_is_open", round=number), icon=":material/how_to_vote:")
        left, right = st.columns(2)
        sure = left.checkbox(tr("confirm_close", round=number), key=f"wf_sure_close:{number}")
        clicked = left.button(
            tr("close", round=number),
            disabled=not sure,
            icon=":material/lock:",
            key=f"wf_close:{number}",
        )
        if clicked and attempt(lambda: store().close_round(workshop.join_code, secret)) is not None:
            state.notify(tr("closed", round=number), "success")
            st.rerun()
    else:
        st.warning(tr("round_is_closed", round=number), icon=":material/lock:")
        right = st.container()
    # what opening shows the room, said above a confirmation short enough for half the page
    right.caption(tr("next_shows", round=number, next=number + 1))
    sure_next = right.checkbox(tr("confirm_next", next=number + 1), key=f"wf_sure_next:{number}")
    if right.button(
        tr("next", next=number + 1),
        disabled=not sure_next,
        help=tr("next_help"),
        icon=":material/skip_next:",
        key=f"wf_next:{number}",
    ):
        with st.spinner(tr("working")):
            summary = attempt(
                lambda: workshop_live.next_round_summary(workshop.join_code, secret, number)
            )
        opened = attempt(lambda: store().open_next_round(workshop.join_code, secret, summary))
        if opened is not None:
            state.notify(tr("opened", round=opened.number), "success")
            st.rerun()


def _exports(workshop: Workshop, secret: str) -> None:
    st.subheader(tr("export_head"), anchor=False)
    modes = ("replace", "add")
    mode = st.radio(
        tr("export_mode"),
        modes,
        horizontal=True,
        key=state.worded("wf_export_mode"),
        format_func=i18n.labels_for(modes, lambda m: tr(f"mode_{m}")),
    )
    keep = mode == "add"
    names = st.checkbox(tr("export_names"), help=tr("export_names_help"), key=KEY_NAMES)
    code, scenario_toml = workshop.join_code, workshop.scenario_toml
    left, middle, right = st.columns(3)
    # Deferred downloads: the files are made when clicked, with the answers of that moment.
    left.download_button(
        tr("download_toml"),
        lambda: workshop_views.export_toml(store(), code, secret, scenario_toml, keep, names),
        file_name=f"workshop-{code}.toml",
        mime="application/toml",
        icon=":material/download:",
        key="wf_download_toml",
        on_click="ignore",
    )
    middle.download_button(
        tr("download_csv"),
        lambda: workshop_views.export_csv(store(), code, secret, names, scenario_toml),
        file_name=f"workshop-{code}.csv",
        mime="text/csv",
        icon=":material/table:",
        key="wf_download_csv",
        on_click="ignore",
    )
    if right.button(tr("adopt"), help=tr("adopt_help"), icon=":material/input:", key="wf_adopt"):
        rows = attempt(lambda: store().all_submissions(code, secret))
        if rows is not None and not rows:
            st.info(tr("no_answers"))
        elif rows:
            try:
                scenario = participants_scenario(
                    workshop_views.workshop_scenario(scenario_toml),
                    rows,
                    keep_existing=keep,
                    with_names=names,
                )
            except ScenarioError as exc:  # answers the scenario's checks refuse
                widgets.show_problems(exc.problems, tr("adopt_failed"))
                return
            state.replace(scenario, origin=state.workshop_origin(workshop_views.pretty_code(code)))
            state.notify(tr("adopted"), "success")
            st.rerun()
    st.caption(tr("export_note"))


def _facilitator_only(workshop: Workshop, secret: str) -> None:
    """The participant list, behind a switch that starts off on every page load."""
    if not st.toggle(tr("private"), help=tr("private_help"), key=KEY_PRIVATE):
        return
    st.error(tr("private_banner"), icon=":material/visibility:")
    workshop_people.live_participants(workshop.join_code, secret)
    root = workshop_room.join_root(PAGE).url
    link = workshop_views.join_link(root, workshop.join_code, i18n.current_language())
    workshop_links.participant_links(workshop.join_code, secret, link)


def _projector(workshop: Workshop, secret: str) -> None:
    """What faces the room, in large type (see the module docs)."""
    st.set_page_config(initial_sidebar_state="collapsed")
    st.html(PROJECTOR_CSS)
    with st.container(key=PROJECTOR_BOX):
        _projection(workshop, secret, projector=True)
        workshop_dashboard.live_dashboard(workshop.join_code, secret, projector=True)


def _signed_out_projector() -> None:
    """A projector whose session was lost and whose browser keeps no sign-in: never the form
    that starts a workshop, only a way back in."""
    st.info(tr("projector_lost"), icon=":material/cast:")
    _return_form()


def render() -> None:
    projecting = st.session_state.get(KEY_PROJECTOR, st.query_params.get(PROJECTOR_PARAM) == "1")
    if not projecting:  # the projector view has no room to spare
        st.title(tr("title"), anchor=False)
    if not st.session_state.get(KEY_CODE) or not st.session_state.get(KEY_SECRET):
        _from_cookie()
    code = st.session_state.get(KEY_CODE)
    secret = st.session_state.get(KEY_SECRET)
    _keep_in_browser(code or "", secret or "")
    if not code or not secret:
        if projecting:
            _signed_out_projector()
            return
        st.caption(tr("intro"))
        _start_or_return()
        return
    try:
        workshop = store().verify_facilitator(code, secret)
        current = store().current_round(code)
    except WorkshopError as exc:
        st.error(workshop_views.error_message(exc))
        if st.button(tr("leave"), key="wf_leave_failed"):
            _forget()
            st.rerun()
        return
    if _projector_switch():
        _projector(workshop, secret)
        return
    _projection(workshop, secret)
    st.divider()
    workshop_dashboard.live_dashboard(workshop.join_code, secret)
    st.divider()
    _rounds(workshop, secret, current)
    st.divider()
    _exports(workshop, secret)
    st.divider()
    _facilitator_only(workshop, secret)
    st.divider()
    # One click would lose the dashboard in front of the room: leaving is confirmed first,
    # as closing a round is.
    sure = st.checkbox(tr("confirm_leave"), key="wf_sure_leave")
    if st.button(tr("leave"), help=tr("leave_help"), key="wf_leave", disabled=not sure):
        _forget()
        st.rerun()


if __name__ in ("__main__", "__page__"):
    render()
